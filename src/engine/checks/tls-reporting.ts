import type { TxtLookup } from '../facts/txt-policy';
import type { TestResult } from '../../report/types';
import { isTlsRptRecord, parseTlsRpt } from '../../records/tls-rpt';
import { isMtaStsTxtRecord, parseMtaStsTxt } from '../../records/mta-sts-txt';
import { isTransientOutcome } from '../../dns/types';

/** mail_auth_tls_rpt (RFC 8460 §3): one `v=TLSRPTv1` record with at least one valid `rua`. */
export function checkTlsRpt(lookup: TxtLookup, hasMx: boolean): TestResult {
  const id = 'mail_auth_tls_rpt';
  const records = lookup.records.filter(isTlsRptRecord);
  const details: Record<string, unknown> = { queried: lookup.name, records };
  if (!hasMx) return { id, status: 'not_tested', reason: 'no_mail_servers', details };
  if (records.length === 0) {
    if (isTransientOutcome(lookup.outcome)) return { id, status: 'error', reason: 'dns_error', details };
    return { id, status: 'failed', reason: 'no_record', details };
  }
  // §3: multiple records make TLS-RPT unusable ("MUST NOT be used").
  if (records.length > 1) return { id, status: 'failed', reason: 'multiple_records', details };
  const parsed = parseTlsRpt(records[0] as string);
  if (!parsed.ok) return { id, status: 'failed', reason: 'invalid_syntax', details: { ...details, problems: parsed.problems } };
  return { id, status: 'passed', reason: 'record_valid', details: { ...details, rua: parsed.record.rua } };
}

/**
 * mail_auth_mta_sts, the DNS half (RFC 8461 §3.1): one `v=STSv1` record with a valid `id`. The policy
 * file at https://mta-sts.<domain>/ is not fetched by this version, so a valid record is `info`.
 */
export function checkMtaStsRecord(lookup: TxtLookup, hasMx: boolean): TestResult {
  const id = 'mail_auth_mta_sts';
  const records = lookup.records.filter(isMtaStsTxtRecord);
  const details: Record<string, unknown> = { queried: lookup.name, records, policyChecked: false };
  if (!hasMx) return { id, status: 'not_tested', reason: 'no_mail_servers', details };
  if (records.length === 0) {
    if (isTransientOutcome(lookup.outcome)) return { id, status: 'error', reason: 'dns_error', details };
    return { id, status: 'failed', reason: 'no_record', details };
  }
  // §3.1: more than one record means no MTA-STS for the domain.
  if (records.length > 1) return { id, status: 'failed', reason: 'multiple_records', details };
  const parsed = parseMtaStsTxt(records[0] as string);
  if (!parsed.ok) return { id, status: 'failed', reason: 'invalid_syntax', details: { ...details, problems: parsed.problems } };
  return { id, status: 'info', reason: 'record_valid_policy_not_checked', details: { ...details, policyId: parsed.record.id } };
}
