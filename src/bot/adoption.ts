import { errorFields, type Logger } from '../log';
import { randomUUID } from 'node:crypto';
import type { Lang } from '../config';
import type { Report } from '../report/types';
import { specOf } from '../report/test-catalogue';
import { CATALOGUES } from '../report/render-text';
import type { ScanTarget, ScanType, Schedule, Store, Watch } from '../store/types';
import { builtInTargets, isBuiltInList, parseTargetFile } from '../adoption/targets';
import { summarise } from '../adoption/summary';
import { summaryCsv, summaryReply } from './summary-reply';
import { renderChart, type TrendPoint } from '../adoption/chart';
import { parseWhen } from '../scheduler/when';
import { nextRun, parseCron } from '../scheduler/cron';
import { tick } from '../scheduler/scheduler';
import { observedRecords } from '../adoption/observed';
import { textReply } from './replies';
import { fill } from '../report/texts/catalogue';
import { withRetry } from '../retry';
import { BOT_TEXTS } from './texts';
import {
  ConversationGoneError,
  conversationKey,
  type Actor,
  type ChatAdapter,
  type CheckType,
  type Command,
  type Conversation,
  type MessageRef,
  type Platform,
  type Reply,
} from './types';

/**
 * Reports, watches, exceptions and lists in chat, and the scheduled runs behind them. The core hands
 * adoption commands here; everything is kept in the store, so a restart loses no schedule, watch or
 * claim. Creating and removing is for the conversation's managers and configured admins; reading is
 * open to everyone.
 */
export interface AdoptionDeps {
  store: Store;
  /** Scans targets and returns the scan id (the caller's runScan with the shared engine). */
  scan(
    list: string,
    targets: ScanTarget[],
    type: ScanType,
    onProgress: (done: number, total: number) => void,
  ): Promise<string>;
  check(domain: string, type: CheckType): Promise<Report[]>;
  now(): number;
  tz: string;
  /** `platform:userId` (or a bare user id) of people who may always manage. */
  admins: readonly string[];
  /** The operator's log, for failures that must not stop a scan (a progress post that did not go out). */
  log?: Logger;
  /** Waits before each new try of a scheduled summary's post that failed (platform 5xx, network). */
  retryDelaysMs?: readonly number[];
  /** How to wait (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** This process (host:pid), kept with each scheduled run it claims. */
  owner?: string;
  /**
   * A scheduled run whose process has not said it is alive for this long is taken over by another
   * process, which resumes the scan from the stored rows and posts the summary (default 90 s; the
   * running process says so every third of it).
   */
  leaseMs?: number;
}

/** Runs older than this are never taken over: their summary would be stale news. */
const TAKE_OVER_WITHIN_MS = 6 * 3_600_000;

/** A scheduled summary whose post fails is tried again after these waits, then recorded as failed. */
const RETRY_DELAYS_MS = [2_000, 10_000, 60_000] as const;

type Send = <T>(conversation: Conversation, call: () => Promise<T>) => Promise<T>;

const T = {
  nl: {
    notAllowed:
      'Alleen beheerders van dit gesprek of de werkruimte mogen rapporten, volglijsten en uitzonderingen aanmaken of verwijderen.',
    unknownList:
      'De lijst "{list}" ken ik niet: gebruik gemeenten, provincies, waterschappen of een eigen lijst (`lijst toevoegen`).',
    badWhen:
      'Dat tijdstip begrijp ik niet ({error}). Bijvoorbeeld: `maandag 09:00`, `werkdagen 8:30`, `dagelijks 07:00`.',
    reportAdded: 'Rapport {id}: {list} ({type}), {cron} ({tz}). Eerstvolgende: {next}.',
    reportList: 'Rapporten in dit gesprek:',
    reportLine: '{id}: {list} ({type}), `{cron}`, volgende {next}',
    lastRunFailed:
      ' — ⚠ het laatste rapport ({at} UTC) kon niet worden verstuurd, ook niet na herhaalde pogingen ({detail})',
    noReports: 'Er zijn nog geen rapporten in dit gesprek. Probeer `rapport toevoegen gemeenten maandag 09:00`.',
    reportRemoved: 'Rapport {id} is verwijderd.',
    reportUnknown: 'Rapport {id} staat niet in dit gesprek.',
    scanning: 'Bezig met {list}: {done} van {total} getest…',
    regressions: 'Achteruitgang sinds de vorige meting: {list}',
    watchAdded: 'Ik volg {domain} ({type}) en meld hier elke verandering van status.',
    watchRemoved: 'Ik volg {domain} niet meer.',
    watchUnknown: 'Ik volg {domain} niet in dit gesprek.',
    watchList: 'Gevolgd in dit gesprek: {list}',
    noWatches: 'Ik volg nog niets in dit gesprek. Probeer `volg gemeente.nl`.',
    watchChanged: '{domain} is veranderd:',
    change: '{test}: {from} → {to}',
    recordChanged: '{kind} was: {before}\nnu: {after}',
    exceptionAdded:
      'Uitzondering vastgelegd: {domain}, {standard}, tot {until} ("{reason}"). Samenvattingen tonen haar tot die datum.',
    listSaved: 'Lijst {name} bewaard met {count} domeinen. `rapport nu {name}` test ze.',
    listSkipped: '{n} regels waren geen domeinnaam en zijn overgeslagen.',
    listEmpty:
      'Geen domeinen gevonden: noem ze na de naam, of deel een CSV-bestand met een kolom domain in hetzelfde bericht.',
    fixed: '{domain} is nu in orde; {users} had het opgepakt. Dank!',
    tooOften:
      'Een rapport loopt hooguit één keer per uur: kies één minuut, bijvoorbeeld `0 9 * * 1` of `maandag 09:00`.',
    tooManyHere: 'Dit gesprek heeft al {max} rapporten; verwijder er eerst een (`rapport lijst`).',
    tooManyWorkspace: 'Deze werkruimte heeft al {max} rapporten; verwijder er eerst een.',
    joined: '{list} wordt al getest; de uitkomst komt ook hier.',
  },
  en: {
    notAllowed: 'Only managers of this conversation or workspace may create or remove reports, watches and exceptions.',
    unknownList:
      'I do not know the list "{list}": use gemeenten, provincies, waterschappen or a list of your own (`list add`).',
    badWhen: 'I do not understand that time ({error}). For example: `monday 09:00`, `weekdays 8:30`, `daily 07:00`.',
    reportAdded: 'Report {id}: {list} ({type}), {cron} ({tz}). Next: {next}.',
    reportList: 'Reports in this conversation:',
    reportLine: '{id}: {list} ({type}), `{cron}`, next {next}',
    lastRunFailed: ' — ⚠ the last report ({at} UTC) could not be posted, not even after several tries ({detail})',
    noReports: 'No reports in this conversation yet. Try `report add gemeenten monday 09:00`.',
    reportRemoved: 'Report {id} is removed.',
    reportUnknown: 'Report {id} is not in this conversation.',
    scanning: 'Testing {list}: {done} of {total} done…',
    regressions: 'Regressions since the previous scan: {list}',
    watchAdded: 'I am watching {domain} ({type}) and will say here when a status changes.',
    watchRemoved: 'I no longer watch {domain}.',
    watchUnknown: 'I do not watch {domain} in this conversation.',
    watchList: 'Watched in this conversation: {list}',
    noWatches: 'Nothing is watched in this conversation yet. Try `watch gemeente.nl`.',
    watchChanged: '{domain} has changed:',
    change: '{test}: {from} → {to}',
    recordChanged: '{kind} was: {before}\nnow: {after}',
    exceptionAdded:
      'Exception recorded: {domain}, {standard}, until {until} ("{reason}"). Summaries show it until that date.',
    listSaved: 'List {name} saved with {count} domains. `report now {name}` tests them.',
    listSkipped: '{n} lines were not domain names and were skipped.',
    listEmpty:
      'No domains found: name them after the list name, or share a CSV file with a domain column in the same message.',
    fixed: '{domain} is in order now; {users} took it on. Thank you!',
    tooOften: 'A report runs at most once an hour: choose one minute, for example `0 9 * * 1` or `monday 09:00`.',
    tooManyHere: 'This conversation already has {max} reports; remove one first (`report list`).',
    tooManyWorkspace: 'This workspace already has {max} reports; remove one first.',
    joined: '{list} is being tested already; its result comes here too.',
  },
} as const;

/** Kept here too for callers that import it from the adoption service. */
export { conversationKey };

/** Caps on schedules (issue 14 item 5): a conversation and a workspace cannot fill the machine. */
export const MAX_SCHEDULES_PER_CONVERSATION = 10;
export const MAX_SCHEDULES_PER_WORKSPACE = 50;

export class Adoption {
  private readonly adapters = new Map<Platform, ChatAdapter>();
  /** The scan running for a list and type: a second request joins it instead of scanning again. */
  private readonly scans = new Map<string, Promise<string>>();

  constructor(
    private readonly deps: AdoptionDeps,
    private readonly send: Send,
  ) {}

  register(adapter: ChatAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  /** Every inbound message refreshes the conversation's reference (Teams: the service URL changes). */
  async remember(conversation: Conversation, lang: Lang, platformRef?: Record<string, unknown>): Promise<void> {
    const { thread: _t, ...where } = conversation;
    void _t;
    await this.deps.store.saveConversation({
      platform: conversation.platform,
      key: conversationKey(conversation),
      ref: { ...where, ...(platformRef ? { platformRef } : {}) },
      lang,
    });
  }

  /** The language stored for a conversation (set by `taal`), if any. */
  async language(key: string): Promise<Lang | undefined> {
    const lang = (await this.deps.store.conversation(key))?.lang;
    return lang === 'nl' || lang === 'en' ? lang : undefined;
  }

  /** The adapter and conversation stored under a key, with the platform's reference restored. */
  private async target(
    key: string,
  ): Promise<{ adapter: ChatAdapter; conversation: Conversation; lang: Lang } | undefined> {
    const ref = await this.deps.store.conversation(key);
    const adapter = ref && !ref.dead ? this.adapters.get(ref.platform as Platform) : undefined;
    if (!ref || !adapter) return undefined;
    const { platformRef, ...where } = ref.ref as { platformRef?: Record<string, unknown> } & Record<string, unknown>;
    const conversation = where as unknown as Conversation;
    if (platformRef) adapter.importReference?.(conversation, platformRef);
    return { adapter, conversation, lang: (ref.lang as Lang | undefined) ?? 'nl' };
  }

  private async mayManage(adapter: ChatAdapter, conversation: Conversation, actor: Actor): Promise<boolean> {
    if (this.deps.admins.includes(`${conversation.platform}:${actor.id}`) || this.deps.admins.includes(actor.id))
      return true;
    // The local web chat listens on loopback only: whoever can reach it runs the machine.
    if (conversation.platform === 'web') return true;
    // A platform that cannot say who manages refuses, and the operator hears why.
    return adapter.isManager
      ? adapter.isManager(conversation, actor).catch((err: unknown) => {
          this.deps.log?.warn({ platform: conversation.platform, ...errorFields(err) }, 'manager lookup failed');
          return false;
        })
      : false;
  }

  private async targets(list: string): Promise<ScanTarget[] | undefined> {
    if (isBuiltInList(list)) return builtInTargets(list);
    return this.deps.store.list(list);
  }

  private next(cron: string): string {
    const p = parseCron(cron);
    const t = p.ok ? nextRun(p.spec, this.deps.now(), this.deps.tz) : undefined;
    return t === undefined
      ? '-'
      : new Intl.DateTimeFormat('nl-NL', { timeZone: this.deps.tz, dateStyle: 'medium', timeStyle: 'short' }).format(t);
  }

  async handle(
    adapter: ChatAdapter,
    conversation: Conversation,
    actor: Actor,
    cmd: Command,
    lang: Lang,
    files: { name: string; text: string }[] = [],
  ): Promise<void> {
    const t = T[lang];
    const say = (reply: Reply): Promise<MessageRef> => this.send(conversation, () => adapter.post(conversation, reply));
    const key = conversationKey(conversation);
    const store = this.deps.store;
    const nowIso = new Date(this.deps.now()).toISOString();
    // Starting a scan of a whole list is a manager's action too: it costs the machine (and the
    // servers of every organisation on it) minutes of work.
    const managing = [
      'report_add',
      'report_remove',
      'report_now',
      'watch',
      'unwatch',
      'exception',
      'list_add',
    ].includes(cmd.kind);
    if (managing && !(await this.mayManage(adapter, conversation, actor))) {
      await say(textReply(t.notAllowed));
      return;
    }
    switch (cmd.kind) {
      case 'report_add': {
        if (!(await this.targets(cmd.list))) {
          await say(textReply(fill(t.unknownList, { list: cmd.list })));
          return;
        }
        const when = parseWhen(cmd.when);
        if (!when.ok) {
          await say(textReply(fill(t.badWhen, { error: when.error })));
          return;
        }
        // One minute value means at most one run an hour, whatever the other fields say.
        if (when.spec.minutes.length !== 1) {
          await say(textReply(t.tooOften));
          return;
        }
        const all = await store.schedules();
        if (all.filter((s) => s.conversation === key).length >= MAX_SCHEDULES_PER_CONVERSATION) {
          await say(textReply(fill(t.tooManyHere, { max: MAX_SCHEDULES_PER_CONVERSATION })));
          return;
        }
        const workspace = `${conversation.platform}:${conversation.workspace}:`;
        if (all.filter((s) => s.conversation.startsWith(workspace)).length >= MAX_SCHEDULES_PER_WORKSPACE) {
          await say(textReply(fill(t.tooManyWorkspace, { max: MAX_SCHEDULES_PER_WORKSPACE })));
          return;
        }
        const id = randomUUID().slice(0, 8);
        await store.addSchedule({
          id,
          conversation: key,
          list: cmd.list,
          type: cmd.type,
          cron: when.spec.source,
          createdBy: `${conversation.platform}:${actor.id}`,
          createdAt: nowIso,
        });
        await say(
          textReply(
            fill(t.reportAdded, {
              id,
              list: cmd.list,
              type: cmd.type,
              cron: when.spec.source,
              tz: this.deps.tz,
              next: this.next(when.spec.source),
            }),
          ),
        );
        return;
      }
      case 'report_list': {
        const mine = await store.schedules(key);
        const lines: string[] = [];
        for (const s of mine) {
          const last = await store.lastRunOutcome(s.id);
          const line = fill(t.reportLine, {
            id: s.id,
            list: s.list,
            type: s.type,
            cron: s.cron,
            next: this.next(s.cron),
          });
          lines.push(
            last?.outcome === 'failed'
              ? `${line}${fill(t.lastRunFailed, { at: last.at.slice(0, 16).replace('T', ' '), detail: last.detail ?? '' })}`
              : line,
          );
        }
        await say(mine.length ? textReply(t.reportList, lines) : textReply(t.noReports));
        return;
      }
      case 'report_remove': {
        const mine = (await store.schedules(key)).find((s) => s.id === cmd.id);
        if (!mine) {
          await say(textReply(fill(t.reportUnknown, { id: cmd.id })));
          return;
        }
        await store.removeSchedule(cmd.id);
        await say(textReply(fill(t.reportRemoved, { id: cmd.id })));
        return;
      }
      case 'report_now': {
        const targets = await this.targets(cmd.list);
        if (!targets) {
          await say(textReply(fill(t.unknownList, { list: cmd.list })));
          return;
        }
        await this.report(adapter, conversation, cmd.list, targets, cmd.type, lang);
        return;
      }
      case 'watch': {
        const existing = (await store.watches(key)).find((w) => w.domain === cmd.domain);
        if (!existing)
          await store.addWatch({
            id: randomUUID().slice(0, 8),
            conversation: key,
            domain: cmd.domain,
            type: cmd.type,
            createdBy: `${conversation.platform}:${actor.id}`,
            createdAt: nowIso,
          });
        await say(textReply(fill(t.watchAdded, { domain: cmd.domain, type: cmd.type })));
        return;
      }
      case 'unwatch': {
        const w = (await store.watches(key)).find((x) => x.domain === cmd.domain);
        if (w) await store.removeWatch(w.id);
        await say(textReply(fill(w ? t.watchRemoved : t.watchUnknown, { domain: cmd.domain })));
        return;
      }
      case 'watches': {
        const ws = await store.watches(key);
        await say(textReply(ws.length ? fill(t.watchList, { list: ws.map((w) => w.domain).join(', ') }) : t.noWatches));
        return;
      }
      case 'exception': {
        await store.addException({
          id: randomUUID().slice(0, 8),
          domain: cmd.domain,
          standard: cmd.standard,
          reason: cmd.reason,
          until: cmd.until,
          createdBy: `${conversation.platform}:${actor.id}`,
          createdAt: nowIso,
          conversation: key,
        });
        await say(
          textReply(
            fill(t.exceptionAdded, {
              domain: cmd.domain,
              standard: cmd.standard,
              until: cmd.until.slice(0, 10),
              reason: cmd.reason,
            }),
          ),
        );
        return;
      }
      case 'list_add': {
        // Domains typed in the command, or a CSV/text file shared with it (organisation names kept).
        let targets: ScanTarget[] = cmd.domains.map((domain) => ({ domain }));
        let skipped = 0;
        if (targets.length === 0) {
          for (const f of files.slice(0, 3)) {
            const parsed = parseTargetFile(f.text);
            targets = [...targets, ...parsed.targets];
            skipped += parsed.problems.length;
          }
        }
        if (targets.length === 0) {
          await say(textReply(t.listEmpty));
          return;
        }
        await store.saveList(cmd.name, targets.slice(0, 5000), `${conversation.platform}:${actor.id}`, nowIso);
        await say(
          textReply(
            fill(t.listSaved, { name: cmd.name, count: Math.min(targets.length, 5000) }),
            skipped ? [fill(t.listSkipped, { n: skipped })] : [],
          ),
        );
        return;
      }
      default:
        return;
    }
  }

  /** Scan a list and post its summary card, with the chart and the CSV of every row in its thread. */
  async report(
    adapter: ChatAdapter,
    conversation: Conversation,
    list: string,
    targets: ScanTarget[],
    type: ScanType,
    lang: Lang,
    persist = false,
    run?: { scheduleId: string; runKey: string; message?: MessageRef },
  ): Promise<void> {
    const t = T[lang];
    const store = this.deps.store;
    // A scheduled summary has nobody waiting for it in the chat: a failed post is tried again.
    const send = <R>(c: Conversation, call: () => Promise<R>): Promise<R> =>
      persist ? this.sendPersistently(c, call) : this.send(c, call);
    const scanningText = textReply(fill(t.scanning, { list, done: 0, total: targets.length }));
    // A run taken over from a process that stopped goes on in the card that process posted.
    let progress: MessageRef;
    if (run?.message) {
      progress = run.message;
      await send(conversation, () => adapter.update(run.message as MessageRef, scanningText));
    } else {
      progress = await send(conversation, () => adapter.post(conversation, scanningText));
      if (run)
        await store.setRunMessage(run.scheduleId, run.runKey, { conversation: progress.conversation, id: progress.id });
    }
    let lastTenth = 0;
    const running = `${list}|${type}`;
    let scan = this.scans.get(running);
    if (scan) {
      await send(conversation, () => adapter.update(progress, textReply(fill(t.joined, { list }))));
    } else {
      scan = this.deps.scan(list, targets, type, (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > lastTenth && done < total) {
          lastTenth = tenth;
          // A lost progress update does not stop the scan; the operator hears of it.
          void this.send(conversation, () =>
            adapter.update(progress, textReply(fill(t.scanning, { list, done, total }))),
          ).catch((err: unknown) => this.deps.log?.warn({ list, ...errorFields(err) }, 'progress update failed'));
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
    const scanId = await scan;
    const at = new Date(this.deps.now()).toISOString();
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
    await send(conversation, () => adapter.update(progress, summaryReply(summary, lang)));
    const thread = { ...conversation, thread: progress.id };
    const day = at.slice(0, 10);
    await send(conversation, () =>
      adapter.uploadFile(thread, {
        name: `mailcheck-${list}-${day}.png`,
        contentType: 'image/png',
        data: renderChart(summary, trend, lang),
        title: `${list} ${day}`,
      }),
    );
    await send(conversation, () =>
      adapter.uploadFile(thread, {
        name: `mailcheck-${list}-${day}.csv`,
        contentType: 'text/csv',
        data: Buffer.from(summaryCsv(rows)),
        title: `${list} ${day}`,
      }),
    );
    if (summary.counts.regressions > 0) {
      const names = summary.regressions.map((c) => `${c.org ?? c.domain} (${c.standard})`).join(', ');
      await send(conversation, () => adapter.replyInThread(progress, textReply(fill(t.regressions, { list: names }))));
    }
  }

  /** Scheduled reports: each due one runs once, into the conversation it was made in. */
  async tickSchedules(now: number): Promise<string[]> {
    const started = await tick(
      {
        store: this.deps.store,
        tz: this.deps.tz,
        ...(this.deps.owner ? { owner: this.deps.owner } : {}),
        run: (s: Schedule, runKey: string) => this.runSchedule(s, runKey),
      },
      now,
    );
    // Runs whose process stopped (killed mid-scan, frozen): taken over one at a time, a few per tick.
    const lease = this.deps.leaseMs ?? 90_000;
    for (let i = 0; i < 5; i++) {
      const at = this.deps.now();
      const stale = await this.deps.store.takeOverRun(
        new Date(at - lease).toISOString(),
        new Date(at - TAKE_OVER_WITHIN_MS).toISOString(),
        new Date(at).toISOString(),
        this.deps.owner ?? 'unknown',
      );
      if (!stale) break;
      const s = (await this.deps.store.schedules()).find((x) => x.id === stale.scheduleId);
      if (!s) continue;
      this.deps.log?.warn(
        { schedule: s.id, runKey: stale.runKey, previousOwner: stale.previousOwner },
        'scheduled run taken over from a process that stopped',
      );
      const message = stale.message as { conversation?: Conversation; id?: unknown } | undefined;
      await this.runSchedule(
        s,
        stale.runKey,
        message?.conversation && typeof message.id === 'string'
          ? { conversation: message.conversation, id: message.id }
          : undefined,
      );
      started.push(`${s.id}@${stale.runKey} (taken over)`);
    }
    return started;
  }

  /** One scheduled run, claimed by this process: scan, summary, and its outcome in the store. */
  private async runSchedule(s: Schedule, runKey: string, message?: MessageRef): Promise<void> {
    const where = await this.target(s.conversation);
    const targets = await this.targets(s.list);
    if (!where || !targets) return;
    // Alive: said every third of the lease, so that only a stopped process loses its run.
    const lease = this.deps.leaseMs ?? 90_000;
    const beat = setInterval(() => {
      this.deps.store
        .heartbeatRun(s.id, runKey, new Date(this.deps.now()).toISOString())
        .catch((err: unknown) => this.deps.log?.warn({ schedule: s.id, ...errorFields(err) }, 'heartbeat failed'));
    }, lease / 3);
    beat.unref();
    try {
      await this.report(where.adapter, where.conversation, s.list, targets, s.type, where.lang, true, {
        scheduleId: s.id,
        runKey,
        ...(message ? { message } : {}),
      });
      await this.deps.store.finishRun(s.id, runKey, 'posted');
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

  /** The outbound queue, with bounded tries after failures other than rate limits (those wait in `send`). */
  private sendPersistently<R>(conversation: Conversation, call: () => Promise<R>): Promise<R> {
    return withRetry(() => this.send(conversation, call), {
      delaysMs: this.deps.retryDelaysMs ?? RETRY_DELAYS_MS,
      retryable: (err) => !(err instanceof ConversationGoneError),
      onRetry: (err, attempt) =>
        this.deps.log?.warn({ attempt: attempt + 1, ...errorFields(err) }, 'post failed, trying again'),
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
  }

  /** The bot was removed from a conversation: stop what would post there. */
  async forget(conversation: string): Promise<void> {
    await this.deps.store.markConversationDead(conversation);
    await this.deps.store.removeSchedulesOf(conversation);
  }

  /** Watches: each re-checked once a day; a post only when a required test changes between passed and failed. */
  async tickWatches(now: number): Promise<number> {
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.deps.tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
    let posted = 0;
    for (const w of await this.deps.store.watches()) {
      if (!(await this.deps.store.claimRun(`watch:${w.id}`, day, new Date(now).toISOString()))) continue;
      const reports = await this.deps.check(w.domain, w.type);
      if (await this.compareWatch(w, reports)) posted++;
      await this.announceFixes(w.domain, reports);
    }
    return posted;
  }

  private async compareWatch(w: Watch, reports: Report[]): Promise<boolean> {
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
      const where = await this.target(w.conversation);
      if (where) {
        const { adapter, conversation, lang } = where;
        const t = T[lang];
        const cat = CATALOGUES[lang];
        const word = (s: string): string => BOT_TEXTS[lang].statusWord[s] ?? s;
        const lines = changed.map(([id, s]) =>
          fill(t.change, { test: cat.tests[id] ?? id, from: word(w.last?.[id] ?? ''), to: word(s) }),
        );
        const diffs = Object.keys({ ...w.lastObserved, ...observed })
          .filter((k) => (w.lastObserved?.[k] ?? '') !== (observed[k] ?? ''))
          .map((k) =>
            fill(t.recordChanged, { kind: k, before: w.lastObserved?.[k] ?? '-', after: observed[k] ?? '-' }),
          );
        const reply: Reply = { ...textReply(fill(t.watchChanged, { domain: w.domain }), lines), code: diffs };
        try {
          const posted = thread
            ? await this.send(conversation, () => adapter.replyInThread({ conversation, id: thread as string }, reply))
            : await this.send(conversation, () => adapter.post(conversation, reply));
          thread = thread ?? posted.id;
        } catch (err) {
          if (err instanceof ConversationGoneError) await this.forget(w.conversation);
          else throw err;
        }
      }
    }
    await this.deps.store.updateWatch(w.id, statuses, observed, thread);
    return changed.length > 0;
  }

  async claim(c: { domain: string; user: string; conversation: string; thread: string; at: number }): Promise<void> {
    await this.deps.store.addClaim({
      domain: c.domain,
      test: '*',
      user: c.user,
      conversation: c.conversation,
      thread: c.thread,
      claimedAt: new Date(c.at).toISOString(),
    });
  }

  /** "I'm on it" claims are announced as fixed, in the card's thread, once the domain passes. */
  async announceFixes(domain: string, reports: Report[]): Promise<void> {
    const failing = reports.some((r) =>
      Object.entries(r.tests).some(([id, t]) => specOf(id).level === 'required' && t.status === 'failed'),
    );
    if (failing || reports.length === 0) return;
    const claims = await this.deps.store.openClaims(domain);
    if (claims.length === 0) return;
    const byConversation = new Map<string, typeof claims>();
    for (const c of claims)
      byConversation.set(`${c.conversation}|${c.thread ?? ''}`, [
        ...(byConversation.get(`${c.conversation}|${c.thread ?? ''}`) ?? []),
        c,
      ]);
    for (const group of byConversation.values()) {
      const first = group[0] as (typeof claims)[number];
      const where = await this.target(first.conversation);
      if (where) {
        const { adapter, conversation } = where;
        const reply = textReply(fill(T[where.lang].fixed, { domain, users: group.map((c) => c.user).join(', ') }));
        await this.send(conversation, () =>
          first.thread
            ? adapter.replyInThread({ conversation, id: first.thread }, reply)
            : adapter.post(conversation, reply),
        ).catch((err: unknown) =>
          this.deps.log?.warn(
            { domain, conversation: first.conversation, ...errorFields(err) },
            'fix announcement could not be posted',
          ),
        );
      }
      for (const c of group)
        await this.deps.store.markClaimFixed(c.domain, c.test, new Date(this.deps.now()).toISOString());
    }
  }
}
