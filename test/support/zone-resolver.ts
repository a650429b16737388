import { canonicalName } from '../../src/dns/name';
import type { DnsRecord, DnsResult, QueryOptions, Resolver, RRType } from '../../src/dns/types';

/** One entry of a name: a record, or the marker that queries for this name time out. */
export type ZoneEntry = { type: string; data: unknown; ttl?: number } | 'TIMEOUT';

/**
 * A resolver that answers from zone data in memory, the way a recursive resolver would: CNAMEs
 * followed, NXDOMAIN vs NODATA (an empty non-terminal is NODATA, RFC 8020), TIMEOUT markers.
 * A fake built from data, not a mock: every engine rule runs unchanged on top of it.
 */
export class ZoneResolver implements Resolver {
  readonly zone = new Map<string, ZoneEntry[]>();
  readonly log: { name: string; type: RRType; cd: boolean }[] = [];

  constructor(data: Record<string, ZoneEntry[]> = {}) {
    for (const [name, entries] of Object.entries(data)) this.zone.set(canonicalName(name), entries);
  }

  add(name: string, ...entries: ZoneEntry[]): this {
    const key = canonicalName(name);
    this.zone.set(key, [...(this.zone.get(key) ?? []), ...entries]);
    return this;
  }

  async query(name: string, type: RRType, options: QueryOptions = {}): Promise<DnsResult> {
    const qname = canonicalName(name);
    this.log.push({ name: qname, type, cd: options.cd === true });
    const answers: DnsRecord[] = [];
    let owner = qname;
    const seen = new Set<string>();
    for (let hop = 0; hop < 12; hop++) {
      const entries = this.zone.get(owner);
      if (!entries) {
        const outcome = this.hasChildren(owner) ? 'nodata' : 'nxdomain';
        return this.result(qname, type, outcome, answers, []);
      }
      const matched: DnsRecord[] = [];
      let cname: string | undefined;
      for (const e of entries) {
        if (e === 'TIMEOUT') {
          if (matched.length === 0 && !cname) return this.result(qname, type, 'timeout', [], []);
          break;
        }
        if (e.type === type) matched.push({ name: owner, type: e.type, ttl: e.ttl ?? 300, data: e.data });
        else if (e.type === 'CNAME' && type !== 'CNAME' && !cname) cname = canonicalName(String(e.data));
      }
      if (matched.length > 0) return this.result(qname, type, 'answer', [...answers, ...matched], matched);
      if (!cname) return this.result(qname, type, 'nodata', answers, []);
      answers.push({ name: owner, type: 'CNAME', ttl: 300, data: cname });
      if (seen.has(cname)) return this.result(qname, type, 'servfail', answers, []);
      seen.add(owner);
      owner = cname;
    }
    return this.result(qname, type, 'servfail', answers, []);
  }

  private hasChildren(name: string): boolean {
    const suffix = `.${name}`;
    for (const key of this.zone.keys()) if (key.endsWith(suffix)) return true;
    return false;
  }

  private result(name: string, type: RRType, outcome: DnsResult['outcome'], answers: DnsRecord[], records: DnsRecord[]): DnsResult {
    const rcode = outcome === 'nxdomain' ? 'NXDOMAIN' : outcome === 'servfail' ? 'SERVFAIL' : outcome === 'timeout' ? '' : 'NOERROR';
    return { name, type, outcome, rcode, records, answers, authorities: [], ad: false, ede: [] };
  }
}

/** TXT RDATA from text: split into 255-octet character-strings as a zone file would. */
export function txt(...strings: string[]): { type: 'TXT'; data: Buffer[] } {
  const parts: Buffer[] = [];
  for (const s of strings) {
    const buf = Buffer.from(s, 'latin1');
    if (buf.length === 0) parts.push(buf);
    for (let i = 0; i < buf.length; i += 255) parts.push(buf.subarray(i, i + 255));
  }
  return { type: 'TXT', data: parts };
}
