import { errorFields } from '../log';
import type { Lang } from '../config';
import type { Report } from '../report/types';
import { CATALOGUES } from '../report/render-text';
import type { ScanTarget, ScanType } from '../store/types';
import { parseTargetFile } from '../adoption/targets';
import {
  AdoptionService,
  MAX_SCHEDULES_PER_CONVERSATION as MAX_HERE,
  MAX_SCHEDULES_PER_WORKSPACE as MAX_WORKSPACE,
  type AddScheduleOutcome,
  type AdoptionServiceDeps,
} from '../adoption/service';
import type { ListSummary, NoticeRef, Notifier, SummaryNotice, WatchChange } from '../adoption/notifier';
import { renderChart } from '../adoption/chart';
import { summaryCsv, summaryReply } from './summary-reply';
import { textReply } from './replies';
import { fill } from '../report/texts/catalogue';
import { withRetry } from '../retry';
import { BOT_TEXTS } from './texts';
import {
  ConversationGoneError,
  conversationKey,
  type Actor,
  type ChatAdapter,
  type Command,
  type Conversation,
  type MessageRef,
  type Platform,
  type Reply,
} from './types';

/**
 * Reports, watches, exceptions and lists in chat: the translation between chat commands and the
 * adoption service (src/adoption/service.ts), and between its artefacts and replies. This class is
 * also the service's Notifier for the conversations of this process's adapters. Creating and removing
 * is for the conversation's managers and configured admins; reading is open to everyone.
 */
/** The service's needs, and what the chat side adds: who may always manage, and how a failed post is retried. */
export interface AdoptionDeps extends AdoptionServiceDeps {
  /** `platform:userId` (or a bare user id) of people who may always manage. */
  admins: readonly string[];
  /** Waits before each new try of a scheduled summary's post that failed (platform 5xx, network). */
  retryDelaysMs?: readonly number[];
  /** How to wait (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
}

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

/** Kept here too for callers that import it from the adoption module. */
export { conversationKey };
export { MAX_SCHEDULES_PER_CONVERSATION, MAX_SCHEDULES_PER_WORKSPACE } from '../adoption/service';

export class Adoption implements Notifier {
  private readonly adapters = new Map<Platform, ChatAdapter>();
  readonly service: AdoptionService;

  constructor(
    private readonly deps: AdoptionDeps,
    private readonly send: Send,
  ) {
    this.service = new AdoptionService(deps);
  }

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

  private next(at: number | undefined): string {
    return at === undefined
      ? '-'
      : new Intl.DateTimeFormat('nl-NL', { timeZone: this.deps.tz, dateStyle: 'medium', timeStyle: 'short' }).format(
          at,
        );
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
    const by = `${conversation.platform}:${actor.id}`;
    const service = this.service;
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
        const added: AddScheduleOutcome = await service.addSchedule({
          conversation: key,
          workspace: `${conversation.platform}:${conversation.workspace}:`,
          list: cmd.list,
          type: cmd.type,
          when: cmd.when,
          createdBy: by,
        });
        if (!added.ok) {
          const text =
            added.reason === 'unknown_list'
              ? fill(t.unknownList, { list: cmd.list })
              : added.reason === 'bad_when'
                ? fill(t.badWhen, { error: added.detail })
                : added.reason === 'too_often'
                  ? t.tooOften
                  : added.reason === 'too_many_here'
                    ? fill(t.tooManyHere, { max: MAX_HERE })
                    : fill(t.tooManyWorkspace, { max: MAX_WORKSPACE });
          await say(textReply(text));
          return;
        }
        const s = added.schedule;
        await say(
          textReply(
            fill(t.reportAdded, {
              id: s.id,
              list: s.list,
              type: s.type,
              cron: s.cron,
              tz: this.deps.tz,
              next: this.next(added.next),
            }),
          ),
        );
        return;
      }
      case 'report_list': {
        const mine = await service.schedulesOf(key);
        const lines = mine.map(({ schedule: s, next, last }) => {
          const line = fill(t.reportLine, {
            id: s.id,
            list: s.list,
            type: s.type,
            cron: s.cron,
            next: this.next(next),
          });
          return last?.outcome === 'failed'
            ? `${line}${fill(t.lastRunFailed, { at: last.at.slice(0, 16).replace('T', ' '), detail: last.detail ?? '' })}`
            : line;
        });
        await say(mine.length ? textReply(t.reportList, lines) : textReply(t.noReports));
        return;
      }
      case 'report_remove': {
        const removed = await service.removeSchedule(key, cmd.id);
        await say(textReply(fill(removed ? t.reportRemoved : t.reportUnknown, { id: cmd.id })));
        return;
      }
      case 'report_now': {
        const targets = await service.targets(cmd.list);
        if (!targets) {
          await say(textReply(fill(t.unknownList, { list: cmd.list })));
          return;
        }
        await this.summariseNow(adapter, conversation, cmd.list, targets, cmd.type, lang);
        return;
      }
      case 'watch': {
        await service.watch(key, cmd.domain, cmd.type, by);
        await say(textReply(fill(t.watchAdded, { domain: cmd.domain, type: cmd.type })));
        return;
      }
      case 'unwatch': {
        const removed = await service.unwatch(key, cmd.domain);
        await say(textReply(fill(removed ? t.watchRemoved : t.watchUnknown, { domain: cmd.domain })));
        return;
      }
      case 'watches': {
        const ws = await service.watchesOf(key);
        await say(textReply(ws.length ? fill(t.watchList, { list: ws.map((w) => w.domain).join(', ') }) : t.noWatches));
        return;
      }
      case 'exception': {
        await service.addException({
          conversation: key,
          domain: cmd.domain,
          standard: cmd.standard,
          reason: cmd.reason,
          until: cmd.until,
          createdBy: by,
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
        const count = await service.saveList(cmd.name, targets, by);
        await say(
          textReply(fill(t.listSaved, { name: cmd.name, count }), skipped ? [fill(t.listSkipped, { n: skipped })] : []),
        );
        return;
      }
      default:
        return;
    }
  }

  /** `rapport nu`: scan a list and post its summary card here, with the chart and the CSV in its thread. */
  async summariseNow(
    adapter: ChatAdapter,
    conversation: Conversation,
    list: string,
    targets: ScanTarget[],
    type: ScanType,
    lang: Lang,
  ): Promise<void> {
    const notifier: Notifier = {
      beginSummary: (_c, l, total) => this.begin(adapter, conversation, lang, l, total, false),
      watchChanged: (c, change) => this.watchChanged(c, change),
      fixed: (c, thread, domain, users) => this.fixed(c, thread, domain, users),
    };
    await this.service.summariseInto(notifier, conversationKey(conversation), list, targets, type);
  }

  // Notifier: the service's artefacts as replies, in the stored conversation's language.

  /** A scheduled summary: the conversation is looked up by its key; a failed post is tried again. */
  async beginSummary(key: string, list: string, total: number, resume?: NoticeRef): Promise<SummaryNotice | undefined> {
    const where = await this.target(key);
    if (!where) return undefined;
    return this.begin(where.adapter, where.conversation, where.lang, list, total, true, resume);
  }

  private async begin(
    adapter: ChatAdapter,
    conversation: Conversation,
    lang: Lang,
    list: string,
    total: number,
    persist: boolean,
    resume?: NoticeRef,
  ): Promise<SummaryNotice> {
    const t = T[lang];
    // A scheduled summary has nobody waiting for it in the chat: a failed post is tried again.
    const send = <R>(call: () => Promise<R>): Promise<R> =>
      persist ? this.sendPersistently(conversation, call) : this.send(conversation, call);
    const scanning = textReply(fill(t.scanning, { list, done: 0, total }));
    // A run taken over from a process that stopped goes on in the card that process posted.
    const resumed = resume as { conversation?: Conversation; id?: unknown } | undefined;
    let progress: MessageRef;
    if (resumed?.conversation && typeof resumed.id === 'string') {
      progress = { conversation: resumed.conversation, id: resumed.id };
      await send(() => adapter.update(progress, scanning));
    } else progress = await send(() => adapter.post(conversation, scanning));
    return {
      ref: { conversation: progress.conversation, id: progress.id },
      progress: (done, n) => {
        // A lost progress update does not stop the scan; the operator hears of it.
        void this.send(conversation, () =>
          adapter.update(progress, textReply(fill(t.scanning, { list, done, total: n }))),
        ).catch((err: unknown) => this.deps.log?.warn({ list, ...errorFields(err) }, 'progress update failed'));
      },
      joined: () => send(() => adapter.update(progress, textReply(fill(t.joined, { list })))),
      finish: (result: ListSummary) => this.finishSummary(adapter, conversation, progress, lang, result, send),
    };
  }

  private async finishSummary(
    adapter: ChatAdapter,
    conversation: Conversation,
    progress: MessageRef,
    lang: Lang,
    r: ListSummary,
    send: <R>(call: () => Promise<R>) => Promise<R>,
  ): Promise<void> {
    await send(() => adapter.update(progress, summaryReply(r.summary, lang)));
    const thread = { ...conversation, thread: progress.id };
    const day = r.at.slice(0, 10);
    await send(() =>
      adapter.uploadFile(thread, {
        name: `mailcheck-${r.list}-${day}.png`,
        contentType: 'image/png',
        data: renderChart(r.summary, r.trend, lang),
        title: `${r.list} ${day}`,
      }),
    );
    await send(() =>
      adapter.uploadFile(thread, {
        name: `mailcheck-${r.list}-${day}.csv`,
        contentType: 'text/csv',
        data: Buffer.from(summaryCsv(r.rows)),
        title: `${r.list} ${day}`,
      }),
    );
    if (r.summary.counts.regressions > 0) {
      const names = r.summary.regressions.map((c) => `${c.org ?? c.domain} (${c.standard})`).join(', ');
      await send(() => adapter.replyInThread(progress, textReply(fill(T[lang].regressions, { list: names }))));
    }
  }

  async watchChanged(key: string, change: WatchChange): Promise<string | undefined> {
    const where = await this.target(key);
    if (!where) return undefined;
    const { adapter, conversation, lang } = where;
    const t = T[lang];
    const cat = CATALOGUES[lang];
    const word = (s: string): string => BOT_TEXTS[lang].statusWord[s] ?? s;
    const lines = change.changes.map((c) =>
      fill(t.change, { test: cat.tests[c.test] ?? c.test, from: word(c.from), to: word(c.to) }),
    );
    const diffs = change.records.map((r) =>
      fill(t.recordChanged, { kind: r.kind, before: r.before ?? '-', after: r.after ?? '-' }),
    );
    const reply: Reply = { ...textReply(fill(t.watchChanged, { domain: change.domain }), lines), code: diffs };
    const thread = change.thread;
    const posted = thread
      ? await this.send(conversation, () => adapter.replyInThread({ conversation, id: thread }, reply))
      : await this.send(conversation, () => adapter.post(conversation, reply));
    return thread ?? posted.id;
  }

  async fixed(key: string, thread: string | undefined, domain: string, users: string[]): Promise<void> {
    const where = await this.target(key);
    if (!where) return;
    const { adapter, conversation } = where;
    const reply = textReply(fill(T[where.lang].fixed, { domain, users: users.join(', ') }));
    await this.send(conversation, () =>
      thread ? adapter.replyInThread({ conversation, id: thread }, reply) : adapter.post(conversation, reply),
    );
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

  // The scheduled work and the claims, driven from the composition root and the core.

  tickSchedules(now: number): Promise<string[]> {
    return this.service.tickSchedules(now, this);
  }

  tickWatches(now: number): Promise<number> {
    return this.service.tickWatches(now, this);
  }

  forget(conversation: string): Promise<void> {
    return this.service.forget(conversation);
  }

  claim(c: { domain: string; user: string; conversation: string; thread: string; at: number }): Promise<void> {
    return this.service.claim(c);
  }

  announceFixes(domain: string, reports: Report[]): Promise<void> {
    return this.service.announceFixes(this, domain, reports);
  }
}
