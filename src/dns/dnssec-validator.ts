import type { DnsResult, Resolver, RRType } from './types';
import { canonicalName } from './name';
import { isSubdomain } from './dnssec/canonical';
import { evaluateChain, type ChainFacts, type Lookup, type Verdict } from './dnssec/chain';
import type { RrsigData } from './dnssec/rrsig';
import type { TrustAnchors } from './dnssec/anchors';

/** Most zones one validation may fetch keys for (hostile chains: signer loops, deep names). */
const MAX_ZONES = 24;

/**
 * Our own validation, from the trust anchor down (RFC 4035 §5), behind any recursive resolver: every
 * query is sent with CD so bogus data still comes back and we can say where and why the chain breaks.
 * The I/O lives here; the verdict is decided by the pure dnssec/chain.ts. DNSKEY and DS answers come
 * from the run's shared cache, so a scan asks for `nl.` DNSKEY once.
 */
export class DnssecValidator {
  constructor(
    private readonly resolver: Resolver,
    private readonly anchors: TrustAnchors,
  ) {}

  async validate(qname: string, qtype: RRType, nowSeconds: number): Promise<Verdict> {
    const name = canonicalName(qname);
    const ask = async (n: string, t: RRType): Promise<Lookup> =>
      toLookup(await this.resolver.query(n, t, { cd: true }));
    const facts: ChainFacts = { qname: name, qtype, target: await ask(name, qtype), dnskey: new Map(), ds: new Map() };
    const anchor = canonicalName(this.anchors.zone);
    const wanted = new Set<string>(signers(facts.target));

    // Unsigned data needs a proof of an insecure delegation: probe DS at every ancestor of the names.
    if (hasUnsignedPart(facts.target)) {
      const names = [
        name,
        ...facts.target.answers.filter((r) => r.type === 'CNAME').map((r) => canonicalName(String(r.data))),
      ];
      const probes = new Set<string>();
      for (const n of names) for (const a of ancestors(n, anchor)) probes.add(a);
      await Promise.all(
        [...probes].slice(0, MAX_ZONES).map(async (a) => {
          const ds = await ask(a, 'DS');
          facts.ds.set(a, ds);
          for (const s of signers(ds)) wanted.add(s);
          if (ds.answers.some((r) => r.type === 'DS')) wanted.add(a);
        }),
      );
    }

    const done = new Set<string>();
    while (done.size < MAX_ZONES) {
      const batch = [...wanted].filter((z) => !done.has(z) && isSubdomain(z, anchor)).slice(0, MAX_ZONES - done.size);
      if (batch.length === 0) break;
      await Promise.all(
        batch.map(async (zone) => {
          done.add(zone);
          const [dnskey, ds] = await Promise.all([
            ask(zone, 'DNSKEY'),
            zone === anchor || facts.ds.has(zone) ? Promise.resolve(facts.ds.get(zone)) : ask(zone, 'DS'),
          ]);
          facts.dnskey.set(zone, dnskey);
          if (ds) {
            facts.ds.set(zone, ds);
            for (const s of signers(ds)) wanted.add(s);
          }
        }),
      );
    }
    return evaluateChain(facts, this.anchors, nowSeconds);
  }
}

function toLookup(r: DnsResult): Lookup {
  return { outcome: r.outcome, answers: r.answers, authorities: r.authorities };
}

function signers(l: Lookup): string[] {
  return [
    ...new Set(
      [...l.answers, ...l.authorities]
        .filter((r) => r.type === 'RRSIG')
        .map((r) => canonicalName((r.data as RrsigData).signersName || '.') || '.'),
    ),
  ];
}

function hasUnsignedPart(l: Lookup): boolean {
  const covered = new Set(
    l.answers.filter((r) => r.type === 'RRSIG').map((r) => `${r.name}|${(r.data as RrsigData).typeCovered}`),
  );
  if (l.answers.some((r) => r.type !== 'RRSIG' && !covered.has(`${r.name}|${r.type}`))) return true;
  return l.outcome !== 'answer' && !l.authorities.some((r) => r.type === 'RRSIG');
}

/** Ancestors of `name` below the anchor zone, `name` itself included, shortest first. */
function ancestors(name: string, anchor: string): string[] {
  const labels = name.split('.');
  const out: string[] = [];
  for (let i = labels.length - 1; i >= 0; i--) {
    const a = labels.slice(i).join('.');
    if (a !== anchor && isSubdomain(a, anchor)) out.push(a);
  }
  return out;
}
