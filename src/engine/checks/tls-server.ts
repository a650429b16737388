import type { ServerTlsFacts } from '../../tls/facts';
import { certFacts } from '../../tls/cert-facts';
import {
  certKeyLevel,
  cipherLevel,
  keyExchangeLevel,
  signatureLevel,
  versionLevel,
  worst,
  type Guideline,
  type Level,
} from '../../tls/ncsc';
import type { Status, TestResult } from '../../report/types';
import { aggregate, type PerServer } from './per-server';
import type { CaaFacts } from '../facts/caa';
import { assessCaa } from '../../records/caa';

/**
 * The TLS verdicts (internetnl-criteria.md §2.3, §3.4 and §4), pure over what the assessor saw: the
 * same rules for mail_starttls_* (every MX) and web_https_* (every address of the web server).
 * Each test takes the worst status over all servers; `details.servers` says which server had what.
 * Servers that could not be tested never produce a failure: their tests are `error`.
 */
export type TlsPrefix = 'mail_starttls' | 'web_https';

const STATUS_OF: Record<Level, Status> = {
  good: 'passed',
  sufficient: 'passed',
  phase_out: 'warning',
  insufficient: 'failed',
};

function usable(facts: ServerTlsFacts[]): ServerTlsFacts[] {
  return facts.filter((f) => f.outcome === 'ok' && f.negotiated !== undefined);
}

/**
 * Servers we could not reach, that refused us for now (421) or that we may not probe: their TLS was
 * not seen, so every TLS test is `error` for them, never "nothing to test" (issue 13). A server
 * without STARTTLS or whose handshake failed is evidence, and mail_starttls_tls_available says so.
 */
function untestable(facts: ServerTlsFacts[]): PerServer[] {
  const reason = { busy: 'rate_limited', unreachable: 'unreachable', private_address: 'private_address' } as const;
  return facts.flatMap((f) =>
    f.outcome === 'busy' || f.outcome === 'unreachable' || f.outcome === 'private_address'
      ? [
          {
            host: f.host,
            address: f.address,
            status: 'error' as Status,
            reason: reason[f.outcome],
            ...(f.detail ? { detail: f.detail } : {}),
          },
        ]
      : [],
  );
}

/**
 * Every MX must do TLS well, so an MX we could not test leaves the mail verdict open. A web address
 * that does not answer is web_ipv6_ws_reach's finding; TLS is judged on the addresses that answer,
 * and is "could not test" only when none did.
 */
function withUntestable(facts: ServerTlsFacts[], judged: PerServer[], prefix: TlsPrefix): PerServer[] {
  return prefix === 'mail_starttls' || judged.length === 0 ? [...judged, ...untestable(facts)] : judged;
}

/** A verdict per server, unless its assessment was cut short: then "could not test" (Internet.nl #1183). */
function perServer(facts: ServerTlsFacts[], judge: (f: ServerTlsFacts) => PerServer, prefix: TlsPrefix): PerServer[] {
  return withUntestable(
    facts,
    usable(facts).map((f) =>
      f.incomplete ? { host: f.host, address: f.address, status: 'error' as Status, reason: f.incomplete } : judge(f),
    ),
    prefix,
  );
}

export function checkTlsAvailable(facts: ServerTlsFacts[], receivesMail: boolean): TestResult {
  const id = 'mail_starttls_tls_available';
  if (!receivesMail) return { id, status: 'not_tested', reason: 'no_mx', details: { servers: [] } };
  return aggregate(
    id,
    facts.map((f) => {
      const base = { host: f.host, address: f.address, connections: f.connections };
      switch (f.outcome) {
        case 'ok': {
          if (!f.negotiated) return { ...base, status: 'failed', reason: 'tls_handshake_failed', detail: f.detail };
          // The DANE-EE record this server's current key calls for (RFC 7672 §3.1.1): used by the fix advice.
          const leaf = f.chain[0] ? certFacts(Buffer.from(f.chain[0], 'base64')) : undefined;
          return {
            ...base,
            status: 'passed',
            reason: 'starttls',
            version: f.negotiated.version,
            ...(leaf ? { tlsa311: leaf.spkiSha256 } : {}),
          };
        }
        case 'no_starttls':
          return { ...base, status: 'failed', reason: 'no_starttls', banner: f.banner };
        case 'private_address':
          return { ...base, status: 'error', reason: 'private_address' };
        case 'busy':
          return { ...base, status: 'error', reason: 'rate_limited', detail: f.detail };
        default:
          return { ...base, status: 'error', reason: 'unreachable', detail: f.detail };
      }
    }),
    'starttls_on_every_mx',
  );
}

export function checkTlsVersion(
  facts: ServerTlsFacts[],
  g: Guideline,
  prefix: TlsPrefix = 'mail_starttls',
): TestResult {
  return aggregate(
    `${prefix}_tls_version`,
    perServer(
      facts,
      (f) => {
        const offered = Object.entries(f.versions)
          .filter(([, ok]) => ok)
          .map(([v]) => v);
        const levels = offered.map((v) => ({ v, level: versionLevel(v, g) }));
        const w = worst(levels.map((l) => l.level)) ?? 'insufficient';
        return {
          host: f.host,
          address: f.address,
          status: STATUS_OF[w],
          reason:
            w === 'insufficient' ? 'insufficient_version' : w === 'phase_out' ? 'phase_out_version' : 'good_versions',
          versions: offered,
          bad: levels.filter((l) => l.level === 'insufficient').map((l) => l.v),
          phaseOut: levels.filter((l) => l.level === 'phase_out').map((l) => l.v),
        };
      },
      prefix,
    ),
    'good_versions',
  );
}

export function checkTlsCiphers(
  facts: ServerTlsFacts[],
  g: Guideline,
  prefix: TlsPrefix = 'mail_starttls',
): TestResult {
  return aggregate(
    `${prefix}_tls_ciphers`,
    perServer(
      facts,
      (f) => {
        const all = [...f.ciphers13, ...f.ciphers];
        const bad = all.filter((c) => cipherLevel(c, g) === 'insufficient');
        const phaseOut = all.filter((c) => cipherLevel(c, g) === 'phase_out');
        const status: Status = bad.length ? 'failed' : phaseOut.length ? 'warning' : 'passed';
        return {
          host: f.host,
          address: f.address,
          status,
          reason: bad.length ? 'insufficient_ciphers' : phaseOut.length ? 'phase_out_ciphers' : 'good_ciphers',
          accepted: all,
          bad,
          phaseOut,
        };
      },
      prefix,
    ),
    'good_ciphers',
  );
}

/** The server must prefer good and sufficient suites over phase-out ones (NCSC 2025; Internet.nl ≥ 1.11). */
export function checkCipherOrder(
  facts: ServerTlsFacts[],
  g: Guideline,
  prefix: TlsPrefix = 'mail_starttls',
): TestResult {
  return aggregate(
    `${prefix}_tls_cipherorder`,
    perServer(
      facts,
      (f) => {
        const base = { host: f.host, address: f.address };
        const weak = (c: string): boolean => ['phase_out', 'insufficient'].includes(cipherLevel(c, g));
        if (!f.ciphers.some(weak))
          return { ...base, status: 'passed', reason: f.ciphers.length ? 'no_weak_suites' : 'tls13_only' };
        if (f.serverOrder !== true) return { ...base, status: 'failed', reason: 'client_order', order: f.ciphers };
        const firstWeak = f.ciphers.findIndex(weak);
        const strongAfter = f.ciphers.slice(firstWeak).find((c) => !weak(c));
        return strongAfter
          ? {
              ...base,
              status: 'failed',
              reason: 'weak_suite_preferred',
              violation: [f.ciphers[firstWeak], strongAfter],
            }
          : { ...base, status: 'passed', reason: 'server_prefers_strong' };
      },
      prefix,
    ),
    'server_prefers_strong',
  );
}

export function checkKeyExchange(
  facts: ServerTlsFacts[],
  g: Guideline,
  prefix: TlsPrefix = 'mail_starttls',
): TestResult {
  return aggregate(
    `${prefix}_tls_keyexchange`,
    perServer(
      facts,
      (f) => {
        const seen = [f.negotiated?.kex, f.kex12].filter((k): k is { type: string; name?: string; size?: number } =>
          Boolean(k),
        );
        const w = worst(seen.map((k) => keyExchangeLevel(k, g)));
        const status: Status = w ? STATUS_OF[w] : 'passed';
        return {
          host: f.host,
          address: f.address,
          status,
          reason:
            status === 'passed'
              ? 'good_key_exchange'
              : status === 'failed'
                ? 'insufficient_key_exchange'
                : 'phase_out_key_exchange',
          keyExchange: seen,
        };
      },
      prefix,
    ),
    'good_key_exchange',
  );
}

export function checkKeyExchangeHash(facts: ServerTlsFacts[], prefix: TlsPrefix = 'mail_starttls'): TestResult {
  return aggregate(
    `${prefix}_tls_keyexchangehash`,
    perServer(
      facts.filter((f) => f.outcome !== 'ok' || f.sha1Signatures !== undefined || f.incomplete),
      (f) => ({
        host: f.host,
        address: f.address,
        status: f.sha1Signatures ? 'failed' : 'passed',
        reason: f.sha1Signatures ? 'sha1_accepted' : 'sha2_only',
      }),
      prefix,
    ),
    'sha2_only',
  );
}

/** TLS compression (CRIME): insufficient (criteria §4.2). TLS 1.3 has none. */
export function checkCompression(facts: ServerTlsFacts[], prefix: TlsPrefix = 'mail_starttls'): TestResult {
  return aggregate(
    `${prefix}_tls_compress`,
    perServer(
      facts,
      (f) => ({
        host: f.host,
        address: f.address,
        ...(f.compression === true
          ? { status: 'failed' as Status, reason: 'tls_compression' }
          : { status: 'passed' as Status, reason: f.compression === false ? 'no_compression' : 'tls13_only' }),
      }),
      prefix,
    ),
    'no_compression',
  );
}

/** Secure renegotiation (RFC 5746) is required for TLS ≤ 1.2. */
export function checkSecureRenegotiation(facts: ServerTlsFacts[], prefix: TlsPrefix = 'mail_starttls'): TestResult {
  return aggregate(
    `${prefix}_tls_secreneg`,
    perServer(
      facts,
      (f) => ({
        host: f.host,
        address: f.address,
        ...(f.secureRenegotiation === false
          ? { status: 'failed' as Status, reason: 'no_secure_renegotiation' }
          : { status: 'passed' as Status, reason: f.secureRenegotiation ? 'secure_renegotiation' : 'tls13_only' }),
      }),
      prefix,
    ),
    'secure_renegotiation',
  );
}

/** Client-initiated renegotiation: allowed is informational (criteria §4.2). */
export function checkClientRenegotiation(facts: ServerTlsFacts[], prefix: TlsPrefix = 'mail_starttls'): TestResult {
  return aggregate(
    `${prefix}_tls_clientreneg`,
    perServer(
      facts,
      (f) => ({
        host: f.host,
        address: f.address,
        ...(f.clientRenegotiation
          ? { status: 'failed' as Status, reason: 'client_renegotiation_allowed' }
          : { status: 'passed' as Status, reason: 'client_renegotiation_refused' }),
      }),
      prefix,
    ),
    'client_renegotiation_refused',
  );
}

/** OpenSSL's verdicts in stable words; a name mismatch is cert_domain's business, not the chain's. */
function chainReason(f: ServerTlsFacts): string {
  if (f.authorized || !f.authError || f.authError === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'trusted';
  switch (f.authError) {
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'CERT_NOT_YET_VALID':
      return 'not_yet_valid';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'self_signed';
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'unknown_issuer';
    default:
      return 'untrusted';
  }
}

/** Certificates: trust (informational for mail), host name (informational), key and signature of every non-root certificate. */
export function checkCertificates(
  facts: ServerTlsFacts[],
  g: Guideline,
  prefix: TlsPrefix = 'mail_starttls',
): TestResult[] {
  const servers = usable(facts);
  const chain = (f: ServerTlsFacts) =>
    f.chain
      .map((b64) => certFacts(Buffer.from(b64, 'base64')))
      .filter((c): c is NonNullable<ReturnType<typeof certFacts>> => c !== undefined);
  // The trust-store root is not judged; a self-signed leaf is (it is all the server sends).
  const judged = (f: ServerTlsFacts) => chain(f).filter((c, i) => i === 0 || !c.selfSigned);
  return [
    aggregate(
      `${prefix}_cert_chain`,
      withUntestable(
        facts,
        servers.map((f) => {
          const reason = chainReason(f);
          return {
            host: f.host,
            address: f.address,
            status: reason === 'trusted' ? 'passed' : 'failed',
            reason,
            ...(f.authError ? { error: f.authError } : {}),
          };
        }),
        prefix,
      ),
      'trusted',
    ),
    aggregate(
      `${prefix}_cert_pubkey`,
      withUntestable(
        facts,
        servers.map((f) => {
          const keys = judged(f).map((c) => ({ subject: c.subject, key: c.key, level: certKeyLevel(c.key, g) }));
          const w = worst(keys.map((k) => k.level)) ?? 'insufficient';
          return {
            host: f.host,
            address: f.address,
            status: STATUS_OF[w],
            reason: w === 'insufficient' ? 'insufficient_key' : w === 'phase_out' ? 'phase_out_key' : 'good_keys',
            keys,
          };
        }),
        prefix,
      ),
      'good_keys',
    ),
    aggregate(
      `${prefix}_cert_sig`,
      withUntestable(
        facts,
        servers.map((f) => {
          const sigs = judged(f).map((c) => ({ subject: c.subject, ...signatureLevel(c.signatureOid) }));
          const w = worst(sigs.map((s) => s.level)) ?? 'insufficient';
          return {
            host: f.host,
            address: f.address,
            status: STATUS_OF[w],
            reason:
              w === 'insufficient'
                ? 'insufficient_signature'
                : w === 'phase_out'
                  ? 'phase_out_signature'
                  : 'good_signatures',
            signatures: sigs.map((s) => s.name),
          };
        }),
        prefix,
      ),
      'good_signatures',
    ),
    aggregate(
      `${prefix}_cert_domain`,
      withUntestable(
        facts,
        servers.map((f) => ({
          host: f.host,
          address: f.address,
          status: f.hostnameError ? ('failed' as Status) : ('passed' as Status),
          reason: f.hostnameError ? 'name_mismatch' : 'name_matches',
        })),
        prefix,
      ),
      'name_matches',
    ),
  ];
}

/**
 * mail_starttls_tls_caa / web_https_tls_caa (criteria §2.3/§3.4, recommended): CAA (RFC 8659) for
 * every MX name or the web server's name, valid, with an issue tag.
 */
export function checkCaa(id: string, caa: CaaFacts[], applicable: boolean, notApplicable = 'no_mx'): TestResult {
  if (!applicable || caa.length === 0) return { id, status: 'not_tested', reason: notApplicable, details: {} };
  return aggregate(
    id,
    caa.map((c) => {
      const base = { host: c.name, address: '', foundOn: c.foundOn };
      if (c.outcome === 'dns_error') return { ...base, status: 'error' as Status, reason: 'dns_error' };
      if (c.outcome === 'none') return { ...base, status: 'failed' as Status, reason: 'no_caa' };
      const a = assessCaa(c.records);
      if (!a.valid) return { ...base, status: 'failed' as Status, reason: 'invalid_caa', problems: a.problems };
      if (!a.hasIssue) return { ...base, status: 'failed' as Status, reason: 'caa_without_issue' };
      return { ...base, status: 'passed' as Status, reason: 'caa_present', issuers: a.issuers, iodef: a.hasIodef };
    }),
    'caa_present',
  );
}
