import type { ConnectionGate } from './connection-gate';
import type { SharedAssessments } from './shared-assessments';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { SMTP_LIMITS } from './smtp';
import { directChannel, smtpChannel, type ChannelOutcome, type TlsChannel } from './tls-channel';
import { maxEarlyData } from '../tls/session';
import { buildClientHello, type HelloAnswer } from '../tls/client-hello';
import { TLS12_SUITES, suiteName } from '../tls/suites';
import { cipherLevel, LEVEL_ORDER } from '../tls/ncsc';
import { mayProbe } from './address-policy';
import { tcpReach, type Reach } from './tcp-reach';
import type { Dialer } from './dial';

export { VERSIONS, type TlsVersion, type ServerTlsFacts } from '../tls/facts';
import { VERSIONS, type ServerTlsFacts } from '../tls/facts';

export interface AssessorOptions {
  allowPrivate: boolean;
  /** STARTTLS on port 25 (default) or TLS on port 443. */
  service?: 'smtp' | 'https';
  port?: number;
  timeoutMs?: number;
  /** Most connections to one server in one assessment. */
  connectionBudget?: number;
  /** How long an assessment is reused (a long-running bot must see a fix); for ever when left out. */
  cacheTtlMs?: number;
  now?: () => number;
  /** How TCP connections are opened (a plain connect unless injected; the lab injects resets). */
  dial?: Dialer;
  /** Held around each connection so that other processes keep off the same address meanwhile. */
  gate?: ConnectionGate;
  /** Assessments other processes made (with `gate`: one process assesses a server, the others wait and read). */
  shared?: SharedAssessments;
}

const TLS13_SUITES = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
];
const BUSY_BACKOFF_MS = [2000, 5000];
/**
 * Waits before retrying a connection lost to the network. A connection that could not be made
 * (refused, connect timeout) is tried twice more; one reset or cut after it was made, during the TLS
 * handshake, four times more: an assessment makes some 25 connections, and a path that loses 30% of
 * them must still let every one through (issue 13's lab figures).
 */
const CONNECT_BACKOFF_MS = [250, 1000];
const RESET_BACKOFF_MS = [250, 500, 1000, 2000];
const backoffFor = (r: { stage: string; timeout: boolean }, attempt: number): number | undefined =>
  (r.stage === 'connect' || r.timeout ? CONNECT_BACKOFF_MS : RESET_BACKOFF_MS)[attempt];

/**
 * A failure of the network, not an answer of the server: the TCP connect, a reset or close before the
 * TLS handshake ended, a timeout. A TLS alert or a version/suite mismatch is the server answering.
 */
export function isNetworkFailure(r: { kind: 'failed'; why: string; timeout: boolean; stage: string }): boolean {
  if (r.stage === 'connect' || r.timeout) return true;
  return /ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT|socket hang up|disconnected before secure|socket closed|other side closed/i.test(
    r.why,
  );
}

/**
 * Assesses the TLS of a service, politely: one connection at a time per address, a connection budget
 * per server, back-off on 421/450, and every address assessed once per run (342 municipalities on a
 * few provider MX hosts cost a few assessments). The same assessment serves STARTTLS on 25 and HTTPS.
 */
export class TlsAssessor {
  private readonly cache = new Map<string, { at: number; facts: Promise<ServerTlsFacts> }>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly reaches = new Map<string, { at: number; reach: Promise<Reach> }>();
  /** Connections made for reachability tests (the TLS ones are counted per server). */
  reachConnections = 0;

  private readonly channel: TlsChannel;

  constructor(private readonly options: AssessorOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.channel =
      options.service === 'https'
        ? directChannel(timeoutMs, options.port ?? 443, options.dial)
        : smtpChannel({ ...SMTP_LIMITS, timeoutMs }, options.port ?? 25, options.dial);
  }

  /**
   * TLS properties belong to the address, so they are assessed once per address: many domains name
   * their own MX host on a provider's address (as Microsoft 365's per-tenant names do). Only the
   * certificate's name is checked per host. (SMTP servers rarely vary their certificate by SNI.)
   */
  async assess(host: string, address: string, signal?: AbortSignal): Promise<ServerTlsFacts> {
    const now = (this.options.now ?? Date.now)();
    // Websites share addresses and choose their certificate by SNI: for HTTPS the name is part of the key.
    const key = this.channel.kind === 'https' ? `${address}|${host}` : address;
    let entry = this.cache.get(key);
    if (!entry || (this.options.cacheTtlMs !== undefined && now - entry.at > this.options.cacheTtlMs)) {
      const made: { at: number; facts: Promise<ServerTlsFacts> } = {
        at: now,
        facts: this.runShared(host, address, `${this.channel.kind}|${key}`, signal),
      };
      entry = made;
      this.cache.set(key, made);
      // An assessment cut short by its check's deadline is not kept: the next check assesses afresh.
      void made.facts.then((f) => {
        if (f.aborted && this.cache.get(key) === made) this.cache.delete(key);
      });
    }
    const facts = await entry.facts;
    if (facts.host === host) return facts;
    const leaf = facts.chain[0];
    let hostnameError: string | undefined;
    if (leaf) {
      try {
        hostnameError = new X509Certificate(Buffer.from(leaf, 'base64')).checkHost(host)
          ? undefined
          : 'ERR_TLS_CERT_ALTNAME_INVALID';
      } catch {
        hostnameError = 'unreadable_certificate';
      }
    }
    // The connections were made for the first host on this address: none are charged again.
    const { hostnameError: _own, ...rest } = facts;
    void _own;
    return { ...rest, host, connections: 0, ...(hostnameError ? { hostnameError } : {}) };
  }

  /**
   * With shared assessments: facts another process found are used as they are (no connection is made);
   * otherwise this process assesses while it holds the server's assessment key, and shares the result.
   * A shared store that does not answer costs only the sharing: the server is assessed here.
   */
  private async runShared(host: string, address: string, key: string, signal?: AbortSignal): Promise<ServerTlsFacts> {
    const shared = this.options.shared;
    if (!shared) return this.run(host, address, signal);
    const found = (): Promise<ServerTlsFacts | undefined> =>
      shared.get(key).then(
        (f) => (f ? { ...f, connections: 0 } : undefined),
        // A shared store that does not answer: this process assesses the server itself.
        () => undefined,
      );
    const ready = await found();
    if (ready) return ready;
    const assess = async (): Promise<ServerTlsFacts> => {
      const meanwhile = await found();
      if (meanwhile) return meanwhile;
      const facts = await this.run(host, address, signal);
      if (!facts.aborted)
        await shared.put(key, facts, this.options.cacheTtlMs ?? 600_000).catch(() => {
          // Not shared this time: the next process assesses the server itself, as without Redis.
        });
      return facts;
    };
    return this.options.gate ? this.options.gate.hold(`assess|${key}`, assess, signal) : assess();
  }

  private async run(host: string, address: string, signal?: AbortSignal): Promise<ServerTlsFacts> {
    const facts: ServerTlsFacts = {
      host,
      address,
      outcome: 'ok',
      versions: {},
      ciphers: [],
      cipherCodes: [],
      ciphers13: [],
      chain: [],
      connections: 0,
    };
    if (!mayProbe(address, this.options.allowPrivate).ok) return { ...facts, outcome: 'private_address' };
    const budget = this.options.connectionBudget ?? 80;
    const channel = this.channel;
    const web = channel.kind === 'https';
    const connect = (
      tlsOptions: tls.ConnectionOptions,
      observe?: (socket: tls.TLSSocket) => void,
    ): Promise<ChannelOutcome> =>
      this.serialised(
        address,
        async () => {
          for (let attempt = 0; ; attempt++) {
            if (signal?.aborted) {
              facts.aborted = true;
              return {
                kind: 'failed',
                why: 'check deadline passed',
                timeout: true,
                stage: 'connect',
              } as ChannelOutcome;
            }
            if (facts.connections >= budget)
              return {
                kind: 'failed',
                why: 'connection budget used',
                timeout: false,
                stage: 'connect',
              } as ChannelOutcome;
            facts.connections++;
            const r = await channel.handshake(address, host, tlsOptions, observe, signal);
            // A reset, a timeout or a refused connection says nothing about the server's TLS (issue 13):
            // retried with back-off, within the budget and still one connection at a time.
            const wait = r.kind === 'failed' && isNetworkFailure(r) ? backoffFor(r, attempt) : undefined;
            if (wait !== undefined && !signal?.aborted) {
              await new Promise((res) => setTimeout(res, wait));
              continue;
            }
            if (r.kind !== 'busy' || attempt >= BUSY_BACKOFF_MS.length) {
              if (facts.connections > 1 && r.kind === 'busy') facts.incomplete = 'rate_limited';
              // Still lost after the retries: the facts are partial, never "this version is not offered".
              if (facts.connections > 1 && r.kind === 'failed' && isNetworkFailure(r))
                facts.incomplete = facts.incomplete ?? 'unreachable';
              return r;
            }
            await new Promise((res) => setTimeout(res, BUSY_BACKOFF_MS[attempt]));
          }
        },
        signal,
      );

    // 1. A handshake offering every version: reachability, STARTTLS, the chain and the best the server
    // does; for HTTPS also the stapled OCSP response (Node emits it during the handshake).
    let staple: Buffer | null | undefined;
    const first = await connect(
      { minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0', ...(web ? { requestOCSP: true } : {}) },
      web
        ? (t) =>
            t.once('OCSPResponse', (r: Buffer) => {
              staple = r;
            })
        : undefined,
    );
    if (first.kind === 'failed' && isNetworkFailure(first))
      return { ...facts, outcome: 'unreachable', detail: first.why };
    if (first.kind === 'busy') return { ...facts, outcome: 'busy', detail: `${first.code} ${first.text}` };
    if (first.kind === 'no_starttls') return { ...facts, outcome: 'no_starttls', banner: first.banner };
    if (first.kind === 'failed') {
      // STARTTLS offered, but no handshake we can make succeeds: nothing more to learn.
      return {
        ...facts,
        detail: `TLS handshake failed: ${first.why}`,
        versions: { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false },
      };
    }
    const hello = async (suites: number[], compression: boolean): Promise<HelloAnswer | undefined> => {
      if (facts.connections >= budget) return undefined;
      return this.serialised(
        address,
        async () => {
          for (let attempt = 0; ; attempt++) {
            if (signal?.aborted) {
              facts.aborted = true;
              return undefined;
            }
            if (facts.connections >= budget) {
              if (attempt > 0) facts.incomplete = facts.incomplete ?? 'unreachable';
              return undefined;
            }
            facts.connections++;
            const r = await channel.hello(
              address,
              host,
              buildClientHello({ serverName: host, suites, compression }),
              signal,
            );
            // A reset or timeout is the network's, not the server's answer: retried like a handshake, and
            // when still lost the facts are partial (never "no more suites": issue 13).
            if (r.kind === 'failed' && isNetworkFailure(r)) {
              const wait = backoffFor(r, attempt);
              if (wait !== undefined && !signal?.aborted) {
                await new Promise((res) => setTimeout(res, wait));
                continue;
              }
              facts.incomplete = facts.incomplete ?? 'unreachable';
              return undefined;
            }
            if (r.kind === 'busy') facts.incomplete = 'rate_limited';
            return r.kind === 'server_hello' || r.kind === 'alert' || r.kind === 'malformed' || r.kind === 'incomplete'
              ? r
              : undefined;
          }
        },
        signal,
      );
    };
    facts.banner = first.banner;
    const s = first.socket;
    const cipher = s.getCipher();
    const kex = s.getEphemeralKeyInfo();
    facts.negotiated = {
      version: s.getProtocol() ?? '',
      cipher: cipher.standardName ?? cipher.name,
      ...(kex && 'type' in kex && kex.type ? { kex: kex as { type: string; name?: string; size?: number } } : {}),
    };
    facts.chain = chainOf(s.getPeerCertificate(true));
    facts.authorized = s.authorized;
    if (s.authorizationError)
      facts.authError = String((s.authorizationError as unknown as { code?: string }).code ?? s.authorizationError);
    const idErr = tls.checkServerIdentity(host, s.getPeerCertificate());
    if (idErr) facts.hostnameError = (idErr as NodeJS.ErrnoException).code ?? idErr.message;
    if (web) facts.ocspStaple = staple ? staple.subarray(0, 64 * 1024).toString('base64') : '';
    channel.close(s);

    // 2. Each protocol version on its own (SECLEVEL=0 so old versions are not refused by us).
    for (const v of VERSIONS) {
      const r = await connect({ minVersion: v, maxVersion: v, ciphers: 'ALL:@SECLEVEL=0' });
      facts.versions[v] = r.kind === 'tls';
      if (r.kind === 'tls') channel.close(r.socket);
    }

    // 3. Suites of the highest version below 1.3 (as Internet.nl), with our own ClientHello so that every
    // suite can be found, whatever this machine's OpenSSL still supports: offer all, note the choice,
    // remove it, repeat. Strongest first, so a server that follows our order shows its best first.
    const below13 = [...VERSIONS].reverse().find((v) => v !== 'TLSv1.3' && facts.versions[v]);
    if (below13) {
      const k = await connect({ minVersion: below13, maxVersion: below13, ciphers: 'ALL:@SECLEVEL=0' });
      if (k.kind === 'tls') {
        const info = k.socket.getEphemeralKeyInfo();
        if (info && 'type' in info && info.type) facts.kex12 = info as { type: string; name?: string; size?: number };
        channel.close(k.socket);
      }
      let remaining = Object.keys(TLS12_SUITES)
        .map(Number)
        .sort(
          (a, b) =>
            LEVEL_ORDER.indexOf(cipherLevel(suiteName(b), 'ncsc-2025')) -
              LEVEL_ORDER.indexOf(cipherLevel(suiteName(a), 'ncsc-2025')) || a - b,
        );
      for (let i = 0; i < 60 && remaining.length > 0; i++) {
        const r = await hello(remaining, false);
        if (r?.kind !== 'server_hello' || !remaining.includes(r.suite)) break;
        facts.cipherCodes.push(r.suite);
        facts.ciphers.push(suiteName(r.suite));
        remaining = remaining.filter((c) => c !== r.suite);
      }
      if (facts.cipherCodes.length > 1) {
        const r = await hello([...facts.cipherCodes].reverse(), false);
        if (r?.kind === 'server_hello') facts.serverOrder = r.suite === facts.cipherCodes[0];
      }
      // 4. SHA-1 as the only signature algorithm for the key exchange (RFC 9155: must be refused).
      if (below13 === 'TLSv1.2') {
        const r = await connect({
          minVersion: 'TLSv1.2',
          maxVersion: 'TLSv1.2',
          ciphers: 'ECDHE:DHE:@SECLEVEL=0',
          sigalgs: 'RSA+SHA1:ECDSA+SHA1',
        });
        facts.sha1Signatures = r.kind === 'tls';
        if (r.kind === 'tls') channel.close(r.socket);
      }
      // 5. Compression and secure renegotiation, from the ServerHello to a ClientHello that offers both.
      const probe = await hello(
        facts.cipherCodes.length ? facts.cipherCodes : Object.keys(TLS12_SUITES).map(Number),
        true,
      );
      if (probe?.kind === 'server_hello') {
        facts.compression = probe.compression !== 0;
        facts.secureRenegotiation = probe.extensions.includes(0xff01);
      }
      // 6. Client-initiated renegotiation (Internet.nl: allowed is informational).
      if (facts.versions['TLSv1.2']) {
        const r = await connect({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0' });
        if (r.kind === 'tls') {
          // A refusing server answers with a no_renegotiation warning alert, which Node does not surface, and
          // application data sent meanwhile does not come back either (tried: a NOOP gets no visible reply).
          // So silence for one second is taken as refusal; an accepting server completes within a round trip
          // or two. The cost: about a second per server address, once per run.
          facts.clientRenegotiation = await new Promise<boolean>((resolve) => {
            const t = setTimeout(() => resolve(false), 1000);
            const ok = r.socket.renegotiate({ rejectUnauthorized: false }, (err) => {
              clearTimeout(t);
              resolve(!err);
            });
            if (!ok) {
              clearTimeout(t);
              resolve(false);
            }
          });
          channel.close(r.socket);
        }
      }
    }
    if (facts.versions['TLSv1.3']) {
      let remaining = [...TLS13_SUITES];
      while (remaining.length > 0 && facts.connections < budget) {
        const r = await connect({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: remaining.join(':') });
        if (r.kind !== 'tls') break;
        const name = r.socket.getCipher().standardName ?? r.socket.getCipher().name;
        channel.close(r.socket);
        facts.ciphers13.push(name);
        remaining = remaining.filter((x) => x !== name);
      }
    }
    // 7. HTTPS with TLS 1.3: does the session ticket grant 0-RTT? Tickets come after the handshake, so a
    // request is made and answered first. (Node cannot send early data itself; a server that grants it
    // in its ticket accepts replayable requests, which is what Internet.nl's 0-RTT test fails.)
    if (web && facts.versions['TLSv1.3'] && facts.connections < budget) {
      const sessions: Buffer[] = [];
      const r = await connect({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }, (t) =>
        t.on('session', (b: Buffer) => {
          if (sessions.length < 4) sessions.push(b);
        }),
      );
      if (r.kind === 'tls') {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(this.options.timeoutMs ?? 10_000, 3000));
          r.socket.on('data', () => undefined);
          r.socket.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          r.socket.once('end', () => {
            clearTimeout(t);
            resolve();
          });
          r.socket.write(`HEAD / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nUser-Agent: Mailcheck\r\n\r\n`);
        });
        r.socket.destroy();
        const grants = sessions.map(maxEarlyData).filter((n): n is number => n !== undefined);
        if (grants.length) facts.earlyData = Math.max(...grants);
      }
    }
    return facts;
  }

  /** Port reachability of an address (IPv6 tests), once per run and in turn with the TLS probes. */
  reach(address: string, timeoutMs = 4000, port = this.channel.port, signal?: AbortSignal): Promise<Reach> {
    const key = `${address}|${port}`;
    const now = (this.options.now ?? Date.now)();
    let entry = this.reaches.get(key);
    if (!entry || (this.options.cacheTtlMs !== undefined && now - entry.at > this.options.cacheTtlMs)) {
      entry = {
        at: now,
        reach: this.serialised(
          address,
          () => {
            if (mayProbe(address, this.options.allowPrivate).ok) this.reachConnections++;
            return tcpReach(address, port, timeoutMs, this.options.allowPrivate, signal);
          },
          signal,
        ),
      };
      this.reaches.set(key, entry);
      const made = entry;
      if (signal)
        void made.reach.then(() => {
          if (signal.aborted && this.reaches.get(key) === made) this.reaches.delete(key);
        });
    }
    return entry.reach;
  }

  /** One connection at a time per server address. */
  private serialised<T>(address: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const prev = this.locks.get(address) ?? Promise.resolve();
    const gate = this.options.gate;
    const run = gate ? (): Promise<T> => gate.hold(address, fn, signal) : fn;
    // After the previous probe, whatever its outcome: its failure is its own caller's, who awaits it.
    const next = prev.then(run, run);
    this.locks.set(address, next);
    return next;
  }
}

/** The presented chain, leaf first (getPeerCertificate(true) links issuers; the root points at itself). */
function chainOf(cert: tls.DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = cert;
  while (c && c.raw && !seen.has(c.fingerprint256) && out.length < 10) {
    seen.add(c.fingerprint256);
    out.push(c.raw.toString('base64'));
    c = c.issuerCertificate;
  }
  return out;
}
