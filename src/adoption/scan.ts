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

export interface ScanRun {
  list: string;
  type: ScanType;
  targets: readonly ScanTarget[];
  store: Store;
  /** Runs the test(s) on one target; never throws for anything the domain does. */
  check: (target: ScanTarget) => Promise<Report[]>;
  concurrency: number;
  now: () => number;
  newId: () => string;
  onProgress?: (p: ScanProgress) => void;
  /** Resume an unfinished scan of the same list and type (default true). */
  resume?: boolean;
  /** Stop taking new domains (the running ones finish and are stored). */
  signal?: AbortSignal;
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
  let checked = 0;
  const store = async (target: ScanTarget): Promise<ResultRow> => {
    const reports = await run.check(target);
    const row: ResultRow = {
      scanId,
      domain: target.domain,
      ...(target.org ? { org: target.org } : {}),
      checkedAt: iso(),
      reports,
      observed: observedRecords(reports),
    };
    await run.store.saveResult(row);
    return row;
  };
  const pool = async (items: readonly ScanTarget[], each: (t: ScanTarget) => Promise<void>): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length && !run.signal?.aborted) await each(items[next++] as ScanTarget);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, items.length)) }, worker));
  };
  // A domain with a test that could not be run is stored at once (nothing is lost if the process dies)
  // but checked once more at the end of the scan, when a passing fault has likely gone (issue 13). Its
  // progress is reported once, with the row that stays.
  const again: Array<{ target: ScanTarget; row: ResultRow }> = [];
  const report = (row: ResultRow): void => run.onProgress?.({ scanId, done: ++done, total, row });
  await pool(todo, async (target) => {
    const row = await store(target);
    checked++;
    if (hasError(row.reports)) again.push({ target, row });
    else report(row);
  });
  let stillError = 0;
  const retry = [...again];
  await pool(
    retry.map((a) => a.target),
    async (target) => {
      again.splice(
        again.findIndex((a) => a.target === target),
        1,
      );
      const row = await store(target);
      if (hasError(row.reports)) stillError++;
      report(row);
    },
  );
  // Stopped before the retries ran: the first rows stand (they are stored) and are reported.
  for (const a of again) {
    stillError++;
    report(a.row);
  }
  const finished = !run.signal?.aborted && (await run.store.remaining(scanId)).length === 0;
  if (finished) await run.store.finishScan(scanId, iso());
  return {
    scanId,
    ...(previous ? { resumedFrom: previous.done } : {}),
    checked,
    total,
    finished,
    retried: retry.length - again.length,
    stillError,
  };
}
