import { MailcheckError } from './errors';
import { parseServerAddress } from './dns/servers';
import type { ServerAddress } from './dns/transport';

/**
 * The only reader of process.env (ARCHITECTURE.md principle 6). Everything else receives the
 * validated, frozen Config it needs. Variables as in CONTRACT.md "Configuration".
 */
export type Lang = 'nl' | 'en';

export interface Config {
  /** Recursive resolvers; undefined means the system's (/etc/resolv.conf). */
  resolvers?: ServerAddress[];
  trustAnchorFile?: string;
  allowPrivate: boolean;
  lang: Lang;
  port: number;
  db: string;
  /** MAILCHECK_REDIS: jobs on BullMQ, shared by every process; unset: the in-process queue. */
  redis?: RedisConnection;
  /** MAILCHECK_QUEUE_PREFIX: the Redis key prefix (default mailcheck), so deployments can share one Redis. */
  queuePrefix: string;
  /**
   * MAILCHECK_JOB_LOCK_SECONDS: how long a job stays with a process that stopped answering before
   * another takes it over (BullMQ's lock and stalled-job check; default 30).
   */
  jobLockMs: number;
  /** MAILCHECK_SERVE_WORKER=0: a `mailcheck serve` process with MAILCHECK_REDIS takes no scan jobs itself. */
  serveWorker: boolean;
  tz: string;
  /** MAILCHECK_ADMINS: user ids (`slack:U123`, `teams:…`) who may always manage reports, watches and exceptions. */
  admins: string[];
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  teams?: { appId: string; appPassword: string; tenantId?: string };
  teamsTestMode: boolean;
  production: boolean;
  /** MAILCHECK_LOG_LEVEL: pino's levels, info by default. */
  logLevel: string;
}

export class ConfigError extends MailcheckError {
  readonly code: string = 'config';
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const resolvers = env.MAILCHECK_RESOLVERS ? parseResolverList(env.MAILCHECK_RESOLVERS) : undefined;
  const lang = env.MAILCHECK_LANG ?? 'nl';
  if (lang !== 'nl' && lang !== 'en')
    throw new ConfigError(`MAILCHECK_LANG must be nl or en, not ${JSON.stringify(lang)}`);
  const port = Number(env.PORT ?? 3978);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  const production = env.NODE_ENV === 'production';
  const teamsTestMode = env.MAILCHECK_TEAMS_TEST_MODE === '1';
  if (teamsTestMode && production)
    throw new ConfigError('MAILCHECK_TEAMS_TEST_MODE is refused when NODE_ENV=production');
  const config: Config = {
    ...(resolvers ? { resolvers } : {}),
    ...(env.MAILCHECK_TRUST_ANCHOR ? { trustAnchorFile: env.MAILCHECK_TRUST_ANCHOR } : {}),
    allowPrivate: env.MAILCHECK_ALLOW_PRIVATE === '1',
    lang,
    port,
    db: env.MAILCHECK_DB ?? './data/mailcheck.db',
    ...(env.MAILCHECK_REDIS ? { redis: parseRedis(env.MAILCHECK_REDIS) } : {}),
    queuePrefix: env.MAILCHECK_QUEUE_PREFIX ?? 'mailcheck',
    jobLockMs: Number(env.MAILCHECK_JOB_LOCK_SECONDS ?? 30) * 1000,
    serveWorker: env.MAILCHECK_SERVE_WORKER !== '0',
    tz: env.TZ ?? 'Europe/Amsterdam',
    admins: (env.MAILCHECK_ADMINS ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .slice(0, 200),
    teamsTestMode,
    production,
    logLevel: env.MAILCHECK_LOG_LEVEL ?? 'info',
  };
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(config.queuePrefix))
    throw new ConfigError('MAILCHECK_QUEUE_PREFIX must be 1 to 40 letters, digits, - or _');
  if (!Number.isInteger(config.jobLockMs / 1000) || config.jobLockMs < 1000 || config.jobLockMs > 600_000)
    throw new ConfigError('MAILCHECK_JOB_LOCK_SECONDS must be a whole number of seconds from 1 to 600');
  if (!LOG_LEVELS.has(config.logLevel))
    throw new ConfigError(`MAILCHECK_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  // Half a platform configuration is a mistake, never a reason to start the unauthenticated web chat.
  const slackSet = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'].filter((k) => env[k]);
  if (slackSet.length > 0 && !(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET)) {
    throw new ConfigError(
      `Slack is half configured (${slackSet.join(', ')} set): SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are both required`,
    );
  }
  const teamsSet = ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'].filter((k) => env[k]);
  if (teamsSet.length > 0 && !(env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD)) {
    throw new ConfigError(
      `Teams is half configured (${teamsSet.join(', ')} set): MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are both required`,
    );
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    config.slack = {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    };
  }
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD) {
    config.teams = {
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      ...(env.MICROSOFT_APP_TENANT_ID ? { tenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
    };
  }
  return Object.freeze(config);
}

export function parseResolverList(list: string): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const item of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const addr = parseServerAddress(item);
    if (!addr) throw new ConfigError(`not a resolver address (IP or IP:PORT): ${JSON.stringify(item.slice(0, 60))}`);
    out.push(addr);
  }
  if (out.length === 0) throw new ConfigError('no resolver address given');
  return out;
}

/**
 * MAILCHECK_REDIS as ioredis connection options (BullMQ passes them on): a `redis://` or `rediss://`
 * URL, or the absolute path of a unix socket.
 */
export type RedisConnection = { url: string } | { path: string };

export function parseRedis(spec: string): RedisConnection {
  const s = spec.trim();
  if (s.startsWith('/')) return { path: s };
  if (/^rediss?:\/\/[^\s]+$/i.test(s) && URL.canParse(s)) return { url: s };
  throw new ConfigError('MAILCHECK_REDIS must be a redis:// (or rediss://) URL or the absolute path of a unix socket');
}
