import { get, request } from 'node:http';
import { strict as assert } from 'node:assert';
import { startBot, type RunningBot } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { textReply } from '../../src/bot/replies';
import type { WebChatAdapter } from '../../adapters/web/web-adapter';
import { ZoneResolver } from '../support/zone-resolver';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import { adapterContract, type Harness, type Observed } from './contract';

/** A POST as the page makes it: JSON, its own Origin, the page token; `headers` override any of them. */
function post(
  port: number,
  path: string,
  body: unknown,
  token: string,
  headers: Record<string, string | undefined> = {},
  raw?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = raw ?? JSON.stringify(body);
    const all: Record<string, string> = {};
    for (const [k, v] of Object.entries({
      host: `127.0.0.1:${port}`,
      origin: `http://127.0.0.1:${port}`,
      'content-type': 'application/json',
      'x-mailcheck-token': token,
      ...headers,
    }))
      if (v !== undefined) all[k] = v;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...all, 'content-length': String(Buffer.byteLength(data)) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const tokenOf = (bot: RunningBot): string =>
  (bot.adapters.find((a) => a.platform === 'web') as WebChatAdapter).pageToken;

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const actions = (html: string): { id: string; value: string }[] =>
  [...html.matchAll(/data-action="([^"]+)" data-value="([^"]+)"/g)].map((m) => ({
    id: m[1] as string,
    value: m[2] as string,
  }));

class WebHarness implements Harness {
  channel = `client-${Math.random().toString(36).slice(2, 10)}`;
  private bot?: RunningBot;
  private seen: Observed[] = [];
  private n = 0;

  async start(): Promise<void> {
    this.bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), {
      resolver: new ZoneResolver(MUNICIPALITIES),
    });
    await new Promise<void>((resolve) => {
      get(
        {
          host: '127.0.0.1',
          port: this.bot?.port,
          path: `/api/web/events?client=${this.channel}&token=${tokenOf(this.bot as RunningBot)}`,
        },
        (res) => {
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
                this.seen.push({
                  kind: ev.type,
                  id: ev.id,
                  channel: this.channel,
                  ...(ev.parent ? { thread: ev.parent } : {}),
                  text: text(ev.html),
                  actions: actions(ev.html),
                });
              }
            }
          });
          resolve();
        },
      );
    });
  }
  async stop(): Promise<void> {
    await this.bot?.close();
  }
  async say(t: string, opts: { eventId?: string; fromBot?: boolean } = {}): Promise<void> {
    if (opts.fromBot) {
      // The page never sends bot-authored messages; hand the core one as an adapter would mark it.
      const web = this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
      await this.bot?.core.handle(web, {
        kind: 'message',
        eventId: `bot${this.n++}`,
        conversation: { platform: 'web', workspace: 'local', channel: this.channel },
        actor: { id: 'mailcheck' },
        text: t,
        fromBot: true,
      });
      return;
    }
    assert.equal(
      await post(
        this.bot?.port ?? 0,
        '/api/web/message',
        { client: this.channel, text: t, id: opts.eventId ?? `e${this.n++}` },
        tokenOf(this.bot as RunningBot),
      ),
      202,
    );
  }
  async press(action: string, value: string, messageId: string): Promise<void> {
    assert.equal(
      await post(
        this.bot?.port ?? 0,
        '/api/web/action',
        { client: this.channel, action, value, message: messageId, id: `a${this.n++}` },
        tokenOf(this.bot as RunningBot),
      ),
      202,
    );
  }
  async proactive(t: string): Promise<void> {
    const web = this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
    await web.post({ platform: 'web', workspace: 'local', channel: this.channel }, textReply(t));
  }
  observed(): Observed[] {
    return this.seen;
  }
  adapter(): WebChatAdapter {
    return this.bot?.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
  }
}

adapterContract('local web chat', () => new WebHarness());

describe('local web chat specifics', () => {
  it('serves the page and health check on loopback, and refuses bad requests', async () => {
    const bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), { resolver: new ZoneResolver({}) });
    try {
      const status = (path: string): Promise<number> =>
        new Promise((resolve) =>
          get({ host: '127.0.0.1', port: bot.port, path }, (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          }),
        );
      assert.equal(await status('/healthz'), 200);
      assert.equal(await status('/'), 200);
      assert.equal(await status('/nope'), 404);
      const token = tokenOf(bot);
      assert.equal(await status('/api/web/events'), 403, 'no page token');
      assert.equal(await status(`/api/web/events?token=${token}`), 400, 'no client id');
      assert.equal(
        await post(bot.port, '/api/web/message', { client: 'x', text: 'hi' }, token),
        400,
        'client id too short',
      );
      assert.equal(
        await post(bot.port, '/api/web/message', { client: 'abcdef12', text: 'a'.repeat(20_000) }, token),
        413,
        'body over 8 kB',
      );
      assert.equal(
        await post(bot.port, '/api/web/action', { client: 'abcdef12', action: 'rm -rf', value: 'c1' }, token),
        400,
      );
      assert.equal((bot.server.address() as { address: string }).address, '127.0.0.1');
      // A shared file is served only to the conversation it was shared in.
      const web = bot.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
      await web.uploadFile(
        { platform: 'web', workspace: 'local', channel: 'abcdef12' },
        { name: 'x.csv', contentType: 'text/csv', data: Buffer.from('a,b\n'), title: 'CSV' },
      );
      const link =
        /\/api\/web\/files\/[a-f0-9-]{36}/.exec(
          JSON.stringify(
            (web as unknown as { history: Map<string, { events: unknown }> }).history.get('abcdef12')?.events,
          ),
        )?.[0] ?? '';
      assert.equal(await status(`${link}?client=abcdef12`), 200);
      assert.equal(await status(`${link}?client=someoneelse`), 404);
    } finally {
      await bot.close();
    }
  });
});

describe('local web chat: cross-site requests, DNS rebinding and memory (issue 14 item 3)', () => {
  let bot: RunningBot;
  let token: string;
  let seen: string[];
  beforeEach(async () => {
    bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), {
      resolver: new ZoneResolver(MUNICIPALITIES),
    });
    token = tokenOf(bot);
    seen = [];
    const core = bot.core as unknown as { handle: (a: unknown, e: { kind: string; text?: string }) => Promise<void> };
    const original = core.handle.bind(core);
    core.handle = async (a, e) => {
      seen.push(e.text ?? e.kind);
      return original(a, e);
    };
  });
  afterEach(async () => bot.close());

  const body = { client: 'abcdef12', text: 'rapport toevoegen gemeenten * * * * *', id: 'x1' };
  const cases: [string, Record<string, string | undefined>, string?][] = [
    [
      'a cross-site text/plain form post (no token)',
      { 'content-type': 'text/plain', origin: 'https://evil.example', 'x-mailcheck-token': undefined },
    ],
    ['a text/plain post with the right token and origin', { 'content-type': 'text/plain' }],
    ['a form-encoded post', { 'content-type': 'application/x-www-form-urlencoded' }, 'client=abcdef12&text=x'],
    ['another origin with JSON and the token', { origin: 'https://evil.example' }],
    ['a rebound host name (DNS rebinding)', { host: 'evil.example:3978', origin: 'http://evil.example:3978' }],
    ['no Origin at all', { origin: undefined }],
    ['no page token', { 'x-mailcheck-token': undefined }],
    ['a wrong page token', { 'x-mailcheck-token': 'f'.repeat(32) }],
  ];
  for (const [what, headers, raw] of cases) {
    it(`refuses ${what}, and nothing reaches the core`, async () => {
      assert.equal(await post(bot.port, '/api/web/message', body, token, headers, raw), 403);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(seen, []);
    });
  }

  it("takes the page's own request (same origin, JSON, token)", async () => {
    assert.equal(await post(bot.port, '/api/web/message', { ...body, text: 'help' }, token), 202);
    const until = Date.now() + 2000;
    while (seen.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, ['help']);
  });

  it('the event stream and the page refuse a rebound host name; the stream needs the token', async () => {
    const status = (path: string, host: string): Promise<number> =>
      new Promise((resolve) =>
        get({ host: '127.0.0.1', port: bot.port, path, headers: { host } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
          r.destroy();
        }),
      );
    assert.equal(await status('/', 'evil.example'), 403);
    assert.equal(await status(`/api/web/events?client=abcdef12&token=${token}`, 'evil.example'), 403);
    assert.equal(await status('/api/web/events?client=abcdef12&token=nope', `localhost:${bot.port}`), 403);
    assert.equal(await status('/', `localhost:${bot.port}`), 200);
  });

  it("the page carries this run's token and forbids framing", async () => {
    const html = await new Promise<{ body: string; headers: Record<string, unknown> }>((resolve) =>
      get({ host: '127.0.0.1', port: bot.port, path: '/' }, (r) => {
        let b = '';
        r.on('data', (c: Buffer) => {
          b += c.toString();
        });
        r.on('end', () => resolve({ body: b, headers: r.headers }));
      }),
    );
    assert.ok(html.body.includes(`content="${token}"`));
    assert.equal(html.headers['x-frame-options'], 'DENY');
  });

  it('20,000 client ids leave a bounded number of clients remembered', async () => {
    const web = bot.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
    for (let i = 0; i < 20_000; i++)
      await web.post({ platform: 'web', workspace: 'local', channel: `client-${i}` }, textReply('x'.repeat(1000)));
    assert.ok(web.clientCount() <= 200, String(web.clientCount()));
  });

  it("a client's history is bounded in bytes as well as in messages", async () => {
    const web = bot.adapters.find((a) => a.platform === 'web') as WebChatAdapter;
    for (let i = 0; i < 150; i++)
      await web.post({ platform: 'web', workspace: 'local', channel: 'abcdef12' }, textReply('y'.repeat(20_000)));
    const h = (web as unknown as { history: Map<string, { events: unknown[] }> }).history.get('abcdef12');
    const bytes = JSON.stringify(h?.events).length;
    assert.ok(bytes < 1.2 * 1024 * 1024, String(bytes));
    assert.ok((h?.events.length ?? 0) < 150);
  });
});
