import { randomBytes } from 'node:crypto';

/**
 * A hand-built TLS 1.2 ClientHello and a ServerHello parser (RFC 5246 §7.4.1), pure. Used to learn
 * what node:tls cannot offer or does not reveal: suites OpenSSL 3 no longer has (3DES, RC4, EXPORT),
 * TLS compression (§7.4.1.2), and the renegotiation_info extension of RFC 5746.
 */

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer): Buffer => Buffer.concat([u16(b.length), b]);
const ext = (type: number, data: Buffer): Buffer => Buffer.concat([u16(type), vec16(data)]);

export function buildClientHello(opts: { serverName: string; suites: number[]; compression: boolean }): Buffer {
  const host = Buffer.from(opts.serverName, 'ascii');
  const extensions = Buffer.concat([
    ext(0x0000, vec16(Buffer.concat([Buffer.from([0]), vec16(host)]))), // server_name (RFC 6066 §3)
    ext(0x000a, vec16(Buffer.concat([0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101].map(u16)))), // supported_groups
    ext(0x000b, Buffer.from([1, 0])), // ec_point_formats: uncompressed
    ext(
      0x000d,
      vec16(
        Buffer.concat(
          [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203].map(u16),
        ),
      ),
    ), // signature_algorithms
    ext(0x0017, Buffer.alloc(0)), // extended_master_secret (RFC 7627)
    ext(0xff01, Buffer.from([0])), // renegotiation_info, empty (RFC 5746 §3.4)
  ]);
  const body = Buffer.concat([
    u16(0x0303),
    randomBytes(32),
    Buffer.from([0]),
    vec16(Buffer.concat(opts.suites.map(u16))),
    opts.compression ? Buffer.from([2, 1, 0]) : Buffer.from([1, 0]), // DEFLATE, null
    vec16(extensions),
  ]);
  const handshake = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

export type HelloAnswer =
  | { kind: 'server_hello'; version: number; suite: number; compression: number; extensions: number[] }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; why: string };

/** Most bytes we read before the ServerHello must have arrived (certificates follow it; we stop there). */
export const MAX_HELLO_BYTES = 16 * 1024;

/** Parse the start of the server's flight: a ServerHello (possibly spread over records) or an alert. */
export function parseServerHello(buf: Buffer): HelloAnswer {
  let off = 0;
  const hs: Buffer[] = [];
  while (off + 5 <= buf.length) {
    const type = buf[off] as number;
    const len = buf.readUInt16BE(off + 3);
    if (len > 18_432) return { kind: 'malformed', why: `record length ${len}` }; // RFC 5246 §6.2.3 bound
    if (off + 5 + len > buf.length) break;
    const frag = buf.subarray(off + 5, off + 5 + len);
    off += 5 + len;
    if (type === 0x15)
      return frag.length >= 2
        ? { kind: 'alert', level: frag[0] as number, description: frag[1] as number }
        : { kind: 'malformed', why: 'short alert' };
    if (type !== 0x16) return { kind: 'malformed', why: `record type ${type}` };
    hs.push(frag);
    const h = Buffer.concat(hs);
    if (h.length < 4) continue;
    if (h[0] !== 2) return { kind: 'malformed', why: `handshake type ${h[0]}` };
    const mlen = ((h[1] as number) << 16) | ((h[2] as number) << 8) | (h[3] as number);
    if (mlen > 65_536) return { kind: 'malformed', why: 'ServerHello too long' };
    if (h.length < 4 + mlen) continue;
    const m = h.subarray(4, 4 + mlen);
    try {
      let p = 0;
      const version = m.readUInt16BE(p);
      p += 2 + 32;
      const sid = m[p] as number;
      p += 1 + sid;
      const suite = m.readUInt16BE(p);
      p += 2;
      const compression = m[p] as number;
      p += 1;
      const extensions: number[] = [];
      if (p + 2 <= m.length) {
        const end = p + 2 + m.readUInt16BE(p);
        p += 2;
        while (p + 4 <= end && p + 4 <= m.length) {
          extensions.push(m.readUInt16BE(p));
          p += 4 + m.readUInt16BE(p + 2);
        }
      }
      return { kind: 'server_hello', version, suite, compression, extensions };
    } catch {
      return { kind: 'malformed', why: 'truncated ServerHello' };
    }
  }
  return buf.length > MAX_HELLO_BYTES ? { kind: 'malformed', why: 'no ServerHello in 16 kB' } : { kind: 'incomplete' };
}
