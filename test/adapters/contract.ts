import { strict as assert } from 'node:assert';
import { textReply } from '../../src/bot/replies';

/** What a harness saw the bot do on its platform, in neutral terms. */
export interface Observed {
  kind: 'post' | 'update' | 'private' | 'file';
  id: string;
  channel: string;
  thread?: string;
  text: string;
  actions: { id: string; value: string }[];
}

/** One platform's test rig: the bot with that adapter, and a fake of the platform around it. */
export interface Harness {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A user message, delivered as the platform delivers it. */
  say(text: string, opts?: { eventId?: string; fromBot?: boolean }): Promise<void>;
  /** A button press on a card. */
  press(action: string, value: string, messageId: string): Promise<void>;
  /** A message the bot sends on its own (scheduled reports, alerts). */
  proactive(text: string): Promise<void>;
  /** The adapter itself, for the port's other calls. */
  adapter(): import('../../src/bot/types').ChatAdapter;
  observed(): Observed[];
  /** The channel the harness's conversation lives in. */
  channel: string;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const finalCard = (o: Observed[], domain: string): Observed | undefined =>
  [...o]
    .reverse()
    .find((x) => x.text.includes(domain) && /\d+%/.test(x.text) && x.actions.some((a) => a.id === 'recheck'));

/**
 * The adapter contract (ARCHITECTURE.md principle 9): every adapter passes the same suite.
 * The engine behind the bot is the real one, on fixture DNS data.
 */
export function adapterContract(name: string, make: () => Harness): void {
  describe(`adapter contract: ${name}`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = make();
      await h.start();
    });
    afterEach(async () => h.stop());

    it('a command gets a card in the same conversation, filled in place', async () => {
      await h.say('/mailcheck goedgemeente.nl');
      const card = await waitFor('the final card', () => finalCard(h.observed(), 'goedgemeente.nl'));
      const first = h.observed().find((o) => o.kind === 'post');
      assert.ok(first, 'a placeholder was posted first');
      assert.equal(first.channel, h.channel);
      assert.equal(card.id, first.id, 'the card is updated in place, not posted again');
      assert.equal(card.kind, 'update');
      assert.match(card.text, /SPF/);
    });

    it('"how to fix" answers in the card\'s thread with the record to publish', async () => {
      await h.say('check zwakgemeente.nl');
      const card = await waitFor('the final card', () => finalCard(h.observed(), 'zwakgemeente.nl'));
      const fix = card.actions.find((a) => a.id === 'fix');
      assert.ok(fix, 'a failing domain offers "how to fix"');
      await h.press('fix', fix.value, card.id);
      const reply = await waitFor('the thread reply', () =>
        h.observed().find((o) => o.kind === 'post' && o.thread === card.id),
      );
      assert.match(reply.text, /_dmarc\.zwakgemeente\.nl\. IN TXT "v=DMARC1; p=quarantine/);
    });

    it('"I\'m on it" shows who picked it up, on the same card', async () => {
      await h.say('check zwakgemeente.nl');
      const card = await waitFor('the final card', () => finalCard(h.observed(), 'zwakgemeente.nl'));
      const claim = card.actions.find((a) => a.id === 'claim');
      assert.ok(claim);
      await h.press('claim', claim.value, card.id);
      await waitFor('the claim on the card', () =>
        h.observed().find((o) => o.kind === 'update' && o.id === card.id && /Opgepakt door|Picked up by/.test(o.text)),
      );
    });

    it("ignores the bot's own messages", async () => {
      await h.say('check goedgemeente.nl', { fromBot: true });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        h.observed().filter((o) => o.kind === 'post'),
        [],
      );
    });

    it('answers a retried delivery once', async () => {
      await h.say('help', { eventId: 'Ev-retried-1' });
      await h.say('help', { eventId: 'Ev-retried-1' });
      await waitFor('the help reply', () => h.observed().find((o) => o.kind === 'post'));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(h.observed().filter((o) => o.kind === 'post').length, 1);
    });

    it('answers nonsense with help, never with silence', async () => {
      await h.say('<script>alert(1)</script> 🙂');
      const reply = await waitFor('a reply', () => h.observed().find((o) => o.kind === 'post'));
      assert.match(reply.text, /check gemeente\.nl/);
      assert.doesNotMatch(reply.text, /<script>/);
    });

    it('answers one user privately', async () => {
      await h
        .adapter()
        .respondPrivately(
          { platform: h.adapter().platform, workspace: 'T1', channel: h.channel },
          { id: 'U123' },
          textReply('Alleen voor u'),
        );
      await waitFor('the private reply', () =>
        h.observed().find((o) => (o.kind === 'private' || o.kind === 'post') && /Alleen voor u/.test(o.text)),
      );
    });

    it('shares a file in a thread', async () => {
      const data = Buffer.from('domain,dmarc\ngemeente.nl,reject\n');
      await h
        .adapter()
        .uploadFile(
          { platform: h.adapter().platform, workspace: 'T1', channel: h.channel, thread: 'T-1' },
          { name: 'gemeenten.csv', contentType: 'text/csv', data, title: 'Alle uitslagen' },
        );
      await waitFor('the shared file', () =>
        h
          .observed()
          .find((o) => (o.kind === 'file' || o.kind === 'post') && /gemeenten\.csv|Alle uitslagen/.test(o.text)),
      );
    });

    it('posts proactively into a stored conversation', async () => {
      await h.proactive(textReply('Wekelijks overzicht gemeenten').fallback);
      await waitFor('the proactive post', () =>
        h.observed().find((o) => o.kind === 'post' && /Wekelijks overzicht/.test(o.text)),
      );
    });
  });
}
