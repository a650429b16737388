import type { Resolver } from '../../dns/types';
import { checkHost, type SpfVerdict } from '../../spf/check-host';

/**
 * The domain's SPF policy evaluated by the RFC 7208 check_host() that the RFC 7208 test suite
 * verifies (src/spf/), for senders no policy should authorise: documentation addresses (RFC 5737,
 * RFC 3849). Nothing matches them, so check_host() walks every term as a receiver would in the worst
 * case: its lookup and void-lookup limits, its temperrors, and a `pass` that means "anyone may send".
 */
export const PROBE_ADDRESSES = ['192.0.2.1', '2001:db8::1'] as const;

export interface SpfProbe extends SpfVerdict {
  ip: string;
}

export async function probeSpf(resolver: Resolver, domain: string): Promise<SpfProbe[]> {
  return Promise.all(
    PROBE_ADDRESSES.map(async (ip) => ({
      ip,
      ...(await checkHost(resolver, { ip, mailFrom: `postmaster@${domain}`, helo: domain })),
    })),
  );
}
