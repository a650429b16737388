import type { DnsOutcome, Resolver } from '../../dns/types';
import { canonicalName } from '../../dns/name';

export interface MxHost {
  host: string;
  preference: number;
}

export interface MxFacts {
  domain: string;
  outcome: DnsOutcome;
  /** All MX records as published (null MX included), sorted by preference then name. */
  records: MxHost[];
  /** Whether the domain itself has an A or AAAA record (for the null-MX rules). */
  hasAddress: boolean;
  addressOutcome: DnsOutcome;
}

export async function gatherMx(resolver: Resolver, domain: string): Promise<MxFacts> {
  const [mx, a, aaaa] = await Promise.all([
    resolver.query(domain, 'MX'),
    resolver.query(domain, 'A'),
    resolver.query(domain, 'AAAA'),
  ]);
  const records = mx.records
    .map((r) => {
      const d = r.data as { preference?: number; exchange?: string };
      return { host: canonicalName(String(d.exchange ?? '.')), preference: Number(d.preference ?? 0) };
    })
    .sort((x, y) => x.preference - y.preference || x.host.localeCompare(y.host));
  const hasAddress = a.outcome === 'answer' || aaaa.outcome === 'answer';
  const addressOutcome = hasAddress
    ? 'answer'
    : a.outcome === 'timeout' || aaaa.outcome === 'timeout'
      ? 'timeout'
      : a.outcome;
  return { domain, outcome: mx.outcome, records, hasAddress, addressOutcome };
}
