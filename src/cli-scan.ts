import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
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
import type { CheckOptions } from './engine/check-domain';
import { openStore } from './store/open';
import { checkTarget } from './adoption/check-target';
import type { ScanTarget, Store } from './store/types';
import type { Report, TestType } from './report/types';
import { runScan, type ScanExecutor } from './adoption/scan';
import { BullScanExecutor } from './jobs/bull-executor';
import { startScanWorker } from './jobs/scan-worker';
import { RedisGate } from './jobs/redis-gate';
import { createLogger } from './log';
import { builtInTargets, isBuiltInList, parseTargetFile } from './adoption/targets';
import { csvHeader, csvRow, internetnlDoc, jsonlLine, type ScanFormat } from './adoption/formats';

/**
 * `mailcheck scan <list>` (CONTRACT.md): every domain of a built-in list, a file or a list saved in
 * chat, with bounded concurrency and one shared DNS cache and TLS assessor; each result stored in
 * MAILCHECK_DB as it comes in, so an interrupted scan resumes where it stopped (`--fresh` starts over).
 */
export async function runScanCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    ...ENGINE_OPTIONS,
    concurrency: { type: 'string', default: '8' },
    format: { type: 'string', default: 'jsonl' },
    out: { type: 'string' },
    fresh: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1)
    throw new UsageError('give one list: gemeenten, provincies, waterschappen, a file of domains, or a saved list');
  const config = loadConfig(io.env);
  const { type, guideline, timeoutMs, anchors, servers, allowPrivate } = engineSettings(values, config);
  const format = values.format as ScanFormat;
  if (!['jsonl', 'csv', 'internetnl'].includes(format))
    throw new UsageError('--format must be jsonl, csv or internetnl');
  if (format === 'internetnl' && type === 'all')
    throw new UsageError('--format internetnl holds one test type: use --type mail or --type web');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError('--concurrency must be a whole number from 1 to 64');
  if (servers.length === 0) {
    io.err(`mailcheck: ${NO_RESOLVER}\n`);
    return EXIT.incomplete;
  }
  const store = await openStore(config.db);
  try {
    const { list, targets } = await resolveTargets(positionals[0] as string, store, io);
    if (targets.length === 0) throw new UsageError(`list ${JSON.stringify(list)} has no domains`);
    // With a shared queue, one connection at a time per mail server holds across every process.
    const log = createLogger(config.logLevel);
    const gate = config.redis
      ? new RedisGate({ connection: config.redis, prefix: config.queuePrefix, log })
      : undefined;
    const options: Omit<CheckOptions, 'type'> = {
      ...buildEngine({ servers, allowPrivate, ...(anchors ? { anchors } : {}) }, gate ? { gate, shared: gate } : {}),
      guideline,
      timeoutMs,
    };
    const check = (t: ScanTarget): Promise<Report[]> => checkTarget(t, type, options);

    const out = values.out ? createWriteStream(values.out) : undefined;
    const write = (s: string): void => {
      if (out) out.write(s);
      else io.out(s);
    };
    const stop = new AbortController();
    const onSigint = (): void => {
      stop.abort();
      io.err('\nmailcheck: stopping after the domains in progress; run the same command again to resume\n');
    };
    process.once('SIGINT', onSigint);
    const resumable = values.fresh ? undefined : await store.unfinishedScan(list, type);
    if (resumable) {
      io.err(
        `mailcheck: resuming scan ${resumable.id} of ${list}: ${resumable.done} of ${resumable.total} already done\n`,
      );
    }
    if (format === 'csv') write(csvHeader(type));
    if (resumable && format !== 'internetnl') {
      for (const row of await store.results(resumable.id)) write(format === 'csv' ? csvRow(row, type) : jsonlLine(row));
    }
    const bar = progressBar(io);
    const started = Date.now();
    // With MAILCHECK_REDIS the list's jobs go on the shared queue: this process takes part in the work
    // (`--concurrency` jobs at a time) beside any `mailcheck worker`, and waits until every job is done.
    const shared = config.redis
      ? {
          executor: new BullScanExecutor({ connection: config.redis, store, prefix: config.queuePrefix, log }),
          worker: startScanWorker({
            connection: config.redis,
            store,
            check: (t, ty) => checkTarget(t, ty, options),
            concurrency,
            now: Date.now,
            log,
            prefix: config.queuePrefix,
            lockDurationMs: config.jobLockMs,
            stalledIntervalMs: config.jobLockMs,
          }),
        }
      : undefined;
    const executor: ScanExecutor | undefined = shared?.executor;
    const outcome = await runScan({
      list,
      type,
      targets,
      store,
      check,
      concurrency,
      ...(executor ? { executor } : {}),
      now: Date.now,
      newId: randomUUID,
      resume: !values.fresh,
      signal: stop.signal,
      onProgress: (p) => {
        if (format !== 'internetnl') write(format === 'csv' ? csvRow(p.row, type) : jsonlLine(p.row));
        bar(p.done, p.total, Date.now() - started);
      },
    });
    process.removeListener('SIGINT', onSigint);
    if (shared) {
      await shared.worker.close();
      await shared.executor.close();
    }
    await gate?.close();
    if (format === 'internetnl') {
      const scan = await store.scan(outcome.scanId);
      if (scan)
        write(
          `${JSON.stringify(internetnlDoc(scan, await store.results(outcome.scanId), type as TestType), null, 2)}\n`,
        );
    }
    await closeStream(out);
    io.err(
      `${io.progressTty ? '\n' : ''}mailcheck: scan ${outcome.scanId}: ${outcome.checked} domains checked in ${((Date.now() - started) / 1000).toFixed(1)} s${outcome.resumedFrom ? ` (${outcome.resumedFrom} from before)` : ''}${outcome.retried ? `; ${outcome.retried} checked again after a test could not be run, ${outcome.stillError} still with a test that could not be run` : ''}; ${outcome.finished ? 'complete' : 'not complete, run again to resume'}\n`,
    );
    return outcome.finished ? EXIT.ok : EXIT.incomplete;
  } finally {
    await store.close();
  }
}

async function resolveTargets(name: string, store: Store, io: CliIo): Promise<{ list: string; targets: ScanTarget[] }> {
  if (isBuiltInList(name)) return { list: name, targets: builtInTargets(name) };
  if (existsSync(name)) {
    let text: string;
    try {
      text = readFileSync(name, 'utf8').slice(0, 4 * 1024 * 1024);
    } catch {
      throw new UsageError(`cannot read ${JSON.stringify(name)}`);
    }
    const { targets, problems } = parseTargetFile(text);
    for (const p of problems.slice(0, 20))
      io.err(`mailcheck: ${name}:${p.line}: not a domain name, skipped: ${JSON.stringify(p.text)}\n`);
    if (problems.length > 20) io.err(`mailcheck: ${problems.length - 20} more lines skipped\n`);
    return { list: `file:${name}`, targets };
  }
  const saved = await store.list(name);
  if (saved) return { list: name, targets: saved };
  throw new UsageError(
    `unknown list ${JSON.stringify(name.slice(0, 60))}: use gemeenten, provincies, waterschappen, a file of domains, or a list saved in chat`,
  );
}

/** A bar on a terminal; otherwise a line at every tenth, so logs stay short. */
function progressBar(io: CliIo): (done: number, total: number, ms: number) => void {
  let lastTenth = -1;
  return (done, total, ms) => {
    const rate = ms > 0 ? (done / ms) * 60_000 : 0;
    if (io.progressTty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.err(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(0)} domains/min `,
      );
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.err(`mailcheck: ${done}/${total} (${rate.toFixed(0)} domains/min)\n`);
    }
  };
}

function closeStream(s: WriteStream | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!s) return resolve();
    s.end((err?: Error | null) => (err ? reject(err) : resolve()));
  });
}
