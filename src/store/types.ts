import type { Report, CheckType } from '../report/types';

/**
 * The store: scans and their per-domain reports, what was observed (for diffs), schedules, watches,
 * fix claims, comply-or-explain exceptions, custom lists and conversation references. Owned by the
 * core; SQLite implements it (src/store/sqlite.ts), PostgreSQL can follow behind the same interface,
 * which is why every call is asynchronous. Times are ISO strings passed in, never read from a clock.
 */
export type ScanType = CheckType;

export interface ScanTarget {
  /** The key of the row, and the domain the website test runs on. */
  domain: string;
  /** The organisation, for lists of organisations. */
  org?: string;
  /** Where the organisation's mail goes, when it differs from `domain`. */
  mailDomain?: string;
}

export interface ScanRow {
  id: string;
  list: string;
  type: ScanType;
  startedAt: string;
  finishedAt?: string;
  total: number;
  done: number;
}

/** How the latest run of a schedule ended; `running` while it has not. */
export interface RunOutcome {
  runKey: string;
  at: string;
  outcome: 'running' | 'posted' | 'failed';
  detail?: string;
}

/** A run taken over from a process that stopped (Store.takeOverRun). */
export interface StaleRun {
  scheduleId: string;
  runKey: string;
  message?: Record<string, unknown>;
  previousOwner?: string;
}

export interface ResultRow {
  scanId: string;
  domain: string;
  org?: string;
  checkedAt: string;
  reports: Report[];
  /** Raw records observed (SPF, DMARC, MX, TLSA, HSTS…), for diffs between scans. */
  observed: Record<string, string>;
}

/** A conversation the bot can post to proactively (a Slack channel, a Teams conversation reference). */
export interface ConversationRef {
  platform: string;
  /** Stable key, e.g. "slack:T123:C456". */
  key: string;
  /** Whatever the adapter needs to post there again (serialised by the adapter). */
  ref: Record<string, unknown>;
  lang?: string;
  dead?: boolean;
}

export interface Schedule {
  id: string;
  conversation: string;
  list: string;
  type: ScanType;
  /** Five-field cron in the bot's time zone (TZ, default Europe/Amsterdam). */
  cron: string;
  createdBy: string;
  createdAt: string;
}

export interface Watch {
  id: string;
  conversation: string;
  domain: string;
  type: ScanType;
  createdBy: string;
  createdAt: string;
  /** Status per test id at the last check, to post only on a change. */
  last?: Record<string, string>;
  lastObserved?: Record<string, string>;
  thread?: string;
}

export interface Exception {
  id: string;
  domain: string;
  standard: string;
  reason: string;
  until: string;
  createdBy: string;
  createdAt: string;
  conversation?: string;
}

export interface Claim {
  domain: string;
  test: string;
  user: string;
  conversation: string;
  thread?: string;
  claimedAt: string;
  fixedAt?: string;
}

/**
 * A result card as the bot keeps it, so that its buttons work on whichever replica receives the click
 * (issue 16 §4) and after a restart. `ref` and `state` are the bot's own, serialised by it.
 */
export interface StoredCard {
  checkId: string;
  conversation: string;
  ref: Record<string, unknown>;
  state: Record<string, unknown>;
  savedAt: string;
}

export interface Store {
  // Scans: created with their targets; each result saved on its own, so a killed scan loses nothing done.
  createScan(scan: {
    id: string;
    list: string;
    type: ScanType;
    startedAt: string;
    targets: ScanTarget[];
  }): Promise<void>;
  saveResult(result: ResultRow): Promise<void>;
  finishScan(id: string, finishedAt: string): Promise<void>;
  /** The newest unfinished scan of this list and type, to resume. */
  unfinishedScan(list: string, type: ScanType): Promise<ScanRow | undefined>;
  /** Targets of a scan without a result yet, in list order. */
  remaining(scanId: string): Promise<ScanTarget[]>;
  scan(id: string): Promise<ScanRow | undefined>;
  /** Finished scans of a list, newest first. */
  finishedScans(list: string, type: ScanType, limit: number): Promise<ScanRow[]>;
  results(scanId: string): Promise<ResultRow[]>;
  /** The stored rows of these domains in a scan (a job's rows, read by the process that waits for it). */
  resultsOf(scanId: string, domains: readonly string[]): Promise<ResultRow[]>;
  /** The newest result for a domain from any scan or watch. */
  latestResult(domain: string): Promise<ResultRow | undefined>;

  saveConversation(ref: ConversationRef): Promise<void>;
  conversation(key: string): Promise<ConversationRef | undefined>;
  markConversationDead(key: string): Promise<void>;

  addSchedule(s: Schedule): Promise<void>;
  schedules(conversation?: string): Promise<Schedule[]>;
  removeSchedule(id: string): Promise<boolean>;
  removeSchedulesOf(conversation: string): Promise<number>;
  /**
   * Claims a run key for a schedule; false when that run already happened (each run posts exactly once).
   * `owner` names the claiming process (host:pid), for operators and for the take-over below.
   */
  claimRun(scheduleId: string, runKey: string, at: string, owner?: string): Promise<boolean>;
  /** The process running a claimed run says it is alive (every third of the lease). */
  heartbeatRun(scheduleId: string, runKey: string, at: string): Promise<void>;
  /** Where the run's summary card is, so that a process taking the run over updates that card. */
  setRunMessage(scheduleId: string, runKey: string, message: Record<string, unknown>): Promise<void>;
  /**
   * Takes over one run of an existing schedule that is still running but whose process has not said
   * it is alive since `staleBefore` (killed, frozen), claimed after `claimedAfter`; atomically, so one
   * process gets it. Its heartbeat and owner become the caller's.
   */
  takeOverRun(staleBefore: string, claimedAfter: string, at: string, owner: string): Promise<StaleRun | undefined>;
  lastRun(scheduleId: string): Promise<string | undefined>;
  /** Records how a claimed run ended: its summary posted, or failed after its retries. */
  finishRun(scheduleId: string, runKey: string, outcome: RunOutcome['outcome'], detail?: string): Promise<void>;
  lastRunOutcome(scheduleId: string): Promise<RunOutcome | undefined>;

  addWatch(w: Watch): Promise<void>;
  watches(conversation?: string): Promise<Watch[]>;
  updateWatch(
    id: string,
    last: Record<string, string>,
    observed: Record<string, string>,
    thread?: string,
  ): Promise<void>;
  removeWatch(id: string): Promise<boolean>;

  addException(e: Exception): Promise<void>;
  /** Exceptions still in force at `at` (until > at). */
  exceptions(at: string, domain?: string): Promise<Exception[]>;

  addClaim(c: Claim): Promise<void>;
  openClaims(domain?: string): Promise<Claim[]>;
  markClaimFixed(domain: string, test: string, fixedAt: string): Promise<void>;

  saveList(name: string, targets: ScanTarget[], createdBy: string, at: string): Promise<void>;
  list(name: string): Promise<ScanTarget[] | undefined>;

  /**
   * True the first time a platform event id is seen within `windowMs` (platform retries of the same
   * delivery answer false), across restarts and processes.
   */
  firstDelivery(key: string, at: number, windowMs: number): Promise<boolean>;

  /** Saves (or replaces) a card; cards saved more than 30 days before it are forgotten. */
  saveCard(card: StoredCard): Promise<void>;
  card(checkId: string): Promise<StoredCard | undefined>;

  /** True when the store answers (for /healthz); never throws. */
  ping(): Promise<boolean>;

  close(): Promise<void>;
}
