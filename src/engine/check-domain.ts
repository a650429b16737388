import { LIVE_IO } from './io-live';
import type { GathererIo } from './io';
import type { CheckType } from '../report/types';
import { setMaxListeners } from 'node:events';
import type { Resolver } from '../dns/types';
import { BudgetResolver } from '../dns/budget-resolver';
import type { EngineEvent, Report, TestResult, TestType } from '../report/types';
import { scoreResults } from '../report/scoring';
import { testsOf, TESTS } from '../report/test-catalogue';
import { planMail, type Task } from './plan-mail';
import { planWeb } from './plan-web';
import { DnssecValidator } from '../dns/dnssec-validator';
import { BUILT_IN_ANCHORS, type TrustAnchors } from '../dns/dnssec/anchors';
import { TlsAssessor } from '../probes/tls-assessor';

export interface CheckOptions {
  type: CheckType;
  /** The run's resolver (normally a CachingResolver shared by every check of the run). */
  resolver: Resolver;
  /** Clock in ms since the epoch. */
  now?: () => number;
  /** Overall budget for one domain (ms); tests not decided by then end as `error`/`timeout`. */
  timeoutMs?: number;
  /** DNS queries one domain check may ask (cache hits included). */
  queryBudget?: number;
  /** The network beyond DNS and the TLS assessors (default: the real one); tests may pass fakes. */
  io?: GathererIo;
  dkimSelectors?: readonly string[];
  guideline?: Report['guideline'];
  /** DNSSEC trust anchors; the IANA root KSKs when left out. */
  anchors?: TrustAnchors;
  /** Lab mode: allow probes to loopback and private addresses (CONTRACT.md "Security"). */
  allowPrivate?: boolean;
  /** Shared across a run so each MX host is assessed once; a fresh one per check when left out. */
  mailAssessor?: TlsAssessor;
  /** The same for HTTPS (service 'https'): each web server address assessed once per run. */
  webAssessor?: TlsAssessor;
  /** Stops the check from outside (the bot's user gone, a scan interrupted); the deadline stops it too. */
  signal?: AbortSignal;
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
  const allowPrivate = options.allowPrivate === true;
  const guideline = options.guideline ?? 'ncsc-2025';
  // With --type all, mail and web run at the same time and share the run's DNS cache (and so the
  // DNSSEC keys of the zones they have in common); each keeps its own query budget and deadline.
  const runs = types.map((type) => {
    const started = now();
    // One controller per run: aborted at its deadline or from outside, it stops every lookup and probe
    // the run would still start and closes the connections it has open (issue 14 item 4).
    const stop = new AbortController();
    // Every socket and request of the run listens to this one signal.
    setMaxListeners(0, stop.signal);
    const resolver = new BudgetResolver(options.resolver, options.queryBudget ?? DEFAULT_QUERY_BUDGET, stop.signal);
    const validator = new DnssecValidator(resolver, options.anchors ?? BUILT_IN_ANCHORS);
    const nowSeconds = Math.floor(started / 1000);
    const io = options.io ?? LIVE_IO;
    const plan =
      type === 'mail'
        ? planMail(resolver, validator, domain, options.dkimSelectors ?? [], nowSeconds, {
            assessor: options.mailAssessor ?? new TlsAssessor({ allowPrivate }),
            allowPrivate,
            guideline,
            signal: stop.signal,
            io,
          })
        : planWeb(resolver, validator, domain, nowSeconds, {
            assessor: options.webAssessor ?? new TlsAssessor({ allowPrivate, service: 'https' }),
            allowPrivate,
            guideline,
            signal: stop.signal,
            io,
          });
    const deadline = deadlineAfter(options.timeoutMs ?? 60_000, stop, options.signal);
    return { type, started, resolver, plan, deadline, stop, results: [] as TestResult[], left: plan.tasks.length };
  });
  try {
    const guarded = runs.flatMap((run, i) =>
      run.plan.tasks.map((t) => guard(t, run.deadline.promise).then((batch) => ({ i, batch }))),
    );
    const finished = new Set<number>();
    const report = async (i: number): Promise<EngineEvent> => {
      const run = runs[i] as (typeof runs)[number];
      finished.add(i);
      const custom = await Promise.race([run.plan.custom, run.deadline.promise.then(() => ({}))]).catch(() => ({}));
      run.deadline.cancel();
      return {
        kind: 'report',
        report: buildReport(
          run.type,
          run.results,
          custom,
          run.started,
          now() - run.started,
          options,
          run.resolver.used,
        ),
      };
    };
    for (const [i, run] of runs.entries()) if (run.left === 0) yield await report(i);
    for await (const { i, batch } of inCompletionOrder(guarded)) {
      const run = runs[i] as (typeof runs)[number];
      for (const result of batch) {
        run.results.push(result);
        yield { kind: 'test', type: run.type, result };
      }
      if (--run.left === 0 && !finished.has(i)) yield await report(i);
    }
  } finally {
    // The check is over (done, past its deadline, or abandoned by its reader): nothing may go on
    // working for it. Return only once its work has stopped, so a caller's slot bounds real work.
    for (const run of runs) {
      run.deadline.cancel();
      run.stop.abort();
    }
    const work = runs.flatMap((run) => [...run.plan.tasks.map((t) => t.run), run.plan.custom]);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(work),
      new Promise<void>((resolve) => {
        grace = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(grace);
  }
}

/** How long a stopped check waits for its probes to close (each in-flight one ends at once on abort). */
const STOP_GRACE_MS = 15_000;

function buildReport(
  type: TestType,
  results: TestResult[],
  custom: Record<string, unknown>,
  started: number,
  durationMs: number,
  options: CheckOptions,
  queries: number,
): Report {
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
    pending: testsOf(type)
      .filter((s) => !byId.has(s.id))
      .map((s) => s.id),
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

/** Resolves at the deadline or when `outside` aborts, and then aborts `stop`. */
function deadlineAfter(
  ms: number,
  stop: AbortController,
  outside?: AbortSignal,
): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    const fire = (): void => {
      stop.abort();
      resolve();
    };
    timer = setTimeout(fire, ms);
    if (outside?.aborted) fire();
    else if (outside) {
      onAbort = fire;
      outside.addEventListener('abort', fire, { once: true });
    }
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      if (onAbort) outside?.removeEventListener('abort', onAbort);
    },
  };
}

async function* inCompletionOrder<T>(promises: Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map(promises.map((p, i) => [i, p.then((value) => ({ i, value }))]));
  while (pending.size > 0) {
    const { i, value } = await Promise.race(pending.values());
    pending.delete(i);
    yield value;
  }
}
