import { organisationalDomain } from './psl';

/**
 * Content-Security-Policy (CSP Level 3 §2.2: a policy is directives separated by ";", each a name and
 * space-separated source expressions; the first occurrence of a directive wins) and Internet.nl's
 * rules for a sufficiently strict policy (internetnl-criteria.md §2.4).
 */
export type CspPolicy = Map<string, string[]>;

const MAX_DIRECTIVES = 64;
const MAX_SOURCES = 128;

export function parseCsp(value: string): CspPolicy {
  const policy: CspPolicy = new Map();
  for (const part of value.split(';').slice(0, MAX_DIRECTIVES)) {
    const tokens = part
      .trim()
      .split(/[\t ]+/)
      .filter(Boolean);
    const name = tokens[0]?.toLowerCase();
    if (!name || !/^[a-z0-9-]+$/.test(name) || policy.has(name)) continue;
    policy.set(name, tokens.slice(1, MAX_SOURCES + 1));
  }
  return policy;
}

/** The rule ids a policy breaks; empty when it is strict enough. */
export type CspRule =
  | 'default_src_missing'
  | 'default_src_too_open'
  | 'base_uri_missing'
  | 'base_uri_too_open'
  | 'frame_src_missing'
  | 'frame_src_too_open'
  | 'frame_ancestors_missing'
  | 'frame_ancestors_too_open'
  | 'form_action_missing'
  | 'form_action_too_open'
  | 'unsafe_keyword'
  | 'data_scheme'
  | 'http_source'
  | 'wildcard_source'
  | 'loopback_source';

const lower = (s: string): string => s.toLowerCase();

/** A host source's host (CSP §2.3.1 host-source), or undefined for keywords, schemes, nonces, hashes. */
function hostOf(source: string): { scheme?: string; host: string } | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9.-]+)(?::(?:\d{1,5}|\*))?(?:\/\S*)?$/i.exec(source);
  if (!m || source.startsWith("'")) return undefined;
  return { ...(m[1] ? { scheme: lower(m[1]) } : {}), host: lower(m[2] as string) };
}

/** The site's own name, a subdomain of it or the organisation's domain above it. */
function isOwnHost(host: string, domain: string): boolean {
  const h = host.replace(/^\*\./, '');
  if (h === domain || h.endsWith(`.${domain}`) || domain.endsWith(`.${h}`))
    return organisationalDomain(h) === organisationalDomain(domain);
  return false;
}

/** 'none', or only 'self' and https URLs of the site's own domain (and 'report-sample'). */
function restrictive(sources: string[], domain: string, anyHost: boolean): boolean {
  const s = sources.map(lower);
  if (s.length === 1 && s[0] === "'none'") return true;
  if (s.length === 0) return false;
  return s.every((src) => {
    if (src === "'self'" || src === "'report-sample'") return true;
    // Nonces and hashes narrow a policy; the 'unsafe-…' keywords have a rule of their own.
    if (/^'(nonce-|sha(256|384|512)-|unsafe-)/.test(src)) return true;
    const h = hostOf(src);
    if (!h || h.scheme !== 'https' || h.host.includes('*')) return false;
    return anyHost || isOwnHost(h.host, domain);
  });
}

export function assessCsp(policy: CspPolicy, domain: string): CspRule[] {
  const broken: CspRule[] = [];
  const d = (name: string): string[] | undefined => policy.get(name);
  const defaultSrc = d('default-src');
  if (!defaultSrc) broken.push('default_src_missing');
  else if (!restrictive(defaultSrc, domain, false)) broken.push('default_src_too_open');
  const baseUri = d('base-uri');
  if (!baseUri) broken.push('base_uri_missing');
  else if (!restrictive(baseUri, domain, false)) broken.push('base_uri_too_open');
  // frame-src falls back to child-src, then default-src (CSP Level 3 §6.1.6).
  const frameSrc = d('frame-src') ?? d('child-src') ?? defaultSrc;
  if (!frameSrc) broken.push('frame_src_missing');
  else if (!restrictive(frameSrc, domain, true)) broken.push('frame_src_too_open');
  // frame-ancestors and form-action do not fall back to default-src.
  for (const [name, missing, open] of [
    ['frame-ancestors', 'frame_ancestors_missing', 'frame_ancestors_too_open'],
    ['form-action', 'form_action_missing', 'form_action_too_open'],
  ] as const) {
    const v = d(name);
    if (!v) broken.push(missing);
    else if (!restrictive(v, domain, true)) broken.push(open);
  }
  const all = [...policy.values()].flat().map(lower);
  if (all.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || s === "'unsafe-hashes'"))
    broken.push('unsafe_keyword');
  if (['default-src', 'script-src', 'object-src'].some((n) => (d(n) ?? []).some((s) => lower(s) === 'data:')))
    broken.push('data_scheme');
  const hosts = all.map(hostOf).filter((h): h is { scheme?: string; host: string } => h !== undefined);
  if (all.includes('http:') || hosts.some((h) => h.scheme === 'http' || (h.scheme === undefined && h.host !== '*')))
    broken.push('http_source');
  if (all.includes('*') || all.includes('https:') || hosts.some((h) => h.host === '*')) broken.push('wildcard_source');
  if (hosts.some((h) => h.host === '127.0.0.1' || h.host === 'localhost')) broken.push('loopback_source');
  return broken;
}
