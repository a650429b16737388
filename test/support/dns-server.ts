import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { ZoneResolver, type ZoneEntry } from './zone-resolver';
import type { RRType } from '../../src/dns/types';

/** What the server does with one query; `answer` is the honest default. */
export type Behaviour =
  'answer' | 'drop' | 'garbage' | 'wrong-id-then-answer' | 'wrong-question' | 'truncate-always' | 'servfail-ede';

export interface SeenQuery {
  transport: 'udp' | 'tcp';
  name: string;
  type: string;
  cd: boolean;
  dnssecOk: boolean;
  udpSize: number;
}

/**
 * A DNS server on loopback UDP and TCP (same port) that answers from zone data like a recursive
 * resolver (RA set), for testing the stub resolver over real sockets. Answers larger than the
 * client's EDNS size are truncated over UDP (TC) and sent whole over TCP (RFC 7766).
 */
export class TestDnsServer {
  readonly zone: ZoneResolver;
  readonly seen: SeenQuery[] = [];
  behaviour: (q: SeenQuery) => Behaviour = () => 'answer';
  /** Added to every answer over UDP, like a far-away resolver (the queue tests give workers time to share). */
  delayMs = 0;
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    zone: Record<string, ZoneEntry[]> = {},
    readonly host = '127.0.0.1',
  ) {
    this.zone = new ZoneResolver(zone);
  }

  async start(): Promise<this> {
    // Bind TCP first on a free port, then UDP on the same number.
    this.tcp = net.createServer((sock) => this.onTcp(sock));
    await new Promise<void>((resolve) => this.tcp?.listen(0, this.host, resolve));
    this.port = (this.tcp.address() as net.AddressInfo).port;
    this.udp = dgram.createSocket(net.isIPv6(this.host) ? 'udp6' : 'udp4');
    this.udp.on('message', (msg, rinfo) => void this.onUdp(msg, rinfo));
    await new Promise<void>((resolve) => this.udp?.bind(this.port, this.host, resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  private async onUdp(msg: Buffer, rinfo: dgram.RemoteInfo): Promise<void> {
    const replies = await this.handle(msg, 'udp');
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    for (const r of replies) this.udp?.send(r, rinfo.port, rinfo.address);
  }

  private onTcp(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    sock.on('data', async (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= buf.readUInt16BE(0) + 2) {
        const msg = buf.subarray(2, buf.readUInt16BE(0) + 2);
        buf = buf.subarray(msg.length + 2);
        for (const r of await this.handle(msg, 'tcp')) {
          const len = Buffer.alloc(2);
          len.writeUInt16BE(r.length, 0);
          sock.write(Buffer.concat([len, r]));
        }
      }
    });
  }

  private async handle(msg: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer[]> {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return [];
    }
    const question = query.questions?.[0];
    if (!question) return [];
    const opt = (query.additionals ?? []).find((a) => a.type === 'OPT') as
      { udpPayloadSize?: number; flags?: number } | undefined;
    const seen: SeenQuery = {
      transport,
      name: question.name,
      type: question.type,
      cd: ((query.flags ?? 0) & dnsPacket.CHECKING_DISABLED) !== 0,
      dnssecOk: ((opt?.flags ?? 0) & dnsPacket.DNSSEC_OK) !== 0,
      udpSize: opt?.udpPayloadSize ?? 512,
    };
    this.seen.push(seen);
    const behaviour = this.behaviour(seen);
    if (behaviour === 'drop') return [];
    if (behaviour === 'garbage') return [Buffer.from('this is not a DNS message at all')];

    const result = await this.zone.query(question.name, question.type as RRType, { cd: seen.cd });
    if (result.outcome === 'timeout') return [];
    const rcode = behaviour === 'servfail-ede' ? 'SERVFAIL' : result.rcode || 'SERVFAIL';
    const reply = (id: number, qname = question.name, answers = result.answers): Buffer =>
      dnsPacket.encode({
        type: 'response',
        id,
        flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcodeBits(rcode),
        questions: [{ ...question, name: qname }],
        answers:
          behaviour === 'servfail-ede'
            ? []
            : answers.map(
                (r) => ({ name: r.name, type: r.type, ttl: r.ttl, class: 'IN', data: r.data }) as dnsPacket.Answer,
              ),
        additionals: [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: 1232,
            ...(behaviour === 'servfail-ede'
              ? {
                  options: [{ code: 15, data: Buffer.concat([Buffer.from([0, 7]), Buffer.from('signature expired')]) }],
                }
              : {}),
          } as unknown as dnsPacket.Answer,
        ],
      });
    if (behaviour === 'wrong-question') return [reply(query.id ?? 0, `other-${question.name}`)];
    let full = reply(query.id ?? 0);
    if (transport === 'udp' && (full.length > seen.udpSize || behaviour === 'truncate-always')) {
      full = reply(query.id ?? 0, question.name, []);
      full.writeUInt16BE(full.readUInt16BE(2) | dnsPacket.TRUNCATED_RESPONSE, 2);
    }
    if (behaviour === 'wrong-id-then-answer') return [reply(((query.id ?? 0) + 1) & 0xffff), full];
    return [full];
  }
}

function rcodeBits(rcode: string): number {
  switch (rcode) {
    case 'NXDOMAIN':
      return 3;
    case 'SERVFAIL':
      return 2;
    case 'REFUSED':
      return 5;
    default:
      return 0;
  }
}
