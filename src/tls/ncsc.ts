/**
 * NCSC-NL "ICT-beveiligingsrichtlijnen voor TLS" 2025-05 (default) and v2.1 of January 2021, as
 * Internet.nl applies them (internetnl-criteria.md §4). Pure tables: good/sufficient pass, phase-out
 * warns, insufficient fails.
 */
export type Guideline = 'ncsc-2025' | 'ncsc-2021';
export type Level = 'good' | 'sufficient' | 'phase_out' | 'insufficient';

export function versionLevel(version: string, g: Guideline): Level {
  if (version === 'TLSv1.3') return 'good';
  if (version === 'TLSv1.2') return 'sufficient';
  if (g === 'ncsc-2021' && (version === 'TLSv1.1' || version === 'TLSv1')) return 'phase_out';
  return 'insufficient';
}

const AEAD_ECDHE = /^(AES_256_GCM_SHA384|AES_128_GCM_SHA256|CHACHA20_POLY1305_SHA256)$/;
const CAMELLIA_ARIA = /^(CAMELLIA|ARIA)_(128|256)_(GCM|CBC)_SHA(256|384)$/;

/** A cipher suite by its IANA name (TLS_…). */
export function cipherLevel(iana: string, g: Guideline): Level {
  const n = iana.toUpperCase();
  if (!n.includes('_WITH_')) {
    // TLS 1.3 suites.
    if (n === 'TLS_AES_256_GCM_SHA384' || n === 'TLS_CHACHA20_POLY1305_SHA256') return 'good';
    if (n === 'TLS_AES_128_GCM_SHA256' || n === 'TLS_AES_128_CCM_SHA256')
      return g === 'ncsc-2021' ? 'good' : 'sufficient';
    return 'insufficient'; // CCM_8 and anything unknown
  }
  const m = /^TLS_(ECDHE_ECDSA|ECDHE_RSA|DHE_RSA|RSA)_WITH_(.+)$/.exec(n);
  if (!m) return 'insufficient';
  const [, kex = '', bulk = ''] = m;
  if (g === 'ncsc-2025') {
    if (kex.startsWith('ECDHE')) {
      if (AEAD_ECDHE.test(bulk) || (kex === 'ECDHE_ECDSA' && /^AES_(128|256)_CCM$/.test(bulk))) return 'sufficient';
      if (/^(AES_256_CBC_SHA384|AES_128_CBC_SHA256)$/.test(bulk) || CAMELLIA_ARIA.test(bulk)) return 'phase_out';
      return 'insufficient';
    }
    if (
      kex === 'DHE_RSA' &&
      (/^AES_(128|256)_(GCM_SHA(256|384)|CCM|CBC_SHA256)$/.test(bulk) ||
        bulk === 'CHACHA20_POLY1305_SHA256' ||
        CAMELLIA_ARIA.test(bulk))
    )
      return 'phase_out';
    return 'insufficient'; // static RSA, every SHA-1 CBC suite, 3DES, RC4, NULL, EXPORT, anon, CCM_8
  }
  // ncsc-2021 (v2.1), with Internet.nl's scoring of the AEAD ECDHE suites as good.
  if (kex.startsWith('ECDHE')) {
    if (AEAD_ECDHE.test(bulk) || (kex === 'ECDHE_ECDSA' && /^AES_(128|256)_CCM$/.test(bulk))) return 'good';
    if (
      /^AES_(256_CBC_SHA384|256_CBC_SHA|128_CBC_SHA256|128_CBC_SHA)$/.test(bulk) ||
      /^CAMELLIA_(128|256)_CBC_SHA(256|384)?$/.test(bulk)
    )
      return 'sufficient';
    if (bulk === '3DES_EDE_CBC_SHA') return 'phase_out';
    return 'insufficient';
  }
  if (kex === 'DHE_RSA') {
    if (
      /^(AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256|AES_128_GCM_SHA256|AES_256_CBC_SHA256|AES_256_CBC_SHA|AES_128_CBC_SHA256|AES_128_CBC_SHA|AES_128_CCM|AES_256_CCM)$/.test(
        bulk,
      ) ||
      /^CAMELLIA_(128|256)_CBC_SHA(256)?$/.test(bulk)
    )
      return 'sufficient';
    if (bulk === '3DES_EDE_CBC_SHA') return 'phase_out';
    return 'insufficient';
  }
  if (kex === 'RSA') {
    if (/^CAMELLIA_(128|256)_CBC_SHA(256)?$/.test(bulk)) return 'sufficient';
    if (
      /^(AES_256_GCM_SHA384|AES_128_GCM_SHA256|AES_256_CBC_SHA256|AES_256_CBC_SHA|AES_128_CBC_SHA256|AES_128_CBC_SHA|3DES_EDE_CBC_SHA)$/.test(
        bulk,
      )
    )
      return 'phase_out';
  }
  return 'insufficient';
}

/** OpenSSL's curve names to the IANA group names the guidelines use. */
const CURVE_ALIASES: Record<string, string> = {
  prime256v1: 'secp256r1',
  'p-256': 'secp256r1',
  'p-384': 'secp384r1',
  'p-521': 'secp521r1',
  x25519: 'x25519',
  x448: 'x448',
};

export function normaliseCurve(name: string): string {
  const n = name.toLowerCase();
  return CURVE_ALIASES[n] ?? n;
}

/** The ephemeral key of the key exchange (Node's getEphemeralKeyInfo). */
export function keyExchangeLevel(kex: { type: string; name?: string; size?: number }, g: Guideline): Level {
  if (kex.type === 'ECDH') {
    const c = normaliseCurve(kex.name ?? '');
    if (
      [
        'secp521r1',
        'secp384r1',
        'secp256r1',
        'x448',
        'x25519',
        'brainpoolp512r1',
        'brainpoolp384r1',
        'brainpoolp256r1',
      ].includes(c)
    )
      return g === 'ncsc-2021' ? 'good' : 'sufficient';
    if (c === 'secp224r1') return 'phase_out';
    return 'insufficient';
  }
  if (kex.type === 'DH') {
    // Node reports only the size; the groups of RFC 7919 are told apart by it here.
    const bits = kex.size ?? 0;
    if (g === 'ncsc-2025') return bits >= 3072 ? 'phase_out' : 'insufficient';
    return bits >= 3072 ? 'sufficient' : bits >= 2048 ? 'phase_out' : 'insufficient';
  }
  return 'insufficient';
}

export function certKeyLevel(key: { type: string; bits?: number; curve?: string }, g: Guideline): Level {
  if (key.type === 'rsa' || key.type === 'rsa-pss') {
    const b = key.bits ?? 0;
    if (b >= 3072) return g === 'ncsc-2021' ? 'good' : 'sufficient';
    if (b >= 2048) return g === 'ncsc-2021' ? 'sufficient' : 'phase_out';
    return 'insufficient';
  }
  if (key.type === 'ec') {
    const c = normaliseCurve(key.curve ?? '');
    if (['secp521r1', 'secp384r1', 'secp256r1', 'brainpoolp512r1', 'brainpoolp384r1', 'brainpoolp256r1'].includes(c))
      return 'sufficient';
    if (c === 'secp224r1') return 'phase_out';
    return 'insufficient';
  }
  if (key.type === 'ed25519' || key.type === 'ed448') return 'sufficient';
  return 'insufficient';
}

/** Certificate signature algorithms by OID (RFC 4055, RFC 5758, RFC 8410). */
const SIG_OIDS: Record<string, { name: string; level: Level }> = {
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', level: 'sufficient' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', level: 'sufficient' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', level: 'sufficient' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', level: 'sufficient' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', level: 'sufficient' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', level: 'sufficient' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', level: 'sufficient' },
  '1.3.101.112': { name: 'Ed25519', level: 'sufficient' },
  '1.3.101.113': { name: 'Ed448', level: 'sufficient' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', level: 'phase_out' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', level: 'phase_out' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', level: 'insufficient' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', level: 'insufficient' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', level: 'insufficient' },
};

export function signatureLevel(oid: string): { name: string; level: Level } {
  return SIG_OIDS[oid] ?? { name: oid, level: 'insufficient' };
}

/** Worst level first. */
export const LEVEL_ORDER: Level[] = ['insufficient', 'phase_out', 'sufficient', 'good'];
export function worst(levels: Level[]): Level | undefined {
  return [...levels].sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))[0];
}

/**
 * The TLS 1.2 suites NCSC 2025 calls good, strongest first, in OpenSSL's names: what fix advice asks a
 * server to offer (with its own order preferred). TLS 1.3 suites need no setting.
 */
export const NCSC_TLS12_OPENSSL =
  'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256';
