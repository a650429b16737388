import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';

/** The lab's PKI: one CA the lab's clients trust (NODE_EXTRA_CA_CERTS), and leaf certificates. */
export interface Issued {
  certPem: string;
  keyPem: string;
  /** DANE 3 1 1: SHA-256 of the SubjectPublicKeyInfo (RFC 6698 §2.1). */
  tlsa311: string;
}

function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; pem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return {
    forgeKey: forge.pki.privateKeyFromPem(pem),
    pem,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

let serial = 1;

/** Authority Information Access with one OCSP responder URL (RFC 5280 §4.2.2.1), as raw DER. */
function ocspAia(url: string): object {
  const { asn1 } = forge;
  const value = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.1').getBytes()),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
    ]),
  ]);
  return { id: '1.3.6.1.5.5.7.1.1', critical: false, value: asn1.toDer(value).getBytes() };
}

function build(
  subjectCn: string,
  names: string[],
  key: ReturnType<typeof rsaKey>,
  issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined,
  notBefore: Date,
  notAfter: Date,
  ca: boolean,
  ocspUrl?: string,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicPem);
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'Mailcheck lab' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: ca, critical: true }];
  if (ca) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    extensions.push({ name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) });
  }
  extensions.push({ name: 'subjectKeyIdentifier' });
  if (ocspUrl) extensions.push(ocspAia(ocspUrl));
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : key.forgeKey, forge.md.sha256.create());
  return cert;
}

export class LabPki {
  private readonly caKey = rsaKey();
  readonly caCert: forge.pki.Certificate;

  constructor(readonly now: Date) {
    this.caCert = build(
      'Mailcheck Lab CA',
      [],
      this.caKey,
      undefined,
      new Date(now.getTime() - 86_400_000),
      new Date(now.getTime() + 5 * 365 * 86_400_000),
      true,
    );
  }

  get caPem(): string {
    return forge.pki.certificateToPem(this.caCert);
  }

  /** For `openssl ocsp`, which signs the lab's stapled OCSP responses with the CA's key. */
  get caKeyPem(): string {
    return this.caKey.pem;
  }

  /** A leaf for `host`; `kind` makes it expired, self-signed or for another name. */
  issue(host: string, kind: 'valid' | 'expired' | 'self_signed' | 'wrong_name' = 'valid', ocspUrl?: string): Issued {
    const key = rsaKey();
    const day = 86_400_000;
    const t = this.now.getTime();
    const [from, to] =
      kind === 'expired'
        ? [new Date(t - 400 * day), new Date(t - 30 * day)]
        : [new Date(t - day), new Date(t + 90 * day)];
    const names = kind === 'wrong_name' ? [`other-${host}`] : [host];
    const issuer = kind === 'self_signed' ? undefined : { cert: this.caCert, key: this.caKey.forgeKey };
    const cert = build(names[0] as string, names, key, issuer, from, to, false, ocspUrl);
    const certPem = forge.pki.certificateToPem(cert);
    const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
    return { certPem, keyPem: key.pem, tlsa311: createHash('sha256').update(spki).digest('hex') };
  }
}
