import type { DnssecValidator } from '../dns/dnssec-validator';
import { checkDnssecExist, checkDnssecValid } from './checks/dnssec';
import type { ProbeOptions, Task } from './plan-mail';
import type { Resolver } from '../dns/types';
import { gatherNameservers } from './facts/nameservers';
import { checkIpv6NsAddress, checkIpv6NsReach } from './checks/ipv6-ns';
import { gatherWeb } from './facts/web';
import { checkHsts, checkHttpCompression, checkHttpRedirect, checkHttpsAvailable } from './checks/web-https';
import {
  checkCaa,
  checkCertificates,
  checkCipherOrder,
  checkClientRenegotiation,
  checkCompression,
  checkKeyExchange,
  checkKeyExchangeHash,
  checkSecureRenegotiation,
  checkTlsCiphers,
  checkTlsVersion,
} from './checks/tls-server';
import { checkOcspStapling, checkZeroRtt } from './checks/web-tls';
import { gatherCaa } from './facts/caa';
import { gatherTlsa } from './facts/tlsa';
import { checkWebDane } from './checks/dane';
import {
  checkCsp,
  checkReferrerPolicy,
  checkSecurityTxt,
  checkXContentTypeOptions,
  checkXFrameOptions,
} from './checks/web-headers';
import { checkIpv6WsAddress, checkIpv6WsReach, checkIpv6WsSimilar } from './checks/ipv6-web';
import { lookupFailed } from './checks/fault';

/**
 * The website test (internetnl-criteria.md §2): every gatherer starts at once, sharing the run's DNS
 * cache; TLS is assessed on every A and AAAA address of the domain (Internet.nl: the first of each).
 */
export function planWeb(
  resolver: Resolver,
  validator: DnssecValidator,
  domain: string,
  nowSeconds: number,
  transport: ProbeOptions,
): { tasks: Task[]; custom: Promise<Record<string, unknown>> } {
  const { assessor, allowPrivate, guideline: g, signal } = transport;
  const now = new Date(nowSeconds * 1000);
  const verdict = validator.validate(domain, 'SOA', nowSeconds);
  const ns = gatherNameservers(resolver, domain, allowPrivate, transport.io.askServer, signal);
  const web = gatherWeb(resolver, domain, allowPrivate, assessor, transport.io.fetchPinned, signal);
  const tls = web.then((w) => Promise.all(w.sites.map((s) => assessor.assess(domain, s.address, signal))));
  const tlsa = gatherTlsa(resolver, validator, [domain], nowSeconds, 443).then((t) => t[0]);
  const p = 'web_https' as const;
  const tasks: Task[] = [
    {
      ids: ['web_dnssec_exist', 'web_dnssec_valid'],
      run: verdict.then((v) => [checkDnssecExist('web_dnssec_exist', v), checkDnssecValid('web_dnssec_valid', v)]),
    },
    {
      ids: ['web_ipv6_ns_address', 'web_ipv6_ns_reach'],
      run: ns.then((n) => [checkIpv6NsAddress('web_ipv6_ns_address', n), checkIpv6NsReach('web_ipv6_ns_reach', n)]),
    },
    {
      ids: ['web_ipv6_ws_address', 'web_ipv6_ws_reach', 'web_ipv6_ws_similar'],
      run: web.then((w) => [checkIpv6WsAddress(w), checkIpv6WsReach(w), checkIpv6WsSimilar(w)]),
    },
    {
      ids: ['web_https_http_redirect', 'web_https_http_hsts', 'web_https_http_compress'],
      run: web.then((w) => [checkHttpRedirect(w), checkHsts(w), checkHttpCompression(w)]),
    },
    {
      ids: [
        'web_appsecpriv_x_frame_options',
        'web_appsecpriv_x_content_type_options',
        'web_appsecpriv_csp',
        'web_appsecpriv_referrer_policy',
        'web_appsecpriv_securitytxt',
      ],
      run: web.then((w) => [
        checkXFrameOptions(w),
        checkXContentTypeOptions(w),
        checkCsp(w),
        checkReferrerPolicy(w),
        checkSecurityTxt(w, now),
      ]),
    },
    { ids: ['web_https_http_available'], run: Promise.all([web, tls]).then(([w, t]) => [checkHttpsAvailable(w, t)]) },
    {
      ids: [
        'web_https_tls_version',
        'web_https_tls_ciphers',
        'web_https_tls_cipherorder',
        'web_https_tls_keyexchange',
        'web_https_tls_keyexchangehash',
        'web_https_tls_compress',
        'web_https_tls_secreneg',
        'web_https_tls_clientreneg',
        'web_https_tls_0rtt',
        'web_https_tls_ocsp',
        'web_https_cert_chain',
        'web_https_cert_pubkey',
        'web_https_cert_sig',
        'web_https_cert_domain',
      ],
      run: tls.then((t) => [
        checkTlsVersion(t, g, p),
        checkTlsCiphers(t, g, p),
        checkCipherOrder(t, g, p),
        checkKeyExchange(t, g, p),
        checkKeyExchangeHash(t, p),
        checkCompression(t, p),
        checkSecureRenegotiation(t, p),
        checkClientRenegotiation(t, p),
        checkZeroRtt(t),
        checkOcspStapling(t, now),
        ...checkCertificates(t, g, p),
      ]),
    },
    {
      ids: ['web_https_tls_caa'],
      run: gatherCaa(resolver, domain).then((c) => [checkCaa('web_https_tls_caa', [c], true)]),
    },
    {
      ids: ['web_https_dane_exist', 'web_https_dane_valid'],
      run: Promise.all([tlsa, tls]).then(([d, t]) => (d ? checkWebDane(d, t) : [])),
    },
  ];
  // Every test of the web server rests on its addresses: unknown when their lookup failed (issue 13).
  const ADDRESS_FREE = new Set([
    'web_dnssec_exist',
    'web_dnssec_valid',
    'web_ipv6_ns_address',
    'web_ipv6_ns_reach',
    'web_https_tls_caa',
  ]);
  for (const task of tasks) {
    if (task.ids.every((id) => ADDRESS_FREE.has(id))) continue;
    const original = task.run;
    task.run = Promise.all([web, original]).then(([w, results]) =>
      w.addressFault
        ? results.map((r) =>
            r.status === 'error' ? r : lookupFailed(r.id, w.addressFault as { lookup: string; dns: string }),
          )
        : results,
    );
  }
  return {
    tasks,
    custom: web.then((w) => ({ web_addresses: [...w.ipv4, ...w.ipv6] })),
  };
}
