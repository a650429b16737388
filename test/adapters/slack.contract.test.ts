import { strict as assert } from 'node:assert';
import { adapterContract } from './contract';
import { textReply } from '../../src/bot/replies';
import { SlackHarness, signedPost } from '../support/slack-harness';

adapterContract('Slack (Bolt, signed requests, fake Web API)', () => new SlackHarness());

describe('Slack specifics', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = new SlackHarness();
    await h.start();
  });
  afterEach(async () => h.stop());

  it('acks a slash command at once and answers with a card, unfurling off', async () => {
    const body = new URLSearchParams({
      command: '/mailcheck',
      text: 'goedgemeente.nl',
      team_id: 'T1',
      channel_id: h.channel,
      user_id: 'U123',
      user_name: 'anne',
      trigger_id: 'tr-1',
      response_url: `${h.api.url}response`,
      token: 'x',
    }).toString();
    const res = await signedPost(h.bot?.port ?? 0, body, 'application/x-www-form-urlencoded');
    assert.equal(res.status, 200);
    const until = Date.now() + 10_000;
    while (!h.api.calls.some((c) => c.method === 'chat.update') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    const first = h.api.calls.find((c) => c.method === 'chat.postMessage');
    assert.equal(first?.args.channel, h.channel);
    assert.equal(String(first?.args.unfurl_links), 'false');
    assert.deepEqual(h.api.violations, [], 'every card respected the Block Kit limits');
  });

  it('uploads a file in three steps into the thread, and sends an ephemeral to one user', async () => {
    const data = Buffer.from('domain,dmarc\ngemeente.nl,reject\n');
    await h
      .adapter()
      .uploadFile(
        { platform: 'slack', workspace: 'T1', channel: h.channel, thread: '1000.000100' },
        { name: 'gemeenten.csv', contentType: 'text/csv', data, title: 'Alle uitslagen' },
      );
    assert.deepEqual(
      h.api.calls.map((c) => c.method).filter((m) => m.startsWith('files.')),
      ['files.getUploadURLExternal', 'files.completeUploadExternal'],
    );
    assert.ok(
      h.api.uploads.some((n) => n >= data.length),
      'the bytes reached the upload URL',
    );
    const complete = h.api.calls.find((c) => c.method === 'files.completeUploadExternal');
    assert.equal(complete?.args.channel_id, h.channel);
    assert.equal(complete?.args.thread_ts, '1000.000100');
    await h
      .adapter()
      .respondPrivately(
        { platform: 'slack', workspace: 'T1', channel: h.channel },
        { id: 'U777' },
        textReply('Alleen voor u'),
      );
    assert.equal(h.api.calls.find((c) => c.method === 'chat.postEphemeral')?.args.user, 'U777');
  });

  it('rejects a request with a bad signature (401) and does nothing', async () => {
    const res = await signedPost(
      h.bot?.port ?? 0,
      JSON.stringify({
        type: 'event_callback',
        event_id: 'EvBad',
        event: {
          type: 'app_mention',
          text: '<@UBOT> check goedgemeente.nl',
          channel: h.channel,
          user: 'U1',
          ts: '1.1',
        },
      }),
      'application/json',
      { badSignature: true },
    );
    assert.equal(res.status, 401);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.api.calls.filter((c) => c.method.startsWith('chat.')).length, 0);
  });

  it("answers Slack's URL verification challenge", async () => {
    const res = await signedPost(
      h.bot?.port ?? 0,
      JSON.stringify({ type: 'url_verification', challenge: 'chal-123', token: 'x' }),
      'application/json',
    );
    assert.equal(res.status, 200);
    assert.match(res.body, /chal-123/);
  });

  it('waits out a 429 with Retry-After and still delivers, in order', async () => {
    h.api.rateLimitNext = 1;
    await h.say('help');
    const until = Date.now() + 10_000;
    while (!h.api.calls.some((c) => c.method === 'chat.postMessage') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.api.calls.filter((c) => c.method === 'chat.postMessage').length, 1);
  });
});
