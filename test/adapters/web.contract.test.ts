import { get, request } from 'node:http';
import { strict as assert } from 'node:assert';
import { startBot, type RunningBot } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { textReply } from '../../src/bot/replies';
import type { WebChatAdapter } from '../../adapters/web/web-adapter';
import { ZoneResolver } from '../support/zone-resolver';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import { adapterContract, type Harness, type Observed } from './contract';

function post(port: number, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end(data);
  });
}

const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const actions = (html: string): { id: string; value: string }[] => [...html.matchAll(/data-action="([^"]+)" data-value="([^"]+)"/g)].map((m) => ({ id: m[1] as string, value: m[2] as string }));

class WebHarness implements Harness {
  channel = `client-${Math.random().toString(36).slice(2, 10)}`;
  private bot?: RunningBot;
  private seen: Observed[] = [];
  private n = 0;

  async start(): Promise<void> {
    this.bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), { resolver: new ZoneResolver(MUNICIPALITIES) });
    await new Promise<void>((resolve) => {
      get({ host: '127.0.0.1', port: this.bot?.port, path: `/api/web/events?client=${this.channel}` }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const line = buf.slice(0, i).replace(/^data: /, '');
            buf = buf.slice(i + 2);
            if (line.startsWith(':')) continue;
            const ev = JSON.parse(line) as { type: string; id: string; parent?: string; html: string };
            if (ev.type === 'post' || ev.type === 'update') {
              this.seen.push({ kind: ev.type, id: ev.id, channel: this.channel, ...(ev.parent ? { thread: ev.parent } : {}), text: text(ev.html), actions: actions(ev.html) });
            }
          }
        });
        resolve();
      });
    });
  }
  async stop(): Promise<void> { await this.bot?.close(); }
  async say(t: string, opts: { eventId?: string; fromBot?: boolean } = {}): Promise<void> {
    if (opts.fromBot) {
      // The page never sends bot-authored messages; hand the core one as an adapter would mark it.
      const web = this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
      await this.bot?.core.handle(web, { kind: 'message', eventId: `bot${this.n++}`, conversation: { platform: 'web', workspace: 'local', channel: this.channel }, actor: { id: 'mailcheck' }, text: t, fromBot: true });
      return;
    }
    assert.equal(await post(this.bot?.port ?? 0, '/api/web/message', { client: this.channel, text: t, id: opts.eventId ?? `e${this.n++}` }), 202);
  }
  async press(action: string, value: string, messageId: string): Promise<void> {
    assert.equal(await post(this.bot?.port ?? 0, '/api/web/action', { client: this.channel, action, value, message: messageId, id: `a${this.n++}` }), 202);
  }
  async proactive(t: string): Promise<void> {
    const web = this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
    await web.post({ platform: 'web', workspace: 'local', channel: this.channel }, textReply(t));
  }
  observed(): Observed[] { return this.seen; }
  adapter(): WebChatAdapter { return this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter; }
}

adapterContract('local web chat', () => new WebHarness());

describe('local web chat specifics', () => {
  it('serves the page and health check on loopback, and refuses bad requests', async () => {
    const bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), { resolver: new ZoneResolver({}) });
    try {
      const status = (path: string): Promise<number> => new Promise((resolve) => get({ host: '127.0.0.1', port: bot.port, path }, (r) => { r.resume(); resolve(r.statusCode ?? 0); }));
      assert.equal(await status('/healthz'), 200);
      assert.equal(await status('/'), 200);
      assert.equal(await status('/nope'), 404);
      assert.equal(await status('/api/web/events'), 400);
      assert.equal(await post(bot.port, '/api/web/message', { client: 'x', text: 'hi' }), 400, 'client id too short');
      assert.equal(await post(bot.port, '/api/web/message', { client: 'abcdef12', text: 'a'.repeat(20_000) }), 413, 'body over 8 kB');
      assert.equal(await post(bot.port, '/api/web/action', { client: 'abcdef12', action: 'rm -rf', value: 'c1' }), 400);
      assert.equal((bot.server.address() as { address: string }).address, '127.0.0.1');
      // A shared file is served only to the conversation it was shared in.
      const web = bot.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
      await web.uploadFile({ platform: 'web', workspace: 'local', channel: 'abcdef12' }, { name: 'x.csv', contentType: 'text/csv', data: Buffer.from('a,b\n'), title: 'CSV' });
      const link = /\/api\/web\/files\/[a-f0-9-]{36}/.exec(JSON.stringify((web as unknown as { history: Map<string, unknown> }).history.get('abcdef12')))?.[0] ?? '';
      assert.equal(await status(`${link}?client=abcdef12`), 200);
      assert.equal(await status(`${link}?client=someoneelse`), 404);
    } finally {
      await bot.close();
    }
  });
});
