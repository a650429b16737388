import { MailcheckError } from '../errors';
import type { CheckType } from '../report/types';
import type { Topic } from '../standards';
import type { Lang } from '../config';
import type { Status } from '../report/types';

/** The bot's platform-neutral nouns (ARCHITECTURE.md): the core owns them, adapters translate. */

export type Platform = 'slack' | 'teams' | 'web';

/** Where a message lives: a channel or chat, and optionally the thread (parent message) inside it. */
export interface Conversation {
  platform: Platform;
  /** Slack team / Teams tenant / "local" for the web chat. */
  workspace: string;
  channel: string;
  thread?: string;
}

/** The one key of a conversation (threads share their conversation's key), for queues, store and languages. */
export const conversationKey = (c: Pick<Conversation, 'platform' | 'workspace' | 'channel'>): string =>
  `${c.platform}:${c.workspace}:${c.channel}`;

export interface MessageRef {
  conversation: Conversation;
  id: string;
}

export interface Actor {
  id: string;
  name?: string;
}

export type { CheckType };
/** What `uitleg <standaard>` explains: a topic of the registry (src/standards.ts). */
export type Standard = Topic;

export type Command =
  | { kind: 'check'; type: CheckType; domain: string }
  | { kind: 'explain'; standard: Standard }
  | { kind: 'help' }
  | { kind: 'lang'; lang: Lang }
  | { kind: 'report_add'; list: string; type: CheckType; when: string }
  | { kind: 'report_list' }
  | { kind: 'report_remove'; id: string }
  | { kind: 'report_now'; list: string; type: CheckType }
  | { kind: 'watch'; domain: string; type: CheckType }
  | { kind: 'unwatch'; domain: string }
  | { kind: 'watches' }
  | { kind: 'exception'; domain: string; standard: string; reason: string; until: string }
  | { kind: 'list_add'; name: string; domains: string[] }
  | {
      kind: 'invalid';
      reason:
        | 'bad_domain'
        | 'missing_domain'
        | 'unknown_command'
        | 'unknown_standard'
        | 'bad_report'
        | 'bad_exception'
        | 'bad_list';
      detail?: string;
    };

export type ActionId = 'fix' | 'recheck' | 'claim';

export interface InboundMessage {
  kind: 'message';
  /** Platform delivery id (Slack event_id, Teams activity id): retries carry the same one. */
  eventId: string;
  conversation: Conversation;
  actor: Actor;
  text: string;
  /** Sent by a bot (ourselves included): never answered. */
  fromBot?: boolean;
  /** Text files shared with the message (a CSV list), read by the adapter within its limits. */
  files?: { name: string; text: string }[];
}

export interface InboundAction {
  kind: 'action';
  eventId: string;
  conversation: Conversation;
  actor: Actor;
  action: ActionId;
  /** The check the card belongs to. */
  value: string;
  message: MessageRef;
}

/** The bot was removed from a conversation (Teams uninstall, removed from a team): forget it. */
export interface InboundRemoved {
  kind: 'removed';
  eventId: string;
  conversation: Conversation;
}

export type Inbound = InboundMessage | InboundAction | InboundRemoved;

export type RowStatus = Status | 'pending';

/** A neutral card: what every platform renders in its own way. Renderers hold no prose of their own. */
export interface Reply {
  headline: string;
  score?: number;
  status?: RowStatus;
  rows: { label: string; status: RowStatus; text: string }[];
  /** Paragraphs (plain text) and records to publish (shown as code). */
  paragraphs: string[];
  code: string[];
  actions: { id: ActionId; label: string; value: string; primary?: boolean }[];
  footer?: string;
  /** Plain-text version for notifications and clients that show no cards. */
  fallback: string;
}

export interface AdapterCapabilities {
  threads: boolean;
  updates: boolean;
  /** Can show a message to one user only (Slack ephemeral); otherwise privately means "in this conversation". */
  privateReplies: boolean;
  files: boolean;
}

/** A file to share (a CSV of results, a chart). */
export interface OutboundFile {
  name: string;
  contentType: string;
  data: Buffer;
  title: string;
}

/** What every chat platform implements (the port); the contract suite tests each one. */
export interface ChatAdapter {
  readonly platform: Platform;
  readonly capabilities: AdapterCapabilities;
  start(handler: (event: Inbound) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  post(conversation: Conversation, reply: Reply): Promise<MessageRef>;
  update(ref: MessageRef, reply: Reply): Promise<void>;
  replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef>;
  /** Show a reply to one user only, where the platform can (else in the conversation). */
  respondPrivately(conversation: Conversation, user: Actor, reply: Reply): Promise<void>;
  /** Share a file in a conversation (in a thread when `conversation.thread` is set). */
  uploadFile(conversation: Conversation, file: OutboundFile): Promise<void>;
  /**
   * Whether the user manages this conversation or workspace (Slack workspace admin or owner, Teams
   * team owner): they may create and remove reports, watches and exceptions. Platforms that cannot
   * tell leave it out, and then only configured admins may.
   */
  isManager?(conversation: Conversation, user: Actor): Promise<boolean>;
  /** What the platform needs to post there again later (Teams: the conversation reference with its service URL). */
  exportReference?(conversation: Conversation): Record<string, unknown> | undefined;
  importReference?(conversation: Conversation, ref: Record<string, unknown>): void;
}

/** The platform says the bot can no longer post there (removed from the channel, chat deleted). */
export { ConversationGoneError } from '../errors';

/** An adapter says so when the platform asks it to wait (Slack 429, Teams 429 with Retry-After). */
export class RateLimitedError extends MailcheckError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
  }
}
