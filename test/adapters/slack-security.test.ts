import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackHarness, signedPost } from '../support/slack-harness';
import { textReply } from '../../src/bot/replies';

const mention = (h: SlackHarness, eventId: string, text: string, channel = h.channel): string =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: eventId,
    event_time: 1,
    event: { type: 'app_mention', text: `<@UBOT> ${text}`, user: 'U123', channel, ts: `17000.${eventId.length}` },
  });
async function until(probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('Slack: smaller security items (issue 14 item 7)', () => {
  it('refuses a signed request timestamped far in the future, takes a small skew', async () => {
    const h = new SlackHarness();
    await h.start();
    try {
      const future = await signedPost(h.bot?.port ?? 0, mention(h, 'EvFuture', 'help'), 'application/json', {
        skewSeconds: 10 * 60,
      });
      assert.equal(future.status, 401);
      const past = await signedPost(h.bot?.port ?? 0, mention(h, 'EvPast', 'help'), 'application/json', {
        skewSeconds: -10 * 60,
      });
      assert.equal(past.status, 401, 'Bolt refuses the stale one');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(h.api.calls.filter((c) => c.method === 'chat.postMessage').length, 0);
      const skewed = await signedPost(h.bot?.port ?? 0, mention(h, 'EvSkew', 'help'), 'application/json', {
        skewSeconds: 60,
      });
      assert.equal(skewed.status, 200);
      await until(() => h.api.calls.some((c) => c.method === 'chat.postMessage'));
      assert.equal(
        h.api.calls.filter((c) => c.method === 'chat.postMessage').length,
        1,
        'only the one within the skew was answered',
      );
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await h.stop();
    }
  });

  it('de-duplication survives a restart: a retried event is answered once', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'mc-dedupe-')), 'bot.db');
    const first = new SlackHarness({}, { MAILCHECK_DB: db });
    await first.start();
    await signedPost(first.bot?.port ?? 0, mention(first, 'EvOnce', 'help'), 'application/json');
    await until(() => first.api.calls.some((c) => c.method === 'chat.postMessage'));
    assert.equal(first.api.calls.filter((c) => c.method === 'chat.postMessage').length, 1);
    await new Promise((r) => setTimeout(r, 300));
    await first.stop();
    const second = new SlackHarness({}, { MAILCHECK_DB: db });
    await second.start();
    try {
      const res = await signedPost(second.bot?.port ?? 0, mention(second, 'EvOnce', 'help'), 'application/json', {
        retryNum: 1,
      });
      assert.equal(res.status, 200);
      await signedPost(second.bot?.port ?? 0, mention(second, 'EvNew', 'help'), 'application/json');
      await until(() => second.api.calls.some((c) => c.method === 'chat.postMessage'));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(
        second.api.calls.filter((c) => c.method === 'chat.postMessage').length,
        1,
        'only the new event was answered',
      );
    } finally {
      await second.stop();
    }
  });

  it('the top-level text is escaped like the blocks: no <!channel> from DNS data or users', async () => {
    const h = new SlackHarness();
    await h.start();
    try {
      await h
        .adapter()
        .post(
          { platform: 'slack', workspace: 'T1', channel: h.channel },
          textReply('v=spf1 <!channel> <@U999> & more'),
        );
      const text = String(h.api.calls.find((c) => c.method === 'chat.postMessage')?.args.text);
      assert.doesNotMatch(text, /<!channel>|<@U999>/);
      assert.match(text, /&lt;!channel&gt;/);
    } finally {
      await h.stop();
    }
  });

  it('check ids are not guessable, and a button is honoured only in the conversation of its card', async () => {
    const h = new SlackHarness();
    await h.start();
    try {
      await h.say('check zwakgemeente.nl');
      await until(() => h.observed().some((o) => o.kind === 'update' && o.actions.some((a) => a.id === 'fix')));
      const card = [...h.observed()].reverse().find((o) => o.actions.some((a) => a.id === 'fix'));
      const fix = card?.actions.find((a) => a.id === 'fix');
      assert.ok(card && fix);
      assert.match(fix.value, /^c[A-Za-z0-9_-]{16}$/, 'a random id, not a counter');
      const before = h.api.calls.length;
      // The same button value pressed in another channel (a forged or copied payload).
      const payload = {
        type: 'block_actions',
        trigger_id: 'tr-elsewhere',
        team: { id: 'T1' },
        user: { id: 'U666', name: 'mallory' },
        api_app_id: 'A1',
        token: 'x',
        channel: { id: 'COTHER' },
        container: { type: 'message', message_ts: '1.2', channel_id: 'COTHER' },
        message: { ts: '1.2', type: 'message' },
        actions: [{ type: 'button', action_id: 'mc_fix', block_id: 'b', value: fix.value, action_ts: '1' }],
      };
      await signedPost(
        h.bot?.port ?? 0,
        `payload=${encodeURIComponent(JSON.stringify(payload))}`,
        'application/x-www-form-urlencoded',
      );
      await until(() => h.api.calls.length > before);
      await new Promise((r) => setTimeout(r, 200));
      const after = h.api.calls.slice(before);
      assert.ok(
        after.every((c) => !/_dmarc\.zwakgemeente\.nl/.test(JSON.stringify(c.args))),
        'no fix advice leaked to another channel',
      );
      assert.ok(
        after.every((c) => String(c.args.channel) !== h.channel || c.method !== 'chat.postMessage'),
        "nothing posted in the card's channel",
      );
    } finally {
      await h.stop();
    }
  });
});
