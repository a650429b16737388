import type { MxAddresses } from '../facts/mail-servers';
import type { TestResult } from '../../report/types';

/** RFC 4291 §2.5.5.2: an IPv4-mapped address is no IPv6 connectivity (Internet.nl treats it so). */
const realV6 = (a: string): boolean => !/^::ffff:/i.test(a);

/** mail_ipv6_mx_address (criteria §3.1): every MX has an AAAA record. */
export function checkIpv6MxAddress(servers: MxAddresses[], receivesMail: boolean): TestResult {
  const id = 'mail_ipv6_mx_address';
  if (!receivesMail || servers.length === 0) return { id, status: 'not_tested', reason: 'no_mx', details: {} };
  const without = servers.filter((s) => !s.ipv6.some(realV6)).map((s) => s.host);
  const details = { servers: servers.map((s) => ({ host: s.host, ipv6: s.ipv6 })) };
  return without.length === 0
    ? { id, status: 'passed', reason: 'all_mx_have_ipv6', details }
    : { id, status: 'failed', reason: 'mx_without_ipv6', details: { ...details, without } };
}

/** mail_ipv6_mx_reach: port 25 answers on every IPv6 address of every MX. */
export function checkIpv6MxReach(servers: MxAddresses[]): TestResult {
  const id = 'mail_ipv6_mx_reach';
  const addrs = servers.flatMap((s) =>
    Object.entries(s.reach6 ?? {})
      .filter(([a]) => realV6(a))
      .map(([address, reach]) => ({ host: s.host, address, reach })),
  );
  if (addrs.length === 0) return { id, status: 'not_tested', reason: 'no_ipv6_mx', details: {} };
  const details = { addresses: addrs };
  if (addrs.some((a) => a.reach === 'private_address'))
    return { id, status: 'error', reason: 'private_address', details };
  const down = addrs.filter((a) => a.reach !== 'open');
  return down.length === 0
    ? { id, status: 'passed', reason: 'all_reachable', details }
    : {
        id,
        status: 'failed',
        reason: 'unreachable_over_ipv6',
        details: { ...details, unreachable: down.map((d) => d.address) },
      };
}
