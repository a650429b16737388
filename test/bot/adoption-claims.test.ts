import { strict as assert } from 'node:assert';
import { Adoption } from '../../src/bot/adoption';
import { SqliteStore } from '../../src/store/sqlite';
import type { ChatAdapter, Conversation, MessageRef, Reply } from '../../src/bot/types';
import type { Report } from '../../src/report/types';

/** A recording adapter: a fake built from data, not a mock. */
class RecordingAdapter implements ChatAdapter {
  readonly platform = 'web' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: false, files: false };
  readonly posts: { conversation: Conversation; thread?: string; text: string }[] = [];
  async start(): Promise<void> {
    /* nothing to listen to */
  }
  async stop(): Promise<void> {
    /* nothing to stop */
  }
  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    this.posts.push({ conversation, text: reply.fallback });
    return { conversation, id: `m${this.posts.length}` };
  }
  async update(): Promise<void> {
    /* not used here */
  }
  async replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef> {
    this.posts.push({ conversation: ref.conversation, thread: ref.id, text: reply.fallback });
    return { conversation: ref.conversation, id: `m${this.posts.length}` };
  }
  async respondPrivately(): Promise<void> {
    /* not used here */
  }
  async uploadFile(): Promise<void> {
    /* not used here */
  }
}

const report = (status: 'passed' | 'failed'): Report => ({
  type: 'mail',
  startedAt: '2026-11-28T10:00:00.000Z',
  durationMs: 1,
  guideline: 'ncsc-2025',
  score: 100,
  categories: {},
  tests: {
    mail_auth_dmarc_policy: { status, reason: 'x', details: {} },
    mail_dnssec_mailto_valid: { status: 'error', reason: 'dns_error', details: {} },
  },
  custom: {},
  pending: [],
  dnsQueries: 1,
});

describe('"I\'m on it" claims are announced as fixed once the domain passes', () => {
  it("in the card's thread, once, naming who took it on", async () => {
    const store = new SqliteStore(':memory:');
    const adapter = new RecordingAdapter();
    const adoption = new Adoption(
      {
        store,
        now: () => Date.parse('2026-11-28T10:00:00Z'),
        tz: 'Europe/Amsterdam',
        admins: [],
        check: async () => [],
        scan: async () => 'none',
      },
      (_c, call) => call(),
    );
    adoption.register(adapter);
    const conversation: Conversation = { platform: 'web', workspace: 'local', channel: 'chat' };
    await adoption.remember(conversation, 'nl');
    await adoption.claim({
      domain: 'gemeente.nl',
      user: 'Anne',
      conversation: 'web:local:chat',
      thread: 'card-7',
      at: Date.parse('2026-11-28T09:00:00Z'),
    });
    await adoption.announceFixes('gemeente.nl', [report('failed')]);
    assert.equal(adapter.posts.length, 0, 'still failing: nothing to say');
    await adoption.announceFixes('gemeente.nl', [report('passed')]);
    assert.deepEqual(
      adapter.posts.map((p) => [p.thread, p.text]),
      [['card-7', 'gemeente.nl is nu in orde; Anne had het opgepakt. Dank!']],
    );
    await adoption.announceFixes('gemeente.nl', [report('passed')]);
    assert.equal(adapter.posts.length, 1, 'announced once');
    await store.close();
  });
});
