import { readJsonBody } from '../http-body';
import type { Request, Response } from 'express';
import {
  CloudAdapter,
  createOutboundHostValidator,
  type AuthConfiguration,
  type TurnContext,
} from '@microsoft/agents-hosting';
import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import {
  ConversationGoneError,
  RateLimitedError,
  type Actor,
  type ChatAdapter,
  type Conversation,
  type Inbound,
  type MessageRef,
  type OutboundFile,
  type Reply,
} from '../../src/bot/types';
import { renderCard } from './render-card';
import { errorFields, referenceId, silentLogger, type Logger } from '../../src/log';

/**
 * Microsoft Teams on the Microsoft 365 Agents SDK (`@microsoft/agents-hosting`, the successor of the
 * archived `botbuilder`; every import of it stays in this folder). POST /api/messages is checked by the
 * SDK's Bot Framework JWT validation; the adapter refuses to start without credentials unless test
 * mode is on (never in production, see src/config.ts). Production also turns on service-URL validation
 * and the SDK's outbound host allow-list.
 *
 * Inbound activities are answered at once (Teams retries after 15 s) and handed to the core; replies
 * and updates go out through the Bot Connector with the conversation reference, which is refreshed on
 * every inbound activity (the service URL can change). `deliveryMode: expectReplies` is the exception:
 * the core's replies are collected and returned in the HTTP response.
 */
export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  testMode: boolean;
  production: boolean;
  log?: Logger;
}

const MAX_BODY = 512 * 1024;
const RETRY_STATUSES = new Set([412, 502, 504]);

export class TeamsAdapter implements ChatAdapter {
  readonly platform = 'teams' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: false, files: false };
  private readonly cloud: CloudAdapter;
  private readonly refs = new Map<string, ConversationReference>();
  /** Turns in expectReplies mode: their replies must go out on the turn itself. */
  private readonly live = new Map<string, TurnContext>();
  private handler?: (event: Inbound) => Promise<void>;
  private readonly identity: string | { aud: string };
  private readonly log: Logger;
  private readonly testMode: boolean;

  constructor(settings: TeamsSettings) {
    if (!settings.appId && !settings.testMode)
      throw new Error(
        'Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (or MAILCHECK_TEAMS_TEST_MODE=1 for local tests)',
      );
    if (settings.testMode && settings.production) throw new Error('MAILCHECK_TEAMS_TEST_MODE is refused in production');
    const auth: AuthConfiguration = settings.appId
      ? {
          clientId: settings.appId,
          clientSecret: settings.appPassword,
          ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
        }
      : {};
    this.cloud = new CloudAdapter(
      auth,
      undefined,
      undefined,
      { validateServiceUrl: settings.production },
      settings.production
        ? createOutboundHostValidator({ enabled: true, includeDefaultMicrosoftHosts: true })
        : undefined,
    );
    // Test mode speaks to the connector stand-in without a token (the SDK's anonymous identity).
    this.identity = settings.appId ?? { aud: '' };
    this.log = settings.log ?? silentLogger;
    this.testMode = settings.testMode;
    // The SDK's default handler sends the raw error to the user: ours lets handle() answer 500 and log it.
    this.cloud.onTurnError = async (_ctx, err) => {
      throw err;
    };
  }

  async start(handler: (event: Inbound) => Promise<void>): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  /** POST /api/messages. */
  async handle(req: Request, res: Response): Promise<void> {
    const read = await readJsonBody(req, MAX_BODY);
    if (!read.ok) {
      // An oversized body is left unread: answer, then drop the connection.
      res
        .writeHead(read.status, {
          'content-type': 'text/plain',
          ...(read.status === 413 ? { connection: 'close' } : {}),
        })
        .end(`${read.error}\n`, () => {
          if (read.status === 413) req.destroy();
        });
      return;
    }
    const body = read.value;
    const invalid = this.invalidActivity(body);
    if (invalid) {
      this.log.warn({ platform: 'teams', reason: invalid }, 'activity refused');
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad activity: ${invalid}\n`);
      return;
    }
    const request = Object.assign(req, { body }) as unknown as Parameters<CloudAdapter['process']>[0];
    // The Express response itself: the SDK writes its answer (200, 401, expectReplies bodies) to it.
    const shim = res as unknown as Parameters<CloudAdapter['process']>[1];
    // The SDK's JWT middleware calls `next` without awaiting it: keep hold of the turn's promise, or a
    // failure inside it becomes an unhandled rejection instead of this request's 500.
    let turn: Promise<void> | undefined;
    try {
      await this.cloud.authorizeRequest(request, shim as never, () => {
        turn = this.cloud.process(request, shim, (ctx) => this.turn(ctx));
        // What the middleware gets back never rejects: the failure is awaited (and answered) below.
        return turn.then(
          () => undefined,
          () => undefined,
        );
      });
      await turn;
    } catch (err) {
      const ref = referenceId();
      this.log.error({ platform: 'teams', ref, ...errorFields(err) }, 'activity failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      if (!res.writableEnded) res.end(JSON.stringify({ error: 'internal error', ref }));
    }
  }

  /**
   * The SDK's own schema (Activity.fromObject) plus what a turn needs, checked before the SDK sees the
   * body, so a malformed activity is a 400 and never an exception inside its pipeline. In test mode,
   * replies go to a loopback service URL only (the connector stand-in), never out.
   */
  private invalidActivity(body: unknown): string | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not an object';
    const b = body as Record<string, unknown>;
    if (typeof b.type !== 'string' || b.type === '') return 'no type';
    const conv = b.conversation as Record<string, unknown> | undefined;
    if (!conv || typeof conv !== 'object' || typeof conv.id !== 'string' || conv.id === '' || conv.id.length > 512)
      return 'no conversation id';
    if (typeof b.serviceUrl !== 'string' || !/^https?:\/\//i.test(b.serviceUrl)) return 'no service URL';
    if (this.testMode && !isLoopbackUrl(b.serviceUrl)) return 'test mode answers loopback service URLs only';
    try {
      Activity.fromObject(b);
    } catch {
      return 'does not match the activity schema';
    }
    return undefined;
  }

  private async turn(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const { conversation, base } = this.conversationOf(a);
    const ref = a.getConversationReference();
    this.refs.set(base, ref);
    if (this.refs.size > 10_000) this.refs.delete(this.refs.keys().next().value as string);
    const actor: Actor = {
      id: a.from?.aadObjectId ?? a.from?.id ?? 'unknown',
      ...(a.from?.name ? { name: a.from.name } : {}),
    };
    const eventId = a.id ?? `${base}:${Date.now()}`;
    let event: Inbound | undefined;
    const data = (
      a.type === 'invoke' && a.name === 'adaptiveCard/action'
        ? (a.value as { action?: { data?: unknown } } | undefined)?.action?.data
        : a.value
    ) as { mc?: string; value?: string } | undefined;
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
      // Universal Actions: answered in this HTTP response; the card is updated separately.
      await ctx.sendActivity(
        Activity.fromObject({
          type: 'invokeResponse',
          value: {
            status: 200,
            body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' },
          },
        }),
      );
    }
    if (data?.mc && (a.type === 'message' || a.type === 'invoke')) {
      event = {
        kind: 'action',
        eventId,
        conversation,
        actor,
        action: data.mc as 'fix',
        value: String(data.value ?? ''),
        message: { conversation, id: a.replyToId ?? '' },
      };
    } else if (a.type === 'message' && typeof a.text === 'string') {
      event = { kind: 'message', eventId, conversation, actor, text: a.text, fromBot: a.from?.role === 'bot' };
    } else if (
      (a.type === 'conversationUpdate' && (a.membersRemoved ?? []).some((m) => m.id === a.recipient?.id)) ||
      (a.type === 'installationUpdate' && String(a.action).startsWith('remove'))
    ) {
      this.refs.delete(base);
      event = { kind: 'removed', eventId, conversation };
    }
    if (!event || !this.handler) return;
    if (a.deliveryMode === 'expectReplies') {
      this.live.set(base, ctx);
      try {
        await this.handler(event);
      } finally {
        this.live.delete(base);
      }
      return;
    }
    void this.handler(event).catch((err: unknown) =>
      this.log.error({ platform: 'teams', ref: referenceId(), ...errorFields(err) }, 'turn handler failed'),
    );
  }

  /** Teams channel threads live in the conversation id: `19:…@thread.tacv2;messageid=<root>`. */
  private conversationOf(a: Activity): { conversation: Conversation; base: string } {
    const id = a.conversation?.id ?? '';
    const [base = id, thread] = id.split(';messageid=');
    const channelData = a.channelData as { tenant?: { id?: string } } | undefined;
    const workspace = a.conversation?.tenantId ?? channelData?.tenant?.id ?? 'teams';
    return { conversation: { platform: 'teams', workspace, channel: base, ...(thread ? { thread } : {}) }, base };
  }

  exportReference(conversation: Conversation): Record<string, unknown> | undefined {
    return this.refs.get(conversation.channel) as unknown as Record<string, unknown> | undefined;
  }

  importReference(conversation: Conversation, ref: Record<string, unknown>): void {
    if (!this.refs.has(conversation.channel) && typeof ref.serviceUrl === 'string')
      this.refs.set(conversation.channel, ref as unknown as ConversationReference);
  }

  /** Send on the live turn (expectReplies) or through the connector with the stored reference. */
  private async withContext<T>(conversation: Conversation, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    const live = this.live.get(conversation.channel);
    if (live) return fn(live);
    const ref = this.refs.get(conversation.channel);
    if (!ref)
      throw new ConversationGoneError('no conversation reference: the bot has not heard from this conversation');
    const id = conversation.thread ? `${conversation.channel};messageid=${conversation.thread}` : conversation.channel;
    let result: T | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.cloud.continueConversation(
          this.identity as string,
          { ...ref, conversation: { ...ref.conversation, id } } as ConversationReference,
          async (ctx) => {
            result = await fn(ctx);
          },
        );
        return result as T;
      } catch (err) {
        const e = err as {
          status?: number;
          response?: { status?: number; data?: { error?: { code?: string } }; headers?: Record<string, string> };
        };
        const status = e.status ?? e.response?.status;
        const code = e.response?.data?.error?.code ?? '';
        if (status === 429) throw new RateLimitedError(Number(e.response?.headers?.['retry-after'] ?? 1) * 1000);
        if (/BotNotInConversationRoster|ConversationNotFound/i.test(code) || status === 404)
          throw new ConversationGoneError(code || 'gone');
        if (status !== undefined && RETRY_STATUSES.has(status) && attempt < 2) {
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        throw err;
      }
    }
  }

  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    const r = await this.withContext(conversation, (ctx) => ctx.sendActivity(Activity.fromObject(renderCard(reply))));
    return { conversation, id: r?.id ?? '' };
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    await this.withContext(ref.conversation, (ctx) =>
      ctx.updateActivity(Activity.fromObject({ ...renderCard(reply), id: ref.id })),
    );
  }

  async replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef> {
    return this.post({ ...ref.conversation, thread: ref.conversation.thread ?? ref.id }, reply);
  }

  /** Teams has no message only one person sees in a channel: the reply goes to the conversation. */
  async respondPrivately(conversation: Conversation, _user: Actor, reply: Reply): Promise<void> {
    await this.post(conversation, reply);
  }

  /**
   * A bot cannot put a file in a channel without SharePoint: an image goes inline, other files as text
   * in the message (cut at 20 KB).
   */
  async uploadFile(conversation: Conversation, file: OutboundFile): Promise<void> {
    const message = file.contentType.startsWith('image/')
      ? {
          type: 'message',
          text: file.title,
          attachments: [
            {
              contentType: file.contentType,
              contentUrl: `data:${file.contentType};base64,${file.data.toString('base64')}`,
              name: file.name,
            },
          ],
        }
      : {
          type: 'message',
          text: `**${file.name}**\n\n\`\`\`\n${file.data.toString('utf8').slice(0, 20_000)}\n\`\`\``,
          textFormat: 'markdown',
        };
    await this.withContext(conversation, (ctx) => ctx.sendActivity(Activity.fromObject(message)));
  }
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
