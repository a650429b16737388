import type { Report } from '../report/types';
import type { ResultRow, ScanTarget, ScanType, Store } from '../store/types';
import { observedRecords } from './observed';

export interface ScanProgress {
  scanId: string;
  done: number;
  total: number;
  /** This domain's row, just stored. */
  row: ResultRow;
}

/** A part of a scan to check: some of its targets, each to be checked and stored under `scanId`. */
export interface ScanBatch {
  scanId: string;
  list: string;
  type: ScanType;
  targets: readonly ScanTarget[];
  /** 1: the first pass (a target already stored may be skipped); 2: the re-check of rows with an error. */
  pass: 1 | 2;
}

/**
 * Who checks a batch and stores its rows: this process (localExecutor), or the workers of the job
 * queue (src/jobs/), whichever process they run in. `onRow` is called once per stored row, in this
 * process; `execute` resolves when every target has a stored row, or when `signal` stops it.
 */
export interface ScanExecutor {
  execute(batch: ScanBatch, onRow: (row: ResultRow) => void, signal?: AbortSignal): Promise<void>;
}

export interface ScanRun {
  list: string;
  type: ScanType;
  targets: readonly ScanTarget[];
  store: Store;
  /** Runs the test(s) on one target; never throws for anything the domain does (local executor). */
  check?: (target: ScanTarget) => Promise<Report[]>;
  /** How many targets the local executor checks at once. */
  concurrency?: number;
  /** Where the checks run (default: in this process, with `check` and `concurrency`). */
  executor?: ScanExecutor;
  now: () => number;
  newId: () => string;
  onProgress?: (p: ScanProgress) => void;
  /** Resume an unfinished scan of the same list and type (default true). */
  resume?: boolean;
  /** Stop taking new domains (the running ones finish and are stored). */
  signal?: AbortSignal;
}

/** Checks one target and stores its row the moment it is in (a killed process loses nothing finished). */
export async function checkAndStore(
  scanId: string,
  target: ScanTarget,
  check: (target: ScanTarget) => Promise<Report[]>,
  store: Store,
  now: () => number,
): Promise<ResultRow> {
  const reports = await check(target);
  const row: ResultRow = {
    scanId,
    domain: target.domain,
    ...(target.org ? { org: target.org } : {}),
    checkedAt: new Date(now()).toISOString(),
    reports,
    observed: observedRecords(reports),
  };
  await store.saveResult(row);
  return row;
}

/** Checks in this process, `concurrency` targets at a time. */
export function localExecutor(deps: {
  check: (target: ScanTarget) => Promise<Report[]>;
  store: Store;
  concurrency: number;
  now: () => number;
}): ScanExecutor {
  return {
    async execute(batch, onRow, signal) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batch.targets.length && !signal?.aborted) {
          const target = batch.targets[next++] as ScanTarget;
          onRow(await checkAndStore(batch.scanId, target, deps.check, deps.store, deps.now));
        }
      };
      const lanes = Math.max(1, Math.min(deps.concurrency, batch.targets.length));
      await Promise.all(Array.from({ length: lanes }, worker));
    },
  };
}

export interface ScanOutcome {
  scanId: string;
  resumedFrom?: number;
  checked: number;
  total: number;
  finished: boolean;
  /** Domains with a test that could not be run, checked once more at the end; and how many still had one. */
  retried: number;
  stillError: number;
}

/** A row with any test that could not be run ("error": a lost lookup, an unreachable server). */
export const hasError = (reports: readonly Report[]): boolean =>
  reports.some((r) => Object.values(r.tests).some((t) => t.status === 'error'));

/**
 * A batch scan: every target checked with bounded concurrency (the caller's `check` shares the run's
 * DNS cache and TLS assessments), each result stored the moment it is in, so a killed process loses
 * nothing finished and the next run resumes with the targets that have no result yet.
 */
export async function runScan(run: ScanRun): Promise<ScanOutcome> {
  const iso = (): string => new Date(run.now()).toISOString();
  const previous = run.resume === false ? undefined : await run.store.unfinishedScan(run.list, run.type);
  let scanId: string;
  let total: number;
  let done: number;
  if (previous) {
    scanId = previous.id;
    total = previous.total;
    done = previous.done;
  } else {
    scanId = run.newId();
    total = run.targets.length;
    done = 0;
    await run.store.createScan({
      id: scanId,
      list: run.list,
      type: run.type,
      startedAt: iso(),
      targets: [...run.targets],
    });
  }
  const todo = await run.store.remaining(scanId);
  const executor =
    run.executor ??
    (run.check
      ? localExecutor({ check: run.check, store: run.store, concurrency: run.concurrency ?? 8, now: run.now })
      : undefined);
  if (!executor) throw new Error('runScan needs an executor or a check');
  let checked = 0;
  // A domain with a test that could not be run is stored at once (nothing is lost if the process dies)
  // but checked once more at the end of the scan, when a passing fault has likely gone (issue 13). Its
  // progress is reported once, with the row that stays.
  // Only the names are kept in memory (a 10,000-domain scan with a lost lookup everywhere must not hold
  // 10,000 reports); the rows are in the store.
  const again = new Set<string>();
  const report = (row: ResultRow): void => run.onProgress?.({ scanId, done: ++done, total, row });
  const batch = (targets: readonly ScanTarget[], pass: 1 | 2): ScanBatch => ({
    scanId,
    list: run.list,
    type: run.type,
    targets,
    pass,
  });
  await executor.execute(
    batch(todo, 1),
    (row) => {
      checked++;
      if (hasError(row.reports)) again.add(row.domain);
      else report(row);
    },
    run.signal,
  );
  let stillError = 0;
  const retry = todo.filter((t) => again.has(t.domain));
  if (retry.length > 0 && !run.signal?.aborted)
    await executor.execute(
      batch(retry, 2),
      (row) => {
        if (!again.delete(row.domain)) return;
        if (hasError(row.reports)) stillError++;
        report(row);
      },
      run.signal,
    );
  // Stopped before the retries ran: the first rows stand (they are stored) and are reported.
  if (again.size > 0)
    for (const row of await run.store.resultsOf(scanId, [...again])) {
      stillError++;
      report(row);
    }
  const finished = !run.signal?.aborted && (await run.store.remaining(scanId)).length === 0;
  if (finished) await run.store.finishScan(scanId, iso());
  return {
    scanId,
    ...(previous ? { resumedFrom: previous.done } : {}),
    checked,
    total,
    finished,
    retried: retry.length - again.size,
    stillError,
  };
}
