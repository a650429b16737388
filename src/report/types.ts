/**
 * The Report and TestResult nouns (CONTRACT.md "JSON report"). Statuses are Internet.nl's words.
 */

export type Status = 'passed' | 'failed' | 'warning' | 'info' | 'not_tested' | 'error';

export type TestType = 'mail' | 'web';
/** What one check (or scan) runs: one test type, or both at once. */
export type CheckType = TestType | 'all';

export interface TestResult {
  id: string;
  status: Status;
  /** Short snake_case code explaining the status; stable once released. */
  reason: string;
  details: Record<string, unknown>;
  /**
   * Points earned out of the test's full points, when a check decides a partial score (Internet.nl's
   * "partial" 2 of 10). Left out, the status decides (see scoring.ts).
   */
  points?: number;
}

export interface CategoryResult {
  status: Exclude<Status, 'not_tested'>;
  score: number;
}

export interface Report {
  type: TestType;
  startedAt: string;
  durationMs: number;
  guideline: 'ncsc-2025' | 'ncsc-2021';
  score: number;
  categories: Record<string, CategoryResult>;
  tests: Record<string, Omit<TestResult, 'id' | 'points'>>;
  custom: Record<string, unknown>;
  /** Test ids of this type that this version does not run yet (an extension of the contract). */
  pending: string[];
  /** DNS queries this check asked (cache hits included), for transparency and benchmarks. */
  dnsQueries: number;
}

/** What the engine streams: each TestResult as soon as it is decided, then the Report. */
export type EngineEvent = { kind: 'test'; type: TestType; result: TestResult } | { kind: 'report'; report: Report };
