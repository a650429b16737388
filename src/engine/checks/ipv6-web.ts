import type { SiteFacts, WebFacts } from '../facts/web';
import type { Status, TestResult } from '../../report/types';
import type { FetchOutcome } from '../../http/fetch-outcome';
import { aggregate, type PerServer } from './per-server';

/**
 * web_ipv6_ws_* (internetnl-criteria.md §2.1): the web server's AAAA records, their reachability on
 * the ports IPv4 offers, and whether IPv6 visitors get the same site.
 */
export function checkIpv6WsAddress(f: WebFacts): TestResult {
  const id = 'web_ipv6_ws_address';
  if (f.ipv4.length === 0 && f.ipv6.length === 0) return { id, status: 'failed', reason: 'no_address', details: {} };
  if (f.ipv6.length === 0) return { id, status: 'failed', reason: 'no_web_ipv6', details: { ipv4: f.ipv4 } };
  return { id, status: 'passed', reason: 'web_has_ipv6', details: { ipv6: f.ipv6 } };
}

const PORTS = [80, 443] as const;
const open = (s: SiteFacts): number[] => PORTS.filter((p) => s.reach[p] === 'open');

/** Every AAAA answers on 80 and 443 wherever IPv4 does (4 s TCP connects). */
export function checkIpv6WsReach(f: WebFacts): TestResult {
  const id = 'web_ipv6_ws_reach';
  const v6 = f.sites.filter((s) => s.family === 6);
  // No AAAA: nothing to reach, and no points for reachability (the address test already fails).
  if (v6.length === 0) return { id, status: 'not_tested', reason: 'no_web_ipv6', details: {}, points: 0 };
  const v4Ports = [...new Set(f.sites.filter((s) => s.family === 4).flatMap(open))];
  const expected = v4Ports.length ? v4Ports : [...PORTS];
  const result = aggregate(
    id,
    v6.map((s): PerServer => {
      const b = { host: f.domain, address: s.address };
      if (s.reach[80] === 'private_address') return { ...b, status: 'error', reason: 'private_address' };
      const ports = open(s);
      if (ports.length === 0) return { ...b, status: 'failed', reason: 'web_unreachable_over_ipv6', ports };
      const missing = expected.filter((p) => !ports.includes(p));
      return missing.length
        ? { ...b, status: 'failed', reason: 'ipv6_ports_differ', ports, missing: missing.join(', ') }
        : { ...b, status: 'passed', reason: 'web_reachable_over_ipv6', ports };
    }),
    'web_reachable_over_ipv6',
  );
  // §2.1: partly reachable earns 2 of the 10 points.
  if (result.status === 'failed')
    return {
      ...result,
      points: (result.details.servers as PerServer[]).some((s) => (s.ports as number[] | undefined)?.length) ? 2 : 0,
    };
  return result;
}

/** Session nonces and ASP.NET view state differ per request; they are removed before comparing (as Internet.nl). */
function normalise(body: string): string[] {
  return body
    .slice(0, 500 * 1024)
    .replace(/name="__VIEWSTATE[A-Z]*" [^>]*>/gi, '')
    .replace(/nonce="[^"]*"/gi, '')
    .split(/\r?\n|(?<=>)/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20_000);
}

/** Similarity of two bodies: 2·|common lines| / (|a| + |b|), on multisets (linear, unlike a diff). */
export function similarity(a: string, b: string): number {
  const la = normalise(a);
  const lb = normalise(b);
  if (la.length + lb.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const l of la) counts.set(l, (counts.get(l) ?? 0) + 1);
  let common = 0;
  for (const l of lb) {
    const n = counts.get(l) ?? 0;
    if (n > 0) {
      common++;
      counts.set(l, n - 1);
    }
  }
  return (2 * common) / (la.length + lb.length);
}

const statusOf = (o: FetchOutcome): number | string => (o.ok ? o.status : o.reason);

/** web_ipv6_ws_similar: the same status and (within 10 %) the same page over IPv4 and IPv6, for http and https. */
export function checkIpv6WsSimilar(f: WebFacts): TestResult {
  const id = 'web_ipv6_ws_similar';
  const v4 = f.sites.find((s) => s.family === 4);
  const v6 = f.sites.find((s) => s.family === 6);
  // An IPv6-only site has nothing to differ from: not tested, with the full points (§2.1).
  if (!v4 && v6) return { id, status: 'not_tested', reason: 'ipv6_only', details: {} };
  if (!v4 || !v6) return { id, status: 'not_tested', reason: 'no_web_ipv6', details: {}, points: 0 };
  const details = {
    ipv4: v4.address,
    ipv6: v6.address,
    https: [statusOf(v4.https), statusOf(v6.https)],
    http: [statusOf(v4.http), statusOf(v6.http)],
  };
  if (open(v4).join() !== open(v6).join())
    return {
      id,
      status: 'failed',
      reason: 'different_ports',
      details: { ...details, ports4: open(v4), ports6: open(v6) },
    };
  for (const scheme of ['https', 'http'] as const) {
    const [a, b] = [v4[scheme], v6[scheme]];
    if (a.ok !== b.ok) return { id, status: 'failed', reason: 'no_response_on_one', details: { ...details, scheme } };
    if (!a.ok || !b.ok) continue;
    if (a.status !== b.status)
      return { id, status: 'failed', reason: 'different_status', details: { ...details, scheme } };
  }
  const [a, b] = [v4.https.ok ? v4.https : v4.http, v6.https.ok ? v6.https : v6.http];
  if (!a.ok || !b.ok) return { id, status: 'error', reason: 'web_unreachable', details };
  if (a.status >= 400)
    return { id, status: 'warning', reason: 'same_error_status', details: { ...details, httpStatus: a.status } };
  const ratio = similarity(a.body, b.body);
  const status: Status = ratio >= 0.9 ? 'passed' : 'warning';
  return {
    id,
    status,
    reason: status === 'passed' ? 'same_site' : 'different_content',
    details: { ...details, similarity: Math.round(ratio * 100) },
  };
}
