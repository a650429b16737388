import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { readServerHello } from '../../src/probes/read-hello';
import { buildClientHello } from '../../src/tls/client-hello';

/**
 * A reset during the TLS handshake is the network's failure, a close is the server's answer
 * (issue 13): the assessor retries the first and takes the second as "no more suites".
 */
describe('reading the answer to our ClientHello', () => {
  const servers: net.Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  async function serve(onHello: (c: net.Socket) => void): Promise<number> {
    const server = net.createServer((c) => {
      c.once('data', () => onHello(c));
      c.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as net.AddressInfo).port;
  }
  async function ask(
    port: number,
    timeoutMs = 2000,
  ): Promise<ReturnType<typeof readServerHello> extends Promise<infer T> ? T : never> {
    const sock = net.connect({ host: '127.0.0.1', port });
    await new Promise((r) => sock.once('connect', r));
    return readServerHello(
      sock,
      buildClientHello({ serverName: 'example.nl', suites: [0xc02f], compression: false }),
      timeoutMs,
    );
  }

  it('a TCP reset after the ClientHello is a lost exchange (retried), not an answer', async () => {
    const r = await ask(await serve((c) => c.resetAndDestroy()));
    assert.equal(r.kind, 'failed');
    assert.match((r as { why: string }).why, /ECONNRESET/);
  });

  it('a plain close is the server answering without a ServerHello', async () => {
    const r = await ask(await serve((c) => c.end()));
    assert.deepEqual(r, { kind: 'malformed', why: 'closed before ServerHello' });
  });

  it('silence is a timeout (lost), a TLS alert is an answer', async () => {
    const silent = await ask(await serve(() => undefined), 200);
    assert.deepEqual(silent, { kind: 'failed', why: 'timeout', timeout: true, stage: 'tls' });
    // handshake_failure (40), fatal (2): RFC 8446 §6.
    const alert = await ask(await serve((c) => c.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))));
    assert.deepEqual(alert, { kind: 'alert', level: 2, description: 40 });
  });
});
