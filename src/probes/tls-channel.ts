import * as net from 'node:net';
import * as tls from 'node:tls';
import { exchangeHello, quit, startTls, type SmtpLimits, type StarttlsOutcome } from './smtp';
import { directDial, type Dialer } from './dial';
import type { HelloAnswer } from '../tls/client-hello';
import { readServerHello } from './read-hello';

/**
 * How the TLS assessor reaches a server's TLS: after SMTP STARTTLS (RFC 3207) on port 25, or directly
 * (HTTPS, RFC 2818) on port 443. Everything the assessor learns is the same either way.
 */
export type ChannelOutcome = StarttlsOutcome;
export type HelloOutcome = HelloAnswer | Exclude<StarttlsOutcome, { kind: 'tls' }>;

export interface TlsChannel {
  readonly kind: 'smtp' | 'https';
  readonly port: number;
  /**
   * A full handshake by node:tls (versions, ciphers and sigalgs in `tlsOptions`). `observe` sees the
   * TLS socket before the handshake starts, to catch events such as 'OCSPResponse' and 'session'
   * (HTTPS only; ignored for SMTP).
   */
  handshake(
    address: string,
    servername: string,
    tlsOptions: tls.ConnectionOptions,
    observe?: (socket: tls.TLSSocket) => void,
    signal?: AbortSignal,
  ): Promise<ChannelOutcome>;
  /** Our own ClientHello, raw, and the server's first answer to it. */
  hello(address: string, servername: string, clientHello: Buffer, signal?: AbortSignal): Promise<HelloOutcome>;
  /** End a session politely (SMTP QUIT; for HTTPS a TLS close_notify). */
  close(socket: tls.TLSSocket): void;
}

export function smtpChannel(limits: SmtpLimits, port = 25, dial: Dialer = directDial): TlsChannel {
  return {
    kind: 'smtp',
    port,
    handshake: (address, servername, tlsOptions, _observe, signal) =>
      startTls({ address, servername, port, tlsOptions, limits, dial, ...(signal ? { signal } : {}) }),
    hello: (address, servername, clientHello, signal) =>
      exchangeHello({ address, servername, port, limits, dial, ...(signal ? { signal } : {}) }, clientHello),
    close: quit,
  };
}

export function directChannel(timeoutMs: number, port = 443, dial: Dialer = directDial): TlsChannel {
  return {
    kind: 'https',
    port,
    handshake: (address, servername, tlsOptions, observe, signal) =>
      directHandshake(dial, address, port, servername, tlsOptions, timeoutMs, observe, signal),
    hello: (address, _servername, clientHello, signal) =>
      directHello(dial, address, port, clientHello, timeoutMs, signal),
    close: (socket) => {
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    },
  };
}

/** TCP connect, bounded; the failure is the 'connect' stage (nothing TLS has happened yet). */
function connectTcp(
  dial: Dialer,
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<net.Socket | { why: string; timeout: boolean }> {
  if (signal?.aborted) return Promise.resolve({ why: 'check deadline passed', timeout: true });
  return new Promise((resolve) => {
    const socket = dial({ host: address, port, ...(signal ? { signal } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ why: 'connect timeout', timeout: true });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ why: (e.code ?? e.message).slice(0, 200), timeout: false });
    });
  });
}

async function directHandshake(
  dial: Dialer,
  address: string,
  port: number,
  servername: string,
  tlsOptions: tls.ConnectionOptions,
  timeoutMs: number,
  observe?: (socket: tls.TLSSocket) => void,
  signal?: AbortSignal,
): Promise<ChannelOutcome> {
  const tcp = await connectTcp(dial, address, port, timeoutMs, signal);
  if (!(tcp instanceof net.Socket)) return { kind: 'failed', why: tcp.why, timeout: tcp.timeout, stage: 'connect' };
  try {
    const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const t = tls.connect({ socket: tcp, servername, rejectUnauthorized: false, ...tlsOptions });
      // A TLS socket over a socket of our own does not always close that one: we do.
      t.once('close', () => tcp.destroy());
      observe?.(t);
      t.setTimeout(timeoutMs, () => t.destroy(new Error('timeout')));
      t.once('secureConnect', () => {
        t.setTimeout(0);
        resolve(t);
      });
      t.once('error', reject);
    });
    return { kind: 'tls', socket, banner: '', ehlo: [] };
  } catch (err) {
    tcp.destroy();
    return {
      kind: 'failed',
      why: (err as Error).message.split('\n')[0]?.slice(0, 200) ?? 'failed',
      timeout: /timeout/i.test((err as Error).message),
      stage: 'tls',
    };
  }
}

async function directHello(
  dial: Dialer,
  address: string,
  port: number,
  clientHello: Buffer,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HelloOutcome> {
  const tcp = await connectTcp(dial, address, port, timeoutMs, signal);
  if (!(tcp instanceof net.Socket)) return { kind: 'failed', why: tcp.why, timeout: tcp.timeout, stage: 'connect' };
  return readServerHello(tcp, clientHello, timeoutMs);
}
