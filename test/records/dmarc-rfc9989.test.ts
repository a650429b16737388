import { strict as assert } from 'node:assert';
import { isDmarcRecord, parseDmarc } from '../../src/records/dmarc';
import {
  discoverPolicy,
  organisationalDomainByWalk,
  treeWalkTargets,
  type DmarcLookup,
} from '../../src/records/dmarc-tree-walk';
import { gatherDmarc } from '../../src/engine/facts/dmarc';
import { checkDmarcExist, checkDmarcExternal, checkDmarcPolicy } from '../../src/engine/checks/dmarc';
import { ZoneResolver, txt, type ZoneEntry } from '../support/zone-resolver';

/** Every rule below is read from RFC 9989's text (§4.7 tags, §4.8 grammar, §4.10 tree walk). */

const codes = (r: ReturnType<typeof parseDmarc>): string[] => (r.ok ? r.warnings : r.problems).map((p) => p.code);

function lookups(entries: Record<string, Partial<DmarcLookup> & { txt?: string[] }>): Map<string, DmarcLookup> {
  return new Map(
    Object.entries(entries).map(([domain, l]) => [
      domain,
      { domain, outcome: l.outcome ?? (l.txt?.length ? 'answer' : 'nxdomain'), txt: l.txt ?? [] },
    ]),
  );
}

async function dmarc(domain: string, zone: Record<string, ZoneEntry[]>) {
  const facts = await gatherDmarc(new ZoneResolver(zone), domain);
  return { facts, exist: checkDmarcExist(facts), policy: checkDmarcPolicy(facts), ext: checkDmarcExternal(facts) };
}

/** A name that answers SERVFAIL (a CNAME loop, as a broken zone would). */
const servfail = (name: string): Record<string, ZoneEntry[]> => ({
  [name]: [{ type: 'CNAME', data: `loop.${name}` }],
  [`loop.${name}`]: [{ type: 'CNAME', data: name }],
});

describe('DMARC records by RFC 9989', () => {
  it('the version value DMARC1 is case-sensitive and must open the record; the tag name is not', () => {
    assert.equal(isDmarcRecord('v=DMARC1; p=reject'), true);
    assert.equal(isDmarcRecord('V = DMARC1; p=reject'), true);
    assert.equal(isDmarcRecord('v=dmarc1; p=reject'), false);
    assert.equal(isDmarcRecord('v=Dmarc1; p=reject'), false);
    assert.equal(isDmarcRecord(' v=DMARC1; p=reject'), false);
    assert.equal(isDmarcRecord('\tv=DMARC1; p=reject'), false);
    assert.equal(isDmarcRecord('v=DMARC10; p=reject'), false);
    assert.equal(parseDmarc('v=dmarc1; p=reject').ok, false);
  });

  it('pct, rf and ri are removed: ignored with a warning, even with values RFC 7489 refused', () => {
    const r = parseDmarc('v=DMARC1; p=reject; pct=150; rf=bogus format; ri=-1');
    assert.ok(r.ok);
    assert.deepEqual(codes(r), ['removed_pct', 'removed_rf', 'removed_ri']);
    const half = parseDmarc('v=DMARC1; p=reject; pct=50');
    assert.ok(half.ok && half.record.pct === 50, 'a valid pct is still shown: RFC 7489 receivers honour it');
  });

  it('unknown tags are ignored; the order after v is free (only older receivers are warned about)', () => {
    const r = parseDmarc('v=DMARC1; rua=mailto:d@x.nl; future=1; p=quarantine');
    assert.ok(r.ok && r.record.p === 'quarantine');
    assert.deepEqual(codes(r), ['unknown_tag', 'p_not_second']);
    assert.deepEqual(codes(parseDmarc('p=reject; v=DMARC1')), ['not_dmarc_record']);
  });

  it('a missing or invalid p is read as none when aggregate reports are asked for, else the record has no policy', () => {
    const missing = parseDmarc('v=DMARC1; rua=mailto:d@x.nl');
    assert.ok(missing.ok && missing.record.p === undefined);
    assert.deepEqual(codes(missing), ['missing_p_read_as_none']);
    const invalid = parseDmarc('v=DMARC1; p=block; rua=mailto:d@x.nl');
    assert.ok(invalid.ok);
    assert.deepEqual(codes(invalid), ['invalid_p_read_as_none']);
    assert.deepEqual(codes(parseDmarc('v=DMARC1; p=block')), ['invalid_p']);
  });
});

describe('the DNS Tree Walk (RFC 9989 §4.10)', () => {
  it('walks up to the top-level domain, and jumps to seven labels from a longer name: never more than eight queries', () => {
    assert.deepEqual(treeWalkTargets('a.b.gemeente.nl'), ['a.b.gemeente.nl', 'b.gemeente.nl', 'gemeente.nl', 'nl']);
    assert.deepEqual(treeWalkTargets('nl'), ['nl']);
    const deep = 'l10.l9.l8.l7.l6.l5.l4.l3.gemeente.nl';
    const t = treeWalkTargets(deep);
    assert.equal(t.length, 8);
    assert.deepEqual(t.slice(0, 2), [deep, 'l7.l6.l5.l4.l3.gemeente.nl']);
    assert.equal(t[7], 'nl');
    for (let n = 1; n <= 40; n++)
      assert.ok(treeWalkTargets(Array.from({ length: n }, (_, i) => `x${i}`).join('.')).length <= 8);
  });

  it('policy discovery takes the first name with exactly one DMARC record; several discard each other', () => {
    const d = discoverPolicy(
      'a.b.gemeente.nl',
      lookups({
        'a.b.gemeente.nl': { txt: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] },
        'b.gemeente.nl': { txt: ['v=spf1 -all'] },
        'gemeente.nl': { txt: ['v=DMARC1; p=quarantine'] },
        nl: {},
      }),
    );
    assert.equal(d.foundOn, 'gemeente.nl');
    assert.deepEqual(
      d.walk.map((s) => s.dmarcRecords),
      [2, 0, 1],
    );
  });

  it('a lookup that failed stops the walk: the policy is unknown, not "no record"', () => {
    const d = discoverPolicy(
      'b.gemeente.nl',
      lookups({ 'b.gemeente.nl': {}, 'gemeente.nl': { outcome: 'timeout' }, nl: {} }),
    );
    assert.equal(d.record, undefined);
    assert.deepEqual(d.fault, { lookup: '_dmarc.gemeente.nl TXT', dns: 'timeout' });
  });

  it('the Organizational Domain: psd=n, psd=y one label below, the fewest labels, or the domain itself', () => {
    const base = {
      'mail.dienst.gemeente.nl': {},
      'dienst.gemeente.nl': { txt: ['v=DMARC1; p=reject'] },
      'gemeente.nl': { txt: ['v=DMARC1; p=reject'] },
      nl: {},
    };
    assert.deepEqual(pick(organisationalDomainByWalk('mail.dienst.gemeente.nl', lookups(base))), [
      'gemeente.nl',
      'fewest_labels',
    ]);
    const psdN = { ...base, 'dienst.gemeente.nl': { txt: ['v=DMARC1; p=reject; psd=n'] } };
    assert.deepEqual(pick(organisationalDomainByWalk('mail.dienst.gemeente.nl', lookups(psdN))), [
      'dienst.gemeente.nl',
      'psd_n',
    ]);
    const psdY = {
      'a.b.example.gov': {},
      'b.example.gov': {},
      'example.gov': {},
      gov: { txt: ['v=DMARC1; p=reject; psd=y'] },
    };
    assert.deepEqual(pick(organisationalDomainByWalk('a.b.example.gov', lookups(psdY))), [
      'example.gov',
      'psd_y_below',
    ]);
    assert.deepEqual(
      pick(
        organisationalDomainByWalk(
          'a.b.example.gov',
          lookups({ 'a.b.example.gov': {}, 'b.example.gov': {}, 'example.gov': {}, gov: {} }),
        ),
      ),
      ['a.b.example.gov', 'no_record'],
    );
    const lost = organisationalDomainByWalk(
      'mail.dienst.gemeente.nl',
      lookups({ ...base, nl: { outcome: 'servfail' } }),
    );
    assert.equal(lost.domain, undefined);
    assert.equal(lost.fault?.dns, 'servfail');
  });
});

function pick(o: { domain?: string; rule?: string }): [string | undefined, string | undefined] {
  return [o.domain, o.rule];
}

describe('the DMARC tests over the tree walk, with Internet.nl beside them', () => {
  it('a deep subdomain inherits the record of a parent the Public Suffix List would skip, and says where', async () => {
    const r = await dmarc('post.afdeling.gemeente.nl', {
      '_dmarc.afdeling.gemeente.nl': [txt('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@gemeente.nl')],
      '_dmarc.gemeente.nl': [txt('v=DMARC1; p=none; rua=mailto:d@gemeente.nl')],
    });
    assert.equal(r.exist.status, 'passed');
    assert.equal(r.exist.reason, 'found_on_org_domain');
    assert.equal(r.exist.details.foundOn, 'afdeling.gemeente.nl');
    assert.deepEqual(
      (r.exist.details.walk as { name: string }[]).map((s) => s.name),
      ['_dmarc.post.afdeling.gemeente.nl', '_dmarc.afdeling.gemeente.nl'],
    );
    assert.equal(r.policy.status, 'passed');
    assert.equal(r.policy.details.policy, 'quarantine', 'sp applies to a subdomain');
    // Internet.nl reads gemeente.nl (the PSL organisational domain): p=none → failed, 2 points.
    assert.deepEqual(r.policy.details.internetnl, { status: 'failed', reason: 'policy_none' });
    assert.equal(r.policy.points, 2);
    assert.equal(r.exist.details.internetnl, undefined, 'both find a record: same status, nothing beside it');
  });

  it("v=dmarc1 is no record for RFC 9989 but one for Internet.nl: the difference is shown with Internet.nl's points", async () => {
    const r = await dmarc('klein.nl', { '_dmarc.klein.nl': [txt('v=dmarc1; p=reject')] });
    assert.equal(`${r.exist.status}:${r.exist.reason}`, 'failed:no_record');
    assert.deepEqual(r.exist.details.internetnl, { status: 'passed', reason: 'record_found', foundOn: 'klein.nl' });
    assert.equal(r.exist.points, 10);
    assert.equal(`${r.policy.status}:${r.policy.reason}`, 'failed:no_record');
    assert.deepEqual(r.policy.details.internetnl, { status: 'passed', reason: 'policy_reject' });
  });

  it('a public suffix policy (psd=y) is found by the walk: passed for RFC 9989, no record for Internet.nl', async () => {
    const r = await dmarc('dienst.example.gov', { '_dmarc.gov': [txt('v=DMARC1; p=reject; psd=y')] });
    assert.equal(`${r.exist.status}:${r.exist.reason}`, 'passed:found_on_psd');
    assert.deepEqual(r.exist.details.internetnl, { status: 'failed', reason: 'no_record' });
    assert.equal(r.exist.points, 0);
    assert.equal(r.policy.details.policy, 'reject');
  });

  it("several records of its own are void (RFC 9989 discards them): exist fails; the policy in force is the parent's", async () => {
    const zone = {
      '_dmarc.sub.gemeente.nl': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')],
      '_dmarc.gemeente.nl': [txt('v=DMARC1; p=reject')],
    };
    const r = await dmarc('sub.gemeente.nl', zone);
    assert.equal(`${r.exist.status}:${r.exist.reason}`, 'failed:multiple_records');
    assert.equal(`${r.policy.status}:${r.policy.reason}`, 'passed:policy_reject');
    assert.equal(r.policy.details.foundOn, 'gemeente.nl');
    assert.ok((r.policy.details.notes as string[]).includes('own_records_discarded'));
    assert.deepEqual(r.policy.details.internetnl, { status: 'failed', reason: 'multiple_records' });
    const alone = await dmarc('sub.gemeente.nl', { '_dmarc.sub.gemeente.nl': zone['_dmarc.sub.gemeente.nl'] });
    assert.equal(`${alone.policy.status}:${alone.policy.reason}`, 'failed:multiple_records');
  });

  it('a record with reports but no p is policy none (failed), with the note', async () => {
    const r = await dmarc('zonderp.nl', { '_dmarc.zonderp.nl': [txt('v=DMARC1; rua=mailto:d@zonderp.nl')] });
    assert.equal(`${r.policy.status}:${r.policy.reason}`, 'failed:policy_none');
    assert.ok((r.policy.details.notes as string[]).includes('missing_p_read_as_none'));
    assert.deepEqual(r.policy.details.internetnl, undefined, 'Internet.nl fails it too (missing p)');
  });

  it('np weaker than the policy is noted; the status is unchanged', async () => {
    const r = await dmarc('open.nl', { '_dmarc.open.nl': [txt('v=DMARC1; p=reject; np=none; rua=mailto:d@open.nl')] });
    assert.equal(r.policy.status, 'passed');
    assert.ok((r.policy.details.notes as string[]).includes('np_weaker'));
  });

  it('a SERVFAIL on a parent in the walk leaves the policy unknown (error), never "no record"', async () => {
    const r = await dmarc('sub.gemeente.nl', servfail('_dmarc.gemeente.nl'));
    assert.equal(`${r.exist.status}:${r.exist.reason}`, 'error:lookup_failed');
    assert.equal(r.exist.details.lookup, '_dmarc.gemeente.nl TXT');
    assert.equal(r.policy.status, 'error');
    assert.equal(r.ext.status, 'error');
  });

  it('an external authorisation counts only when it is itself a valid DMARC record', async () => {
    const r = await dmarc('gemeente.nl', {
      '_dmarc.gemeente.nl': [
        txt(
          'v=DMARC1; p=reject; rua=mailto:a@goed.example,mailto:b@kapot.example,mailto:c@klein.example,mailto:d@rapport.gemeente.nl',
        ),
      ],
      'gemeente.nl._report._dmarc.goed.example': [txt('v=DMARC1;')],
      'gemeente.nl._report._dmarc.kapot.example': [txt('v=DMARC1; p=block; adkim=x')],
      'gemeente.nl._report._dmarc.klein.example': [txt('v=dmarc1;')],
    });
    assert.equal(r.ext.status, 'failed');
    assert.deepEqual(r.ext.details.unauthorised, ['kapot.example', 'klein.example']);
    assert.deepEqual(
      (r.ext.details.destinations as { host: string }[]).map((d) => d.host),
      ['goed.example', 'kapot.example', 'klein.example'],
      'a host inside the Organizational Domain needs no authorisation',
    );
  });

  it('when the Organizational Domain cannot be decided, an unauthorised destination is "could not test"', async () => {
    const r = await dmarc('mail.gemeente.nl', {
      '_dmarc.mail.gemeente.nl': [txt('v=DMARC1; p=reject; rua=mailto:d@gemeente.nl')],
      ...servfail('_dmarc.gemeente.nl'),
    });
    assert.equal(r.policy.status, 'passed');
    assert.equal(`${r.ext.status}:${r.ext.reason}`, 'error:dns_error');
  });
});

describe("Internet.nl's organisational domain: the whole Public Suffix List", () => {
  it('includes the private section (github.io, uk.com), as Internet.nl does', async () => {
    const { organisationalDomain } = await import('../../src/records/psl');
    assert.equal(organisationalDomain('www.gemeente.github.io'), 'gemeente.github.io');
    assert.equal(organisationalDomain('mail.firma.uk.com'), 'firma.uk.com');
    assert.equal(organisationalDomain('post.gemeente.nl'), 'gemeente.nl');
    assert.equal(organisationalDomain('github.io'), 'github.io');
  });

  it("Internet.nl's fallback for user.github.io is user.github.io's own record, never github.io's", async () => {
    const r = await dmarc('www.gemeente.github.io', { '_dmarc.github.io': [txt('v=DMARC1; p=reject')] });
    // RFC 9989's walk finds github.io's record; Internet.nl stops at gemeente.github.io and finds none.
    assert.equal(r.exist.details.foundOn, 'github.io');
    assert.deepEqual(r.exist.details.internetnl, { status: 'failed', reason: 'no_record' });
  });
});
