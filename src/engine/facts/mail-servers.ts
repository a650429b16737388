import type { Resolver } from '../../dns/types';
import { resolveAddresses } from '../../dns/addresses';
import type { DnssecValidator } from '../../dns/dnssec-validator';
import type { TlsaData, TlsaFacts } from '../checks/dane';
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
export async function gatherIpv6Reach(servers: MxAddresses[], assessor: TlsAssessor, signal?: AbortSignal): Promise<MxAddresses[]> {
  return Promise.all(servers.map(async (s) => {
    const reach6: Record<string, Reach> = {};
    for (const addr of s.ipv6) reach6[addr] = await assessor.reach(addr, 4000, undefined, signal);
    return { ...s, reach6 };
  }));
}

/** TLSA at _<port>._tcp.<host> (RFC 6698 §3; RFC 7672 §2.2 for SMTP), with our own DNSSEC verdict on it. */
export async function gatherTlsa(resolver: Resolver, validator: DnssecValidator, hosts: string[], nowSeconds: number, port = 25): Promise<TlsaFacts[]> {
  return Promise.all(hosts.map(async (host) => {
    const name = `_${port}._tcp.${host}`;
    const [verdict, res] = await Promise.all([validator.validate(name, 'TLSA', nowSeconds), resolver.query(name, 'TLSA', { cd: true })]);
    return { host, name, verdict, outcome: res.outcome, records: res.records.filter((r) => r.type === 'TLSA').map((r) => r.data as TlsaData).slice(0, 32) };
  }));
}
