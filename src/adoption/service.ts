import { randomUUID } from 'node:crypto';
import { ConversationGoneError } from '../errors';
import { errorFields, type Logger } from '../log';
import type { CheckType, Report } from '../report/types';
import { specOf } from '../report/test-catalogue';
import type { ScanTarget, ScanType, Schedule, Store, Watch, RunOutcome } from '../store/types';
import { nextRun, parseCron } from '../scheduler/cron';
import { tick } from '../scheduler/scheduler';
import { parseWhen } from '../scheduler/when';
import type { TrendPoint } from './chart';
import type { ListSummary, NoticeRef, Notifier } from './notifier';
import { observedRecords } from './observed';
import { summarise } from './summary';
import { builtInTargets, isBuiltInList } from './targets';

/**
 * The adoption use case without a chat (issue 16 §1): lists, the scan of a list, the comparison with
 * the previous scan, the summary and its trend, schedules, watches, exceptions and fix claims. It
 * returns values and neutral artefacts, and reaches conversations only through a Notifier; the bot
 * (src/bot/adoption.ts) translates commands into these calls and artefacts into replies.
 */
export interface AdoptionServiceDeps {
  store: Store;
  /** Scans targets and returns the scan id (runScan with the shared engine, in process or on the queue). */
  scan(
    list: string,
    targets: ScanTarget[],
    type: ScanType,
    onProgress: (done: number, total: number) => void,
  ): Promise<string>;
  check(domain: string, type: CheckType): Promise<Report[]>;
  now(): number;
  tz: string;
  log?: Logger;
  /** This process (host:pid), kept with each scheduled run it claims. */
  owner?: string;
  /**
   * A scheduled run whose process has not said it is alive for this long is taken over by another
   * process, which resumes the scan from the stored rows and posts the summary (default 90 s; the
   * running process says so every third of it).
   */
  leaseMs?: number;
}

/** Caps on schedules (issue 14 item 5): a conversation and a workspace cannot fill the machine. */
export const MAX_SCHEDULES_PER_CONVERSATION = 10;
export const MAX_SCHEDULES_PER_WORKSPACE = 50;
/** Most organisations in a saved list. */
export const MAX_LIST_SIZE = 5000;
/** Runs older than this are never taken over: their summary would be stale news. */
const TAKE_OVER_WITHIN_MS = 6 * 3_600_000;

export type AddScheduleOutcome =
  | { ok: true; schedule: Schedule; next?: number }
  | { ok: false; reason: 'unknown_list' | 'too_often' | 'too_many_here' | 'too_many_workspace' }
  | { ok: false; reason: 'bad_when'; detail: string };

export class AdoptionService {
  /** The scan running for a list and type: a second request joins it instead of scanning again. */
  private readonly scans = new Map<string, Promise<string>>();

  constructor(private readonly deps: AdoptionServiceDeps) {}

  private iso(at = this.deps.now()): string {
    return new Date(at).toISOString();
  }

  /** A built-in list (gemeenten, provincies, waterschappen) or one saved in chat. */
  async targets(list: string): Promise<ScanTarget[] | undefined> {
    if (isBuiltInList(list)) return builtInTargets(list);
    return this.deps.store.list(list);
  }

  /** The next firing of a cron line after now, in the service's zone. */
  nextRun(cron: string): number | undefined {
    const p = parseCron(cron);
    return p.ok ? nextRun(p.spec, this.deps.now(), this.deps.tz) : undefined;
  }

  /** `conversation` is its key; `workspace` the key prefix its workspace's conversations share. */
  async addSchedule(input: {
    conversation: string;
    workspace: string;
    list: string;
    type: ScanType;
    when: string;
    createdBy: string;
  }): Promise<AddScheduleOutcome> {
    if (!(await this.targets(input.list))) return { ok: false, reason: 'unknown_list' };
    const when = parseWhen(input.when);
    if (!when.ok) return { ok: false, reason: 'bad_when', detail: when.error };
    // One minute value means at most one run an hour, whatever the other fields say.
    if (when.spec.minutes.length !== 1) return { ok: false, reason: 'too_often' };
    const all = await this.deps.store.schedules();
    if (all.filter((s) => s.conversation === input.conversation).length >= MAX_SCHEDULES_PER_CONVERSATION)
      return { ok: false, reason: 'too_many_here' };
    if (all.filter((s) => s.conversation.startsWith(input.workspace)).length >= MAX_SCHEDULES_PER_WORKSPACE)
      return { ok: false, reason: 'too_many_workspace' };
    const schedule: Schedule = {
      id: randomUUID().slice(0, 8),
      conversation: input.conversation,
      list: input.list,
      type: input.type,
      cron: when.spec.source,
      createdBy: input.createdBy,
      createdAt: this.iso(),
    };
    await this.deps.store.addSchedule(schedule);
    const next = this.nextRun(schedule.cron);
    return { ok: true, schedule, ...(next !== undefined ? { next } : {}) };
  }

  async schedulesOf(conversation: string): Promise<{ schedule: Schedule; next?: number; last?: RunOutcome }[]> {
    const out: { schedule: Schedule; next?: number; last?: RunOutcome }[] = [];
    for (const schedule of await this.deps.store.schedules(conversation)) {
      const last = await this.deps.store.lastRunOutcome(schedule.id);
      const next = this.nextRun(schedule.cron);
      out.push({ schedule, ...(next !== undefined ? { next } : {}), ...(last ? { last } : {}) });
    }
    return out;
  }

  /** Only a schedule of this conversation can be removed from it. */
  async removeSchedule(conversation: string, id: string): Promise<boolean> {
    if (!(await this.deps.store.schedules(conversation)).some((s) => s.id === id)) return false;
    return this.deps.store.removeSchedule(id);
  }

  async watch(conversation: string, domain: string, type: ScanType, createdBy: string): Promise<void> {
    if ((await this.deps.store.watches(conversation)).some((w) => w.domain === domain)) return;
    await this.deps.store.addWatch({
      id: randomUUID().slice(0, 8),
      conversation,
      domain,
      type,
      createdBy,
      createdAt: this.iso(),
    });
  }

  async unwatch(conversation: string, domain: string): Promise<boolean> {
    const w = (await this.deps.store.watches(conversation)).find((x) => x.domain === domain);
    if (w) await this.deps.store.removeWatch(w.id);
    return w !== undefined;
  }

  watchesOf(conversation: string): Promise<Watch[]> {
    return this.deps.store.watches(conversation);
  }

  async addException(e: {
    conversation: string;
    domain: string;
    standard: string;
    reason: string;
    until: string;
    createdBy: string;
  }): Promise<void> {
    await this.deps.store.addException({ id: randomUUID().slice(0, 8), createdAt: this.iso(), ...e });
  }

  /** Saves a list (at most MAX_LIST_SIZE organisations); returns how many were kept. */
  async saveList(name: string, targets: ScanTarget[], createdBy: string): Promise<number> {
    const kept = targets.slice(0, MAX_LIST_SIZE);
    await this.deps.store.saveList(name, kept, createdBy, this.iso());
    return kept.length;
  }

  async claim(c: { domain: string; user: string; conversation: string; thread: string; at: number }): Promise<void> {
    await this.deps.store.addClaim({
      domain: c.domain,
      test: '*',
      user: c.user,
      conversation: c.conversation,
      thread: c.thread,
      claimedAt: this.iso(c.at),
    });
  }

  /** The bot was removed from a conversation: stop what would post there. */
  async forget(conversation: string): Promise<void> {
    await this.deps.store.markConversationDead(conversation);
    await this.deps.store.removeSchedulesOf(conversation);
  }

  /**
   * A list's summary into a conversation: the scan (joined when the same list and type is being
   * scanned already), the comparison with the previous scan, the trend of the last five, all through
   * the notifier. `run` ties it to a scheduled run, whose card a process taking it over goes on in.
   */
  async summariseInto(
    notifier: Notifier,
    conversation: string,
    list: string,
    targets: ScanTarget[],
    type: ScanType,
    run?: { scheduleId: string; runKey: string; message?: NoticeRef },
  ): Promise<boolean> {
    const notice = await notifier.beginSummary(conversation, list, targets.length, run?.message);
    if (!notice) return false;
    if (run && !run.message) await this.deps.store.setRunMessage(run.scheduleId, run.runKey, notice.ref);
    const running = `${list}|${type}`;
    let scan = this.scans.get(running);
    if (scan) await notice.joined();
    else {
      let lastTenth = 0;
      scan = this.deps.scan(list, targets, type, (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > lastTenth && done < total) {
          lastTenth = tenth;
          notice.progress(done, total);
        }
      });
      const mine = scan;
      this.scans.set(running, mine);
      // Done or failed, the list is free again (a failure reaches every waiter through `await scan` below).
      const release = (): void => {
        if (this.scans.get(running) === mine) this.scans.delete(running);
      };
      void mine.then(release, release);
    }
    await notice.finish(await this.listSummary(list, type, await scan));
    return true;
  }

  /** The summary of a finished scan, compared with the scan before it, and the trend of the last five. */
  async listSummary(list: string, type: ScanType, scanId: string): Promise<ListSummary> {
    const store = this.deps.store;
    const at = this.iso();
    const rows = await store.results(scanId);
    const history = (await store.finishedScans(list, type, 8)).filter((s) => s.id !== scanId);
    const previousScan = history[0];
    const previous = previousScan ? { scanId: previousScan.id, rows: await store.results(previousScan.id) } : undefined;
    const summary = summarise({
      list,
      scanId,
      at,
      rows,
      ...(previous ? { previous } : {}),
      exceptions: await store.exceptions(at),
    });
    const trend: TrendPoint[] = [];
    for (const s of history.slice(0, 5).reverse()) {
      const h = summarise({
        list,
        scanId: s.id,
        at: s.finishedAt ?? s.startedAt,
        rows: s.id === previousScan?.id && previous ? previous.rows : await store.results(s.id),
        exceptions: [],
      }).headline;
      trend.push({
        at: s.finishedAt ?? s.startedAt,
        ...(h.mail ? { mail: h.mail.share } : {}),
        ...(h.web ? { web: h.web.share } : {}),
      });
    }
    trend.push({
      at,
      ...(summary.headline.mail ? { mail: summary.headline.mail.share } : {}),
      ...(summary.headline.web ? { web: summary.headline.web.share } : {}),
    });
    return { list, type, scanId, at, summary, trend, rows };
  }

  /** Scheduled summaries: each due one runs once, into the conversation it was made in; stopped runs are taken over. */
  async tickSchedules(now: number, notifier: Notifier): Promise<string[]> {
    const started = await tick(
      {
        store: this.deps.store,
        tz: this.deps.tz,
        ...(this.deps.owner ? { owner: this.deps.owner } : {}),
        run: (s: Schedule, runKey: string) => this.runSchedule(notifier, s, runKey),
      },
      now,
    );
    // Runs whose process stopped (killed mid-scan, frozen): taken over one at a time, a few per tick.
    const lease = this.deps.leaseMs ?? 90_000;
    for (let i = 0; i < 5; i++) {
      const at = this.deps.now();
      const stale = await this.deps.store.takeOverRun(
        this.iso(at - lease),
        this.iso(at - TAKE_OVER_WITHIN_MS),
        this.iso(at),
        this.deps.owner ?? 'unknown',
      );
      if (!stale) break;
      const s = (await this.deps.store.schedules()).find((x) => x.id === stale.scheduleId);
      if (!s) continue;
      this.deps.log?.warn(
        { schedule: s.id, runKey: stale.runKey, previousOwner: stale.previousOwner },
        'scheduled run taken over from a process that stopped',
      );
      await this.runSchedule(notifier, s, stale.runKey, stale.message);
      started.push(`${s.id}@${stale.runKey} (taken over)`);
    }
    return started;
  }

  /** One scheduled run, claimed by this process: scan, summary, and its outcome in the store. */
  private async runSchedule(notifier: Notifier, s: Schedule, runKey: string, message?: NoticeRef): Promise<void> {
    const targets = await this.targets(s.list);
    if (!targets) return;
    // Alive: said every third of the lease, so that only a stopped process loses its run.
    const lease = this.deps.leaseMs ?? 90_000;
    const beat = setInterval(() => {
      this.deps.store
        .heartbeatRun(s.id, runKey, this.iso())
        .catch((err: unknown) => this.deps.log?.warn({ schedule: s.id, ...errorFields(err) }, 'heartbeat failed'));
    }, lease / 3);
    beat.unref();
    try {
      const posted = await this.summariseInto(notifier, s.conversation, s.list, targets, s.type, {
        scheduleId: s.id,
        runKey,
        ...(message ? { message } : {}),
      });
      // A conversation no adapter of this process can reach: recorded, so that no process takes it up again.
      await this.deps.store.finishRun(
        s.id,
        runKey,
        posted ? 'posted' : 'failed',
        posted ? undefined : 'conversation unreachable',
      );
    } catch (err) {
      if (err instanceof ConversationGoneError) {
        await this.forget(s.conversation);
        return;
      }
      // Never silently dropped: the operator's log has it, and `rapport lijst` shows it in the chat.
      const ref = randomUUID().slice(0, 8);
      this.deps.log?.error(
        { schedule: s.id, list: s.list, runKey, ref, ...errorFields(err) },
        'scheduled summary could not be posted',
      );
      await this.deps.store.finishRun(
        s.id,
        runKey,
        'failed',
        `${err instanceof Error ? err.name : 'Error'} (ref ${ref})`,
      );
    } finally {
      clearInterval(beat);
    }
  }

  /** Watches: each re-checked once a day; a post only when a required test changes between passed and failed. */
  async tickWatches(now: number, notifier: Notifier): Promise<number> {
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.deps.tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
    let posted = 0;
    for (const w of await this.deps.store.watches()) {
      if (!(await this.deps.store.claimRun(`watch:${w.id}`, day, this.iso(now)))) continue;
      const reports = await this.deps.check(w.domain, w.type);
      if (await this.compareWatch(notifier, w, reports)) posted++;
      await this.announceFixes(notifier, w.domain, reports);
    }
    return posted;
  }

  private async compareWatch(notifier: Notifier, w: Watch, reports: Report[]): Promise<boolean> {
    const statuses: Record<string, string> = {};
    for (const r of reports)
      for (const [id, t] of Object.entries(r.tests))
        if (specOf(id).level === 'required' && (t.status === 'passed' || t.status === 'failed'))
          statuses[id] = t.status;
    const observed = observedRecords(reports);
    const changed = w.last
      ? Object.entries(statuses).filter(([id, s]) => w.last?.[id] !== undefined && w.last[id] !== s)
      : [];
    let thread = w.thread;
    if (changed.length) {
      const records = Object.keys({ ...w.lastObserved, ...observed })
        .filter((k) => (w.lastObserved?.[k] ?? '') !== (observed[k] ?? ''))
        .map((kind) => ({
          kind,
          ...(w.lastObserved?.[kind] !== undefined ? { before: w.lastObserved[kind] } : {}),
          ...(observed[kind] !== undefined ? { after: observed[kind] } : {}),
        }));
      try {
        thread =
          (await notifier.watchChanged(w.conversation, {
            domain: w.domain,
            changes: changed.map(([test, to]) => ({ test, from: w.last?.[test] ?? '', to })),
            records,
            ...(thread ? { thread } : {}),
          })) ?? thread;
      } catch (err) {
        if (err instanceof ConversationGoneError) await this.forget(w.conversation);
        else throw err;
      }
    }
    await this.deps.store.updateWatch(w.id, statuses, observed, thread);
    return changed.length > 0;
  }

  /** "I'm on it" claims are announced as fixed, in the card's thread, once the domain passes. */
  async announceFixes(notifier: Notifier, domain: string, reports: Report[]): Promise<void> {
    const failing = reports.some((r) =>
      Object.entries(r.tests).some(([id, t]) => specOf(id).level === 'required' && t.status === 'failed'),
    );
    if (failing || reports.length === 0) return;
    const claims = await this.deps.store.openClaims(domain);
    if (claims.length === 0) return;
    const byConversation = new Map<string, typeof claims>();
    for (const c of claims) {
      const k = `${c.conversation}|${c.thread ?? ''}`;
      byConversation.set(k, [...(byConversation.get(k) ?? []), c]);
    }
    for (const group of byConversation.values()) {
      const first = group[0] as (typeof claims)[number];
      try {
        await notifier.fixed(
          first.conversation,
          first.thread,
          domain,
          group.map((c) => c.user),
        );
      } catch (err) {
        this.deps.log?.warn(
          { domain, conversation: first.conversation, ...errorFields(err) },
          'fix announcement could not be posted',
        );
      }
      for (const c of group) await this.deps.store.markClaimFixed(c.domain, c.test, this.iso());
    }
  }
}
