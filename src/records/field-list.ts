/**
 * The field lists of RFC 8461 §3.1 (MTA-STS TXT) and RFC 8460 §3 (TLS-RPT), read by their ABNF, which
 * is stricter than DKIM's or DMARC's tag lists:
 *
 *   record    = version 1*(field-delim field) [field-delim]
 *   field-delim = *WSP ";" *WSP
 *   ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *   ext-value = 1*(%x21-3A / %x3C / %x3E-7E)     ; no space, ";" or "="
 *
 * So an empty field (`;;`), a field without `=`, spaces around `=`, an empty value or a name that
 * does not fit the grammar make the record invalid; only one trailing `;` is allowed.
 */
export interface Field {
  name: string;
  value: string;
}

export type FieldList = { ok: true; fields: Field[] } | { ok: false; bad: string };

const WSP = /^[ \t]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/**
 * Splits what follows `version`. `freeValue` names fields whose value has its own grammar (TLS-RPT's
 * `rua`, a URI list that may hold spaces around commas); their value is returned as written.
 */
export function readFieldList(text: string, version: string, freeValue: ReadonlySet<string> = new Set()): FieldList {
  if (!text.startsWith(version)) return { ok: false, bad: text.slice(0, 20) };
  const parts = text.slice(version.length).split(';');
  if (!WSP.test(parts[0] ?? '')) return { ok: false, bad: (parts[0] ?? '').trim() };
  const fields: Field[] = [];
  for (let i = 1; i < parts.length; i++) {
    const raw = (parts[i] ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
    // Only the last part may be empty: that is the optional trailing ";".
    if (raw === '') {
      if (i === parts.length - 1 && fields.length > 0) break;
      return { ok: false, bad: ';;' };
    }
    const eq = raw.indexOf('=');
    if (eq <= 0) return { ok: false, bad: raw };
    const name = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    if (!NAME.test(name)) return { ok: false, bad: raw };
    if (!freeValue.has(name) && !EXT_VALUE.test(value)) return { ok: false, bad: raw };
    if (freeValue.has(name) && value.trim() === '') return { ok: false, bad: raw };
    fields.push({ name, value });
  }
  if (fields.length === 0) return { ok: false, bad: text };
  return { ok: true, fields };
}
