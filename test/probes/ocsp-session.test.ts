import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, X509Certificate } from 'node:crypto';
import { checkWebDane } from '../../src/engine/checks/dane';
import * as forge from 'node-forge';
import { judgeStaple, ocspUrlOf } from '../../src/tls/ocsp';
import { maxEarlyData } from '../../src/tls/session';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const der = (file: string): Buffer => new X509Certificate(readFileSync(join(dir, 'ocsp', file))).raw;
const leaf = der('leaf.pem');
const issuer = der('issuer.pem');
const response = readFileSync(join(dir, 'ocsp', 'response.der'));
const inWindow = new Date('2026-11-30T12:00:00Z');

describe('stapled OCSP responses (RFC 6960), on responses made by openssl ocsp', () => {
  it('finds the OCSP URL in the leaf', () => {
    assert.equal(ocspUrlOf(leaf), 'http://ocsp.lab-ca.nl/');
    assert.equal(ocspUrlOf(der('other-leaf.pem')), undefined);
  });

  it('a good, signed, current response for this certificate', () => {
    const v = judgeStaple(response, leaf, issuer, inWindow);
    assert.deepEqual(v, {
      state: 'good',
      thisUpdate: '2026-11-28T02:02:13.000Z',
      nextUpdate: '2026-12-05T02:02:13.000Z',
    });
  });

  it('refuses it after nextUpdate, before thisUpdate, for another certificate, or without the issuer', () => {
    assert.match(
      JSON.stringify(judgeStaple(response, leaf, issuer, new Date('2026-12-06T00:00:00Z'))),
      /nextUpdate passed/,
    );
    assert.match(
      JSON.stringify(judgeStaple(response, leaf, issuer, new Date('2026-11-27T00:00:00Z'))),
      /thisUpdate in the future/,
    );
    assert.match(
      JSON.stringify(judgeStaple(response, der('other-leaf.pem'), issuer, inWindow)),
      /no response for this certificate/,
    );
    assert.match(JSON.stringify(judgeStaple(response, leaf, undefined, inWindow)), /issuer/);
  });

  it('a revoked certificate', () => {
    assert.equal(judgeStaple(readFileSync(join(dir, 'ocsp', 'revoked.der')), leaf, issuer, inWindow).state, 'revoked');
  });

  it('a response with one flipped bit in the signed part does not verify', () => {
    const i = response.indexOf(Buffer.from('Mailcheck Lab CA'));
    assert.ok(i > 0);
    const bad = Buffer.from(response);
    bad[i] = (bad[i] as number) ^ 1;
    assert.deepEqual(judgeStaple(bad, leaf, issuer, inWindow), { state: 'invalid', why: 'signature does not verify' });
  });

  it('every truncation is invalid, never a crash', () => {
    for (let n = 0; n < response.length; n += 7)
      assert.equal(judgeStaple(response.subarray(0, n), leaf, issuer, inWindow).state, 'invalid');
  });
});

describe('0-RTT in TLS 1.3 session tickets (OpenSSL SSL_SESSION [15] max_early_data)', () => {
  it('reads real tickets from nginx with and without ssl_early_data', () => {
    assert.equal(maxEarlyData(readFileSync(join(dir, 'tls-sessions', 'early-data.der'))), 16384);
    assert.equal(maxEarlyData(readFileSync(join(dir, 'tls-sessions', 'no-early-data.der'))), 0);
  });

  it('a hand-made session with only the field, and garbage', () => {
    const { asn1 } = forge;
    const int = (n: number) =>
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
    const seq = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      int(1),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 15 as forge.asn1.Type, true, [int(4096)]),
    ]);
    assert.equal(maxEarlyData(Buffer.from(asn1.toDer(seq).getBytes(), 'binary')), 4096);
    assert.equal(maxEarlyData(Buffer.from('not a session')), undefined);
    assert.equal(maxEarlyData(Buffer.alloc(0)), undefined);
    const real = readFileSync(join(dir, 'tls-sessions', 'early-data.der'));
    for (let n = 1; n < real.length; n += 11) assert.doesNotThrow(() => maxEarlyData(real.subarray(0, n)));
  });
});

describe('DANE for HTTPS (RFC 6698, all four usages)', () => {
  const spki = createHash('sha256')
    .update(new X509Certificate(leaf).publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
  const server = (authorized: boolean) => ({
    host: 'ocspgoed.nl',
    address: '192.0.2.8',
    outcome: 'ok' as const,
    versions: {},
    ciphers: [],
    cipherCodes: [],
    ciphers13: [],
    chain: [leaf.toString('base64'), issuer.toString('base64')],
    connections: 1,
    authorized,
  });
  const tlsa = (usage: number, data: Buffer, state: 'secure' | 'insecure' = 'secure') => ({
    host: 'ocspgoed.nl',
    name: '_443._tcp.ocspgoed.nl',
    verdict: { state } as never,
    records: [{ usage, selector: 1, matchingType: 1, certificate: data }],
  });
  it('DANE-EE matches the leaf key; a wrong hash names the address', () => {
    assert.deepEqual(
      checkWebDane(tlsa(3, spki), [server(false)]).map((r) => r.status),
      ['passed', 'passed'],
    );
    const wrong = checkWebDane(tlsa(3, Buffer.alloc(32)), [server(true)]);
    assert.deepEqual([wrong[1]?.status, wrong[1]?.reason], ['failed', 'web_tlsa_no_match']);
  });
  it('PKIX-EE (usage 1) also needs a trusted chain; unsigned TLSA is not usable', () => {
    assert.equal(checkWebDane(tlsa(1, spki), [server(true)])[1]?.status, 'passed');
    assert.equal(checkWebDane(tlsa(1, spki), [server(false)])[1]?.status, 'failed');
    assert.deepEqual(
      checkWebDane(tlsa(3, spki, 'insecure'), [server(true)]).map((r) => r.reason),
      ['tlsa_not_signed', 'no_usable_tlsa'],
    );
  });
});
