import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { startTls } from '../../src/probes/smtp';
import { TlsAssessor } from '../../src/probes/tls-assessor';

/** An SMTP server on loopback that misbehaves on purpose. */
async function hostileServer(
  onConnect: (sock: net.Socket, n: number) => void,
): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    onConnect(sock, n++);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => n,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const limits = { timeoutMs: 500, maxLine: 2048, maxReplyLines: 100 };

describe('SMTP probe against hostile servers (bounded, never hangs)', () => {
  it('a banner line of 100 kB', async () => {
    const s = await hostileServer((sock) => sock.write(`220 ${'x'.repeat(100_000)}`));
    try {
      const r = await startTls({ address: '127.0.0.1', port: s.port, servername: 'mx.test', limits });
      assert.deepEqual([r.kind, r.kind === 'failed' && r.why], ['failed', 'line too long']);
    } finally {
      await s.close();
    }
  });

  it('an endless multi-line reply', async () => {
    const s = await hostileServer((sock) => {
      for (let i = 0; i < 500; i++) sock.write('220-still talking\r\n');
    });
    try {
      const r = await startTls({ address: '127.0.0.1', port: s.port, servername: 'mx.test', limits });
      assert.deepEqual([r.kind, r.kind === 'failed' && r.why], ['failed', 'reply too long']);
    } finally {
      await s.close();
    }
  });

  it('a server that never says anything, and one that stalls after STARTTLS', async () => {
    const silent = await hostileServer(() => undefined);
    const stall = await hostileServer((sock) => {
      sock.write('220 mx.test ESMTP\r\n');
      sock.on('data', (d: Buffer) => {
        const t = d.toString();
        if (t.startsWith('EHLO')) sock.write('250-mx.test\r\n250 STARTTLS\r\n');
        if (t.startsWith('STARTTLS')) sock.write('220 go ahead\r\n'); // and then nothing: no ServerHello
      });
    });
    try {
      const a = await startTls({ address: '127.0.0.1', port: silent.port, servername: 'mx.test', limits });
      assert.deepEqual([a.kind, a.kind === 'failed' && a.timeout], ['failed', true]);
      const b = await startTls({ address: '127.0.0.1', port: stall.port, servername: 'mx.test', limits });
      assert.deepEqual([b.kind, b.kind === 'failed' && b.stage], ['failed', 'tls']);
    } finally {
      await silent.close();
      await stall.close();
    }
  });

  it('garbage instead of SMTP', async () => {
    const s = await hostileServer((sock) => sock.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      const r = await startTls({ address: '127.0.0.1', port: s.port, servername: 'mx.test', limits });
      assert.equal(r.kind, 'failed');
      assert.match(r.kind === 'failed' ? r.why : '', /not an SMTP reply/);
    } finally {
      await s.close();
    }
  });

  it('a server without STARTTLS is told apart from one that cannot be reached', async () => {
    const plain = await hostileServer((sock) => {
      sock.write('220 mx.test ESMTP\r\n');
      sock.on('data', (d: Buffer) => {
        if (d.toString().startsWith('EHLO')) sock.write('250-mx.test\r\n250 SIZE 1000\r\n');
      });
    });
    try {
      const r = await startTls({ address: '127.0.0.1', port: plain.port, servername: 'mx.test', limits });
      assert.equal(r.kind, 'no_starttls');
      const closed = await startTls({ address: '127.0.0.1', port: 1, servername: 'mx.test', limits });
      assert.equal(closed.kind, 'failed');
    } finally {
      await plain.close();
    }
  });

  it('backs off on 421 and retries, within the connection budget', async () => {
    // Refuses the first connection with 421, then has no STARTTLS: the assessor must come back once.
    const s = await hostileServer((sock, n) => {
      if (n === 0) {
        sock.end('421 mx.test too busy, try later\r\n');
        return;
      }
      sock.write('220 mx.test ESMTP\r\n');
      sock.on('data', (d: Buffer) => {
        if (d.toString().startsWith('EHLO')) sock.write('250-mx.test\r\n250 SIZE 1000\r\n');
      });
    });
    try {
      const assessor = new TlsAssessor({ allowPrivate: true, port: s.port, timeoutMs: 500 });
      const f = await assessor.assess('mx.test', '127.0.0.1');
      assert.equal(f.outcome, 'no_starttls');
      assert.equal(f.connections, 2);
      // Cached for the run: a second domain on the same MX costs no connection.
      await assessor.assess('mx.test', '127.0.0.1');
      assert.equal(s.connections(), 2);
    } finally {
      await s.close();
    }
  });
});

describe('SMTP reply reader', () => {
  it('keeps replies that arrive before they are asked for, in order (two replies in one packet)', async () => {
    const { EventEmitter } = await import('node:events');
    const { ReplyReader, SMTP_LIMITS } = await import('../../src/probes/smtp');
    const socket = new EventEmitter();
    const reader = new ReplyReader(socket as never, SMTP_LIMITS);
    socket.emit('data', Buffer.from('220 mx.gemeente.nl ESMTP\r\n250-mx.gemeente.nl\r\n250 STARTTLS\r\n'));
    assert.deepEqual(await reader.next(), { code: 220, lines: ['mx.gemeente.nl ESMTP'] });
    assert.deepEqual(await reader.next(), { code: 250, lines: ['mx.gemeente.nl', 'STARTTLS'] });
    socket.emit('close');
    await assert.rejects(reader.next(), /connection closed/);
  });
});
