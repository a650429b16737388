import type { DetailShapes } from '../../report/details';
import type { DmarcFacts } from '../facts/dmarc';
import type { Status, TestResult } from '../../report/types';
import {
  declaredPolicy,
  effectivePolicy,
  isDmarcRecord,
  isDmarcRecordInternetNl,
  parseDmarc,
  type DmarcPolicy,
  type DmarcRecord,
} from '../../records/dmarc';
import {
  discoverPolicy,
  organisationalDomainByWalk,
  within,
  type DnsFault,
  type PolicyDiscovery,
} from '../../records/dmarc-tree-walk';
import { isTransientOutcome } from '../../dns/types';

/**
 * The DMARC tests follow RFC 9989 (which obsoletes RFC 7489 and RFC 9091): the policy is found by the
 * DNS Tree Walk (§4.10.1), the Organizational Domain by §4.10.2, not by the Public Suffix List.
 * Where Internet.nl's rules (criteria §3.3: PSL organisational domain, case-insensitive `v=DMARC1`,
 * SERVFAIL is a failure) give another status, `details.internetnl` says which, and the points stay
 * Internet.nl's, so the score still compares with theirs.
 */

const FULL = 10;
const PARTIAL = 2;

interface Source {
  record: string;
  foundOn: string;
  inherited: boolean;
}

function discovery(facts: DmarcFacts): PolicyDiscovery {
  return discoverPolicy(facts.domain, facts.lookups);
}

function walkDetails(d: PolicyDiscovery): Record<string, unknown> {
  return {
    walk: d.walk.map((s) => ({
      name: `_dmarc.${s.domain}`,
      dns: s.outcome,
      records: s.dmarcRecords,
      ...(s.psd ? { psd: s.psd } : {}),
    })),
  };
}

/** The domain's own `_dmarc` name holds several DMARC records: RFC 9989 discards them all (§4.10 step 2). */
function ownMultiple(facts: DmarcFacts): string[] | undefined {
  const own = facts.lookups.get(facts.domain)?.txt.filter(isDmarcRecord) ?? [];
  return own.length > 1 ? own : undefined;
}

function sourceOf(facts: DmarcFacts, d = discovery(facts)): Source | undefined {
  return d.record !== undefined && d.foundOn !== undefined
    ? { record: d.record, foundOn: d.foundOn, inherited: d.foundOn !== facts.domain }
    : undefined;
}

/**
 * The lookup that failed, when no record was found because a lookup did not succeed (timeout,
 * SERVFAIL, REFUSED, budget): then nothing is known about the policy and every DMARC test is `error`.
 * A SERVFAIL is counted as ours too: it may be the resolver's (issue 13).
 */
export function dmarcFault(facts: DmarcFacts): DnsFault | undefined {
  return discovery(facts).fault;
}

// ---- Internet.nl's reading (criteria §3.3), for details.internetnl and the points ----

interface InternetNlView {
  exist: { status: Status; reason: string; foundOn?: string };
  policy: { status: Status; reason: string; points: number };
}

function internetNlView(facts: DmarcFacts): InternetNlView {
  const read = (domain: string) => {
    const l = facts.lookups.get(domain);
    return { l, records: l?.txt.filter(isDmarcRecordInternetNl) ?? [] };
  };
  const unknown = (dns: string): InternetNlView =>
    dns === 'servfail'
      ? {
          exist: { status: 'failed', reason: 'dns_servfail' },
          policy: { status: 'failed', reason: 'no_record', points: 0 },
        }
      : {
          exist: { status: 'error', reason: 'lookup_failed' },
          policy: { status: 'error', reason: 'lookup_failed', points: 0 },
        };
  let on = facts.domain;
  let { l, records } = read(on);
  if (l && records.length === 0 && isTransientOutcome(l.outcome)) return unknown(l.outcome);
  if (records.length === 0 && facts.pslOrgDomain !== facts.domain) {
    on = facts.pslOrgDomain;
    ({ l, records } = read(on));
    if (l && records.length === 0 && isTransientOutcome(l.outcome)) return unknown(l.outcome);
  }
  if (records.length === 0)
    return {
      exist: { status: 'failed', reason: 'no_record' },
      policy: { status: 'failed', reason: 'no_record', points: 0 },
    };
  if (records.length > 1)
    return {
      exist: { status: 'failed', reason: 'multiple_records', foundOn: on },
      policy: { status: 'failed', reason: 'multiple_records', points: 0 },
    };
  const exist = {
    status: 'passed' as Status,
    reason: on === facts.domain ? 'record_found' : 'found_on_org_domain',
    foundOn: on,
  };
  const parsed = parseDmarc(records[0] as string, true);
  if (!parsed.ok) return { exist, policy: { status: 'failed', reason: 'invalid_syntax', points: 0 } };
  // Internet.nl needs an explicit p (and reads sp for an inherited record); pct is not evaluated.
  const declared = on === facts.domain ? parsed.record.p : (parsed.record.sp ?? parsed.record.p);
  if (!declared) return { exist, policy: { status: 'failed', reason: 'missing_policy', points: PARTIAL } };
  const policy = effectivePolicy(declared, parsed.record.t === 'y');
  return {
    exist,
    policy:
      policy === 'none'
        ? { status: 'failed', reason: 'policy_none', points: PARTIAL }
        : { status: 'passed', reason: `policy_${policy}`, points: FULL },
  };
}

/** Internet.nl's status beside ours where they differ, with Internet.nl's points (criteria §5.1). */
function besideInternetNl(
  result: TestResult,
  theirs: { status: Status; reason: string; foundOn?: string },
  points: number,
): TestResult {
  if (theirs.status === result.status) return result;
  return {
    ...result,
    points,
    details: {
      ...result.details,
      internetnl: {
        status: theirs.status,
        reason: theirs.reason,
        ...(theirs.foundOn ? { foundOn: theirs.foundOn } : {}),
      },
    },
  };
}

// ---- The tests ----

/** mail_auth_dmarc_exist: exactly one DMARC record in force, on the domain or found by the tree walk. */
export function checkDmarcExist(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_exist';
  const d = discovery(facts);
  const theirs = internetNlView(facts).exist;
  const pts = theirs.status === 'passed' ? FULL : 0;
  const multiple = ownMultiple(facts);
  if (multiple)
    return besideInternetNl(
      {
        id,
        status: 'failed',
        reason: 'multiple_records',
        details: { records: multiple, foundOn: facts.domain, ...walkDetails(d) },
      },
      theirs,
      pts,
    );
  const source = sourceOf(facts, d);
  if (source) {
    const psd = d.walk.find((s) => s.domain === source.foundOn)?.psd === 'y' && source.inherited;
    const reason = !source.inherited ? 'record_found' : psd ? 'found_on_psd' : 'found_on_org_domain';
    return besideInternetNl(
      {
        id,
        status: 'passed',
        reason,
        details: { records: [source.record], foundOn: source.foundOn, ...walkDetails(d) },
      },
      theirs,
      pts,
    );
  }
  // Internet.nl (#1810) fails a SERVFAIL; we cannot tell the domain's fault from the resolver's, so it
  // is "could not test" here, with what Internet.nl would say beside it.
  if (d.fault)
    return besideInternetNl(
      { id, status: 'error', reason: 'lookup_failed', details: { ...d.fault, ...walkDetails(d) } },
      theirs,
      pts,
    );
  return besideInternetNl(
    {
      id,
      status: 'failed',
      reason: 'no_record',
      details: { queried: d.walk.map((s) => `_dmarc.${s.domain}`), ...walkDetails(d) },
    },
    theirs,
    pts,
  );
}

export interface DmarcPolicyView {
  record: DmarcRecord;
  foundOn: string;
  inherited: boolean;
  policy: DmarcPolicy | undefined;
}

/**
 * The parsed record in force and its effective policy: `p` on the domain's own record, `sp` (else
 * `p`) for a record found higher up the tree (RFC 9989 §4.7), one step weaker under `t=y`.
 */
export function dmarcPolicyView(facts: DmarcFacts): DmarcPolicyView | undefined {
  const source = sourceOf(facts);
  if (!source) return undefined;
  const parsed = parseDmarc(source.record);
  if (!parsed.ok) return undefined;
  const rec = parsed.record;
  const declared = source.inherited ? (rec.sp ?? declaredPolicy(rec)) : declaredPolicy(rec);
  return {
    record: rec,
    foundOn: source.foundOn,
    inherited: source.inherited,
    policy: declared && effectivePolicy(declared, rec.t === 'y'),
  };
}

const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

/** mail_auth_dmarc_policy: pass on quarantine or reject in force. */
export function checkDmarcPolicy(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_policy';
  const theirs = internetNlView(facts).policy;
  const beside = (r: TestResult): TestResult => besideInternetNl(r, theirs, theirs.points);
  // Several records of its own are discarded (RFC 9989 §4.10 step 2) and the walk goes on: a parent's
  // record may then be in force. mail_auth_dmarc_exist fails the domain for them either way.
  const multiple = ownMultiple(facts);
  const d = discovery(facts);
  const source = sourceOf(facts, d);
  if (!source) {
    if (d.fault) return beside({ id, status: 'error', reason: 'lookup_failed', details: { ...d.fault } });
    if (multiple)
      return beside({
        id,
        status: 'failed',
        reason: 'multiple_records',
        details: { records: multiple, foundOn: facts.domain },
        points: 0,
      });
    return beside({ id, status: 'failed', reason: 'no_record', details: {}, points: 0 });
  }
  const parsed = parseDmarc(source.record);
  if (!parsed.ok)
    return beside({
      id,
      status: 'failed',
      reason: 'invalid_syntax',
      details: { record: source.record, foundOn: source.foundOn, problems: parsed.problems },
      points: 0,
    });
  const view = dmarcPolicyView(facts) as DmarcPolicyView;
  const rec = view.record;
  const notes: string[] = [];
  // RFC 9989 removed pct; receivers that still follow RFC 7489 apply the policy to only this share.
  if (rec.pct < 100) notes.push('pct_below_100');
  if (rec.t === 'y') notes.push('test_mode');
  if (rec.rua.length === 0) notes.push('no_aggregate_reports');
  if (multiple) notes.push('own_records_discarded');
  if (rec.p === undefined && view.policy !== undefined) notes.push('missing_p_read_as_none');
  // Subdomains (sp) and names that do not exist (np, RFC 9989 §4.7) may be left open while p is strict.
  const p = declaredPolicy(rec);
  if (!view.inherited && p && rec.sp && STRENGTH[rec.sp] < STRENGTH[p]) notes.push('sp_weaker');
  if (p && rec.np && STRENGTH[rec.np] < STRENGTH[rec.sp ?? p]) notes.push('np_weaker');
  const details = {
    record: source.record,
    foundOn: source.foundOn,
    policy: view.policy ?? null,
    p: rec.p ?? null,
    sp: rec.sp ?? null,
    np: rec.np ?? null,
    pct: rec.pct,
    rua: rec.rua.map((u) => u.uri),
    ...(notes.length ? { notes } : {}),
    ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  } satisfies Pick<DetailShapes['mail_auth_dmarc_policy'], 'record' | 'foundOn' | 'rua'> & Record<string, unknown>;
  if (view.policy === undefined)
    return beside({ id, status: 'failed', reason: 'missing_policy', details, points: PARTIAL });
  if (view.policy === 'none')
    return beside({
      id,
      status: 'failed',
      reason:
        rec.t === 'y' && (view.inherited ? (rec.sp ?? p) : p) === 'quarantine'
          ? 'test_mode_weakens_policy'
          : 'policy_none',
      details,
      points: PARTIAL,
    });
  return beside({
    id,
    status: 'passed',
    reason: view.policy === 'reject' ? 'policy_reject' : 'policy_quarantine',
    details,
  });
}

/** An authorisation record counts only when it is itself a valid DMARC record (RFC 7489 §7.1, RFC 9989 §4.6). */
export function authorises(txt: string[]): boolean {
  return txt.some((t) => isDmarcRecord(t) && parseDmarc(t).ok);
}

/**
 * mail_auth_dmarc_ext_destination: each report destination outside the policy's Organizational
 * Domain must publish `<policy domain>._report._dmarc.<host>` holding a valid DMARC record. A bare
 * `v=DMARC1` without the trailing `;` is accepted (Internet.nl's false positive, #1197/#1473/#1959).
 */
export function checkDmarcExternal(facts: DmarcFacts): TestResult {
  const id = 'mail_auth_dmarc_ext_destination';
  const fault = dmarcFault(facts);
  if (fault) return { id, status: 'error', reason: 'lookup_failed', details: { ...fault } };
  const view = dmarcPolicyView(facts);
  if (!view) return { id, status: 'not_tested', reason: 'no_usable_record', details: {} };
  const org = organisationalDomainByWalk(view.foundOn, facts.lookups);
  const external = facts.external.filter((e) => !org.domain || !within(e.host, org.domain));
  if (external.length === 0)
    return {
      id,
      status: 'passed',
      reason: 'no_external_destinations',
      details: { destinations: [], orgDomain: org.domain ?? null },
    };
  const destinations = external.map((e) => ({
    host: e.host,
    queried: e.name,
    authorised: authorises(e.txt),
    dns: e.outcome,
  }));
  const missing = destinations.filter((x) => !x.authorised);
  if (missing.length === 0) return { id, status: 'passed', reason: 'all_authorised', details: { destinations } };
  // Unknown when the authorisation lookup failed, or when the Organizational Domain was left undecided
  // (the host may be inside it and need no authorisation at all).
  const unknown = missing.filter((m) => isTransientOutcome(m.dns) || !org.domain);
  if (unknown.length === missing.length)
    return {
      id,
      status: 'error',
      reason: 'dns_error',
      details: { destinations, ...(org.fault ? { orgDomainFault: org.fault } : {}) },
    };
  return {
    id,
    status: 'failed',
    reason: 'external_not_authorised',
    details: { destinations, unauthorised: missing.filter((m) => !unknown.includes(m)).map((m) => m.host) },
  };
}

/** Internet.nl's non-sending DMARC: `p=reject` (and for an inherited record `sp=reject` or no `sp`). */
export function isRejectEverything(facts: DmarcFacts): boolean {
  const view = dmarcPolicyView(facts);
  if (!view) return false;
  if (view.inherited) return (view.record.sp ?? view.record.p) === 'reject';
  return view.record.p === 'reject';
}
