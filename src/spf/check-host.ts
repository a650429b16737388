import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { DnsResult, Resolver } from '../dns/types';
import { txtOf, txtStrings } from '../dns/types';
import { isSpfRecord, parseSpf, type Mechanism, type Qualifier, type SpfRecord } from '../records/spf';
import { expandIpv6, expandMacros, normaliseClientIp, truncateDomain, type MacroContext } from '../records/spf-macro';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface CheckHostInput {
  /** The SMTP client's address. */
  ip: string;
  /** MAIL FROM; empty for the HELO identity (RFC 7208 §2.4). */
  mailFrom: string;
  helo: string;
  receiver?: string;
  /** Seconds since the epoch, for the `t` macro. */
  now?: number;
}

export interface SpfVerdict {
  result: SpfResult;
  /** The term that decided, when one did. */
  mechanism?: string;
  explanation?: string;
  /** Why the result is permerror/temperror/none. */
  reason?: string;
  lookups: number;
  voidLookups: number;
}

/** RFC 7208 §4.6.4 limits. */
export const MAX_LOOKUPS = 10;
export const MAX_VOID_LOOKUPS = 2;
const MAX_MX_OR_PTR_NAMES = 10;

const RESULT_OF: Record<Qualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

class Abort {
  constructor(
    readonly result: 'permerror' | 'temperror',
    readonly reason: string,
  ) {}
}

interface State {
  resolver: Resolver;
  input: CheckHostInput;
  ip: string;
  lookups: number;
  voids: number;
  ctxBase: Omit<MacroContext, 'domain'>;
}

/**
 * check_host() of RFC 7208 §4. Identity: MAIL FROM's domain, or the HELO name when MAIL FROM is empty
 * (§2.4); a missing local part becomes "postmaster" (§4.3).
 */
export async function checkHost(resolver: Resolver, input: CheckHostInput): Promise<SpfVerdict> {
  const ip = normaliseClientIp(input.ip);
  let localPart = 'postmaster';
  let domain = input.helo;
  if (input.mailFrom !== '') {
    const at = input.mailFrom.lastIndexOf('@');
    domain = at >= 0 ? input.mailFrom.slice(at + 1) : input.mailFrom;
    if (at > 0) localPart = input.mailFrom.slice(0, at);
  }
  const state: State = {
    resolver,
    input,
    ip,
    lookups: 0,
    voids: 0,
    ctxBase: {
      sender: `${localPart}@${domain}`,
      localPart,
      senderDomain: domain,
      ip,
      helo: input.helo,
      receiver: input.receiver ?? 'unknown',
      ...(input.now !== undefined ? { now: input.now } : {}),
    },
  };
  state.ctxBase.validatedName = () => validatedName(state, domain);
  try {
    const v = await evaluate(state, domain, true);
    return { ...v, lookups: state.lookups, voidLookups: state.voids };
  } catch (e) {
    if (e instanceof Abort)
      return { result: e.result, reason: e.reason, lookups: state.lookups, voidLookups: state.voids };
    throw e;
  }
}

type Partial = Omit<SpfVerdict, 'lookups' | 'voidLookups'>;

/** §4.3: a malformed or single-label domain gives "none" without a query. */
function isCheckableDomain(domain: string): boolean {
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0 && l.length <= 63);
}

async function evaluate(state: State, domain: string, explain: boolean): Promise<Partial> {
  if (!isCheckableDomain(domain)) return { result: 'none', reason: 'malformed_domain' };
  const found = await fetchRecord(state, domain);
  if ('result' in found) return found;
  const ctx: MacroContext = { ...state.ctxBase, domain };
  for (const mech of found.record.mechanisms) {
    if (mech.kind !== 'all' && mech.kind !== 'ip4' && mech.kind !== 'ip6') countLookup(state);
    if (await matches(state, mech, ctx)) {
      const result = RESULT_OF[mech.qualifier];
      const explanation =
        result === 'fail' && explain && found.record.exp
          ? await explanationOf(state, found.record.exp, ctx)
          : undefined;
      return { result, mechanism: mech.text, ...(explanation !== undefined ? { explanation } : {}) };
    }
  }
  if (found.record.redirect !== undefined) {
    countLookup(state);
    const target = await expandDomain(found.record.redirect, ctx);
    const v = await evaluate(state, target, explain);
    // §6.1: a redirect to a domain without an SPF record is a permerror.
    if (v.result === 'none') return { result: 'permerror', reason: 'redirect_target_without_spf' };
    return v;
  }
  return { result: 'neutral', reason: 'no_match' };
}

async function fetchRecord(state: State, domain: string): Promise<{ record: SpfRecord } | Partial> {
  const res = await state.resolver.query(domain, 'TXT');
  if (res.outcome === 'nxdomain' || res.outcome === 'nodata') return { result: 'none', reason: 'no_spf_record' };
  if (res.outcome !== 'answer') return { result: 'temperror', reason: `dns_${res.outcome}` };
  const records = txtStrings(res).filter(isSpfRecord);
  if (records.length === 0) return { result: 'none', reason: 'no_spf_record' };
  if (records.length > 1) return { result: 'permerror', reason: 'multiple_spf_records' };
  const parsed = parseSpf(records[0] as string);
  if (!parsed.ok) return { result: 'permerror', reason: parsed.problems[0]?.code ?? 'syntax_error' };
  return { record: parsed.record };
}

function countLookup(state: State): void {
  state.lookups++;
  if (state.lookups > MAX_LOOKUPS) throw new Abort('permerror', 'too_many_dns_lookups');
}

function countVoid(state: State, res: DnsResult): void {
  if (res.outcome === 'nxdomain' || res.outcome === 'nodata') {
    state.voids++;
    if (state.voids > MAX_VOID_LOOKUPS) throw new Abort('permerror', 'too_many_void_lookups');
  }
}

function failIfTransient(res: DnsResult): void {
  if (res.outcome !== 'answer' && res.outcome !== 'nodata' && res.outcome !== 'nxdomain') {
    throw new Abort('temperror', `dns_${res.outcome}`);
  }
}

async function expandDomain(spec: string, ctx: MacroContext): Promise<string> {
  const expanded = await expandMacros(spec, ctx);
  // Syntax was checked at parse time; undefined cannot happen, but stays an outcome, not a crash.
  if (expanded === undefined) throw new Abort('permerror', 'invalid_macro');
  return truncateDomain(expanded);
}

async function matches(state: State, mech: Mechanism, ctx: MacroContext): Promise<boolean> {
  const v6 = state.ip.includes(':');
  switch (mech.kind) {
    case 'all':
      return true;
    case 'ip4':
      return !v6 && inNetwork(state.ip, mech.network as string, mech.cidr4 ?? 32);
    case 'ip6':
      return v6 && inNetwork(state.ip, mech.network as string, mech.cidr6 ?? 128);
    case 'include': {
      const target = await expandDomain(mech.domainSpec as string, ctx);
      const v = await evaluate(state, target, false);
      // §5.2 table.
      if (v.result === 'pass') return true;
      if (v.result === 'temperror') throw new Abort('temperror', v.reason ?? 'include_temperror');
      if (v.result === 'permerror' || v.result === 'none')
        throw new Abort(
          'permerror',
          v.reason === 'no_spf_record' ? 'include_without_spf' : (v.reason ?? 'include_permerror'),
        );
      return false;
    }
    case 'a': {
      const target = mech.domainSpec !== undefined ? await expandDomain(mech.domainSpec, ctx) : ctx.domain;
      const res = await state.resolver.query(target, v6 ? 'AAAA' : 'A');
      failIfTransient(res);
      countVoid(state, res);
      return addressesOf(res).some((a) => inNetwork(state.ip, a, v6 ? (mech.cidr6 ?? 128) : (mech.cidr4 ?? 32)));
    }
    case 'mx': {
      const target = mech.domainSpec !== undefined ? await expandDomain(mech.domainSpec, ctx) : ctx.domain;
      const res = await state.resolver.query(target, 'MX');
      failIfTransient(res);
      countVoid(state, res);
      const hosts = res.records
        .map((r) => String((r.data as { exchange?: string }).exchange ?? ''))
        .filter((h) => h !== '' && h !== '.');
      // §4.6.4: no more than 10 address lookups per "mx" term.
      if (hosts.length > MAX_MX_OR_PTR_NAMES) throw new Abort('permerror', 'too_many_mx_records');
      for (const host of hosts) {
        const addr = await state.resolver.query(host, v6 ? 'AAAA' : 'A');
        failIfTransient(addr);
        if (addressesOf(addr).some((a) => inNetwork(state.ip, a, v6 ? (mech.cidr6 ?? 128) : (mech.cidr4 ?? 32))))
          return true;
      }
      return false;
    }
    case 'ptr': {
      const target = (
        mech.domainSpec !== undefined ? await expandDomain(mech.domainSpec, ctx) : ctx.domain
      ).toLowerCase();
      const names = await validatedNames(state);
      return names.some((n) => n === target || n.endsWith(`.${target}`));
    }
    case 'exists': {
      const target = await expandDomain(mech.domainSpec as string, ctx);
      // §5.7: always an A query, whatever the client's address family.
      const res = await state.resolver.query(target, 'A');
      failIfTransient(res);
      countVoid(state, res);
      return res.outcome === 'answer';
    }
  }
}

function addressesOf(res: DnsResult): string[] {
  return res.records.map((r) => String(r.data));
}

function inNetwork(ip: string, network: string, prefix: number): boolean {
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
  const netFamily = isIPv4(network) ? 'ipv4' : isIPv6(network) ? 'ipv6' : undefined;
  if (!family || family !== netFamily) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list.check(ip, family);
}

/** The client's validated host names (§5.5): PTR names whose forward lookup contains the client IP. */
async function validatedNames(state: State): Promise<string[]> {
  const v6 = state.ip.includes(':');
  const ptr = await state.resolver.query(reverseName(state.ip), 'PTR');
  if (ptr.outcome !== 'answer') return []; // §5.5: a DNS error here means "no match".
  const names = ptr.records.map((r) => String(r.data).toLowerCase().replace(/\.$/, '')).slice(0, MAX_MX_OR_PTR_NAMES);
  const out: string[] = [];
  for (const name of names) {
    const fwd = await state.resolver.query(name, v6 ? 'AAAA' : 'A');
    if (fwd.outcome === 'answer' && addressesOf(fwd).some((a) => inNetwork(state.ip, a, v6 ? 128 : 32))) out.push(name);
  }
  return out;
}

/** The `p` macro (§7.3): a validated name, preferring the domain itself or a subdomain of it. */
async function validatedName(state: State, domain: string): Promise<string> {
  const names = await validatedNames(state);
  const d = domain.toLowerCase();
  return names.find((n) => n === d) ?? names.find((n) => n.endsWith(`.${d}`)) ?? names[0] ?? 'unknown';
}

export function reverseName(ip: string): string {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  return `${expandIpv6(ip).replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa`;
}

/** §6.2: the explanation string, from a TXT record at the expanded `exp` target; problems give none. */
async function explanationOf(state: State, spec: string, ctx: MacroContext): Promise<string | undefined> {
  try {
    const target = await expandDomain(spec, ctx);
    const res = await state.resolver.query(target, 'TXT');
    if (res.outcome !== 'answer' || res.records.length !== 1) return undefined;
    const text = txtOf(res.records[0] as DnsResult['records'][number]);
    if (/[^\x20-\x7e]/.test(text)) return undefined;
    return await expandMacros(text, ctx, true);
  } catch {
    return undefined;
  }
}
