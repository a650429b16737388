import { strict as assert } from 'node:assert';
import { adviseMail, adviseReport } from '../../src/report/advice';
import { parseHsts } from '../../src/engine/checks/web-https';
import { assessCsp, parseCsp } from '../../src/records/csp';
import { parseSecurityTxt } from '../../src/records/security-txt';
import { CATALOGUES } from '../../src/report/render-text';
import type { Report } from '../../src/report/types';

function report(tests: Report['tests'], mxHosts: string[]): Report {
  return {
    type: 'mail',
    startedAt: '2026-11-27T10:00:00.000Z',
    durationMs: 1,
    guideline: 'ncsc-2025',
    score: 50,
    categories: {},
    tests,
    custom: { mx_hosts: mxHosts, mx_status: 'has_mx' },
    pending: [],
    dnsQueries: 1,
  };
}

describe('fix advice (records generated from what was found)', () => {
  const hash = 'a'.repeat(64);
  const tlsTests = (dnssec: string): Report['tests'] => ({
    mail_starttls_tls_available: {
      status: 'passed',
      reason: 'starttls_on_every_mx',
      details: { servers: [{ host: 'mx.gemeente.nl', tlsa311: hash }] },
    },
    mail_starttls_dane_exist: {
      status: 'failed',
      reason: 'no_tlsa',
      details: { servers: [{ host: 'mx.gemeente.nl', reason: 'no_tlsa', dnssec }] },
    },
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

  it("points Microsoft 365 customers at Exchange Online's DANE instead of a TLSA record", () => {
    const tests = tlsTests('secure');
    (tests.mail_starttls_dane_exist?.details.servers as { host: string }[])[0]!.host =
      'gemeente-nl.mail.protection.outlook.com';
    (tests.mail_starttls_tls_available?.details.servers as { host: string }[])[0]!.host =
      'gemeente-nl.mail.protection.outlook.com';
    const advice = adviseMail('gemeente.nl', report(tests, ['gemeente-nl.mail.protection.outlook.com']));
    assert.ok(!advice.some((a) => a.record?.type === 'TLSA'));
    assert.ok(advice.some((a) => a.note?.key === 'advice.dane_microsoft365'));
  });
});

describe('website fix advice: applying it makes the test pass', () => {
  const web = (tests: Report['tests']): Report => ({
    type: 'web',
    startedAt: '2026-11-28T10:00:00.000Z',
    durationMs: 1,
    guideline: 'ncsc-2025',
    score: 50,
    categories: {},
    tests,
    custom: {},
    pending: [],
    dnsQueries: 1,
  });
  const failed = (reason: string, details: Record<string, unknown> = {}) => ({
    status: 'failed' as const,
    reason,
    details,
  });
  const all = adviseReport(
    'gemeente.nl',
    web({
      web_https_http_hsts: failed('no_hsts'),
      web_https_http_redirect: failed('redirect_other_host_first'),
      web_https_tls_version: failed('insufficient_version'),
      web_https_tls_0rtt: failed('zero_rtt_offered'),
      web_appsecpriv_csp: { status: 'warning', reason: 'no_csp', details: {} },
      web_appsecpriv_x_frame_options: { status: 'info', reason: 'no_x_frame_options', details: {} },
      web_appsecpriv_securitytxt: { status: 'warning', reason: 'no_securitytxt', details: {} },
      web_https_tls_caa: { status: 'warning', reason: 'no_caa', details: {} },
      web_dnssec_valid: { status: 'passed', reason: 'secure', details: {} },
      web_https_http_available: {
        status: 'passed',
        reason: 'https_available',
        details: { servers: [{ host: 'gemeente.nl', address: '192.0.2.1', tlsa311: 'b'.repeat(64) }] },
      },
      web_https_dane_exist: { status: 'info', reason: 'no_web_tlsa', details: {} },
    }),
  );
  const linesOf = (id: string): string[] => all.filter((a) => a.testId === id).flatMap((a) => a.lines ?? []);
  const headerValue = (line: string, name: string): string =>
    (new RegExp(`add_header ${name} "(.*)" always;`).exec(line)?.[1] ?? '').replace(/\\"/g, '"');

  it('the HSTS header it gives lasts a year', () => {
    assert.ok(
      (parseHsts(headerValue(linesOf('web_https_http_hsts')[0] ?? '', 'Strict-Transport-Security')).maxAge ?? 0) >=
        31_536_000,
    );
  });
  it('the CSP it gives passes every rule of §2.4', () => {
    const csp = linesOf('web_appsecpriv_x_frame_options').find((l) => l.includes('Content-Security-Policy')) ?? '';
    assert.deepEqual(assessCsp(parseCsp(headerValue(csp, 'Content-Security-Policy')), 'gemeente.nl'), []);
  });
  it('the security.txt it gives is valid without remarks on the day of the test', () => {
    const body = linesOf('web_appsecpriv_securitytxt').join('\n');
    const parsed = parseSecurityTxt(
      {
        url: 'https://gemeente.nl/.well-known/security.txt',
        status: 200,
        contentType: 'text/plain; charset=utf-8',
        body,
        legacy: false,
      },
      new Date('2026-11-28T10:00:00Z'),
    );
    assert.deepEqual([parsed.errors, parsed.recommendations], [[], []]);
  });
  it('the TLSA record is the key the server presents; 0-RTT, TLS and redirect get server lines', () => {
    assert.deepEqual(all.find((a) => a.record?.type === 'TLSA')?.record, {
      name: '_443._tcp.gemeente.nl',
      type: 'TLSA',
      value: `3 1 1 ${'b'.repeat(64)}`,
    });
    assert.deepEqual(linesOf('web_https_tls_0rtt'), ['ssl_early_data off;']);
    assert.ok(linesOf('web_https_tls_version').some((l) => l.startsWith('ssl_protocols TLSv1.2 TLSv1.3;')));
    assert.ok(linesOf('web_https_http_redirect').includes('    return 301 https://gemeente.nl$request_uri;'));
  });
  it('every note has a text in Dutch and English', () => {
    for (const a of all)
      for (const lang of ['nl', 'en'] as const)
        if (a.note) assert.ok(CATALOGUES[lang].advice[a.note.key], `${lang} ${a.note.key}`);
  });
});
