/** What a TLS assessment saw (facts only, no I/O): made by probes/tls-assessor.ts, judged by engine/checks/tls-server.ts. */

export const VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof VERSIONS)[number];

/** What one server showed (facts only; verdicts are made by engine/checks/tls-server.ts). */
export interface ServerTlsFacts {
  host: string;
  address: string;
  outcome: 'ok' | 'no_starttls' | 'unreachable' | 'busy' | 'private_address';
  detail?: string;
  banner?: string;
  versions: Partial<Record<TlsVersion, boolean>>;
  /** The default handshake: what a modern sender gets. */
  negotiated?: { version: string; cipher: string; kex?: { type: string; name?: string; size?: number } };
  /** Key exchange seen on the highest TLS ≤ 1.2 version, where DHE/ECDHE groups matter. */
  kex12?: { type: string; name?: string; size?: number };
  /** Accepted suites (IANA names) for the highest version below 1.3, in the order the server chose them. */
  ciphers: string[];
  ciphers13: string[];
  /** Whether the server imposes its own order (it chose the same suite when we reversed ours). */
  serverOrder?: boolean;
  /** The chain as presented, leaf first, base64 DER. */
  chain: string[];
  authorized?: boolean;
  authError?: string;
  hostnameError?: string;
  /** Accepted a TLS 1.2 handshake offering only SHA-1 signature algorithms (RFC 9155). */
  sha1Signatures?: boolean;
  clientRenegotiation?: boolean;
  /** From our own ClientHello offering DEFLATE (RFC 5246 §7.4.1.2): the server chose compression. */
  compression?: boolean;
  /** The ServerHello carried renegotiation_info (RFC 5746). */
  secureRenegotiation?: boolean;
  /** IANA codes of `ciphers`, in the same order. */
  cipherCodes: number[];
  /**
   * Set when a probe after the first was refused (421/450) or lost: the facts are partial, so the
   * verdicts that rest on them are "could not test", never a failure.
   */
  incomplete?: 'rate_limited' | 'unreachable';
  /** HTTPS: the OCSP response stapled to the first handshake (RFC 6066 §8), base64; '' when none came. */
  ocspStaple?: string;
  /** HTTPS with TLS 1.3: the max_early_data its session ticket grants (RFC 8446 §4.2.10); 0 = no 0-RTT. */
  earlyData?: number;
  connections: number;
  /** The check's deadline passed while this server was being assessed: the facts are partial. */
  aborted?: boolean;
}
