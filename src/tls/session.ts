import * as forge from 'node-forge';
import { parseDer } from './der';

/**
 * The max_early_data a TLS 1.3 server granted in its NewSessionTicket (RFC 8446 §4.6.1: the
 * "early_data" extension in the ticket says the server will accept 0-RTT data on resumption).
 *
 * Node hands the ticket over as OpenSSL's serialised SSL_SESSION (ssl/ssl_asn1.c), a DER SEQUENCE in
 * which `max_early_data` is the optional field [15] EXPLICIT INTEGER. Absent or 0: no 0-RTT offered.
 * Returns undefined when the bytes are not such a structure.
 */
export function maxEarlyData(session: Buffer): number | undefined {
  if (session.length === 0 || session.length > 64 * 1024) return undefined;
  let seq: forge.asn1.Asn1;
  try {
    seq = parseDer(session, false);
  } catch {
    return undefined;
  }
  if (seq.tagClass !== forge.asn1.Class.UNIVERSAL || seq.type !== forge.asn1.Type.SEQUENCE || !Array.isArray(seq.value))
    return undefined;
  const field = seq.value.find((v) => v.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && (v.type as number) === 15);
  if (!field) return 0;
  const inner = Array.isArray(field.value) ? field.value[0] : undefined;
  if (!inner || inner.type !== forge.asn1.Type.INTEGER || typeof inner.value !== 'string') return undefined;
  let n = 0;
  for (const ch of inner.value.slice(-5)) n = n * 256 + ch.charCodeAt(0);
  return n;
}
