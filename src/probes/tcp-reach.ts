import * as net from 'node:net';
import { mayProbe } from './address-policy';

export type Reach = 'open' | 'closed' | 'timeout' | 'private_address';

/** A TCP connect and nothing more (Internet.nl: 4 s), refusing private addresses outside lab mode. */
export function tcpReach(
  address: string,
  port: number,
  timeoutMs: number,
  allowPrivate: boolean,
  signal?: AbortSignal,
): Promise<Reach> {
  if (!mayProbe(address, allowPrivate).ok) return Promise.resolve('private_address');
  if (signal?.aborted) return Promise.resolve('timeout');
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port, ...(signal ? { signal } : {}) });
    const done = (r: Reach): void => {
      s.destroy();
      resolve(r);
    };
    s.setTimeout(timeoutMs, () => done('timeout'));
    s.on('connect', () => done('open'));
    s.on('error', () => done('closed'));
  });
}
