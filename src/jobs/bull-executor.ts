import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { errorFields, type Logger } from '../log';
import type { ScanBatch, ScanExecutor } from '../adoption/scan';
import type { ResultRow, Store } from '../store/types';
import { SCAN_QUEUE, type ScanJobData, type ScanJobResult } from './names';
import type { RedisConnection } from '../config';

export interface BullExecutorOptions {
  connection: RedisConnection;
  store: Store;
  /** Redis key prefix (default "mailcheck"); tests give each run its own. */
  prefix?: string;
  /** Targets per job (default 4): small enough to spread, large enough to keep queue overhead low. */
  batchSize?: number;
  /** How often jobs whose events may have been missed are looked up (default 5 s). */
  pollMs?: number;
  /** The operator's log, for a finished job whose rows could not be read at once. */
  log?: Logger;
}

/**
 * Runs a scan's batches as BullMQ jobs (issue 16 §3): any `mailcheck worker`, bot or scanning CLI
 * process on the same Redis may take them. The waiting process hears of each finished job through
 * the queue's events, reads that job's rows from the shared store and reports them; a job whose
 * process died is taken up again by BullMQ's stalled-job check, so its rows are not lost.
 */
export class BullScanExecutor implements ScanExecutor {
  private readonly queue: Queue<ScanJobData, ScanJobResult>;
  private readonly events: QueueEvents;
  private readonly ready: Promise<unknown>;

  constructor(private readonly opts: BullExecutorOptions) {
    const prefix = opts.prefix ?? 'mailcheck';
    this.queue = new Queue<ScanJobData, ScanJobResult>(SCAN_QUEUE, {
      connection: opts.connection,
      prefix,
      // Enough events kept for a 10,000-domain scan to be followed from its start.
      streams: { events: { maxLen: 50_000 } },
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 3_600, count: 20_000 },
        removeOnFail: { age: 24 * 3_600 },
      },
    });
    this.events = new QueueEvents(SCAN_QUEUE, { connection: opts.connection, prefix });
    this.ready = Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  /** True when Redis answers (for /healthz). */
  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 2_000);
    });
    try {
      return await Promise.race([this.queue.getJobCounts('waiting').then(() => true), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async execute(batch: ScanBatch, onRow: (row: ResultRow) => void, signal?: AbortSignal): Promise<void> {
    if (batch.targets.length === 0) return;
    await this.ready;
    const size = Math.max(1, Math.min(this.opts.batchSize ?? 4, 100));
    const jobs: { id: string; data: ScanJobData }[] = [];
    for (let i = 0; i < batch.targets.length; i += size) {
      const targets = batch.targets.slice(i, i + size);
      const data: ScanJobData = { scanId: batch.scanId, list: batch.list, type: batch.type, targets, pass: batch.pass };
      jobs.push({ id: jobId(data), data });
    }
    const pending = new Map(jobs.map((j) => [j.id, j]));
    let wake: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      wake = () => {
        if (pending.size === 0 || signal?.aborted) resolve();
      };
    });
    // A finished job's rows are read once; a read that fails leaves the job pending for the next sweep.
    const reading = new Set<string>();
    const finish = async (id: string): Promise<void> => {
      const job = pending.get(id);
      if (!job || reading.has(id)) return;
      reading.add(id);
      try {
        const rows = await this.opts.store.resultsOf(
          batch.scanId,
          job.data.targets.map((t) => t.domain),
        );
        pending.delete(id);
        for (const row of rows) onRow(row);
        wake();
      } finally {
        reading.delete(id);
      }
    };
    // The store or Redis did not answer: the job stays pending and the next sweep tries again.
    const later = (err: unknown): void =>
      this.opts.log?.warn({ scan: batch.scanId, ...errorFields(err) }, 'finished job not read yet; trying again');
    // Listen before adding: a job finished by a fast worker must not be missed.
    const onCompleted = ({ jobId: id }: { jobId: string }): void => void finish(id).catch(later);
    const onFailed = ({ jobId: id }: { jobId: string }): void => {
      // Failed after its attempts (a store that stayed down): its targets stay without a row, so the
      // scan is not finished and the next run resumes them.
      if (pending.delete(id)) wake();
    };
    this.events.on('completed', onCompleted);
    this.events.on('failed', onFailed);
    const onAbort = (): void => wake();
    signal?.addEventListener('abort', onAbort);
    // Events can be missed (a Redis reconnect): look up what is still pending now and then.
    const poll = setInterval(() => void this.sweep(pending, finish).catch(later), this.opts.pollMs ?? 5_000);
    try {
      await this.queue.addBulk(jobs.map((j) => ({ name: 'scan', data: j.data, opts: { jobId: j.id } })));
      // A job of the same content that failed in an earlier run (BullMQ keeps its id for a day) would
      // make this run give its targets up at once: it is tried again instead.
      for (const j of jobs) {
        const existing = await this.queue.getJob(j.id);
        if (existing && (await existing.getState()) === 'failed') await existing.retry('failed');
      }
      await this.sweep(pending, finish);
      await settled;
      if (signal?.aborted) {
        // Jobs nobody has taken yet are withdrawn; those in hand finish and are stored.
        for (const id of pending.keys()) {
          const job = await this.queue.getJob(id);
          if (!job || (await job.getState()) !== 'waiting') continue;
          try {
            await job.remove();
          } catch {
            // Taken by a worker between the two calls: it will finish and store its rows like the others.
          }
        }
      }
    } finally {
      clearInterval(poll);
      signal?.removeEventListener('abort', onAbort);
      this.events.off('completed', onCompleted);
      this.events.off('failed', onFailed);
    }
  }

  private async sweep(
    pending: Map<string, { id: string; data: ScanJobData }>,
    finish: (id: string) => Promise<void>,
  ): Promise<void> {
    for (const id of [...pending.keys()]) {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed' || state === 'unknown') await finish(id);
      else if (state === 'failed') pending.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}

/**
 * A job's id names its content: the same targets of the same scan and pass get the same id, so a scan
 * resumed by another process after a crash does not queue its work twice (BullMQ ignores a known id).
 */
export function jobId(d: ScanJobData): string {
  const h = createHash('sha256')
    .update(d.targets.map((t) => t.domain).join(','))
    .digest('hex')
    .slice(0, 24);
  return `${d.scanId}-p${d.pass}-${h}`;
}
