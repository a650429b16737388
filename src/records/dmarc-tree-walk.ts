import { isTransientOutcome, type DnsOutcome } from '../dns/types';
import { isDmarcRecord, parseDmarc } from './dmarc';

/**
 * RFC 9989 §4.10, the DNS Tree Walk: pure over the `_dmarc` TXT answers that were gathered, so policy
 * discovery (§4.10.1) and the Organizational Domain (§4.10.2) are decided without I/O and can be
 * tested on every shape of answer, lost ones included.
 */

/** What `_dmarc.<name>` answered. */
export interface DmarcLookup {
  /** The domain the record would be for (without `_dmarc.`). */
  domain: string;
  outcome: DnsOutcome;
  /** Every TXT string, as published (not filtered: Internet.nl and RFC 9989 select differently). */
  txt: string[];
}

/**
 * §4.10 steps 4–8: the names to read, from the domain up to its top-level domain. A name of eight or
 * more labels jumps to its last seven after the first query, so no walk takes more than eight queries.
 */
export function treeWalkTargets(domain: string): string[] {
  const labels = domain
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l !== '');
  if (labels.length === 0) return [];
  const out = [labels.join('.')];
  for (let n = labels.length >= 8 ? 7 : labels.length - 1; n >= 1; n--)
    out.push(labels.slice(labels.length - n).join('.'));
  return out;
}

/** §4.10 step 2/7: records that are not DMARC are discarded, and several DMARC records discard each other. */
export function singleDmarcRecord(txt: string[]): string | undefined {
  const records = txt.filter(isDmarcRecord);
  return records.length === 1 ? records[0] : undefined;
}

export interface WalkStep {
  domain: string;
  outcome: DnsOutcome;
  /** How many DMARC records were there (0, 1, or more: then all were discarded). */
  dmarcRecords: number;
  psd?: 'y' | 'n' | 'u';
}

export interface DnsFault {
  lookup: string;
  dns: string;
}

export interface PolicyDiscovery {
  /** The record in force and where it was found, if one was. */
  record?: string;
  foundOn?: string;
  /** The walk could not go on past a lookup that failed: nothing above it is known. */
  fault?: DnsFault;
  walk: WalkStep[];
}

function stepOf(l: DmarcLookup | undefined, domain: string): WalkStep {
  if (!l) return { domain, outcome: 'error', dmarcRecords: 0 };
  const records = l.txt.filter(isDmarcRecord);
  const one = records.length === 1 ? parseDmarc(records[0] as string) : undefined;
  return {
    domain,
    outcome: l.outcome,
    dmarcRecords: records.length,
    ...(one?.ok && one.record.psd ? { psd: one.record.psd } : {}),
  };
}

function faultOf(l: DmarcLookup | undefined, domain: string): DnsFault | undefined {
  if (!l) return { lookup: `_dmarc.${domain} TXT`, dns: 'not_queried' };
  return isTransientOutcome(l.outcome) && singleDmarcRecord(l.txt) === undefined
    ? { lookup: `_dmarc.${domain} TXT`, dns: l.outcome }
    : undefined;
}

/**
 * §4.10.1: the first name on the walk with exactly one DMARC record holds the policy. A lookup that
 * failed before one was found stops the walk: whether that name has a record is unknown, so the
 * policy is unknown too (never "no record").
 */
export function discoverPolicy(domain: string, lookups: ReadonlyMap<string, DmarcLookup>): PolicyDiscovery {
  const walk: WalkStep[] = [];
  for (const target of treeWalkTargets(domain)) {
    const l = lookups.get(target);
    walk.push(stepOf(l, target));
    const record = l ? singleDmarcRecord(l.txt) : undefined;
    if (record !== undefined) return { record, foundOn: target, walk };
    const fault = faultOf(l, target);
    if (fault) return { fault, walk };
  }
  return { walk };
}

export interface OrgDomain {
  /** The Organizational Domain, when the walk could decide it. */
  domain?: string;
  /** Why: psd=n on it, psd=y on its parent, the record with the fewest labels, or no record (the domain itself). */
  rule?: 'psd_n' | 'psd_y_below' | 'fewest_labels' | 'no_record';
  fault?: DnsFault;
  walk: WalkStep[];
}

/**
 * §4.10.2: walk up; a record with psd=n makes its domain the Organizational Domain; a record with
 * psd=y (other than on the starting name) makes the name one label below it the Organizational
 * Domain; otherwise the record found with the fewest labels decides; with no record at all, the
 * domain is its own Organizational Domain. A failed lookup on the way leaves it undecided.
 */
export function organisationalDomainByWalk(domain: string, lookups: ReadonlyMap<string, DmarcLookup>): OrgDomain {
  const targets = treeWalkTargets(domain);
  const labels = (targets[0] ?? domain).split('.');
  const walk: WalkStep[] = [];
  let fewest: string | undefined;
  for (const [i, target] of targets.entries()) {
    const l = lookups.get(target);
    const step = stepOf(l, target);
    walk.push(step);
    const fault = faultOf(l, target);
    if (fault) return { fault, walk };
    if (step.dmarcRecords !== 1) continue;
    if (step.psd === 'n') return { domain: target, rule: 'psd_n', walk };
    if (step.psd === 'y' && i > 0) {
      const n = target.split('.').length + 1;
      return { domain: labels.slice(labels.length - n).join('.'), rule: 'psd_y_below', walk };
    }
    fewest = target;
  }
  return fewest
    ? { domain: fewest, rule: 'fewest_labels', walk }
    : { domain: targets[0] ?? domain, rule: 'no_record', walk };
}

/** `host` lies within `org` (equal to it or below it). */
export function within(host: string, org: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const o = org.toLowerCase().replace(/\.$/, '');
  return h === o || h.endsWith(`.${o}`);
}
