import type { NsFacts } from '../facts/nameservers';
import type { TestResult } from '../../report/types';

/** `*_ipv6_ns_address` (criteria §2.1): at least two name servers with an IPv6 address. */
export function checkIpv6NsAddress(id: string, f: NsFacts): TestResult {
  const details = { zone: f.zone, servers: f.servers.map((s) => ({ host: s.host, ipv6: s.ipv6 })) };
  if (f.outcome === 'dns_error') return { id, status: 'error', reason: 'dns_error', details };
  if (f.outcome === 'no_ns') return { id, status: 'failed', reason: 'no_nameservers', details };
  const withV6 = f.servers.filter((s) => s.ipv6.length > 0).length;
  if (withV6 >= 2) return { id, status: 'passed', reason: 'ns_have_ipv6', details };
  return { id, status: 'failed', reason: withV6 === 1 ? 'only_one_ns_with_ipv6' : 'no_ns_with_ipv6', details };
}

/** `*_ipv6_ns_reach`: every IPv6 address of every name server answers DNS. */
export function checkIpv6NsReach(id: string, f: NsFacts): TestResult {
  const addrs = f.servers.flatMap((s) =>
    Object.entries(s.reach).map(([address, reach]) => ({ host: s.host, address, reach })),
  );
  const details = { zone: f.zone, addresses: addrs };
  if (f.outcome === 'dns_error') return { id, status: 'error', reason: 'dns_error', details };
  if (addrs.length === 0) return { id, status: 'failed', reason: 'no_ns_with_ipv6', details, points: 0 };
  if (addrs.some((a) => a.reach === 'private_address'))
    return { id, status: 'error', reason: 'private_address', details };
  const silent = addrs.filter((a) => a.reach !== 'answers');
  return silent.length === 0
    ? { id, status: 'passed', reason: 'all_ns_answer_over_ipv6', details }
    : {
        id,
        status: 'failed',
        reason: 'ns_unreachable_over_ipv6',
        details: { ...details, unreachable: silent.map((s) => s.address) },
      };
}
