/** A problem found while parsing a record, with the section of the standard that rules it. */
export interface Problem {
  /** snake_case code, stable. */
  code: string;
  /** The offending text (a term, a tag), shortened. */
  at?: string;
  /** e.g. "RFC 7208 §4.6.1". */
  rfc: string;
}

export type Parsed<T> = { ok: true; record: T; warnings: Problem[] } | { ok: false; problems: Problem[] };

export function problem(code: string, rfc: string, at?: string): Problem {
  return at === undefined ? { code, rfc } : { code, rfc, at: at.length > 80 ? `${at.slice(0, 77)}...` : at };
}

/**
 * Split a tag=value list (DKIM RFC 6376 §3.2, DMARC RFC 7489 §6.4, TLS-RPT, MTA-STS): `;` separated,
 * whitespace around tags and values ignored, a trailing `;` allowed.
 */
export function splitTagList(text: string): { tags: [string, string][]; malformed: string[] } {
  const tags: [string, string][] = [];
  const malformed: string[] = [];
  const parts = text.split(';');
  // Empty parts (`;;`, a trailing `;`) are skipped: receivers accept them and rejecting them is the
  // kind of false alarm users complain about.
  parts.forEach((raw) => {
    const part = raw.trim();
    if (part === '') return;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      malformed.push(part);
      return;
    }
    tags.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  });
  return { tags, malformed };
}
