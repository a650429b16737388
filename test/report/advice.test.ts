import { strict as assert } from 'node:assert';
import { adviseMail } from '../../src/report/advice';
import type { Report } from '../../src/report/types';

function report(tests: Report['tests'], mxHosts: string[]): Report {
  return { type: 'mail', startedAt: '2026-11-27T10:00:00.000Z', durationMs: 1, guideline: 'ncsc-2025', score: 50, categories: {}, tests, custom: { mx_hosts: mxHosts, mx_status: 'has_mx' }, pending: [], dnsQueries: 1 };
}

describe('fix advice (records generated from what was found)', () => {
  const hash = 'a'.repeat(64);
  const tlsTests = (dnssec: string): Report['tests'] => ({
    mail_starttls_tls_available: { status: 'passed', reason: 'starttls_on_every_mx', details: { servers: [{ host: 'mx.gemeente.nl', tlsa311: hash }] } },
    mail_starttls_dane_exist: { status: 'failed', reason: 'no_tlsa', details: { servers: [{ host: 'mx.gemeente.nl', reason: 'no_tlsa', dnssec }] } },
  });

  it('gives the exact TLSA 3 1 1 record for the key the MX presents now', () => {
    const advice = adviseMail('gemeente.nl', report(tlsTests('secure'), ['mx.gemeente.nl']));
    const tlsa = advice.find((a) => a.record?.type === 'TLSA');
    assert.deepEqual(tlsa?.record, { name: '_25._tcp.mx.gemeente.nl', type: 'TLSA', value: `3 1 1 ${hash}` });
    assert.equal(tlsa?.note?.key, 'advice.dane_next_key');
    assert.ok(!advice.some((a) => a.note?.key === 'advice.dane_sign_first'));
  });

  it('says to sign the zone first when the MX zone has no DNSSEC', () => {
    const advice = adviseMail('gemeente.nl', report(tlsTests('insecure'), ['mx.gemeente.nl']));
    assert.ok(advice.some((a) => a.note?.key === 'advice.dane_sign_first'));
  });

  it('points Microsoft 365 customers at Exchange Online\'s DANE instead of a TLSA record', () => {
    const tests = tlsTests('secure');
    (tests.mail_starttls_dane_exist?.details.servers as { host: string }[])[0]!.host = 'gemeente-nl.mail.protection.outlook.com';
    (tests.mail_starttls_tls_available?.details.servers as { host: string }[])[0]!.host = 'gemeente-nl.mail.protection.outlook.com';
    const advice = adviseMail('gemeente.nl', report(tests, ['gemeente-nl.mail.protection.outlook.com']));
    assert.ok(!advice.some((a) => a.record?.type === 'TLSA'));
    assert.ok(advice.some((a) => a.note?.key === 'advice.dane_microsoft365'));
  });
});
