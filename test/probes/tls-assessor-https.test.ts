import { strict as assert } from 'node:assert';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { LabPki } from '../lab/pki';
import { TlsAssessor } from '../../src/probes/tls-assessor';
import { directDial, type Dialer } from '../../src/probes/dial';

/**
 * The assessor on direct TLS (HTTPS) against a Node TLS server on loopback that chooses its
 * certificate by SNI, as shared web hosting does: each name gets its own assessment and certificate.
 */
describe('TLS assessor over HTTPS, one address with two names (SNI)', function () {
  this.timeout(30_000);
  let server: tls.Server;
  let port = 0;
  const serverSide = new Set<import('node:net').Socket>();
  const clientSide: import('node:net').Socket[] = [];
  // Every connection the assessor opens, so the test can tell whether it closed them all.
  const dial: Dialer = (t) => {
    const s = directDial(t);
    clientSide.push(s);
    return s;
  };
  before(async () => {
    const pki = new LabPki(new Date());
    const certs = { 'a.nl': pki.issue('a.nl'), 'b.nl': pki.issue('b.nl') };
    const ctx = (n: 'a.nl' | 'b.nl') =>
      tls.createSecureContext({ cert: certs[n].certPem, key: certs[n].keyPem, minVersion: 'TLSv1.2' });
    server = tls.createServer(
      {
        ...{ cert: certs['a.nl'].certPem, key: certs['a.nl'].keyPem },
        minVersion: 'TLSv1.2',
        SNICallback: (name, cb) => cb(null, ctx(name === 'b.nl' ? 'b.nl' : 'a.nl')),
      },
      (s) => {
        s.on('error', () => undefined);
        s.end();
      },
    );
    server.on('tlsClientError', () => undefined);
    server.on('connection', (sock: import('node:net').Socket) => {
      serverSide.add(sock);
      sock.on('close', () => serverSide.delete(sock));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    // The assessor must have closed every connection it opened; the server's side of one may linger
    // after the client left (Node 24 keeps a TLS server socket our raw ClientHello left mid-handshake),
    // so those are closed here before the server is.
    assert.ok(clientSide.length > 0, 'the assessor dialled through the test');
    const leaked = clientSide.filter((s) => !s.destroyed);
    for (const s of serverSide) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(leaked.length, 0, `${leaked.length} of ${clientSide.length} connections left open by the assessor`);
  });

  it('assesses each name on its own, with the certificate SNI gives it', async () => {
    const assessor = new TlsAssessor({
      allowPrivate: true,
      service: 'https',
      port,
      timeoutMs: 2000,
      connectionBudget: 40,
      dial,
    });
    const a = await assessor.assess('a.nl', '127.0.0.1');
    const b = await assessor.assess('b.nl', '127.0.0.1');
    const subject = (chain: string[]) => new X509Certificate(Buffer.from(chain[0] as string, 'base64')).subject;
    assert.match(subject(a.chain), /CN=a\.nl/);
    assert.match(subject(b.chain), /CN=b\.nl/);
    assert.equal(b.hostnameError, undefined);
    assert.ok(b.connections > 0, 'b.nl was assessed itself, not taken from a.nl');
    assert.deepEqual([a.versions['TLSv1.1'], a.versions['TLSv1.2']], [false, true]);
    assert.equal(
      (await assessor.assess('a.nl', '127.0.0.1')).connections,
      a.connections,
      'the same name again comes from the cache',
    );
  });
});
