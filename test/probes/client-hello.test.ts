import { strict as assert } from 'node:assert';
import { buildClientHello, parseServerHello } from '../../src/tls/client-hello';

/** A ServerHello as a server would send it: suite, compression method, extensions. */
function serverHello(suite: number, compression: number, extTypes: number[], split = false): Buffer {
  const exts = Buffer.concat(extTypes.map((t) => Buffer.from([t >> 8, t & 0xff, 0, 1, 0])));
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 7),
    Buffer.from([0]),
    Buffer.from([suite >> 8, suite & 0xff]),
    Buffer.from([compression]),
    Buffer.from([exts.length >> 8, exts.length & 0xff]),
    exts,
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
  const rec = (frag: Buffer): Buffer =>
    Buffer.concat([Buffer.from([0x16, 3, 3, frag.length >> 8, frag.length & 0xff]), frag]);
  return split ? Buffer.concat([rec(hs.subarray(0, 10)), rec(hs.subarray(10))]) : rec(hs);
}

describe('hand-built ClientHello and ServerHello parsing', () => {
  it('builds a well-formed TLS 1.2 ClientHello offering DEFLATE and renegotiation_info', () => {
    const h = buildClientHello({ serverName: 'mx.test', suites: [0x000a, 0xc02f], compression: true });
    assert.equal(h[0], 0x16);
    assert.equal(h.readUInt16BE(3), h.length - 5, 'record length');
    assert.equal(h[5], 1, 'ClientHello');
    assert.equal(h.readUInt16BE(9), 0x0303);
    const suitesAt = 9 + 2 + 32 + 1;
    assert.equal(h.readUInt16BE(suitesAt), 4);
    assert.deepEqual([h.readUInt16BE(suitesAt + 2), h.readUInt16BE(suitesAt + 4)], [0x000a, 0xc02f]);
    assert.deepEqual([...h.subarray(suitesAt + 6, suitesAt + 9)], [2, 1, 0], 'DEFLATE and null');
    assert.ok(h.includes(Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00])), 'empty renegotiation_info');
    assert.ok(h.includes(Buffer.from('mx.test')));
  });

  it('reads suite, compression and extensions, also when the ServerHello spans two records', () => {
    assert.deepEqual(parseServerHello(serverHello(0xc02f, 0, [0xff01, 0x0017])), {
      kind: 'server_hello',
      version: 0x0303,
      suite: 0xc02f,
      compression: 0,
      extensions: [0xff01, 0x0017],
    });
    assert.deepEqual(parseServerHello(serverHello(0x000a, 1, [], true)), {
      kind: 'server_hello',
      version: 0x0303,
      suite: 0x000a,
      compression: 1,
      extensions: [],
    });
  });

  it('handles alerts, partial input and hostile length fields', () => {
    assert.deepEqual(parseServerHello(Buffer.from([0x15, 3, 3, 0, 2, 2, 40])), {
      kind: 'alert',
      level: 2,
      description: 40,
    });
    assert.equal(parseServerHello(serverHello(0xc02f, 0, []).subarray(0, 20)).kind, 'incomplete');
    assert.equal(
      parseServerHello(Buffer.from([0x16, 3, 3, 0xff, 0xff])).kind,
      'malformed',
      'record longer than 2^14+2048',
    );
    const huge = Buffer.from([0x16, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff]);
    assert.equal(parseServerHello(huge).kind, 'malformed', '16 MB handshake length');
    assert.equal(parseServerHello(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).kind, 'malformed');
    assert.equal(parseServerHello(Buffer.alloc(20_000, 0x16)).kind, 'malformed');
  });
});
