import { strict as assert } from 'node:assert';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { LabPki } from '../lab/pki';
import { TlsAssessor } from '../../src/probes/tls-assessor';

/**
 * The assessor on direct TLS (HTTPS) against a Node TLS server on loopback that chooses its
 * certificate by SNI, as shared web hosting does: each name gets its own assessment and certificate.
 */
describe('TLS assessor over HTTPS, one address with two names (SNI)', function () {
  this.timeout(30_000);
  let server: tls.Server;
  let port = 0;
  before(async () => {
    const pki = new LabPki(new Date());
    const certs = { 'a.nl': pki.issue('a.nl'), 'b.nl': pki.issue('b.nl') };
    const ctx = (n: 'a.nl' | 'b.nl') => tls.createSecureContext({ cert: certs[n].certPem, key: certs[n].keyPem, minVersion: 'TLSv1.2' });
    server = tls.createServer({ ...{ cert: certs['a.nl'].certPem, key: certs['a.nl'].keyPem }, minVersion: 'TLSv1.2', SNICallback: (name, cb) => cb(null, ctx(name === 'b.nl' ? 'b.nl' : 'a.nl')) }, (s) => { s.on('error', () => undefined); s.end(); });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('assesses each name on its own, with the certificate SNI gives it', async () => {
    const assessor = new TlsAssessor({ allowPrivate: true, service: 'https', port, timeoutMs: 2000, connectionBudget: 40 });
    const a = await assessor.assess('a.nl', '127.0.0.1');
    const b = await assessor.assess('b.nl', '127.0.0.1');
    const subject = (chain: string[]) => new X509Certificate(Buffer.from(chain[0] as string, 'base64')).subject;
    assert.match(subject(a.chain), /CN=a\.nl/);
    assert.match(subject(b.chain), /CN=b\.nl/);
    assert.equal(b.hostnameError, undefined);
    assert.ok(b.connections > 0, 'b.nl was assessed itself, not taken from a.nl');
    assert.deepEqual([a.versions['TLSv1.1'], a.versions['TLSv1.2']], [false, true]);
    assert.equal((await assessor.assess('a.nl', '127.0.0.1')).connections, a.connections, 'the same name again comes from the cache');
  });
});
