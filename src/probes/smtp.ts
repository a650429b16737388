import * as net from 'node:net';
import { directDial, type Dialer } from './dial';
import * as tls from 'node:tls';
import type { HelloAnswer } from '../tls/client-hello';
import { readServerHello } from './read-hello';

/**
 * An SMTP client that goes as far as STARTTLS (RFC 3207) and no further: banner, EHLO, STARTTLS, then
 * the socket is handed to TLS; QUIT at the end. Hostile servers are bounded: line length, reply size,
 * reply lines, and time.
 */
export interface SmtpLimits {
  timeoutMs: number;
  maxLine: number;
  maxReplyLines: number;
}

export const SMTP_LIMITS: SmtpLimits = { timeoutMs: 10_000, maxLine: 2048, maxReplyLines: 100 };

export interface SmtpReply {
  code: number;
  lines: string[];
}

export type StarttlsOutcome =
  | { kind: 'tls'; socket: tls.TLSSocket; banner: string; ehlo: string[] }
  | { kind: 'no_starttls'; banner: string; ehlo: string[] }
  | { kind: 'busy'; code: number; text: string }
  | { kind: 'failed'; why: string; timeout: boolean; stage: 'connect' | 'tls' };

/**
 * Reads SMTP replies (RFC 5321 §4.2: "250-" continues, "250 " ends) from a socket, bounded. Replies
 * that arrive before they are asked for (several in one packet) wait in order, at most a few.
 */
export class ReplyReader {
  private buf = '';
  private lines: string[] = [];
  private ready: SmtpReply[] = [];
  private waiter?: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void };
  private error?: Error;

  constructor(
    private readonly socket: net.Socket,
    private readonly limits: SmtpLimits,
  ) {
    socket.on('data', (d: Buffer) => this.feed(d.toString('latin1')));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  private feed(s: string): void {
    this.buf += s;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i).replace(/\r$/, '');
      this.buf = this.buf.slice(i + 1);
      this.lines.push(line);
      if (this.lines.length > this.limits.maxReplyLines) return this.fail(new Error('reply too long'));
      const m = /^(\d{3})([ -])/.exec(line);
      if (!m) return this.fail(new Error(`not an SMTP reply: ${line.slice(0, 60)}`));
      if (m[2] === ' ') {
        const reply = { code: Number(m[1]), lines: this.lines.map((l) => l.slice(4)) };
        this.lines = [];
        const w = this.waiter;
        this.waiter = undefined;
        if (w) w.resolve(reply);
        else if (this.ready.push(reply) > this.limits.maxReplyLines)
          return this.fail(new Error('too many replies unasked'));
      }
    }
    if (this.buf.length > this.limits.maxLine) this.fail(new Error('line too long'));
  }

  private fail(e: Error): void {
    this.error = this.error ?? e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(e);
  }

  next(): Promise<SmtpReply> {
    const waiting = this.ready.shift();
    if (waiting) return Promise.resolve(waiting);
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  detach(): void {
    this.socket.removeAllListeners('data');
  }
}

export interface StarttlsOptions {
  address: string;
  port?: number;
  /** The MX host name: SNI and certificate checks. */
  servername: string;
  /** EHLO name we present. */
  ehloName?: string;
  /** Options for tls.connect (versions, ciphers, sigalgs…). */
  tlsOptions?: tls.ConnectionOptions;
  limits?: SmtpLimits;
  /** The check's deadline: aborting destroys the socket at once. */
  signal?: AbortSignal;
  /** How the TCP connection is opened (a plain connect unless injected). */
  dial?: Dialer;
}

/** Up to and including the server's "220 ready to start TLS": the plain socket, ready for a ClientHello. */
export type PlainOutcome =
  { kind: 'ready'; socket: net.Socket; banner: string; ehlo: string[] } | Exclude<StarttlsOutcome, { kind: 'tls' }>;

export async function startTls(opts: StarttlsOptions): Promise<StarttlsOutcome> {
  const plain = await openStarttls(opts);
  if (plain.kind !== 'ready') return plain;
  const limits = opts.limits ?? SMTP_LIMITS;
  try {
    const tlsSocket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const t = tls.connect({
        socket: plain.socket,
        servername: opts.servername,
        rejectUnauthorized: false,
        ...opts.tlsOptions,
      });
      t.setTimeout(limits.timeoutMs, () => t.destroy(new Error('timeout')));
      t.once('secureConnect', () => {
        t.setTimeout(0);
        resolve(t);
      });
      t.once('error', reject);
    });
    return { kind: 'tls', socket: tlsSocket, banner: plain.banner, ehlo: plain.ehlo };
  } catch (err) {
    plain.socket.destroy();
    return {
      kind: 'failed',
      why: (err as Error).message.split('\n')[0]?.slice(0, 200) ?? 'failed',
      timeout: /timeout/i.test((err as Error).message),
      stage: 'tls',
    };
  }
}

/** Send our own ClientHello after STARTTLS and read the ServerHello (or alert), bounded. */
export async function exchangeHello(
  opts: StarttlsOptions,
  hello: Buffer,
): Promise<HelloAnswer | Exclude<StarttlsOutcome, { kind: 'tls' }>> {
  const plain = await openStarttls(opts);
  if (plain.kind !== 'ready') return plain;
  const limits = opts.limits ?? SMTP_LIMITS;
  return readServerHello(plain.socket, hello, limits.timeoutMs);
}

export async function openStarttls(opts: StarttlsOptions): Promise<PlainOutcome> {
  const limits = opts.limits ?? SMTP_LIMITS;
  if (opts.signal?.aborted) return { kind: 'failed', why: 'check deadline passed', timeout: true, stage: 'connect' };
  const socket = (opts.dial ?? directDial)({
    host: opts.address,
    port: opts.port ?? 25,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  socket.setTimeout(limits.timeoutMs);
  let timedOut = false;
  socket.on('timeout', () => {
    timedOut = true;
    socket.destroy(new Error('timeout'));
  });
  const reader = new ReplyReader(socket, limits);
  const send = (line: string): void => {
    socket.write(`${line}\r\n`);
  };
  try {
    const banner = await reader.next();
    // RFC 5321 §3.8: 421/450 mean "not now": the caller backs off and may retry later.
    if (banner.code === 421 || banner.code === 450 || banner.code === 554) {
      socket.destroy();
      return { kind: 'busy', code: banner.code, text: banner.lines.join(' ').slice(0, 200) };
    }
    if (banner.code !== 220) {
      socket.destroy();
      return { kind: 'failed', why: `banner ${banner.code}`, timeout: false, stage: 'connect' };
    }
    send(`EHLO ${opts.ehloName ?? 'mailcheck.invalid'}`);
    const ehlo = await reader.next();
    if (ehlo.code !== 250) {
      send('QUIT');
      socket.end();
      return { kind: 'failed', why: `EHLO answered ${ehlo.code}`, timeout: false, stage: 'connect' };
    }
    const bannerText = banner.lines.join(' ').slice(0, 200);
    if (!ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) {
      send('QUIT');
      socket.end();
      return { kind: 'no_starttls', banner: bannerText, ehlo: ehlo.lines.slice(0, 30) };
    }
    send('STARTTLS');
    const go = await reader.next();
    if (go.code === 421 || go.code === 454) {
      socket.destroy();
      return { kind: 'busy', code: go.code, text: go.lines.join(' ').slice(0, 200) };
    }
    if (go.code !== 220) {
      socket.destroy();
      return { kind: 'failed', why: `STARTTLS answered ${go.code}`, timeout: false, stage: 'connect' };
    }
    reader.detach();
    socket.setTimeout(0);
    socket.removeAllListeners('timeout');
    socket.removeAllListeners('close');
    socket.removeAllListeners('error');
    return { kind: 'ready', socket, banner: bannerText, ehlo: ehlo.lines.slice(0, 30) };
  } catch (err) {
    socket.destroy();
    return {
      kind: 'failed',
      why: (err as Error).message.split('\n')[0]?.slice(0, 200) ?? 'failed',
      timeout: timedOut || /timeout/i.test((err as Error).message),
      stage: 'connect',
    };
  }
}

/** Politely end a session: QUIT over TLS, then close. */
export function quit(socket: tls.TLSSocket): void {
  try {
    socket.end('QUIT\r\n');
  } catch {
    socket.destroy();
  }
  setTimeout(() => socket.destroy(), 1000).unref();
}
