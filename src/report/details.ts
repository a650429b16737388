import type { TestResult } from './types';

/**
 * The details that other modules read (advice, the record diffs between scans), typed once
 * (issue 15 item 2). The checks build these parts with `satisfies`, the readers go through
 * `detailsOf`, so renaming a key is a compile error on both sides instead of a silent `undefined`.
 * Details nobody else reads stay free-form.
 */

/** One record of the SPF tree, as mail_auth_spf_policy shows it. */
export interface SpfTreeView {
  domain: string;
  via: 'top' | 'include' | 'redirect';
  record?: string;
  lookups: number;
  total: number;
  voidLookups: number;
  problem?: string;
  children: SpfTreeView[];
}

/** One MX (or web address) in mail_starttls_tls_available / web_https_http_available. */
export interface TlsServerDetail {
  host: string;
  /** The DANE-EE 3 1 1 record the server's current key calls for (RFC 7672 §3.1.1). */
  tlsa311?: string;
}

/** One MX in mail_starttls_dane_exist. */
export interface DaneHostDetail {
  host: string;
  /** `_25._tcp.<host>` */
  name: string;
  dnssec: string;
  /** `usage selector matching-type hex`, as published. */
  records: string[];
  reason: string;
}

export interface DetailShapes {
  mail_auth_spf_exist: { records: string[] };
  mail_auth_spf_policy: { record: string; lookups: number; voidLookups: number; tree: SpfTreeView; failedOn: string };
  mail_auth_dmarc_exist: { records: string[]; foundOn: string };
  mail_auth_dmarc_policy: { record: string; foundOn: string; rua: string[] };
  mail_auth_dmarc_ext_destination: { unauthorised: string[] };
  mail_starttls_tls_available: { servers: TlsServerDetail[] };
  mail_starttls_dane_exist: { servers: DaneHostDetail[] };
  web_https_http_available: { servers: TlsServerDetail[] };
  web_https_http_hsts: { servers: { header?: string }[] };
  web_https_dane_exist: { records: string[] };
  web_appsecpriv_securitytxt: { expires: string | null };
}

/** The typed details of one test of a report (every key optional: a test that errored has few). */
export function detailsOf<K extends keyof DetailShapes>(
  tests: Readonly<Record<string, Pick<TestResult, 'details'> | undefined>>,
  id: K,
): Partial<DetailShapes[K]> {
  return (tests[id]?.details ?? {}) as Partial<DetailShapes[K]>;
}
