import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';

export interface DnssecSpec {
  algorithm: 8 | 13 | 15;
  denial: 'nsec' | 'nsec3';
  ds_mismatch?: boolean;
  expired?: boolean;
  /** Weaker-than-recommended settings, for the algorithm test. */
  rsa_bits?: number;
  nsec3_iterations?: number;
  nsec3_salt_length?: number;
}

export interface ZoneSpec {
  zone: string;
  dnssec: DnssecSpec | 'unsigned';
  records: string[];
}

export interface Scenario extends ZoneSpec {
  domain: string;
  about: string;
  unbound: 'secure' | 'insecure' | 'bogus';
  unbound_ede?: number[];
  /** Test id → expected status, or `status:reason` where the status alone would not tell the cause. */
  expect: Record<string, string>;
  custom?: Record<string, unknown>;
}

/** Whether a test result meets an expectation of the catalogue (`passed`, or `warning:securitytxt_legacy_location`). */
export function meets(expected: string, t: { status: string; reason: string } | undefined): boolean {
  const [status, reason] = expected.split(':');
  return t !== undefined && t.status === status && (reason === undefined || t.reason === reason);
}

export interface MailServer {
  ip4: string;
  ip6?: string;
  tls?: string[];
  starttls?: boolean;
  cert?: 'valid' | 'expired' | 'self_signed' | 'wrong_name';
  ciphers?: 'ncsc';
  /** Connections per minute per client before Postfix answers 421 (anvil). */
  rate_limit?: number;
}

export interface WebServer {
  ip4: string;
  ip6?: string;
  hsts?: number;
  /** What http:// does; `downgrade_later` redirects to https, which then sends visitors back to http. */
  http: 'redirect_https' | 'redirect_other_host' | 'downgrade_later';
  mta_sts?: string;
  /** Protocols nginx offers (default TLS 1.2 and 1.3). */
  tls?: string[];
  /** `ncsc`: only NCSC-good suites, server order, no SHA-1 signatures; `legacy`: everything OpenSSL has. */
  ciphers?: 'ncsc' | 'legacy';
  cert?: 'valid' | 'expired' | 'self_signed' | 'wrong_name';
  /** Response headers of every page (besides HSTS). */
  headers?: Record<string, string>;
  /** /.well-known/security.txt: valid (expires in 180 days), expired, or an HTML page. */
  security_txt?: 'valid' | 'expired' | 'html' | 'legacy';
  /** TLS 1.3 0-RTT on (nginx ssl_early_data). */
  early_data?: boolean;
  /** The certificate names an OCSP responder and nginx staples a response made by `openssl ocsp`. */
  ocsp?: boolean;
}

export interface Catalogue {
  tlds: Record<string, DnssecSpec>;
  mail_servers: Record<string, MailServer>;
  web_servers: Record<string, WebServer>;
  infrastructure: ZoneSpec[];
  scenarios: Scenario[];
}

/** The catalogue sits beside the compiled file's source: dist/test/lab -> test/lab. */
export const CATALOGUE_FILE = join(__dirname, '..', '..', '..', 'test', 'lab', 'scenarios.yaml');

export function loadCatalogue(file = CATALOGUE_FILE): Catalogue {
  const raw = yaml.load(readFileSync(file, 'utf8')) as Catalogue;
  for (const s of raw.scenarios) s.zone = s.zone ?? s.domain;
  return raw;
}
