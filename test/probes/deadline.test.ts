import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { LabPki } from '../lab/pki';
import { TlsAssessor } from '../../src/probes/tls-assessor';
import { checkDomain } from '../../src/engine/check-domain';
import { ZoneResolver } from '../support/zone-resolver';

/**
 * Issue 14 item 4: a check's deadline stops its network work. A TLS server on loopback behind a proxy
 * that holds every connection for 100 ms, so a full assessment takes many seconds; the proxy counts
 * the connections opened and those still open.
 */
describe('deadlines stop the probes (issue 14 item 4)', function () {
  this.timeout(30_000);
  let server: tls.Server;
  let proxy: net.Server;
  let port = 0;
  let opened = 0;
  let open = 0;
  before(async () => {
    const pki = new LabPki(new Date());
    const cert = pki.issue('traag.nl');
    server = tls.createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' }, (s) => {
      s.on('error', () => undefined);
      s.end();
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const inner = (server.address() as net.AddressInfo).port;
    proxy = net.createServer((c) => {
      opened++;
      open++;
      // Closed from our side once the client has sent FIN or RST (or the socket closed).
      let counted = true;
      const gone = (): void => {
        if (counted) {
          counted = false;
          open--;
        }
      };
      c.on('end', gone);
      c.on('close', gone);
      c.on('error', () => undefined);
      c.pause();
      setTimeout(() => {
        if (c.destroyed) return;
        const up = net.connect(inner, '127.0.0.1');
        up.on('error', () => c.destroy());
        // When the server side closes first, pipe() stops reading the client: keep reading, so its FIN is seen.
        up.on('close', () => {
          c.end();
          c.resume();
        });
        c.on('error', () => up.destroy());
        c.pipe(up).pipe(c);
        c.resume();
      }, 100);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as net.AddressInfo).port;
  });
  after(async () => {
    proxy.close();
    server.close();
  });
  beforeEach(() => {
    opened = 0;
  });

  it('an aborted assessment opens no connection after the abort and closes the open one', async () => {
    const assessor = new TlsAssessor({ allowPrivate: true, service: 'https', port, timeoutMs: 5000 });
    const facts = await assessor.assess('traag.nl', '127.0.0.1', AbortSignal.timeout(700));
    const atEnd = opened;
    assert.equal(facts.aborted, true);
    assert.ok(atEnd >= 1 && atEnd < 12, `connections before the abort: ${atEnd}`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(opened, atEnd, 'no connection after the assessment returned');
    assert.equal(open, 0, 'none left open');
    // Not kept: the next check assesses again.
    const again = await assessor.assess('traag.nl', '127.0.0.1', AbortSignal.timeout(300));
    assert.ok(again.connections > 0);
  });

  it('checkDomain returns only when its work has stopped: nothing connects after the report', async () => {
    const zone = new ZoneResolver({ 'traag.nl': [{ type: 'A', data: '127.0.0.1' }] });
    const webAssessor = new TlsAssessor({ allowPrivate: true, service: 'https', port, timeoutMs: 5000 });
    let report;
    for await (const ev of checkDomain('traag.nl', {
      type: 'web',
      resolver: zone,
      allowPrivate: true,
      webAssessor,
      timeoutMs: 800,
    }))
      if (ev.kind === 'report') report = ev.report;
    const atEnd = opened;
    assert.equal(report?.tests.web_https_tls_version?.status, 'error');
    assert.equal(report?.tests.web_https_tls_version?.reason, 'timeout');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(opened, atEnd, 'no probe went on after the check ended');
    assert.equal(open, 0);
  });

  it('an outside abort stops a check the same way', async () => {
    const zone = new ZoneResolver({ 'traag.nl': [{ type: 'A', data: '127.0.0.1' }] });
    const webAssessor = new TlsAssessor({ allowPrivate: true, service: 'https', port, timeoutMs: 5000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 500);
    const statuses: string[] = [];
    for await (const ev of checkDomain('traag.nl', {
      type: 'web',
      resolver: zone,
      allowPrivate: true,
      webAssessor,
      signal: stop.signal,
    }))
      if (ev.kind === 'report') statuses.push(ev.report.tests.web_https_tls_version?.status ?? '');
    assert.deepEqual(statuses, ['error']);
    const atEnd = opened;
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(opened, atEnd);
  });
});
