import type { Resolver } from '../../dns/types';
import type { FetchOutcome } from '../../http/fetch-outcome';
import type { GathererIo } from '../io';
import { mayFollowPort } from '../../probes/address-policy';
import { normaliseDomainInput } from '../../dns/name';
import { firstAddress, resolveAddresses } from '../../dns/addresses';
import type { Reach } from '../../probes/tcp-reach';
import type { TlsAssessor } from '../../probes/tls-assessor';

export interface Hop {
  url: string;
  address?: string;
  outcome: FetchOutcome | { ok: false; reason: 'no_address' | 'bad_location'; detail: string };
}

/** What one address of the web server answered. */
export interface SiteFacts {
  address: string;
  family: 4 | 6;
  /** GET https://<domain>/ without following redirects (HSTS and security headers are read here). */
  https: FetchOutcome;
  /** GET http://<domain>/: the first hop of the redirect rule. */
  http: FetchOutcome;
  /** TCP reachability of ports 80 and 443 (criteria §2.1, 4 s). */
  reach: { 80: Reach; 443: Reach };
}

export interface WebFacts {
  domain: string;
  ipv4: string[];
  ipv6: string[];
  /** Every address tested (up to MAX_PER_FAMILY of each family), IPv4 first. */
  sites: SiteFacts[];
  /** http://<domain>/ and every redirect after it, from the first address, at most MAX_HOPS. */
  chain: Hop[];
  /** GET https://<domain>/ offering compressed encodings (BREACH, criteria §2.3), first address. */
  compression?: FetchOutcome;
  /** /.well-known/security.txt and its redirects; then /security.txt when that did not give a 200. */
  securityTxt?: { hops: Hop[]; legacy: boolean };
  /** The A or AAAA lookup of the domain that failed: every address is not known. */
  addressFault?: { lookup: string; dns: string };
}

const MAX_HOPS = 8;
const MAX_PER_FAMILY = 4;
const PAGE_BYTES = 512 * 1024;

/**
 * Follows redirects from `start`, each request pinned to an address found in DNS for its host (never a
 * fresh lookup by the HTTP client), every hop under the address policy, bodies and time bounded.
 */
export async function followRedirects(
  fetchPinned: GathererIo['fetchPinned'],
  resolver: Resolver,
  start: URL,
  startAddress: string | undefined,
  allowPrivate: boolean,
  maxBytes: number,
  maxHops = MAX_HOPS,
  timeoutMs?: number,
  signal?: AbortSignal,
): Promise<Hop[]> {
  const hops: Hop[] = [];
  let url = start;
  for (let i = 0; i < maxHops; i++) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const address = i === 0 && startAddress ? startAddress : await firstAddress(resolver, host);
    if (!address) {
      hops.push({ url: url.href, outcome: { ok: false, reason: 'no_address', detail: host } });
      break;
    }
    const outcome = await fetchPinned({
      scheme: url.protocol === 'https:' ? 'https' : 'http',
      verify: false,
      address,
      host,
      path: `${url.pathname}${url.search}`,
      allowPrivate,
      maxBytes,
      ...(url.port ? { port: Number(url.port) } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    });
    hops.push({ url: url.href, address, outcome });
    if (!outcome.ok || outcome.status < 300 || outcome.status >= 400) break;
    const location = outcome.headers.location;
    let next: URL;
    try {
      next = new URL(String(Array.isArray(location) ? location[0] : (location ?? '')), url);
    } catch {
      hops.push({
        url: String(location).slice(0, 200),
        outcome: { ok: false, reason: 'bad_location', detail: 'unparsable Location' },
      });
      break;
    }
    if ((next.protocol !== 'http:' && next.protocol !== 'https:') || !normaliseDomainInput(next.hostname).ok) {
      hops.push({
        url: next.href.slice(0, 200),
        outcome: { ok: false, reason: 'bad_location', detail: 'not an http(s) URL with a host name' },
      });
      break;
    }
    // The start URL's port (80 or 443 in every real test) or the web ports, never another service.
    if (next.port && next.port !== start.port && !mayFollowPort(Number(next.port))) {
      hops.push({
        url: next.href.slice(0, 200),
        outcome: {
          ok: false,
          reason: 'bad_location',
          detail: `port ${next.port}: redirects are followed to ports 80 and 443 only`,
        },
      });
      break;
    }
    url = next;
  }
  return hops;
}

/** The website's HTTP facts on every address (criteria §2.3–2.4; Internet.nl only tests the first of each family). */
export async function gatherWeb(
  resolver: Resolver,
  domain: string,
  allowPrivate: boolean,
  assessor: TlsAssessor,
  fetchPinned: GathererIo['fetchPinned'],
  signal?: AbortSignal,
): Promise<WebFacts> {
  const sig = signal ? { signal } : {};
  const { ipv4, ipv6, fault } = await resolveAddresses(resolver, domain);
  const addressFault = fault ? { addressFault: fault } : {};
  const targets = [
    ...ipv4.slice(0, MAX_PER_FAMILY).map((a) => ({ address: a, family: 4 as const })),
    ...ipv6.slice(0, MAX_PER_FAMILY).map((a) => ({ address: a, family: 6 as const })),
  ];
  if (targets.length === 0) return { domain, ipv4, ipv6, sites: [], chain: [], ...addressFault };
  const sites = await Promise.all(
    targets.map(async ({ address, family }): Promise<SiteFacts> => {
      const [r80, r443] = [
        await assessor.reach(address, 4000, 80, signal),
        await assessor.reach(address, 4000, 443, signal),
      ];
      const https = await fetchPinned({
        scheme: 'https',
        verify: false,
        address,
        host: domain,
        path: '/',
        allowPrivate,
        maxBytes: PAGE_BYTES,
        ...sig,
      });
      const http = await fetchPinned({
        scheme: 'http',
        address,
        host: domain,
        path: '/',
        allowPrivate,
        maxBytes: PAGE_BYTES,
        ...sig,
      });
      return { address, family, https, http, reach: { 80: r80, 443: r443 } };
    }),
  );
  const first = targets[0]?.address as string;
  const chain = await followRedirects(
    fetchPinned,
    resolver,
    new URL(`http://${domain}/`),
    first,
    allowPrivate,
    64 * 1024,
    MAX_HOPS,
    undefined,
    signal,
  );
  const compression = await fetchPinned({
    scheme: 'https',
    verify: false,
    address: first,
    host: domain,
    path: '/',
    allowPrivate,
    maxBytes: 64 * 1024,
    headers: { 'accept-encoding': 'br, zstd, gzip, deflate, compress, x-gzip' },
    ...sig,
  });
  let hops = await followRedirects(
    fetchPinned,
    resolver,
    new URL(`https://${domain}/.well-known/security.txt`),
    first,
    allowPrivate,
    100 * 1024,
    5,
    undefined,
    signal,
  );
  let legacy = false;
  const last = hops[hops.length - 1]?.outcome;
  if (!last?.ok || last.status !== 200) {
    const fallback = await followRedirects(
      fetchPinned,
      resolver,
      new URL(`https://${domain}/security.txt`),
      first,
      allowPrivate,
      100 * 1024,
      5,
      undefined,
      signal,
    );
    const end = fallback[fallback.length - 1]?.outcome;
    if (end?.ok && end.status === 200) {
      hops = fallback;
      legacy = true;
    }
  }
  return { domain, ipv4, ipv6, sites, chain, compression, securityTxt: { hops, legacy }, ...addressFault };
}
