import { Worker } from 'bullmq';
import { checkAndStore } from '../adoption/scan';
import { errorFields, type Logger } from '../log';
import type { Report } from '../report/types';
import type { ScanTarget, ScanType, Store } from '../store/types';
import { SCAN_QUEUE, type ScanJobData, type ScanJobResult } from './names';
import type { RedisConnection } from '../config';

export interface ScanWorkerOptions {
  connection: RedisConnection;
  store: Store;
  /** The shared checkTarget with this process's engine. */
  check: (target: ScanTarget, type: ScanType) => Promise<Report[]>;
  /** Jobs in hand at once (each a few targets). */
  concurrency: number;
  now: () => number;
  log: Logger;
  prefix?: string;
  /** How long a job's lock lasts without renewal: a process that died loses its jobs after this (default 30 s). */
  lockDurationMs?: number;
  /** How often stalled jobs (their process gone) are looked for (default 30 s). */
  stalledIntervalMs?: number;
}

export interface ScanWorker {
  /** Stops taking jobs and waits for those in hand (SIGTERM: drain). */
  close(): Promise<void>;
  /** Jobs this process finished (for the bench's spread figure). */
  readonly processed: () => number;
}

/**
 * Takes scan jobs from the shared queue and stores each target's row in the shared store. A first-pass
 * target that already has a row (a job redone after its process died mid-job) is not checked again.
 */
export function startScanWorker(o: ScanWorkerOptions): ScanWorker {
  let processed = 0;
  const worker = new Worker<ScanJobData, ScanJobResult>(
    SCAN_QUEUE,
    async (job) => {
      const d = job.data;
      const have =
        d.pass === 1
          ? new Set(
              (
                await o.store.resultsOf(
                  d.scanId,
                  d.targets.map((t) => t.domain),
                )
              ).map((r) => r.domain),
            )
          : new Set<string>();
      const stored: string[] = [];
      await Promise.all(
        d.targets.map(async (t) => {
          if (!have.has(t.domain)) await checkAndStore(d.scanId, t, (x) => o.check(x, d.type), o.store, o.now);
          stored.push(t.domain);
        }),
      );
      processed++;
      return { stored };
    },
    {
      connection: { ...o.connection, maxRetriesPerRequest: null },
      prefix: o.prefix ?? 'mailcheck',
      concurrency: Math.max(1, Math.min(o.concurrency, 64)),
      lockDuration: o.lockDurationMs ?? 30_000,
      stalledInterval: o.stalledIntervalMs ?? 30_000,
    },
  );
  worker.on('failed', (job, err) =>
    o.log.warn({ job: job?.id, attempts: job?.attemptsMade, ...errorFields(err) }, 'scan job failed'),
  );
  // A job whose process stopped renewing its lock (killed, frozen) goes back to the queue for another.
  worker.on('stalled', (jobId) => o.log.warn({ job: jobId }, 'scan job taken over from a process that stopped'));
  worker.on('error', (err) => o.log.error({ ...errorFields(err) }, 'scan worker error'));
  return { close: () => worker.close(), processed: () => processed };
}
