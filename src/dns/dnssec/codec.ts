import * as dnsPacket from 'dns-packet';

/** dns-packet's per-type RDATA and whole-RR encoders, which its published typings leave out. */
interface Encoder {
  encode(data: unknown): Buffer;
}
const untyped = dnsPacket as unknown as { record(type: string): Encoder; answer: Encoder };

/** RDATA encoder for a type; its output starts with the 2-byte RDLENGTH. */
export const rdataEncoder = (type: string): Encoder => untyped.record(type);
/** Whole-RR encoder (owner, type, class, TTL, RDLENGTH, RDATA), names uncompressed. */
export const rrEncoder: Encoder = untyped.answer;
