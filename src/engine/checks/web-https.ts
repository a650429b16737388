import type { SiteFacts, WebFacts } from '../facts/web';
import type { Status, TestResult } from '../../report/types';
import type { ServerTlsFacts } from '../../tls/facts';
import type { FetchOutcome } from '../../http/fetch-outcome';
import { aggregate, type PerServer } from './per-server';
import { certFacts } from '../../tls/cert-facts';

/**
 * The HTTP part of web_https (internetnl-criteria.md §2.3), pure over the gathered facts. Internet.nl
 * tests the first IPv4 and IPv6 address; every address is judged here and the worst one decides,
 * with `details.servers` naming the address that failed.
 */

/** RFC 6797 §6.1: Strict-Transport-Security directives; max-age is required. */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean; preload: boolean } {
  const out: { maxAge?: number; includeSubDomains: boolean; preload: boolean } = {
    includeSubDomains: false,
    preload: false,
  };
  for (const part of value.split(';').slice(0, 20)) {
    const [k = '', v = ''] = part.trim().split('=');
    const key = k.trim().toLowerCase();
    if (key === 'max-age' && /^"?\d{1,12}"?$/.test(v.trim())) out.maxAge = Number(v.trim().replace(/"/g, ''));
    if (key === 'includesubdomains') out.includeSubDomains = true;
    if (key === 'preload') out.preload = true;
  }
  return out;
}

const ONE_YEAR = 31_536_000;

/** The first value of a response header (Node joins some repeated headers with ", "; arrays for others). */
export function header(outcome: FetchOutcome | undefined, name: string): string | undefined {
  if (!outcome?.ok) return undefined;
  const raw = outcome.headers[name];
  return (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 8192);
}

const base = (f: WebFacts, s: SiteFacts): { host: string; address: string } => ({ host: f.domain, address: s.address });
/** The sites that answered over HTTPS: the HTTP-level tests judge these. */
export const httpsSites = (f: WebFacts): SiteFacts[] => f.sites.filter((s) => s.https.ok);

/** web_https_http_available (criteria §2.3): a TLS handshake on 443 of every address. */
export function checkHttpsAvailable(f: WebFacts, tls: ServerTlsFacts[]): TestResult {
  const id = 'web_https_http_available';
  if (f.sites.length === 0) return { id, status: 'failed', reason: 'no_address', details: { servers: [] } };
  return aggregate(
    id,
    tls.map((t): PerServer => {
      const b = { host: t.host, address: t.address };
      if (t.outcome === 'ok') {
        if (!t.negotiated) return { ...b, status: 'failed', reason: 'tls_handshake_failed', detail: t.detail };
        // The DANE-EE record this address's current key calls for (RFC 6698 §2.1): used by the fix advice.
        const leaf = t.chain[0] ? certFacts(Buffer.from(t.chain[0], 'base64')) : undefined;
        return {
          ...b,
          status: 'passed',
          reason: 'https_available',
          version: t.negotiated.version,
          ...(leaf ? { tlsa311: leaf.spkiSha256 } : {}),
        };
      }
      if (t.outcome === 'private_address') return { ...b, status: 'error', reason: 'private_address' };
      if (/ECONNREFUSED/.test(t.detail ?? '')) return { ...b, status: 'failed', reason: 'no_https' };
      return { ...b, status: 'error', reason: 'https_unreachable', detail: t.detail };
    }),
    'https_available',
  );
}

/** Internet.nl's first-hop rule on one address: http:// redirects straight to https:// on the same name. */
function firstHop(f: WebFacts, s: SiteFacts): PerServer {
  const b = base(f, s);
  const h = s.http;
  if (!h.ok) {
    if (h.reason === 'private_address') return { ...b, status: 'error', reason: 'private_address' };
    if (s.reach[80] === 'closed') return { ...b, status: 'passed', reason: 'no_http' };
    return { ...b, status: 'error', reason: 'http_unreachable', detail: h.detail };
  }
  const location = header(h, 'location');
  if (h.status < 300 || h.status >= 400 || !location)
    return { ...b, status: 'failed', reason: 'no_redirect_to_https', httpStatus: h.status };
  let target: URL;
  try {
    target = new URL(location, `http://${f.domain}/`);
  } catch {
    return { ...b, status: 'failed', reason: 'no_redirect_to_https', location: location.slice(0, 200) };
  }
  const sameHost = target.hostname.toLowerCase() === f.domain;
  if (target.protocol === 'https:' && sameHost)
    return { ...b, status: 'passed', reason: 'redirects_to_https', location: target.href.slice(0, 200) };
  return {
    ...b,
    status: 'failed',
    reason: sameHost ? 'redirect_not_https' : 'redirect_other_host_first',
    location: target.href.slice(0, 200),
  };
}

/**
 * web_https_http_redirect: the first hop on every address, plus the whole chain from the first address,
 * where a later step back to plain http is reported (Internet.nl misses it, #1521).
 */
export function checkHttpRedirect(f: WebFacts): TestResult {
  const id = 'web_https_http_redirect';
  if (httpsSites(f).length === 0) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const result = aggregate(
    id,
    f.sites.map((s) => firstHop(f, s)),
    'redirects_to_https',
  );
  const chain = f.chain.map((h) => ({
    url: h.url,
    status: h.outcome.ok ? h.outcome.status : undefined,
    error: h.outcome.ok ? undefined : h.outcome.reason,
  }));
  const details = { ...result.details, chain };
  if (result.status === 'passed' && result.reason === 'redirects_to_https') {
    const downgrade = f.chain.slice(2).find((h) => h.url.startsWith('http:'));
    if (downgrade)
      return {
        id,
        status: 'warning',
        reason: 'later_downgrade_to_http',
        details: { ...details, downgrade: downgrade.url },
      };
  }
  if (result.status === 'passed' && f.sites.every((s) => firstHop(f, s).reason === 'no_http'))
    return { ...result, reason: 'no_http', details };
  return { ...result, details };
}

/** web_https_http_hsts: on the first HTTPS response of every address, max-age of at least a year (criteria §2.3). */
export function checkHsts(f: WebFacts): TestResult {
  const id = 'web_https_http_hsts';
  const sites = httpsSites(f);
  if (sites.length === 0) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const result = aggregate(
    id,
    sites.map((s): PerServer => {
      const b = base(f, s);
      const value = header(s.https, 'strict-transport-security');
      if (!value) return { ...b, status: 'failed', reason: 'no_hsts' };
      const h = parseHsts(value);
      const d = {
        header: value.slice(0, 200),
        maxAge: h.maxAge ?? null,
        includeSubDomains: h.includeSubDomains,
        preload: h.preload,
      };
      if (h.maxAge === undefined) return { ...b, ...d, status: 'failed', reason: 'hsts_unparsable' };
      if (h.maxAge < ONE_YEAR) return { ...b, ...d, status: 'failed', reason: 'hsts_too_short' };
      return { ...b, ...d, status: 'passed', reason: 'hsts_one_year' };
    }),
    'hsts_one_year',
  );
  // §5.1: a header that is present but too short earns 2 of the 10 points.
  const failing = (result.details.servers as PerServer[]).filter((s) => s.status === 'failed');
  if (failing.length) return { ...result, points: failing.every((s) => s.reason === 'hsts_too_short') ? 2 : 0 };
  return result;
}

/** web_https_http_compress (optional): HTTP compression of the page invites BREACH (criteria §2.3). */
export function checkHttpCompression(f: WebFacts): TestResult {
  const id = 'web_https_http_compress';
  if (!f.compression?.ok) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const encoding = header(f.compression, 'content-encoding');
  const status: Status = encoding && encoding.toLowerCase() !== 'identity' ? 'failed' : 'passed';
  return {
    id,
    status,
    reason: status === 'failed' ? 'http_compression' : 'no_http_compression',
    details: { ...(encoding ? { encoding } : {}) },
  };
}
