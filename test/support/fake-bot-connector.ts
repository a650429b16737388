import { createServer, type Server } from 'node:http';

export interface ConnectorCall {
  method: 'send' | 'reply' | 'update';
  conversation: string;
  /** The activity id replied to or updated. */
  target?: string;
  id: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` of Teams activities): records
 * `POST v3/conversations/{id}/activities` (send), `POST …/activities/{replyTo}` (reply) and
 * `PUT …/activities/{id}` (update) and answers as the service does; can be told to answer 429 or
 * BotNotInConversationRoster.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  rateLimitNext = 0;
  gone = new Set<string>();
  url = '';
  private server?: Server;
  private n = 1;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        const reply = (status: number, body: object, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (!m) return reply(404, { error: { code: 'NotFound', message: req.url } });
        const conversation = decodeURIComponent(m[1] as string);
        if (this.gone.has(conversation.split(';')[0] as string))
          return reply(403, {
            error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
          });
        if (this.rateLimitNext > 0) {
          this.rateLimitNext--;
          return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' });
        }
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const method = req.method === 'PUT' ? 'update' : m[2] ? 'reply' : 'send';
        const id = method === 'update' ? decodeURIComponent(m[2] as string) : `act-${this.n++}`;
        this.calls.push({
          method,
          conversation,
          ...(m[2] ? { target: decodeURIComponent(m[2]) } : {}),
          id,
          activity,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        });
        reply(200, { id });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as { port: number }).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
