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
}

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
    await run.store.createScan({ id: scanId, list: run.list, type: run.type, startedAt: iso(), targets: [...run.targets] });
  }
  const todo = await run.store.remaining(scanId);
  let next = 0;
  let checked = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !run.signal?.aborted) {
      const target = todo[next++] as ScanTarget;
      const reports = await run.check(target);
      const row: ResultRow = { scanId, domain: target.domain, ...(target.org ? { org: target.org } : {}), checkedAt: iso(), reports, observed: observedRecords(reports) };
      await run.store.saveResult(row);
      checked++;
      run.onProgress?.({ scanId, done: ++done, total, row });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, todo.length)) }, worker));
  const finished = !run.signal?.aborted && (await run.store.remaining(scanId)).length === 0;
  if (finished) await run.store.finishScan(scanId, iso());
  return { scanId, ...(previous ? { resumedFrom: previous.done } : {}), checked, total, finished };
}
