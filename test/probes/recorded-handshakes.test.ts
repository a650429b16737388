import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServerHello } from '../../src/tls/client-hello';

/**
 * ServerHello flights recorded from the lab's real Postfix (test/fixtures/handshakes/capture.ts),
 * answering our ClientHello that offers DEFLATE, renegotiation_info and extended_master_secret.
 */
const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'handshakes');
const recorded = (name: string): Buffer => readFileSync(join(dir, `${name}.bin`));

describe("recorded handshakes from the lab's Postfix", () => {
  it('the NCSC-configured server: TLS 1.2, its own first choice, no compression, RFC 5746 and RFC 7627', () => {
    // Its enforced list starts with ECDHE-ECDSA (no ECDSA key here), then ECDHE-RSA-AES256-GCM-SHA384 = 0xc030.
    assert.deepEqual(parseServerHello(recorded('postfix-tls12-ncsc')), {
      kind: 'server_hello',
      version: 0x0303,
      suite: 0xc030,
      compression: 0,
      extensions: [0xff01, 0x000b, 0x0017],
    });
  });

  it('the TLS 1.0/1.1-only server: TLS 1.1 and a CBC suite', () => {
    assert.deepEqual(parseServerHello(recorded('postfix-tls10-only')), {
      kind: 'server_hello',
      version: 0x0302,
      suite: 0xc014,
      compression: 0,
      extensions: [0xff01, 0x000b, 0x0017],
    });
  });

  it('every truncation of a real flight is incomplete or parsed, never a crash', () => {
    const b = recorded('postfix-tls12-ncsc');
    for (let n = 0; n <= b.length; n++) {
      const r = parseServerHello(b.subarray(0, n));
      assert.ok(['incomplete', 'server_hello'].includes(r.kind), `prefix ${n}: ${r.kind}`);
    }
  });

  it('a corrupted record length in a real flight is malformed', () => {
    const b = Buffer.from(recorded('postfix-tls12-ncsc'));
    b.writeUInt16BE(0xffff, 3);
    assert.equal(parseServerHello(b).kind, 'malformed');
  });
});
