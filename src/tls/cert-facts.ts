import { X509Certificate, createHash } from 'node:crypto';
import * as forge from 'node-forge';

/** What the checks need to know about one certificate of a presented chain (pure, from DER). */
export interface CertFacts {
  subject: string;
  issuer: string;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  key: { type: string; bits?: number; curve?: string };
  signatureOid: string;
  sha256: string;
  spkiSha256: string;
  spkiSha512: string;
  sha512: string;
}

/**
 * Node 20's X509Certificate does not expose the signature algorithm, so it is read from the DER with
 * node-forge's ASN.1 parser: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, … } (RFC 5280 §4.1).
 */
export function signatureOidOf(der: Buffer): string {
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
    const algId = (asn.value as forge.asn1.Asn1[])[1];
    const oid = (algId?.value as forge.asn1.Asn1[] | undefined)?.[0];
    return oid ? forge.asn1.derToOid(oid.value as string) : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * What a certificate says, or undefined when it cannot be read. A certificate from a server is
 * hostile input: OpenSSL may accept the outer structure and still fail on the key inside it or on a
 * date (found by `npm run fuzz`), so every read is inside the guard.
 */
export function certFacts(der: Buffer): CertFacts | undefined {
  try {
    const x = new X509Certificate(der);
    const pub = x.publicKey;
    const details = pub.asymmetricKeyDetails ?? {};
    const spki = pub.export({ type: 'spki', format: 'der' });
    return {
      subject: x.subject.replace(/\n/g, ', '),
      issuer: x.issuer.replace(/\n/g, ', '),
      selfSigned: x.subject === x.issuer && x.verify(pub),
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
      key: {
        type: pub.asymmetricKeyType ?? 'unknown',
        ...(details.modulusLength ? { bits: details.modulusLength } : {}),
        ...(details.namedCurve ? { curve: details.namedCurve } : {}),
      },
      signatureOid: signatureOidOf(der),
      sha256: createHash('sha256').update(der).digest('hex'),
      sha512: createHash('sha512').update(der).digest('hex'),
      spkiSha256: createHash('sha256').update(spki).digest('hex'),
      spkiSha512: createHash('sha512').update(spki).digest('hex'),
    };
  } catch {
    return undefined;
  }
}
