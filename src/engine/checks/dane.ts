import type { DaneHostDetail } from '../../report/details';
import { isTransientOutcome, type DnsOutcome } from '../../dns/types';
import { createHash, X509Certificate } from 'node:crypto';
import type { Verdict } from '../../dns/dnssec/chain';
import type { ServerTlsFacts } from '../../tls/facts';
import type { Status, TestResult } from '../../report/types';
import { worstStatus } from '../../report/severity';
import { aggregate } from './per-server';

/** TLSA RDATA (RFC 6698 §2.1) as dns-packet decodes it. */
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  certificate: Buffer;
}

export interface TlsaFacts {
  host: string;
  name: string;
  verdict: Verdict;
  records: TlsaData[];
  /** Outcome of the TLSA query itself: a lost lookup is not "no TLSA". */
  outcome?: DnsOutcome;
}

/** RFC 7672 §3.1.3: for SMTP only DANE-TA(2) and DANE-EE(3) are usable; PKIX usages are ignored. */
const usableForMail = (t: TlsaData): boolean =>
  (t.usage === 2 || t.usage === 3) && (t.selector === 0 || t.selector === 1) && [0, 1, 2].includes(t.matchingType);

/** Does a TLSA record match a certificate (RFC 6698 §2.1.2–2.1.3)? */
export function tlsaMatches(t: TlsaData, der: Buffer): boolean {
  let data: Buffer;
  try {
    data = t.selector === 0 ? der : new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return false;
  }
  const value =
    t.matchingType === 0
      ? data
      : t.matchingType === 1
        ? createHash('sha256').update(data).digest()
        : createHash('sha512').update(data).digest();
  return value.equals(t.certificate);
}

/** mail_starttls_dane_exist, _valid and _rollover (criteria §3.4), per MX then worst over all. */
export function checkDane(tlsa: TlsaFacts[], servers: ServerTlsFacts[], receivesMail: boolean): TestResult[] {
  const ids = ['mail_starttls_dane_exist', 'mail_starttls_dane_valid', 'mail_starttls_dane_rollover'] as const;
  if (!receivesMail || tlsa.length === 0)
    return ids.map((id) => ({ id, status: 'not_tested', reason: 'no_mx', details: {} }));
  const exist = tlsa.map((t) => {
    const usable = t.records.filter(usableForMail);
    const base = {
      host: t.host,
      name: t.name,
      dnssec: t.verdict.state,
      records: t.records.map((r) => `${r.usage} ${r.selector} ${r.matchingType} ${r.certificate.toString('hex')}`),
    } satisfies Omit<DaneHostDetail, 'reason'>;
    if (t.records.length === 0 && t.outcome && isTransientOutcome(t.outcome))
      return { ...base, status: 'error' as Status, reason: 'lookup_failed', lookup: `${t.name} TLSA`, dns: t.outcome };
    if (t.verdict.state === 'bogus')
      return { ...base, status: 'failed' as Status, reason: 'tlsa_bogus', why: t.verdict.why };
    if (t.verdict.state === 'indeterminate') return { ...base, status: 'error' as Status, reason: 'dns_error' };
    if (t.verdict.state === 'insecure')
      return { ...base, status: 'failed' as Status, reason: usable.length ? 'tlsa_not_signed' : 'no_tlsa' };
    return usable.length
      ? { ...base, status: 'passed' as Status, reason: 'tlsa_found' }
      : { ...base, status: 'failed' as Status, reason: 'no_tlsa' };
  });
  const withTlsa = tlsa.filter((t) => t.verdict.state === 'secure' && t.records.some(usableForMail));
  const valid = withTlsa.map((t) => {
    const server = servers.find((s) => s.host === t.host && s.outcome === 'ok');
    if (!server || server.chain.length === 0)
      return { host: t.host, status: 'error' as Status, reason: 'server_not_tested' };
    const chain = server.chain.map((b) => Buffer.from(b, 'base64'));
    const matched = t.records
      .filter(usableForMail)
      .filter((r) => (r.usage === 3 ? [chain[0] as Buffer] : chain.slice(1)).some((c) => tlsaMatches(r, c)));
    return matched.length
      ? {
          host: t.host,
          status: 'passed' as Status,
          reason: 'tlsa_matches',
          matched: matched.map((r) => `${r.usage} ${r.selector} ${r.matchingType}`),
        }
      : { host: t.host, status: 'failed' as Status, reason: 'tlsa_no_match' };
  });
  // Internet.nl's roll-over schemes: two DANE-EE records (current and next key), or DANE-EE plus DANE-TA.
  const rollover = withTlsa.map((t) => {
    const ee = t.records.filter((r) => r.usage === 3 && usableForMail(r)).length;
    const ta = t.records.filter((r) => r.usage === 2 && usableForMail(r)).length;
    return ee >= 2 || (ee >= 1 && ta >= 1)
      ? { host: t.host, status: 'passed' as Status, reason: 'rollover_ready' }
      : { host: t.host, status: 'failed' as Status, reason: 'single_tlsa' };
  });
  // A host whose TLSA could not be known leaves validity and roll-over unknown too, never vacuously passed.
  const unknown = exist
    .filter((e) => e.status === 'error')
    .map((e) => ({ host: e.host, status: 'error' as Status, reason: e.reason }));
  valid.push(...unknown);
  rollover.push(...unknown);
  const result = (id: string, servers: { status: Status; reason: string }[], ok: string): TestResult => {
    if (servers.length === 0) return { id, status: 'not_tested', reason: 'no_usable_tlsa', details: { servers } };
    const status = worstStatus(servers.map((s) => s.status));
    return {
      id,
      status,
      reason: status === 'passed' ? ok : (servers.find((s) => s.status === status)?.reason ?? status),
      details: { servers },
    };
  };
  return [
    result(ids[0], exist, 'tlsa_found'),
    result(ids[1], valid, 'tlsa_matches'),
    result(ids[2], rollover, 'rollover_ready'),
  ];
}

/** RFC 6698 §2.1.1 for HTTPS: all four usages; PKIX-TA(0) and PKIX-EE(1) also need a trusted chain. */
const usableForWeb = (t: TlsaData): boolean =>
  t.usage >= 0 && t.usage <= 3 && (t.selector === 0 || t.selector === 1) && [0, 1, 2].includes(t.matchingType);

/**
 * web_https_dane_exist (optional) and web_https_dane_valid (recommended) (criteria §2.3): TLSA at
 * _443._tcp.<domain>, DNSSEC-validated by our own validator, matched against every address's chain.
 */
export function checkWebDane(tlsa: TlsaFacts, servers: ServerTlsFacts[]): TestResult[] {
  const usable = tlsa.records.filter(usableForWeb);
  const base = {
    name: tlsa.name,
    dnssec: tlsa.verdict.state,
    records: tlsa.records
      .slice(0, 8)
      .map((r) => `${r.usage} ${r.selector} ${r.matchingType} ${r.certificate.toString('hex')}`),
  };
  let exist: TestResult;
  if (tlsa.verdict.state === 'indeterminate')
    exist = { id: 'web_https_dane_exist', status: 'error', reason: 'dns_error', details: base };
  else if (tlsa.verdict.state === 'bogus')
    exist = {
      id: 'web_https_dane_exist',
      status: 'failed',
      reason: 'tlsa_bogus',
      details: { ...base, why: tlsa.verdict.why },
    };
  else if (usable.length === 0)
    exist = { id: 'web_https_dane_exist', status: 'failed', reason: 'no_web_tlsa', details: base };
  else if (tlsa.verdict.state === 'insecure')
    exist = { id: 'web_https_dane_exist', status: 'failed', reason: 'tlsa_not_signed', details: base };
  else exist = { id: 'web_https_dane_exist', status: 'passed', reason: 'web_tlsa_found', details: base };
  if (exist.status !== 'passed')
    return [exist, { id: 'web_https_dane_valid', status: 'not_tested', reason: 'no_usable_tlsa', details: {} }];
  const valid = aggregate(
    'web_https_dane_valid',
    servers
      .filter((s) => s.outcome === 'ok' && s.chain.length > 0)
      .map((s) => {
        const chain = s.chain.map((b) => Buffer.from(b, 'base64'));
        const leaf = chain[0] as Buffer;
        const matched = usable.filter((r) => {
          const pkixOk = r.usage >= 2 || s.authorized === true;
          const candidates = r.usage === 1 || r.usage === 3 ? [leaf] : chain.slice(1);
          return pkixOk && candidates.some((c) => tlsaMatches(r, c));
        });
        return matched.length
          ? {
              host: s.host,
              address: s.address,
              status: 'passed' as Status,
              reason: 'tlsa_matches',
              matched: matched.map((r) => `${r.usage} ${r.selector} ${r.matchingType}`),
            }
          : { host: s.host, address: s.address, status: 'failed' as Status, reason: 'web_tlsa_no_match' };
      }),
    'tlsa_matches',
    'server_not_tested',
  );
  return [exist, valid];
}
