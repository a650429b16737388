import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvObjects } from './csv';

/** An organisation on a built-in list: a name, a code where one exists, its web and mail domains. */
export interface Organisation {
  name: string;
  code?: string;
  province?: string;
  domain: string;
  /** Empty in the source for a few; the web domain is then the best guess (lists/SOURCES.md). */
  mailDomain: string;
}

export const BUILT_IN_LISTS = ['gemeenten', 'provincies', 'waterschappen'] as const;
export type BuiltInList = (typeof BUILT_IN_LISTS)[number];

/** The CSVs ship in src/adoption/lists/ (copied from the shared reference data with their sources). */
const LIST_DIR = join(__dirname, '..', '..', '..', 'src', 'adoption', 'lists');

export function loadBuiltInList(list: BuiltInList): Organisation[] {
  return parseCsvObjects(readFileSync(join(LIST_DIR, `${list}.csv`), 'utf8')).map((r) => ({
    name: r.name ?? '',
    ...(r.code ? { code: r.code } : {}),
    ...(r.province ? { province: r.province } : {}),
    domain: r.domain ?? '',
    mailDomain: r.mail_domain || r.domain || '',
  }));
}
