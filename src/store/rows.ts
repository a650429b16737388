import type { Report } from '../report/types';
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
  StaleRun,
  StoredCard,
  Watch,
} from './types';

/** Rows as both SQL stores return them (snake_case columns, NULL for absent), and their mapping to the core's types. */
export interface ScanDb {
  id: string;
  list: string;
  type: string;
  started_at: string;
  finished_at: string | null;
  total: number;
  done: number;
}
export interface ResultDb {
  scan_id: string;
  domain: string;
  org: string | null;
  checked_at: string;
  reports: string;
  observed: string;
}

export const scanRow = (r: ScanDb): ScanRow => ({
  id: r.id,
  list: r.list,
  type: r.type as ScanType,
  startedAt: r.started_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  total: r.total,
  done: r.done,
});
export const resultRow = (r: ResultDb): ResultRow => ({
  scanId: r.scan_id,
  domain: r.domain,
  ...(r.org ? { org: r.org } : {}),
  checkedAt: r.checked_at,
  reports: JSON.parse(r.reports) as Report[],
  observed: JSON.parse(r.observed) as Record<string, string>,
});
export interface TargetDb {
  domain: string;
  org: string | null;
  mail_domain: string | null;
}
export const targetRow = (r: TargetDb): ScanTarget => ({
  domain: r.domain,
  ...(r.org ? { org: r.org } : {}),
  ...(r.mail_domain ? { mailDomain: r.mail_domain } : {}),
});

export interface ConversationDb {
  key: string;
  platform: string;
  ref: string;
  lang: string | null;
  dead: number | boolean;
}
export const conversationRow = (r: ConversationDb): ConversationRef => ({
  key: r.key,
  platform: r.platform,
  ref: JSON.parse(r.ref) as Record<string, unknown>,
  ...(r.lang ? { lang: r.lang } : {}),
  dead: r.dead === 1 || r.dead === true,
});

export interface ScheduleDb {
  id: string;
  conversation: string;
  list: string;
  type: string;
  cron: string;
  created_by: string;
  created_at: string;
}
export const scheduleRow = (r: ScheduleDb): Schedule => ({
  id: r.id,
  conversation: r.conversation,
  list: r.list,
  type: r.type as ScanType,
  cron: r.cron,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export interface RunDb {
  run_key: string;
  at: string;
  outcome: string | null;
  detail: string | null;
}
export const runRow = (r: RunDb): RunOutcome => ({
  runKey: r.run_key,
  at: r.at,
  outcome: (r.outcome ?? 'running') as RunOutcome['outcome'],
  ...(r.detail ? { detail: r.detail } : {}),
});

export interface WatchDb {
  id: string;
  conversation: string;
  domain: string;
  type: string;
  created_by: string;
  created_at: string;
  last: string | null;
  last_observed: string | null;
  thread: string | null;
}
export const watchRow = (r: WatchDb): Watch => ({
  id: r.id,
  conversation: r.conversation,
  domain: r.domain,
  type: r.type as ScanType,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.last ? { last: JSON.parse(r.last) as Record<string, string> } : {}),
  ...(r.last_observed ? { lastObserved: JSON.parse(r.last_observed) as Record<string, string> } : {}),
  ...(r.thread ? { thread: r.thread } : {}),
});

export interface ExceptionDb {
  id: string;
  domain: string;
  standard: string;
  reason: string;
  until: string;
  created_by: string;
  created_at: string;
  conversation: string | null;
}
export const exceptionRow = (r: ExceptionDb): Exception => ({
  id: r.id,
  domain: r.domain,
  standard: r.standard,
  reason: r.reason,
  until: r.until,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.conversation ? { conversation: r.conversation } : {}),
});

export interface ClaimDb {
  domain: string;
  test: string;
  user: string;
  conversation: string;
  thread: string | null;
  claimed_at: string;
}
export const claimRow = (r: ClaimDb): Claim => ({
  domain: r.domain,
  test: r.test,
  user: r.user,
  conversation: r.conversation,
  ...(r.thread ? { thread: r.thread } : {}),
  claimedAt: r.claimed_at,
});

/** How long a card's buttons keep working. */
export const CARD_DAYS = 30;

export interface CardDb {
  check_id: string;
  conversation: string;
  ref: string;
  state: string;
  saved_at: string;
}
export const cardRow = (r: CardDb): StoredCard => ({
  checkId: r.check_id,
  conversation: r.conversation,
  ref: JSON.parse(r.ref) as Record<string, unknown>,
  state: JSON.parse(r.state) as Record<string, unknown>,
  savedAt: r.saved_at,
});

export interface StaleDb {
  schedule_id: string;
  run_key: string;
  message: string | null;
  previous: string | null;
}
export const staleRow = (r: StaleDb): StaleRun => ({
  scheduleId: r.schedule_id,
  runKey: r.run_key,
  ...(r.message ? { message: JSON.parse(r.message) as Record<string, unknown> } : {}),
  ...(r.previous ? { previousOwner: r.previous } : {}),
});
