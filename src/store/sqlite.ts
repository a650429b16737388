import { MailcheckError } from '../errors';
import { withRetry } from '../retry';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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

/**
 * Versioned migrations: each runs once, in order, inside a transaction, and PRAGMA user_version records
 * how far a database file has come. Only ever append.
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
     key TEXT PRIMARY KEY, platform TEXT NOT NULL, ref TEXT NOT NULL, lang TEXT, dead INTEGER NOT NULL DEFAULT 0);
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
     domain TEXT NOT NULL, test TEXT NOT NULL, user TEXT NOT NULL, conversation TEXT NOT NULL, thread TEXT,
     claimed_at TEXT NOT NULL, fixed_at TEXT, PRIMARY KEY (domain, test, user));
   CREATE TABLE lists (
     name TEXT PRIMARY KEY, created_by TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE list_members (
     list TEXT NOT NULL REFERENCES lists (name) ON DELETE CASCADE, position INTEGER NOT NULL,
     domain TEXT NOT NULL, org TEXT, mail_domain TEXT, PRIMARY KEY (list, domain));`,
  // 2: platform event ids already answered, kept for the platforms' retry window (survives a restart).
  `CREATE TABLE seen_events (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
   CREATE INDEX seen_events_at ON seen_events (at);`,
  // 3: how each scheduled run ended, so a summary that could not be posted is visible (issue 13 §4).
  `ALTER TABLE schedule_runs ADD COLUMN outcome TEXT;
   ALTER TABLE schedule_runs ADD COLUMN detail TEXT;`,
  // 4: result cards, so a button works on any replica and after a restart (issue 16 §4).
  `CREATE TABLE cards (
     check_id TEXT PRIMARY KEY, conversation TEXT NOT NULL, ref TEXT NOT NULL, state TEXT NOT NULL, saved_at TEXT NOT NULL);
   CREATE INDEX cards_saved ON cards (saved_at);`,
  // 5: a scheduled run's heartbeat, owner and card, so another process finishes a run whose process died.
  `ALTER TABLE schedule_runs ADD COLUMN heartbeat TEXT;
   ALTER TABLE schedule_runs ADD COLUMN owner TEXT;
   ALTER TABLE schedule_runs ADD COLUMN message TEXT;`,
];

/**
 * A short busy timeout: better-sqlite3 waits synchronously, so a long one would stall the event loop
 * (every chat, every probe) while another process holds the lock. Past it, the call is retried
 * asynchronously with back-off (withBusyRetry), up to BUSY_RETRY_TOTAL_MS.
 */
const BUSY_TIMEOUT_MS = 50;
const BUSY_RETRY_TOTAL_MS = 10_000;

export class StoreBusyError extends MailcheckError {
  readonly code = 'store_busy';
}

/** A locked database is waited out (20 ms doubling to 500 ms, about 10 s in all), then StoreBusyError. */
const BUSY_DELAYS_MS: readonly number[] = (() => {
  const out: number[] = [];
  for (let total = 0, i = 0; total < BUSY_RETRY_TOTAL_MS; i++) {
    const pause = Math.min(20 * 2 ** i, 500);
    out.push(pause);
    total += pause + BUSY_TIMEOUT_MS;
  }
  return out;
})();

function withBusyRetry<T>(fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, {
    delaysMs: BUSY_DELAYS_MS,
    retryable: (err) => ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(String((err as { code?: string }).code)),
    exhausted: () => new StoreBusyError(`the database stayed locked for about ${BUSY_RETRY_TOTAL_MS} ms`),
  });
}

export const SCHEMA_VERSION = MIGRATIONS.length;

const SCAN_COLUMNS =
  's.id, s.list, s.type, s.started_at, s.finished_at, s.total, (SELECT COUNT(*) FROM results r WHERE r.scan_id = s.id) AS done';

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  /** `file` ':memory:' for tests that need no file; the directory is created when missing. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // WAL: readers never block the writer; synchronous NORMAL survives a killed process (not a power cut).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.migrate();
    // Every store call retries a locked database without blocking the event loop.
    for (const name of Object.getOwnPropertyNames(SqliteStore.prototype)) {
      if (name === 'constructor' || name === 'close' || name.startsWith('_')) continue;
      const method = (this as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function' || name === 'migrate') continue;
      (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
        withBusyRetry(() => Promise.resolve((method as (...a: unknown[]) => unknown).apply(this, args)));
    }
  }

  async firstDelivery(key: string, at: number, windowMs: number): Promise<boolean> {
    this.db.prepare('DELETE FROM seen_events WHERE at < ?').run(at - windowMs);
    return (
      this.db.prepare('INSERT OR IGNORE INTO seen_events (key, at) VALUES (?, ?)').run(key.slice(0, 300), at)
        .changes === 1
    );
  }

  async saveCard(c: StoredCard): Promise<void> {
    const cutoff = new Date(Date.parse(c.savedAt) - CARD_DAYS * 86_400_000).toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM cards WHERE saved_at < ?').run(cutoff);
      this.db
        .prepare(
          'INSERT INTO cards (check_id, conversation, ref, state, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (check_id) DO UPDATE SET ref = excluded.ref, state = excluded.state, saved_at = excluded.saved_at',
        )
        .run(c.checkId, c.conversation, JSON.stringify(c.ref), JSON.stringify(c.state), c.savedAt);
    })();
  }

  async card(checkId: string): Promise<StoredCard | undefined> {
    const r = this.db.prepare('SELECT * FROM cards WHERE check_id = ?').get(checkId) as CardDb | undefined;
    return r ? cardRow(r) : undefined;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.prepare('SELECT 1 AS one').get() !== undefined;
    } catch {
      return false;
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length)
      throw new Error(`database schema ${current} is newer than this Mailcheck (${MIGRATIONS.length})`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async createScan(scan: {
    id: string;
    list: string;
    type: ScanType;
    startedAt: string;
    targets: ScanTarget[];
  }): Promise<void> {
    const insertTarget = this.db.prepare(
      'INSERT OR IGNORE INTO scan_targets (scan_id, position, domain, org, mail_domain) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO scans (id, list, type, started_at, total) VALUES (?, ?, ?, ?, ?)')
        .run(scan.id, scan.list, scan.type, scan.startedAt, scan.targets.length);
      scan.targets.forEach((t, i) => insertTarget.run(scan.id, i, t.domain, t.org ?? null, t.mailDomain ?? null));
    })();
  }

  async saveResult(r: ResultRow): Promise<void> {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO results (scan_id, domain, org, checked_at, reports, observed) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(r.scanId, r.domain, r.org ?? null, r.checkedAt, JSON.stringify(r.reports), JSON.stringify(r.observed));
  }

  async finishScan(id: string, finishedAt: string): Promise<void> {
    this.db.prepare('UPDATE scans SET finished_at = ? WHERE id = ?').run(finishedAt, id);
  }

  async unfinishedScan(list: string, type: ScanType): Promise<ScanRow | undefined> {
    const r = this.db
      .prepare(
        `SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.list = ? AND s.type = ? AND s.finished_at IS NULL ORDER BY s.started_at DESC LIMIT 1`,
      )
      .get(list, type) as ScanDb | undefined;
    return r ? scanRow(r) : undefined;
  }

  async remaining(scanId: string): Promise<ScanTarget[]> {
    const rows = this.db
      .prepare(
        'SELECT t.domain, t.org, t.mail_domain FROM scan_targets t LEFT JOIN results r ON r.scan_id = t.scan_id AND r.domain = t.domain WHERE t.scan_id = ? AND r.domain IS NULL ORDER BY t.position',
      )
      .all(scanId) as TargetDb[];
    return rows.map(targetRow);
  }

  async scan(id: string): Promise<ScanRow | undefined> {
    const r = this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.id = ?`).get(id) as ScanDb | undefined;
    return r ? scanRow(r) : undefined;
  }

  async finishedScans(list: string, type: ScanType, limit: number): Promise<ScanRow[]> {
    return (
      this.db
        .prepare(
          `SELECT ${SCAN_COLUMNS} FROM scans s WHERE s.list = ? AND s.type = ? AND s.finished_at IS NOT NULL ORDER BY s.finished_at DESC LIMIT ?`,
        )
        .all(list, type, Math.max(1, Math.min(limit, 1000))) as ScanDb[]
    ).map(scanRow);
  }

  async results(scanId: string): Promise<ResultRow[]> {
    return (
      this.db
        .prepare(
          'SELECT r.* FROM results r LEFT JOIN scan_targets t ON t.scan_id = r.scan_id AND t.domain = r.domain WHERE r.scan_id = ? ORDER BY t.position, r.domain',
        )
        .all(scanId) as ResultDb[]
    ).map(resultRow);
  }

  async resultsOf(scanId: string, domains: readonly string[]): Promise<ResultRow[]> {
    const wanted = [...new Set(domains)].slice(0, 10_000);
    const out: ResultRow[] = [];
    for (let i = 0; i < wanted.length; i += 500) {
      const part = wanted.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT * FROM results WHERE scan_id = ? AND domain IN (${part.map(() => '?').join(', ')})`)
        .all(scanId, ...part) as ResultDb[];
      out.push(...rows.map(resultRow));
    }
    return out;
  }

  async latestResult(domain: string): Promise<ResultRow | undefined> {
    const r = this.db.prepare('SELECT * FROM results WHERE domain = ? ORDER BY checked_at DESC LIMIT 1').get(domain) as
      ResultDb | undefined;
    return r ? resultRow(r) : undefined;
  }

  async saveConversation(c: ConversationRef): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO conversations (key, platform, ref, lang, dead) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET ref = excluded.ref, lang = COALESCE(excluded.lang, conversations.lang), dead = excluded.dead',
      )
      .run(c.key, c.platform, JSON.stringify(c.ref), c.lang ?? null, c.dead ? 1 : 0);
  }

  async conversation(key: string): Promise<ConversationRef | undefined> {
    const r = this.db.prepare('SELECT * FROM conversations WHERE key = ?').get(key) as ConversationDb | undefined;
    return r ? conversationRow(r) : undefined;
  }

  async markConversationDead(key: string): Promise<void> {
    this.db.prepare('UPDATE conversations SET dead = 1 WHERE key = ?').run(key);
  }

  async addSchedule(s: Schedule): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO schedules (id, conversation, list, type, cron, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(s.id, s.conversation, s.list, s.type, s.cron, s.createdBy, s.createdAt);
  }

  async schedules(conversation?: string): Promise<Schedule[]> {
    const rows = (
      conversation
        ? this.db.prepare('SELECT * FROM schedules WHERE conversation = ? ORDER BY created_at').all(conversation)
        : this.db.prepare('SELECT * FROM schedules ORDER BY created_at').all()
    ) as ScheduleDb[];
    return rows.map(scheduleRow);
  }

  async removeSchedule(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM schedules WHERE id = ?').run(id).changes > 0;
  }

  async removeSchedulesOf(conversation: string): Promise<number> {
    return this.db.prepare('DELETE FROM schedules WHERE conversation = ?').run(conversation).changes;
  }

  async claimRun(scheduleId: string, runKey: string, at: string, owner?: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          'INSERT OR IGNORE INTO schedule_runs (schedule_id, run_key, at, heartbeat, owner) VALUES (?, ?, ?, ?, ?)',
        )
        .run(scheduleId, runKey, at, at, owner ?? null).changes === 1
    );
  }

  async heartbeatRun(scheduleId: string, runKey: string, at: string): Promise<void> {
    this.db
      .prepare('UPDATE schedule_runs SET heartbeat = ? WHERE schedule_id = ? AND run_key = ? AND outcome IS NULL')
      .run(at, scheduleId, runKey);
  }

  async setRunMessage(scheduleId: string, runKey: string, message: Record<string, unknown>): Promise<void> {
    this.db
      .prepare('UPDATE schedule_runs SET message = ? WHERE schedule_id = ? AND run_key = ?')
      .run(JSON.stringify(message), scheduleId, runKey);
  }

  async takeOverRun(
    staleBefore: string,
    claimedAfter: string,
    at: string,
    owner: string,
  ): Promise<StaleRun | undefined> {
    // One statement: SQLite has one writer, so two processes can never take the same run.
    const r = this.db
      .prepare(
        `UPDATE schedule_runs SET heartbeat = ?, owner = ? WHERE rowid = (
           SELECT rowid FROM schedule_runs WHERE outcome IS NULL AND COALESCE(heartbeat, at) < ? AND at > ?
             AND schedule_id IN (SELECT id FROM schedules) ORDER BY at LIMIT 1)
         RETURNING schedule_id, run_key, message, NULL AS previous`,
      )
      .get(at, owner, staleBefore, claimedAfter) as StaleDb | undefined;
    return r ? staleRow(r) : undefined;
  }

  async finishRun(scheduleId: string, runKey: string, outcome: RunOutcome['outcome'], detail?: string): Promise<void> {
    this.db
      .prepare('UPDATE schedule_runs SET outcome = ?, detail = ? WHERE schedule_id = ? AND run_key = ?')
      .run(outcome, detail?.slice(0, 300) ?? null, scheduleId, runKey);
  }

  async lastRunOutcome(scheduleId: string): Promise<RunOutcome | undefined> {
    const r = this.db
      .prepare(
        'SELECT run_key, at, outcome, detail FROM schedule_runs WHERE schedule_id = ? ORDER BY run_key DESC LIMIT 1',
      )
      .get(scheduleId) as RunDb | undefined;
    return r ? runRow(r) : undefined;
  }

  async lastRun(scheduleId: string): Promise<string | undefined> {
    const r = this.db
      .prepare('SELECT run_key FROM schedule_runs WHERE schedule_id = ? ORDER BY run_key DESC LIMIT 1')
      .get(scheduleId) as { run_key: string } | undefined;
    return r?.run_key;
  }

  async addWatch(w: Watch): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO watches (id, conversation, domain, type, created_by, created_at, last, last_observed, thread) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        w.id,
        w.conversation,
        w.domain,
        w.type,
        w.createdBy,
        w.createdAt,
        w.last ? JSON.stringify(w.last) : null,
        w.lastObserved ? JSON.stringify(w.lastObserved) : null,
        w.thread ?? null,
      );
  }

  async watches(conversation?: string): Promise<Watch[]> {
    const rows = (
      conversation
        ? this.db.prepare('SELECT * FROM watches WHERE conversation = ? ORDER BY created_at').all(conversation)
        : this.db.prepare('SELECT * FROM watches ORDER BY created_at').all()
    ) as WatchDb[];
    return rows.map(watchRow);
  }

  async updateWatch(
    id: string,
    last: Record<string, string>,
    observed: Record<string, string>,
    thread?: string,
  ): Promise<void> {
    this.db
      .prepare('UPDATE watches SET last = ?, last_observed = ?, thread = COALESCE(?, thread) WHERE id = ?')
      .run(JSON.stringify(last), JSON.stringify(observed), thread ?? null, id);
  }

  async removeWatch(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM watches WHERE id = ?').run(id).changes > 0;
  }

  async addException(e: Exception): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO exceptions (id, domain, standard, reason, until, created_by, created_at, conversation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(e.id, e.domain, e.standard, e.reason, e.until, e.createdBy, e.createdAt, e.conversation ?? null);
  }

  async exceptions(at: string, domain?: string): Promise<Exception[]> {
    const rows = (
      domain
        ? this.db
            .prepare('SELECT * FROM exceptions WHERE until > ? AND domain = ? ORDER BY domain, standard')
            .all(at, domain)
        : this.db.prepare('SELECT * FROM exceptions WHERE until > ? ORDER BY domain, standard').all(at)
    ) as ExceptionDb[];
    return rows.map(exceptionRow);
  }

  async addClaim(c: Claim): Promise<void> {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO claims (domain, test, user, conversation, thread, claimed_at, fixed_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      )
      .run(c.domain, c.test, c.user, c.conversation, c.thread ?? null, c.claimedAt);
  }

  async openClaims(domain?: string): Promise<Claim[]> {
    const rows = (
      domain
        ? this.db.prepare('SELECT * FROM claims WHERE fixed_at IS NULL AND domain = ?').all(domain)
        : this.db.prepare('SELECT * FROM claims WHERE fixed_at IS NULL').all()
    ) as ClaimDb[];
    return rows.map(claimRow);
  }

  async markClaimFixed(domain: string, test: string, fixedAt: string): Promise<void> {
    this.db
      .prepare('UPDATE claims SET fixed_at = ? WHERE domain = ? AND test = ? AND fixed_at IS NULL')
      .run(fixedAt, domain, test);
  }

  async saveList(name: string, targets: ScanTarget[], createdBy: string, at: string): Promise<void> {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO list_members (list, position, domain, org, mail_domain) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM lists WHERE name = ?').run(name);
      this.db.prepare('INSERT INTO lists (name, created_by, created_at) VALUES (?, ?, ?)').run(name, createdBy, at);
      targets.forEach((t, i) => insert.run(name, i, t.domain, t.org ?? null, t.mailDomain ?? null));
    })();
  }

  async list(name: string): Promise<ScanTarget[] | undefined> {
    if (!this.db.prepare('SELECT 1 FROM lists WHERE name = ?').get(name)) return undefined;
    return (
      this.db
        .prepare('SELECT domain, org, mail_domain FROM list_members WHERE list = ? ORDER BY position')
        .all(name) as TargetDb[]
    ).map(targetRow);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
