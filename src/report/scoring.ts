import { specOf, type TestSpec } from './test-catalogue';
import type { CategoryResult, Status, TestResult } from './types';

/**
 * Failures that are the domain breaking its own mail, shown as failed even in a test outside the score:
 * an MTA-STS policy in enforce mode that does not name an MX makes every MTA-STS sender refuse to
 * deliver there (RFC 8461 §5.1). Issue 13: "failed, not info".
 */
const BREAKS_MAIL: ReadonlySet<string> = new Set(['mail_auth_mta_sts.mx_not_in_policy']);

/**
 * Internet.nl's clamping (criteria §1.2): a recommended test that fails shows `warning`, an optional
 * one `info`. `error` and `not_tested` pass through unchanged.
 */
export function clampStatus(spec: TestSpec, status: Status, reason?: string): Status {
  if (status === 'failed' && reason !== undefined && BREAKS_MAIL.has(`${spec.id}.${reason}`)) return 'failed';
  if (spec.level === 'recommended' && status === 'failed') return 'warning';
  if (spec.level === 'optional' && (status === 'failed' || status === 'warning')) return 'info';
  return status;
}

/** Points a required test earns (§5.1): full unless failed or errored, or the partial score the check set. */
export function pointsOf(spec: TestSpec, result: TestResult): number {
  if (result.points !== undefined) return Math.max(0, Math.min(spec.points, result.points));
  return result.status === 'failed' || result.status === 'error' ? 0 : spec.points;
}

/**
 * Category verdict (probes `_verdict`): any error → error; any failure → failed; a warning counts only
 * in a category without required tests, an info only where there is nothing required or recommended.
 */
function categoryStatus(results: { spec: TestSpec; status: Status }[]): CategoryResult['status'] {
  const has = (s: Status): boolean => results.some((r) => r.status === s);
  const required = results.some((r) => r.spec.level === 'required');
  const recommended = results.some((r) => r.spec.level === 'recommended');
  if (has('error')) return 'error';
  if (has('failed')) return 'failed';
  if (has('warning') && !required) return 'warning';
  if (has('info') && !required && !recommended) return 'info';
  return 'passed';
}

export interface Scored {
  results: TestResult[];
  categories: Record<string, CategoryResult>;
  score: number;
}

/**
 * Category % = truncated 100 × earned / full over required tests; overall = truncated unweighted mean
 * of the categories that have points (§5.2: 30/40 and 100/100 make 87, not 130/140).
 */
export function scoreResults(raw: TestResult[]): Scored {
  const results = raw.map((r) => ({ ...r, status: clampStatus(specOf(r.id), r.status, r.reason) }));
  const byCategory = new Map<string, { spec: TestSpec; result: TestResult }[]>();
  for (const result of results) {
    const spec = specOf(result.id);
    byCategory.set(spec.category, [...(byCategory.get(spec.category) ?? []), { spec, result }]);
  }
  const categories: Record<string, CategoryResult> = {};
  const percentages: number[] = [];
  for (const [category, entries] of byCategory) {
    let full = 0;
    let earned = 0;
    for (const { spec, result } of entries) {
      if (spec.level !== 'required') continue;
      full += spec.points;
      earned += pointsOf(spec, result);
    }
    const score = full > 0 ? Math.trunc((100 * earned) / full) : 100;
    if (full > 0) percentages.push(score);
    categories[category] = {
      status: categoryStatus(entries.map((e) => ({ spec: e.spec, status: e.result.status }))),
      score,
    };
  }
  const mean = percentages.length > 0 ? percentages.reduce((a, b) => a + b, 0) / percentages.length : 0;
  return { results, categories, score: Math.max(0, Math.min(100, Math.trunc(mean))) };
}
