import { normaliseDomainInput } from '../dns/name';
import { parseCsv } from './csv';
import { BUILT_IN_LISTS, loadBuiltInList, type BuiltInList } from './lists';
import type { ScanTarget } from '../store/types';

const MAX_TARGETS = 20_000;

/** Targets of a built-in list of organisations: the web domain as key, the mail domain where it differs. */
export function builtInTargets(list: BuiltInList): ScanTarget[] {
  return loadBuiltInList(list).map((o) => ({
    domain: o.domain,
    org: o.code ? `${o.name} (${o.code})` : o.name,
    ...(o.mailDomain && o.mailDomain !== o.domain ? { mailDomain: o.mailDomain } : {}),
  }));
}

export const isBuiltInList = (name: string): name is BuiltInList =>
  (BUILT_IN_LISTS as readonly string[]).includes(name);

/**
 * A list from a file: a CSV with a header naming `domain` (and optionally `name`/`organisation` and
 * `mail_domain`), or plain text with one domain per line (`#` comments). Every domain is normalised;
 * lines that are not host names are returned as problems, never scanned. Duplicates are dropped.
 */
export function parseTargetFile(text: string): { targets: ScanTarget[]; problems: { line: number; text: string }[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), MAX_TARGETS + 1);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const hasHeader = header.includes('domain');
  const col = (name: string[]): number => header.findIndex((h) => name.includes(h));
  const [dCol, nCol, mCol] = hasHeader
    ? [col(['domain']), col(['name', 'organisation', 'organization', 'naam']), col(['mail_domain', 'maildomain'])]
    : [0, -1, -1];
  const targets: ScanTarget[] = [];
  const problems: { line: number; text: string }[] = [];
  const seen = new Set<string>();
  rows.slice(hasHeader ? 1 : 0, MAX_TARGETS + (hasHeader ? 1 : 0)).forEach((cells, i) => {
    const raw = (cells[dCol] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) return;
    const d = normaliseDomainInput(raw);
    if (!d.ok) {
      problems.push({ line: i + (hasHeader ? 2 : 1), text: raw.slice(0, 80) });
      return;
    }
    if (seen.has(d.domain)) return;
    seen.add(d.domain);
    const mail = mCol >= 0 ? normaliseDomainInput(cells[mCol] ?? '') : undefined;
    const org = nCol >= 0 ? (cells[nCol] ?? '').trim().slice(0, 200) : '';
    targets.push({
      domain: d.domain,
      ...(org ? { org } : {}),
      ...(mail?.ok && mail.domain !== d.domain ? { mailDomain: mail.domain } : {}),
    });
  });
  return { targets, problems };
}
