import type { GathererIo } from './io';
import type { Resolver } from '../dns/types';
import type { TestResult } from '../report/types';
import { gatherSpfTree } from './facts/spf-tree';
import { probeSpf } from './facts/spf-probe';
import { gatherDmarc } from './facts/dmarc';
import { gatherDkim } from './facts/dkim';
import { gatherMx } from './facts/mx';
import { gatherTxt } from './facts/txt-policy';
import { checkSpfExist, checkSpfPolicy, isNonSendingSpf } from './checks/spf';
import { checkDmarcExist, checkDmarcExternal, checkDmarcPolicy, dmarcFault, isRejectEverything } from './checks/dmarc';
import { isTransientOutcome } from '../dns/types';
import { lookupFailed } from './checks/fault';
import { checkDkim } from './checks/dkim';
import { checkMtaSts, checkTlsRpt } from './checks/tls-reporting';
import { gatherMtaStsPolicy } from './facts/mta-sts-policy';
import { isMtaStsTxtRecord } from '../records/mta-sts-txt';
import { analyseMx, receivesMail } from './checks/mx';
import { checkDnssecAlgorithms, checkDnssecExist, checkDnssecMx, checkDnssecValid } from './checks/dnssec';
import type { DnssecValidator } from '../dns/dnssec-validator';
import { gatherIpv6Reach, gatherMxAddresses } from './facts/mail-servers';
import { gatherTlsa } from './facts/tlsa';
import {
  checkCaa,
  checkCertificates,
  checkCipherOrder,
  checkClientRenegotiation,
  checkCompression,
  checkKeyExchange,
  checkKeyExchangeHash,
  checkSecureRenegotiation,
  checkTlsAvailable,
  checkTlsCiphers,
  checkTlsVersion,
} from './checks/tls-server';
import { checkDane } from './checks/dane';
import { checkIpv6MxAddress, checkIpv6MxReach } from './checks/ipv6-mx';
import { gatherNameservers } from './facts/nameservers';
import { gatherCaa } from './facts/caa';
import { checkIpv6NsAddress, checkIpv6NsReach } from './checks/ipv6-ns';
import type { TlsAssessor, ServerTlsFacts } from '../probes/tls-assessor';
import type { Guideline } from '../tls/ncsc';

/** How a plan reaches servers: one assessor per service for the run, the address policy, the guideline, the deadline. */
export interface ProbeOptions {
  /** The run's assessor for this plan's service (SMTP or HTTPS), so a server shared by many domains is assessed once. */
  assessor: TlsAssessor;
  allowPrivate: boolean;
  guideline: Guideline;
  /** Aborted at the check's deadline: no probe starts after it, and open ones are closed. */
  signal?: AbortSignal;
  /** HTTP fetches and direct name-server questions (src/engine/io.ts). */
  io: GathererIo;
}

/** A unit of streaming: the test ids it decides and the promise that decides them. */
export interface Task {
  ids: string[];
  run: Promise<TestResult[]>;
  /** Every test of the task rests on the MX set: `error` when that set could not be looked up. */
  mx?: boolean;
}

export interface MailPlan {
  tasks: Task[];
  /** The report's `custom` block, once the facts are in. */
  custom: Promise<Record<string, unknown>>;
}

/**
 * The mail test: every fact-gatherer starts at once (they share the run's DNS cache), and each check
 * is decided as soon as its own facts are in, so DNS-only verdicts stream out first.
 */
export function planMail(
  resolver: Resolver,
  validator: DnssecValidator,
  domain: string,
  dkimSelectors: readonly string[],
  nowSeconds: number,
  transport: ProbeOptions,
): MailPlan {
  const spf = gatherSpfTree(resolver, domain);
  const spfProbes = probeSpf(resolver, domain);
  const dmarc = gatherDmarc(resolver, domain);
  const dkim = gatherDkim(resolver, domain, dkimSelectors);
  const mx = gatherMx(resolver, domain);
  const tlsRpt = gatherTxt(resolver, `_smtp._tls.${domain}`);
  const mtaSts = gatherTxt(resolver, `_mta-sts.${domain}`);
  const mxAnalysis = Promise.all([mx, spf]).then(([m, s]) => analyseMx(m, isNonSendingSpf(s)));
  // Which lookup made "does this domain receive mail, and where?" unanswerable (issue 13): then every
  // test that rests on the MX set is `error`, never "no MX".
  const mxFault = Promise.all([mx, mxAnalysis]).then(([m, a]) => {
    if (a.status !== 'dns_error') return undefined;
    return isTransientOutcome(m.outcome)
      ? { lookup: `${domain} MX`, dns: m.outcome }
      : { lookup: `${domain} A/AAAA`, dns: m.addressOutcome };
  });
  // Non-sending (SPF -all and DMARC reject) decides DKIM when no key is found; unknown when either failed.
  const sendingUnknown = Promise.all([spf, dmarc]).then(([s, d]) =>
    s.records.length === 0 && isTransientOutcome(s.outcome)
      ? { lookup: `${domain} TXT (SPF)`, dns: s.outcome }
      : dmarcFault(d),
  );
  const nonSending = Promise.all([spf, dmarc]).then(([s, d]) => isNonSendingSpf(s) && isRejectEverything(d));
  // Internet.nl judges DNSSEC on the SOA of the mail domain and of each MX host name (§3.2).
  const domainDnssec = validator.validate(domain, 'SOA', nowSeconds);
  const mxDnssec = mxAnalysis.then((m) =>
    Promise.all(m.hosts.map(async (host) => ({ host, verdict: await validator.validate(host, 'SOA', nowSeconds) }))),
  );

  // Mail transport: one address per MX for the TLS assessment (as Internet.nl; IPv4 first), every
  // IPv6 address for reachability, and TLSA validated by our own DNSSEC validator.
  const servers = mxAnalysis.then((m) => gatherMxAddresses(resolver, m.hosts));
  const tls = servers.then((ss) =>
    Promise.all(
      ss.map((s): Promise<ServerTlsFacts> => {
        const address = s.ipv4[0] ?? s.ipv6[0];
        if (!address)
          return Promise.resolve({
            host: s.host,
            address: '',
            outcome: 'unreachable',
            detail: 'no A or AAAA record',
            versions: {},
            ciphers: [],
            cipherCodes: [],
            ciphers13: [],
            chain: [],
            connections: 0,
          });
        return transport.assessor.assess(s.host, address, transport.signal);
      }),
    ),
  );
  const tlsa = mxAnalysis.then((m) => gatherTlsa(resolver, validator, m.hosts, nowSeconds));
  const reach6 = servers.then((ss) => gatherIpv6Reach(ss, transport.assessor, transport.signal));
  const g = transport.guideline;
  const nameservers = gatherNameservers(
    resolver,
    domain,
    transport.allowPrivate,
    transport.io.askServer,
    transport.signal,
  );

  const tasks: Task[] = [
    {
      ids: ['mail_auth_spf_exist', 'mail_auth_spf_policy'],
      run: Promise.all([spf, spfProbes]).then(([t, probes]) => [checkSpfExist(t), checkSpfPolicy(t, probes)]),
    },
    {
      ids: ['mail_auth_dmarc_exist', 'mail_auth_dmarc_policy'],
      run: dmarc.then((d) => [checkDmarcExist(d), checkDmarcPolicy(d)]),
    },
    { ids: ['mail_auth_dmarc_ext_destination'], run: dmarc.then((d) => [checkDmarcExternal(d)]) },
    {
      ids: ['mail_auth_dkim_exist'],
      run: Promise.all([dkim, nonSending, sendingUnknown]).then(([k, n, unknown]) => {
        const r = checkDkim(k, n);
        // Only a key found is evidence without knowing whether the domain sends mail.
        return [unknown && r.reason !== 'key_found' && r.status !== 'error' ? lookupFailed(r.id, unknown) : r];
      }),
    },
    {
      mx: true,
      ids: ['mail_auth_tls_rpt'],
      run: Promise.all([tlsRpt, mxAnalysis]).then(([t, m]) => [checkTlsRpt(t, receivesMail(m.status))]),
    },
    {
      mx: true,
      ids: ['mail_auth_mta_sts'],
      run: Promise.all([mtaSts, mxAnalysis]).then(async ([t, m]) => {
        const hasRecord = receivesMail(m.status) && t.records.filter(isMtaStsTxtRecord).length === 1;
        const policy = hasRecord
          ? await gatherMtaStsPolicy(
              resolver,
              domain,
              transport.allowPrivate,
              transport.io.fetchHttps,
              transport.signal,
            )
          : undefined;
        return [checkMtaSts(t, receivesMail(m.status), policy, m.hosts)];
      }),
    },
    {
      ids: ['mail_dnssec_mailto_exist', 'mail_dnssec_mailto_valid'],
      run: domainDnssec.then((v) => [
        checkDnssecExist('mail_dnssec_mailto_exist', v),
        checkDnssecValid('mail_dnssec_mailto_valid', v),
      ]),
    },
    {
      mx: true,
      ids: ['mail_dnssec_mx_exist', 'mail_dnssec_mx_valid'],
      run: Promise.all([mxAnalysis, mxDnssec]).then(([m, vs]) => checkDnssecMx(m.status, vs)),
    },
    {
      mx: true,
      ids: ['mail_starttls_tls_available'],
      run: Promise.all([tls, mxAnalysis]).then(([t, m]) => [checkTlsAvailable(t, receivesMail(m.status))]),
    },
    {
      mx: true,
      ids: [
        'mail_starttls_tls_version',
        'mail_starttls_tls_ciphers',
        'mail_starttls_tls_cipherorder',
        'mail_starttls_tls_keyexchange',
        'mail_starttls_tls_keyexchangehash',
        'mail_starttls_tls_compress',
        'mail_starttls_tls_secreneg',
        'mail_starttls_tls_clientreneg',
        'mail_starttls_cert_chain',
        'mail_starttls_cert_pubkey',
        'mail_starttls_cert_sig',
        'mail_starttls_cert_domain',
      ],
      run: tls.then((t) => [
        checkTlsVersion(t, g),
        checkTlsCiphers(t, g),
        checkCipherOrder(t, g),
        checkKeyExchange(t, g),
        checkKeyExchangeHash(t),
        checkCompression(t),
        checkSecureRenegotiation(t),
        checkClientRenegotiation(t),
        ...checkCertificates(t, g),
      ]),
    },
    {
      mx: true,
      ids: ['mail_starttls_dane_exist', 'mail_starttls_dane_valid', 'mail_starttls_dane_rollover'],
      run: Promise.all([tlsa, tls, mxAnalysis]).then(([d, t, m]) => checkDane(d, t, receivesMail(m.status))),
    },
    {
      mx: true,
      ids: ['mail_starttls_tls_caa'],
      run: mxAnalysis.then(async (m) => [
        checkCaa(
          'mail_starttls_tls_caa',
          await Promise.all(m.hosts.map((h) => gatherCaa(resolver, h))),
          receivesMail(m.status),
        ),
      ]),
    },
    {
      ids: ['mail_ipv6_ns_address', 'mail_ipv6_ns_reach'],
      run: nameservers.then((n) => [
        checkIpv6NsAddress('mail_ipv6_ns_address', n),
        checkIpv6NsReach('mail_ipv6_ns_reach', n),
      ]),
    },
    {
      mx: true,
      ids: ['mail_ipv6_mx_address', 'mail_ipv6_mx_reach'],
      run: Promise.all([reach6, mxAnalysis]).then(([r, m]) => {
        // An MX whose AAAA (or A) lookup failed may have IPv6 or not: unknown, not "no IPv6".
        const fault = r.find((x) => x.fault)?.fault;
        const results = [checkIpv6MxAddress(r, receivesMail(m.status)), checkIpv6MxReach(r)];
        return fault ? results.map((x) => (x.status === 'error' ? x : lookupFailed(x.id, fault))) : results;
      }),
    },
    {
      ids: ['mail_dnssec_algorithms'],
      run: Promise.all([domainDnssec, mxDnssec]).then(([d, vs]) => [
        checkDnssecAlgorithms([d, ...vs.map((x) => x.verdict)], nowSeconds),
      ]),
    },
  ];
  // Every test that rests on the MX set becomes `error` when that set could not be looked up.
  for (const task of tasks) {
    if (!task.mx) continue;
    const original = task.run;
    task.run = Promise.all([mxFault, original]).then(([fault, results]) =>
      fault ? results.map((r) => (r.status !== 'error' ? lookupFailed(r.id, fault) : r)) : results,
    );
  }
  const custom = Promise.all([mxAnalysis, nonSending]).then(([m, n]) => ({
    mail_non_sending_domain: n,
    ...(receivesMail(m.status) ? {} : { mail_servers_testable_status: 'no_mx' }),
    mx_status: m.status,
    mx_hosts: m.hosts,
    mx_published: m.published,
  }));
  return { tasks, custom };
}
