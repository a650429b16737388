import type { Resolver } from '../../dns/types';
import { canonicalName } from '../../dns/name';
import type { CaaRecord } from '../../records/caa';

export interface CaaFacts {
  name: string;
  foundOn?: string;
  records: CaaRecord[];
  outcome: 'found' | 'none' | 'dns_error';
}

/** RFC 8659 §3: the CAA set of a name is the first non-empty one climbing towards the root. */
export async function gatherCaa(resolver: Resolver, name: string): Promise<CaaFacts> {
  let current = canonicalName(name);
  for (let i = 0; i < 10 && current.includes('.'); i++) {
    const res = await resolver.query(current, 'CAA');
    if (res.outcome === 'answer') {
      return {
        name,
        foundOn: current,
        records: res.records.map((r) => r.data as CaaRecord).slice(0, 100),
        outcome: 'found',
      };
    }
    if (res.outcome !== 'nodata' && res.outcome !== 'nxdomain') return { name, records: [], outcome: 'dns_error' };
    current = current.slice(current.indexOf('.') + 1);
  }
  return { name, records: [], outcome: 'none' };
}
