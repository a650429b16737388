import { isInconclusiveFetch } from '../../http/fetch-outcome';
import type { TxtLookup } from '../facts/txt-policy';
import type { Status, TestResult } from '../../report/types';
import type { Parsed } from '../../records/problem';
import { isTlsRptRecord, parseTlsRpt, type TlsRptRecord } from '../../records/tls-rpt';
import { isMtaStsTxtRecord, parseMtaStsTxt, type MtaStsTxtRecord } from '../../records/mta-sts-txt';
import { isTextPlain, mxMatches, parseMtaStsPolicy } from '../../records/mta-sts-policy';
import type { MtaStsPolicyFacts } from '../facts/mta-sts-policy';
import { isTransientOutcome } from '../../dns/types';

/**
 * The shared flow of a single-record policy at a fixed name: not tested without mail servers; none,
 * several (unusable, both RFCs say) or an invalid one fail; a valid one gets the check's verdict.
 */
function checkPolicyRecord<T>(
  id: string,
  lookup: TxtLookup,
  hasMx: boolean,
  extra: Record<string, unknown>,
  recognise: (txt: string) => boolean,
  parse: (txt: string) => Parsed<T>,
  onValid: (
    record: T,
    details: Record<string, unknown>,
  ) => { status: Status; reason: string; details: Record<string, unknown> },
): TestResult {
  const records = lookup.records.filter(recognise);
  const details: Record<string, unknown> = { queried: lookup.name, records, ...extra };
  if (!hasMx) return { id, status: 'not_tested', reason: 'no_mail_servers', details };
  if (records.length === 0) {
    return isTransientOutcome(lookup.outcome)
      ? { id, status: 'error', reason: 'dns_error', details }
      : { id, status: 'failed', reason: 'no_record', details };
  }
  if (records.length > 1) return { id, status: 'failed', reason: 'multiple_records', details };
  const parsed = parse(records[0] as string);
  if (!parsed.ok)
    return { id, status: 'failed', reason: 'invalid_syntax', details: { ...details, problems: parsed.problems } };
  return { id, ...onValid(parsed.record, details) };
}

/** mail_auth_tls_rpt (RFC 8460 §3): one `v=TLSRPTv1` record with at least one valid `rua`. */
export function checkTlsRpt(lookup: TxtLookup, hasMx: boolean): TestResult {
  return checkPolicyRecord<TlsRptRecord>(
    'mail_auth_tls_rpt',
    lookup,
    hasMx,
    {},
    isTlsRptRecord,
    parseTlsRpt,
    (r, details) => ({ status: 'passed', reason: 'record_valid', details: { ...details, rua: r.rua } }),
  );
}

/**
 * mail_auth_mta_sts (RFC 8461): one `v=STSv1` record with a valid `id` (§3.1), and a policy fetched
 * over HTTPS with a valid certificate, without redirects, as text/plain (§3.3), in mode `enforce`,
 * naming every MX host (§4.1).
 */
export function checkMtaSts(
  lookup: TxtLookup,
  hasMx: boolean,
  policy: MtaStsPolicyFacts | undefined,
  mxHosts: string[],
): TestResult {
  return checkPolicyRecord<MtaStsTxtRecord>(
    'mail_auth_mta_sts',
    lookup,
    hasMx,
    {},
    isMtaStsTxtRecord,
    parseMtaStsTxt,
    (r, details) => {
      const d = { ...details, policyId: r.id, policyHost: policy?.host };
      const fail = (reason: string, extra: Record<string, unknown> = {}) => ({
        status: 'failed' as Status,
        reason,
        details: { ...d, ...extra },
      });
      if (!policy?.address) return fail('policy_host_not_found');
      const f = policy.fetch;
      if (f && isInconclusiveFetch(f))
        return {
          status: 'error' as Status,
          reason: 'policy_fetch_failed',
          details: { ...d, error: !f.ok ? `${f.reason}: ${f.detail}` : undefined },
        };
      if (!f || !f.ok)
        return fail(
          f?.reason === 'tls_error'
            ? 'policy_tls_error'
            : f?.reason === 'private_address'
              ? 'private_address'
              : 'policy_unavailable',
          { error: f && !f.ok ? f.detail : undefined },
        );
      if (f.status !== 200) return fail('policy_http_status', { httpStatus: f.status });
      const type = String(f.headers['content-type'] ?? '');
      if (!isTextPlain(type)) return fail('policy_content_type', { contentType: type });
      if (f.truncated) return fail('policy_too_large');
      const parsed = parseMtaStsPolicy(f.body);
      if (!parsed.ok) return fail('policy_invalid', { problems: parsed.problems });
      const p = parsed.record;
      const unmatched = mxHosts.filter((h) => !p.mx.some((m) => mxMatches(m, h)));
      const pd = { ...d, mode: p.mode, maxAge: p.maxAge, mxPatterns: p.mx };
      if (p.mode !== 'enforce')
        return { status: 'failed' as Status, reason: p.mode === 'testing' ? 'mode_testing' : 'mode_none', details: pd };
      if (unmatched.length > 0)
        return { status: 'failed' as Status, reason: 'mx_not_in_policy', details: { ...pd, unmatched } };
      return { status: 'passed' as Status, reason: 'policy_enforced', details: pd };
    },
  );
}
