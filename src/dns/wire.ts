import * as dnsPacket from 'dns-packet';
import type { DnsOutcome, DnsRecord, DnsResult, Ede, RRType } from './types';
import { canonicalName } from './name';

/** Advertised UDP payload size (RFC 6891 §6.2.5); larger answers come with TC and are re-asked over TCP. */
export const EDNS_UDP_SIZE = 4096;
/** EDNS option code of Extended DNS Errors (RFC 8914 §2). */
const EDE_OPTION = 15;
/** CNAME hops we follow inside one answer section before calling it a loop. */
const MAX_CNAME_HOPS = 16;

export interface Question {
  id: number;
  name: string;
  type: RRType;
}

export function encodeQuery(q: Question, options: { cd?: boolean } = {}): Buffer {
  const flags = dnsPacket.RECURSION_DESIRED | (options.cd ? dnsPacket.CHECKING_DISABLED : 0);
  return dnsPacket.encode({
    type: 'query',
    id: q.id,
    flags,
    questions: [{ type: q.type as dnsPacket.RecordType, name: q.name, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_UDP_SIZE,
        // DO (RFC 3225): we want RRSIGs back for our own validation.
        flags: dnsPacket.DNSSEC_OK,
      } as dnsPacket.Answer,
    ],
  });
}

export type Decoded = { ok: true; packet: dnsPacket.Packet & Record<string, unknown> } | { ok: false; why: string };

/**
 * Accept a reply only if it is a response to exactly our question: same id, QR set, one question with
 * our name (case-insensitively), type and class (RFC 5452 §9.1: id, question and source must match;
 * the source is checked by the transport).
 */
export function decodeResponse(buf: Buffer, q: Question): Decoded {
  let packet: dnsPacket.Packet & Record<string, unknown>;
  try {
    packet = dnsPacket.decode(buf) as unknown as dnsPacket.Packet & Record<string, unknown>;
  } catch (err) {
    return { ok: false, why: `malformed: ${(err as Error).message}` };
  }
  if (packet.id !== q.id) return { ok: false, why: 'id mismatch' };
  if (packet.type !== 'response') return { ok: false, why: 'not a response' };
  const question = packet.questions?.[0];
  if (!question || packet.questions?.length !== 1) return { ok: false, why: 'question mismatch' };
  if (canonicalName(question.name) !== canonicalName(q.name) || question.type !== q.type) {
    return { ok: false, why: 'question mismatch' };
  }
  return { ok: true, packet };
}

export function isTruncated(packet: dnsPacket.Packet & Record<string, unknown>): boolean {
  return packet.flag_tc === true;
}

function toRecord(a: dnsPacket.Answer): DnsRecord {
  const anyA = a as unknown as { name: string; type: string; ttl?: number; data?: unknown };
  return { name: canonicalName(anyA.name), type: anyA.type, ttl: anyA.ttl ?? 0, data: anyA.data };
}

function extractEde(packet: dnsPacket.Packet): Ede[] {
  const out: Ede[] = [];
  for (const add of packet.additionals ?? []) {
    if ((add as { type: string }).type !== 'OPT') continue;
    for (const opt of (add as { options?: { code: number; data?: Buffer }[] }).options ?? []) {
      if (opt.code !== EDE_OPTION || !opt.data || opt.data.length < 2) continue;
      out.push({ code: opt.data.readUInt16BE(0), text: opt.data.subarray(2, 2 + 512).toString('utf8') });
    }
  }
  return out;
}

/**
 * Records of the asked type that belong to the question: at the name itself or at the end of the CNAME
 * chain starting there. Unrelated records a hostile server adds are ignored.
 */
function chainRecords(answers: DnsRecord[], qname: string, qtype: RRType): DnsRecord[] {
  let owner = canonicalName(qname);
  const seen = new Set<string>();
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const here = answers.filter((r) => r.name === owner && r.type === qtype);
    if (here.length > 0 || qtype === 'CNAME') return here;
    const cname = answers.find((r) => r.name === owner && r.type === 'CNAME');
    if (!cname || seen.has(owner)) return [];
    seen.add(owner);
    owner = canonicalName(String(cname.data));
  }
  return [];
}

export function toResult(packet: dnsPacket.Packet & Record<string, unknown>, q: Question, server: string): DnsResult {
  const rcode = String(packet.rcode ?? 'NOERROR');
  const answers = (packet.answers ?? []).map(toRecord);
  const authorities = (packet.authorities ?? []).map(toRecord);
  const records = chainRecords(answers, q.name, q.type);
  let outcome: DnsOutcome;
  switch (rcode) {
    case 'NOERROR':
      outcome = records.length > 0 ? 'answer' : 'nodata';
      break;
    case 'NXDOMAIN':
      outcome = 'nxdomain';
      break;
    case 'SERVFAIL':
      outcome = 'servfail';
      break;
    case 'REFUSED':
      outcome = 'refused';
      break;
    default:
      outcome = 'error';
  }
  return {
    name: canonicalName(q.name),
    type: q.type,
    outcome,
    rcode,
    records,
    answers,
    authorities,
    ad: packet.flag_ad === true,
    ede: extractEde(packet),
    server,
    ...(outcome === 'error' ? { detail: `rcode ${rcode}` } : {}),
  };
}
