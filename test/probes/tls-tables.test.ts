import { strict as assert } from 'node:assert';
import { certKeyLevel, cipherLevel, keyExchangeLevel, signatureLevel, versionLevel } from '../../src/tls/ncsc';
import { certFacts } from '../../src/tls/cert-facts';
import { tlsaMatches } from '../../src/engine/checks/dane';
import { LabPki } from '../lab/pki';
import { X509Certificate, createHash } from 'node:crypto';

describe('NCSC TLS tables (internetnl-criteria.md §4)', () => {
  it('versions: TLS 1.0/1.1 phase out under v2.1, insufficient under 2025', () => {
    assert.deepEqual(
      ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'].map((v) => versionLevel(v, 'ncsc-2025')),
      ['good', 'sufficient', 'insufficient', 'insufficient', 'insufficient'],
    );
    assert.deepEqual(
      ['TLSv1.1', 'TLSv1'].map((v) => versionLevel(v, 'ncsc-2021')),
      ['phase_out', 'phase_out'],
    );
  });

  it('cipher suites under 2025 and v2.1', () => {
    const l25 = (c: string): string => cipherLevel(c, 'ncsc-2025');
    const l21 = (c: string): string => cipherLevel(c, 'ncsc-2021');
    assert.equal(l25('TLS_AES_256_GCM_SHA384'), 'good');
    assert.equal(l25('TLS_AES_128_GCM_SHA256'), 'sufficient');
    assert.equal(l25('TLS_AES_128_CCM_8_SHA256'), 'insufficient');
    assert.equal(l25('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'), 'sufficient');
    assert.equal(l25('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256'), 'phase_out');
    assert.equal(l25('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'), 'insufficient', 'every SHA-1 CBC suite');
    assert.equal(l25('TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'), 'phase_out');
    assert.equal(l25('TLS_RSA_WITH_AES_256_GCM_SHA384'), 'insufficient', 'static RSA');
    assert.equal(l25('TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8'), 'insufficient');
    assert.equal(l25('TLS_RSA_WITH_3DES_EDE_CBC_SHA'), 'insufficient');
    assert.equal(l21('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'), 'sufficient');
    assert.equal(l21('TLS_RSA_WITH_AES_256_GCM_SHA384'), 'phase_out');
    assert.equal(l21('TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'), 'phase_out');
    assert.equal(l21('TLS_RSA_WITH_RC4_128_SHA'), 'insufficient');
  });

  it('key exchange, certificate keys and signatures', () => {
    assert.equal(keyExchangeLevel({ type: 'ECDH', name: 'X25519' }, 'ncsc-2025'), 'sufficient');
    assert.equal(keyExchangeLevel({ type: 'ECDH', name: 'prime256v1' }, 'ncsc-2025'), 'sufficient');
    assert.equal(keyExchangeLevel({ type: 'ECDH', name: 'secp224r1' }, 'ncsc-2025'), 'phase_out');
    assert.equal(keyExchangeLevel({ type: 'DH', size: 2048 }, 'ncsc-2025'), 'insufficient');
    assert.equal(keyExchangeLevel({ type: 'DH', size: 2048 }, 'ncsc-2021'), 'phase_out');
    assert.equal(certKeyLevel({ type: 'rsa', bits: 2048 }, 'ncsc-2025'), 'phase_out');
    assert.equal(certKeyLevel({ type: 'rsa', bits: 2048 }, 'ncsc-2021'), 'sufficient');
    assert.equal(certKeyLevel({ type: 'rsa', bits: 1024 }, 'ncsc-2025'), 'insufficient');
    assert.equal(certKeyLevel({ type: 'ec', curve: 'prime256v1' }, 'ncsc-2025'), 'sufficient');
    assert.equal(certKeyLevel({ type: 'ed25519' }, 'ncsc-2025'), 'sufficient');
    assert.equal(signatureLevel('1.2.840.113549.1.1.11').level, 'sufficient');
    assert.equal(signatureLevel('1.2.840.113549.1.1.5').level, 'insufficient');
    assert.equal(signatureLevel('1.2.840.10045.4.3.1').level, 'phase_out');
  });
});

describe('certificate facts and TLSA matching', () => {
  const pki = new LabPki(new Date('2026-11-27T00:00:00Z'));
  const leaf = pki.issue('mx.test');
  const der = Buffer.from(new X509Certificate(leaf.certPem).raw);

  it('reads the key and the signature OID from the DER (node-forge ASN.1)', () => {
    const f = certFacts(der);
    assert.equal(f?.key.type, 'rsa');
    assert.equal(f?.key.bits, 2048);
    assert.equal(f?.signatureOid, '1.2.840.113549.1.1.11');
    assert.equal(f?.selfSigned, false);
    assert.equal(certFacts(Buffer.from('not a certificate')), undefined);
  });

  it('matches TLSA 3 1 1, 3 0 1, 3 1 2 and 3 0 0, and not a wrong hash', () => {
    const spki = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
    const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
    assert.ok(
      tlsaMatches({ usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from(leaf.tlsa311, 'hex') }, der),
    );
    assert.ok(tlsaMatches({ usage: 3, selector: 0, matchingType: 1, certificate: sha256(der) }, der));
    assert.ok(
      tlsaMatches(
        { usage: 3, selector: 1, matchingType: 2, certificate: createHash('sha512').update(spki).digest() },
        der,
      ),
    );
    assert.ok(tlsaMatches({ usage: 3, selector: 0, matchingType: 0, certificate: der }, der));
    assert.ok(!tlsaMatches({ usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32) }, der));
  });
});
