/**
 * The DNS vocabulary the core owns. Every lookup outcome is a value (principle 5): an answer,
 * NXDOMAIN, NODATA, SERVFAIL, a timeout, … never an exception.
 */

/** Resource record types the engine asks for. `SPF` (type 99) is never queried (RFC 7208 §3.1). */
export type RRType =
  | 'A'
  | 'AAAA'
  | 'MX'
  | 'TXT'
  | 'NS'
  | 'SOA'
  | 'CNAME'
  | 'PTR'
  | 'CAA'
  | 'DS'
  | 'DNSKEY'
  | 'RRSIG'
  | 'NSEC'
  | 'NSEC3'
  | 'NSEC3PARAM'
  | 'TLSA';

export interface DnsRecord {
  /** Owner name, lowercase, without trailing dot. */
  name: string;
  type: string;
  ttl: number;
  /** The decoded RDATA as dns-packet gives it (TXT: Buffer[], MX: {preference, exchange}, …). */
  data: unknown;
}

/**
 * - `answer`: NOERROR with at least one record of the asked type (after CNAMEs).
 * - `nodata`: NOERROR without a record of the asked type (RFC 2308 §2.2).
 * - `nxdomain`: the name does not exist (RFC 2308 §2.1; RFC 8020: nor does anything below it).
 * - `servfail`: the resolver failed (DNSSEC bogus shows up here, with EDE if the resolver sends it).
 * - `refused` / `error`: another RCODE, or an answer we could not accept.
 * - `timeout`: no acceptable answer from any resolver in time.
 * - `budget`: not sent: the per-check query budget is used up.
 */
export type DnsOutcome = 'answer' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'error' | 'timeout' | 'budget';

/** Extended DNS Error (RFC 8914). */
export interface Ede {
  code: number;
  text: string;
}

export interface DnsResult {
  name: string;
  type: RRType;
  outcome: DnsOutcome;
  rcode: string;
  /** Records of the asked type, owner names possibly CNAME targets. */
  records: DnsRecord[];
  /** The whole answer section: CNAMEs and RRSIGs included (raw RRsets for DNSSEC and reports). */
  answers: DnsRecord[];
  authorities: DnsRecord[];
  /** Authenticated Data bit (RFC 4035 §3.2.3), as set by the resolver. */
  ad: boolean;
  ede: Ede[];
  /** Which resolver answered (ip:port), when one did. */
  server?: string;
  /** Human-readable detail for `error`/`timeout`/`budget`. */
  detail?: string;
}

export interface QueryOptions {
  /** Checking Disabled (RFC 4035 §3.2.2): ask the resolver for data even if it fails validation. */
  cd?: boolean;
}

/** The one port through which everything in the engine reaches DNS (injected, mailauth-style). */
export interface Resolver {
  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult>;
}

/** Decoded TXT RDATA: the character-strings of one record, concatenated (RFC 7208 §3.3). */
export function txtOf(record: DnsRecord): string {
  const data = record.data;
  if (Array.isArray(data)) {
    return data.map((part) => (Buffer.isBuffer(part) ? part.toString('latin1') : String(part))).join('');
  }
  if (Buffer.isBuffer(data)) return data.toString('latin1');
  return String(data);
}

/** All TXT strings of a result (empty unless the outcome is `answer`). */
export function txtStrings(result: DnsResult): string[] {
  return result.records.filter((r) => r.type === 'TXT').map(txtOf);
}

/** Whether a lookup failed in a way that says nothing about the domain (RFC 7208 §2.6.6 "temperror"). */
export function isTransientFailure(result: DnsResult): boolean {
  return isTransientOutcome(result.outcome);
}

export function isTransientOutcome(outcome: DnsOutcome): boolean {
  return (
    outcome === 'servfail' ||
    outcome === 'timeout' ||
    outcome === 'error' ||
    outcome === 'refused' ||
    outcome === 'budget'
  );
}

/** A result that was never sent or never answered, built the same way everywhere. */
export function failedResult(name: string, type: RRType, outcome: DnsOutcome, detail: string): DnsResult {
  return { name, type, outcome, rcode: '', records: [], answers: [], authorities: [], ad: false, ede: [], detail };
}
