import { createHash } from 'node:crypto';
import type { DnsRecord } from '../types';
import { compareNames, isSubdomain, nameWire } from './canonical';

/**
 * Authenticated denial of existence, pure: NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8). The caller
 * has already verified the signatures over the records passed in.
 */

export interface NsecData {
  nextDomain: string;
  rrtypes: string[];
}

export interface Nsec3Data {
  algorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  nextDomain: Buffer;
  rrtypes: string[];
}

/** RFC 9276 §3.2: validators may treat more iterations as insecure; Unbound's limit is 150. */
export const MAX_NSEC3_ITERATIONS = 150;
/** Bound on the hashing work one response may cause. */
const MAX_NSEC3_RECORDS = 32;

export type DenialKind = 'nxdomain' | 'nodata';

export type DenialOutcome =
  | { ok: true; insecureDelegation?: boolean; optOut?: boolean; wildcard?: boolean }
  | { ok: false; why: 'bad_denial' | 'nsec3_iterations'; detail: string };

// ---------- NSEC ----------

function nsecCovers(owner: string, next: string, name: string): boolean {
  const afterOwner = compareNames(owner, name) < 0;
  const beforeNext = compareNames(name, next) < 0;
  // The last NSEC of a zone points back at the apex: it covers everything after its owner.
  return compareNames(owner, next) < 0 ? afterOwner && beforeNext : afterOwner || beforeNext;
}

function commonAncestor(a: string, b: string): string {
  const la = a.toLowerCase().split('.').reverse();
  const lb = b.toLowerCase().split('.').reverse();
  const out: string[] = [];
  for (let i = 0; i < Math.min(la.length, lb.length) && la[i] === lb[i]; i++) out.push(la[i] as string);
  return out.reverse().join('.');
}

export function proveWithNsec(nsecs: DnsRecord[], qname: string, qtype: string, kind: DenialKind): DenialOutcome {
  const list = nsecs.map((r) => ({ owner: r.name, d: r.data as NsecData }));
  const exact = list.find((n) => n.owner.toLowerCase() === qname.toLowerCase());
  if (kind === 'nodata') {
    if (exact) {
      if (exact.d.rrtypes.includes(qtype) || exact.d.rrtypes.includes('CNAME'))
        return { ok: false, why: 'bad_denial', detail: `NSEC at ${qname} lists ${qtype}` };
      // A DS query answered from the parent side: NS without SOA is an insecure delegation.
      const insecureDelegation = qtype === 'DS' && exact.d.rrtypes.includes('NS') && !exact.d.rrtypes.includes('SOA');
      return { ok: true, ...(insecureDelegation ? { insecureDelegation } : {}) };
    }
    // Wildcard NODATA (RFC 4035 §3.1.3.4): qname covered, and the wildcard's NSEC lacks the type.
    const cover = list.find((n) => nsecCovers(n.owner, n.d.nextDomain, qname));
    if (cover) {
      const ce =
        [commonAncestor(cover.owner, qname), commonAncestor(cover.d.nextDomain, qname)].sort(
          (a, b) => b.length - a.length,
        )[0] ?? '';
      const wild = list.find((n) => n.owner.toLowerCase() === `*.${ce}`);
      if (wild && !wild.d.rrtypes.includes(qtype)) return { ok: true, wildcard: true };
    }
    return { ok: false, why: 'bad_denial', detail: `no NSEC proves ${qname} has no ${qtype}` };
  }
  const cover = list.find((n) => nsecCovers(n.owner, n.d.nextDomain, qname));
  if (!cover) return { ok: false, why: 'bad_denial', detail: `no NSEC covers ${qname}` };
  // The closest encloser is the longer of the names it shares with the covering NSEC's ends.
  const ce =
    [commonAncestor(cover.owner, qname), commonAncestor(cover.d.nextDomain, qname)].sort(
      (a, b) => b.length - a.length,
    )[0] ?? '';
  const wildcard = `*.${ce}`;
  if (list.some((n) => n.owner.toLowerCase() === wildcard))
    return { ok: false, why: 'bad_denial', detail: `${wildcard} exists, so ${qname} would be synthesised` };
  if (!list.some((n) => nsecCovers(n.owner, n.d.nextDomain, wildcard)))
    return { ok: false, why: 'bad_denial', detail: `no NSEC proves there is no ${wildcard}` };
  return { ok: true };
}

// ---------- NSEC3 ----------

const B32HEX = '0123456789abcdefghijklmnopqrstuv';

export function base32hex(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32HEX[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 5155 §5: IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt). */
export function nsec3Hash(name: string, salt: Buffer, iterations: number): string {
  let h = createHash('sha1').update(nameWire(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) h = createHash('sha1').update(h).update(salt).digest();
  return base32hex(h);
}

interface N3 {
  hash: string;
  next: string;
  d: Nsec3Data;
}

function n3Covers(n: N3, h: string): boolean {
  return n.hash < n.next ? n.hash < h && h < n.next : n.hash < h || h < n.next;
}

export function proveWithNsec3(
  records: DnsRecord[],
  zone: string,
  qname: string,
  qtype: string,
  kind: DenialKind,
): DenialOutcome {
  const list: N3[] = records
    .slice(0, MAX_NSEC3_RECORDS)
    .map((r) => ({
      hash: (r.name.split('.')[0] ?? '').toLowerCase(),
      next: base32hex((r.data as Nsec3Data).nextDomain),
      d: r.data as Nsec3Data,
    }))
    .filter((n) => n.d.algorithm === 1);
  if (list.length === 0) return { ok: false, why: 'bad_denial', detail: 'no usable NSEC3 (SHA-1) records' };
  const params = list[0] as N3;
  if (list.some((n) => n.d.iterations !== params.d.iterations || !n.d.salt.equals(params.d.salt))) {
    return { ok: false, why: 'bad_denial', detail: 'NSEC3 records with different parameters' };
  }
  if (params.d.iterations > MAX_NSEC3_ITERATIONS) {
    return {
      ok: false,
      why: 'nsec3_iterations',
      detail: `${params.d.iterations} iterations (more than ${MAX_NSEC3_ITERATIONS}, RFC 9276)`,
    };
  }
  const H = (name: string): string => nsec3Hash(name, params.d.salt, params.d.iterations);
  const matching = (name: string): N3 | undefined => list.find((n) => n.hash === H(name));
  const covering = (name: string): N3 | undefined => {
    const h = H(name);
    return list.find((n) => n3Covers(n, h));
  };

  const exact = matching(qname);
  if (kind === 'nodata' && exact) {
    if (exact.d.rrtypes.includes(qtype) || exact.d.rrtypes.includes('CNAME'))
      return { ok: false, why: 'bad_denial', detail: `NSEC3 for ${qname} lists ${qtype}` };
    const insecureDelegation = qtype === 'DS' && exact.d.rrtypes.includes('NS') && !exact.d.rrtypes.includes('SOA');
    return { ok: true, ...(insecureDelegation ? { insecureDelegation } : {}) };
  }
  // Closest encloser proof (§7.2.1): the longest ancestor with a matching NSEC3, and the next closer
  // name (one label longer) covered.
  const labels = qname.replace(/\.$/, '').split('.');
  for (let i = 1; i <= labels.length; i++) {
    const ce = labels.slice(i).join('.') || '.';
    if (!isSubdomain(ce, zone)) break;
    if (!matching(ce)) continue;
    const nextCloser = labels.slice(i - 1).join('.');
    const nc = covering(nextCloser);
    if (!nc) return { ok: false, why: 'bad_denial', detail: `no NSEC3 covers ${nextCloser}` };
    if (kind === 'nodata') {
      // §8.6: a DS query for a name under an opt-out span is insecure.
      if (qtype === 'DS' && (nc.d.flags & 1) === 1) return { ok: true, optOut: true, insecureDelegation: true };
      const wild = matching(`*.${ce}`);
      if (wild && !wild.d.rrtypes.includes(qtype)) return { ok: true, wildcard: true };
      return { ok: false, why: 'bad_denial', detail: `no NSEC3 proves ${qname} has no ${qtype}` };
    }
    if ((nc.d.flags & 1) === 1) return { ok: true, optOut: true };
    if (!covering(`*.${ce}`)) return { ok: false, why: 'bad_denial', detail: `no NSEC3 proves there is no *.${ce}` };
    return { ok: true };
  }
  return { ok: false, why: 'bad_denial', detail: `no closest encloser for ${qname}` };
}
