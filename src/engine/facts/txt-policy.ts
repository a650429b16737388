import type { DnsOutcome, Resolver } from '../../dns/types';
import { txtStrings } from '../../dns/types';

export interface TxtLookup {
  name: string;
  outcome: DnsOutcome;
  /** Every TXT string at the name (the check picks the records it recognises). */
  records: string[];
}

/** TXT at a policy name: `_smtp._tls.<domain>` (RFC 8460 §3), `_mta-sts.<domain>` (RFC 8461 §3.1). */
export async function gatherTxt(resolver: Resolver, name: string): Promise<TxtLookup> {
  const res = await resolver.query(name, 'TXT');
  return { name, outcome: res.outcome, records: txtStrings(res) };
}
