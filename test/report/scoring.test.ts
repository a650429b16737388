import { strict as assert } from 'node:assert';
import { scoreResults } from '../../src/report/scoring';
import type { TestResult } from '../../src/report/types';

const r = (id: string, status: TestResult['status'], points?: number): TestResult => ({
  id,
  status,
  reason: 'x',
  details: {},
  ...(points !== undefined ? { points } : {}),
});

describe('scoring (internetnl-criteria.md §1.2, §5)', () => {
  it('clamps recommended failures to warning and optional ones to info; error passes through', () => {
    const s = scoreResults([
      r('mail_auth_dmarc_ext_destination', 'failed'),
      r('mail_auth_tls_rpt', 'failed'),
      r('mail_auth_mta_sts', 'warning'),
      r('mail_auth_spf_exist', 'error'),
    ]);
    assert.deepEqual(
      s.results.map((x) => x.status),
      ['warning', 'info', 'info', 'error'],
    );
  });

  it('an MTA-STS policy in enforce mode that leaves out an MX stays failed, though the test is optional (issue 13)', () => {
    const s = scoreResults([
      { ...r('mail_auth_mta_sts', 'failed'), reason: 'mx_not_in_policy' },
      { ...r('mail_auth_mta_sts', 'failed'), reason: 'mode_testing' },
    ]);
    assert.deepEqual(
      s.results.map((x) => x.status),
      ['failed', 'info'],
    );
  });

  it('category % truncates earned/full over required tests, with partial points', () => {
    const s = scoreResults([
      r('mail_auth_spf_exist', 'passed'),
      r('mail_auth_spf_policy', 'failed', 2),
      r('mail_auth_dmarc_exist', 'passed'),
      r('mail_auth_dmarc_policy', 'passed'),
      r('mail_auth_dkim_exist', 'not_tested'),
      r('mail_auth_tls_rpt', 'failed'),
    ]);
    // 10 + 2 + 10 + 10 + 10 (not tested earns full) = 42 of 50.
    assert.deepEqual(s.categories.mail_auth, { status: 'failed', score: 84 });
    assert.equal(s.score, 84);
  });

  it('overall % is the unweighted mean of categories: 30/40 and 100/100 make 87', () => {
    const s = scoreResults([
      // mail_dnssec: 10 + 0 of 20 = 50 %; mail_auth: 50 of 50 = 100 %.
      r('mail_dnssec_mailto_valid', 'passed'),
      r('mail_dnssec_mx_valid', 'failed'),
      ...[
        'mail_auth_spf_exist',
        'mail_auth_spf_policy',
        'mail_auth_dmarc_exist',
        'mail_auth_dmarc_policy',
        'mail_auth_dkim_exist',
      ].map((id) => r(id, 'passed')),
    ]);
    assert.equal(s.categories.mail_dnssec?.score, 50);
    assert.equal(s.score, 75);
    const docs = scoreResults([
      r('web_ipv6_ns_reach', 'passed'),
      r('web_ipv6_ws_reach', 'passed'),
      r('web_ipv6_ws_similar', 'passed', 2),
      r('web_ipv6_ws_address', 'passed'),
      r('web_dnssec_valid', 'passed'),
    ]);
    assert.equal(docs.categories.web_ipv6?.score, 100);
  });

  it('a warning does not turn a category with required tests orange; any error makes it error', () => {
    const passedWithWarning = scoreResults([
      r('mail_auth_spf_exist', 'passed'),
      r('mail_auth_dmarc_ext_destination', 'failed'),
    ]);
    assert.equal(passedWithWarning.categories.mail_auth?.status, 'passed');
    const withError = scoreResults([r('mail_auth_spf_exist', 'failed'), r('mail_auth_dmarc_exist', 'error')]);
    assert.equal(withError.categories.mail_auth?.status, 'error');
  });

  it('refuses an unknown test id (a bug, not an outcome)', () => {
    assert.throws(() => scoreResults([r('mail_auth_nonsense', 'passed')]), /unknown test id/);
  });
});
