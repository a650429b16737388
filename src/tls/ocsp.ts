import { createHash, verify, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';
import { parseDer, toDer } from './der';

/**
 * A stapled OCSP response (RFC 6960 §4.2.1, delivered by the TLS status_request extension, RFC 6066
 * §8) judged against the leaf and its issuer: pure, with `now` as an argument.
 */
export type StapleVerdict =
  | { state: 'good'; thisUpdate: string; nextUpdate?: string }
  | { state: 'revoked' | 'unknown_cert' | 'invalid'; why: string };

const { asn1 } = forge;
type Node = forge.asn1.Asn1;

const SIG_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const CERTID_HASH: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

const kids = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? n.value : []);
const bytes = (n: Node | undefined): Buffer => Buffer.from(n && typeof n.value === 'string' ? n.value : '', 'binary');
const ctx = (n: Node, tag: number): boolean => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === tag;
const time = (n: Node | undefined): Date | undefined => {
  if (!n || typeof n.value !== 'string') return undefined;
  try {
    return asn1.generalizedTimeToDate(n.value);
  } catch {
    return undefined;
  }
};

/** The subjectPublicKey BIT STRING's bits of a certificate's key: what CertID.issuerKeyHash hashes (§4.1.1). */
function keyBits(cert: X509Certificate): Buffer {
  const spki = parseDer(cert.publicKey.export({ type: 'spki', format: 'der' }));
  return bytes(kids(spki)[1]).subarray(1);
}

export function judgeStaple(
  response: Buffer,
  leafDer: Buffer,
  issuerDer: Buffer | undefined,
  now: Date,
): StapleVerdict {
  if (response.length === 0 || response.length > 64 * 1024)
    return { state: 'invalid', why: 'empty or oversized response' };
  try {
    const top = parseDer(response);
    const [statusNode, bytesNode] = kids(top);
    const status = bytes(statusNode)[0];
    if (status !== 0) return { state: 'invalid', why: `responseStatus ${status ?? '?'}` };
    const rb = kids(bytesNode && ctx(bytesNode, 0) ? kids(bytesNode)[0] : undefined);
    if (asn1.derToOid(bytes(rb[0]).toString('binary')) !== BASIC)
      return { state: 'invalid', why: 'not a basic OCSP response' };
    const basic = parseDer(bytes(rb[1]));
    const [tbs, sigAlg, sigBits, certsNode] = kids(basic);
    if (!tbs || !sigAlg || !sigBits) return { state: 'invalid', why: 'truncated BasicOCSPResponse' };
    const leaf = new X509Certificate(leafDer);
    const issuer = issuerDer ? new X509Certificate(issuerDer) : undefined;
    if (!issuer || !leaf.checkIssued(issuer)) return { state: 'invalid', why: 'issuer of the leaf not presented' };

    // The signer: the issuer itself, or a responder certificate it issued for OCSP signing (§4.2.2.2).
    const hash = SIG_HASH[asn1.derToOid(bytes(kids(sigAlg)[0]).toString('binary'))];
    if (!hash) return { state: 'invalid', why: 'unsupported signature algorithm' };
    const tbsDer = toDer(tbs);
    const signature = bytes(sigBits).subarray(1);
    const signers = [issuer];
    for (const c of kids(certsNode && ctx(certsNode, 0) ? kids(certsNode)[0] : undefined).slice(0, 5)) {
      const x = new X509Certificate(toDer(c));
      if (x.checkIssued(issuer) && x.verify(issuer.publicKey) && (x.keyUsage ?? []).includes(OCSP_SIGNING))
        signers.push(x);
    }
    if (!signers.some((s) => verify(hash, tbsDer, s.publicKey, signature)))
      return { state: 'invalid', why: 'signature does not verify' };

    // ResponseData: [0] version?, responderID, producedAt, responses, [1] extensions?
    const all = kids(tbs);
    const fields = all[0] && ctx(all[0], 0) ? all.slice(1) : all;
    const responses = kids(fields[2]);
    const serial = leaf.serialNumber.toLowerCase().replace(/^0+/, '');
    for (const single of responses.slice(0, 20)) {
      const [certId, certStatus, thisUpdateNode, ...rest] = kids(single);
      const [alg, nameHash, keyHash, serialNode] = kids(certId);
      const idHash = CERTID_HASH[asn1.derToOid(bytes(kids(alg)[0]).toString('binary'))];
      if (!idHash || !certStatus) continue;
      const serialHex = bytes(serialNode).toString('hex').replace(/^0+/, '');
      if (serialHex !== serial) continue;
      if (!createHash(idHash).update(keyBits(issuer)).digest().equals(bytes(keyHash))) continue;
      void nameHash;
      const thisUpdate = time(thisUpdateNode);
      const nextNode = rest.find((n) => ctx(n, 0));
      const nextUpdate = time(kids(nextNode)[0]);
      if (certStatus.tagClass !== asn1.Class.CONTEXT_SPECIFIC) return { state: 'invalid', why: 'certStatus malformed' };
      if (certStatus.type === 1) return { state: 'revoked', why: 'the certificate is revoked' };
      if (certStatus.type === 2) return { state: 'unknown_cert', why: 'the responder does not know the certificate' };
      if (!thisUpdate || thisUpdate.getTime() > now.getTime() + 5 * 60_000)
        return { state: 'invalid', why: 'thisUpdate in the future' };
      if (nextUpdate && nextUpdate.getTime() < now.getTime())
        return { state: 'invalid', why: 'response expired (nextUpdate passed)' };
      return {
        state: 'good',
        thisUpdate: thisUpdate.toISOString(),
        ...(nextUpdate ? { nextUpdate: nextUpdate.toISOString() } : {}),
      };
    }
    return { state: 'invalid', why: 'no response for this certificate' };
  } catch (err) {
    return { state: 'invalid', why: `unreadable response: ${(err as Error).message.slice(0, 80)}` };
  }
}

/** The OCSP URL in the leaf's Authority Information Access (RFC 5280 §4.2.2.1), if any. */
export function ocspUrlOf(leafDer: Buffer): string | undefined {
  try {
    const info = new X509Certificate(leafDer).infoAccess ?? '';
    return /OCSP - URI:(\S+)/.exec(info)?.[1];
  } catch {
    return undefined;
  }
}
