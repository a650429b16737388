import type { Verdict, ZoneReport } from '../../dns/dnssec/chain';
import { DEPRECATED_ALGORITHMS } from '../../dns/dnssec/keys';
import type { TestResult } from '../../report/types';
import type { MxStatus } from './mx';

/** Internet.nl gives an insecure domain 2 of the 10 points of the "valid" test (criteria §2.2). */
const INSECURE_POINTS = 2;

function verdictDetails(v: Verdict): Record<string, unknown> {
  return {
    state: v.state,
    ...(v.why ? { why: v.why } : {}),
    ...(v.zone ? { zone: v.zone } : {}),
    ...(v.detail ? { detail: v.detail } : {}),
  };
}

/** `*_dnssec_exist` for one name: signed (secure, or bogus but signed) passes; insecure fails (§2.2). */
export function checkDnssecExist(id: string, v: Verdict): TestResult {
  const details = verdictDetails(v);
  if (v.state === 'secure' || v.state === 'bogus') return { id, status: 'passed', reason: 'signed', details };
  if (v.state === 'insecure') return { id, status: 'failed', reason: 'not_signed', details };
  return { id, status: 'error', reason: 'dns_error', details };
}

/** `*_dnssec_valid`: secure passes; bogus fails with the reason and the zone; insecure is not tested (2 points). */
export function checkDnssecValid(id: string, v: Verdict): TestResult {
  const details = verdictDetails(v);
  if (v.state === 'secure') return { id, status: 'passed', reason: 'secure', details };
  if (v.state === 'bogus') return { id, status: 'failed', reason: 'bogus', details };
  if (v.state === 'insecure')
    return { id, status: 'not_tested', reason: 'not_signed', details, points: INSECURE_POINTS };
  return { id, status: 'error', reason: 'dns_error', details, points: 0 };
}

export interface MxVerdict {
  host: string;
  verdict: Verdict;
}

/** mail_dnssec_mx_exist and _valid over every MX host's zone (§3.2), with the null-MX rules of §3.0. */
export function checkDnssecMx(mxStatus: MxStatus, verdicts: MxVerdict[]): TestResult[] {
  const servers = verdicts.map((m) => ({ host: m.host, ...verdictDetails(m.verdict) }));
  const ids = ['mail_dnssec_mx_exist', 'mail_dnssec_mx_valid'] as const;
  if (mxStatus === 'dns_error')
    return ids.map((id) => ({ id, status: 'error', reason: 'dns_error', details: { servers } }));
  if (verdicts.length === 0) {
    const reason =
      mxStatus === 'null_mx' ? 'null_mx' : mxStatus === 'null_mx_without_a_aaaa' ? 'null_mx_without_a_aaaa' : 'no_mx';
    return ids.map((id) => ({ id, status: 'not_tested', reason, details: { servers } }));
  }
  const states = verdicts.map((m) => m.verdict.state);
  let exist: TestResult;
  if (states.includes('insecure'))
    exist = {
      id: ids[0],
      status: 'failed',
      reason: 'not_signed',
      details: { servers, unsigned: verdicts.filter((m) => m.verdict.state === 'insecure').map((m) => m.host) },
    };
  else if (states.includes('indeterminate'))
    exist = { id: ids[0], status: 'error', reason: 'dns_error', details: { servers } };
  else if (mxStatus === 'null_mx_with_other_mx')
    exist = { id: ids[0], status: 'warning', reason: 'null_mx_with_other_mx', details: { servers } };
  else exist = { id: ids[0], status: 'passed', reason: 'signed', details: { servers } };
  let valid: TestResult;
  if (states.includes('bogus'))
    valid = {
      id: ids[1],
      status: 'failed',
      reason: 'bogus',
      details: { servers, bogus: verdicts.filter((m) => m.verdict.state === 'bogus').map((m) => m.host) },
    };
  else if (states.includes('indeterminate'))
    valid = { id: ids[1], status: 'error', reason: 'dns_error', details: { servers }, points: 0 };
  else if (states.includes('insecure'))
    valid = { id: ids[1], status: 'not_tested', reason: 'not_signed', details: { servers }, points: INSECURE_POINTS };
  else valid = { id: ids[1], status: 'passed', reason: 'secure', details: { servers } };
  return [exist, valid];
}

/** Signatures that expire within this many seconds are reported before the outage they cause. */
const EXPIRY_WARNING_S = 7 * 86_400;

export interface AlgorithmFinding {
  zone: string;
  issue:
    | 'deprecated_algorithm'
    | 'sha1_ds'
    | 'rsa_below_2048'
    | 'nsec3_iterations'
    | 'nsec3_salt'
    | 'signatures_expire_soon';
  value: number;
}

/**
 * mail_dnssec_algorithms (beyond Internet.nl): RFC 8624 algorithm deprecations, SHA-1 DS (RFC 9905),
 * RSA keys under 2048 bits, NSEC3 iterations or salt against RFC 9276 §3.1, and signatures expiring
 * within 7 days. Only zones the domain's owner controls are judged: the root and TLDs are left out.
 */
export function checkDnssecAlgorithms(verdicts: Verdict[], nowSeconds: number): TestResult {
  const id = 'mail_dnssec_algorithms';
  const zones = new Map<string, ZoneReport>();
  for (const v of verdicts)
    for (const z of v.zones) if (z.zone !== '.' && z.zone.includes('.') && z.state === 'secure') zones.set(z.zone, z);
  // A chain that could not be followed hides the zone's parameters: "could not test", not "nothing to judge".
  const unknown = verdicts
    .filter((v) => v.state === 'indeterminate')
    .map((v) => v.zone ?? '')
    .filter(Boolean);
  if (zones.size === 0)
    return verdicts.some((v) => v.state === 'indeterminate')
      ? { id, status: 'error', reason: 'dns_error', details: { unknown } }
      : { id, status: 'not_tested', reason: 'no_signed_zones', details: {} };
  const findings: AlgorithmFinding[] = [];
  for (const z of zones.values()) {
    for (const a of z.algorithms)
      if (DEPRECATED_ALGORITHMS.has(a)) findings.push({ zone: z.zone, issue: 'deprecated_algorithm', value: a });
    if (z.dsDigestTypes.includes(1)) findings.push({ zone: z.zone, issue: 'sha1_ds', value: 1 });
    for (const bits of z.rsaBits)
      if (bits < 2048) findings.push({ zone: z.zone, issue: 'rsa_below_2048', value: bits });
    if (z.nsec3 && z.nsec3.iterations > 0)
      findings.push({ zone: z.zone, issue: 'nsec3_iterations', value: z.nsec3.iterations });
    if (z.nsec3 && z.nsec3.saltLength > 0)
      findings.push({ zone: z.zone, issue: 'nsec3_salt', value: z.nsec3.saltLength });
    if (z.earliestExpiry !== undefined && (z.earliestExpiry - nowSeconds) >>> 0 < EXPIRY_WARNING_S) {
      findings.push({
        zone: z.zone,
        issue: 'signatures_expire_soon',
        value: Math.max(0, Math.floor((z.earliestExpiry - nowSeconds) / 3600)),
      });
    }
  }
  const details = {
    zones: [...zones.values()].map((z) => ({
      zone: z.zone,
      algorithms: z.algorithms,
      dsDigestTypes: z.dsDigestTypes,
      rsaBits: z.rsaBits,
      ...(z.nsec3 ? { nsec3: z.nsec3 } : {}),
    })),
    findings,
  };
  if (findings.length === 0 && verdicts.some((v) => v.state === 'indeterminate'))
    return { id, status: 'error', reason: 'dns_error', details: { ...details, unknown } };
  if (findings.length === 0) return { id, status: 'passed', reason: 'modern_algorithms', details };
  return { id, status: 'failed', reason: findings[0]?.issue ?? 'weak', details };
}
