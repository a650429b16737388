import type { Status } from './types';

/**
 * Which status speaks for a group (servers of a test, tests of a card row): a verdict says more than
 * "could not test", and both say more than a pass. `pending` (still running) is last.
 */
export const SEVERITY: readonly (Status | 'pending')[] = [
  'failed',
  'error',
  'warning',
  'info',
  'not_tested',
  'passed',
  'pending',
];

export function bySeverity(a: Status | 'pending', b: Status | 'pending'): number {
  return SEVERITY.indexOf(a) - SEVERITY.indexOf(b);
}

export function worstStatus(statuses: Status[]): Status {
  return [...statuses].sort(bySeverity)[0] ?? 'not_tested';
}
