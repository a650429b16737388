import { problem, type Parsed, type Problem } from './problem';

export interface MtaStsPolicy {
  mode: 'enforce' | 'testing' | 'none';
  mx: string[];
  maxAge: number;
}

const RFC = 'RFC 8461';

/** RFC 8461 §3.2: "key: value" lines (CRLF; LF accepted), version STSv1, mode, max_age, one or more mx. */
export function parseMtaStsPolicy(text: string): Parsed<MtaStsPolicy> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const fields = new Map<string, string[]>();
  for (const raw of text.split(/\r?\n/).slice(0, 1000)) {
    const line = raw.trim();
    if (line === '') continue;
    // field-delim = ":" *WSP; the field names are case-sensitive (%s"version", %s"mode", ...) and an
    // extension name is (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".").
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \t]*(.*)$/.exec(line);
    if (!m) {
      problems.push(problem('malformed_line', `${RFC} §3.2`, line));
      continue;
    }
    const key = m[1] ?? '';
    fields.set(key, [...(fields.get(key) ?? []), (m[2] ?? '').trim()]);
  }
  if (fields.get('version')?.[0] !== 'STSv1')
    problems.push(problem('invalid_version', `${RFC} §3.2`, fields.get('version')?.[0]));
  const mode = fields.get('mode')?.[0];
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none')
    problems.push(problem('invalid_mode', `${RFC} §3.2`, mode));
  const maxAgeText = fields.get('max_age')?.[0] ?? '';
  const maxAge = Number(maxAgeText);
  // §3.2: max_age is at most 31557600 seconds (about a year).
  if (!/^\d{1,10}$/.test(maxAgeText) || maxAge > 31_557_600)
    problems.push(problem('invalid_max_age', `${RFC} §3.2`, maxAgeText));
  const mx = (fields.get('mx') ?? []).map((m) => m.toLowerCase());
  if (mode !== 'none' && mx.length === 0) problems.push(problem('missing_mx', `${RFC} §3.2`));
  // sts-policy-mx-value = ["*."] Domain (RFC 5321 §4.1.2): labels of letters, digits and inner hyphens.
  for (const m of mx)
    if (!/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(m))
      problems.push(problem('invalid_mx_pattern', `${RFC} §3.2`, m));
  if (problems.length > 0) return { ok: false, problems };
  if (maxAge < 86_400) warnings.push(problem('short_max_age', `${RFC} §3.2`, maxAgeText));
  return { ok: true, record: { mode: mode as MtaStsPolicy['mode'], mx, maxAge }, warnings };
}

/**
 * RFC 8461 §3.3: the policy is served as "text/plain"; parameters such as charset may follow, the
 * type itself must be exactly that (case-insensitive, RFC 2045 §5.1): not text/plain-foo, not text/html.
 */
export function isTextPlain(contentType: string): boolean {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === 'text/plain';
}

/** RFC 8461 §4.1: a pattern "*.example.net" matches exactly one label in that place. */
export function mxMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const rest = pattern.slice(2);
    return h.endsWith(`.${rest}`) && !h.slice(0, -rest.length - 1).includes('.');
  }
  return h === pattern;
}
