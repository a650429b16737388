import type { DnsOutcome, DnsRecord } from '../types';
import { isSubdomain } from './canonical';
import { verifyRrset, type RrsigData, type SigFailure } from './rrsig';
import { anchoredKeys, type TrustAnchors } from './anchors';
import { dsMatches, isSupportedDigest, rsaBits, SUPPORTED_ALGORITHMS, type DnskeyData, type DsData } from './keys';
import { proveWithNsec, proveWithNsec3, type DenialKind, type Nsec3Data } from './denial';

/**
 * The chain of trust (RFC 4035 §5), pure: given the responses a fetcher gathered (each asked with the
 * CD bit so bogus data comes back), decide secure, insecure, bogus or indeterminate at time `now`
 * (seconds since the epoch), and for bogus say why and in which zone the chain broke.
 */

export type DnssecState = 'secure' | 'insecure' | 'bogus' | 'indeterminate';
export type BogusReason = SigFailure | 'ds_mismatch' | 'bad_denial';

/** One response as the evaluator needs it. */
export interface Lookup {
  outcome: DnsOutcome;
  answers: DnsRecord[];
  authorities: DnsRecord[];
}

export interface ChainFacts {
  qname: string;
  qtype: string;
  target: Lookup;
  dnskey: Map<string, Lookup>;
  ds: Map<string, Lookup>;
}

export interface ZoneReport {
  zone: string;
  state: DnssecState;
  algorithms: number[];
  dsDigestTypes: number[];
  rsaBits: number[];
  nsec3?: { iterations: number; saltLength: number; optOut: boolean };
  /** Earliest expiration (s since epoch) of the signatures that validated in this zone. */
  earliestExpiry?: number;
  insecureReason?: string;
}

export interface Verdict {
  state: DnssecState;
  why?: BogusReason;
  /** Zone where the chain broke (bogus), became insecure, or is signed (secure). */
  zone?: string;
  detail?: string;
  zones: ZoneReport[];
}

type KeyState =
  | { state: 'secure'; keys: DnskeyData[] }
  | { state: 'insecure'; zone: string; reason: string }
  | { state: 'bogus'; why: BogusReason; zone: string; detail?: string }
  | { state: 'indeterminate'; zone: string; detail: string };

const MAX_DEPTH = 32;
const final = (o: DnsOutcome): boolean => o === 'answer' || o === 'nodata' || o === 'nxdomain';
const norm = (n: string): string => (n === '' ? '.' : n.replace(/(.)\.$/, '$1').toLowerCase());

function parentName(zone: string): string {
  const dot = zone.indexOf('.');
  return zone === '.' ? '.' : dot < 0 ? '.' : zone.slice(dot + 1);
}

/** RRSIG records covering `type` at `name`. */
function sigsOver(records: DnsRecord[], name: string, type: string): DnsRecord[] {
  return records.filter(
    (r) => r.type === 'RRSIG' && norm(r.name) === norm(name) && (r.data as RrsigData).typeCovered === type,
  );
}

function rrset(records: DnsRecord[], name: string, type: string): DnsRecord[] {
  return records.filter((r) => r.type === type && norm(r.name) === norm(name));
}

function signerOf(sigs: DnsRecord[]): string | undefined {
  const s = sigs[0]?.data as RrsigData | undefined;
  return s ? norm(s.signersName) : undefined;
}

/** The denial records of a negative answer, grouped per owner (each NSEC/NSEC3 is its own RRset). */
function denialSets(authorities: DnsRecord[]): { type: 'NSEC' | 'NSEC3'; records: DnsRecord[]; sigs: DnsRecord[] }[] {
  return authorities
    .filter((r) => r.type === 'NSEC' || r.type === 'NSEC3')
    .map((r) => ({ type: r.type as 'NSEC' | 'NSEC3', records: [r], sigs: sigsOver(authorities, r.name, r.type) }));
}

export function evaluateChain(facts: ChainFacts, anchors: TrustAnchors, now: number): Verdict {
  const memo = new Map<string, KeyState>();
  const reports = new Map<string, ZoneReport>();
  const anchorZone = norm(anchors.zone);

  const report = (zone: string): ZoneReport => {
    let r = reports.get(zone);
    if (!r) {
      r = { zone, state: 'indeterminate', algorithms: [], dsDigestTypes: [], rsaBits: [] };
      reports.set(zone, r);
    }
    return r;
  };
  const noteExpiry = (zone: string, sigs: DnsRecord[]): void => {
    const r = report(zone);
    for (const s of sigs) {
      const exp = (s.data as RrsigData).expiration;
      if (r.earliestExpiry === undefined || exp < r.earliestExpiry) r.earliestExpiry = exp;
    }
  };

  /** Verify a negative answer's NSEC/NSEC3 in `zone` and prove the denial. */
  const proveDenial = (
    zone: string,
    keys: DnskeyData[],
    authorities: DnsRecord[],
    name: string,
    type: string,
    kind: DenialKind,
  ):
    | { ok: true; insecureDelegation: boolean; optOut: boolean }
    | { ok: false; why: BogusReason | 'nsec3_iterations'; detail: string } => {
    const sets = denialSets(authorities);
    if (sets.length === 0)
      return { ok: false, why: 'bad_denial', detail: `no NSEC or NSEC3 in the denial of ${name} ${type}` };
    for (const set of sets) {
      const v = verifyRrset(set.records, set.sigs, zone, keys, now);
      if (!v.ok)
        return {
          ok: false,
          why: v.why === 'missing_rrsig' ? 'bad_denial' : v.why,
          detail: `denial record ${set.records[0]?.name}: ${v.why}`,
        };
      noteExpiry(zone, set.sigs);
    }
    const nsec3 = sets.filter((s) => s.type === 'NSEC3').flatMap((s) => s.records);
    let proof;
    if (nsec3.length > 0) {
      const d = nsec3[0]?.data as Nsec3Data;
      report(zone).nsec3 = { iterations: d.iterations, saltLength: d.salt.length, optOut: (d.flags & 1) === 1 };
      proof = proveWithNsec3(nsec3, zone, name, type, kind);
    } else {
      proof = proveWithNsec(
        sets.flatMap((s) => s.records),
        name,
        type,
        kind,
      );
    }
    if (!proof.ok)
      return {
        ok: false,
        why: proof.why === 'nsec3_iterations' ? 'nsec3_iterations' : 'bad_denial',
        detail: proof.detail,
      };
    return { ok: true, insecureDelegation: proof.insecureDelegation === true, optOut: proof.optOut === true };
  };

  /** The validated keys of a zone, memoised; follows DS up to the trust anchor. */
  const zoneKeys = (zoneIn: string, depth: number): KeyState => {
    const zone = norm(zoneIn);
    const cached = memo.get(zone);
    if (cached) return cached;
    // Guard against loops in the chain: mark before descending.
    memo.set(zone, { state: 'indeterminate', zone, detail: 'loop in the chain of trust' });
    const result = computeKeys(zone, depth);
    memo.set(zone, result);
    const r = report(zone);
    r.state = result.state;
    if (result.state === 'insecure') r.insecureReason = result.reason;
    return result;
  };

  const zoneDnskeys = (zone: string): DnskeyData[] | KeyState => {
    const dk = facts.dnskey.get(zone);
    if (!dk || !final(dk.outcome))
      return {
        state: 'indeterminate',
        zone,
        detail: `DNSKEY of ${zone} not available (${dk?.outcome ?? 'not fetched'})`,
      };
    const keys = rrset(dk.answers, zone, 'DNSKEY').map((r) => r.data as DnskeyData);
    if (keys.length === 0) return { state: 'bogus', why: 'missing_dnskey', zone, detail: `${zone} has no DNSKEY` };
    const r = report(zone);
    r.algorithms = [...new Set(keys.map((k) => k.algorithm))].sort((a, b) => a - b);
    r.rsaBits = [...new Set(keys.map(rsaBits).filter((b): b is number => b !== undefined))].sort((a, b) => a - b);
    return keys;
  };

  const verifyKeySet = (zone: string, keys: DnskeyData[], trusted: DnskeyData[]): KeyState => {
    const dk = facts.dnskey.get(zone) as Lookup;
    const sigs = sigsOver(dk.answers, zone, 'DNSKEY');
    const records = rrset(dk.answers, zone, 'DNSKEY');
    // RFC 4035 §5.2: the DNSKEY RRset must be signed by a key the parent's DS (or the anchor) vouches for.
    const v = verifyRrset(records, sigs, zone, trusted, now);
    if (!v.ok) return { state: 'bogus', why: v.why, zone, detail: `DNSKEY RRset of ${zone}: ${v.detail ?? v.why}` };
    noteExpiry(zone, sigs);
    return { state: 'secure', keys };
  };

  const computeKeys = (zone: string, depth: number): KeyState => {
    if (depth > MAX_DEPTH) return { state: 'indeterminate', zone, detail: 'chain too deep' };
    if (zone === anchorZone) {
      const keys = zoneDnskeys(zone);
      if (!Array.isArray(keys)) return keys;
      const trusted = anchoredKeys(anchors, keys);
      if (trusted.length === 0)
        return { state: 'bogus', why: 'ds_mismatch', zone, detail: `no DNSKEY of ${zone} matches the trust anchor` };
      return verifyKeySet(zone, keys, trusted);
    }
    if (!isSubdomain(zone, anchorZone)) return { state: 'insecure', zone, reason: 'outside_trust_anchor' };
    const dsL = facts.ds.get(zone);
    if (!dsL || !final(dsL.outcome))
      return { state: 'indeterminate', zone, detail: `DS of ${zone} not available (${dsL?.outcome ?? 'not fetched'})` };
    const dsSigs = [...sigsOver(dsL.answers, zone, 'DS'), ...dsL.authorities.filter((r) => r.type === 'RRSIG')];
    const soa = dsL.authorities.find((r) => r.type === 'SOA');
    const parent = signerOf(dsSigs) ?? (soa ? norm(soa.name) : parentName(zone));
    // The parent must be a proper ancestor: a signer name outside or below the zone breaks the chain.
    if (parent === zone || !isSubdomain(zone, parent))
      return {
        state: 'bogus',
        why: 'no_valid_signature',
        zone,
        detail: `DS of ${zone} signed by ${parent}, not by a parent zone`,
      };
    const pk = zoneKeys(parent, depth + 1);
    if (pk.state !== 'secure') return pk;

    const dsRecords = rrset(dsL.answers, zone, 'DS');
    if (dsRecords.length > 0) {
      const v = verifyRrset(dsRecords, sigsOver(dsL.answers, zone, 'DS'), parent, pk.keys, now);
      if (!v.ok) return { state: 'bogus', why: v.why, zone: parent, detail: `DS of ${zone}: ${v.detail ?? v.why}` };
      noteExpiry(parent, sigsOver(dsL.answers, zone, 'DS'));
      const ds = dsRecords.map((r) => r.data as DsData);
      report(zone).dsDigestTypes = [...new Set(ds.map((d) => d.digestType))].sort((a, b) => a - b);
      // RFC 4035 §5.2 / RFC 6840 §5.2: only DS with algorithms and digests we support count.
      const usable = ds.filter((d) => SUPPORTED_ALGORITHMS.has(d.algorithm) && isSupportedDigest(d.digestType));
      if (usable.length === 0) return { state: 'insecure', zone, reason: 'unsupported_algorithm' };
      const keys = zoneDnskeys(zone);
      if (!Array.isArray(keys)) return keys;
      const trusted = keys.filter((k) => usable.some((d) => dsMatches(zone, d, k)));
      if (trusted.length === 0)
        return { state: 'bogus', why: 'ds_mismatch', zone, detail: `no DNSKEY of ${zone} matches its DS in ${parent}` };
      return verifyKeySet(zone, keys, trusted);
    }
    // No DS: the parent must prove it (RFC 4035 §5.2); then the zone is insecure.
    const proof = proveDenial(parent, pk.keys, dsL.authorities, zone, 'DS', 'nodata');
    if (!proof.ok) {
      if (proof.why === 'nsec3_iterations') return { state: 'insecure', zone, reason: 'nsec3_iterations_above_limit' };
      return { state: 'bogus', why: proof.why, zone: parent, detail: proof.detail };
    }
    // Proven DS-less but no delegation (no NS bit): the name is inside the parent zone, signed by its keys.
    if (!proof.insecureDelegation && !proof.optOut) return pk;
    return { state: 'insecure', zone, reason: proof.optOut ? 'opt_out' : 'no_ds' };
  };

  /** For data without signatures: is there a proven insecure delegation above `name`? */
  const provenInsecure = (name: string): KeyState | undefined => {
    const ancestors = [...facts.ds.keys()]
      .filter((z) => z !== '.' && isSubdomain(name, z))
      .sort((a, b) => a.split('.').length - b.split('.').length);
    for (const z of ancestors) {
      const k = zoneKeys(z, 0);
      if (k.state === 'insecure' || k.state === 'bogus' || k.state === 'indeterminate') return k;
    }
    return undefined;
  };

  const finish = (state: DnssecState, extra: Partial<Verdict> = {}): Verdict => ({
    state,
    ...extra,
    zones: [...reports.values()],
  });
  const fromKeyState = (k: Exclude<KeyState, { state: 'secure' }>): Verdict =>
    k.state === 'insecure'
      ? finish('insecure', { zone: k.zone, detail: k.reason })
      : k.state === 'bogus'
        ? finish('bogus', { why: k.why, zone: k.zone, ...(k.detail ? { detail: k.detail } : {}) })
        : finish('indeterminate', { zone: k.zone, detail: k.detail });

  const t = facts.target;
  if (!final(t.outcome))
    return finish('indeterminate', { detail: `lookup of ${facts.qname} ${facts.qtype}: ${t.outcome}` });

  // Validate every RRset of the answer (CNAME links and the data), each with its signer's keys.
  let name = norm(facts.qname);
  let secureZone: string | undefined;
  for (let hop = 0; hop < 16; hop++) {
    const cname = rrset(t.answers, name, 'CNAME');
    const data = rrset(t.answers, name, facts.qtype);
    const set = data.length > 0 ? data : cname;
    if (set.length === 0) break;
    const type = data.length > 0 ? facts.qtype : 'CNAME';
    const sigs = sigsOver(t.answers, name, type);
    const signer = signerOf(sigs);
    if (!signer) {
      const insecure = provenInsecure(name);
      if (insecure && insecure.state !== 'secure') return fromKeyState(insecure);
      return finish('bogus', { why: 'missing_rrsig', zone: name, detail: `${name} ${type} has no RRSIG` });
    }
    if (!isSubdomain(name, signer))
      return finish('bogus', {
        why: 'no_valid_signature',
        zone: signer,
        detail: `${name} signed by ${signer}, outside its zone`,
      });
    const k = zoneKeys(signer, 0);
    if (k.state !== 'secure') return fromKeyState(k);
    const v = verifyRrset(set, sigs, signer, k.keys, now);
    if (!v.ok) return finish('bogus', { why: v.why, zone: signer, detail: `${name} ${type}: ${v.detail ?? v.why}` });
    noteExpiry(signer, sigs);
    secureZone = signer;
    if (data.length > 0) return finish('secure', { zone: secureZone });
    name = norm(String(cname[0]?.data ?? ''));
  }

  // A negative answer (for the name at the end of any CNAME chain).
  const kind: DenialKind = t.outcome === 'nxdomain' ? 'nxdomain' : 'nodata';
  const authSigs = t.authorities.filter((r) => r.type === 'RRSIG');
  const signer = signerOf(authSigs);
  if (!signer) {
    const insecure = provenInsecure(name);
    if (insecure && insecure.state !== 'secure') return fromKeyState(insecure);
    return finish('bogus', { why: 'missing_rrsig', zone: name, detail: `the denial for ${name} is not signed` });
  }
  if (!isSubdomain(name, signer))
    return finish('bogus', {
      why: 'no_valid_signature',
      zone: signer,
      detail: `denial for ${name} signed by ${signer}`,
    });
  const k = zoneKeys(signer, 0);
  if (k.state !== 'secure') return fromKeyState(k);
  const proof = proveDenial(signer, k.keys, t.authorities, name, facts.qtype, kind);
  if (!proof.ok) {
    if (proof.why === 'nsec3_iterations')
      return finish('insecure', { zone: signer, detail: 'nsec3_iterations_above_limit' });
    return finish('bogus', { why: proof.why, zone: signer, detail: proof.detail });
  }
  // RFC 5155 §9.2: a denial resting on an opt-out span proves nothing about unsigned delegations.
  if (proof.optOut) return finish('insecure', { zone: signer, detail: 'opt_out' });
  return finish('secure', { zone: signer });
}
