import { strict as assert } from 'node:assert';
import { summarise, STANDARDS, providerOf } from '../../src/adoption/summary';
import { summaryCsv, summaryReply } from '../../src/bot/summary-reply';
import type { Report, Status } from '../../src/report/types';
import type { ResultRow } from '../../src/store/types';

const AT = '2026-11-30T08:00:00.000Z';
const MAIL_IDS = STANDARDS.filter((d) => d.type === 'mail').flatMap((d) => d.tests);

/** A mail report where every test passes except those given. */
function mail(overrides: Record<string, Status> = {}, mx: string[] = ['mx1.provider.nl']): Report {
  const tests = Object.fromEntries(
    MAIL_IDS.map((id) => [id, { status: overrides[id] ?? 'passed', reason: 'x', details: {} }]),
  );
  return {
    type: 'mail',
    startedAt: AT,
    durationMs: 1,
    guideline: 'ncsc-2025',
    score: 100,
    categories: {},
    tests,
    custom: { mx_hosts: mx },
    pending: [],
    dnsQueries: 1,
  };
}
const row = (domain: string, report: Report, org?: string): ResultRow => ({
  scanId: 's',
  domain,
  ...(org ? { org } : {}),
  checkedAt: AT,
  reports: [report],
  observed: {},
});

describe('adoption summary (pure)', () => {
  const now = [
    row('a.nl', mail(), 'Gemeente A'),
    row('b.nl', mail({ mail_auth_dmarc_policy: 'failed' }), 'Gemeente B'),
    row('c.nl', mail({ mail_starttls_dane_exist: 'failed' }, ['c-nl.mail.protection.outlook.com'])),
    row('d.nl', mail({ mail_auth_dmarc_policy: 'error' })),
  ];
  const before = [
    row('a.nl', mail({ mail_auth_dmarc_policy: 'failed' })),
    row('b.nl', mail()),
    row('c.nl', mail({ mail_starttls_dane_exist: 'failed' })),
    row('d.nl', mail()),
  ];

  it('counts passed, failed and could-not-test apart, and the headline figure', () => {
    const s = summarise({ list: 'test', scanId: 's2', at: AT, rows: now, exceptions: [] });
    const dmarc = s.standards.find((f) => f.standard === 'dmarc');
    assert.deepEqual([dmarc?.passed, dmarc?.failed, dmarc?.couldNotTest, dmarc?.share], [2, 1, 1, 50]);
    assert.deepEqual(s.headline.mail, { compliant: 1, total: 4, share: 25 });
    assert.equal(s.headline.web, undefined);
  });

  it('shows the change since the previous scan, by organisation', () => {
    const s = summarise({
      list: 'test',
      scanId: 's2',
      at: AT,
      rows: now,
      previous: { scanId: 's1', rows: before },
      exceptions: [],
    });
    assert.deepEqual(
      s.improvements.map((c) => [c.domain, c.standard, c.from, c.to]),
      [['a.nl', 'dmarc', 'failed', 'passed']],
    );
    assert.deepEqual(
      s.regressions.map((c) => [c.domain, c.org, c.standard]),
      [['b.nl', 'Gemeente B', 'dmarc']],
    );
    // d.nl went from passed to could-not-test: that is no regression.
    assert.equal(s.counts.regressions, 1);
    assert.equal(s.standards.find((f) => f.standard === 'dmarc')?.previousShare, 75);
  });

  it('an exception in force explains a failure until its date', () => {
    const e = {
      id: 'e',
      domain: 'c.nl',
      standard: 'dane',
      reason: 'Microsoft 365 heeft nog geen DANE',
      until: '2027-01-01T00:00:00.000Z',
      createdBy: 'U',
      createdAt: AT,
    };
    const s = summarise({ list: 'test', scanId: 's2', at: AT, rows: now, exceptions: [e] });
    const dane = s.standards.find((f) => f.standard === 'dane');
    assert.deepEqual([dane?.failed, dane?.explained], [0, 1]);
    assert.equal(s.exceptions.length, 1);
    const lapsed = summarise({
      list: 'test',
      scanId: 's2',
      at: '2027-01-02T00:00:00.000Z',
      rows: now,
      exceptions: [e],
    });
    assert.deepEqual([lapsed.standards.find((f) => f.standard === 'dane')?.failed, lapsed.exceptions.length], [1, 0]);
  });

  it('groups mail by provider from the MX', () => {
    assert.equal(providerOf(mail({}, ['gemeente-nl.mail.protection.outlook.com'])), 'Microsoft 365');
    assert.equal(providerOf(mail({}, ['mx2.provider.nl'])), 'provider.nl');
    const s = summarise({ list: 'test', scanId: 's2', at: AT, rows: now, exceptions: [] });
    assert.deepEqual(
      s.providers.map((p) => [p.provider, p.organisations, p.failing.dane ?? 0]),
      [
        ['provider.nl', 3, 0],
        ['Microsoft 365', 1, 1],
      ],
    );
  });

  it('renders a card in both languages and a CSV of every organisation', () => {
    const s = summarise({
      list: 'gemeenten',
      scanId: 's2',
      at: AT,
      rows: now,
      previous: { scanId: 's1', rows: before },
      exceptions: [],
    });
    const nl = summaryReply(s, 'nl');
    assert.equal(nl.headline, 'Adoptie gemeenten: 4 organisaties');
    assert.match(
      nl.rows.find((r) => r.label === 'DMARC (strikt)')?.text ?? '',
      /^50% in orde · 1 niet · 1 niet te testen \(-25\)$/,
    );
    assert.match(
      nl.paragraphs.join('\n'),
      /Achteruitgegaan sinds de vorige meting \(1\): Gemeente B \(DMARC \(strikt\)\)/,
    );
    assert.match(summaryReply(s, 'en').paragraphs[0] ?? '', /^Meets every mail standard: 25% \(1 of 4\) \(-25\)$/);
    const csv = summaryCsv(now).split('\r\n');
    assert.equal(csv[0], 'domain,organisation,mail_score,spf,dkim,dmarc,starttls,dane,dnssec_mail,ipv6_mail');
    assert.equal(csv[2], 'b.nl,Gemeente B,100,passed,passed,failed,passed,passed,passed,passed');
  });
});
