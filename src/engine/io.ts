import type { Resolver } from '../dns/types';
import type { FetchOutcome } from '../http/fetch-outcome';
import type { FetchOptions } from '../probes/https-fetch';

/**
 * The network the gatherers use besides the run's resolver and TLS assessors (issue 15 item 3):
 * passed in by check-domain, so the facts hold no I/O of their own and a test can hand them a fake.
 */
export interface GathererIo {
  /** One HTTP(S) request to one pinned address; redirects are not followed. */
  fetchPinned(opts: FetchOptions): Promise<FetchOutcome>;
  /** One HTTPS request with the certificate checked (the MTA-STS policy, RFC 8461 §3.3). */
  fetchHttps(opts: FetchOptions): Promise<FetchOutcome>;
  /** A resolver that asks this one name server directly (is it reachable over IPv6?). */
  askServer(address: string): Resolver;
}
