import type { Lang } from '../config';
import type { EngineEvent, Report, TestResult } from '../report/types';
import type { Store } from '../store/types';
import { parseCommand } from './grammar';
import { cardReply, explainReply, fixReply, helpReply, textReply, type CardState } from './replies';
import { BOT_TEXTS } from './texts';
import { fill } from '../report/texts/catalogue';
import { Adoption, conversationKey } from './adoption';
import { withRetry } from '../retry';
import { randomBytes } from 'node:crypto';
import { errorFields, referenceId, silentLogger, type Logger } from '../log';
import {
  RateLimitedError,
  type ChatAdapter,
  type CheckType,
  type Conversation,
  type Inbound,
  type InboundAction,
  type InboundMessage,
  type MessageRef,
  type Reply,
} from './types';

export interface BotLimits {
  /** Checks one user may have running at once. */
  perUser: number;
  /** Checks one workspace may have running at once; more wait in a visible queue. */
  perWorkspace: number;
  /** A repeated check of the same domain within this time is answered from the run cache. */
  cacheMs: number;
  /** Least time between two in-place updates of a card while results stream in. */
  updateIntervalMs: number;
}

export interface BotDeps {
  runCheck(domain: string, type: CheckType): AsyncIterable<EngineEvent>;
  now(): number;
  defaultLang: Lang;
  limits?: Partial<BotLimits>;
  /** Reports, watches, exceptions and claims kept in the store; without it those commands are not offered. */
  adoption?: (send: <T>(conversation: Conversation, call: () => Promise<T>) => Promise<T>) => Adoption;
  /**
   * The store's memory of delivered event ids (Store.firstDelivery): platform retries are answered once
   * across restarts. Without it, only this process remembers.
   */
  firstDelivery?: (key: string, at: number, windowMs: number) => Promise<boolean>;
  log?: Logger;
  /**
   * Where finished cards are kept (the Store), so a button works on whichever replica receives the
   * click and after a restart. Without it, only this process knows its cards.
   */
  cards?: Pick<Store, 'saveCard' | 'card'>;
}

/** Slack retries a delivery for up to about an hour (three retries, backing off); Teams within minutes. */
const RETRY_WINDOW_MS = 2 * 60 * 60_000;

interface Session {
  state: CardState;
  ref: MessageRef;
  adapter: ChatAdapter;
  finishedAt?: number;
}

const DEFAULT_LIMITS: BotLimits = { perUser: 2, perWorkspace: 4, cacheMs: 5 * 60_000, updateIntervalMs: 700 };
const MAX_SEEN = 10_000;
const MAX_SESSIONS = 2_000;
const MAX_RETRIES = 3;
const MAX_RETRY_WAIT_MS = 30_000;

/**
 * The bot: turns inbound events into replies, the same for every platform. It decides; adapters only
 * translate. One handler for all errors: a failure answers the user, it never crashes the process.
 */
export class BotCore {
  private readonly limits: BotLimits;
  private readonly seen = new Set<string>();
  private readonly langs = new Map<string, Lang>();
  private readonly sessions = new Map<string, Session>();
  private readonly outbound = new Map<string, Promise<unknown>>();
  private readonly runningByUser = new Map<string, number>();
  private readonly runningByWorkspace = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private nextCheck = 1;
  readonly adoption?: Adoption;

  constructor(private readonly deps: BotDeps) {
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
    if (deps.adoption) this.adoption = deps.adoption((c, call) => this.send(c, call));
  }

  async attach(adapter: ChatAdapter): Promise<void> {
    this.adoption?.register(adapter);
    await adapter.start((event) => this.handle(adapter, event));
  }

  async handle(adapter: ChatAdapter, event: Inbound): Promise<void> {
    // Platforms retry deliveries with the same id (Slack event_id); answer each once.
    const key = `${adapter.platform}:${event.eventId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.values().next().value as string);
    const log = this.deps.log ?? silentLogger;
    try {
      if (this.deps.firstDelivery && !(await this.deps.firstDelivery(key, this.deps.now(), RETRY_WINDOW_MS))) return;
    } catch (err) {
      // The store could not tell: answering twice is better than not at all.
      log.warn({ ...errorFields(err) }, 'event de-duplication store failed');
    }
    try {
      if (event.kind === 'message') await this.onMessage(adapter, event);
      else if (event.kind === 'removed') await this.adoption?.forget(conversationKey(event.conversation));
      else await this.onAction(adapter, event);
    } catch (err) {
      // Last resort: a short apology with a reference in the conversation, the error itself only in the
      // operator's log (a raw message, such as "database is locked", never reaches the chat).
      const lang = await this.langOf(event.conversation).catch(() => this.deps.defaultLang);
      const ref = referenceId();
      log.error({ ref, platform: adapter.platform, event: event.kind, ...errorFields(err) }, 'event failed');
      await this.send(event.conversation, () =>
        adapter.post(event.conversation, textReply(fill(BOT_TEXTS[lang].failed, { ref }))),
      ).catch((e: unknown) => log.warn({ ref, ...errorFields(e) }, 'could not post the apology'));
    }
  }

  /** The conversation's language: `taal en` is kept in the store, so it survives a restart. */
  private async langOf(c: Conversation): Promise<Lang> {
    const key = conversationKey(c);
    // With a store, it is the truth: another replica may have changed the language since.
    if (this.adoption) {
      const stored = await this.adoption.language(key);
      if (stored) this.langs.set(key, stored);
      return stored ?? this.langs.get(key) ?? this.deps.defaultLang;
    }
    return this.langs.get(key) ?? this.deps.defaultLang;
  }

  private async onMessage(adapter: ChatAdapter, msg: InboundMessage): Promise<void> {
    if (msg.fromBot) return;
    const lang = await this.langOf(msg.conversation);
    const cmd = parseCommand(msg.text);
    const say = (reply: Reply): Promise<MessageRef> =>
      this.send(msg.conversation, () => adapter.post(msg.conversation, reply));
    await this.adoption?.remember(msg.conversation, lang, adapter.exportReference?.(msg.conversation));
    switch (cmd.kind) {
      case 'help':
        await say(helpReply(lang));
        return;
      case 'explain':
        await say(explainReply(cmd.standard, lang));
        return;
      case 'lang':
        this.langs.set(conversationKey(msg.conversation), cmd.lang);
        await this.adoption?.remember(msg.conversation, cmd.lang, adapter.exportReference?.(msg.conversation));
        await say(textReply(BOT_TEXTS[cmd.lang].langSet));
        return;
      case 'invalid':
        await say(textReply(fill(BOT_TEXTS[lang].invalid[cmd.reason], { detail: cmd.detail ?? '' })));
        return;
      case 'check':
        await this.check(adapter, msg, cmd.domain, cmd.type, lang);
        return;
      default:
        if (this.adoption) await this.adoption.handle(adapter, msg.conversation, msg.actor, cmd, lang, msg.files);
        else await say(textReply(fill(BOT_TEXTS[lang].invalid.unknown_command, { detail: cmd.kind })));
    }
  }

  private async check(
    adapter: ChatAdapter,
    msg: InboundMessage,
    domain: string,
    type: CheckType,
    lang: Lang,
  ): Promise<void> {
    const cached = this.fromCache(domain, type);
    if (cached) {
      const state: CardState = {
        ...cached.state,
        checkId: this.newCheckId(),
        claimers: [],
        cachedMinutes: Math.floor((this.deps.now() - (cached.finishedAt ?? 0)) / 60_000),
      };
      const ref = await this.send(msg.conversation, () => adapter.post(msg.conversation, cardReply(state, lang)));
      this.remember({ state, ref, adapter, finishedAt: cached.finishedAt ?? this.deps.now() });
      return;
    }
    const user = `${msg.conversation.platform}:${msg.conversation.workspace}:${msg.actor.id}`;
    if ((this.runningByUser.get(user) ?? 0) >= this.limits.perUser) {
      // Only the asker needs to know: said privately where the platform can.
      await this.send(msg.conversation, () =>
        adapter.respondPrivately(
          msg.conversation,
          msg.actor,
          textReply(fill(BOT_TEXTS[lang].busyUser, { count: this.limits.perUser })),
        ),
      );
      return;
    }
    const state: CardState = {
      domain,
      type,
      results: new Map(),
      reports: [],
      checkId: this.newCheckId(),
      claimers: [],
    };
    const ref = await this.send(msg.conversation, () => adapter.post(msg.conversation, cardReply(state, lang)));
    const session: Session = { state, ref, adapter };
    this.remember(session);
    await this.withSlot(user, msg.conversation, adapter, lang, () => this.run(session));
  }

  /** Run the engine for a session, updating its card in place as results arrive. */
  private async run(session: Session): Promise<void> {
    const { state, ref, adapter } = session;
    state.results = new Map();
    state.reports = [];
    let lastUpdate = 0;
    const lang = await this.langOf(ref.conversation);
    // Throttled while streaming; the final update below always goes out.
    const update = async (force: boolean): Promise<void> => {
      const now = this.deps.now();
      if (!force && now - lastUpdate < this.limits.updateIntervalMs) return;
      lastUpdate = now;
      await this.send(ref.conversation, () => adapter.update(ref, cardReply(state, lang)));
    };
    for await (const ev of this.deps.runCheck(state.domain, state.type)) {
      if (ev.kind === 'test') {
        state.results.set(ev.result.id, ev.result);
        await update(false);
      } else {
        state.reports.push(ev.report);
        for (const [id, t] of Object.entries(ev.report.tests)) state.results.set(id, { id, ...t } as TestResult);
      }
    }
    session.finishedAt = this.deps.now();
    await update(true);
    await this.persist(session);
    // The check's card is out; a failed fix announcement is the operator's to hear about, not the user's.
    await this.adoption
      ?.announceFixes(state.domain, state.reports)
      .catch((err: unknown) =>
        (this.deps.log ?? silentLogger).warn({ domain: state.domain, ...errorFields(err) }, 'fix announcements failed'),
      );
  }

  private async onAction(adapter: ChatAdapter, action: InboundAction): Promise<void> {
    const lang = await this.langOf(action.conversation);
    const found = this.sessions.get(action.value) ?? (await this.restore(action.value, adapter));
    // A button is honoured only in the conversation its card was posted in (ids from elsewhere are forged).
    const here = action.conversation;
    const session =
      found &&
      found.ref.conversation.platform === here.platform &&
      found.ref.conversation.workspace === here.workspace &&
      found.ref.conversation.channel === here.channel
        ? found
        : undefined;
    if (!session) {
      await this.send(action.conversation, () =>
        adapter.replyInThread(action.message, textReply(fill(BOT_TEXTS[lang].checkGone, { domain: '' }))),
      );
      return;
    }
    switch (action.action) {
      case 'fix':
        await this.send(session.ref.conversation, () =>
          adapter.replyInThread(session.ref, fixReply(session.state.domain, session.state.reports, lang)),
        );
        return;
      case 'claim': {
        const name = action.actor.name ?? action.actor.id;
        if (!session.state.claimers.includes(name)) session.state.claimers.push(name);
        // Kept in the store: the fix is announced in this card's thread when a later check passes.
        await this.adoption?.claim({
          domain: session.state.domain,
          user: name,
          conversation: conversationKey(session.ref.conversation),
          thread: session.ref.id,
          at: this.deps.now(),
        });
        await this.persist(session);
        await this.send(session.ref.conversation, () => adapter.update(session.ref, cardReply(session.state, lang)));
        return;
      }
      case 'recheck': {
        delete session.state.cachedMinutes;
        const user = `${action.conversation.platform}:${action.conversation.workspace}:${action.actor.id}`;
        await this.withSlot(user, action.conversation, adapter, lang, () => this.run(session));
        return;
      }
    }
  }

  /** A finished card into the store; a failure costs only the buttons on other replicas, and is logged. */
  private async persist(session: Session): Promise<void> {
    if (!this.deps.cards) return;
    const { domain, type, reports, claimers, checkId } = session.state;
    try {
      await this.deps.cards.saveCard({
        checkId,
        conversation: conversationKey(session.ref.conversation),
        ref: { conversation: session.ref.conversation, id: session.ref.id },
        state: { domain, type, reports, claimers },
        savedAt: new Date(session.finishedAt ?? this.deps.now()).toISOString(),
      });
    } catch (err) {
      (this.deps.log ?? silentLogger).warn({ checkId, ...errorFields(err) }, 'card could not be stored');
    }
  }

  /** A card another replica (or this one before a restart) posted, rebuilt from the store. */
  private async restore(checkId: string, adapter: ChatAdapter): Promise<Session | undefined> {
    if (!this.deps.cards || !/^c[A-Za-z0-9_-]{16}$/.test(checkId)) return undefined;
    const stored = await this.deps.cards.card(checkId);
    if (!stored) return undefined;
    const { domain, type, reports, claimers } = stored.state as {
      domain?: unknown;
      type?: unknown;
      reports?: unknown;
      claimers?: unknown;
    };
    const ref = stored.ref as { conversation?: Conversation; id?: unknown };
    if (
      typeof domain !== 'string' ||
      (type !== 'mail' && type !== 'web' && type !== 'all') ||
      !Array.isArray(reports) ||
      !ref.conversation ||
      typeof ref.id !== 'string'
    )
      return undefined;
    const results = new Map<string, TestResult>();
    for (const r of reports as Report[])
      for (const [id, t] of Object.entries(r.tests)) results.set(id, { id, ...t } as TestResult);
    const session: Session = {
      state: {
        domain,
        type,
        results,
        reports: reports as Report[],
        checkId,
        claimers: Array.isArray(claimers) ? claimers.filter((c): c is string => typeof c === 'string') : [],
      },
      ref: { conversation: ref.conversation, id: ref.id },
      adapter,
      finishedAt: Date.parse(stored.savedAt),
    };
    this.remember(session);
    return session;
  }

  private fromCache(domain: string, type: CheckType): Session | undefined {
    for (const s of [...this.sessions.values()].reverse()) {
      if (
        s.state.domain === domain &&
        s.state.type === type &&
        s.finishedAt !== undefined &&
        this.deps.now() - s.finishedAt < this.limits.cacheMs
      )
        return s;
    }
    return undefined;
  }

  /** Not guessable: a check id in a button value is the only key to its card. */
  private newCheckId(): string {
    this.nextCheck++;
    return `c${randomBytes(12).toString('base64url')}`;
  }

  private remember(session: Session): void {
    this.sessions.set(session.state.checkId, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }

  /** Bounded concurrency per user and per workspace; a waiting check says its place in the queue. */
  private async withSlot(
    user: string,
    conversation: Conversation,
    adapter: ChatAdapter,
    lang: Lang,
    work: () => Promise<void>,
  ): Promise<void> {
    const ws = `${conversation.platform}:${conversation.workspace}`;
    if ((this.runningByWorkspace.get(ws) ?? 0) >= this.limits.perWorkspace) {
      const queue = this.waiting.get(ws) ?? [];
      this.waiting.set(ws, queue);
      const position = queue.length + 1;
      await this.send(conversation, () =>
        adapter.post(conversation, textReply(fill(BOT_TEXTS[lang].queued, { position }))),
      );
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    this.runningByUser.set(user, (this.runningByUser.get(user) ?? 0) + 1);
    this.runningByWorkspace.set(ws, (this.runningByWorkspace.get(ws) ?? 0) + 1);
    try {
      await work();
    } finally {
      this.runningByUser.set(user, (this.runningByUser.get(user) ?? 1) - 1);
      this.runningByWorkspace.set(ws, (this.runningByWorkspace.get(ws) ?? 1) - 1);
      this.waiting.get(ws)?.shift()?.();
    }
  }

  /**
   * One outbound queue per conversation: calls run in order, and a platform's Retry-After is waited
   * out (bounded) before trying again.
   */
  private send<T>(conversation: Conversation, call: () => Promise<T>): Promise<T> {
    const key = conversationKey(conversation);
    const previous = this.outbound.get(key) ?? Promise.resolve();
    const run = (): Promise<T> =>
      withRetry(call, {
        delaysMs: Array.from({ length: MAX_RETRIES }, () => MAX_RETRY_WAIT_MS),
        retryable: (err) => err instanceof RateLimitedError,
        delayFor: (err) => Math.min((err as RateLimitedError).retryAfterMs, MAX_RETRY_WAIT_MS),
      });
    // After the previous call, whatever its outcome: its failure is its own caller's, who awaits it.
    const next = previous.then(run, run);
    this.outbound.set(key, next);
    const release = (): void => {
      if (this.outbound.get(key) === next) this.outbound.delete(key);
    };
    void next.then(release, release);
    return next;
  }
}
