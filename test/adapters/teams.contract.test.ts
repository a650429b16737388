import { strict as assert } from 'node:assert';
import { adapterContract } from './contract';
import { TeamsHarness, postActivity } from '../support/teams-harness';
import { startBot } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { ZoneResolver } from '../support/zone-resolver';

adapterContract('Microsoft Teams (Agents SDK, test mode, Bot Connector stand-in)', () => new TeamsHarness());

describe('Teams specifics', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = new TeamsHarness();
    await h.start();
  });
  afterEach(async () => h.stop());

  it('answers in the HTTP response when the caller asks deliveryMode expectReplies', async () => {
    const res = await postActivity(
      h.bot?.port ?? 0,
      h.activity({ type: 'message', text: 'help', deliveryMode: 'expectReplies' }),
    );
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body) as { activities: { attachments: unknown[] }[] };
    assert.ok(body.activities.length >= 1);
    assert.match(JSON.stringify(body.activities[0]?.attachments), /check gemeente\.nl/);
    assert.equal(h.connector.calls.length, 0, 'nothing went through the connector');
  });

  it('replies in a channel thread by the ;messageid= conversation id', async () => {
    await h.say('check zwakgemeente.nl');
    const until = Date.now() + 10_000;
    while (!h.connector.calls.some((c) => c.method === 'update') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    const card = h.connector.calls.find((c) => c.method === 'send' || c.method === 'reply');
    assert.ok(card);
    await h
      .adapter()
      .replyInThread(
        { conversation: { platform: 'teams', workspace: 'T1', channel: h.channel }, id: card.id },
        { headline: 'x', rows: [], paragraphs: [], code: [], actions: [], fallback: 'in de draad' },
      );
    assert.ok(
      h.connector.calls.some(
        (c) => c.conversation === `${h.channel};messageid=${card.id}` && c.activity.text === 'in de draad',
      ),
    );
  });

  it('a removed bot stops posting: BotNotInConversationRoster marks the conversation gone', async () => {
    h.connector.gone.add(h.channel);
    await assert.rejects(
      h
        .adapter()
        .post(
          { platform: 'teams', workspace: 'T1', channel: h.channel },
          { headline: 'x', rows: [], paragraphs: [], code: [], actions: [], fallback: 'x' },
        ),
      { name: 'ConversationGoneError', code: 'conversation_gone', message: /BotNotInConversationRoster/ },
    );
  });

  it('with credentials configured, an unsigned request is rejected (401) and nothing is sent', async () => {
    const bot = await startBot(
      loadConfig({
        PORT: '0',
        MAILCHECK_DB: ':memory:',
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
      }),
      { resolver: new ZoneResolver({}) },
    );
    try {
      const res = await postActivity(bot.port, h.activity({ type: 'message', text: 'help' }));
      assert.equal(res.status, 401);
      const malformed = await postActivity(bot.port, h.activity({ type: 'message', text: 'help' }), {
        authorization: 'Basic bm90OmFsbG93ZWQ=',
      });
      assert.equal(malformed.status, 401);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(h.connector.calls.filter((c) => c.activity.text !== undefined).length, 0);
    } finally {
      await bot.close();
    }
  });

  it('refuses to start without credentials unless in test mode', async () => {
    await assert.rejects(
      startBot(
        {
          ...loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }),
          teamsTestMode: false,
          teams: { appId: '', appPassword: '' },
        },
        { resolver: new ZoneResolver({}) },
      ),
      /MICROSOFT_APP_ID/,
    );
  });
});

describe('Teams: the bot removed from a team forgets its schedules', () => {
  it('conversationUpdate with the bot in membersRemoved stops what was scheduled there', async () => {
    const h = new TeamsHarness({}, { MAILCHECK_ADMINS: 'teams:U123' });
    await h.start();
    try {
      await h.say('rapport toevoegen gemeenten maandag 09:00');
      const store = (h.bot?.core.adoption as unknown as { deps: { store: import('../../src/store/types').Store } }).deps
        .store;
      const until = Date.now() + 5000;
      while ((await store.schedules()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await store.schedules()).length, 1);
      await postActivity(
        h.bot?.port ?? 0,
        h.activity({ type: 'conversationUpdate', membersRemoved: [{ id: '28:mailcheck' }] }),
      );
      const until2 = Date.now() + 5000;
      while ((await store.schedules()).length > 0 && Date.now() < until2) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await store.schedules()).length, 0);
      assert.equal((await store.conversation(`teams:T1:${h.channel}`))?.dead, true);
    } finally {
      await h.stop();
    }
  });
});

describe('Teams: a scheduled summary reaches the channel through the Bot Connector', () => {
  it('posts the card, updates it with the summary, and sends the chart inline and the CSV as text', async function () {
    this.timeout(30_000);
    let clock = Date.parse('2026-11-27T10:00:00Z');
    const h = new TeamsHarness({ now: () => clock }, { MAILCHECK_ADMINS: 'teams:U123' });
    await h.start();
    try {
      await h.say('lijst toevoegen proef goedgemeente.nl zwakgemeente.nl');
      await h.say('rapport toevoegen proef maandag 09:00');
      const texts = () => h.connector.calls.map((c) => `${String(c.activity.text ?? '')}`);
      const until = Date.now() + 5000;
      while (!texts().some((t) => t.startsWith('Rapport ')) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      clock = Date.parse('2026-11-30T08:00:30Z');
      assert.equal((await h.bot?.core.adoption?.tickSchedules(clock))?.length, 1);
      const summary = h.connector.calls.find(
        (c) => c.method === 'update' && String(c.activity.text).startsWith('Adoptie proef: 2 organisaties'),
      );
      assert.ok(summary, texts().join(' | '));
      const image = h.connector.calls.find((c) =>
        JSON.stringify(c.activity.attachments ?? []).includes('data:image/png;base64,iVBOR'),
      );
      assert.ok(image, 'the chart inline');
      assert.equal(image.conversation, `${h.channel};messageid=${summary.id}`, "in the summary's thread");
      assert.ok(
        h.connector.calls.some((c) => /domain,organisation,mail_score/.test(String(c.activity.text))),
        'the CSV as text',
      );
    } finally {
      await h.stop();
    }
  });
});
