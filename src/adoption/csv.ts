import { parse, type Options } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the project reads or writes goes through here: csv-parse and csv-stringify (RFC 4180)
 * do the quoting; this file adds the bounds and the formula guard.
 */

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return that hides one) as a
 * formula: an organisation called `=HYPERLINK("https://evil","click")` from a shared CSV would become
 * a live link in the summary. A leading apostrophe makes it text (OWASP "CSV injection").
 */
export function inertCell(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Rows to CSV text: CRLF line ends, quoted where needed, every cell made inert. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  // csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone LF or CR; readers
  // that end records on either would split the row, so those are quoted too.
  return stringify(
    rows.map((r) => r.map(inertCell)),
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/**
 * CSV text to rows, bounded so an uploaded file cannot exhaust memory: at most `maxRows` rows, fields
 * cut at `maxField` characters, blank lines skipped. Broken quoting is read leniently (a stray quote
 * is text); input csv-parse still refuses yields the rows before the fault, never an exception.
 */
export function parseCsv(text: string, maxRows = 100_000, maxField = 4096): string[][] {
  // RFC 4180 says CRLF; files from spreadsheets and editors mix in LF or CR, so all three end a record.
  const options: Options = {
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    bom: true,
    to: maxRows,
  };
  let rows: string[][];
  try {
    rows = parse(text, options) as string[][];
  } catch (e) {
    // Keep what came before the line csv-parse could not read (an unterminated quote at the end).
    const line = (e as { lines?: number }).lines;
    const upTo =
      typeof line === 'number' && line > 1
        ? text
            .split(/\r?\n/)
            .slice(0, line - 1)
            .join('\n')
        : '';
    try {
      rows = upTo ? (parse(upTo, options) as string[][]) : [];
    } catch {
      rows = [];
    }
  }
  return rows.slice(0, maxRows).map((r) => r.map((f) => (f.length > maxField ? f.slice(0, maxField) : f)));
}

/** Rows as objects keyed by the header row. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}
