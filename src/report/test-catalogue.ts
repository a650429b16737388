import type { TestType } from './types';

/**
 * Every test id of the contract, with its category, requirement level and full points as
 * Internet.nl defines them (internetnl-criteria.md §1.2, §5.1).
 *
 * - required: worst status `failed`; counts in the score.
 * - recommended: a failure is shown as `warning`; never counts.
 * - optional: a failure is shown as `info`; never counts.
 */
export type Level = 'required' | 'recommended' | 'optional';

export interface TestSpec {
  id: string;
  type: TestType;
  category: string;
  level: Level;
  /** Full points; 0 for tests that are required but carry no points of their own. */
  points: number;
  /** Whether this version runs it. */
  implemented: boolean;
}

const t = (
  id: string,
  type: TestType,
  category: string,
  level: Level,
  points: number,
  implemented = false,
): TestSpec => ({ id, type, category, level, points, implemented });

export const TESTS: readonly TestSpec[] = [
  // Mail: IPv6 (§3.1)
  t('mail_ipv6_ns_address', 'mail', 'mail_ipv6', 'required', 0, true),
  t('mail_ipv6_ns_reach', 'mail', 'mail_ipv6', 'required', 10, true),
  t('mail_ipv6_mx_address', 'mail', 'mail_ipv6', 'required', 0, true),
  t('mail_ipv6_mx_reach', 'mail', 'mail_ipv6', 'required', 10, true),
  // Mail: DNSSEC (§3.2)
  t('mail_dnssec_mailto_exist', 'mail', 'mail_dnssec', 'required', 0, true),
  t('mail_dnssec_mailto_valid', 'mail', 'mail_dnssec', 'required', 10, true),
  t('mail_dnssec_mx_exist', 'mail', 'mail_dnssec', 'required', 0, true),
  t('mail_dnssec_mx_valid', 'mail', 'mail_dnssec', 'required', 10, true),
  t('mail_dnssec_algorithms', 'mail', 'mail_dnssec', 'recommended', 0, true),
  // Mail: authenticity (§3.3)
  t('mail_auth_dmarc_exist', 'mail', 'mail_auth', 'required', 10, true),
  t('mail_auth_dmarc_policy', 'mail', 'mail_auth', 'required', 10, true),
  t('mail_auth_dmarc_ext_destination', 'mail', 'mail_auth', 'recommended', 0, true),
  t('mail_auth_dkim_exist', 'mail', 'mail_auth', 'required', 10, true),
  t('mail_auth_spf_exist', 'mail', 'mail_auth', 'required', 10, true),
  t('mail_auth_spf_policy', 'mail', 'mail_auth', 'required', 10, true),
  t('mail_auth_mta_sts', 'mail', 'mail_auth', 'optional', 0, true),
  t('mail_auth_tls_rpt', 'mail', 'mail_auth', 'optional', 0, true),
  // Mail: STARTTLS and DANE (§3.4)
  t('mail_starttls_tls_available', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_version', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_ciphers', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_cipherorder', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_keyexchange', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_keyexchangehash', 'mail', 'mail_starttls', 'recommended', 0, true),
  t('mail_starttls_tls_compress', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_secreneg', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_tls_clientreneg', 'mail', 'mail_starttls', 'optional', 0, true),
  t('mail_starttls_cert_chain', 'mail', 'mail_starttls', 'optional', 0, true),
  t('mail_starttls_cert_pubkey', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_cert_sig', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_cert_domain', 'mail', 'mail_starttls', 'optional', 0, true),
  t('mail_starttls_dane_exist', 'mail', 'mail_starttls', 'required', 0, true),
  t('mail_starttls_dane_valid', 'mail', 'mail_starttls', 'required', 10, true),
  t('mail_starttls_dane_rollover', 'mail', 'mail_starttls', 'optional', 0, true),
  t('mail_starttls_tls_caa', 'mail', 'mail_starttls', 'recommended', 0, true),
  // Web: IPv6 (§2.1)
  t('web_ipv6_ns_address', 'web', 'web_ipv6', 'required', 0, true),
  t('web_ipv6_ns_reach', 'web', 'web_ipv6', 'required', 10, true),
  t('web_ipv6_ws_address', 'web', 'web_ipv6', 'required', 0, true),
  t('web_ipv6_ws_reach', 'web', 'web_ipv6', 'required', 10, true),
  t('web_ipv6_ws_similar', 'web', 'web_ipv6', 'required', 2, true),
  // Web: DNSSEC (§2.2)
  t('web_dnssec_exist', 'web', 'web_dnssec', 'required', 0, true),
  t('web_dnssec_valid', 'web', 'web_dnssec', 'required', 10, true),
  // Web: HTTPS (§2.3)
  t('web_https_http_available', 'web', 'web_https', 'required', 0, true),
  t('web_https_http_redirect', 'web', 'web_https', 'required', 10, true),
  t('web_https_http_hsts', 'web', 'web_https', 'required', 10, true),
  t('web_https_http_compress', 'web', 'web_https', 'optional', 0, true),
  t('web_https_tls_version', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_ciphers', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_cipherorder', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_keyexchange', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_keyexchangehash', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_compress', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_secreneg', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_clientreneg', 'web', 'web_https', 'optional', 0, true),
  t('web_https_tls_0rtt', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_ocsp', 'web', 'web_https', 'recommended', 0, true),
  t('web_https_cert_chain', 'web', 'web_https', 'required', 10, true),
  t('web_https_cert_pubkey', 'web', 'web_https', 'required', 10, true),
  t('web_https_cert_sig', 'web', 'web_https', 'required', 10, true),
  t('web_https_cert_domain', 'web', 'web_https', 'required', 10, true),
  t('web_https_tls_caa', 'web', 'web_https', 'recommended', 0, true),
  t('web_https_dane_exist', 'web', 'web_https', 'optional', 0, true),
  t('web_https_dane_valid', 'web', 'web_https', 'recommended', 0, true),
  // Web: security options (§2.4), never scored
  t('web_appsecpriv_x_frame_options', 'web', 'web_appsecpriv', 'optional', 0, true),
  t('web_appsecpriv_x_content_type_options', 'web', 'web_appsecpriv', 'recommended', 0, true),
  t('web_appsecpriv_csp', 'web', 'web_appsecpriv', 'recommended', 0, true),
  t('web_appsecpriv_referrer_policy', 'web', 'web_appsecpriv', 'recommended', 0, true),
  t('web_appsecpriv_securitytxt', 'web', 'web_appsecpriv', 'recommended', 0, true),
];

const BY_ID = new Map(TESTS.map((s) => [s.id, s]));

export function specOf(id: string): TestSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`unknown test id ${id}`);
  return spec;
}

export function testsOf(type: TestType): TestSpec[] {
  return TESTS.filter((s) => s.type === type);
}
