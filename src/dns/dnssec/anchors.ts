import { keyTag, dsMatches, type DnskeyData, type DsData } from './keys';

/**
 * Trust anchors: DS or DNSKEY records for a zone (normally the root). Built in: the IANA root KSKs
 * KSK-2017 (key tag 20326) and KSK-2024 (38696), as shipped in Debian's dns-root-data
 * (/usr/share/dns/root.key); a test recomputes their key tags and DS digests.
 */
export interface TrustAnchors {
  zone: string;
  ds: DsData[];
  dnskeys: DnskeyData[];
}

export const ROOT_KSKS: readonly DnskeyData[] = [
  'AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=',
  'AwEAAa96jeuknZlaeSrvyAJj6ZHv28hhOKkx3rLGXVaC6rXTsDc449/cidltpkyGwCJNnOAlFNKF2jBosZBU5eeHspaQWOmOElZsjICMQMC3aeHbGiShvZsx4wMYSjH8e7Vrhbu6irwCzVBApESjbUdpWWmEnhathWu1jo+siFUiRAAxm9qyJNg/wOZqqzL/dL/q8PkcRU5oUKEpUge71M3ej2/7CPqpdVwuMoTvoB+ZOT4YeGyxMvHmbrxlFzGOHOijtzN+u1TQNatX2XBuzZNQ1K+s2CXkPIZo7s6JgZyvaBevYtxPvYLw4z9mR7K2vaF18UYH9Z9GNUUeayffKC73PYc=',
].map((b64) => ({ flags: 257, algorithm: 8, key: Buffer.from(b64, 'base64') }));

export const BUILT_IN_ANCHORS: TrustAnchors = { zone: '.', ds: [], dnskeys: [...ROOT_KSKS] };

export type AnchorParse = { ok: true; anchors: TrustAnchors } | { ok: false; error: string };

/**
 * DS and DNSKEY lines in zone-file presentation format, as in /usr/share/dns/root.key:
 * `. IN DS 20326 8 2 E06D…` or `. 172800 IN DNSKEY 257 3 8 AwEAA…`. Comments (;) and blank lines are
 * skipped; all anchors must be for one zone.
 */
export function parseTrustAnchors(text: string): AnchorParse {
  const ds: DsData[] = [];
  const dnskeys: DnskeyData[] = [];
  let zone: string | undefined;
  const lines = text.split('\n').slice(0, 1000);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/;.*$/, '').trim();
    if (line === '') continue;
    const m = /^(\S+)\s+(?:\d+\s+)?(?:IN\s+)?(?:\d+\s+)?(DS|DNSKEY)\s+(.+)$/i.exec(line);
    if (!m) return { ok: false, error: `line ${i + 1}: not a DS or DNSKEY record` };
    const owner = (m[1] ?? '').toLowerCase().replace(/(.)\.$/, '$1');
    if (zone !== undefined && zone !== owner)
      return { ok: false, error: `line ${i + 1}: anchors for more than one zone` };
    zone = owner;
    const f = (m[3] ?? '').split(/\s+/);
    if ((m[2] ?? '').toUpperCase() === 'DS') {
      const [tag, alg, dt, ...hex] = f;
      const digest = hex.join('');
      if (
        !/^\d+$/.test(tag ?? '') ||
        !/^\d+$/.test(alg ?? '') ||
        !/^\d+$/.test(dt ?? '') ||
        !/^[0-9a-f]+$/i.test(digest)
      )
        return { ok: false, error: `line ${i + 1}: malformed DS` };
      ds.push({
        keyTag: Number(tag),
        algorithm: Number(alg),
        digestType: Number(dt),
        digest: Buffer.from(digest, 'hex'),
      });
    } else {
      const [flags, proto, alg, ...b64] = f;
      if (proto !== '3' || !/^\d+$/.test(flags ?? '') || !/^\d+$/.test(alg ?? ''))
        return { ok: false, error: `line ${i + 1}: malformed DNSKEY` };
      dnskeys.push({ flags: Number(flags), algorithm: Number(alg), key: Buffer.from(b64.join(''), 'base64') });
    }
  }
  if (zone === undefined) return { ok: false, error: 'no DS or DNSKEY records' };
  return { ok: true, anchors: { zone: zone === '' ? '.' : zone, ds, dnskeys } };
}

/** The keys of a DNSKEY RRset that a trust anchor vouches for. */
export function anchoredKeys(anchors: TrustAnchors, keys: DnskeyData[]): DnskeyData[] {
  return keys.filter(
    (k) =>
      anchors.dnskeys.some((a) => a.algorithm === k.algorithm && a.key.equals(k.key) && keyTag(a) === keyTag(k)) ||
      anchors.ds.some((d) => dsMatches(anchors.zone, d, k)),
  );
}
