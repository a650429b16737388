import type { DnsOutcome, Resolver } from '../../dns/types';
import { txtStrings } from '../../dns/types';
import { organisationalDomain } from '../../dns/psl';
import { isDmarcRecord, parseDmarc } from '../../records/dmarc';

export interface DmarcLookup {
  name: string;
  outcome: DnsOutcome;
  records: string[];
}

export interface ExternalAuthorisation {
  /** The report destination's domain (mailto host). */
  host: string;
  /** `<domain>._report._dmarc.<host>` (RFC 7489 §7.1). */
  name: string;
  outcome: DnsOutcome;
  records: string[];
}

export interface DmarcFacts {
  domain: string;
  orgDomain: string;
  own: DmarcLookup;
  /** Present when the domain has no DMARC record and its organisational domain differs (§6.6.3). */
  org?: DmarcLookup;
  external: ExternalAuthorisation[];
}

/** At most this many external destinations are looked up (hostile records may list hundreds). */
const MAX_EXTERNAL = 10;

async function lookup(resolver: Resolver, domain: string): Promise<DmarcLookup> {
  const name = `_dmarc.${domain}`;
  const res = await resolver.query(name, 'TXT');
  return { name, outcome: res.outcome, records: txtStrings(res).filter(isDmarcRecord) };
}

export async function gatherDmarc(resolver: Resolver, domain: string): Promise<DmarcFacts> {
  const orgDomain = organisationalDomain(domain);
  const own = await lookup(resolver, domain);
  const facts: DmarcFacts = { domain, orgDomain, own, external: [] };
  // Internet.nl (#1808) and RFC 7489 §6.6.3: fall back on none, NXDOMAIN or NODATA; not on SERVFAIL.
  const ownMissing = own.records.length === 0 && (own.outcome === 'answer' || own.outcome === 'nodata' || own.outcome === 'nxdomain');
  if (ownMissing && orgDomain !== domain) facts.org = await lookup(resolver, orgDomain);

  const source = own.records.length > 0 ? { on: domain, rec: own.records } : facts.org && facts.org.records.length > 0 ? { on: orgDomain, rec: facts.org.records } : undefined;
  if (!source || source.rec.length !== 1) return facts;
  const parsed = parseDmarc(source.rec[0] as string);
  if (!parsed.ok) return facts;
  const hosts = new Set<string>();
  for (const uri of [...parsed.record.rua, ...parsed.record.ruf]) {
    if (uri.mailtoDomain && organisationalDomain(uri.mailtoDomain) !== organisationalDomain(source.on)) hosts.add(uri.mailtoDomain);
  }
  facts.external = await Promise.all([...hosts].slice(0, MAX_EXTERNAL).map(async (host) => {
    const name = `${source.on}._report._dmarc.${host}`;
    const res = await resolver.query(name, 'TXT');
    return { host, name, outcome: res.outcome, records: txtStrings(res).filter(isDmarcRecord) };
  }));
  return facts;
}
