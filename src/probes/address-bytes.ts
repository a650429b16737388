import { isIPv4, isIPv6 } from 'node:net';

/**
 * Address literals as bytes (4 for IPv4, 16 for IPv6), so that policy never depends on how an address
 * is written (RFC 4291 §2.2: `::ffff:7f00:1`, `0:0:0:0:0:ffff:127.0.0.1` and `::FFFF:127.0.0.1` are one
 * address). A zone index (`fe80::1%eth0`) is not an address we probe: undefined.
 */
export function parseAddress(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length > 64 || text.includes('%')) return undefined;
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text)) return undefined;
  let head = text;
  let tail4: Uint8Array | undefined;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail4 = parseAddress(dotted[1] as string);
    if (!tail4) return undefined;
    head = `${text.slice(0, dotted.index)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (tail4) out.set(tail4, 12);
  return out;
}

/** Whether `bytes` lies in `net`/`prefix` (both of one family). */
export function inPrefix(bytes: Uint8Array, net: Uint8Array, prefix: number): boolean {
  if (bytes.length !== net.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((bytes[i] as number) & mask) !== ((net[i] as number) & mask)) return false;
  }
  return true;
}

/** The IPv4 address at bit offset `at` of an IPv6 address (RFC 6052 §2.2 for /96, RFC 3056 §2 for 6to4). */
export function embeddedIPv4(bytes: Uint8Array, at: number): Uint8Array {
  return bytes.slice(at / 8, at / 8 + 4);
}
