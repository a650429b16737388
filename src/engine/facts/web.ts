import type { Resolver } from '../../dns/types';
import { fetchPinned, type FetchOutcome } from '../../probes/https-fetch';
import { normaliseDomainInput } from '../../dns/name';
import { firstAddress } from '../../dns/addresses';

export interface Hop {
  url: string;
  address?: string;
  outcome: FetchOutcome | { ok: false; reason: 'no_address' | 'bad_location'; detail: string };
}

export interface WebFacts {
  domain: string;
  address?: string;
  /** GET https://<domain>/ without following redirects (HSTS is read from this response). */
  https?: FetchOutcome;
  /** http://<domain>/ and every redirect after it, at most MAX_HOPS. */
  chain: Hop[];
}

const MAX_HOPS = 8;

/**
 * The website's HTTP facts, each request pinned to an address found in DNS for the host asked for
 * (never a fresh lookup by the HTTP client), every hop under the address policy, bodies and time bounded.
 */
export async function gatherWeb(resolver: Resolver, domain: string, allowPrivate: boolean): Promise<WebFacts> {
  const address = await firstAddress(resolver, domain);
  if (!address) return { domain, chain: [] };
  const https = await fetchPinned({ scheme: 'https', verify: false, address, host: domain, path: '/', allowPrivate, maxBytes: 256 * 1024 });
  const chain: Hop[] = [];
  let url = new URL(`http://${domain}/`);
  for (let i = 0; i < MAX_HOPS; i++) {
    const host = url.hostname;
    const hopAddress = host === domain ? address : await firstAddress(resolver, host);
    if (!hopAddress) { chain.push({ url: url.href, outcome: { ok: false, reason: 'no_address', detail: host } }); break; }
    const outcome = await fetchPinned({ scheme: url.protocol === 'https:' ? 'https' : 'http', verify: false, address: hopAddress, host, path: `${url.pathname}${url.search}`, allowPrivate, maxBytes: 64 * 1024 });
    chain.push({ url: url.href, address: hopAddress, outcome });
    if (!outcome.ok || outcome.status < 300 || outcome.status >= 400) break;
    const location = outcome.headers.location;
    let next: URL;
    try {
      next = new URL(String(Array.isArray(location) ? location[0] : location ?? ''), url);
    } catch {
      chain.push({ url: String(location).slice(0, 200), outcome: { ok: false, reason: 'bad_location', detail: 'unparsable Location' } });
      break;
    }
    if ((next.protocol !== 'http:' && next.protocol !== 'https:') || !normaliseDomainInput(next.hostname).ok) {
      chain.push({ url: next.href.slice(0, 200), outcome: { ok: false, reason: 'bad_location', detail: 'not an http(s) URL with a host name' } });
      break;
    }
    url = next;
  }
  return { domain, address, https, chain };
}
