import { App, ExpressReceiver, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
import { renderBlocks } from './render-blocks';

interface SlackFile {
  name?: string;
  filetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
}

/**
 * Slack on @slack/bolt 5. HTTP mode: an ExpressReceiver whose request handler is mounted on our one
 * HTTP server at POST /slack/events; Socket Mode when an app token is given. Every listener acks at
 * once (Slack's 3-second rule) and hands the event to the core without waiting for it.
 */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: true, files: true };
  private readonly app: App;
  private readonly receiver?: ExpressReceiver;
  private handler?: (event: Inbound) => Promise<void>;

  constructor(
    private readonly settings: SlackSettings,
    private readonly now: () => number = Date.now,
  ) {
    const clientOptions = {
      ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
      // Our outbound queue owns back-off: a 429 comes back to it instead of stalling the client.
      rejectRateLimitedCalls: true,
    };
    if (settings.appToken) {
      this.app = new App({
        token: settings.botToken,
        appToken: settings.appToken,
        socketMode: true,
        clientOptions,
        logLevel: LogLevel.WARN,
      });
    } else {
      this.receiver = new ExpressReceiver({
        signingSecret: settings.signingSecret,
        endpoints: '/slack/events',
        processBeforeResponse: false,
        logLevel: LogLevel.WARN,
      });
      this.app = new App({ token: settings.botToken, receiver: this.receiver, clientOptions, logLevel: LogLevel.WARN });
    }
    this.listen();
  }

  /** For HTTP mode: the request handler to mount at /slack/events. */
  get requestHandler(): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
    if (!this.receiver) return undefined;
    const bolt = this.receiver.app as unknown as (req: IncomingMessage, res: ServerResponse) => void;
    return (req, res) => {
      // Bolt refuses a timestamp more than five minutes old; Slack's guidance is "more than five
      // minutes from local time", so a signed request dated in the future is refused too.
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts * 1000 > this.now() + MAX_CLOCK_SKEW_MS) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('request timestamp too far in the future\n');
        req.resume();
        return;
      }
      bolt(req, res);
    };
  }

  async start(handler: (event: Inbound) => Promise<void>): Promise<void> {
    this.handler = handler;
    if (this.settings.appToken) await this.app.start();
  }

  async stop(): Promise<void> {
    if (this.settings.appToken) await this.app.stop();
  }

  private dispatch(event: Inbound): void {
    void this.handler?.(event);
  }

  private listen(): void {
    this.app.command('/mailcheck', async ({ command, ack }) => {
      await ack();
      this.dispatch({
        kind: 'message',
        eventId: `cmd:${command.trigger_id}`,
        text: command.text,
        conversation: { platform: 'slack', workspace: command.team_id, channel: command.channel_id },
        actor: { id: command.user_id, name: command.user_name },
      });
    });
    this.app.event('app_mention', async ({ event, body }) => {
      const files = await this.readFiles((event as { files?: SlackFile[] }).files);
      this.dispatch({
        kind: 'message',
        eventId: (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`,
        text: event.text,
        conversation: {
          platform: 'slack',
          workspace: (body as { team_id?: string }).team_id ?? '',
          channel: event.channel,
          ...(event.thread_ts ? { thread: event.thread_ts } : {}),
        },
        actor: { id: event.user ?? '' },
        fromBot: Boolean((event as { bot_id?: string }).bot_id),
        ...(files.length ? { files } : {}),
      });
    });
    this.app.message(async ({ message, body }) => {
      const m = message as {
        channel_type?: string;
        subtype?: string;
        bot_id?: string;
        text?: string;
        channel: string;
        ts: string;
        user?: string;
        thread_ts?: string;
        files?: SlackFile[];
      };
      // Direct messages only (mentions come as app_mention); a shared file arrives with subtype file_share.
      if (m.channel_type !== 'im' || (m.subtype && m.subtype !== 'file_share')) return;
      const files = await this.readFiles(m.files);
      this.dispatch({
        kind: 'message',
        eventId: (body as { event_id?: string }).event_id ?? `${m.channel}:${m.ts}`,
        text: m.text ?? '',
        conversation: {
          platform: 'slack',
          workspace: (body as { team_id?: string }).team_id ?? '',
          channel: m.channel,
          ...(m.thread_ts ? { thread: m.thread_ts } : {}),
        },
        actor: { id: m.user ?? '' },
        fromBot: Boolean(m.bot_id),
        ...(files.length ? { files } : {}),
      });
    });
    this.app.action(/^mc_(fix|recheck|claim)$/, async ({ ack, body, action }) => {
      await ack();
      const b = body as BlockAction;
      const a = action as ButtonAction;
      const channel = b.channel?.id ?? b.container?.channel_id ?? '';
      const ts = b.message?.ts ?? b.container?.message_ts ?? '';
      const conversation: Conversation = {
        platform: 'slack',
        workspace: b.team?.id ?? '',
        channel,
        ...(b.message?.thread_ts ? { thread: b.message.thread_ts as string } : {}),
      };
      this.dispatch({
        kind: 'action',
        eventId: `act:${b.trigger_id}:${a.action_id}`,
        conversation,
        actor: { id: b.user.id, name: b.user.name ?? b.user.id },
        action: a.action_id.slice(3) as 'fix',
        value: a.value ?? '',
        message: { conversation, id: ts },
      });
    });
  }

  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    const msg = renderBlocks(reply);
    const res = await this.call(() =>
      this.app.client.chat.postMessage({
        channel: conversation.channel,
        text: msg.text,
        blocks: msg.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(conversation.thread ? { thread_ts: conversation.thread } : {}),
      }),
    );
    return { conversation, id: String((res as { ts?: string }).ts ?? '') };
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    const msg = renderBlocks(reply);
    await this.call(() =>
      this.app.client.chat.update({
        channel: ref.conversation.channel,
        ts: ref.id,
        text: msg.text,
        blocks: msg.blocks as never,
      }),
    );
  }

  async replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef> {
    // Always thread on the parent, never on a reply (Slack threads are one level deep).
    return this.post({ ...ref.conversation, thread: ref.conversation.thread ?? ref.id }, reply);
  }

  async respondPrivately(conversation: Conversation, user: Actor, reply: Reply): Promise<void> {
    const msg = renderBlocks(reply);
    await this.call(() =>
      this.app.client.chat.postEphemeral({
        channel: conversation.channel,
        user: user.id,
        text: msg.text,
        blocks: msg.blocks as never,
        ...(conversation.thread ? { thread_ts: conversation.thread } : {}),
      }),
    );
  }

  /** files.uploadV2: get an upload URL, send the bytes, complete the upload into the channel or thread. */
  async uploadFile(conversation: Conversation, file: OutboundFile): Promise<void> {
    await this.call(() =>
      this.app.client.filesUploadV2({
        channel_id: conversation.channel,
        filename: file.name,
        title: file.title,
        file: file.data,
        ...(conversation.thread ? { thread_ts: conversation.thread } : {}),
      } as never),
    );
  }

  /**
   * Text files shared with a message (a CSV of domains): at most 3, 1 MB each, 10 s. The bot token is
   * sent only to Slack's own file host (or the configured API's host, for the stand-in in tests).
   */
  private async readFiles(files: SlackFile[] | undefined): Promise<{ name: string; text: string }[]> {
    const out: { name: string; text: string }[] = [];
    const standIn = this.settings.apiUrl ? new URL(this.settings.apiUrl).host : undefined;
    for (const f of (files ?? []).slice(0, 3)) {
      const url = f.url_private_download ?? f.url_private;
      if (!url || (f.size ?? 0) > 1024 * 1024 || !/^(csv|text|plain|tsv)$/i.test(f.filetype ?? 'text')) continue;
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        continue;
      }
      if (!(target.protocol === 'https:' && target.host === 'files.slack.com') && target.host !== standIn) continue;
      try {
        const res = await fetch(target, {
          headers: { authorization: `Bearer ${this.settings.botToken}` },
          signal: AbortSignal.timeout(10_000),
          redirect: 'error',
        });
        if (!res.ok) continue;
        const text = (await res.text()).slice(0, 1024 * 1024);
        out.push({ name: String(f.name ?? 'file').slice(0, 100), text });
      } catch {
        // An unreadable file is left out; the command then says no domains were found.
      }
    }
    return out;
  }

  /** Workspace admins and owners manage reports, watches and exceptions (users.info, scope users:read). */
  async isManager(_conversation: Conversation, user: Actor): Promise<boolean> {
    const res = await this.call(() => this.app.client.users.info({ user: user.id }));
    const u = (res as { user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } }).user;
    return Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = err as { code?: string; retryAfter?: number; data?: { error?: string } };
      if (e.code === 'slack_webapi_rate_limited_error') throw new RateLimitedError((e.retryAfter ?? 1) * 1000);
      // The bot was removed, or the channel is gone: what was scheduled there must stop.
      if (['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive'].includes(e.data?.error ?? ''))
        throw new ConversationGoneError(e.data?.error ?? 'gone');
      throw err;
    }
  }
}
