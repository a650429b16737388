import {
  ENGINE_OPTIONS,
  EXIT,
  NO_RESOLVER,
  engineSettings,
  parseCommandLine,
  UsageError,
  type CliIo,
} from './cli-common';
import { loadConfig } from './config';
import { buildEngine } from './engine/recipe';
import { checkTarget } from './adoption/check-target';
import { openStore } from './store/open';
import { startScanWorker } from './jobs/scan-worker';
import { RedisGate } from './jobs/redis-gate';
import { createLogger } from './log';

/**
 * `mailcheck worker` (CONTRACT.md, issue 16 §3): no chat, only jobs. Takes scan jobs from the shared
 * queue (MAILCHECK_REDIS) and stores every row in the shared store (MAILCHECK_DB), until SIGTERM or
 * SIGINT; then it takes no new job, finishes those in hand (drain) and exits 0.
 */
export async function runWorkerCommand(
  args: string[],
  io: CliIo,
  signals: Pick<NodeJS.Process, 'once' | 'removeListener'> = process,
): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    ...ENGINE_OPTIONS,
    concurrency: { type: 'string', default: '8' },
  });
  if (positionals.length > 0) throw new UsageError('mailcheck worker takes no arguments, only options');
  const config = loadConfig(io.env);
  if (!config.redis)
    throw new UsageError(
      'mailcheck worker takes its jobs from the shared queue: set MAILCHECK_REDIS (and MAILCHECK_DB)',
    );
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError('--concurrency must be a whole number from 1 to 64');
  const { guideline, timeoutMs, anchors, servers, allowPrivate } = engineSettings(values, config);
  if (servers.length === 0) {
    io.err(`mailcheck: ${NO_RESOLVER}\n`);
    return EXIT.incomplete;
  }
  const log = createLogger(config.logLevel);
  const store = await openStore(config.db);
  // One engine for the worker's life: DNS answers cached up to 5 minutes, each MX host and web address
  // assessed once per 10 minutes, as in the bot.
  // One connection at a time per mail server across every process on the queue, not only this one.
  const gate = new RedisGate({ connection: config.redis, prefix: config.queuePrefix, log });
  const options = {
    ...buildEngine(
      { servers, allowPrivate, ...(anchors ? { anchors } : {}) },
      { maxTtl: 300, cacheTtlMs: 600_000, gate, shared: gate },
    ),
    guideline,
    timeoutMs,
  };
  const worker = startScanWorker({
    connection: config.redis,
    store,
    check: (t, type) => checkTarget(t, type, options),
    concurrency,
    now: Date.now,
    log,
    prefix: config.queuePrefix,
    lockDurationMs: config.jobLockMs,
    stalledIntervalMs: config.jobLockMs,
  });
  log.info({ concurrency }, 'worker started');
  io.err(`mailcheck: worker started (${concurrency} jobs at a time); SIGTERM drains and stops\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      signals.removeListener('SIGTERM', stop);
      signals.removeListener('SIGINT', stop);
      resolve();
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  log.info({ processed: worker.processed() }, 'worker draining');
  await worker.close();
  await gate.close();
  await store.close();
  io.err(`mailcheck: worker stopped after ${worker.processed()} jobs\n`);
  return EXIT.ok;
}
