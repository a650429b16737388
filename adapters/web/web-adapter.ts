import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Actor, ChatAdapter, Conversation, Inbound, MessageRef, OutboundFile, Reply } from '../../src/bot/types';
import { textReply } from '../../src/bot/replies';
import { renderReplyHtml } from './render-html';
import { page } from './page';
import { readJsonBody } from '../http-body';

/** What the page receives over Server-Sent Events. */
type WebEvent = { type: 'post' | 'update'; id: string; parent?: string; html: string } | { type: 'me'; text: string };

const MAX_BODY = 8 * 1024;
const MAX_HISTORY = 200;
/** Per client: the bytes of history kept for a page that reconnects. */
const MAX_HISTORY_BYTES = 1024 * 1024;
/** Clients remembered at once; the longest idle without an open page go first. */
const MAX_CLIENTS = 200;
/** A client not seen for this long (and with no open page) is forgotten. */
const IDLE_MS = 60 * 60 * 1000;
/** The host names the chat answers to: it listens on loopback, and a rebound name is someone else's. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
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
  private readonly history = new Map<string, { events: WebEvent[]; bytes: number; seen: number }>();
  private next = 1;
  /** This run's page token: every POST and event stream must carry it (a cross-site page cannot read it). */
  readonly pageToken = randomBytes(16).toString('hex');

  constructor(private readonly clock: () => number = Date.now) {}

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
    const mine = url.pathname === '/' || url.pathname.startsWith('/api/web/');
    if (!mine) return false;
    const refused = this.refusal(req, url);
    if (refused) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: refused }));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(page(this.pageToken));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/api/web/events') {
      const client = clientId(url.searchParams.get('client'));
      if (!client) return bad(res, 'client id required');
      this.touch(client);
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      // Send the headers now: the page learns the stream is open before the first card exists.
      res.write(': connected\n\n');
      const set = this.streams.get(client) ?? new Set();
      this.streams.set(client, set);
      set.add(res);
      for (const ev of this.history.get(client)?.events ?? []) res.write(`data: ${JSON.stringify(ev)}\n\n`);
      req.on('close', () => {
        set.delete(res);
        if (set.size === 0) this.streams.delete(client);
        this.touch(client);
      });
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
      res.writeHead(200, {
        'content-type': entry.file.contentType,
        'content-disposition': `attachment; filename="${entry.file.name.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
      });
      res.end(entry.file.data);
      return true;
    }
    if (req.method === 'POST' && (url.pathname === '/api/web/message' || url.pathname === '/api/web/action')) {
      void readJson(req).then(
        (body) => {
          const client = clientId(typeof body?.client === 'string' ? body.client : null);
          if (!body || !client) return void bad(res, 'bad request');
          this.touch(client);
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
            event = {
              kind: 'action',
              eventId,
              conversation,
              actor,
              action: action as 'fix',
              value: String(body.value ?? '').slice(0, 64),
              message: { conversation, id: String(body.message ?? '').slice(0, 64) },
            };
          }
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
          // Answered first, worked on after: the core's replies arrive over the event stream.
          void this.handler?.(event);
        },
        (err: Error) => {
          // Answer, then drop the connection: the rest of an oversized body is never read.
          const status = err.message === 'too large' ? 413 : 400;
          res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
          res.end(JSON.stringify({ ok: false, error: status === 413 ? 'body too large' : 'not JSON' }), () =>
            req.destroy(),
          );
        },
      );
      return true;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
    return true;
  }

  /**
   * Why a request is refused, if it is (issue 14 item 3): the Host must be a loopback name (DNS
   * rebinding gives another), an Origin must be this page's own, and what changes state (POST) or
   * streams a conversation must carry the page token and, for POST, a JSON body; a cross-site form or
   * `text/plain` fetch can do neither.
   */
  private refusal(req: IncomingMessage, url: URL): string | undefined {
    const host = String(req.headers.host ?? '').toLowerCase();
    const hostname = host.replace(/:\d+$/, '');
    if (!LOCAL_HOSTS.has(hostname)) return 'host not allowed';
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return 'cross-site request refused';
    if (req.method === 'POST') {
      if (origin === undefined) return 'origin required';
      if (!/^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? '')))
        return 'content type must be application/json';
      if (!this.tokenOk(req.headers['x-mailcheck-token'])) return 'page token missing or wrong: reload the page';
    } else if (url.pathname === '/api/web/events' && !this.tokenOk(url.searchParams.get('token') ?? undefined)) {
      return 'page token missing or wrong: reload the page';
    }
    return undefined;
  }

  private tokenOk(given: string | string[] | undefined): boolean {
    if (typeof given !== 'string' || given.length !== this.pageToken.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.pageToken));
  }

  /** Marks a client as seen, and forgets idle ones (bounded memory whatever the number of client ids). */
  private touch(client: string): void {
    const now = this.clock();
    const h = this.history.get(client);
    if (h) h.seen = now;
    else this.history.set(client, { events: [], bytes: 0, seen: now });
    for (const [id, entry] of this.history)
      if (id !== client && !this.streams.has(id) && now - entry.seen >= IDLE_MS) this.forget(id);
    while (this.history.size > MAX_CLIENTS) {
      // The longest idle without an open page first; if every one has a page open, the longest idle.
      const others = [...this.history.entries()].filter(([id]) => id !== client).sort((x, y) => x[1].seen - y[1].seen);
      const victim = others.find(([id]) => !this.streams.has(id)) ?? others[0];
      if (!victim) break;
      this.forget(victim[0]);
    }
  }

  private forget(client: string): void {
    this.history.delete(client);
    for (const res of this.streams.get(client) ?? []) res.end();
    this.streams.delete(client);
    for (const [id, f] of this.files) if (f.client === client) this.files.delete(id);
  }

  /** Clients remembered now (for tests and the health of a long-running chat). */
  clientCount(): number {
    return this.history.size;
  }

  async post(conversation: Conversation, reply: Reply): Promise<MessageRef> {
    const id = `m${this.next++}`;
    this.emit(conversation.channel, {
      type: 'post',
      id,
      ...(conversation.thread ? { parent: conversation.thread } : {}),
      html: renderReplyHtml(reply, id),
    });
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
    await this.post(conversation, {
      ...textReply(file.title),
      paragraphs: [`${file.name} (${file.data.length} bytes)`],
      code: [link],
    });
  }

  private emit(client: string, ev: WebEvent): void {
    if (!this.history.has(client)) this.touch(client);
    const h = this.history.get(client) as { events: WebEvent[]; bytes: number; seen: number };
    const size = (e: WebEvent): number => ('html' in e ? e.html.length : e.text.length) + 64;
    if (ev.type === 'update') {
      const i = h.events.findIndex((x) => x.type === 'post' && x.id === ev.id);
      const old = h.events[i];
      if (old && old.type === 'post') {
        h.bytes += ev.html.length - old.html.length;
        h.events[i] = { ...old, html: ev.html };
      }
    } else {
      h.events.push(ev);
      h.bytes += size(ev);
    }
    while (h.events.length > 1 && (h.events.length > MAX_HISTORY || h.bytes > MAX_HISTORY_BYTES))
      h.bytes -= size(h.events.shift() as WebEvent);
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

/** The body as an object (the chat's requests are JSON objects), or why not. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const body = await readJsonBody(req, MAX_BODY);
  if (!body.ok) throw new Error(body.status === 413 ? 'too large' : 'not JSON');
  return body.value && typeof body.value === 'object' ? (body.value as Record<string, unknown>) : undefined;
}
