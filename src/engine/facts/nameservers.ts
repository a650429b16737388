import type { Resolver } from '../../dns/types';
import type { GathererIo } from '../io';
import { canonicalName } from '../../dns/name';
import { mayProbe } from '../../probes/address-policy';

export interface NsFacts {
  /** The zone whose NS set was used (the domain, or the nearest parent that has NS records). */
  zone: string;
  servers: { host: string; ipv6: string[]; reach: Record<string, 'answers' | 'silent' | 'private_address'> }[];
  outcome: 'ok' | 'no_ns' | 'dns_error';
}

const MAX_NS = 10;

/**
 * Internet.nl (criteria §2.1, §3.1): the NS of the domain, climbing to parent labels when the name has
 * none; the AAAA of each; then a DNS query for the zone's NS (with CD, UDP then TCP, 5 s) sent to every
 * IPv6 address of every name server. Addresses the policy refuses are not queried.
 */
export async function gatherNameservers(
  resolver: Resolver,
  domain: string,
  allowPrivate: boolean,
  askServer: GathererIo['askServer'],
  signal?: AbortSignal,
): Promise<NsFacts> {
  let zone = canonicalName(domain);
  let ns = await resolver.query(zone, 'NS');
  for (let i = 0; ns.outcome !== 'answer' && zone.includes('.') && i < 8; i++) {
    if (ns.outcome !== 'nodata' && ns.outcome !== 'nxdomain') return { zone, servers: [], outcome: 'dns_error' };
    zone = zone.slice(zone.indexOf('.') + 1);
    ns = await resolver.query(zone, 'NS');
  }
  if (ns.outcome !== 'answer')
    return { zone, servers: [], outcome: ns.outcome === 'nodata' || ns.outcome === 'nxdomain' ? 'no_ns' : 'dns_error' };
  const hosts = [...new Set(ns.records.map((r) => canonicalName(String(r.data))))].sort().slice(0, MAX_NS);
  const servers = await Promise.all(
    hosts.map(async (host) => {
      const aaaa = await resolver.query(host, 'AAAA');
      const ipv6 = aaaa.records
        .map((r) => String(r.data))
        .filter((a) => !/^::ffff:/i.test(a))
        .slice(0, 8);
      const reach: NsFacts['servers'][number]['reach'] = {};
      for (const addr of ipv6) {
        if (!mayProbe(addr, allowPrivate).ok) {
          reach[addr] = 'private_address';
          continue;
        }
        if (signal?.aborted) break;
        const r = await askServer(addr).query(zone, 'NS', { cd: true });
        reach[addr] =
          r.outcome === 'answer' || r.outcome === 'nodata' || r.outcome === 'nxdomain' || r.outcome === 'refused'
            ? 'answers'
            : 'silent';
      }
      return { host, ipv6, reach };
    }),
  );
  return { zone, servers, outcome: 'ok' };
}
