import { rdataEncoder, rrEncoder } from './codec';
import type { DnsRecord } from '../types';

/**
 * Canonical names, canonical name order and the canonical RR form (RFC 4034 §6). The encoders only
 * turn values into bytes; they do not compress names, so their output is already the uncompressed
 * wire form §6.2 asks for.
 */

/** Owner name in canonical wire form: lowercase labels, root label last (RFC 4034 §6.2). */
export function nameWire(name: string): Buffer {
  const n = name === '.' || name === '' ? '' : name.replace(/\.$/, '');
  const parts: Buffer[] = [];
  if (n !== '') {
    for (const label of n.split('.')) {
      const l = Buffer.from(label.toLowerCase(), 'utf8');
      parts.push(Buffer.from([l.length]), l);
    }
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export function labelCount(name: string): number {
  const n = name.replace(/\.$/, '');
  if (n === '' || n === '.') return 0;
  // RFC 4034 §3.1.3: a leading "*" label is not counted.
  const labels = n.split('.');
  return labels[0] === '*' ? labels.length - 1 : labels.length;
}

/** Canonical DNS name order (RFC 4034 §6.1): compare label by label from the right, as lowercase octets. */
export function compareNames(a: string, b: string): number {
  const la = a.replace(/\.$/, '').toLowerCase().split('.').filter(Boolean).reverse();
  const lb = b.replace(/\.$/, '').toLowerCase().split('.').filter(Boolean).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(Buffer.from(la[i] as string, 'utf8'), Buffer.from(lb[i] as string, 'utf8'));
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** Whether `name` is `zone` or below it. */
export function isSubdomain(name: string, zone: string): boolean {
  const n = name.replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  return z === '' || z === '.' || n === z || n.endsWith(`.${z}`);
}

/** RDATA types whose embedded names are lowercased for signing (RFC 4034 §6.2 item 3, minus NSEC per RFC 6840 §5.1). */
function lowercaseEmbeddedNames(type: string, data: unknown): unknown {
  const lc = (s: unknown): string => String(s).toLowerCase();
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return lc(data);
    case 'MX':
      return { ...d, exchange: lc(d.exchange) };
    case 'SOA':
      return { ...d, mname: lc(d.mname), rname: lc(d.rname) };
    case 'SRV':
      return { ...d, target: lc(d.target) };
    case 'RRSIG':
      return { ...d, signersName: lc(d.signersName) };
    default:
      return data;
  }
}

/** The RDATA of a record in canonical form, or undefined when it cannot be encoded (hostile data). */
export function canonicalRdata(record: DnsRecord): Buffer | undefined {
  try {
    const withLength = rdataEncoder(record.type).encode(lowercaseEmbeddedNames(record.type, record.data));
    return withLength.subarray(2);
  } catch {
    return undefined;
  }
}

/**
 * One RR in canonical form for signing (RFC 4034 §3.1.8.1): owner (lowercase, or the wildcard it was
 * expanded from), type, class IN, the RRSIG's original TTL, RDATA length and canonical RDATA.
 */
export function canonicalRr(owner: string, record: DnsRecord, originalTtl: number): Buffer | undefined {
  try {
    return rrEncoder.encode({
      name: owner.toLowerCase(),
      type: record.type,
      class: 'IN',
      ttl: originalTtl,
      data: lowercaseEmbeddedNames(record.type, record.data),
    });
  } catch {
    return undefined;
  }
}
