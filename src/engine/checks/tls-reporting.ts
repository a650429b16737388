import type { TxtLookup } from '../facts/txt-policy';
import type { Status, TestResult } from '../../report/types';
import type { Parsed } from '../../records/problem';
import { isTlsRptRecord, parseTlsRpt, type TlsRptRecord } from '../../records/tls-rpt';
import { isMtaStsTxtRecord, parseMtaStsTxt, type MtaStsTxtRecord } from '../../records/mta-sts-txt';
import { isTransientOutcome } from '../../dns/types';

/**
 * The shared flow of a single-record policy at a fixed name: not tested without mail servers; none,
 * several (unusable, both RFCs say) or an invalid one fail; a valid one gets the check's verdict.
 */
function checkPolicyRecord<T>(
  id: string, lookup: TxtLookup, hasMx: boolean, extra: Record<string, unknown>,
  recognise: (txt: string) => boolean, parse: (txt: string) => Parsed<T>,
  onValid: (record: T, details: Record<string, unknown>) => { status: Status; reason: string; details: Record<string, unknown> },
): TestResult {
  const records = lookup.records.filter(recognise);
  const details: Record<string, unknown> = { queried: lookup.name, records, ...extra };
  if (!hasMx) return { id, status: 'not_tested', reason: 'no_mail_servers', details };
  if (records.length === 0) {
    return isTransientOutcome(lookup.outcome) ? { id, status: 'error', reason: 'dns_error', details } : { id, status: 'failed', reason: 'no_record', details };
  }
  if (records.length > 1) return { id, status: 'failed', reason: 'multiple_records', details };
  const parsed = parse(records[0] as string);
  if (!parsed.ok) return { id, status: 'failed', reason: 'invalid_syntax', details: { ...details, problems: parsed.problems } };
  return { id, ...onValid(parsed.record, details) };
}

/** mail_auth_tls_rpt (RFC 8460 §3): one `v=TLSRPTv1` record with at least one valid `rua`. */
export function checkTlsRpt(lookup: TxtLookup, hasMx: boolean): TestResult {
  return checkPolicyRecord<TlsRptRecord>('mail_auth_tls_rpt', lookup, hasMx, {}, isTlsRptRecord, parseTlsRpt,
    (r, details) => ({ status: 'passed', reason: 'record_valid', details: { ...details, rua: r.rua } }));
}

/**
 * mail_auth_mta_sts, the DNS half (RFC 8461 §3.1): one `v=STSv1` record with a valid `id`. The policy
 * file at https://mta-sts.<domain>/ is not fetched by this version, so a valid record is `info`.
 */
export function checkMtaStsRecord(lookup: TxtLookup, hasMx: boolean): TestResult {
  return checkPolicyRecord<MtaStsTxtRecord>('mail_auth_mta_sts', lookup, hasMx, { policyChecked: false }, isMtaStsTxtRecord, parseMtaStsTxt,
    (r, details) => ({ status: 'info', reason: 'record_valid_policy_not_checked', details: { ...details, policyId: r.id } }));
}
