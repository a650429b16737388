import { strict as assert } from 'node:assert';
import { checkDomain } from '../../src/engine/check-domain';
import { CachingResolver } from '../../src/dns/caching-resolver';
import type { Report, TestResult } from '../../src/report/types';
import type { Resolver } from '../../src/dns/types';
import { ZoneResolver, txt } from '../support/zone-resolver';
import { MUNICIPALITIES, RSA1024_SPKI, rsaSpki } from '../fixtures/zones/municipalities';

const NOW = Date.parse('2026-11-27T10:00:00Z');

async function run(
  domain: string,
  resolver: Resolver = new ZoneResolver(MUNICIPALITIES),
): Promise<{ report: Report; streamed: TestResult[] }> {
  const streamed: TestResult[] = [];
  let report: Report | undefined;
  for await (const ev of checkDomain(domain, { type: 'mail', resolver, now: () => NOW, timeoutMs: 5_000 })) {
    if (ev.kind === 'test') streamed.push(ev.result);
    else report = ev.report;
  }
  assert.ok(report, 'a report at the end');
  return { report, streamed };
}

const statusOf = (r: Report, id: string): string => `${r.tests[id]?.status}:${r.tests[id]?.reason}`;

describe('mail test: authenticity marks', () => {
  it('passes a fully compliant municipality and streams every result before the report', async () => {
    const { report, streamed } = await run('goedgemeente.nl');
    assert.deepEqual(report.categories.mail_auth, { status: 'passed', score: 100 });
    assert.equal(statusOf(report, 'mail_auth_spf_policy'), 'passed:valid_hard_fail');
    assert.equal(statusOf(report, 'mail_auth_dmarc_policy'), 'passed:policy_reject');
    assert.equal(statusOf(report, 'mail_auth_dkim_exist'), 'passed:key_found');
    assert.equal(statusOf(report, 'mail_auth_tls_rpt'), 'passed:record_valid');
    // The policy host does not exist in this fixture world: an optional test, so shown as info.
    assert.equal(statusOf(report, 'mail_auth_mta_sts'), 'info:policy_host_not_found');
    assert.deepEqual((report.tests.mail_auth_dkim_exist?.details.keys as unknown[])[0], {
      selector: 'selector1',
      keyType: 'rsa',
      revoked: false,
      testing: false,
      bits: 2048,
    });
    assert.equal(streamed.length, Object.keys(report.tests).length);
    assert.deepEqual(report.custom.mx_hosts, ['mx1.provider.example', 'mx2.provider.example']);
    assert.equal(report.custom.mail_non_sending_domain, false);
    assert.deepEqual(report.pending, [], 'every mail test id of the contract is run');
    assert.equal(report.startedAt, '2026-11-27T10:00:00.000Z');
  });

  it('fails p=none, ?all and a missing _domainkey, keeping partial points as Internet.nl does', async () => {
    const { report } = await run('zwakgemeente.nl');
    assert.equal(statusOf(report, 'mail_auth_spf_policy'), 'failed:invalid_all');
    assert.equal(report.tests.mail_auth_spf_policy?.details.all, '?all');
    assert.equal(statusOf(report, 'mail_auth_dmarc_policy'), 'failed:policy_none');
    assert.equal(statusOf(report, 'mail_auth_dkim_exist'), 'failed:no_domainkey');
    assert.equal(report.tests.mail_auth_dkim_exist?.details.evidence, 'absent');
    // External rua without authorisation: recommended, so a failure shows as a warning.
    assert.equal(statusOf(report, 'mail_auth_dmarc_ext_destination'), 'warning:external_not_authorised');
    // SPF and DMARC exist (10 + 10), partial policies (2 + 2), DKIM 0: 24 of 50.
    assert.deepEqual(report.categories.mail_auth, { status: 'failed', score: 48 });
  });

  it('counts every DNS-querying term (a:host and a/24 too) through nested includes', async () => {
    const { report } = await run('drukgemeente.nl');
    const d = report.tests.mail_auth_spf_policy?.details as {
      lookups: number;
      voidLookups: number;
      tree: { total: number; children: { domain: string; total: number }[] };
    };
    assert.equal(statusOf(report, 'mail_auth_spf_policy'), 'failed:max_dns_lookups');
    assert.equal(d.lookups, 11);
    assert.equal(d.tree.total, 11);
    assert.deepEqual(
      d.tree.children.map((c) => [c.domain, c.total]),
      [
        ['inc1.drukgemeente.nl', 3],
        ['inc2.drukgemeente.nl', 2],
      ],
    );
    assert.equal(d.voidLookups, 1, 'mx:provider.example has no MX');
    // Internet.nl misses a/24, a:mx1… and a:mx2…: 8, under its limit, where receivers see 11.
    assert.equal(report.tests.mail_auth_spf_policy?.details.internetnlLookups, 8);
    assert.deepEqual(report.tests.mail_auth_dkim_exist?.details.notes, ['rsa_key_below_2048']);
  });

  it('fails two SPF records, and inherits DMARC from the organisational domain using sp', async () => {
    const { report } = await run('sub.dubbelgemeente.nl');
    assert.equal(statusOf(report, 'mail_auth_spf_exist'), 'failed:multiple_records');
    assert.equal(statusOf(report, 'mail_auth_dmarc_exist'), 'passed:found_on_org_domain');
    assert.equal(report.tests.mail_auth_dmarc_policy?.details.foundOn, 'dubbelgemeente.nl');
    assert.equal(report.tests.mail_auth_dmarc_policy?.details.policy, 'quarantine');
    // _domainkey exists (NOERROR) but no common selector: Internet.nl's pass, evidence "not verifiable".
    assert.equal(statusOf(report, 'mail_auth_dkim_exist'), 'passed:domainkey_exists');
    assert.equal(report.tests.mail_auth_dkim_exist?.details.evidence, 'not_verifiable');
  });

  it('recognises a non-sending domain: null MX, SPF -all, DMARC reject, DKIM not needed', async () => {
    const { report } = await run('geenmail.nl');
    assert.equal(report.custom.mail_non_sending_domain, true);
    assert.equal(report.custom.mx_status, 'null_mx');
    assert.equal(report.custom.mail_servers_testable_status, 'no_mx');
    assert.equal(statusOf(report, 'mail_auth_dkim_exist'), 'not_tested:not_needed_non_sending');
    assert.equal(statusOf(report, 'mail_auth_tls_rpt'), 'not_tested:no_mail_servers');
    assert.equal(report.categories.mail_auth?.score, 100, 'not needed earns full points');
  });

  it('names an include loop and counts void lookups against the limit of two', async () => {
    const loop = await run('lusgemeente.nl');
    assert.equal(statusOf(loop.report, 'mail_auth_spf_policy'), 'failed:include_loop');
    const empty = await run('leeggemeente.nl');
    assert.equal(statusOf(empty.report, 'mail_auth_spf_policy'), 'failed:max_void_lookups');
    assert.equal(empty.report.tests.mail_auth_spf_policy?.details.voidLookups, 3);
  });

  it('accepts an external authorisation without the trailing ";" and names the one missing', async () => {
    const { report } = await run('extgemeente.nl');
    const t = report.tests.mail_auth_dmarc_ext_destination;
    assert.equal(t?.status, 'warning');
    assert.deepEqual(t?.details.unauthorised, ['nietgemachtigd.example']);
    assert.deepEqual(
      (t?.details.destinations as { host: string; authorised: boolean }[]).map((d) => [d.host, d.authorised]),
      [
        ['rapport.example', true],
        ['nietgemachtigd.example', false],
      ],
    );
  });

  it('keeps DMARC t=y one level weaker and notes pct below 100', async () => {
    const zone = new ZoneResolver({
      'test1.nl': [txt('v=spf1 -all')],
      '_dmarc.test1.nl': [txt('v=DMARC1; p=quarantine; t=y')],
      'test2.nl': [txt('v=spf1 -all')],
      '_dmarc.test2.nl': [txt('v=DMARC1; p=reject; pct=20')],
    });
    assert.equal(
      statusOf((await run('test1.nl', zone)).report, 'mail_auth_dmarc_policy'),
      'failed:test_mode_weakens_policy',
    );
    const r2 = (await run('test2.nl', zone)).report;
    assert.equal(statusOf(r2, 'mail_auth_dmarc_policy'), 'passed:policy_reject');
    assert.deepEqual(r2.tests.mail_auth_dmarc_policy?.details.notes, ['pct_below_100', 'no_aggregate_reports']);
  });

  it('fails DKIM when every key is under 1024 bits, and sees through a wildcard', async () => {
    const weak = rsaSpki(768);
    const zone = new ZoneResolver({
      'weak.nl': [txt('v=spf1 -all')],
      'selector1._domainkey.weak.nl': [txt(`v=DKIM1; p=${weak}`)],
      'wild.nl': [txt('v=spf1 -all')],
      '*._domainkey.wild.nl': [],
      'google._domainkey.wild.nl': [txt(`v=DKIM1; p=${RSA1024_SPKI}`)],
    });
    // The zone fake has no wildcard synthesis; answer the random probe the way a wildcard would.
    const original = zone.query.bind(zone);
    zone.query = (name, type, o) =>
      /^mc-[0-9a-f]+\._domainkey\.wild\.nl$/.test(name) ||
      /^(selector1|selector2|default)\._domainkey\.wild\.nl$/.test(name)
        ? original('wildcard-target.nl', type, o).then((r) => ({
            ...r,
            name,
            outcome: 'answer' as const,
            records: [{ name, type: 'TXT', ttl: 60, data: [Buffer.from('v=spf1 -all')] }],
          }))
        : original(name, type, o);
    assert.equal(statusOf((await run('weak.nl', zone)).report, 'mail_auth_dkim_exist'), 'failed:key_too_small');
    const wild = (await run('wild.nl', zone)).report.tests.mail_auth_dkim_exist;
    assert.equal(wild?.reason, 'key_found');
    assert.equal(wild?.details.wildcard, true);
    assert.deepEqual(
      (wild?.details.keys as { selector: string }[]).map((k) => k.selector),
      ['google'],
    );
  });

  it('reports DNS trouble as "could not test", never as a verdict', async () => {
    const zone = new ZoneResolver({
      'traag.nl': ['TIMEOUT'],
      '_dmarc.traag.nl': ['TIMEOUT'],
      '_domainkey.traag.nl': ['TIMEOUT'],
    });
    const { report } = await run('traag.nl', zone);
    assert.equal(statusOf(report, 'mail_auth_spf_exist'), 'error:dns_error');
    assert.equal(statusOf(report, 'mail_auth_dmarc_exist'), 'error:lookup_failed');
    assert.equal(statusOf(report, 'mail_auth_dmarc_policy'), 'error:lookup_failed', 'a lost lookup is not "no record"');
    assert.equal(statusOf(report, 'mail_auth_dmarc_ext_destination'), 'error:lookup_failed');
    assert.ok(['error:dns_error', 'error:lookup_failed'].includes(statusOf(report, 'mail_auth_dkim_exist')));
    assert.equal(report.categories.mail_auth?.status, 'error');
  });

  it('shares one DNS cache across a run: the provider include is fetched once for many domains', async () => {
    const zone = new ZoneResolver(MUNICIPALITIES);
    const cache = new CachingResolver(zone, { now: () => NOW });
    await Promise.all(['goedgemeente.nl', 'drukgemeente.nl', 'extgemeente.nl'].map((d) => run(d, cache)));
    assert.equal(zone.log.filter((q) => q.name === 'spf.provider.example' && q.type === 'TXT').length, 1);
  });
});

describe('mail_auth_dkim_exist does not pass on a key that cannot verify anything', () => {
  it("32 Ed25519 bytes published under k=rsa: failed key_unusable, with Internet.nl's pass beside it", async () => {
    const ed = Buffer.alloc(32, 9).toString('base64');
    const zone = new ZoneResolver({
      'kapotsleutel.nl': [txt('v=spf1 -all')],
      '_dmarc.kapotsleutel.nl': [txt('v=DMARC1; p=quarantine')],
      'selector1._domainkey.kapotsleutel.nl': [txt(`v=DKIM1; k=rsa; p=${ed}`)],
    });
    const { report } = await run('kapotsleutel.nl', zone);
    assert.equal(statusOf(report, 'mail_auth_dkim_exist'), 'failed:key_unusable');
    assert.deepEqual(report.tests.mail_auth_dkim_exist?.details.internetnl, {
      status: 'passed',
      reason: 'domainkey_exists',
    });
  });
});

describe('mail_auth_spf_policy asks the RFC 7208 check_host() too (issue 15 item 5)', () => {
  it('two /1 ranges cover every IPv4 sender: no single term says +all, check_host() lets 192.0.2.1 through', async () => {
    const zone = new ZoneResolver({
      'helften.nl': [txt('v=spf1 ip4:0.0.0.0/1 ip4:128.0.0.0/1 -all')],
      '_dmarc.helften.nl': [txt('v=DMARC1; p=reject')],
    });
    const { report } = await run('helften.nl', zone);
    const t = report.tests.mail_auth_spf_policy;
    assert.equal(`${t?.status}:${t?.reason}`, 'failed:policy_allows_any');
    assert.equal(t?.details.allowed, '192.0.2.1');
    assert.equal(t?.details.term, 'ip4:128.0.0.0/1');
    const probes = t?.details.checkHost as { ip: string; result: string }[];
    assert.deepEqual(
      probes.map((p) => `${p.ip}=${p.result}`),
      ['192.0.2.1=pass', '2001:db8::1=fail'],
    );
  });

  it("a compliant record: check_host() fails the documentation addresses, the verdict is the tree's", async () => {
    const { report } = await run('goedgemeente.nl');
    const probes = report.tests.mail_auth_spf_policy?.details.checkHost as { result: string }[];
    assert.ok(
      probes.every((p) => p.result === 'fail' || p.result === 'softfail'),
      JSON.stringify(probes),
    );
    assert.equal(report.tests.mail_auth_spf_policy?.status, 'passed');
  });
});
