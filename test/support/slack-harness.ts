import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { strict as assert } from 'node:assert';
import { startBot, type RunningBot, type BotOverrides } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { textReply } from '../../src/bot/replies';
import type { ChatAdapter } from '../../src/bot/types';
import { ZoneResolver } from './zone-resolver';
import { FakeSlackApi } from './fake-slack-api';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import type { Harness, Observed } from '../adapters/contract';

/** The bot with its Slack adapter, driven by signed requests to Bolt, around a local stand-in for Slack's Web API. */
export const SECRET = 'test-signing-secret-not-real';

/** Sign exactly as Slack does: v0=HMAC-SHA256(secret, "v0:<ts>:<raw body>") (api.slack.com/authentication/verifying-requests-from-slack). */
export function signedPost(
  port: number,
  body: string,
  contentType: string,
  opts: { badSignature?: boolean; retryNum?: number; skewSeconds?: number } = {},
): Promise<{ status: number; body: string }> {
  const ts = (Math.floor(Date.now() / 1000) + (opts.skewSeconds ?? 0)).toString();
  const sig = `v0=${createHmac('sha256', opts.badSignature ? 'wrong' : SECRET)
    .update(`v0:${ts}:${body}`)
    .digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        headers: {
          'content-type': contentType,
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': ts,
          'x-slack-signature': sig,
          ...(opts.retryNum
            ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' }
            : {}),
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => {
          data += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A button press as Slack posts it (form-encoded `payload`), for the card `messageId` in `channel`. */
export function blockActionsBody(
  channel: string,
  action: string,
  value: string,
  messageId: string,
  trigger: string,
): string {
  const payload = {
    type: 'block_actions',
    trigger_id: trigger,
    team: { id: 'T1' },
    user: { id: 'U123', name: 'anne' },
    api_app_id: 'A1',
    token: 'x',
    channel: { id: channel },
    container: { type: 'message', message_ts: messageId, channel_id: channel },
    message: { ts: messageId, type: 'message' },
    actions: [{ type: 'button', action_id: `mc_${action}`, block_id: 'b', value, action_ts: '1' }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export class SlackHarness implements Harness {
  channel = 'C0MAILCHK';
  api = new FakeSlackApi();
  bot?: RunningBot;
  private n = 0;

  constructor(
    private readonly overrides: BotOverrides = {},
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    await this.api.start();
    this.bot = await startBot(
      loadConfig({
        PORT: '0',
        MAILCHECK_DB: ':memory:',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: this.api.url,
        ...this.env,
      }),
      { resolver: new ZoneResolver(MUNICIPALITIES), ...this.overrides },
    );
  }
  async stop(): Promise<void> {
    await this.bot?.close();
    await this.api.stop();
  }
  async say(
    text: string,
    opts: { eventId?: string; fromBot?: boolean; user?: string; files?: string[] } = {},
  ): Promise<void> {
    const eventId = opts.eventId ?? `Ev${this.n++}`;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: eventId,
      event_time: 1,
      event: {
        type: 'app_mention',
        text: `<@UBOT> ${text}`,
        user: opts.fromBot ? 'UBOT' : (opts.user ?? 'U123'),
        ...(opts.files
          ? {
              files: opts.files.map((name) => ({
                id: `F-${name}`,
                name,
                filetype: 'csv',
                size: 100,
                url_private_download: /^https?:/.test(name)
                  ? name
                  : `${this.api.url.replace(/api\/$/, '')}files/${name}`,
              })),
            }
          : {}),
        ...(opts.fromBot ? { bot_id: 'BBOT' } : {}),
        channel: this.channel,
        ts: `17000.${this.n}`,
      },
    });
    const res = await signedPost(
      this.bot?.port ?? 0,
      body,
      'application/json',
      eventId.includes('retried') && this.n > 1 ? { retryNum: 1 } : {},
    );
    assert.equal(res.status, 200);
  }
  async press(action: string, value: string, messageId: string): Promise<void> {
    const res = await signedPost(
      this.bot?.port ?? 0,
      blockActionsBody(this.channel, action, value, messageId, `tr${this.n++}`),
      'application/x-www-form-urlencoded',
    );
    assert.equal(res.status, 200);
  }
  async proactive(text: string): Promise<void> {
    const slack = this.bot?.adapters.find((a) => a.platform === 'slack') as ChatAdapter;
    await slack.post({ platform: 'slack', workspace: 'T1', channel: this.channel }, textReply(text));
  }
  adapter(): ChatAdapter {
    return this.bot?.adapters.find((a) => a.platform === 'slack') as ChatAdapter;
  }
  observed(): Observed[] {
    let posts = 0;
    const extra: Observed[] = this.api.calls
      .filter((c) => c.method === 'chat.postEphemeral' || c.method === 'files.completeUploadExternal')
      .map((c) => ({
        kind: c.method === 'chat.postEphemeral' ? 'private' : 'file',
        id: '',
        channel: String(c.args.channel_id ?? c.args.channel),
        text: `${String(c.args.text ?? '')} ${String(c.args.files ?? '')} ${String(c.args.user ?? '')} ${String(c.args.thread_ts ?? '')}`,
        actions: [],
      }));
    return [
      ...extra,
      ...this.api.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .map((c) => {
          const blocks = (c.args.blocks ?? []) as {
            type: string;
            elements?: { action_id?: string; value?: string }[];
          }[];
          const actions = blocks
            .filter((b) => b.type === 'actions')
            .flatMap((b) => b.elements ?? [])
            .map((e) => ({ id: String(e.action_id).replace(/^mc_/, ''), value: String(e.value) }));
          // The fake numbers its posts' ts from 1000 in order, as Slack's are increasing.
          const id = c.method === 'chat.update' ? String(c.args.ts) : `${1000 + posts++}.000100`;
          return {
            kind: c.method === 'chat.update' ? 'update' : 'post',
            id,
            channel: String(c.args.channel),
            ...(c.args.thread_ts ? { thread: String(c.args.thread_ts) } : {}),
            text: `${String(c.args.text)} ${JSON.stringify(blocks)}`.replace(/\\"/g, '"').replace(/&quot;/g, '"'),
            actions,
          } as Observed;
        }),
    ];
  }
}
