import { isTransientOutcome, type Resolver } from './types';

export interface HostAddresses {
  ipv4: string[];
  ipv6: string[];
  /** The lookup that did not succeed (timeout, SERVFAIL, …): then "no address" is not known. */
  fault?: { lookup: string; dns: string };
}

/** The A and AAAA addresses of a host (at most 16 of each), asked at once through the run's resolver. */
export async function resolveAddresses(resolver: Resolver, host: string): Promise<HostAddresses> {
  const [a, aaaa] = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  const failed = [a, aaaa].find((r) => r.records.length === 0 && isTransientOutcome(r.outcome));
  return {
    ipv4: a.records.map((r) => String(r.data)).slice(0, 16),
    ipv6: aaaa.records.map((r) => String(r.data)).slice(0, 16),
    ...(failed ? { fault: { lookup: `${host} ${failed.type}`, dns: failed.outcome } } : {}),
  };
}

/** The first address of a host, IPv4 before IPv6, or undefined. */
export async function firstAddress(resolver: Resolver, host: string): Promise<string | undefined> {
  const { ipv4, ipv6 } = await resolveAddresses(resolver, host);
  return ipv4[0] ?? ipv6[0];
}
