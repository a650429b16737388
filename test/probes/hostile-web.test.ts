import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { fetchPinned } from '../../src/probes/https-fetch';
import { followRedirects } from '../../src/engine/facts/web';
import { ZoneResolver } from '../support/zone-resolver';

/** A raw TCP server on loopback that answers each connection with `serve`; counts the bytes it sent. */
async function hostile(
  serve: (socket: net.Socket, sent: (n: number) => void) => void,
): Promise<{ port: number; sent: () => number; close: () => Promise<void> }> {
  let total = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () =>
      serve(socket, (n) => {
        total += n;
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sent: () => total,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const get = (port: number, extra: { timeoutMs?: number; maxBytes?: number } = {}) =>
  fetchPinned({
    scheme: 'http',
    address: '127.0.0.1',
    port,
    host: 'vijandig.nl',
    path: '/',
    allowPrivate: true,
    timeoutMs: extra.timeoutMs ?? 3000,
    maxBytes: extra.maxBytes ?? 64 * 1024,
  });

describe('hostile web servers end in a clear status within the budget', () => {
  it('a 2 GB body is cut off at the byte limit', async () => {
    const s = await hostile((socket, sent) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2147483648\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk)) sent(chunk.length);
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    try {
      const r = await get(s.port, { maxBytes: 256 * 1024 });
      assert.ok(r.ok && r.truncated, JSON.stringify(r).slice(0, 200));
      assert.ok(r.ok && r.body.length <= 256 * 1024);
      assert.ok(s.sent() < 64 * 1024 * 1024, `the server got to send ${s.sent()} bytes`);
    } finally {
      await s.close();
    }
  });

  it('a 1 MB header is refused as too large', async () => {
    const s = await hostile((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nX-Groot: ${'x'.repeat(1024 * 1024)}\r\nContent-Length: 2\r\n\r\nok`);
    });
    try {
      const r = await get(s.port);
      assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'header_too_large']);
    } finally {
      await s.close();
    }
  });

  it('a server that trickles a byte at a time is cut off at the deadline', async () => {
    const s = await hostile((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
      const t = setInterval(() => (socket.destroyed ? clearInterval(t) : socket.write('a')), 50);
      socket.on('close', () => clearInterval(t));
    });
    try {
      const r = await get(s.port, { timeoutMs: 600 });
      assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'timeout']);
    } finally {
      await s.close();
    }
  });

  it('a response that is not HTTP is a bad response, not a crash', async () => {
    const s = await hostile((socket) => {
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    try {
      const r = await get(s.port);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && ['bad_response', 'connect_error'].includes(r.reason), !r.ok ? r.reason : '');
    } finally {
      await s.close();
    }
  });

  it('endless redirects stop after the hop limit', async () => {
    let n = 0;
    const s = await hostile((socket) => {
      n++;
      socket.end(`HTTP/1.1 302 Found\r\nLocation: /verder${n}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    try {
      const zone = new ZoneResolver({ 'vijandig.nl': [{ type: 'A', data: '127.0.0.1' }] });
      const hops = await followRedirects(
        fetchPinned,
        zone,
        new URL(`http://vijandig.nl:${s.port}/`),
        '127.0.0.1',
        true,
        1024,
        8,
        2000,
      );
      assert.equal(hops.length, 8);
      assert.ok(hops.every((h) => h.outcome.ok && h.outcome.status === 302));
    } finally {
      await s.close();
    }
  });

  it('a redirect to another port than 80 or 443 is not followed (no Location aimed at other services)', async () => {
    let n = 0;
    const s = await hostile((socket) => {
      n++;
      socket.end(
        'HTTP/1.1 301 Moved\r\nLocation: http://vijandig.nl:6379/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      );
    });
    try {
      const zone = new ZoneResolver({ 'vijandig.nl': [{ type: 'A', data: '127.0.0.1' }] });
      const hops = await followRedirects(
        fetchPinned,
        zone,
        new URL(`http://vijandig.nl:${s.port}/`),
        '127.0.0.1',
        true,
        1024,
        8,
        2000,
      );
      assert.equal(n, 1, 'only the first request was made');
      assert.equal(hops.length, 2);
      const last = hops[1]?.outcome;
      assert.ok(last && !last.ok && last.reason === 'bad_location' && /port 6379/.test(last.detail));
    } finally {
      await s.close();
    }
  });

  it('a redirect to a NAT64 or 6to4 form of a private IPv4 address is not followed', async () => {
    const zone = new ZoneResolver({
      'meta.vijandig.nl': [{ type: 'AAAA', data: '64:ff9b::a9fe:a9fe' }],
      'zes.vijandig.nl': [{ type: 'AAAA', data: '2002:7f00:1::1' }],
    });
    for (const host of ['meta', 'zes']) {
      const hops = await followRedirects(
        fetchPinned,
        zone,
        new URL(`http://${host}.vijandig.nl/`),
        undefined,
        false,
        1024,
      );
      assert.deepEqual(
        hops.map((h) => (h.outcome.ok ? h.outcome.status : h.outcome.reason)),
        ['private_address'],
        host,
      );
    }
  });

  it('a redirect to a private address is not followed outside lab mode', async () => {
    const zone = new ZoneResolver({ 'intern.vijandig.nl': [{ type: 'A', data: '10.1.2.3' }] });
    const hops = await followRedirects(
      fetchPinned,
      zone,
      new URL('http://intern.vijandig.nl/'),
      undefined,
      false,
      1024,
    );
    assert.deepEqual(
      hops.map((h) => [h.address, h.outcome.ok ? h.outcome.status : h.outcome.reason]),
      [['10.1.2.3', 'private_address']],
    );
  });
});
