import type { WebFacts } from '../facts/web';
import type { TestResult } from '../../report/types';

/** RFC 6797 §6.1: Strict-Transport-Security directives; max-age is required. */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean; preload: boolean } {
  const out: { maxAge?: number; includeSubDomains: boolean; preload: boolean } = { includeSubDomains: false, preload: false };
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

/** web_https_http_available (criteria §2.3): a TLS handshake on 443. */
export function checkHttpsAvailable(f: WebFacts): TestResult {
  const id = 'web_https_http_available';
  if (!f.address) return { id, status: 'failed', reason: 'no_address', details: {} };
  const h = f.https;
  if (h?.ok) return { id, status: 'passed', reason: 'https_available', details: { address: f.address, status: h.status } };
  if (h?.reason === 'private_address') return { id, status: 'error', reason: 'private_address', details: { address: f.address } };
  if (h?.reason === 'timeout') return { id, status: 'error', reason: 'unreachable', details: { address: f.address } };
  return { id, status: 'failed', reason: 'no_https', details: { address: f.address, error: h && !h.ok ? h.detail : undefined } };
}

/**
 * web_https_http_redirect: Internet.nl's rule is the first hop: http:// must redirect straight to
 * https:// on the same host (or port 80 is closed). We also follow the whole chain and report a later
 * step back to plain http, which Internet.nl misses (#1521).
 */
export function checkHttpRedirect(f: WebFacts): TestResult {
  const id = 'web_https_http_redirect';
  if (!f.https?.ok) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const chain = f.chain.map((h) => ({ url: h.url, status: h.outcome.ok ? h.outcome.status : undefined, error: h.outcome.ok ? undefined : h.outcome.reason }));
  const first = f.chain[0];
  if (!first) return { id, status: 'error', reason: 'no_address', details: { chain } };
  if (!first.outcome.ok) {
    if (first.outcome.reason === 'connect_error') return { id, status: 'passed', reason: 'no_http', details: { chain } };
    if (first.outcome.reason === 'private_address') return { id, status: 'error', reason: 'private_address', details: { chain } };
    return { id, status: 'error', reason: 'unreachable', details: { chain } };
  }
  const second = f.chain[1];
  if (first.outcome.status < 300 || first.outcome.status >= 400 || !second) return { id, status: 'failed', reason: 'no_redirect_to_https', details: { chain } };
  const target = new URL(second.url);
  if (target.protocol !== 'https:') return { id, status: 'failed', reason: target.hostname === f.domain ? 'redirect_not_https' : 'redirect_other_host_first', details: { chain } };
  if (target.hostname !== f.domain) return { id, status: 'failed', reason: 'redirect_other_host_first', details: { chain } };
  const downgrade = f.chain.slice(2).find((h) => h.url.startsWith('http:'));
  if (downgrade) return { id, status: 'warning', reason: 'later_downgrade_to_http', details: { chain, downgrade: downgrade.url } };
  return { id, status: 'passed', reason: 'redirects_to_https', details: { chain } };
}

/** web_https_http_hsts: on the first HTTPS response, max-age of at least a year (criteria §2.3). */
export function checkHsts(f: WebFacts): TestResult {
  const id = 'web_https_http_hsts';
  if (!f.https?.ok) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const raw = f.https.headers['strict-transport-security'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return { id, status: 'failed', reason: 'no_hsts', details: {}, points: 0 };
  const h = parseHsts(value);
  const details = { header: value.slice(0, 200), maxAge: h.maxAge ?? null, includeSubDomains: h.includeSubDomains, preload: h.preload };
  if (h.maxAge === undefined) return { id, status: 'failed', reason: 'hsts_unparsable', details, points: 0 };
  if (h.maxAge < ONE_YEAR) return { id, status: 'failed', reason: 'hsts_too_short', details, points: 2 };
  return { id, status: 'passed', reason: 'hsts_one_year', details };
}
