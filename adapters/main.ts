import { createServer, type Server } from 'node:http';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { loadConfig, type Config } from '../src/config';
import { systemResolvers } from '../src/dns/system-resolvers';
import type { Resolver } from '../src/dns/types';
import { buildEngine, newAssessors, readAnchors } from '../src/engine/recipe';
import { checkDomain } from '../src/engine/check-domain';
import { BotCore } from '../src/bot/core';
import type { ChatAdapter } from '../src/bot/types';
import { WebChatAdapter } from './web/web-adapter';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { Adoption } from '../src/bot/adoption';
import { runScan } from '../src/adoption/scan';
import { checkTarget } from '../src/adoption/check-target';
import { BullScanExecutor } from '../src/jobs/bull-executor';
import { startScanWorker } from '../src/jobs/scan-worker';
import { RedisGate } from '../src/jobs/redis-gate';
import type { CheckType, Report } from '../src/report/types';
import { SlackAdapter } from './slack/slack-adapter';
import { TeamsAdapter } from './teams/teams-adapter';
import { createLogger, errorFields, referenceId, type Logger } from '../src/log';

/**
 * The composition root: configuration → resolver → engine → core → adapters → one HTTP server.
 * With no Slack or Teams configuration the local web chat is served, on localhost only.
 */
export interface RunningBot {
  server: Server;
  port: number;
  core: BotCore;
  adapters: ChatAdapter[];
  close(): Promise<void>;
}

export interface BotOverrides {
  resolver?: Resolver;
  /** A store other than MAILCHECK_DB (tests use a fresh file or ':memory:'). */
  store?: Store;
  now?: () => number;
  /** The operator's log (default: pino JSON lines on stderr). */
  log?: Logger;
}

export async function startBot(config: Readonly<Config>, overrides: BotOverrides = {}): Promise<RunningBot> {
  const now = overrides.now ?? Date.now;
  const log = overrides.log ?? createLogger(config.logLevel);
  // One engine for the bot's life: DNS answers cached up to 5 minutes, and an MX host or web address
  // shared by many domains assessed once per 10 minutes, politely; a re-check after a fix sees the fix.
  const setup = {
    servers: config.resolvers ?? systemResolvers(),
    allowPrivate: config.allowPrivate,
    ...(config.trustAnchorFile ? { anchors: readAnchors(config.trustAnchorFile) } : {}),
  };
  // With a shared queue, one connection at a time per mail server holds across every replica and worker.
  const gate = config.redis ? new RedisGate({ connection: config.redis, prefix: config.queuePrefix, log }) : undefined;
  const engine = buildEngine(setup, {
    maxTtl: 300,
    cacheTtlMs: 600_000,
    now,
    ...(overrides.resolver ? { resolver: overrides.resolver } : {}),
    ...(gate ? { gate, shared: gate } : {}),
  });
  const checkOptions = { ...engine, now };
  const checkReports = async (domain: string, type: CheckType): Promise<Report[]> => {
    const reports: Report[] = [];
    for await (const ev of checkDomain(domain, { ...checkOptions, type }))
      if (ev.kind === 'report') reports.push(ev.report);
    return reports;
  };
  const store = overrides.store ?? (await openStore(config.db));
  // With MAILCHECK_REDIS, scans started from chat go on the shared queue (any worker may do them; the
  // card follows the rows as they are stored), and this process takes jobs too unless told not to.
  const executor = config.redis
    ? new BullScanExecutor({ connection: config.redis, store, prefix: config.queuePrefix, log })
    : undefined;
  const jobWorker =
    config.redis && config.serveWorker
      ? startScanWorker({
          connection: config.redis,
          store,
          check: (t, type) => checkTarget(t, type, checkOptions),
          concurrency: 8,
          now,
          log,
          prefix: config.queuePrefix,
          lockDurationMs: config.jobLockMs,
          stalledIntervalMs: config.jobLockMs,
        })
      : undefined;
  const core = new BotCore({
    runCheck: (domain, type) => checkDomain(domain, { ...checkOptions, type }),
    now,
    log,
    firstDelivery: (key, at, windowMs) => store.firstDelivery(key, at, windowMs),
    cards: store,
    defaultLang: config.lang,
    adoption: (send) =>
      new Adoption(
        {
          store,
          now,
          tz: config.tz,
          admins: config.admins,
          check: checkReports,
          owner: `${hostname()}:${process.pid}`,
          // A scheduled run is another process's to finish once its own has been silent this long.
          leaseMs: config.jobLockMs * 3,
          log,
          scan: async (list, targets, type, onProgress) => {
            // A scan shares one assessor per run (not the bot's 10-minute cache): every host is seen fresh once.
            const scanOptions = {
              ...checkOptions,
              ...newAssessors(config.allowPrivate, gate ? { gate, shared: gate } : {}),
            };
            const outcome = await runScan({
              list,
              type,
              targets,
              store,
              concurrency: 8,
              now,
              newId: () => randomUUID(),
              resume: true,
              check: (t) => checkTarget(t, type, scanOptions),
              ...(executor ? { executor } : {}),
              onProgress: (p) => onProgress(p.done, p.total),
            });
            return outcome.scanId;
          },
        },
        send,
      ),
  });
  // Scheduled reports and watches: checked at start-up (a run missed while down goes once now) and every
  // 30 s after (sooner when MAILCHECK_JOB_LOCK_SECONDS is shorter); each due run claims its key in the
  // store first, so none runs twice, and a run whose process stopped is taken over.
  const tickAll = (): void => {
    void core.adoption
      ?.tickSchedules(now())
      .catch((err: unknown) => log.error({ ref: referenceId(), ...errorFields(err) }, 'schedule tick failed'));
    void core.adoption
      ?.tickWatches(now())
      .catch((err: unknown) => log.error({ ref: referenceId(), ...errorFields(err) }, 'watch tick failed'));
  };
  const timer = setInterval(tickAll, Math.min(30_000, config.jobLockMs));
  timer.unref();

  const adapters: ChatAdapter[] = [];
  const slack = config.slack ? new SlackAdapter(config.slack) : undefined;
  if (slack) adapters.push(slack);
  const teams =
    config.teams || config.teamsTestMode
      ? new TeamsAdapter({ ...config.teams, testMode: config.teamsTestMode, production: config.production, log })
      : undefined;
  if (teams) adapters.push(teams);
  const web = !slack && !teams ? new WebChatAdapter() : undefined;
  if (web) adapters.push(web);
  for (const a of adapters) await core.attach(a);

  let ready = false;
  // Routing by Express (the Agents SDK is written against its request and response); each adapter
  // still decides nothing and checks its own requests.
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Healthy only when this process can do its work: its store and (when shared) its queue answer.
  app.get('/healthz', (_req, res, next) => {
    void (async () => {
      const problem = !ready
        ? 'starting'
        : !(await store.ping())
          ? 'store unreachable'
          : executor && !(await executor.ping())
            ? 'queue unreachable'
            : undefined;
      res
        .status(problem ? 503 : 200)
        .type('text/plain')
        .send(`${problem ?? 'ok'}\n`);
    })().catch(next);
  });
  const slackHandler = slack?.requestHandler;
  if (slackHandler) app.all('/slack/events', (req, res) => slackHandler(req, res));
  if (teams) {
    app.post('/api/messages', (req, res) => {
      teams.handle(req, res).catch((err: unknown) => {
        const ref = referenceId();
        log.error({ platform: 'teams', ref, ...errorFields(err) }, 'request failed');
        if (!res.headersSent) res.status(500).json({ error: 'internal error', ref });
        else if (!res.writableEnded) res.end();
      });
    });
  }
  if (web) app.use((req, res, next) => (web.handle(req, res) ? undefined : next()));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  // Express's own error page would show a stack trace: a reference instead, and the error in the log.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const ref = referenceId();
    log.error({ ref, ...errorFields(err) }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error', ref });
  });
  const server = createServer(app);
  // The web chat has no login, and Teams test mode no token check: both listen on loopback only.
  // Platform endpoints must be reachable.
  const host = web || config.teamsTestMode ? '127.0.0.1' : undefined;
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${config.port} is already in use (set PORT to another port)`
            : err.code === 'EACCES'
              ? `no permission to listen on port ${config.port}`
              : err.message,
        ),
      );
    };
    server.once('error', failed);
    server.listen(config.port, host, () => {
      server.off('error', failed);
      resolve();
    });
  }).catch(async (err: Error) => {
    clearInterval(timer);
    for (const a of adapters) await a.stop();
    await jobWorker?.close();
    await executor?.close();
    await gate?.close();
    if (!overrides.store) await store.close();
    throw err;
  });
  ready = true;
  tickAll();
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    core,
    adapters,
    close: async () => {
      clearInterval(timer);
      for (const a of adapters) await a.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Drain: the jobs in hand finish and are stored; the queue gives the rest to other processes.
      await jobWorker?.close();
      await executor?.close();
      await gate?.close();
      if (!overrides.store) await store.close();
    },
  };
}

/** Start the bot from the environment and run until SIGINT/SIGTERM (`npm start`, `mailcheck serve`). */
export function runBot(): void {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`mailcheck: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  guardProcess(log);
  startBot(config, { log }).then(
    (bot) => {
      const what = bot.adapters.map((a) => a.platform).join(', ');
      process.stdout.write(
        `Mailcheck is running (${what}). ${bot.adapters.some((a) => a.platform === 'web') ? `Open http://localhost:${bot.port}/` : `Listening on port ${bot.port}`}\n`,
      );
      const stop = (): void => {
        void bot.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: Error) => {
      process.stderr.write(`mailcheck: could not start: ${err.message}\n`);
      process.exit(1);
    },
  );
}

/**
 * The last line of defence (issue 14): a failure that escaped every entry point's own handling is
 * logged with a reference id and the bot keeps serving the other conversations.
 */
export function guardProcess(log: Logger, proc: NodeJS.Process = process): void {
  proc.on('unhandledRejection', (reason) =>
    log.error({ ref: referenceId(), ...errorFields(reason) }, 'unhandled rejection (kept serving)'),
  );
  proc.on('uncaughtException', (err) =>
    log.error({ ref: referenceId(), ...errorFields(err) }, 'uncaught exception (kept serving)'),
  );
}

if (require.main === module) runBot();
