import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { nameWire } from './canonical';

export interface DnskeyData {
  flags: number;
  algorithm: number;
  key: Buffer;
}

export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

/** DNSKEY RDATA: flags, protocol 3, algorithm, public key (RFC 4034 §2.1). */
export function dnskeyRdata(k: DnskeyData): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(k.flags, 0);
  head.writeUInt8(3, 2);
  head.writeUInt8(k.algorithm, 3);
  return Buffer.concat([head, k.key]);
}

/** Key tag (RFC 4034 Appendix B); algorithm 1 is not supported anywhere, so not special-cased. */
export function keyTag(k: DnskeyData): number {
  const rdata = dnskeyRdata(k);
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? (rdata[i] as number) : (rdata[i] as number) << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** DS digest types (RFC 4034 §5.1.4, RFC 4509, RFC 6605): 1 SHA-1 (deprecated, RFC 9905), 2 SHA-256, 4 SHA-384. */
const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

export function isSupportedDigest(type: number): boolean {
  return type in DIGESTS;
}

export function dsDigest(owner: string, k: DnskeyData, digestType: number): Buffer | undefined {
  const alg = DIGESTS[digestType];
  if (!alg) return undefined;
  return createHash(alg).update(nameWire(owner)).update(dnskeyRdata(k)).digest();
}

export function dsMatches(owner: string, ds: DsData, k: DnskeyData): boolean {
  if (ds.algorithm !== k.algorithm || ds.keyTag !== keyTag(k)) return false;
  const d = dsDigest(owner, k, ds.digestType);
  return d !== undefined && d.equals(ds.digest);
}

/**
 * Algorithms (RFC 8624 §3.1): 5/7 RSASHA1 validated but deprecated, 8 RSASHA256, 10 RSASHA512,
 * 13/14 ECDSA P-256/P-384, 15 Ed25519, 16 Ed448. Others are unsupported: treated as insecure (RFC 4035 §5.2).
 */
export const SUPPORTED_ALGORITHMS: ReadonlySet<number> = new Set([5, 7, 8, 10, 13, 14, 15, 16]);
export const DEPRECATED_ALGORITHMS: ReadonlySet<number> = new Set([1, 3, 5, 6, 7, 12]);

const HASH: Record<number, string | null> = {
  5: 'sha1',
  7: 'sha1',
  8: 'sha256',
  10: 'sha512',
  13: 'sha256',
  14: 'sha384',
  15: null,
  16: null,
};

export function hashFor(algorithm: number): string | null | undefined {
  return HASH[algorithm];
}

/** The DNSKEY's public key as a Node KeyObject (RFC 3110 RSA, RFC 6605 ECDSA, RFC 8080 EdDSA). */
export function publicKeyOf(k: DnskeyData): KeyObject | undefined {
  const b64u = (b: Buffer): string => b.toString('base64url');
  try {
    switch (k.algorithm) {
      case 5:
      case 7:
      case 8:
      case 10: {
        // RFC 3110 §2: exponent length in 1 octet, or 0 then 2 octets; then exponent and modulus.
        let off = 1;
        let expLen = k.key[0] ?? 0;
        if (expLen === 0) {
          expLen = k.key.readUInt16BE(1);
          off = 3;
        }
        const e = k.key.subarray(off, off + expLen);
        const n = k.key.subarray(off + expLen);
        if (e.length === 0 || n.length === 0 || n.length > 2048) return undefined;
        return createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(e) }, format: 'jwk' });
      }
      case 13:
      case 14: {
        const size = k.algorithm === 13 ? 32 : 48;
        if (k.key.length !== 2 * size) return undefined;
        return createPublicKey({
          key: {
            kty: 'EC',
            crv: k.algorithm === 13 ? 'P-256' : 'P-384',
            x: b64u(k.key.subarray(0, size)),
            y: b64u(k.key.subarray(size)),
          },
          format: 'jwk',
        });
      }
      case 15:
      case 16:
        if (k.key.length !== (k.algorithm === 15 ? 32 : 57)) return undefined;
        return createPublicKey({
          key: { kty: 'OKP', crv: k.algorithm === 15 ? 'Ed25519' : 'Ed448', x: b64u(k.key) },
          format: 'jwk',
        });
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** RSA modulus size in bits, for the algorithm-strength report. */
export function rsaBits(k: DnskeyData): number | undefined {
  if (![5, 7, 8, 10].includes(k.algorithm)) return undefined;
  return publicKeyOf(k)?.asymmetricKeyDetails?.modulusLength;
}

/** Zone Key flag (bit 7) and Secure Entry Point flag (bit 15) (RFC 4034 §2.1.1). */
export const isZoneKey = (k: DnskeyData): boolean => (k.flags & 0x0100) !== 0;
export const isSep = (k: DnskeyData): boolean => (k.flags & 0x0001) !== 0;
export const isRevoked = (k: DnskeyData): boolean => (k.flags & 0x0080) !== 0;
