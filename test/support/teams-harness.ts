import { request } from 'node:http';
import { startBot, type RunningBot, type BotOverrides } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { textReply } from '../../src/bot/replies';
import type { ChatAdapter } from '../../src/bot/types';
import { ZoneResolver } from './zone-resolver';
import { FakeBotConnector } from './fake-bot-connector';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import type { Harness, Observed } from '../adapters/contract';

export function postActivity(
  port: number,
  activity: object,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
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

/** The bot with its Teams adapter in test mode, activities posted to /api/messages, replies to a Bot Connector stand-in. */
export class TeamsHarness implements Harness {
  channel = '19:mailcheck-test@thread.tacv2';
  connector = new FakeBotConnector();
  bot?: RunningBot;
  private n = 0;

  constructor(
    private readonly overrides: BotOverrides = {},
    private readonly env: Record<string, string> = {},
  ) {}

  activity(extra: Record<string, unknown>): Record<string, unknown> {
    return {
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      id: `act-in-${this.n++}`,
      timestamp: new Date().toISOString(),
      from: { id: '29:anne', aadObjectId: 'U123', name: 'Anne' },
      recipient: { id: '28:mailcheck', name: 'Mailcheck' },
      conversation: { id: this.channel, conversationType: 'channel', tenantId: 'T1' },
      channelData: { tenant: { id: 'T1' } },
      ...extra,
    };
  }

  async start(): Promise<void> {
    await this.connector.start();
    this.bot = await startBot(
      loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:', MAILCHECK_TEAMS_TEST_MODE: '1', ...this.env }),
      { resolver: new ZoneResolver(MUNICIPALITIES), ...this.overrides },
    );
    // Teams announces the bot's arrival in the team: that is where the conversation reference comes from.
    await postActivity(
      this.bot.port,
      this.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:mailcheck' }] }),
    );
  }
  async stop(): Promise<void> {
    await this.bot?.close();
    await this.connector.stop();
  }
  async say(text: string, opts: { eventId?: string; fromBot?: boolean; user?: string } = {}): Promise<void> {
    const res = await postActivity(
      this.bot?.port ?? 0,
      this.activity({
        type: 'message',
        text: `<at>Mailcheck</at> ${text}`,
        ...(opts.eventId ? { id: opts.eventId } : {}),
        ...(opts.fromBot
          ? { from: { id: '28:mailcheck', name: 'Mailcheck', role: 'bot' } }
          : opts.user
            ? { from: { id: `29:${opts.user}`, aadObjectId: opts.user, name: opts.user } }
            : {}),
      }),
    );
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${res.body}`);
  }
  async press(action: string, value: string, messageId: string): Promise<void> {
    const res = await postActivity(
      this.bot?.port ?? 0,
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: messageId,
        value: { action: { type: 'Action.Execute', verb: action, data: { mc: action, value } } },
      }),
    );
    if (res.status !== 200 || !/"statusCode":200/.test(res.body))
      throw new Error(`invoke answered ${res.status}: ${res.body}`);
  }
  async proactive(text: string): Promise<void> {
    await this.adapter().post({ platform: 'teams', workspace: 'T1', channel: this.channel }, textReply(text));
  }
  adapter(): ChatAdapter {
    return this.bot?.adapters.find((a) => a.platform === 'teams') as ChatAdapter;
  }
  observed(): Observed[] {
    return this.connector.calls.map((c) => {
      const card = (
        (c.activity.attachments ?? []) as {
          content?: { actions?: { verb?: string; data?: { mc?: string; value?: string } }[] };
        }[]
      )[0]?.content;
      const actions = (card?.actions ?? []).map((a) => ({
        id: String(a.data?.mc ?? a.verb),
        value: String(a.data?.value ?? ''),
      }));
      const [channel = c.conversation, thread] = c.conversation.split(';messageid=');
      const isImage = JSON.stringify(c.activity.attachments ?? []).includes('image/');
      return {
        kind: c.method === 'update' ? 'update' : isImage ? 'file' : 'post',
        id: c.id,
        channel,
        ...(thread ? { thread } : {}),
        text: `${String(c.activity.text ?? '')} ${JSON.stringify(c.activity.attachments ?? [])}`
          .replace(/\\\\/g, '')
          .replace(/\\"/g, '"'),
        actions,
      } as Observed;
    });
  }
}
