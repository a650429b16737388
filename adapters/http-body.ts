import type { IncomingMessage } from 'node:http';

/**
 * The one reader of a JSON request body for the adapters' own endpoints (the web chat, the Teams
 * messaging endpoint): bounded in bytes and read no further than the bound (the rest is left
 * unread, the socket open, so the caller can still answer 413 and then close it), and text that is
 * not JSON is refused (400).
 */
export type JsonBody =
  { ok: true; value: unknown } | { ok: false; status: 413 | 400; error: 'body too large' | 'not JSON' };

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > maxBytes) {
        req.pause();
        req.off('data', onData);
        req.off('end', onEnd);
        resolve({ ok: false, status: 413, error: 'body too large' });
        return;
      }
      chunks.push(c);
    };
    const onEnd = (): void => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ ok: false, status: 400, error: 'not JSON' });
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}
