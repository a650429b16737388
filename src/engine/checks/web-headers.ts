import { isInconclusiveFetch } from '../../http/fetch-outcome';
import type { WebFacts } from '../facts/web';
import type { Status, TestResult } from '../../report/types';
import { aggregate } from './per-server';
import { header, httpsSites } from './web-https';
import { assessCsp, parseCsp, type CspRule } from '../../records/csp';
import { parseSecurityTxt } from '../../records/security-txt';

/**
 * web_appsecpriv_* (internetnl-criteria.md §2.4): security headers of https://<domain>/ on every
 * address (no redirects followed), and security.txt (RFC 9116). None of these count in the score.
 */
function perSite(
  f: WebFacts,
  id: string,
  ok: string,
  judge: (value: (name: string) => string | undefined) => { status: Status; reason: string; [k: string]: unknown },
): TestResult {
  const sites = httpsSites(f);
  if (sites.length === 0) return { id, status: 'not_tested', reason: 'no_https', details: {} };
  return aggregate(
    id,
    sites.map((s) => ({ host: f.domain, address: s.address, ...judge((name) => header(s.https, name)) })),
    ok,
  );
}

/** X-Frame-Options (RFC 7034): DENY or SAMEORIGIN; ALLOW-FROM is obsolete and ignored by browsers. */
export function checkXFrameOptions(f: WebFacts): TestResult {
  return perSite(f, 'web_appsecpriv_x_frame_options', 'x_frame_options_set', (h) => {
    const v = h('x-frame-options');
    if (!v) return { status: 'failed', reason: 'no_x_frame_options' };
    const first = (v.split(',')[0] ?? '').trim().toUpperCase();
    return first === 'DENY' || first === 'SAMEORIGIN'
      ? { status: 'passed', reason: 'x_frame_options_set', value: first }
      : { status: 'failed', reason: 'bad_x_frame_options', value: v.slice(0, 100) };
  });
}

/** X-Content-Type-Options: nosniff (Fetch standard §X-Content-Type-Options). */
export function checkXContentTypeOptions(f: WebFacts): TestResult {
  return perSite(f, 'web_appsecpriv_x_content_type_options', 'nosniff', (h) => {
    const v = h('x-content-type-options');
    if (!v) return { status: 'failed', reason: 'no_x_content_type_options' };
    return (v.split(',')[0] ?? '').trim().toLowerCase() === 'nosniff'
      ? { status: 'passed', reason: 'nosniff' }
      : { status: 'failed', reason: 'bad_x_content_type_options', value: v.slice(0, 100) };
  });
}

/**
 * Content-Security-Policy: every policy delivered is enforced (CSP3 §4.1), so the site is as strict as
 * its strictest policy; the verdict rests on the policy that breaks the fewest rules.
 */
export function checkCsp(f: WebFacts): TestResult {
  return perSite(f, 'web_appsecpriv_csp', 'csp_strict', (h) => {
    const v = h('content-security-policy');
    if (!v) return { status: 'failed', reason: 'no_csp' };
    const verdicts = v
      .split(',')
      .slice(0, 8)
      .map((p) => assessCsp(parseCsp(p), f.domain));
    const best = verdicts.reduce<CspRule[] | undefined>((a, b) => (!a || b.length < a.length ? b : a), undefined) ?? [];
    return best.length === 0
      ? { status: 'passed', reason: 'csp_strict' }
      : { status: 'failed', reason: 'csp_too_open', rules: best.join(', ') };
  });
}

const GOOD_REFERRER = ['no-referrer', 'same-origin'];
const FAIR_REFERRER = ['strict-origin', 'strict-origin-when-cross-origin'];
const KNOWN_REFERRER = [
  ...GOOD_REFERRER,
  ...FAIR_REFERRER,
  'origin',
  'origin-when-cross-origin',
  'no-referrer-when-downgrade',
  'unsafe-url',
];

/** Referrer-Policy (W3C Referrer Policy §11.1): the last recognised token applies. */
export function checkReferrerPolicy(f: WebFacts): TestResult {
  return perSite(f, 'web_appsecpriv_referrer_policy', 'referrer_policy_private', (h) => {
    const v = h('referrer-policy');
    if (!v) return { status: 'info', reason: 'no_referrer_policy' };
    const tokens = v
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => KNOWN_REFERRER.includes(t));
    const policy = tokens[tokens.length - 1];
    if (policy && GOOD_REFERRER.includes(policy))
      return { status: 'passed', reason: 'referrer_policy_private', value: policy };
    if (policy && FAIR_REFERRER.includes(policy))
      return { status: 'info', reason: 'referrer_policy_origin', value: policy };
    return { status: 'failed', reason: 'referrer_policy_leaks', value: (policy ?? v).slice(0, 100) };
  });
}

/** security.txt (RFC 9116 §3): /.well-known/security.txt over HTTPS, Contact and Expires, text/plain. */
export function checkSecurityTxt(f: WebFacts, now: Date): TestResult {
  const id = 'web_appsecpriv_securitytxt';
  if (httpsSites(f).length === 0 || !f.securityTxt)
    return { id, status: 'not_tested', reason: 'no_https', details: {} };
  const { hops, legacy } = f.securityTxt;
  const last = hops[hops.length - 1];
  const url = last?.url ?? `https://${f.domain}/.well-known/security.txt`;
  if (last && isInconclusiveFetch(last.outcome))
    return {
      id,
      status: 'error',
      reason: 'fetch_failed',
      details: { url, error: !last.outcome.ok ? `${last.outcome.reason}: ${last.outcome.detail}` : undefined },
    };
  if (!last || !last.outcome.ok)
    return {
      id,
      status: 'failed',
      reason: 'securitytxt_unreachable',
      details: { url, error: last && !last.outcome.ok ? last.outcome.reason : undefined },
    };
  if (last.outcome.status !== 200)
    return { id, status: 'failed', reason: 'no_securitytxt', details: { url, httpStatus: last.outcome.status } };
  const ct = last.outcome.headers['content-type'];
  const parsed = parseSecurityTxt(
    { url, status: 200, contentType: Array.isArray(ct) ? ct[0] : ct, body: last.outcome.body, legacy },
    now,
  );
  const details = {
    url,
    contact: parsed.contact,
    expires: parsed.expires ?? null,
    signed: parsed.signed,
    errors: parsed.errors,
    recommendations: parsed.recommendations,
  };
  if (parsed.errors.length)
    return {
      id,
      status: 'failed',
      reason: `securitytxt_${parsed.errors[0]}`,
      details: { ...details, problem: parsed.errors.join(', ') },
    };
  // RFC 9116 §3: the file MUST be under /.well-known/; only at the legacy /security.txt is a notice
  // (Internet.nl: warning), the other recommendations are informational.
  if (parsed.recommendations.includes('legacy_location'))
    return { id, status: 'warning', reason: 'securitytxt_legacy_location', details };
  if (parsed.recommendations.length)
    return { id, status: 'info', reason: `securitytxt_${parsed.recommendations[0]}`, details };
  return { id, status: 'passed', reason: 'securitytxt_valid', details };
}
