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
        return this.result(qname, type, outcome, answers, [], this.denial(owner, type));
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
      if (matched.length > 0)
        return this.result(qname, type, 'answer', [...answers, ...matched, ...this.sigs(owner, type)], matched);
      if (!cname) return this.result(qname, type, 'nodata', answers, [], this.denial(owner, type));
      answers.push({ name: owner, type: 'CNAME', ttl: 300, data: cname }, ...this.sigs(owner, 'CNAME'));
      if (seen.has(cname)) return this.result(qname, type, 'servfail', answers, []);
      seen.add(owner);
      owner = cname;
    }
    return this.result(qname, type, 'servfail', answers, []);
  }

  /** Names with a name below them (empty non-terminals answer NODATA, not NXDOMAIN), built once per zone size. */
  private parents?: { size: number; names: Set<string> };

  private hasChildren(name: string): boolean {
    if (this.parents?.size !== this.zone.size) {
      const names = new Set<string>();
      for (const key of this.zone.keys())
        for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) names.add(key.slice(i + 1));
      this.parents = { size: this.zone.size, names };
    }
    return this.parents.names.has(name);
  }

  private result(
    name: string,
    type: RRType,
    outcome: DnsResult['outcome'],
    answers: DnsRecord[],
    records: DnsRecord[],
    authorities: DnsRecord[] = [],
  ): DnsResult {
    const rcode =
      outcome === 'nxdomain'
        ? 'NXDOMAIN'
        : outcome === 'servfail'
          ? 'SERVFAIL'
          : outcome === 'timeout'
            ? ''
            : 'NOERROR';
    return { name, type, outcome, rcode, records, answers, authorities, ad: false, ede: [] };
  }

  /** RRSIGs at `owner` covering `type`, as a DO-aware resolver returns them (RFC 4035 §3.1.1). */
  private sigs(owner: string, type: string): DnsRecord[] {
    return (this.zone.get(owner) ?? [])
      .filter(
        (e): e is Exclude<ZoneEntry, 'TIMEOUT'> =>
          e !== 'TIMEOUT' && e.type === 'RRSIG' && (e.data as { typeCovered?: string }).typeCovered === type,
      )
      .map((e) => ({ name: owner, type: 'RRSIG', ttl: e.ttl ?? 300, data: e.data }));
  }

  /**
   * The authority section of a negative answer in a signed zone (RFC 4035 §3.1.3): the SOA and, for
   * simplicity, every NSEC/NSEC3 the zone holds, each with its RRSIG. A DS question is answered by the
   * parent's side of the cut. Zones without SOA data (plain fixtures) give an empty section.
   */
  private denial(owner: string, type: string): DnsRecord[] {
    let zone: string | undefined;
    const labels = owner.split('.');
    for (let i = type === 'DS' ? 1 : 0; i <= labels.length && !zone; i++) {
      const candidate = i === labels.length ? '.' : labels.slice(i).join('.');
      if ((this.zone.get(candidate) ?? []).some((e) => e !== 'TIMEOUT' && e.type === 'SOA')) zone = candidate;
    }
    if (!zone) return [];
    const out: DnsRecord[] = [];
    const soa = (this.zone.get(zone) ?? []).find((e) => e !== 'TIMEOUT' && e.type === 'SOA');
    if (soa && soa !== 'TIMEOUT')
      out.push({ name: zone, type: 'SOA', ttl: soa.ttl ?? 300, data: soa.data }, ...this.sigs(zone, 'SOA'));
    const inZone = (name: string): boolean => zone === '.' || name === zone || name.endsWith(`.${zone}`);
    for (const [name, entries] of this.zone) {
      if (!inZone(name)) continue;
      for (const t of ['NSEC', 'NSEC3']) {
        const signedHere = this.sigs(name, t).filter(
          (s) => String((s.data as { signersName?: string }).signersName).replace(/\.$/, '') === zone,
        );
        if (signedHere.length === 0) continue;
        // A parent's NSEC at a delegation and the child's apex NSEC share the owner: only the apex one has SOA.
        const mine = (e: ZoneEntry): boolean =>
          e !== 'TIMEOUT' &&
          e.type === t &&
          (t === 'NSEC3' || (name === zone) === ((e.data as { rrtypes?: string[] }).rrtypes ?? []).includes('SOA'));
        for (const e of entries)
          if (mine(e) && e !== 'TIMEOUT') out.push({ name, type: t, ttl: e.ttl ?? 300, data: e.data });
        out.push(...signedHere);
      }
    }
    return out;
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
