import type { Summary } from './summary';
import type { TrendPoint } from './chart';
import type { ResultRow, ScanType } from '../store/types';

/**
 * How the adoption service reaches a conversation (issue 16 §1). Owned by the core, implemented by
 * the bot (src/bot/adoption.ts turns each call into a Reply in the conversation's language). The
 * service hands over neutral artefacts and conversation keys; it never sees a chat platform.
 */

/** Where a posted message is, as the notifier wrote it; the service only stores and returns it. */
export type NoticeRef = Record<string, unknown>;

/** What a list's scan produced: the summary, its trend, and every row (for the chart and the CSV). */
export interface ListSummary {
  list: string;
  type: ScanType;
  scanId: string;
  /** ISO time the summary was made. */
  at: string;
  summary: Summary;
  trend: TrendPoint[];
  rows: ResultRow[];
}

/** A summary under way in one conversation. */
export interface SummaryNotice {
  ref: NoticeRef;
  /** About every tenth of the list (a lost update is the notifier's to log, never the scan's to stop). */
  progress(done: number, total: number): void;
  /** The list was being scanned already for someone else: this conversation gets that scan's result. */
  joined(): Promise<void>;
  /** The summary, its chart and CSV, and a regression alert when there is one. */
  finish(result: ListSummary): Promise<void>;
}

/** A watched domain whose required tests changed, with the records before and after. */
export interface WatchChange {
  domain: string;
  /** Test id, status before, status now. */
  changes: { test: string; from: string; to: string }[];
  records: { kind: string; before?: string; after?: string }[];
  /** The thread of earlier changes of this watch, if any. */
  thread?: string;
}

export interface Notifier {
  /**
   * Starts a list's summary in a conversation: a progress message, or (`resume`) the one a process
   * that stopped had posted. Undefined when the conversation cannot be reached any more.
   */
  beginSummary(
    conversation: string,
    list: string,
    total: number,
    resume?: NoticeRef,
  ): Promise<SummaryNotice | undefined>;
  /** Posts a watch's change; returns the thread its next changes go to (undefined: not posted). */
  watchChanged(conversation: string, change: WatchChange): Promise<string | undefined>;
  /** Says in a card's thread that a domain someone took on is in order now. */
  fixed(conversation: string, thread: string | undefined, domain: string, users: string[]): Promise<void>;
}
