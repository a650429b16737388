/**
 * SPF macros (RFC 7208 §7). Validation is pure; expansion takes the values it needs, and the `p`
 * macro's validated name is supplied by the caller (it needs DNS), so this file does no I/O.
 */

const LETTERS = 'slodiphv';
/** `c`, `r`, `t` are only allowed in explanation strings (RFC 7208 §7.2). */
const EXP_LETTERS = 'crt';

interface MacroToken {
  literal?: string;
  letter?: string;
  upper?: boolean;
  digits?: number;
  reverse?: boolean;
  delimiters?: string;
}

/** Tokenise a macro-string; returns a problem code on a syntax error. */
function tokenise(s: string, allowExp: boolean, allowSpace: boolean): MacroToken[] | string {
  const out: MacroToken[] = [];
  let literal = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch !== '%') {
      const code = ch.charCodeAt(0);
      // macro-literal = %x21-24 / %x26-7E (and SP inside explain-strings).
      if (!((code >= 0x21 && code <= 0x7e) || (allowSpace && code === 0x20))) return 'invalid_macro_literal';
      literal += ch;
      continue;
    }
    const next = s[i + 1];
    if (next === '%') {
      literal += '%';
      i++;
      continue;
    }
    if (next === '_') {
      literal += ' ';
      i++;
      continue;
    }
    if (next === '-') {
      literal += '%20';
      i++;
      continue;
    }
    if (next !== '{') return 'invalid_macro';
    const close = s.indexOf('}', i + 2);
    if (close < 0) return 'invalid_macro';
    const body = s.slice(i + 2, close);
    const m = /^([a-z])([0-9]*)(r?)([.\-+,/_=]*)$/i.exec(body);
    if (!m) return 'invalid_macro';
    const letter = (m[1] ?? '').toLowerCase();
    if (!LETTERS.includes(letter) && !(allowExp && EXP_LETTERS.includes(letter))) return 'invalid_macro_letter';
    if (literal) {
      out.push({ literal });
      literal = '';
    }
    const digits = m[2] ? Number(m[2]) : undefined;
    // RFC 7208 §7.3: a transformer of zero digits is an error ("%{d0}" is not allowed).
    if (digits === 0) return 'invalid_macro_transformer';
    out.push({
      letter,
      upper: m[1] !== letter,
      ...(digits !== undefined ? { digits: Math.min(digits, 128) } : {}),
      reverse: m[3] !== '',
      delimiters: m[4] || '.',
    });
    i = close;
  }
  if (literal) out.push({ literal });
  return out;
}

export function macroStringProblem(s: string, allowExpLetters: boolean): string | undefined {
  const t = tokenise(s, allowExpLetters, false);
  return typeof t === 'string' ? t : undefined;
}

export function hasMacros(s: string): boolean {
  return s.includes('%');
}

export interface MacroContext {
  /** <sender>: local-part@domain (RFC 7208 §4.3: "postmaster" when the local part is empty). */
  sender: string;
  localPart: string;
  senderDomain: string;
  /** <domain>: the domain currently being evaluated. */
  domain: string;
  ip: string;
  helo: string;
  /** Receiving host (`r`), explanation only. */
  receiver?: string;
  /** Seconds since the epoch (`t`), explanation only. */
  now?: number;
  /** Resolves `p` (the validated domain name of the client, §7.3); called at most once per expansion. */
  validatedName?: () => Promise<string>;
}

/** IPv4-mapped IPv6 addresses are treated as IPv4 (RFC 7208 §5). */
export function normaliseClientIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

/** The `i` macro: dotted quad, or 32 dot-separated nibbles for IPv6 (RFC 7208 §7.3). */
export function ipForMacro(ip: string): string {
  if (!ip.includes(':')) return ip;
  return expandIpv6(ip).replace(/:/g, '').split('').join('.');
}

/** The full 8-group form of a valid IPv6 address ("2001:db8::1" -> "2001:0db8:0000:…:0001"). */
export function expandIpv6(ip: string): string {
  // Case is kept as given: `i` repeats the client address as the SMTP layer wrote it.
  let s = ip;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.slice(1).map(Number);
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : Math.max(0, 8 - h.length - t.length);
  return [...h, ...Array<string>(fill).fill('0'), ...t].map((g) => g.padStart(4, '0')).join(':');
}

function compactIpv6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}

/** Expand a macro-string (or an explain-string when `exp` is set). Returns undefined on a syntax error. */
export async function expandMacros(s: string, ctx: MacroContext, exp = false): Promise<string | undefined> {
  const tokens = tokenise(s, exp, exp);
  if (typeof tokens === 'string') return undefined;
  let out = '';
  for (const tok of tokens) {
    if (tok.literal !== undefined) {
      out += tok.literal;
      continue;
    }
    let value = await letterValue(tok.letter ?? '', ctx);
    // §7.3: split on the delimiters, optionally reverse, keep the rightmost N parts, join with ".".
    const delims = tok.delimiters ?? '.';
    let parts = value.split(new RegExp(`[${delims.replace(/[-\\\]^/]/g, '\\$&')}]`));
    if (tok.reverse) parts = parts.reverse();
    if (tok.digits !== undefined && tok.digits < parts.length) parts = parts.slice(parts.length - tok.digits);
    value = parts.join('.');
    // Upper-case macro letters are URL-escaped (§7.3, RFC 3986 unreserved characters kept).
    if (tok.upper)
      value = value.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
        encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
      );
    out += value;
  }
  return out;
}

async function letterValue(letter: string, ctx: MacroContext): Promise<string> {
  switch (letter) {
    case 's':
      return ctx.sender;
    case 'l':
      return ctx.localPart;
    case 'o':
      return ctx.senderDomain;
    case 'd':
      return ctx.domain;
    case 'i':
      return ipForMacro(ctx.ip);
    case 'p':
      return ctx.validatedName ? ctx.validatedName() : 'unknown';
    case 'v':
      return ctx.ip.includes(':') ? 'ip6' : 'in-addr';
    case 'h':
      return ctx.helo;
    // `c`: the address in its usual readable form (RFC 5952 for IPv6).
    case 'c':
      return ctx.ip.includes(':') ? compactIpv6(ctx.ip) : ctx.ip;
    case 'r':
      return ctx.receiver ?? 'unknown';
    case 't':
      return String(Math.floor(ctx.now ?? 0));
    default:
      return '';
  }
}

/**
 * RFC 7208 §7.3: an expanded domain name longer than 253 characters loses labels from the left until
 * it fits.
 */
export function truncateDomain(name: string): string {
  let n = name.endsWith('.') ? name.slice(0, -1) : name;
  while (n.length > 253) {
    const dot = n.indexOf('.');
    if (dot < 0) return n.slice(n.length - 253);
    n = n.slice(dot + 1);
  }
  return n;
}
