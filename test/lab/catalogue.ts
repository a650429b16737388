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
  expect: Record<string, string>;
  custom?: Record<string, unknown>;
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
  http: 'redirect_https' | 'redirect_other_host';
  mta_sts?: string;
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
