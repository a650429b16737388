import type { Status } from '../types';
import type { NameProblem } from '../../dns/name';

/** A message catalogue: every user-facing sentence of the reports, in one language. */
export interface Catalogue {
  ui: {
    mailTitle: string;
    webTitle: string;
    score: string;
    pending: string;
    publish: string;
    record: string;
    foundOn: string;
    lookups: string;
    voidLookups: string;
    keys: string;
    duration: string;
    nonSending: string;
    mx: string;
    noMx: string;
    statuses: Record<Status, string>;
  };
  categories: Record<string, string>;
  tests: Record<string, string>;
  /** `<testId>.<reason>`, or a bare `<reason>` shared by all tests. Placeholders `{name}` come from details. */
  reasons: Record<string, string>;
  advice: Record<string, string>;
  /** Why a domain given by a user was refused (no packet is sent for it). */
  input: Record<NameProblem, string>;
}

/** Fill `{name}` placeholders; unknown ones stay visible rather than vanish. The one fill of the project. */
export function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([a-zA-Z_]\w*)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined || v === null) return whole;
    return Array.isArray(v) ? v.join(', ') : String(v);
  });
}
