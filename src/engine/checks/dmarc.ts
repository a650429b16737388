import type { DmarcFacts } from '../facts/dmarc';
import type { TestResult } from '../../report/types';
import { effectivePolicy, parseDmarc, type DmarcPolicy, type DmarcRecord } from '../../records/dmarc';
import { isTransientOutcome } from '../../dns/types';

const PARTIAL = 2;

/** Which record applies: the domain's own, else the organisational domain's (RFC 7489 §6.6.3). */
export function dmarcSource(facts: DmarcFacts): { foundOn: string; records: string[]; inherited: boolean } | undefined {
  if (facts.own.records.length > 0) return { foundOn: facts.domain, records: facts.own.records, inherited: false };
  if (facts.org && facts.org.records.length > 0) return { foundOn: facts.orgDomain, records: facts.org.records, inherited: true };
  return undefined;
}

/**
 * The DMARC lookup that failed, when no record was found because a lookup did not succeed (timeout,
 * SERVFAIL, REFUSED, budget): then nothing is known about the policy, and every DMARC test is `error`.
 * A SERVFAIL is counted as ours too: it may be the resolver's, and "could not test, try again" is
 * the honest answer either way (issue 13).
 */
export function dmarcFault(facts: DmarcFacts): { lookup: string; dns: string } | undefined {
  if (dmarcSource(facts)) return undefined;
  const failed = [facts.own, facts.org].find((l) => l && l.records.length === 0 && isTransientOutcome(l.outcome));
  return failed ? { lookup: `${failed.name} TXT`, dns: failed.outcome } : undefined;
}

/** mail_auth_dmarc_exist (§3.3): exactly one `v=DMARC1` record, on the domain or its organisational domain. */
export function checkDmarcExist(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_exist';
  const source = dmarcSource(facts);
  if (source) {
    const details = { records: source.records, foundOn: source.foundOn };
    return source.records.length === 1
      ? { id, status: 'passed', reason: source.inherited ? 'found_on_org_domain' : 'record_found', details }
      : { id, status: 'failed', reason: 'multiple_records', details };
  }
  const fault = dmarcFault(facts);
  // Internet.nl (#1810) fails a SERVFAIL; we cannot tell the domain's fault from the resolver's, so it
  // is "could not test" here, with what Internet.nl would say beside it.
  if (fault) return { id, status: 'error', reason: 'lookup_failed', details: { ...fault, ...(fault.dns === 'servfail' ? { internetnl: 'failed' } : {}) } };
  return { id, status: 'failed', reason: 'no_record', details: { queried: [facts.own.name, facts.org?.name].filter(Boolean) } };
}

export interface DmarcPolicyView {
  record: DmarcRecord;
  foundOn: string;
  inherited: boolean;
  policy: DmarcPolicy | undefined;
}

/** The parsed record in force and its effective policy (`sp` for an inherited record, `t=y` one level weaker). */
export function dmarcPolicyView(facts: DmarcFacts): DmarcPolicyView | undefined {
  const source = dmarcSource(facts);
  if (!source || source.records.length !== 1) return undefined;
  const parsed = parseDmarc(source.records[0] as string);
  if (!parsed.ok) return undefined;
  const rec = parsed.record;
  const declared = source.inherited ? rec.sp ?? rec.p : rec.p;
  return { record: rec, foundOn: source.foundOn, inherited: source.inherited, policy: declared && effectivePolicy(declared, rec.t === 'y') };
}

/** mail_auth_dmarc_policy (§3.3): pass on quarantine or reject; `pct` below 100 is noted, not failed. */
export function checkDmarcPolicy(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_policy';
  const source = dmarcSource(facts);
  const fault = dmarcFault(facts);
  if (fault) return { id, status: 'error', reason: 'lookup_failed', details: fault };
  if (!source) return { id, status: 'failed', reason: 'no_record', details: {}, points: 0 };
  if (source.records.length !== 1) return { id, status: 'failed', reason: 'multiple_records', details: { records: source.records, foundOn: source.foundOn }, points: 0 };
  const record = source.records[0] as string;
  const parsed = parseDmarc(record);
  if (!parsed.ok) return { id, status: 'failed', reason: 'invalid_syntax', details: { record, foundOn: source.foundOn, problems: parsed.problems }, points: 0 };
  const view = dmarcPolicyView(facts) as DmarcPolicyView;
  const rec = view.record;
  const notes: string[] = [];
  if (rec.pct < 100) notes.push('pct_below_100');
  if (rec.t === 'y') notes.push('test_mode');
  if (rec.rua.length === 0) notes.push('no_aggregate_reports');
  const details = {
    record, foundOn: source.foundOn, policy: view.policy ?? null, p: rec.p ?? null, sp: rec.sp ?? null, np: rec.np ?? null, pct: rec.pct,
    rua: rec.rua.map((u) => u.uri), ...(notes.length ? { notes } : {}), ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  };
  if (view.policy === undefined) return { id, status: 'failed', reason: 'missing_policy', details, points: PARTIAL };
  if (view.policy === 'none') return { id, status: 'failed', reason: rec.t === 'y' && rec.p === 'quarantine' ? 'test_mode_weakens_policy' : 'policy_none', details, points: PARTIAL };
  return { id, status: 'passed', reason: view.policy === 'reject' ? 'policy_reject' : 'policy_quarantine', details };
}

/**
 * mail_auth_dmarc_ext_destination (RFC 7489 §7.1): each report destination outside the organisational
 * domain must publish `<domain>._report._dmarc.<host>` with a record starting `v=DMARC1`. A bare
 * `v=DMARC1` without the trailing `;` is accepted (Internet.nl's false positive, #1197/#1473/#1959).
 */
export function checkDmarcExternal(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_ext_destination';
  const fault = dmarcFault(facts);
  if (fault) return { id, status: 'error', reason: 'lookup_failed', details: fault };
  if (!dmarcPolicyView(facts)) return { id, status: 'not_tested', reason: 'no_usable_record', details: {} };
  if (facts.external.length === 0) return { id, status: 'passed', reason: 'no_external_destinations', details: { destinations: [] } };
  const destinations = facts.external.map((e) => ({ host: e.host, queried: e.name, authorised: e.records.length > 0, dns: e.outcome }));
  const transient = facts.external.filter((e) => e.records.length === 0 && isTransientOutcome(e.outcome));
  const missing = destinations.filter((d) => !d.authorised);
  if (missing.length === 0) return { id, status: 'passed', reason: 'all_authorised', details: { destinations } };
  if (transient.length === missing.length) return { id, status: 'error', reason: 'dns_error', details: { destinations } };
  return { id, status: 'failed', reason: 'external_not_authorised', details: { destinations, unauthorised: missing.map((m) => m.host) } };
}

/** Internet.nl's non-sending DMARC: `p=reject` (and for an inherited record `sp=reject` or no `sp`). */
export function isRejectEverything(facts: DmarcFacts): boolean {
  const view = dmarcPolicyView(facts);
  if (!view) return false;
  if (view.inherited) return (view.record.sp ?? view.record.p) === 'reject';
  return view.record.p === 'reject';
}
