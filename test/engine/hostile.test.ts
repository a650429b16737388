import { strict as assert } from 'node:assert';
import { checkDomain } from '../../src/engine/check-domain';
import type { Report } from '../../src/report/types';
import type { DnsResult, Resolver } from '../../src/dns/types';
import { ZoneResolver, txt } from '../support/zone-resolver';

async function report(
  domain: string,
  resolver: Resolver,
  extra: { timeoutMs?: number; queryBudget?: number } = {},
): Promise<Report> {
  for await (const ev of checkDomain(domain, {
    type: 'mail',
    resolver,
    timeoutMs: extra.timeoutMs ?? 5_000,
    ...(extra.queryBudget ? { queryBudget: extra.queryBudget } : {}),
  })) {
    if (ev.kind === 'report') return ev.report;
  }
  throw new Error('no report');
}

const spf = (r: Report): string => `${r.tests.mail_auth_spf_policy?.status}:${r.tests.mail_auth_spf_policy?.reason}`;

describe('hostile DNS data ends in a clear status, in bounded time and memory', () => {
  it('a chain of 50 nested includes', async () => {
    const zone = new ZoneResolver({ 'keten.nl': [txt('v=spf1 include:i0.keten.nl -all')] });
    for (let i = 0; i < 50; i++) zone.add(`i${i}.keten.nl`, txt(`v=spf1 include:i${i + 1}.keten.nl ~all`));
    const r = await report('keten.nl', zone);
    assert.equal(spf(r), 'failed:max_dns_lookups');
    // The tree stops at its depth bound, check_host() at its ten lookups: no name past those is asked.
    assert.ok(
      new Set(zone.log.filter((q) => /^i\d+\.keten\.nl$/.test(q.name)).map((q) => q.name)).size <= 12,
      'stops following after its depth bound',
    );
  });

  it('50 includes side by side', async () => {
    const terms = Array.from({ length: 50 }, (_, i) => `include:s${i}.breed.nl`).join(' ');
    const zone = new ZoneResolver({ 'breed.nl': [txt(`v=spf1 ${terms} -all`)] });
    for (let i = 0; i < 50; i++) zone.add(`s${i}.breed.nl`, txt('v=spf1 ip4:192.0.2.1 ~all'));
    const r = await report('breed.nl', zone);
    assert.equal(spf(r), 'failed:max_dns_lookups');
    assert.equal(r.tests.mail_auth_spf_policy?.details.lookups, 50);
  });

  it('a 10 kB SPF record in 255-byte strings is read whole', async () => {
    const ranges = Array.from({ length: 600 }, (_, i) => `ip4:10.${Math.floor(i / 250)}.${i % 250}.0/24`).join(' ');
    const record = `v=spf1 ${ranges} -all`;
    assert.ok(record.length > 10_000);
    const r = await report('lang.nl', new ZoneResolver({ 'lang.nl': [txt(record)] }));
    assert.equal(spf(r), 'passed:valid_hard_fail');
    assert.equal(r.tests.mail_auth_spf_policy?.details.record, record);
  });

  it('non-ASCII bytes in SPF and DMARC', async () => {
    const zone = new ZoneResolver({
      'raar.nl': [
        {
          type: 'TXT',
          data: [Buffer.from([0x76, 0x3d, 0x73, 0x70, 0x66, 0x31, 0x20, 0xef, 0xbb, 0xbf, 0x2d, 0x61, 0x6c, 0x6c])],
        },
      ],
      '_dmarc.raar.nl': [{ type: 'TXT', data: [Buffer.from('v=DMARC1; p=rej\u00e9ct', 'latin1')] }],
    });
    const r = await report('raar.nl', zone);
    assert.equal(spf(r), 'failed:invalid_syntax');
    assert.equal(r.tests.mail_auth_dmarc_policy?.reason, 'invalid_syntax');
  });

  it('a CNAME loop at _dmarc and _domainkey', async () => {
    const zone = new ZoneResolver({
      'lus.nl': [txt('v=spf1 -all')],
      '_dmarc.lus.nl': [{ type: 'CNAME', data: 'a.lus.nl' }],
      'a.lus.nl': [{ type: 'CNAME', data: '_dmarc.lus.nl' }],
      '_domainkey.lus.nl': [{ type: 'CNAME', data: '_domainkey.lus.nl' }],
    });
    const r = await report('lus.nl', zone);
    // A SERVFAIL may be the resolver's: "could not test", with Internet.nl's verdict beside it.
    assert.equal(r.tests.mail_auth_dmarc_exist?.status, 'error');
    assert.equal(r.tests.mail_auth_dmarc_exist?.reason, 'lookup_failed');
    assert.deepEqual(r.tests.mail_auth_dmarc_exist?.details.internetnl, { status: 'failed', reason: 'dns_servfail' });
    assert.equal(r.tests.mail_auth_dmarc_policy?.status, 'error');
    assert.equal(r.tests.mail_auth_dkim_exist?.status, 'error');
  });

  it('a resolver that never answers: every test ends as "timeout" at the deadline', async () => {
    const hanging: Resolver = { query: () => new Promise<DnsResult>(() => undefined) };
    const r = await report('stil.nl', hanging, { timeoutMs: 200 });
    assert.ok(Object.values(r.tests).length >= 8);
    assert.ok(Object.values(r.tests).every((t) => t.status === 'error' && t.reason === 'timeout'));
  });

  it('a resolver that throws: an internal error for those tests, no crash', async () => {
    const broken: Resolver = { query: () => Promise.reject(new Error('boom')) };
    const r = await report('kapot.nl', broken);
    assert.ok(Object.values(r.tests).every((t) => t.status === 'error' && t.reason === 'internal_error'));
  });

  it('the per-check query budget holds', async () => {
    const terms = Array.from({ length: 30 }, (_, i) => `a:h${i}.veel.nl`).join(' ');
    const zone = new ZoneResolver({ 'veel.nl': [txt(`v=spf1 ${terms} -all`)] });
    const r = await report('veel.nl', zone, { queryBudget: 25 });
    assert.equal(zone.log.length, 25);
    assert.equal(r.dnsQueries, 25);
    // The 30 terms are counted from the record itself, so the verdict stands without resolving them.
    assert.equal(spf(r), 'failed:max_dns_lookups');
    // With almost no budget, the lookups that were refused are "could not test", not verdicts.
    const starved = await report('veel.nl', new ZoneResolver({ 'veel.nl': [txt('v=spf1 -all')] }), { queryBudget: 1 });
    assert.equal(starved.tests.mail_auth_spf_policy?.status, 'passed');
    assert.equal(starved.tests.mail_auth_dmarc_exist?.status, 'error');
    assert.equal(starved.tests.mail_auth_dkim_exist?.status, 'error');
  });
});
