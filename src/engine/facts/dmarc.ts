import type { DnsOutcome, Resolver } from '../../dns/types';
import { txtStrings } from '../../dns/types';
import { organisationalDomain } from '../../records/psl';
import { declaredPolicy, parseDmarc } from '../../records/dmarc';
import {
  discoverPolicy,
  organisationalDomainByWalk,
  treeWalkTargets,
  within,
  type DmarcLookup,
} from '../../records/dmarc-tree-walk';

export type { DmarcLookup } from '../../records/dmarc-tree-walk';

export interface ExternalAuthorisation {
  /** The report destination's domain (mailto host). */
  host: string;
  /** `<policy domain>._report._dmarc.<host>` (RFC 9989 §4.6 / RFC 9990). */
  name: string;
  outcome: DnsOutcome;
  /** Every TXT string at that name. */
  txt: string[];
}

export interface DmarcFacts {
  domain: string;
  /** `_dmarc.<name>` for every name of the RFC 9989 tree walk, and the PSL organisational domain Internet.nl reads. */
  lookups: ReadonlyMap<string, DmarcLookup>;
  /** Internet.nl's organisational domain: the Public Suffix List (private section included) plus one label. */
  pslOrgDomain: string;
  /** Report destinations outside the policy's Organizational Domain, with their authorisation lookups. */
  external: ExternalAuthorisation[];
}

/** At most this many external destinations are looked up (hostile records may list hundreds). */
const MAX_EXTERNAL = 10;

async function lookup(resolver: Resolver, domain: string): Promise<DmarcLookup> {
  const res = await resolver.query(`_dmarc.${domain}`, 'TXT');
  return { domain, outcome: res.outcome, txt: txtStrings(res) };
}

/**
 * Every name of the tree walk is asked at once (at most eight, RFC 9989 §4.10; most are cached across
 * a scan: `_dmarc.nl` is asked once), so the walk costs one round trip; the pure walk then decides.
 */
export async function gatherDmarc(resolver: Resolver, domain: string): Promise<DmarcFacts> {
  const pslOrgDomain = organisationalDomain(domain);
  const names = [...new Set([...treeWalkTargets(domain), pslOrgDomain])];
  const lookups = new Map((await Promise.all(names.map((n) => lookup(resolver, n)))).map((l) => [l.domain, l]));
  const facts: DmarcFacts = { domain, lookups, pslOrgDomain, external: [] };

  const policy = discoverPolicy(domain, lookups);
  if (policy.record === undefined || policy.foundOn === undefined) return facts;
  const parsed = parseDmarc(policy.record);
  if (!parsed.ok || (declaredPolicy(parsed.record) === undefined && parsed.record.rua.length === 0)) return facts;
  const org = organisationalDomainByWalk(policy.foundOn, lookups).domain;
  const hosts = new Set<string>();
  for (const uri of [...parsed.record.rua, ...parsed.record.ruf]) {
    // Within the Organizational Domain no authorisation is needed; when the walk could not decide it,
    // a host outside the policy domain is asked too (an answer settles it either way).
    if (uri.mailtoDomain && !within(uri.mailtoDomain, org ?? policy.foundOn)) hosts.add(uri.mailtoDomain);
  }
  const foundOn = policy.foundOn;
  facts.external = await Promise.all(
    [...hosts].slice(0, MAX_EXTERNAL).map(async (host) => {
      const name = `${foundOn}._report._dmarc.${host}`;
      const res = await resolver.query(name, 'TXT');
      return { host, name, outcome: res.outcome, txt: txtStrings(res) };
    }),
  );
  return facts;
}
