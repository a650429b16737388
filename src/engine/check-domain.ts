import type { Resolver } from '../dns/types';
import { BudgetResolver } from '../dns/budget-resolver';
import type { EngineEvent, Report, TestResult, TestType } from '../report/types';
import { scoreResults } from '../report/scoring';
import { testsOf, TESTS } from '../report/test-catalogue';
import { planMail, type Task } from './mail-tasks';
import { planWeb } from './web-tasks';
import { DnssecValidator } from '../dns/dnssec-validator';
import { BUILT_IN_ANCHORS, type TrustAnchors } from '../dns/dnssec/anchors';
import { MailTlsAssessor } from '../probes/mail-tls-assessor';

export interface CheckOptions {
  type: 'mail' | 'web' | 'all';
  /** The run's resolver (normally a CachingResolver shared by every check of the run). */
  resolver: Resolver;
  /** Clock in ms since the epoch. */
  now?: () => number;
  /** Overall budget for one domain (ms); tests not decided by then end as `error`/`timeout`. */
  timeoutMs?: number;
  /** DNS queries one domain check may ask (cache hits included). */
  queryBudget?: number;
  dkimSelectors?: readonly string[];
  guideline?: Report['guideline'];
  /** DNSSEC trust anchors; the IANA root KSKs when left out. */
  anchors?: TrustAnchors;
  /** Lab mode: allow probes to loopback and private addresses (CONTRACT.md "Security"). */
  allowPrivate?: boolean;
  /** Shared across a run so each MX host is assessed once; a fresh one per check when left out. */
  mailAssessor?: MailTlsAssessor;
}

const DEFAULT_QUERY_BUDGET = 1000;

/**
 * checkDomain(): yields each TestResult the moment it is decided, then one Report per test type.
 * `domain` must already be normalised (dns/name.ts). Never throws for anything the domain does:
 * a bug in one check turns into `error` results for that check's ids (one error handler here).
 */
export async function* checkDomain(domain: string, options: CheckOptions): AsyncGenerator<EngineEvent> {
  const now = options.now ?? Date.now;
  const types: TestType[] = options.type === 'all' ? ['mail', 'web'] : [options.type];
  for (const type of types) {
    const started = now();
    const resolver = new BudgetResolver(options.resolver, options.queryBudget ?? DEFAULT_QUERY_BUDGET);
    const validator = new DnssecValidator(resolver, options.anchors ?? BUILT_IN_ANCHORS);
    const nowSeconds = Math.floor(started / 1000);
    const transport = {
      assessor: options.mailAssessor ?? new MailTlsAssessor({ allowPrivate: options.allowPrivate === true }),
      allowPrivate: options.allowPrivate === true,
      guideline: options.guideline ?? 'ncsc-2025',
    };
    const plan = type === 'mail' ? planMail(resolver, validator, domain, options.dkimSelectors ?? [], nowSeconds, transport) : planWeb(resolver, validator, domain, nowSeconds, options.allowPrivate === true);
    const results: TestResult[] = [];
    const deadline = deadlineAfter(options.timeoutMs ?? 60_000);
    try {
      for await (const batch of inCompletionOrder(plan.tasks.map((t) => guard(t, deadline.promise)))) {
        for (const result of batch) {
          results.push(result);
          yield { kind: 'test', type, result };
        }
      }
    } finally {
      deadline.cancel();
    }
    const custom = await Promise.race([plan.custom, deadline.promise.then(() => ({}))]).catch(() => ({}));
    yield { kind: 'report', report: buildReport(type, results, custom, started, now() - started, options, resolver.used) };
  }
}

function buildReport(type: TestType, results: TestResult[], custom: Record<string, unknown>, started: number, durationMs: number, options: CheckOptions, queries: number): Report {
  const scored = scoreResults(results);
  const byId = new Map(scored.results.map((r) => [r.id, r]));
  const tests: Report['tests'] = {};
  // Catalogue order, not completion order: the JSON is stable between runs.
  for (const spec of TESTS) {
    const r = byId.get(spec.id);
    if (r) tests[spec.id] = { status: r.status, reason: r.reason, details: r.details };
  }
  return {
    type,
    startedAt: new Date(started).toISOString(),
    durationMs,
    guideline: options.guideline ?? 'ncsc-2025',
    score: scored.score,
    categories: scored.categories,
    tests,
    custom,
    pending: testsOf(type).filter((s) => !byId.has(s.id)).map((s) => s.id),
    dnsQueries: queries,
  };
}

function guard(task: Task, deadline: Promise<void>): Promise<TestResult[]> {
  const errorAll = (reason: string, detail?: string): TestResult[] =>
    task.ids.map((id) => ({ id, status: 'error', reason, details: detail ? { detail } : {} }));
  return Promise.race([
    task.run.catch((err: unknown) => errorAll('internal_error', err instanceof Error ? err.message : String(err))),
    deadline.then(() => errorAll('timeout')),
  ]);
}

function deadlineAfter(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function* inCompletionOrder<T>(promises: Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map(promises.map((p, i) => [i, p.then((value) => ({ i, value }))]));
  while (pending.size > 0) {
    const { i, value } = await Promise.race(pending.values());
    pending.delete(i);
    yield value;
  }
}
