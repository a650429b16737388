import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { decodeResponse, type Decoded, type Question } from './wire';

export interface ServerAddress {
  host: string;
  port: number;
}

export type Exchange =
  { ok: true; decoded: Extract<Decoded, { ok: true }> } | { ok: false; why: string; timeout: boolean };

/** A DNS message over TCP carries a 2-byte length (RFC 1035 §4.2.2), so 65535 bytes is the hard cap. */
const MAX_TCP_MESSAGE = 65535;

export function formatServer(s: ServerAddress): string {
  return net.isIPv6(s.host) ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/**
 * One UDP exchange. A fresh socket per query gives a random source port from the OS (RFC 5452 §9.2);
 * replies from another address or port, or for another id or question, are dropped and we keep waiting.
 */
export function exchangeUdp(server: ServerAddress, query: Buffer, q: Question, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    let lastWhy = 'timeout';
    let done = false;
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, why: lastWhy === 'timeout' ? 'timeout' : `timeout (last: ${lastWhy})`, timeout: true }),
      timeoutMs,
    );
    socket.on('error', (err) => finish({ ok: false, why: `udp: ${err.message}`, timeout: false }));
    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== normaliseAddr(server.host) || rinfo.port !== server.port) {
        lastWhy = 'reply from unexpected source';
        return;
      }
      const decoded = decodeResponse(msg, q);
      if (!decoded.ok) {
        lastWhy = decoded.why;
        return;
      }
      finish({ ok: true, decoded });
    });
    socket.send(query, server.port, server.host, (err) => {
      if (err) finish({ ok: false, why: `udp send: ${err.message}`, timeout: false });
    });
  });
}

/** One TCP exchange (RFC 7766), used after a truncated UDP answer. */
export function exchangeTcp(server: ServerAddress, query: Buffer, q: Question, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, why: 'timeout', timeout: true }), timeoutMs);
    socket.on('error', (err) => finish({ ok: false, why: `tcp: ${err.message}`, timeout: false }));
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length, 0);
      socket.write(Buffer.concat([len, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_TCP_MESSAGE + 2) {
        finish({ ok: false, why: 'tcp: reply exceeds 65535 bytes', timeout: false });
        return;
      }
      chunks.push(chunk);
      const buf = Buffer.concat(chunks);
      if (buf.length < 2) return;
      const need = buf.readUInt16BE(0);
      if (buf.length < need + 2) return;
      const decoded = decodeResponse(buf.subarray(2, need + 2), q);
      finish(decoded.ok ? { ok: true, decoded } : { ok: false, why: decoded.why, timeout: false });
    });
    socket.on('end', () => finish({ ok: false, why: 'tcp: connection closed before a full reply', timeout: false }));
  });
}

function normaliseAddr(host: string): string {
  // dgram reports IPv6 sources in their compressed form; compare like with like.
  if (net.isIPv6(host)) {
    try {
      return new URL(`http://[${host}]/`).hostname.slice(1, -1);
    } catch {
      return host;
    }
  }
  return host;
}
