import type { Resolver } from '../../dns/types';
import { resolveAddresses } from '../../dns/addresses';
import type { Reach } from '../../probes/tcp-reach';
import type { TlsAssessor } from '../../probes/tls-assessor';

export interface MxAddresses {
  host: string;
  ipv4: string[];
  ipv6: string[];
  /** The address lookup that failed, if one did. */
  fault?: { lookup: string; dns: string };
  /** IPv6 port-25 reachability per address (filled by gatherIpv6Reach). */
  reach6?: Record<string, Reach>;
}

export async function gatherMxAddresses(resolver: Resolver, hosts: string[]): Promise<MxAddresses[]> {
  return Promise.all(hosts.map(async (host) => ({ host, ...(await resolveAddresses(resolver, host)) })));
}

/** TCP 25 on every IPv6 address of every MX (criteria §3.1, 4 s), once per address per run. */
export async function gatherIpv6Reach(
  servers: MxAddresses[],
  assessor: TlsAssessor,
  signal?: AbortSignal,
): Promise<MxAddresses[]> {
  return Promise.all(
    servers.map(async (s) => {
      const reach6: Record<string, Reach> = {};
      for (const addr of s.ipv6) reach6[addr] = await assessor.reach(addr, 4000, undefined, signal);
      return { ...s, reach6 };
    }),
  );
}
