import { StubResolver } from '../dns/stub-resolver';
import { fetchHttps, fetchPinned } from '../probes/https-fetch';
import type { GathererIo } from './io';

/** The real network: what check-domain gives the gatherers unless a test gives them something else. */
export const LIVE_IO: GathererIo = {
  fetchPinned,
  fetchHttps,
  // One attempt of 5 s per name server address (Internet.nl's reachability test, criteria §2.1/§3.1).
  askServer: (address) => new StubResolver({ servers: [{ host: address, port: 53 }], timeoutMs: 5000, attempts: 1 }),
};
