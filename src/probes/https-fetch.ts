import * as https from 'node:https';
import * as http from 'node:http';
import { mayProbe } from './address-policy';

export type { FetchOutcome } from '../http/fetch-outcome';
export { isInconclusiveFetch } from '../http/fetch-outcome';
import type { FetchOutcome } from '../http/fetch-outcome';

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
  /** The whole exchange, connect to last byte (a server trickling a byte a second is cut off too). */
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra request headers (lower-case names). */
  headers?: Record<string, string>;
  /** HEAD instead of GET. */
  method?: 'GET' | 'HEAD';
  /** Another port than 80/443 (a URL with an explicit port). */
  port?: number;
  /** The check's deadline: aborting ends the request at once (outcome `timeout`). */
  signal?: AbortSignal;
}

/** Response headers larger than this end the request (Node's parser limit; its default is 16 KiB). */
const MAX_HEADER_BYTES = 32 * 1024;

/**
 * One HTTP(S) GET pinned to an address, with PKIX validation against Node's trust store (plus
 * NODE_EXTRA_CA_CERTS) and the host name as SNI and identity. Redirects are not followed (the caller
 * decides), the body and the time are bounded.
 */
export function fetchHttps(opts: FetchOptions): Promise<FetchOutcome> {
  return fetchPinned(opts);
}

export function fetchPinned(opts: FetchOptions): Promise<FetchOutcome> {
  if (!mayProbe(opts.address, opts.allowPrivate).ok)
    return Promise.resolve({ ok: false, reason: 'private_address', detail: opts.address });
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  if (opts.signal?.aborted) return Promise.resolve({ ok: false, reason: 'timeout', detail: 'check deadline passed' });
  return new Promise((resolve) => {
    let settled = false;
    // eslint-disable-next-line prefer-const -- set below, after `done` (which clears it) exists
    let deadline: NodeJS.Timeout | undefined;
    const done = (o: FetchOutcome): void => {
      clearTimeout(deadline);
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const secure = opts.scheme !== 'http';
    const lib = secure ? https : http;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const req = lib.request(
      {
        host: opts.address,
        port: opts.port ?? (secure ? 443 : 80),
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: {
          host: opts.host,
          'user-agent': 'Mailcheck (+https://github.com/mailcheck)',
          accept: 'text/plain, text/html;q=0.9, */*;q=0.1',
          ...opts.headers,
        },
        timeout: timeoutMs,
        maxHeaderSize: MAX_HEADER_BYTES,
        agent: false,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(secure ? { servername: opts.host, rejectUnauthorized: opts.verify !== false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy();
            done({
              ok: true,
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated: true,
            });
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          done({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated: false,
          }),
        );
        res.on('error', (e) => done({ ok: false, reason: 'connect_error', detail: e.message }));
      },
    );
    deadline = setTimeout(() => {
      done({ ok: false, reason: 'timeout', detail: `not complete within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('timeout', () => {
      done({ ok: false, reason: 'timeout', detail: 'no answer in time' });
      req.destroy();
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      done(
        e.name === 'AbortError'
          ? { ok: false, reason: 'timeout', detail: 'check deadline passed' }
          : { ok: false, reason: errorReason(e), detail: `${e.code ?? ''} ${e.message}`.trim().slice(0, 200) },
      ),
    );
    req.end();
  });
}

function errorReason(e: NodeJS.ErrnoException): Extract<FetchOutcome, { ok: false }>['reason'] {
  if (e.code === 'HPE_HEADER_OVERFLOW') return 'header_too_large';
  if (typeof e.code === 'string' && e.code.startsWith('HPE_')) return 'bad_response';
  return /CERT|SSL|TLS|self.signed|altname/i.test(`${e.code} ${e.message}`) ? 'tls_error' : 'connect_error';
}
