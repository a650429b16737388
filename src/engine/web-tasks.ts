import type { DnssecValidator } from '../dns/dnssec-validator';
import { checkDnssecExist, checkDnssecValid } from './checks/dnssec';
import type { Task } from './mail-tasks';
import type { Resolver } from '../dns/types';
import { gatherNameservers } from './facts/nameservers';
import { checkIpv6NsAddress, checkIpv6NsReach } from './checks/ipv6-ns';
import { gatherWeb } from './facts/web';
import { checkHsts, checkHttpRedirect, checkHttpsAvailable } from './checks/web-https';

/** The website test as far as it is built: DNSSEC of the domain (criteria §2.2) and its name servers' IPv6 (§2.1). */
export function planWeb(resolver: Resolver, validator: DnssecValidator, domain: string, nowSeconds: number, allowPrivate: boolean): { tasks: Task[]; custom: Promise<Record<string, unknown>> } {
  const verdict = validator.validate(domain, 'SOA', nowSeconds);
  const ns = gatherNameservers(resolver, domain, allowPrivate);
  const web = gatherWeb(resolver, domain, allowPrivate);
  return {
    tasks: [
      { ids: ['web_dnssec_exist', 'web_dnssec_valid'], run: verdict.then((v) => [checkDnssecExist('web_dnssec_exist', v), checkDnssecValid('web_dnssec_valid', v)]) },
      { ids: ['web_https_http_available', 'web_https_http_redirect', 'web_https_http_hsts'], run: web.then((w) => [checkHttpsAvailable(w), checkHttpRedirect(w), checkHsts(w)]) },
      { ids: ['web_ipv6_ns_address', 'web_ipv6_ns_reach'], run: ns.then((n) => [checkIpv6NsAddress('web_ipv6_ns_address', n), checkIpv6NsReach('web_ipv6_ns_reach', n)]) },
    ],
    custom: Promise.resolve({}),
  };
}
