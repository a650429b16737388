import type { ServerTlsFacts } from '../../tls/facts';
import type { TestResult } from '../../report/types';
import { judgeStaple, ocspUrlOf } from '../../tls/ocsp';
import { aggregate, type PerServer } from './per-server';

/** TLS tests only the website test has (internetnl-criteria.md §2.3), pure over the assessor's facts. */
const tested = (facts: ServerTlsFacts[]): ServerTlsFacts[] =>
  facts.filter((f) => f.outcome === 'ok' && f.negotiated !== undefined);

/** web_https_tls_0rtt: a server must not accept 0-RTT data (RFC 8446 §8: early data can be replayed). */
export function checkZeroRtt(facts: ServerTlsFacts[]): TestResult {
  return aggregate(
    'web_https_tls_0rtt',
    tested(facts).map((f): PerServer => {
      const b = { host: f.host, address: f.address };
      if (f.incomplete) return { ...b, status: 'error', reason: f.incomplete };
      if (!f.versions['TLSv1.3']) return { ...b, status: 'passed', reason: 'no_tls13' };
      if ((f.earlyData ?? 0) > 0)
        return { ...b, status: 'failed', reason: 'zero_rtt_offered', maxEarlyData: f.earlyData };
      return { ...b, status: 'passed', reason: 'no_zero_rtt' };
    }),
    'no_zero_rtt',
  );
}

/**
 * web_https_tls_ocsp (recommended): when the certificate names an OCSP responder, the server should
 * staple a valid response (RFC 6066 §8), so that visitors need not ask the CA. A certificate without an
 * OCSP URL (as Let's Encrypt's since 2025) leaves nothing to staple.
 */
export function checkOcspStapling(facts: ServerTlsFacts[], now: Date): TestResult {
  const id = 'web_https_tls_ocsp';
  const servers = tested(facts)
    .map((f): PerServer | undefined => {
      const b = { host: f.host, address: f.address };
      const [leaf, issuer] = f.chain.map((c) => Buffer.from(c, 'base64'));
      if (!leaf || !ocspUrlOf(leaf)) return undefined;
      if (!f.ocspStaple) return { ...b, status: 'info', reason: 'no_staple', url: ocspUrlOf(leaf) };
      const v = judgeStaple(Buffer.from(f.ocspStaple, 'base64'), leaf, issuer, now);
      if (v.state === 'good') return { ...b, status: 'passed', reason: 'staple_valid', nextUpdate: v.nextUpdate };
      return {
        ...b,
        status: 'failed',
        reason: v.state === 'revoked' ? 'staple_revoked' : 'staple_invalid',
        why: v.why,
      };
    })
    .filter((s): s is PerServer => s !== undefined);
  if (servers.length === 0) return { id, status: 'not_tested', reason: 'no_ocsp_url', details: { servers: [] } };
  return aggregate(id, servers, 'staple_valid');
}
