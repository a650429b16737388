import * as https from 'node:https';
import * as http from 'node:http';
import { mayProbe } from './address-policy';

export type FetchOutcome =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; body: string; truncated: boolean }
  | { ok: false; reason: 'private_address' | 'tls_error' | 'timeout' | 'connect_error' | 'too_large'; detail: string };

export interface FetchOptions {
  /** 'https' (default) or 'http'. */
  scheme?: 'https' | 'http';
  /** For HTTPS: validate the certificate (default true). Internet.nl fetches pages without validation. */
  verify?: boolean;
  /** The address found in DNS: the request goes there, never to a fresh lookup. */
  address: string;
  host: string;
  path: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * One HTTP(S) GET pinned to an address, with PKIX validation against Node's trust store (plus
 * NODE_EXTRA_CA_CERTS) and the host name as SNI and identity. Redirects are not followed (the caller
 * decides), the body and the time are bounded.
 */
export function fetchHttps(opts: FetchOptions): Promise<FetchOutcome> {
  return fetchPinned(opts);
}

export function fetchPinned(opts: FetchOptions): Promise<FetchOutcome> {
  if (!mayProbe(opts.address, opts.allowPrivate).ok) return Promise.resolve({ ok: false, reason: 'private_address', detail: opts.address });
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: FetchOutcome): void => { if (!settled) { settled = true; resolve(o); } };
    const secure = opts.scheme !== 'http';
    const lib = secure ? https : http;
    const req = lib.request({
      host: opts.address, port: secure ? 443 : 80, path: opts.path, method: 'GET',
      headers: { host: opts.host, 'user-agent': 'Mailcheck (+https://github.com/mailcheck)', accept: 'text/plain, text/html;q=0.9, */*;q=0.1' },
      timeout: opts.timeoutMs ?? 10_000,
      ...(secure ? { servername: opts.host, rejectUnauthorized: opts.verify !== false } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy();
          done({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated: true });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => done({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated: false }));
      res.on('error', (e) => done({ ok: false, reason: 'connect_error', detail: e.message }));
    });
    req.on('timeout', () => { req.destroy(); done({ ok: false, reason: 'timeout', detail: 'no answer in time' }); });
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, reason: /CERT|SSL|TLS|self.signed|altname/i.test(`${e.code} ${e.message}`) ? 'tls_error' : 'connect_error', detail: `${e.code ?? ''} ${e.message}`.trim().slice(0, 200) }));
    req.end();
  });
}
