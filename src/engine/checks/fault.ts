import type { TestResult } from '../../report/types';

/**
 * "Could not test" because a fact could not be gathered (issue 13): `error`, never a verdict about the
 * domain, with the lookup or probe that failed and how it failed in `details`.
 */
export function lookupFailed(
  id: string,
  fault: { lookup: string; dns: string },
  extra: Record<string, unknown> = {},
): TestResult {
  return { id, status: 'error', reason: 'lookup_failed', details: { ...extra, lookup: fault.lookup, dns: fault.dns } };
}
