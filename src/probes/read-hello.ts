import type * as net from 'node:net';
import { MAX_HELLO_BYTES, parseServerHello, type HelloAnswer } from '../tls/client-hello';

/** The network lost the exchange (reset, timeout): no answer of the server at all. */
export type HelloLost = { kind: 'failed'; why: string; timeout: boolean; stage: 'tls' };

/**
 * Writes our ClientHello on a connected socket and reads the server's first answer, bounded in bytes
 * and time. A server that answers (ServerHello, alert, garbage, or a plain close) has answered; a
 * reset or a timeout is the network's failure and says nothing about the server's TLS (issue 13),
 * so the caller may retry it.
 */
export function readServerHello(
  sock: net.Socket,
  clientHello: Buffer,
  timeoutMs: number,
): Promise<HelloAnswer | HelloLost> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let lost: string | undefined;
    const done = (a: HelloAnswer | HelloLost): void => {
      clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => done({ kind: 'failed', why: 'timeout', timeout: true, stage: 'tls' }), timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]).subarray(0, MAX_HELLO_BYTES + 1);
      const a = parseServerHello(buf);
      if (a.kind !== 'incomplete') done(a);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      lost = (e.code ?? e.message).slice(0, 200);
    });
    sock.on('close', () => {
      const a = parseServerHello(buf);
      if (a.kind !== 'incomplete') done(a);
      else if (lost) done({ kind: 'failed', why: lost, timeout: false, stage: 'tls' });
      else done({ kind: 'malformed', why: 'closed before ServerHello' });
    });
    sock.write(clientHello);
  });
}
