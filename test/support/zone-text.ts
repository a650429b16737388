import type { ZoneEntry } from './zone-resolver';

/**
 * A small parser for zone files in presentation format (RFC 1035 §5), enough for ldns-signzone's
 * output and hand-written fixtures: $ORIGIN, $TTL, @, relative names, quoted TXT, and the DNSSEC
 * types. Produces the data shapes dns-packet decodes to, so records look as if they came off the wire.
 */
export function parseZoneText(text: string): Record<string, ZoneEntry[]> {
  const out: Record<string, ZoneEntry[]> = {};
  let origin = '.';
  let ttl = 3600;
  let last = '.';
  const abs = (n: string): string => {
    if (n === '@') return origin;
    if (n.endsWith('.')) return n;
    return origin === '.' ? `${n}.` : `${n}.${origin}`;
  };
  for (const raw of text.split('\n')) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    if (tokens[0] === '$ORIGIN') {
      origin = tokens[1] ?? '.';
      continue;
    }
    if (tokens[0] === '$TTL') {
      ttl = Number(tokens[1]);
      continue;
    }
    let i = 0;
    let owner = last;
    if (!/^\s/.test(raw)) {
      owner = abs(tokens[0] as string);
      i = 1;
    }
    last = owner;
    let rrTtl = ttl;
    if (/^\d+$/.test(tokens[i] ?? '')) rrTtl = Number(tokens[i++]);
    if (tokens[i] === 'IN') i++;
    const type = (tokens[i++] ?? '').toUpperCase();
    const rd = tokens.slice(i);
    const name = owner === '.' ? '.' : owner.replace(/\.$/, '').toLowerCase();
    (out[name] ??= []).push({ type, ttl: rrTtl, data: rdata(type, rd, abs) });
  }
  return out;
}

function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ';') break;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          s += line[i + 1];
          i += 2;
        } else s += line[i++];
      }
      i++;
      out.push(`"${s}`);
      continue;
    }
    let s = '';
    while (i < line.length && !/\s/.test(line[i] as string) && line[i] !== ';') s += line[i++];
    out.push(s);
  }
  return out;
}

const time = (t: string): number =>
  /^\d{14}$/.test(t)
    ? Date.UTC(
        +t.slice(0, 4),
        +t.slice(4, 6) - 1,
        +t.slice(6, 8),
        +t.slice(8, 10),
        +t.slice(10, 12),
        +t.slice(12, 14),
      ) / 1000
    : Number(t);
const B32HEX = '0123456789abcdefghijklmnopqrstuv';
function fromBase32hex(s: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s.toLowerCase()) {
    value = (value << 5) | B32HEX.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
const dn = (n: string, abs: (x: string) => string): string => {
  const a = abs(n);
  return a === '.' ? '.' : a.replace(/\.$/, '');
};

function rdata(type: string, rd: string[], abs: (n: string) => string): unknown {
  switch (type) {
    case 'A':
    case 'AAAA':
      return rd[0];
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return dn(rd[0] as string, abs);
    case 'MX':
      return { preference: Number(rd[0]), exchange: dn(rd[1] as string, abs) };
    case 'TXT':
      return rd.map((t) => Buffer.from(t.startsWith('"') ? t.slice(1) : t, 'latin1'));
    case 'SOA':
      return {
        mname: dn(rd[0] as string, abs),
        rname: dn(rd[1] as string, abs),
        serial: +(rd[2] ?? 0),
        refresh: +(rd[3] ?? 0),
        retry: +(rd[4] ?? 0),
        expire: +(rd[5] ?? 0),
        minimum: +(rd[6] ?? 0),
      };
    case 'DNSKEY':
      return { flags: Number(rd[0]), algorithm: Number(rd[2]), key: Buffer.from(rd.slice(3).join(''), 'base64') };
    case 'DS':
      return {
        keyTag: Number(rd[0]),
        algorithm: Number(rd[1]),
        digestType: Number(rd[2]),
        digest: Buffer.from(rd.slice(3).join(''), 'hex'),
      };
    case 'RRSIG':
      return {
        typeCovered: (rd[0] as string).toUpperCase(),
        algorithm: Number(rd[1]),
        labels: Number(rd[2]),
        originalTTL: Number(rd[3]),
        expiration: time(rd[4] as string),
        inception: time(rd[5] as string),
        keyTag: Number(rd[6]),
        signersName: dn(rd[7] as string, abs),
        signature: Buffer.from(rd.slice(8).join(''), 'base64'),
      };
    case 'NSEC':
      return { nextDomain: dn(rd[0] as string, abs), rrtypes: rd.slice(1).map((t) => t.toUpperCase()) };
    case 'NSEC3':
      return {
        algorithm: Number(rd[0]),
        flags: Number(rd[1]),
        iterations: Number(rd[2]),
        salt: rd[3] === '-' ? Buffer.alloc(0) : Buffer.from(rd[3] as string, 'hex'),
        nextDomain: fromBase32hex(rd[4] as string),
        rrtypes: rd.slice(5).map((t) => t.toUpperCase()),
      };
    case 'NSEC3PARAM':
      return {
        algorithm: Number(rd[0]),
        flags: Number(rd[1]),
        iterations: Number(rd[2]),
        salt: rd[3] === '-' ? Buffer.alloc(0) : Buffer.from(rd[3] as string, 'hex'),
      };
    default:
      return Buffer.from(rd.join(' '));
  }
}
