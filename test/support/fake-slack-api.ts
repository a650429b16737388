import { createServer, type Server } from 'node:http';
import { LIMITS } from '../../adapters/slack/render-blocks';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A local stand-in for Slack's Web API (`SLACK_API_URL`): answers auth.test, chat.postMessage and
 * chat.update like Slack does, records every call, and refuses Block Kit that breaks Slack's limits
 * (`invalid_blocks`), so a renderer bug shows up as a failing call, not as a silent pass.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly violations: string[] = [];
  /** Sizes of file bodies sent to an upload URL. */
  readonly uploads: number[] = [];
  /** Answer the next N calls with 429 and this Retry-After (seconds). */
  rateLimitNext = 0;
  /** Users users.info reports as workspace admins. */
  admins = new Set<string>();
  /** Files users shared, served at /files/<name> to requests with the bot token. */
  files = new Map<string, string>();
  /** Channels the bot was removed from: posting there fails as Slack does (not_in_channel). */
  gone = new Set<string>();
  private server?: Server;
  private ts = 1000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if ((req.url ?? '').startsWith('/files/')) {
          const body = this.files.get(decodeURIComponent((req.url ?? '').slice(7)));
          const authorised = req.headers.authorization === 'Bearer xoxb-test-token';
          res.writeHead(body !== undefined && authorised ? 200 : authorised ? 404 : 403, {
            'content-type': 'text/csv',
          });
          res.end(authorised ? (body ?? '') : '');
          return;
        }
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const raw = Buffer.concat(chunks).toString('utf8');
        let args: Record<string, unknown> = {};
        if ((req.headers['content-type'] ?? '').includes('json'))
          args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        else for (const [k, v] of new URLSearchParams(raw)) args[k] = k === 'blocks' ? JSON.parse(v) : v;
        if (this.rateLimitNext > 0 && method.startsWith('chat.')) {
          this.rateLimitNext--;
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        this.calls.push({ method, args });
        const reply = (body: object): void => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (method === 'chat.postEphemeral') return reply({ ok: true, message_ts: `${this.ts++}.000200` });
        // files.uploadV2 = getUploadURLExternal, a POST of the bytes to upload_url, completeUploadExternal.
        if (method === 'files.getUploadURLExternal')
          return reply({ ok: true, upload_url: `${this.url}upload/F${this.ts}`, file_id: `F${this.ts++}` });
        if (method.startsWith('upload/')) {
          this.uploads.push(raw.length);
          res.writeHead(200);
          res.end('OK - 1');
          return;
        }
        if (method === 'files.completeUploadExternal') return reply({ ok: true, files: [{ id: 'F1' }] });
        if (method === 'users.info')
          return reply({
            ok: true,
            user: { id: args.user, is_admin: this.admins.has(String(args.user)), is_owner: false },
          });
        if (
          (method === 'chat.postMessage' || method === 'files.completeUploadExternal') &&
          this.gone.has(String(args.channel ?? args.channel_id))
        )
          return reply({ ok: false, error: 'not_in_channel' });
        if (method === 'auth.test')
          return reply({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'mailcheck' });
        if (method === 'chat.postMessage' || method === 'chat.update') {
          const problem = this.check(args.blocks);
          if (problem) {
            this.violations.push(problem);
            return reply({ ok: false, error: 'invalid_blocks' });
          }
          return reply({
            ok: true,
            channel: args.channel,
            ts: method === 'chat.update' ? args.ts : `${this.ts++}.000100`,
          });
        }
        reply({ ok: false, error: 'unknown_method' });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as { port: number }).port}/api/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private check(blocks: unknown): string | undefined {
    if (blocks === undefined) return undefined;
    if (!Array.isArray(blocks)) return 'blocks is not an array';
    if (blocks.length > LIMITS.blocks) return `${blocks.length} blocks`;
    for (const b of blocks as { type: string; text?: { text: string }; elements?: { text?: { text: string } }[] }[]) {
      if (b.type === 'header' && (b.text?.text.length ?? 0) > LIMITS.header) return 'header too long';
      if (b.type === 'section' && (b.text?.text.length ?? 0) > LIMITS.sectionText) return 'section text too long';
      if (b.type === 'actions' && b.elements?.some((e) => (e.text?.text.length ?? 0) > LIMITS.buttonText))
        return 'button label too long';
    }
    return undefined;
  }
}
