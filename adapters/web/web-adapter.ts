import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Actor, ChatAdapter, Conversation, Inbound, MessageRef, OutboundFile, Reply } from '../../src/bot/types';
import { textReply } from '../../src/bot/replies';
import { renderReplyHtml } from './render-html';
import { PAGE } from './page';

/** What the page receives over Server-Sent Events. */
type WebEvent =
  | { type: 'post' | 'update'; id: string; parent?: string; html: string }
  | { type: 'me'; text: string };

const MAX_BODY = 8 * 1024;
const MAX_HISTORY = 200;
const ACTIONS = new Set(['fix', 'recheck', 'claim']);

/**
 * The local web chat, the default when no chat platform is configured: a page on localhost speaking to
 * the same core through the same ChatAdapter contract. Each browser (a random id in localStorage) is
 * one conversation. It translates; the core decides.
 */
export class WebChatAdapter implements ChatAdapter {
  readonly platform = 'web' as const;
  readonly capabilities = { threads: true, updates: true, privateReplies: true, files: true };
  /** Shared files, served at /api/web/files/<id>; the oldest go first. */
  private readonly files = new Map<string, { client: string; file: OutboundFile }>();
  private handler?: (event: Inbound) => Promise<void>;
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly history = new Map<string, WebEvent[]>();
  private next = 1;

  async start(handler: (event: Inbound) => Promise<void>): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }

  /** Routes of the web chat; returns false for paths that are not its own. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' });
      res.end(PAGE);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/api/web/events') {
      const client = clientId(url.searchParams.get('client'));
      if (!client) return bad(res, 'client id required');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      // Send the headers now: the page learns the stream is open before the first card exists.
      res.write(': connected\n\n');
      const set = this.streams.get(client) ?? new Set();
      this.streams.set(client, set);
      set.add(res);
      for (const ev of this.history.get(client) ?? []) res.write(`data: ${JSON.stringify(ev)}\n\n`);
      req.on('close', () => set.delete(res));
      return true;
    }
    const fileMatch = /^\/api\/web\/files\/([a-f0-9-]{36})$/.exec(url.pathname);
    if (req.method === 'GET' && fileMatch) {
      const entry = this.files.get(fileMatch[1] as string);
      if (!entry || entry.client !== clientId(url.searchParams.get('client'))) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found\n');
        return true;
      }
      res.writeHead(200, { 'content-type': entry.file.contentType, 'content-disposition': `attachment; filename="${entry.file.name.replace(/[^\w.-]/g, '_')}"`, 'x-content-type-options': 'nosniff' });
      res.end(entry.file.data);
      return true;
    }
    if (req.method === 'POST' && (url.pathname === '/api/web/message' || url.pathname === '/api/web/action')) {
      void readJson(req).then((body) => {
        const client = clientId(typeof body?.client === 'string' ? body.client : null);
        if (!body || !client) return void bad(res, 'bad request');
        const conversation: Conversation = { platform: 'web', workspace: 'local', channel: client };
        const eventId = typeof body.id === 'string' ? body.id.slice(0, 64) : randomUUID();
        const actor = { id: client, name: 'u' };
        let event: Inbound;
        if (url.pathname === '/api/web/message') {
          const text = typeof body.text === 'string' ? body.text.slice(0, 4000) : '';
          this.emit(client, { type: 'me', text });
          event = { kind: 'message', eventId, conversation, actor, text };
        } else {
          const action = String(body.action ?? '');
          if (!ACTIONS.has(action)) return void bad(res, 'unknown action');
          event = { kind: 'action', eventId, conversation, actor, action: action as 'fix', value: String(body.value ?? '').slice(0, 64), message: { conversation, id: String(body.message ?? '').slice(0, 64) } };
        }
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        // Answered first, worked on after: the core's replies arrive over the event stream.
        void this.handler?.(event);
      }, (err: Error) => {
        // Answer, then drop the connection: the rest of an oversized body is never read.
        const status = err.message === 'too large' ? 413 : 400;
        res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ ok: false, error: status === 413 ? 'body too large' : 'not JSON' }), () => req.destroy());
      });
      return true;
    }
    return false;
  }

  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    const id = `m${this.next++}`;
    this.emit(conversation.channel, { type: 'post', id, ...(conversation.thread ? { parent: conversation.thread } : {}), html: renderReplyHtml(reply, id) });
    return { conversation, id };
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.emit(ref.conversation.channel, { type: 'update', id: ref.id, html: renderReplyHtml(reply, ref.id) });
  }

  async replyInThread(ref: MessageRef, reply: Reply): Promise<MessageRef> {
    const parent = ref.conversation.thread ?? ref.id;
    return this.post({ ...ref.conversation, thread: parent }, reply);
  }

  /** Each browser is its own conversation, so a private reply is an ordinary one here. */
  async respondPrivately(conversation: Conversation, _user: Actor, reply: Reply): Promise<void> {
    await this.post(conversation, reply);
  }

  async uploadFile(conversation: Conversation, file: OutboundFile): Promise<void> {
    const id = randomUUID();
    this.files.set(id, { client: conversation.channel, file });
    if (this.files.size > 100) this.files.delete(this.files.keys().next().value as string);
    const link = `/api/web/files/${id}?client=${encodeURIComponent(conversation.channel)}`;
    await this.post(conversation, { ...textReply(file.title), paragraphs: [`${file.name} (${file.data.length} bytes)`], code: [link] });
  }

  private emit(client: string, ev: WebEvent): void {
    const h = this.history.get(client) ?? [];
    if (ev.type === 'update') {
      const i = h.findIndex((x) => x.type === 'post' && x.id === ev.id);
      if (i >= 0) h[i] = { ...(h[i] as { type: 'post'; id: string; parent?: string; html: string }), html: ev.html };
    } else {
      h.push(ev);
      if (h.length > MAX_HISTORY) h.shift();
    }
    this.history.set(client, h);
    for (const res of this.streams.get(client) ?? []) res.write(`data: ${JSON.stringify(ev)}\n\n`);
  }
}

function clientId(raw: string | null): string | undefined {
  return raw && /^[a-z0-9-]{6,64}$/i.test(raw) ? raw : undefined;
}

function bad(res: ServerResponse, message: string): boolean {
  if (!res.headersSent) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: message }));
  }
  return true;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { req.pause(); req.removeAllListeners('data'); reject(new Error('too large')); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        resolve(v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
      } catch {
        reject(new Error('not JSON'));
      }
    });
    req.on('error', reject);
  });
}
