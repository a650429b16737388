import { domainToASCII, domainToUnicode } from 'node:url';
import { isIP } from 'node:net';

/**
 * Domain input as users type it: Unicode or punycode, trailing dot, whitespace, `mailto:`,
 * `http(s)://` with paths, Slack link markup `<http://x.nl|x.nl>`. Everything is normalised to the
 * lowercase A-label form, or rejected before any packet is sent (CONTRACT.md "Input").
 */

export type NameProblem =
  | 'empty'
  | 'too_long_input'
  | 'ip_address'
  | 'invalid_characters'
  | 'invalid_idn'
  | 'empty_label'
  | 'label_too_long'
  | 'name_too_long'
  | 'single_label'
  | 'hyphen_position'
  | 'numeric_tld';

export type NormalisedName = { ok: true; domain: string } | { ok: false; problem: NameProblem; input: string };

/** Anything longer than this cannot hold a 253-character name plus decoration; not even parsed. */
const MAX_INPUT = 2048;

export function normaliseDomainInput(raw: string): NormalisedName {
  const input = String(raw ?? '');
  if (input.length > MAX_INPUT) return { ok: false, problem: 'too_long_input', input: input.slice(0, 80) };
  let s = stripInvisible(input).trim();
  if (s === '') return { ok: false, problem: 'empty', input };

  // Slack link markup: <http://x.nl|x.nl>, <mailto:a@x.nl|a@x.nl>, <http://x.nl>.
  const slack = /^<([^<>|]+)(?:\|[^<>]*)?>$/.exec(s);
  if (slack?.[1]) s = slack[1].trim();

  s = s.replace(/^mailto:/i, '');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  // Path, query, fragment; then user info (a mail address or user@host), then a port.
  s = s.replace(/[/?#].*$/s, '');
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  // An IP literal, bracketed or bare, before a ":port" is taken off (or "::1" would lose its last group).
  if (/^\[.*\]$/.test(s) || isIP(s)) return { ok: false, problem: 'ip_address', input };
  s = s.replace(/:\d{1,5}$/, '');
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s === '') return { ok: false, problem: 'empty', input };
  if (isIP(s)) return { ok: false, problem: 'ip_address', input };

  // Only now may non-ASCII appear (an IDN); anything else outside LDH is refused before IDNA,
  // so shell metacharacters, spaces and `..` never reach a resolver.
  if (/[\s\\'"`$;&|<>(){}*!,=+%^~]/.test(s)) return { ok: false, problem: 'invalid_characters', input };
  if (/\.\./.test(s) || s.startsWith('.')) return { ok: false, problem: 'empty_label', input };

  let ascii = s.toLowerCase();
  // eslint-disable-next-line no-control-regex -- the ASCII range, NUL included, on purpose
  if (/[^\x00-\x7f]/.test(ascii)) {
    // IDNA2008 (RFC 5892) allows letters, marks and digits; symbols such as emoji are DISALLOWED,
    // though Node's UTS #46 mapping would accept them.
    if (/[^\p{L}\p{M}\p{N}.-]/u.test(s)) return { ok: false, problem: 'invalid_idn', input };
    ascii = domainToASCII(s);
    if (ascii === '') return { ok: false, problem: 'invalid_idn', input };
  }
  const problem = hostnameProblem(ascii);
  if (problem) return { ok: false, problem, input };
  if (ascii.split('.').some((l) => l.startsWith('xn--') && !isValidALabel(l)))
    return { ok: false, problem: 'invalid_idn', input };
  return { ok: true, domain: ascii };
}

/**
 * RFC 5891 §5.4 / RFC 5890 §2.3.2.1: an A-label must decode as Punycode to a U-label that is valid by
 * the same rules we apply to typed U-labels (IDNA2008: letters, marks, digits, hyphens; not pure
 * ASCII), and encode back to exactly the same A-label. `xn--zz` is not a name.
 */
export function isValidALabel(label: string): boolean {
  const unicode = domainToUnicode(label);
  if (!unicode || unicode === label || unicode.includes('.')) return false;
  // eslint-disable-next-line no-control-regex -- the ASCII range, NUL included, on purpose
  if (!/[^\x00-\x7f]/.test(unicode) || /[^\p{L}\p{M}\p{N}-]/u.test(unicode)) return false;
  return domainToASCII(unicode) === label;
}

/** RFC 1035 §2.3.1 / RFC 5890 host-name rules for an A-label form name (no trailing dot). */
export function hostnameProblem(name: string): NameProblem | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > 253) return 'name_too_long';
  const labels = name.split('.');
  if (labels.length < 2) return 'single_label';
  for (const label of labels) {
    if (label.length === 0) return 'empty_label';
    if (label.length > 63) return 'label_too_long';
    if (!/^[a-z0-9-]+$/.test(label)) return 'invalid_characters';
    if (label.startsWith('-') || label.endsWith('-')) return 'hyphen_position';
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return 'numeric_tld';
  return undefined;
}

/**
 * A DNS owner name as found in records (may hold `_` labels such as `_dmarc`): RFC 2181 §11 allows
 * any octets, but we accept only what can be queried sensibly: labels 1..63, name <= 253.
 */
export function isQueryableName(name: string): boolean {
  if (name === '.') return true; // the root, for DNSKEY and DS of the trust anchor
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n.length === 0 || n.length > 253) return false;
  return n.split('.').every((l) => l.length > 0 && l.length <= 63 && /^[\x21-\x7e]+$/.test(l));
}

/** Lowercase, without trailing dot: the one spelling of a name used as a key everywhere. */
export function canonicalName(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') && n.length > 1 ? n.slice(0, -1) : n;
}

/** Zero-width and bidirectional-control characters that chat clients insert invisibly. */
function stripInvisible(s: string): string {
  return s.replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '');
}
