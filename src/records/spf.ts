import { isIPv4, isIPv6 } from 'node:net';
import { problem, type Parsed, type Problem } from './problem';
import { macroStringProblem } from './spf-macro';

/** RFC 7208 §4.6.2 qualifiers. */
export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface Mechanism {
  kind: MechanismKind;
  qualifier: Qualifier;
  /** Unexpanded domain-spec (may hold macros); absent means "the current domain". */
  domainSpec?: string;
  /** ip4/ip6 network address. */
  network?: string;
  cidr4?: number;
  cidr6?: number;
  /** The term as written. */
  text: string;
}

export interface SpfRecord {
  mechanisms: Mechanism[];
  redirect?: string;
  exp?: string;
  /** Unknown modifiers (RFC 7208 §6: ignored, but syntax-checked). */
  unknownModifiers: { name: string; value: string }[];
  text: string;
}

/** Mechanisms whose evaluation queries DNS (RFC 7208 §4.6.4); `redirect` counts too. */
export const LOOKUP_MECHANISMS: ReadonlySet<MechanismKind> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

const RFC = 'RFC 7208';

/** RFC 7208 §4.5: a record is an SPF record when it starts with "v=spf1" followed by a space or its end. */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1( |$)/i.test(txt);
}

/** RFC 7208 §4.6.1: parse a whole record; any syntax error makes it unusable (permerror). */
export function parseSpf(text: string): Parsed<SpfRecord> {
  if (!isSpfRecord(text)) return { ok: false, problems: [problem('not_spf_record', `${RFC} §4.5`, text)] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  // RFC 7208 §12 / §3: records are ASCII; anything else is a syntax error.
  if (/[^\x20-\x7e]/.test(text)) problems.push(problem('non_ascii_or_control', `${RFC} §4.6.1`, text));
  // Terms are separated by spaces only (§4.6.1: 1*SP); trailing spaces are allowed.
  const terms = text
    .slice(6)
    .split(' ')
    .filter((t) => t !== '');
  const record: SpfRecord = { mechanisms: [], unknownModifiers: [], text };
  for (const term of terms) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/is.exec(term);
    if (modifier) {
      const name = (modifier[1] ?? '').toLowerCase();
      const value = modifier[2] ?? '';
      if (name === 'redirect' || name === 'exp') {
        // §6: each may appear at most once.
        if (record[name] !== undefined) problems.push(problem(`duplicate_${name}`, `${RFC} §6`, term));
        // The exp target itself is a plain domain-spec; c, r, t belong in the TXT it points to (§7.1).
        const bad = domainSpecProblem(value, false);
        if (bad) problems.push(problem(bad, `${RFC} §6.${name === 'redirect' ? 1 : 2}`, term));
        record[name] = value;
      } else {
        const bad = macroStringProblem(value, false);
        if (bad) problems.push(problem(bad, `${RFC} §6`, term));
        record.unknownModifiers.push({ name, value });
      }
      continue;
    }
    const mech = parseMechanism(term);
    if ('code' in mech) problems.push(mech);
    else record.mechanisms.push(mech);
  }
  if (problems.length > 0) return { ok: false, problems };
  const allIndex = record.mechanisms.findIndex((m) => m.kind === 'all');
  if (allIndex >= 0 && allIndex < record.mechanisms.length - 1) {
    warnings.push(problem('terms_after_all', `${RFC} §5.1`, record.mechanisms[allIndex + 1]?.text));
  }
  if (allIndex >= 0 && record.redirect !== undefined)
    warnings.push(problem('redirect_ignored_with_all', `${RFC} §6.1`));
  return { ok: true, record, warnings };
}

function parseMechanism(term: string): Mechanism | Problem {
  let qualifier: Qualifier = '+';
  let rest = term;
  const q = term[0];
  if (q === '+' || q === '-' || q === '~' || q === '?') {
    qualifier = q;
    rest = term.slice(1);
  }
  const m = /^([a-z0-9]+)(.*)$/is.exec(rest);
  if (!m) return problem('unknown_term', `${RFC} §4.6.1`, term);
  const kind = (m[1] ?? '').toLowerCase();
  const arg = m[2] ?? '';
  const base = { qualifier, text: term };
  switch (kind) {
    case 'all':
      return arg === '' ? { kind, ...base } : problem('invalid_all', `${RFC} §5.1`, term);
    case 'include':
    case 'exists': {
      if (!arg.startsWith(':')) return problem(`${kind}_needs_domain`, `${RFC} §5.${kind === 'include' ? 2 : 7}`, term);
      const spec = arg.slice(1);
      const bad = domainSpecProblem(spec, false);
      return bad ? problem(bad, `${RFC} §4.6.1`, term) : { kind, domainSpec: spec, ...base };
    }
    case 'a':
    case 'mx': {
      // A domain-spec may itself hold ':' and '/' (§7.1); the dual-cidr is only the trailing part.
      const parsed = /^(?::(.*?))?((?:\/[0-9]+)?(?:\/\/[0-9]+)?)$/s.exec(arg);
      if (!parsed) return problem('invalid_mechanism_argument', `${RFC} §5.${kind === 'a' ? 3 : 4}`, term);
      const spec = parsed[1];
      if (spec !== undefined) {
        const bad = domainSpecProblem(spec, false);
        if (bad) return problem(bad, `${RFC} §4.6.1`, term);
      }
      const cidr = parseDualCidr(parsed[2] ?? '');
      if (!cidr) return problem('invalid_cidr', `${RFC} §5.6`, term);
      return { kind, ...(spec !== undefined ? { domainSpec: spec } : {}), ...cidr, ...base };
    }
    case 'ptr': {
      if (arg === '') return { kind, ...base };
      if (!arg.startsWith(':')) return problem('invalid_mechanism_argument', `${RFC} §5.5`, term);
      const spec = arg.slice(1);
      const bad = domainSpecProblem(spec, false);
      return bad ? problem(bad, `${RFC} §4.6.1`, term) : { kind, domainSpec: spec, ...base };
    }
    case 'ip4': {
      const parsed = /^:([0-9.]+)(?:\/(0|[1-9][0-9]?))?$/.exec(arg);
      if (!parsed || !isIPv4(parsed[1] ?? '')) return problem('invalid_ip4', `${RFC} §5.6`, term);
      const cidr4 = parsed[2] === undefined ? 32 : Number(parsed[2]);
      if (cidr4 > 32) return problem('invalid_cidr', `${RFC} §5.6`, term);
      return { kind, network: parsed[1], cidr4, ...base };
    }
    case 'ip6': {
      const parsed = /^:([0-9a-f:.]+)(?:\/(0|[1-9][0-9]{0,2}))?$/i.exec(arg);
      if (!parsed || !isIPv6(parsed[1] ?? '')) return problem('invalid_ip6', `${RFC} §5.6`, term);
      const cidr6 = parsed[2] === undefined ? 128 : Number(parsed[2]);
      if (cidr6 > 128) return problem('invalid_cidr', `${RFC} §5.6`, term);
      return { kind, network: parsed[1], cidr6, ...base };
    }
    default:
      return problem('unknown_mechanism', `${RFC} §4.6.1`, term);
  }
}

/** dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] (RFC 7208 §5.6), no leading zeros. */
function parseDualCidr(text: string): { cidr4: number; cidr6: number } | undefined {
  const m = /^(?:\/(0|[1-9][0-9]?))?(?:\/\/(0|[1-9][0-9]{0,2}))?$/.exec(text);
  if (!m) return undefined;
  const cidr4 = m[1] === undefined ? 32 : Number(m[1]);
  const cidr6 = m[2] === undefined ? 128 : Number(m[2]);
  if (cidr4 > 32 || cidr6 > 128) return undefined;
  return { cidr4, cidr6 };
}

/**
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand
 * (RFC 7208 §7.1). Returns a problem code or undefined.
 */
export function domainSpecProblem(spec: string, allowExpLetters: boolean): string | undefined {
  if (spec === '') return 'empty_domain_spec';
  const bad = macroStringProblem(spec, allowExpLetters);
  if (bad) return bad;
  // Ends in a macro-expand: fine (its syntax was checked above).
  if (/%\{[^}]*\}$/.test(spec)) return undefined;
  const trimmed = spec.endsWith('.') ? spec.slice(0, -1) : spec;
  const dot = trimmed.lastIndexOf('.');
  if (dot < 0) return 'invalid_domain_end';
  const top = trimmed.slice(dot + 1);
  // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
  if (!/^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i.test(top)) return 'invalid_domain_end';
  return undefined;
}
