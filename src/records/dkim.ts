import { createPublicKey } from 'node:crypto';
import { problem, splitTagList, type Parsed, type Problem } from './problem';

export interface DkimKeyRecord {
  /** Key type (RFC 6376 §3.6.1 `k=`, default rsa; RFC 8463 adds ed25519). */
  keyType: string;
  /** True when `p=` is empty: the key has been revoked. */
  revoked: boolean;
  /** Key size in bits (RSA modulus; 256 for Ed25519), when the key could be read. */
  bits?: number;
  /** `t=` flags: y (testing), s (strict). */
  flags: string[];
  hashAlgorithms?: string[];
  serviceTypes?: string[];
  text: string;
}

const RFC = 'RFC 6376';

/** RFC 6376 §3.6.1 key record. A record without `v=` is fine; `v=` when present must be first and DKIM1. */
export function parseDkimKey(text: string): Parsed<DkimKeyRecord> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { tags, malformed } = splitTagList(text);
  for (const m of malformed) problems.push(problem('malformed_tag', `${RFC} §3.2`, m));
  const map = new Map<string, string>();
  tags.forEach(([name, value], i) => {
    if (map.has(name)) problems.push(problem('duplicate_tag', `${RFC} §3.2`, name));
    map.set(name, value);
    if (name === 'v' && (i !== 0 || value !== 'DKIM1'))
      problems.push(problem('invalid_version', `${RFC} §3.6.1`, `v=${value}`));
  });
  const p = map.get('p');
  if (p === undefined) problems.push(problem('missing_p', `${RFC} §3.6.1`));
  const keyType = (map.get('k') ?? 'rsa').toLowerCase();
  // A verifier cannot use a key of a type it does not know (RFC 6376 §3.6.1 defines rsa, RFC 8463 ed25519).
  if (keyType !== 'rsa' && keyType !== 'ed25519')
    problems.push(problem('unknown_key_type', `${RFC} §3.6.1`, `k=${keyType}`));
  if (problems.length > 0) return { ok: false, problems };
  const b64 = (p ?? '').replace(/\s+/g, '');
  const record: DkimKeyRecord = {
    keyType,
    revoked: b64 === '',
    flags: (map.get('t') ?? '')
      .split(':')
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean),
    text,
  };
  const h = map.get('h');
  if (h) record.hashAlgorithms = h.split(':').map((x) => x.trim().toLowerCase());
  const s = map.get('s');
  if (s) record.serviceTypes = s.split(':').map((x) => x.trim().toLowerCase());
  if (!record.revoked) {
    // base64string (RFC 6376 §2.4): whole quanta only, padding only at the end.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0)
      return { ok: false, problems: [problem('invalid_key_base64', `${RFC} §3.6.1`)] };
    // The key must decode as the type it claims: an RSA SubjectPublicKeyInfo for k=rsa (§3.6.1), 32
    // raw bytes for k=ed25519 (RFC 8463 §4.2). Anything else cannot verify a signature: not a key.
    const bits = keyBits(keyType, Buffer.from(b64, 'base64'));
    if (bits === undefined)
      return {
        ok: false,
        problems: [problem(`undecodable_${keyType}_key`, keyType === 'ed25519' ? 'RFC 8463 §4.2' : `${RFC} §3.6.1`)],
      };
    record.bits = bits;
  }
  if (record.hashAlgorithms?.every((a) => a === 'sha1')) warnings.push(problem('sha1_only', 'RFC 8301 §3.1'));
  return { ok: true, record, warnings };
}

/** Key size with node:crypto: RSA keys are SubjectPublicKeyInfo (or bare RSAPublicKey) DER; Ed25519 is 32 raw bytes (RFC 8463). */
function keyBits(keyType: string, der: Buffer): number | undefined {
  if (keyType === 'ed25519') return der.length === 32 ? 256 : undefined;
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') return undefined;
      return key.asymmetricKeyDetails?.modulusLength;
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}
