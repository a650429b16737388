import type { DnsOutcome, Resolver } from '../../dns/types';
import { txtStrings } from '../../dns/types';
import { canonicalName } from '../../dns/name';
import { isSpfRecord, parseSpf, type MechanismKind, type SpfRecord } from '../../records/spf';
import { hasMacros } from '../../records/spf-macro';
import type { Problem } from '../../records/problem';

/** One DNS-querying term of a record and what its lookups returned (RFC 7208 §4.6.4). */
export interface SpfTermFact {
  term: string;
  kind: MechanismKind | 'redirect';
  /** The target name when it has no macros; macro targets depend on the message and are not resolved. */
  target?: string;
  macro: boolean;
  /** Outcome of the term's own lookup (A/AAAA for `a`, MX for `mx`, A for `exists`). */
  outcome?: DnsOutcome;
  /** A void lookup: the name exists without data, or does not exist (§4.6.4). */
  void: boolean;
  /** For `mx`: how many MX hosts, each needing an address lookup (limit 10 per term). */
  mxHosts?: number;
}

export interface SpfNode {
  domain: string;
  via: 'top' | 'include' | 'redirect';
  outcome: DnsOutcome;
  /** The `v=spf1` records found at the name. */
  records: string[];
  record?: SpfRecord;
  problems?: Problem[];
  warnings?: Problem[];
  terms: SpfTermFact[];
  children: SpfNode[];
  /** This include/redirect points back at a record on the path above it. */
  loop?: boolean;
  /** Not followed: the tree reached its size bound. */
  truncated?: boolean;
}

/** Bounds against hostile records: nodes in one tree and depth of nesting. */
const MAX_NODES = 40;
const MAX_DEPTH = 12;

/**
 * Walk a domain's SPF record and every include and redirect below it, resolving each DNS-querying term
 * without macros, so the posture check can count lookups and void lookups exactly as a receiver's
 * check_host() would in the worst case (no mechanism matching).
 */
export async function gatherSpfTree(resolver: Resolver, domain: string): Promise<SpfNode> {
  const budget = { nodes: 0 };
  return visit(resolver, canonicalName(domain), 'top', [], budget);
}

async function visit(
  resolver: Resolver,
  domain: string,
  via: SpfNode['via'],
  path: string[],
  budget: { nodes: number },
): Promise<SpfNode> {
  budget.nodes++;
  const res = await resolver.query(domain, 'TXT');
  const records = txtStrings(res).filter(isSpfRecord);
  const node: SpfNode = { domain, via, outcome: res.outcome, records, terms: [], children: [] };
  if (records.length !== 1) return node;
  const parsed = parseSpf(records[0] as string);
  if (!parsed.ok) {
    node.problems = parsed.problems;
    return node;
  }
  node.record = parsed.record;
  if (parsed.warnings.length > 0) node.warnings = parsed.warnings;
  const here = [...path, domain];

  const follow = async (target: string, kind: 'include' | 'redirect'): Promise<SpfNode> => {
    const name = canonicalName(target);
    if (here.includes(name))
      return { domain: name, via: kind, outcome: 'answer', records: [], terms: [], children: [], loop: true };
    if (budget.nodes >= MAX_NODES || here.length >= MAX_DEPTH) {
      return { domain: name, via: kind, outcome: 'budget', records: [], terms: [], children: [], truncated: true };
    }
    return visit(resolver, name, kind, here, budget);
  };

  // Terms are resolved concurrently; their order (and so the report) stays as written.
  const allPresent = parsed.record.mechanisms.some((m) => m.kind === 'all');
  const steps = parsed.record.mechanisms
    .filter((mech) => mech.kind !== 'all' && mech.kind !== 'ip4' && mech.kind !== 'ip6')
    .map(async (mech): Promise<{ fact: SpfTermFact; child?: SpfNode }> => {
      const spec = mech.domainSpec ?? domain;
      const macro = hasMacros(spec);
      const fact: SpfTermFact = {
        term: mech.text,
        kind: mech.kind,
        macro,
        void: false,
        ...(macro ? {} : { target: canonicalName(spec) }),
      };
      if (macro) return { fact };
      const target = canonicalName(spec);
      switch (mech.kind) {
        case 'include':
          return { fact, child: await follow(target, 'include') };
        case 'a': {
          const [a, aaaa] = await Promise.all([resolver.query(target, 'A'), resolver.query(target, 'AAAA')]);
          fact.outcome = a.outcome === 'answer' || aaaa.outcome === 'answer' ? 'answer' : a.outcome;
          fact.void = isVoid(a.outcome) && isVoid(aaaa.outcome);
          return { fact };
        }
        case 'mx': {
          const mx = await resolver.query(target, 'MX');
          fact.outcome = mx.outcome;
          fact.void = isVoid(mx.outcome);
          fact.mxHosts = mx.records.filter(
            (r) => !['', '.'].includes(String((r.data as { exchange?: string }).exchange ?? '')),
          ).length;
          return { fact };
        }
        case 'exists': {
          const a = await resolver.query(target, 'A');
          fact.outcome = a.outcome;
          fact.void = isVoid(a.outcome);
          return { fact };
        }
        default:
          // ptr needs the client's address: counted, not resolved (§5.5: SHOULD NOT be used).
          return { fact };
      }
    });
  for (const step of await Promise.all(steps)) {
    node.terms.push(step.fact);
    if (step.child) node.children.push(step.child);
  }
  // §6.1: redirect only applies when no mechanism matched; with `all` present it never does.
  if (parsed.record.redirect !== undefined && !allPresent) {
    const macro = hasMacros(parsed.record.redirect);
    node.terms.push({
      term: `redirect=${parsed.record.redirect}`,
      kind: 'redirect',
      macro,
      void: false,
      ...(macro ? {} : { target: canonicalName(parsed.record.redirect) }),
    });
    if (!macro) node.children.push(await follow(parsed.record.redirect, 'redirect'));
  }
  return node;
}

function isVoid(outcome: DnsOutcome): boolean {
  return outcome === 'nxdomain' || outcome === 'nodata';
}
