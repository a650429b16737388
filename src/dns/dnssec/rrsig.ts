import { verify } from 'node:crypto';
import { rdataEncoder } from './codec';
import type { DnsRecord } from '../types';
import { canonicalRdata, canonicalRr, isSubdomain, labelCount } from './canonical';
import { hashFor, isZoneKey, keyTag, publicKeyOf, SUPPORTED_ALGORITHMS, type DnskeyData } from './keys';

export interface RrsigData {
  typeCovered: string;
  algorithm: number;
  labels: number;
  originalTTL: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signersName: string;
  signature: Buffer;
}

export type SigFailure =
  | 'missing_rrsig'
  | 'missing_dnskey'
  | 'unsupported_algorithm'
  | 'signature_expired'
  | 'signature_not_yet_valid'
  | 'no_valid_signature';

export type SigOutcome = { ok: true; sig: RrsigData; keyTag: number } | { ok: false; why: SigFailure; detail?: string };

/** Most RRSIGs tried per RRset: a hostile answer with 1000 signatures costs at most this many verifications. */
const MAX_SIGS = 8;

/**
 * Serial-number arithmetic on 32-bit times (RFC 4034 §3.1.5, RFC 1982): is `a` at or before `b`?
 */
export function timeLE(a: number, b: number): boolean {
  return (b - a) >>> 0 < 0x80000000;
}

/** The data an RRSIG signs (RFC 4034 §3.1.8.1): its RDATA without signature, then the sorted RRset. */
export function signedData(rrset: DnsRecord[], sig: RrsigData): Buffer | undefined {
  const owner = rrset[0]?.name ?? '';
  // §5.3.2 of RFC 4035: an owner with more labels than the RRSIG says came from a wildcard.
  const labels = owner.replace(/\.$/, '').split('.').filter(Boolean);
  const signedOwner =
    sig.labels < labelCount(owner) ? `*.${labels.slice(labels.length - sig.labels).join('.')}` : owner;
  let head: Buffer;
  try {
    head = rdataEncoder('RRSIG')
      .encode({ ...sig, signersName: sig.signersName.toLowerCase(), signature: Buffer.alloc(0) })
      .subarray(2);
  } catch {
    return undefined;
  }
  const rrs: { rdata: Buffer; wire: Buffer }[] = [];
  for (const r of rrset) {
    const rdata = canonicalRdata(r);
    const wire = canonicalRr(signedOwner, r, sig.originalTTL);
    if (!rdata || !wire) return undefined;
    if (!rrs.some((x) => x.rdata.equals(rdata))) rrs.push({ rdata, wire }); // §6.3: duplicates removed
  }
  rrs.sort((a, b) => Buffer.compare(a.rdata, b.rdata));
  return Buffer.concat([head, ...rrs.map((x) => x.wire)]);
}

function cryptoVerify(data: Buffer, sig: RrsigData, key: DnskeyData): boolean {
  const pub = publicKeyOf(key);
  const hash = hashFor(sig.algorithm);
  if (!pub || hash === undefined) return false;
  try {
    if (sig.algorithm === 13 || sig.algorithm === 14) {
      // RFC 6605 §4: the signature is r | s, each of the curve's size.
      return verify(hash, data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig.signature);
    }
    return verify(hash, data, pub, sig.signature);
  } catch {
    return false;
  }
}

/**
 * Verify an RRset with the keys of `zone` at time `now` (seconds since the epoch), per RFC 4035 §5.3.1.
 * The most telling failure is returned: no signature, no matching key, only expired ones, or bad ones.
 */
export function verifyRrset(
  rrset: DnsRecord[],
  sigRecords: DnsRecord[],
  zone: string,
  keys: DnskeyData[],
  now: number,
): SigOutcome {
  if (rrset.length === 0) return { ok: false, why: 'missing_rrsig', detail: 'empty RRset' };
  const type = rrset[0]?.type;
  const owner = rrset[0]?.name ?? '';
  const sigs = sigRecords
    .map((r) => r.data as RrsigData)
    .filter(
      (s) =>
        s &&
        s.typeCovered === type &&
        s.signersName.replace(/\.$/, '').toLowerCase() === zone.replace(/\.$/, '').toLowerCase(),
    )
    .filter((s) => isSubdomain(owner, s.signersName) && s.labels <= labelCount(owner))
    .slice(0, MAX_SIGS);
  if (sigs.length === 0)
    return { ok: false, why: 'missing_rrsig', detail: `no RRSIG by ${zone} over ${owner} ${type}` };
  const reasons: SigFailure[] = [];
  for (const sig of sigs) {
    if (!SUPPORTED_ALGORITHMS.has(sig.algorithm)) {
      reasons.push('unsupported_algorithm');
      continue;
    }
    const candidates = keys.filter((k) => k.algorithm === sig.algorithm && isZoneKey(k) && keyTag(k) === sig.keyTag);
    if (candidates.length === 0) {
      reasons.push('missing_dnskey');
      continue;
    }
    if (!timeLE(sig.inception, now)) {
      reasons.push('signature_not_yet_valid');
      continue;
    }
    if (!timeLE(now, sig.expiration)) {
      reasons.push('signature_expired');
      continue;
    }
    const data = signedData(rrset, sig);
    if (!data) {
      reasons.push('no_valid_signature');
      continue;
    }
    for (const key of candidates) if (cryptoVerify(data, sig, key)) return { ok: true, sig, keyTag: sig.keyTag };
    reasons.push('no_valid_signature');
  }
  // Order of telling: a bad signature beats a time problem beats a missing key beats an unknown algorithm.
  for (const why of [
    'no_valid_signature',
    'signature_expired',
    'signature_not_yet_valid',
    'missing_dnskey',
    'unsupported_algorithm',
  ] as SigFailure[]) {
    if (reasons.includes(why)) return { ok: false, why, detail: `${owner} ${type}` };
  }
  return { ok: false, why: 'no_valid_signature' };
}
