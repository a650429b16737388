import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { createHash } from 'node:crypto';

/** Shares (0..1) of UDP queries the relay mistreats; the rest go through to the resolver. */
export interface LossShares {
  drop: number;
  servfail: number;
  truncate: number;
}

export interface RelayTally {
  forwarded: number;
  dropped: number;
  servfail: number;
  truncated: number;
  tcp: number;
}

/**
 * A deterministic coin: the same seed, question and attempt number always give the same draw, so a
 * run repeats however the queries interleave.
 */
export function draw(seed: string, key: string): number {
  return createHash('sha256').update(`${seed}|${key}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** The question of a DNS message (name and type), read by hand: the relay must survive any bytes. */
function questionKey(msg: Buffer): string | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let i = 12;
  for (let n = 0; n < 128 && i < msg.length; n++) {
    const len = msg[i]!;
    if (len === 0) {
      i++;
      break;
    }
    if (len > 63) return undefined;
    labels.push(
      msg
        .subarray(i + 1, i + 1 + len)
        .toString('latin1')
        .toLowerCase(),
    );
    i += 1 + len;
  }
  if (i + 2 > msg.length) return undefined;
  return `${labels.join('.')}/${msg.readUInt16BE(i)}`;
}

/** The query turned into a reply header with no records: QR set, the given RCODE and TC bit. */
function emptyReply(query: Buffer, rcode: number, tc: boolean): Buffer {
  const qEnd = (() => {
    let i = 12;
    while (i < query.length && query[i] !== 0) i += 1 + query[i]!;
    return Math.min(query.length, i + 5);
  })();
  const out = Buffer.from(query.subarray(0, qEnd));
  const flags = query.readUInt16BE(2);
  // QR=1, keep opcode and RD, RA=1, TC as asked, RCODE as asked (RFC 1035 §4.1.1).
  out.writeUInt16BE(0x8000 | (flags & 0x7900) | 0x0080 | (tc ? 0x0200 : 0) | (rcode & 0xf), 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt32BE(0, 6);
  out.writeUInt16BE(0, 10);
  return out;
}

/**
 * A lossy DNS relay in front of a real resolver (issue 13's lab fault injection): on one UDP and TCP
 * port, each UDP query is by a seeded draw dropped, answered SERVFAIL, answered empty with TC set (so
 * the client must retry over TCP), or forwarded. TCP is forwarded faithfully. Loopback or lab
 * namespace addresses only.
 */
export class LossyRelay {
  readonly tally: RelayTally = { forwarded: 0, dropped: 0, servfail: 0, truncated: 0, tcp: 0 };
  private readonly attempts = new Map<string, number>();
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly shares: LossShares,
    private readonly seed: string,
    readonly host = '127.0.0.1',
  ) {}

  async start(): Promise<void> {
    this.tcp = net.createServer((c) => this.relayTcp(c));
    await new Promise<void>((resolve) => this.tcp!.listen(0, this.host, resolve));
    this.port = (this.tcp.address() as net.AddressInfo).port;
    this.udp = dgram.createSocket('udp4');
    this.udp.on('message', (msg, rinfo) => this.relayUdp(msg, rinfo));
    await new Promise<void>((resolve) => this.udp!.bind(this.port, this.host, resolve));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  private relayUdp(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const key = questionKey(msg);
    if (!key) return;
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    const r = draw(this.seed, `${key}#${n}`);
    const { drop, servfail, truncate } = this.shares;
    if (r < drop) {
      this.tally.dropped++;
      return;
    }
    if (r < drop + servfail) {
      this.tally.servfail++;
      this.udp!.send(emptyReply(msg, 2, false), rinfo.port, rinfo.address);
      return;
    }
    if (r < drop + servfail + truncate) {
      this.tally.truncated++;
      this.udp!.send(emptyReply(msg, 0, true), rinfo.port, rinfo.address);
      return;
    }
    this.tally.forwarded++;
    const up = dgram.createSocket('udp4');
    const timer = setTimeout(() => up.close(), 5000);
    up.on('error', () => {
      clearTimeout(timer);
      up.close();
    });
    up.on('message', (answer) => {
      clearTimeout(timer);
      up.close();
      this.udp?.send(answer, rinfo.port, rinfo.address);
    });
    up.send(msg, this.upstream.port, this.upstream.host);
  }

  private relayTcp(client: net.Socket): void {
    this.tally.tcp++;
    this.sockets.add(client);
    const up = net.connect({ host: this.upstream.host, port: this.upstream.port });
    this.sockets.add(up);
    const end = (): void => {
      client.destroy();
      up.destroy();
      this.sockets.delete(client);
      this.sockets.delete(up);
    };
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
    client.pipe(up);
    up.pipe(client);
  }
}
