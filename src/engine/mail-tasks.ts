import type { Resolver } from '../dns/types';
import type { TestResult } from '../report/types';
import { gatherSpfTree } from './facts/spf-tree';
import { gatherDmarc } from './facts/dmarc';
import { gatherDkim } from './facts/dkim';
import { gatherMx } from './facts/mx';
import { gatherTxt } from './facts/txt-policy';
import { checkSpfExist, checkSpfPolicy, isNonSendingSpf } from './checks/spf';
import { checkDmarcExist, checkDmarcExternal, checkDmarcPolicy, isRejectEverything } from './checks/dmarc';
import { checkDkim } from './checks/dkim';
import { checkMtaStsRecord, checkTlsRpt } from './checks/tls-reporting';
import { analyseMx, receivesMail } from './checks/mx';
import { checkDnssecAlgorithms, checkDnssecExist, checkDnssecMx, checkDnssecValid } from './checks/dnssec';
import type { DnssecValidator } from '../dns/dnssec-validator';

/** A unit of streaming: the test ids it decides and the promise that decides them. */
export interface Task {
  ids: string[];
  run: Promise<TestResult[]>;
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
export function planMail(resolver: Resolver, validator: DnssecValidator, domain: string, dkimSelectors: readonly string[], nowSeconds: number): MailPlan {
  const spf = gatherSpfTree(resolver, domain);
  const dmarc = gatherDmarc(resolver, domain);
  const dkim = gatherDkim(resolver, domain, dkimSelectors);
  const mx = gatherMx(resolver, domain);
  const tlsRpt = gatherTxt(resolver, `_smtp._tls.${domain}`);
  const mtaSts = gatherTxt(resolver, `_mta-sts.${domain}`);
  const mxAnalysis = Promise.all([mx, spf]).then(([m, s]) => analyseMx(m, isNonSendingSpf(s)));
  const nonSending = Promise.all([spf, dmarc]).then(([s, d]) => isNonSendingSpf(s) && isRejectEverything(d));
  // Internet.nl judges DNSSEC on the SOA of the mail domain and of each MX host name (§3.2).
  const domainDnssec = validator.validate(domain, 'SOA', nowSeconds);
  const mxDnssec = mxAnalysis.then((m) => Promise.all(m.hosts.map(async (host) => ({ host, verdict: await validator.validate(host, 'SOA', nowSeconds) }))));

  const tasks: Task[] = [
    { ids: ['mail_auth_spf_exist', 'mail_auth_spf_policy'], run: spf.then((t) => [checkSpfExist(t), checkSpfPolicy(t)]) },
    { ids: ['mail_auth_dmarc_exist', 'mail_auth_dmarc_policy'], run: dmarc.then((d) => [checkDmarcExist(d), checkDmarcPolicy(d)]) },
    { ids: ['mail_auth_dmarc_ext_destination'], run: dmarc.then((d) => [checkDmarcExternal(d)]) },
    { ids: ['mail_auth_dkim_exist'], run: Promise.all([dkim, nonSending]).then(([k, n]) => [checkDkim(k, n)]) },
    { ids: ['mail_auth_tls_rpt'], run: Promise.all([tlsRpt, mxAnalysis]).then(([t, m]) => [checkTlsRpt(t, receivesMail(m.status))]) },
    { ids: ['mail_auth_mta_sts'], run: Promise.all([mtaSts, mxAnalysis]).then(([t, m]) => [checkMtaStsRecord(t, receivesMail(m.status))]) },
    { ids: ['mail_dnssec_mailto_exist', 'mail_dnssec_mailto_valid'], run: domainDnssec.then((v) => [checkDnssecExist('mail_dnssec_mailto_exist', v), checkDnssecValid('mail_dnssec_mailto_valid', v)]) },
    { ids: ['mail_dnssec_mx_exist', 'mail_dnssec_mx_valid'], run: Promise.all([mxAnalysis, mxDnssec]).then(([m, vs]) => checkDnssecMx(m.status, vs)) },
    { ids: ['mail_dnssec_algorithms'], run: Promise.all([domainDnssec, mxDnssec]).then(([d, vs]) => [checkDnssecAlgorithms([d, ...vs.map((x) => x.verdict)], nowSeconds)]) },
  ];
  const custom = Promise.all([mxAnalysis, nonSending]).then(([m, n]) => ({
    mail_non_sending_domain: n,
    ...(receivesMail(m.status) ? {} : { mail_servers_testable_status: 'no_mx' }),
    mx_status: m.status,
    mx_hosts: m.hosts,
    mx_published: m.published,
  }));
  return { tasks, custom };
}
