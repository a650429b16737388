import type { Actor, ChatAdapter, Conversation, MessageRef, OutboundFile, Reply } from '../../src/bot/types';

/**
 * A Slack-like chat adapter that records the text of everything the bot posts (a fake, not a mock).
 * `managers` are the user ids it reports as channel managers; `failUploads` makes the first n file
 * uploads fail as a platform with a 5xx would.
 */
export class RecordingAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: false, files: true };
  readonly texts: string[] = [];
  readonly files: string[] = [];
  /** New top-level messages, and updates with the message they changed. */
  readonly posts: MessageRef[] = [];
  readonly updates: { ref: MessageRef; text: string }[] = [];
  uploadAttempts = 0;
  constructor(private readonly options: { managers?: string[]; failUploads?: number } = {}) {}
  async start(): Promise<void> {
    /* nothing to listen to */
  }
  async stop(): Promise<void> {
    /* nothing to stop */
  }
  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    this.texts.push(reply.fallback);
    const ref = { conversation, id: `m${this.texts.length}` };
    this.posts.push(ref);
    return ref;
  }
  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.texts.push(reply.fallback);
    this.updates.push({ ref, text: reply.fallback });
  }
  async replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef> {
    this.texts.push(reply.fallback);
    return { conversation: ref.conversation, id: `m${this.texts.length}` };
  }
  async respondPrivately(): Promise<void> {
    /* not used here */
  }
  async uploadFile(_c: Conversation, file: OutboundFile): Promise<void> {
    this.uploadAttempts++;
    if (this.uploadAttempts <= (this.options.failUploads ?? 0)) throw new Error('slack: 503 service_unavailable');
    this.files.push(file.name);
  }
  async isManager(_c: Conversation, actor: Actor): Promise<boolean> {
    return (this.options.managers ?? []).includes(actor.id);
  }
}
