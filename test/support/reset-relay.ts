import * as net from 'node:net';
import { draw } from './lossy-relay';
import type { Dialer } from '../../src/probes/dial';

/**
 * TCP relays in front of real servers that reset a seeded share of connections in the middle of
 * the TLS handshake: the client's first TLS record (a ClientHello, after SMTP STARTTLS or at once for
 * HTTPS) is passed on, then both sides are torn down with a TCP RST. Used through `dialer()`, which
 * the TLS assessor takes in place of a plain connect (issue 13's lab fault injection).
 */
export class ResetRelay {
  readonly tally = { connections: 0, reset: 0 };
  private readonly relays = new Map<string, { server: net.Server; port: number }>();
  private readonly sockets = new Set<net.Socket>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly share: number,
    private readonly seed: string,
    readonly host = '127.0.0.1',
  ) {}

  /** Opens one relay per target (address and port) before the run. */
  async add(address: string, port: number): Promise<void> {
    const key = `${address}|${port}`;
    if (this.relays.has(key)) return;
    const server = net.createServer((c) => this.relay(c, address, port));
    await new Promise<void>((resolve) => server.listen(0, this.host, resolve));
    this.relays.set(key, { server, port: (server.address() as net.AddressInfo).port });
  }

  dialer(): Dialer {
    return ({ host, port, signal }) => {
      const relay = this.relays.get(`${host}|${port}`);
      const target = relay ? { host: this.host, port: relay.port } : { host, port };
      return net.connect({ ...target, ...(signal ? { signal } : {}) });
    };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      [...this.relays.values()].map((r) => new Promise<void>((resolve) => r.server.close(() => resolve()))),
    );
  }

  private relay(client: net.Socket, address: string, port: number): void {
    this.tally.connections++;
    const key = `${address}|${port}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    const doomed = draw(this.seed, `${key}#${n}`) < this.share;
    const up = net.connect({ host: address, port });
    this.sockets.add(client).add(up);
    const end = (): void => {
      client.destroy();
      up.destroy();
      this.sockets.delete(client);
      this.sockets.delete(up);
    };
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
    up.pipe(client);
    client.on('data', (chunk: Buffer) => {
      up.write(chunk);
      // 0x16 = TLS handshake record (RFC 8446 §5.1): the ClientHello is on its way.
      if (doomed && chunk[0] === 0x16) {
        this.tally.reset++;
        setImmediate(() => {
          client.resetAndDestroy();
          up.resetAndDestroy();
        });
      }
    });
  }
}
