import type { DetailShapes, SpfTreeView } from '../../report/details';
import type { SpfProbe } from '../facts/spf-probe';
import type { SpfNode } from '../facts/spf-tree';
import type { TestResult } from '../../report/types';
import { MAX_LOOKUPS, MAX_VOID_LOOKUPS } from '../../spf/check-host';
import { isTransientOutcome } from '../../dns/types';

/** Internet.nl's "partial" score for a policy that exists but is wrong (§3.3). */
const PARTIAL = 2;

/** The keys of a test's details that other modules read (report/details.ts); the rest is free-form. */
type Shape<K extends keyof DetailShapes, R extends keyof DetailShapes[K] = keyof DetailShapes[K]> = Pick<
  DetailShapes[K],
  R
> &
  Record<string, unknown>;

export type AllQualifier = '-all' | '~all' | '?all' | '+all' | 'none';

/** mail_auth_spf_exist: exactly one `v=spf1` TXT record at the domain; no org-domain fallback (§3.3). */
export function checkSpfExist(tree: SpfNode): TestResult {
  const id = 'mail_auth_spf_exist';
  const details = { records: tree.records } satisfies Shape<'mail_auth_spf_exist'>;
  if (tree.records.length === 1) return { id, status: 'passed', reason: 'record_found', details };
  if (tree.records.length > 1) return { id, status: 'failed', reason: 'multiple_records', details };
  if (tree.outcome === 'answer' || tree.outcome === 'nodata' || tree.outcome === 'nxdomain') {
    return { id, status: 'failed', reason: 'no_record', details };
  }
  return { id, status: 'error', reason: 'dns_error', details: { ...details, dns: tree.outcome } };
}

interface Counts {
  lookups: number;
  voidLookups: number;
}

/** Per-node counts for the tree in `details`: `lookups` are this record's own DNS-querying terms, `total` includes everything below. */
type TreeView = SpfTreeView;

function viewOf(node: SpfNode): { view: TreeView; counts: Counts } {
  const own = node.terms.length;
  const ownVoid = node.terms.filter((t) => t.void).length;
  const children = node.children.map(viewOf);
  const counts = {
    lookups: own + children.reduce((a, c) => a + c.counts.lookups, 0),
    voidLookups: ownVoid + children.reduce((a, c) => a + c.counts.voidLookups, 0),
  };
  const problem = nodeProblem(node);
  const view: TreeView = {
    domain: node.domain,
    via: node.via,
    ...(node.records.length === 1 ? { record: node.records[0] } : {}),
    lookups: own,
    total: counts.lookups,
    voidLookups: counts.voidLookups,
    ...(problem ? { problem } : {}),
    children: children.map((c) => c.view),
  };
  return { view, counts };
}

function nodeProblem(node: SpfNode): string | undefined {
  if (node.loop) return 'loop';
  if (node.truncated) return 'not_followed';
  if (isTransientOutcome(node.outcome)) return `dns_${node.outcome}`;
  if (node.records.length === 0) return 'no_spf_record';
  if (node.records.length > 1) return 'multiple_spf_records';
  if (node.problems) return node.problems[0]?.code ?? 'invalid_syntax';
  return undefined;
}

/** The `all` that ends evaluation: the record's own, or its redirect target's (§6.1). */
function effectiveAll(node: SpfNode, depth = 0): AllQualifier {
  const all = node.record?.mechanisms.find((m) => m.kind === 'all');
  if (all) return `${all.qualifier}all` as AllQualifier;
  const redirect = node.children.find((c) => c.via === 'redirect');
  return redirect && depth < 12 ? effectiveAll(redirect, depth + 1) : 'none';
}

function* walk(node: SpfNode): Generator<SpfNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

/**
 * mail_auth_spf_policy (§3.3), RFC-exact where Internet.nl is not: every term that causes a DNS query
 * counts (`a:host` and `a/24` included, RFC 7208 §4.6.4), void lookups are limited to 2, and include
 * loops are named.
 */
export function checkSpfPolicy(tree: SpfNode, probes: readonly SpfProbe[] = []): TestResult {
  const id = 'mail_auth_spf_policy';
  if (tree.records.length !== 1) {
    const dnsError = tree.records.length === 0 && isTransientOutcome(tree.outcome);
    return {
      id,
      status: dnsError ? 'error' : 'failed',
      reason: dnsError ? 'dns_error' : tree.records.length === 0 ? 'no_record' : 'multiple_records',
      details: { records: tree.records },
      points: 0,
    };
  }
  const record = tree.records[0] as string;
  if (tree.problems) {
    return { id, status: 'failed', reason: 'invalid_syntax', details: { record, problems: tree.problems }, points: 0 };
  }
  const { view, counts } = viewOf(tree);
  const all = effectiveAll(tree);
  const mxOverLimit = [...walk(tree)]
    .flatMap((n) => n.terms)
    .filter((t) => (t.mxHosts ?? 0) > 10)
    .map((t) => t.term);
  const ptr = [...walk(tree)]
    .flatMap((n) => n.terms)
    .filter((t) => t.kind === 'ptr')
    .map((t) => t.term);
  const notes: string[] = [];
  if (ptr.length > 0) notes.push('ptr_mechanism_discouraged');
  if ([...walk(tree)].some((n) => n.terms.some((t) => t.macro))) notes.push('macros_not_resolved');
  if (tree.warnings?.some((w) => w.code === 'terms_after_all')) notes.push('terms_after_all');
  const details = {
    record,
    lookups: counts.lookups,
    voidLookups: counts.voidLookups,
    all,
    internetnlLookups: internetnlCount(tree),
    tree: view,
    ...(notes.length ? { notes } : {}),
  } satisfies Shape<'mail_auth_spf_policy', 'record' | 'lookups' | 'voidLookups' | 'tree'>;

  if (probes.length > 0)
    (details as Record<string, unknown>).checkHost = probes.map((p) => ({
      ip: p.ip,
      result: p.result,
      lookups: p.lookups,
      voidLookups: p.voidLookups,
      ...(p.mechanism ? { mechanism: p.mechanism } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
    }));
  const below = [...walk(tree)].slice(1);
  if (below.some((n) => n.loop)) return { id, status: 'failed', reason: 'include_loop', details, points: PARTIAL };
  // The count is a lower bound while parts are unknown; past 10 it decides whatever the rest holds.
  // A tree cut off at its size bound is far past 10 lookups too.
  if (counts.lookups > MAX_LOOKUPS || below.some((n) => n.truncated))
    return { id, status: 'failed', reason: 'max_dns_lookups', details, points: PARTIAL };
  const transient = below.find((n) => isTransientOutcome(n.outcome) && n.records.length === 0);
  if (transient)
    return { id, status: 'error', reason: 'include_dns_error', details: { ...details, failedOn: transient.domain } };
  // RFC 7208 §5 (a, mx, exists) and §4.4: a DNS error during a mechanism's lookup is a temperror. The
  // policy cannot be judged: an `exists:` that timed out might have matched, or not.
  const lost = [...walk(tree)]
    .flatMap((n) => n.terms.map((t) => ({ n, t })))
    .find(({ t }) => t.outcome !== undefined && isTransientOutcome(t.outcome));
  if (lost)
    return {
      id,
      status: 'error',
      reason: 'term_dns_error',
      details: { ...details, failedOn: lost.n.domain, term: lost.t.term, dns: lost.t.outcome },
    };
  const broken = below.find((n) => nodeProblem(n) !== undefined);
  if (broken) {
    return {
      id,
      status: 'failed',
      reason: broken.via === 'redirect' ? 'invalid_redirect' : 'invalid_include',
      details: { ...details, failedOn: broken.domain, problem: nodeProblem(broken) },
      points: PARTIAL,
    };
  }
  if (mxOverLimit.length > 0)
    return {
      id,
      status: 'failed',
      reason: 'too_many_mx_records',
      details: { ...details, terms: mxOverLimit },
      points: PARTIAL,
    };
  // RFC 7208 §4.6.4: more than two void lookups is a permerror. Internet.nl does not check this.
  if (counts.voidLookups > MAX_VOID_LOOKUPS)
    return { id, status: 'failed', reason: 'max_void_lookups', details, points: PARTIAL };
  // The suite-verified check_host() has the last word on the limits and on lost lookups: it evaluates
  // macros and terms the tree only counts (issue 15 item 5).
  const limit = probes.find(
    (p) => p.result === 'permerror' && /too_many_(dns|void)_lookups|too_many_mx_records/.test(p.reason ?? ''),
  );
  if (limit) {
    const reason =
      limit.reason === 'too_many_void_lookups'
        ? 'max_void_lookups'
        : limit.reason === 'too_many_mx_records'
          ? 'too_many_mx_records'
          : 'max_dns_lookups';
    return { id, status: 'failed', reason, details, points: PARTIAL };
  }
  // A probe stopped by our own query budget leaves the tree's verdict standing (nothing was lost there).
  const temp = probes.find((p) => p.result === 'temperror' && p.reason !== 'dns_budget');
  if (temp)
    return {
      id,
      status: 'error',
      reason: 'term_dns_error',
      details: { ...details, failedOn: tree.domain, term: 'check_host()', dns: temp.reason ?? 'temperror' },
    };
  // RFC 7208 §5.2: an include whose record passes every address matches everyone, so the policy is as
  // open as `+all` whatever the top-level `all` says. Internet.nl does not see this.
  const open = below.find((n) => n.via === 'include' && matchesEveryone(n));
  if (open)
    return {
      id,
      status: 'failed',
      reason: 'include_allows_all',
      details: { ...details, failedOn: open.domain },
      points: PARTIAL,
    };
  // check_host() let an address through that no policy should authorise, by a term other than the
  // top-level `all` (judged just below): a mechanism such as `ip4:0.0.0.0/1` or `a:` on a catch-all.
  const passed = probes.find((p) => p.result === 'pass' && !/^\+?all$/i.test(p.mechanism ?? ''));
  if (passed)
    return {
      id,
      status: 'failed',
      reason: /^\+?include:/i.test(passed.mechanism ?? '') ? 'include_allows_all' : 'policy_allows_any',
      details: {
        ...details,
        allowed: passed.ip,
        term: passed.mechanism ?? null,
        failedOn: (passed.mechanism ?? '').replace(/^\+?include:/i, ''),
      },
      points: PARTIAL,
    };
  // §3.3: `~all` or `-all` (directly or through redirect); `+all`, `?all` or nothing lets anyone send.
  if (all !== '-all' && all !== '~all')
    return { id, status: 'failed', reason: 'invalid_all', details, points: PARTIAL };
  return { id, status: 'passed', reason: all === '-all' ? 'valid_hard_fail' : 'valid_soft_fail', details };
}

/**
 * Whether a record passes every sender: `+all` (directly or through its redirect) or a pass
 * mechanism for all of IPv4 or IPv6 (`ip4:0.0.0.0/0`, `ip6:::/0`) before any other result.
 */
function matchesEveryone(node: SpfNode, depth = 0): boolean {
  const rec = node.record;
  if (!rec || depth > 12) return false;
  for (const m of rec.mechanisms) {
    if (m.qualifier !== '+') continue;
    if (m.kind === 'all') return true;
    if ((m.kind === 'ip4' && m.cidr4 === 0) || (m.kind === 'ip6' && m.cidr6 === 0)) return true;
  }
  if (rec.mechanisms.some((m) => m.kind === 'all')) return false;
  const redirect = node.children.find((c) => c.via === 'redirect');
  return redirect ? matchesEveryone(redirect, depth + 1) : false;
}

/**
 * What Internet.nl would count (criteria §3.3, §8): include, redirect, any term with mx, ptr or
 * exists, and a bare `a`; `a:host` and `a/24` are missed. Reported beside our RFC count for comparison.
 */
export function internetnlCount(tree: SpfNode): number {
  let n = 0;
  for (const node of walk(tree)) {
    for (const t of node.terms) if (t.kind !== 'a' || /^[+\-~?]?a$/i.test(t.term)) n++;
  }
  return n;
}

/** Internet.nl's non-sending SPF: exactly `v=spf1 -all`, optionally with an exp= modifier (§3.3). */
export function isNonSendingSpf(tree: SpfNode): boolean {
  const rec = tree.record;
  if (!rec || tree.records.length !== 1) return false;
  return (
    rec.mechanisms.length === 1 &&
    rec.mechanisms[0]?.kind === 'all' &&
    rec.mechanisms[0].qualifier === '-' &&
    rec.redirect === undefined &&
    rec.unknownModifiers.length === 0
  );
}
