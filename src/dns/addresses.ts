import type { Resolver } from './types';

/** The A and AAAA addresses of a host (at most 16 of each), asked at once through the run's resolver. */
export async function resolveAddresses(resolver: Resolver, host: string): Promise<{ ipv4: string[]; ipv6: string[] }> {
  const [a, aaaa] = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  return { ipv4: a.records.map((r) => String(r.data)).slice(0, 16), ipv6: aaaa.records.map((r) => String(r.data)).slice(0, 16) };
}

/** The first address of a host, IPv4 before IPv6, or undefined. */
export async function firstAddress(resolver: Resolver, host: string): Promise<string | undefined> {
  const { ipv4, ipv6 } = await resolveAddresses(resolver, host);
  return ipv4[0] ?? ipv6[0];
}
