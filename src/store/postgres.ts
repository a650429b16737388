import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { MailcheckError } from '../errors';
import {
  cardRow,
  CARD_DAYS,
  claimRow,
  conversationRow,
  exceptionRow,
  resultRow,
  runRow,
  scanRow,
  scheduleRow,
  staleRow,
  targetRow,
  watchRow,
  type CardDb,
  type ClaimDb,
  type ConversationDb,
  type ExceptionDb,
  type ResultDb,
  type RunDb,
  type ScanDb,
  type ScheduleDb,
  type StaleDb,
  type TargetDb,
  type WatchDb,
} from './rows';
import type {
  Claim,
  ConversationRef,
  Exception,
  ResultRow,
  RunOutcome,
  ScanRow,
  ScanTarget,
  ScanType,
  Schedule,
  Store,
  StaleRun,
  StoredCard,
  Watch,
} from './types';

/**
 * The same schema as the SQLite store, in PostgreSQL's dialect, with the same version numbers: version N
 * here holds what version N holds there. Only ever append. Applied versions are rows of
 * `mailcheck_migrations`, so a version applied twice would violate its primary key.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE scans (
     id TEXT PRIMARY KEY, list TEXT NOT NULL, type TEXT NOT NULL,
     started_at TEXT NOT NULL, finished_at TEXT, total INTEGER NOT NULL);
   CREATE INDEX scans_list ON scans (list, type, started_at);
   CREATE TABLE scan_targets (
     scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE, position INTEGER NOT NULL,
     domain TEXT NOT NULL, org TEXT, mail_domain TEXT, PRIMARY KEY (scan_id, domain));
   CREATE TABLE results (
     scan_id TEXT NOT NULL, domain TEXT NOT NULL, org TEXT, checked_at TEXT NOT NULL,
     reports TEXT NOT NULL, observed TEXT NOT NULL, PRIMARY KEY (scan_id, domain));
   CREATE INDEX results_domain ON results (domain, checked_at);
   CREATE TABLE conversations (
     key TEXT PRIMARY KEY, platform TEXT NOT NULL, ref TEXT NOT NULL, lang TEXT, dead BOOLEAN NOT NULL DEFAULT FALSE);
   CREATE TABLE schedules (
     id TEXT PRIMARY KEY, conversation TEXT NOT NULL, list TEXT NOT NULL, type TEXT NOT NULL, cron TEXT NOT NULL,
     created_by TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE schedule_runs (
     schedule_id TEXT NOT NULL, run_key TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (schedule_id, run_key));
   CREATE TABLE watches (
     id TEXT PRIMARY KEY, conversation TEXT NOT NULL, domain TEXT NOT NULL, type TEXT NOT NULL,
     created_by TEXT NOT NULL, created_at TEXT NOT NULL, last TEXT, last_observed TEXT, thread TEXT);
   CREATE TABLE exceptions (
     id TEXT PRIMARY KEY, domain TEXT NOT NULL, standard TEXT NOT NULL, reason TEXT NOT NULL, until TEXT NOT NULL,
     created_by TEXT NOT NULL, created_at TEXT NOT NULL, conversation TEXT);
   CREATE TABLE claims (
     domain TEXT NOT NULL, test TEXT NOT NULL, "user" TEXT NOT NULL, conversation TEXT NOT NULL, thread TEXT,
     claimed_at TEXT NOT NULL, fixed_at TEXT, PRIMARY KEY (domain, test, "user"));
   CREATE TABLE lists (
     name TEXT PRIMARY KEY, created_by TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE list_members (
     list TEXT NOT NULL REFERENCES lists (name) ON DELETE CASCADE, position INTEGER NOT NULL,
     domain TEXT NOT NULL, org TEXT, mail_domain TEXT, PRIMARY KEY (list, domain));`,
  `CREATE TABLE seen_events (key TEXT PRIMARY KEY, at BIGINT NOT NULL);
   CREATE INDEX seen_events_at ON seen_events (at);`,
  `ALTER TABLE schedule_runs ADD COLUMN outcome TEXT;
   ALTER TABLE schedule_runs ADD COLUMN detail TEXT;`,
  `CREATE TABLE cards (
     check_id TEXT PRIMARY KEY, conversation TEXT NOT NULL, ref TEXT NOT NULL, state TEXT NOT NULL, saved_at TEXT NOT NULL);
   CREATE INDEX cards_saved ON cards (saved_at);`,
  `ALTER TABLE schedule_runs ADD COLUMN heartbeat TEXT;
   ALTER TABLE schedule_runs ADD COLUMN owner TEXT;
   ALTER TABLE schedule_runs ADD COLUMN message TEXT;`,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** Key of the advisory lock under which migrations run: replicas starting together migrate once. */
const MIGRATION_LOCK = 0x6d61696c; // "mail"

export class StoreUnavailableError extends MailcheckError {
  readonly code = 'store_unavailable';
}

/** `done` is a count, which PostgreSQL returns as a bigint (a string in pg); cast to int in SQL. */
const SCAN_COLUMNS =
  's.id, s.list, s.type, s.started_at, s.finished_at, s.total, (SELECT COUNT(*)::int FROM results r WHERE r.scan_id = s.id) AS done';

export interface PostgresStoreOptions {
  /** Pool size per process (default 10). */
  max?: number;
  /** How long to wait for a connection from the pool or the server (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * The store on PostgreSQL, for several processes on one database (replicas and workers). Every method
 * is one statement or one transaction, so two processes never see half of a write.
 */
export class PostgresStore implements Store {
  private constructor(private readonly pool: Pool) {}

  /** Connects and brings the schema up to date (under an advisory lock) before the first query. */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new Pool({
      connectionString: url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      // An idle connection the server dropped must not take the process down (pg emits 'error' on the pool).
      idleTimeoutMillis: 30_000,
    });
    pool.on('error', () => {
      /* a dropped idle client is replaced on the next query; the failure of that query is what callers see */
    });
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      if (err instanceof Error && /newer than this Mailcheck/.test(err.message)) throw err;
      // The URL may hold a password: the message names the failure, never the URL.
      throw new StoreUnavailableError(`PostgreSQL (MAILCHECK_DB) cannot be used: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return store;
  }

  private async q<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows;
  }

  private async count(text: string, values: unknown[]): Promise<number> {
    return (await this.pool.query(text, values)).rowCount ?? 0;
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {
        /* the connection is broken; the original error is the one to report */
      });
      throw err;
    } finally {
      c.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      // Held until COMMIT: a second replica waits here, then finds every version applied.
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS mailcheck_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const { rows } = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM mailcheck_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > MIGRATIONS.length)
        throw new Error(`database schema ${current} is newer than this Mailcheck (${MIGRATIONS.length})`);
      for (let v = current; v < MIGRATIONS.length; v++) {
        await c.query(MIGRATIONS[v] as string);
        await c.query('INSERT INTO mailcheck_migrations (version) VALUES ($1)', [v + 1]);
      }
    });
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.q<{ v: number | null }>('SELECT MAX(version) AS v FROM mailcheck_migrations');
    return rows[0]?.v ?? 0;
  }

  /** True when the database answers (for /healthz). */
  async ping(): Promise<boolean> {
    try {
      await this.q('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async saveCard(c: StoredCard): Promise<void> {
    const cutoff = new Date(Date.parse(c.savedAt) - CARD_DAYS * 86_400_000).toISOString();
    await this.tx(async (tx) => {
      await tx.query('DELETE FROM cards WHERE saved_at < $1', [cutoff]);
      await tx.query(
        `INSERT INTO cards (check_id, conversation, ref, state, saved_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (check_id) DO UPDATE SET ref = excluded.ref, state = excluded.state, saved_at = excluded.saved_at`,
        [c.checkId, c.conversation, JSON.stringify(c.ref), JSON.stringify(c.state), c.savedAt],
      );
    });
  }

  async card(checkId: string): Promise<StoredCard | undefined> {
    const [r] = await this.q<CardDb>('SELECT * FROM cards WHERE check_id = $1', [checkId]);
    return r ? cardRow(r) : undefined;
  }

  async firstDelivery(key: string, at: number, windowMs: number): Promise<boolean> {
    await this.count('DELETE FROM seen_events WHERE at < $1', [at - windowMs]);
    return (
      (await this.count('INSERT INTO seen_events (key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        key.slice(0, 300),
        at,
      ])) === 1
    );
  }

  async createScan(scan: {
    id: string;
    list: string;
    type: ScanType;
    startedAt: string;
    targets: ScanTarget[];
  }): Promise<void> {
    await this.tx(async (c) => {
      await c.query('INSERT INTO scans (id, list, type, started_at, total) VALUES ($1, $2, $3, $4, $5)', [
        scan.id,
        scan.list,
        scan.type,
        scan.startedAt,
        scan.targets.length,
      ]);
      await insertTargets(c, 'scan_targets', 'scan_id', scan.id, scan.targets);
    });
  }

  async saveResult(r: ResultRow): Promise<void> {
    await this.q(
      `INSERT INTO results (scan_id, domain, org, checked_at, reports, observed) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scan_id, domain) DO UPDATE SET org = excluded.org, checked_at = excluded.checked_at,
         reports = excluded.reports, observed = excluded.observed`,
      [r.scanId, r.domain, r.org ?? null, r.checkedAt, JSON.stringify(r.reports), JSON.stringify(r.observed)],
    );
  }

  async finishScan(id: string, finishedAt: string): Promise<void> {
    await this.q('UPDATE scans SET finished_at = $1 WHERE id = $2', [finishedAt, id]);
  }

  async unfinishedScan(list: string, type: ScanType): Promise<ScanRow | undefined> {
    const [r] = await this.q<ScanDb>(
      `SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.list = $1 AND s.type = $2 AND s.finished_at IS NULL ORDER BY s.started_at DESC LIMIT 1`,
      [list, type],
    );
    return r ? scanRow(r) : undefined;
  }

  async remaining(scanId: string): Promise<ScanTarget[]> {
    return (
      await this.q<TargetDb>(
        'SELECT t.domain, t.org, t.mail_domain FROM scan_targets t LEFT JOIN results r ON r.scan_id = t.scan_id AND r.domain = t.domain WHERE t.scan_id = $1 AND r.domain IS NULL ORDER BY t.position',
        [scanId],
      )
    ).map(targetRow);
  }

  async scan(id: string): Promise<ScanRow | undefined> {
    const [r] = await this.q<ScanDb>(`SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.id = $1`, [id]);
    return r ? scanRow(r) : undefined;
  }

  async finishedScans(list: string, type: ScanType, limit: number): Promise<ScanRow[]> {
    return (
      await this.q<ScanDb>(
        `SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.list = $1 AND s.type = $2 AND s.finished_at IS NOT NULL ORDER BY s.finished_at DESC LIMIT $3`,
        [list, type, Math.max(1, Math.min(limit, 1000))],
      )
    ).map(scanRow);
  }

  async results(scanId: string): Promise<ResultRow[]> {
    return (
      await this.q<ResultDb>(
        'SELECT r.* FROM results r LEFT JOIN scan_targets t ON t.scan_id = r.scan_id AND t.domain = r.domain WHERE r.scan_id = $1 ORDER BY t.position NULLS FIRST, r.domain',
        [scanId],
      )
    ).map(resultRow);
  }

  async resultsOf(scanId: string, domains: readonly string[]): Promise<ResultRow[]> {
    const wanted = [...new Set(domains)].slice(0, 10_000);
    if (wanted.length === 0) return [];
    return (
      await this.q<ResultDb>('SELECT * FROM results WHERE scan_id = $1 AND domain = ANY($2::text[])', [scanId, wanted])
    ).map(resultRow);
  }

  async latestResult(domain: string): Promise<ResultRow | undefined> {
    const [r] = await this.q<ResultDb>('SELECT * FROM results WHERE domain = $1 ORDER BY checked_at DESC LIMIT 1', [
      domain,
    ]);
    return r ? resultRow(r) : undefined;
  }

  async saveConversation(c: ConversationRef): Promise<void> {
    await this.q(
      `INSERT INTO conversations (key, platform, ref, lang, dead) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET ref = excluded.ref, lang = COALESCE(excluded.lang, conversations.lang), dead = excluded.dead`,
      [c.key, c.platform, JSON.stringify(c.ref), c.lang ?? null, c.dead === true],
    );
  }

  async conversation(key: string): Promise<ConversationRef | undefined> {
    const [r] = await this.q<ConversationDb>('SELECT * FROM conversations WHERE key = $1', [key]);
    return r ? conversationRow(r) : undefined;
  }

  async markConversationDead(key: string): Promise<void> {
    await this.q('UPDATE conversations SET dead = TRUE WHERE key = $1', [key]);
  }

  async addSchedule(s: Schedule): Promise<void> {
    await this.q(
      'INSERT INTO schedules (id, conversation, list, type, cron, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [s.id, s.conversation, s.list, s.type, s.cron, s.createdBy, s.createdAt],
    );
  }

  async schedules(conversation?: string): Promise<Schedule[]> {
    const rows = conversation
      ? await this.q<ScheduleDb>('SELECT * FROM schedules WHERE conversation = $1 ORDER BY created_at, id', [
          conversation,
        ])
      : await this.q<ScheduleDb>('SELECT * FROM schedules ORDER BY created_at, id');
    return rows.map(scheduleRow);
  }

  async removeSchedule(id: string): Promise<boolean> {
    return (await this.count('DELETE FROM schedules WHERE id = $1', [id])) > 0;
  }

  async removeSchedulesOf(conversation: string): Promise<number> {
    return this.count('DELETE FROM schedules WHERE conversation = $1', [conversation]);
  }

  async claimRun(scheduleId: string, runKey: string, at: string, owner?: string): Promise<boolean> {
    return (
      (await this.count(
        'INSERT INTO schedule_runs (schedule_id, run_key, at, heartbeat, owner) VALUES ($1, $2, $3, $3, $4) ON CONFLICT DO NOTHING',
        [scheduleId, runKey, at, owner ?? null],
      )) === 1
    );
  }

  async heartbeatRun(scheduleId: string, runKey: string, at: string): Promise<void> {
    await this.q(
      'UPDATE schedule_runs SET heartbeat = $1 WHERE schedule_id = $2 AND run_key = $3 AND outcome IS NULL',
      [at, scheduleId, runKey],
    );
  }

  async setRunMessage(scheduleId: string, runKey: string, message: Record<string, unknown>): Promise<void> {
    await this.q('UPDATE schedule_runs SET message = $1 WHERE schedule_id = $2 AND run_key = $3', [
      JSON.stringify(message),
      scheduleId,
      runKey,
    ]);
  }

  async takeOverRun(
    staleBefore: string,
    claimedAfter: string,
    at: string,
    owner: string,
  ): Promise<StaleRun | undefined> {
    // The row is locked by the first taker (SKIP LOCKED: another process passes it by), and the
    // conditions are checked again on the locked row, so one process gets it.
    const [r] = await this.q<StaleDb>(
      `WITH old AS (
         SELECT schedule_id, run_key, owner FROM schedule_runs
          WHERE outcome IS NULL AND COALESCE(heartbeat, at) < $3 AND at > $4
            AND schedule_id IN (SELECT id FROM schedules)
          ORDER BY at LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE schedule_runs s SET heartbeat = $1, owner = $2 FROM old
        WHERE s.schedule_id = old.schedule_id AND s.run_key = old.run_key
          AND s.outcome IS NULL AND COALESCE(s.heartbeat, s.at) < $3
       RETURNING s.schedule_id, s.run_key, s.message, old.owner AS previous`,
      [at, owner, staleBefore, claimedAfter],
    );
    return r ? staleRow(r) : undefined;
  }

  async finishRun(scheduleId: string, runKey: string, outcome: RunOutcome['outcome'], detail?: string): Promise<void> {
    await this.q('UPDATE schedule_runs SET outcome = $1, detail = $2 WHERE schedule_id = $3 AND run_key = $4', [
      outcome,
      detail?.slice(0, 300) ?? null,
      scheduleId,
      runKey,
    ]);
  }

  async lastRunOutcome(scheduleId: string): Promise<RunOutcome | undefined> {
    const [r] = await this.q<RunDb>(
      'SELECT run_key, at, outcome, detail FROM schedule_runs WHERE schedule_id = $1 ORDER BY run_key DESC LIMIT 1',
      [scheduleId],
    );
    return r ? runRow(r) : undefined;
  }

  async lastRun(scheduleId: string): Promise<string | undefined> {
    const [r] = await this.q<{ run_key: string }>(
      'SELECT run_key FROM schedule_runs WHERE schedule_id = $1 ORDER BY run_key DESC LIMIT 1',
      [scheduleId],
    );
    return r?.run_key;
  }

  async addWatch(w: Watch): Promise<void> {
    await this.q(
      'INSERT INTO watches (id, conversation, domain, type, created_by, created_at, last, last_observed, thread) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [
        w.id,
        w.conversation,
        w.domain,
        w.type,
        w.createdBy,
        w.createdAt,
        w.last ? JSON.stringify(w.last) : null,
        w.lastObserved ? JSON.stringify(w.lastObserved) : null,
        w.thread ?? null,
      ],
    );
  }

  async watches(conversation?: string): Promise<Watch[]> {
    const rows = conversation
      ? await this.q<WatchDb>('SELECT * FROM watches WHERE conversation = $1 ORDER BY created_at, id', [conversation])
      : await this.q<WatchDb>('SELECT * FROM watches ORDER BY created_at, id');
    return rows.map(watchRow);
  }

  async updateWatch(
    id: string,
    last: Record<string, string>,
    observed: Record<string, string>,
    thread?: string,
  ): Promise<void> {
    await this.q('UPDATE watches SET last = $1, last_observed = $2, thread = COALESCE($3, thread) WHERE id = $4', [
      JSON.stringify(last),
      JSON.stringify(observed),
      thread ?? null,
      id,
    ]);
  }

  async removeWatch(id: string): Promise<boolean> {
    return (await this.count('DELETE FROM watches WHERE id = $1', [id])) > 0;
  }

  async addException(e: Exception): Promise<void> {
    await this.q(
      'INSERT INTO exceptions (id, domain, standard, reason, until, created_by, created_at, conversation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.id, e.domain, e.standard, e.reason, e.until, e.createdBy, e.createdAt, e.conversation ?? null],
    );
  }

  async exceptions(at: string, domain?: string): Promise<Exception[]> {
    const rows = domain
      ? await this.q<ExceptionDb>(
          'SELECT * FROM exceptions WHERE until > $1 AND domain = $2 ORDER BY domain, standard, id',
          [at, domain],
        )
      : await this.q<ExceptionDb>('SELECT * FROM exceptions WHERE until > $1 ORDER BY domain, standard, id', [at]);
    return rows.map(exceptionRow);
  }

  async addClaim(c: Claim): Promise<void> {
    await this.q(
      `INSERT INTO claims (domain, test, "user", conversation, thread, claimed_at, fixed_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)
       ON CONFLICT (domain, test, "user") DO UPDATE SET conversation = excluded.conversation, thread = excluded.thread,
         claimed_at = excluded.claimed_at, fixed_at = NULL`,
      [c.domain, c.test, c.user, c.conversation, c.thread ?? null, c.claimedAt],
    );
  }

  async openClaims(domain?: string): Promise<Claim[]> {
    const rows = domain
      ? await this.q<ClaimDb>('SELECT * FROM claims WHERE fixed_at IS NULL AND domain = $1 ORDER BY claimed_at', [
          domain,
        ])
      : await this.q<ClaimDb>('SELECT * FROM claims WHERE fixed_at IS NULL ORDER BY claimed_at');
    return rows.map(claimRow);
  }

  async markClaimFixed(domain: string, test: string, fixedAt: string): Promise<void> {
    await this.q('UPDATE claims SET fixed_at = $1 WHERE domain = $2 AND test = $3 AND fixed_at IS NULL', [
      fixedAt,
      domain,
      test,
    ]);
  }

  async saveList(name: string, targets: ScanTarget[], createdBy: string, at: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query('DELETE FROM lists WHERE name = $1', [name]);
      await c.query('INSERT INTO lists (name, created_by, created_at) VALUES ($1, $2, $3)', [name, createdBy, at]);
      await insertTargets(c, 'list_members', 'list', name, targets);
    });
  }

  async list(name: string): Promise<ScanTarget[] | undefined> {
    if ((await this.q('SELECT 1 FROM lists WHERE name = $1', [name])).length === 0) return undefined;
    return (
      await this.q<TargetDb>('SELECT domain, org, mail_domain FROM list_members WHERE list = $1 ORDER BY position', [
        name,
      ])
    ).map(targetRow);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Targets in one statement per 5,000 (arrays unnested server-side): a 10,000-domain scan is created in
 * two round trips, not 10,000. A domain listed twice keeps its first position, as in SQLite.
 */
async function insertTargets(
  c: PoolClient,
  table: 'scan_targets' | 'list_members',
  keyColumn: 'scan_id' | 'list',
  key: string,
  targets: readonly ScanTarget[],
): Promise<void> {
  const CHUNK = 5000;
  for (let start = 0; start < targets.length; start += CHUNK) {
    const part = targets.slice(start, start + CHUNK);
    await c.query(
      `INSERT INTO ${table} (${keyColumn}, position, domain, org, mail_domain)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      [
        key,
        part.map((_, i) => start + i),
        part.map((t) => t.domain),
        part.map((t) => t.org ?? null),
        part.map((t) => t.mailDomain ?? null),
      ],
    );
  }
}
