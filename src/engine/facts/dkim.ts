import { randomBytes } from 'node:crypto';
import type { DnsOutcome, Resolver } from '../../dns/types';
import { txtStrings } from '../../dns/types';

/**
 * Selectors that common senders publish: Microsoft 365 (selector1, selector2), Google Workspace
 * (google), and widespread defaults of mail platforms and MTAs.
 */
export const COMMON_SELECTORS: readonly string[] = [
  'selector1',
  'selector2',
  'google',
  'default',
  'dkim',
  'mail',
  's1',
  's2',
  'k1',
  'k2',
  'key1',
  'smtp',
  'mx',
  'sig1',
];

export interface SelectorLookup {
  selector: string;
  outcome: DnsOutcome;
  records: string[];
}

export interface DkimFacts {
  domain: string;
  /** TXT at `_domainkey.<domain>`: NOERROR (with or without data) means the node exists (Internet.nl's rule). */
  nodeOutcome: DnsOutcome;
  selectors: SelectorLookup[];
  /** A random selector answered too: a wildcard, so selector answers prove little (Internet.nl #1025). */
  wildcard: boolean;
  /** What the random selector got: selector answers identical to it come from the wildcard. */
  wildcardRecords: string[];
}

const MAX_SELECTORS = 32;

export async function gatherDkim(
  resolver: Resolver,
  domain: string,
  extraSelectors: readonly string[] = [],
): Promise<DkimFacts> {
  const wanted = [...new Set([...extraSelectors.map((s) => s.toLowerCase()), ...COMMON_SELECTORS])]
    .filter((s) => /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(s) && s.length <= 63)
    .slice(0, MAX_SELECTORS);
  const probe = `mc-${randomBytes(6).toString('hex')}`;
  const [node, random, ...selectors] = await Promise.all([
    resolver.query(`_domainkey.${domain}`, 'TXT'),
    resolver.query(`${probe}._domainkey.${domain}`, 'TXT'),
    ...wanted.map((s) => resolver.query(`${s}._domainkey.${domain}`, 'TXT')),
  ]);
  return {
    domain,
    nodeOutcome: node?.outcome ?? 'error',
    selectors: selectors.map((res, i) => ({
      selector: wanted[i] as string,
      outcome: res.outcome,
      records: txtStrings(res),
    })),
    wildcard: random?.outcome === 'answer',
    wildcardRecords: random ? txtStrings(random) : [],
  };
}
