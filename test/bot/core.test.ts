import { strict as assert } from 'node:assert';
import { BotCore } from '../../src/bot/core';
import {
  RateLimitedError,
  type Actor,
  type ChatAdapter,
  type Conversation,
  type Inbound,
  type MessageRef,
  type OutboundFile,
  type Reply,
} from '../../src/bot/types';
import type { EngineEvent, Report } from '../../src/report/types';

/** An adapter that records what the core asks of it; it can be told to answer 429 once. */
class RecordingAdapter implements ChatAdapter {
  readonly platform = 'web' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: true, files: true };
  readonly log: { op: string; id: string; headline: string; channel: string }[] = [];
  rateLimitOnce = false;
  private n = 0;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(c: Conversation, r: Reply): Promise<MessageRef> {
    if (this.rateLimitOnce) {
      this.rateLimitOnce = false;
      throw new RateLimitedError(10);
    }
    const id = `m${this.n++}`;
    this.log.push({ op: 'post', id, headline: r.headline, channel: c.channel });
    return { conversation: c, id };
  }
  async update(ref: MessageRef, r: Reply): Promise<void> {
    this.log.push({ op: 'update', id: ref.id, headline: r.headline, channel: ref.conversation.channel });
  }
  async replyInThread(ref: MessageRef, r: Reply): Promise<MessageRef> {
    return this.post({ ...ref.conversation, thread: ref.id }, r);
  }
  async respondPrivately(c: Conversation, u: Actor, r: Reply): Promise<void> {
    this.log.push({ op: `private:${u.id}`, id: '', headline: r.headline, channel: c.channel });
  }
  async uploadFile(c: Conversation, f: OutboundFile): Promise<void> {
    this.log.push({ op: 'file', id: f.name, headline: f.title, channel: c.channel });
  }
}

/** An engine whose checks finish only when released: lets the tests hold checks "running". */
function gatedEngine(): { run: (d: string) => AsyncIterable<EngineEvent>; release: () => void; started: string[] } {
  const gates: (() => void)[] = [];
  const started: string[] = [];
  return {
    started,
    release: () => gates.splice(0).forEach((g) => g()),
    run: async function* (domain: string) {
      started.push(domain);
      await new Promise<void>((r) => gates.push(r));
      const report: Report = {
        type: 'mail',
        startedAt: '2026-11-27T10:00:00.000Z',
        durationMs: 1,
        guideline: 'ncsc-2025',
        score: 100,
        categories: {},
        tests: { mail_auth_spf_exist: { status: 'passed', reason: 'record_found', details: {} } },
        custom: {},
        pending: [],
        dnsQueries: 1,
      };
      yield { kind: 'report', report };
    },
  };
}

const conv = (channel = 'c1'): Conversation => ({ platform: 'web', workspace: 'w', channel });
const msg = (text: string, user = 'u1', id = `${Math.random()}`, channel = 'c1'): Inbound => ({
  kind: 'message',
  eventId: id,
  conversation: conv(channel),
  actor: { id: user },
  text,
});
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('bot core', () => {
  it('answers a repeated check within five minutes from the cache, saying so', async () => {
    let now = 1_000_000;
    const engine = gatedEngine();
    const core = new BotCore({ runCheck: engine.run, now: () => now, defaultLang: 'en' });
    const a = new RecordingAdapter();
    const first = core.handle(a, msg('check gemeente.nl'));
    await tick();
    engine.release();
    await first;
    now += 2 * 60_000;
    await core.handle(a, msg('check gemeente.nl'));
    assert.equal(engine.started.length, 1, 'no second run');
    const cached = a.log.filter((l) => l.op === 'post').pop();
    assert.match(cached?.headline ?? '', /Mail test gemeente\.nl: 100%/);
    now += 10 * 60_000;
    const third = core.handle(a, msg('check gemeente.nl'));
    await tick();
    engine.release();
    await third;
    assert.equal(engine.started.length, 2, 'stale after five minutes');
  });

  it('limits checks per user, and queues past the workspace limit with a place number', async () => {
    const engine = gatedEngine();
    const core = new BotCore({
      runCheck: engine.run,
      now: () => 0,
      defaultLang: 'en',
      limits: { perUser: 1, perWorkspace: 2, cacheMs: 0 },
    });
    const a = new RecordingAdapter();
    const p1 = core.handle(a, msg('check a.nl', 'u1'));
    await tick();
    await core.handle(a, msg('check b.nl', 'u1'));
    assert.equal(a.log.at(-1)?.op, 'private:u1', 'told to the asker only');
    assert.match(a.log.at(-1)?.headline ?? '', /already have 1 tests running/);
    const p2 = core.handle(a, msg('check c.nl', 'u2'));
    const p3 = core.handle(a, msg('check d.nl', 'u3'));
    await tick();
    assert.deepEqual(engine.started, ['a.nl', 'c.nl'], 'two at once in this workspace');
    assert.ok(a.log.some((l) => /number 1 in the queue/.test(l.headline)));
    engine.release();
    await tick();
    assert.deepEqual(engine.started, ['a.nl', 'c.nl', 'd.nl'], 'the queued check starts when a slot frees');
    engine.release();
    await Promise.all([p1, p2, p3]);
  });

  it("waits out Retry-After and keeps one conversation's messages in order", async () => {
    const core = new BotCore({ runCheck: gatedEngine().run, now: () => 0, defaultLang: 'nl' });
    const a = new RecordingAdapter();
    a.rateLimitOnce = true;
    await Promise.all([core.handle(a, msg('hulp')), core.handle(a, msg('uitleg spf'))]);
    assert.deepEqual(
      a.log.map((l) => l.headline),
      [a.log[0]?.headline, 'SPF'],
    );
    assert.match(a.log[0]?.headline ?? '', /Ik test domeinen/);
  });

  it('remembers the language per conversation', async () => {
    const core = new BotCore({ runCheck: gatedEngine().run, now: () => 0, defaultLang: 'nl' });
    const a = new RecordingAdapter();
    await core.handle(a, msg('lang en', 'u1', 'e1', 'c1'));
    await core.handle(a, msg('help', 'u1', 'e2', 'c1'));
    await core.handle(a, msg('help', 'u1', 'e3', 'c2'));
    assert.match(a.log[1]?.headline ?? '', /^I test domains/);
    assert.match(a.log[2]?.headline ?? '', /^Ik test domeinen/);
  });

  it('keeps the language across a restart (issue 15 item 6: `taal en` was forgotten)', async () => {
    const { SqliteStore } = await import('../../src/store/sqlite');
    const { Adoption } = await import('../../src/bot/adoption');
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'mc-lang-')), 'bot.db');
    const boot = (store: InstanceType<typeof SqliteStore>) =>
      new BotCore({
        runCheck: gatedEngine().run,
        now: () => 0,
        defaultLang: 'nl',
        adoption: (send) =>
          new Adoption(
            { store, now: () => 0, tz: 'Europe/Amsterdam', admins: [], check: async () => [], scan: async () => 'x' },
            send,
          ),
      });
    const first = new SqliteStore(file);
    const a = new RecordingAdapter();
    await boot(first).handle(a, msg('taal en', 'u1', 'e1', 'c1'));
    await first.close();
    const second = new SqliteStore(file);
    await boot(second).handle(a, msg('help', 'u1', 'e2', 'c1'));
    await boot(second).handle(a, msg('help', 'u1', 'e3', 'c2'));
    assert.match(a.log[1]?.headline ?? '', /^I test domains/, 'c1 asked for English before the restart');
    assert.match(a.log[2]?.headline ?? '', /^Ik test domeinen/, 'c2 never did');
    await second.close();
  });

  it('says so when a button belongs to a check it no longer knows', async () => {
    const core = new BotCore({ runCheck: gatedEngine().run, now: () => 0, defaultLang: 'en' });
    const a = new RecordingAdapter();
    await core.handle(a, {
      kind: 'action',
      eventId: 'x',
      conversation: conv(),
      actor: { id: 'u1' },
      action: 'fix',
      value: 'c999',
      message: { conversation: conv(), id: 'm0' },
    });
    assert.match(a.log[0]?.headline ?? '', /no longer known/);
  });
});
