import type { Lang } from './config';

/**
 * The standards, defined once (issue 15 item 1): what each one tests, how it shows on the result card,
 * how it counts in an adoption summary, which chat words explain it, and its names. The card rows,
 * the summary rows and columns, the chart bars and the chat's `uitleg <standaard>` are all read from
 * here, in this order. Adding a standard is adding an entry here, its checks and its texts; a test
 * fails when a test id of the contract belongs to no standard.
 */

/** What `uitleg <topic>` explains (prose in bot/texts.ts); several standards may share one (DNSSEC). */
export const TOPICS = [
  'spf',
  'dkim',
  'dmarc',
  'dnssec',
  'starttls',
  'dane',
  'mta_sts',
  'tls_rpt',
  'ipv6',
  'https',
  'hsts',
  'securitytxt',
] as const;
export type Topic = (typeof TOPICS)[number];

/** The words a chat user may type for a topic (lower case). */
export const TOPIC_ALIASES: Record<Topic, readonly string[]> = {
  spf: ['spf'],
  dkim: ['dkim'],
  dmarc: ['dmarc'],
  dnssec: ['dnssec'],
  starttls: ['starttls', 'tls'],
  dane: ['dane'],
  mta_sts: ['mta-sts', 'mtasts'],
  tls_rpt: ['tls-rpt', 'tlsrpt'],
  ipv6: ['ipv6'],
  https: ['https'],
  hsts: ['hsts'],
  securitytxt: ['security.txt', 'securitytxt'],
};

type Names = Record<Lang, string>;

/** One row of the result card: the worst of its tests. */
export interface CardRow {
  key: string;
  tests: readonly string[];
  names: Names;
}

export interface StandardDef {
  /** Stable id, also the summary CSV column. */
  id: string;
  type: 'mail' | 'web';
  /** Every test id that belongs to this standard. */
  tests: readonly string[];
  /** The card rows it shows as (none: it is not on the card). */
  rows: readonly CardRow[];
  /** The tests an adoption summary decides it on; absent: not counted in summaries. */
  summary?: {
    tests: readonly string[];
    /** Part of the IV-meting's "meets all standards" figure (internetnl-criteria.md §5.3). */
    headline: boolean;
    names: Names;
    /** Upper-case ASCII for the chart's 5×7 font. */
    chart: string;
  };
  topic?: Topic;
}

/**
 * A standard as written below: a card row without its own test list shows all the standard's tests,
 * and a summary without one decides on all of them.
 */
interface StandardInput extends Omit<StandardDef, 'rows' | 'summary'> {
  rows: readonly ((tests: readonly string[]) => CardRow)[];
  summary?: Omit<NonNullable<StandardDef['summary']>, 'tests'> & { tests?: readonly string[] };
}

const row =
  (key: string, nl: string, en: string, own?: readonly string[]) =>
  (all: readonly string[]): CardRow => ({ key, tests: own ?? all, names: { nl, en } });
const both = (s: string): Names => ({ nl: s, en: s });
function define(s: StandardInput): StandardDef {
  const { rows, summary, ...rest } = s;
  return {
    ...rest,
    rows: rows.map((r) => r(s.tests)),
    ...(summary ? { summary: { ...summary, tests: summary.tests ?? s.tests } } : {}),
  };
}

export const STANDARD_DEFS: readonly StandardDef[] = [
  define({
    id: 'spf',
    type: 'mail',
    topic: 'spf',
    tests: ['mail_auth_spf_exist', 'mail_auth_spf_policy'],
    rows: [row('spf', 'SPF', 'SPF')],
    summary: { headline: true, names: both('SPF'), chart: 'SPF' },
  }),
  define({
    id: 'dkim',
    type: 'mail',
    topic: 'dkim',
    tests: ['mail_auth_dkim_exist'],
    rows: [row('dkim', 'DKIM', 'DKIM')],
    summary: { headline: true, names: both('DKIM'), chart: 'DKIM' },
  }),
  define({
    id: 'dmarc',
    type: 'mail',
    topic: 'dmarc',
    tests: ['mail_auth_dmarc_exist', 'mail_auth_dmarc_policy', 'mail_auth_dmarc_ext_destination'],
    rows: [row('dmarc', 'DMARC', 'DMARC')],
    summary: {
      tests: ['mail_auth_dmarc_exist', 'mail_auth_dmarc_policy'],
      headline: true,
      names: { nl: 'DMARC (strikt)', en: 'DMARC (strict)' },
      chart: 'DMARC',
    },
  }),
  define({
    id: 'starttls',
    type: 'mail',
    topic: 'starttls',
    tests: [
      'mail_starttls_tls_available',
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
      'mail_starttls_tls_caa',
    ],
    rows: [
      row('starttls', 'STARTTLS', 'STARTTLS', [
        'mail_starttls_tls_available',
        'mail_starttls_tls_version',
        'mail_starttls_tls_ciphers',
        'mail_starttls_tls_cipherorder',
        'mail_starttls_tls_keyexchange',
        'mail_starttls_cert_pubkey',
        'mail_starttls_cert_sig',
      ]),
    ],
    summary: {
      tests: [
        'mail_starttls_tls_available',
        'mail_starttls_tls_version',
        'mail_starttls_tls_ciphers',
        'mail_starttls_tls_cipherorder',
        'mail_starttls_tls_keyexchange',
        'mail_starttls_tls_compress',
        'mail_starttls_tls_secreneg',
        'mail_starttls_cert_pubkey',
        'mail_starttls_cert_sig',
      ],
      headline: true,
      names: both('STARTTLS (NCSC)'),
      chart: 'STARTTLS',
    },
  }),
  define({
    id: 'dane',
    type: 'mail',
    topic: 'dane',
    tests: ['mail_starttls_dane_exist', 'mail_starttls_dane_valid', 'mail_starttls_dane_rollover'],
    rows: [row('dane', 'DANE', 'DANE', ['mail_starttls_dane_exist', 'mail_starttls_dane_valid'])],
    summary: {
      tests: ['mail_starttls_dane_exist', 'mail_starttls_dane_valid'],
      headline: true,
      names: both('DANE'),
      chart: 'DANE',
    },
  }),
  define({
    id: 'dnssec_mail',
    type: 'mail',
    topic: 'dnssec',
    tests: [
      'mail_dnssec_mailto_exist',
      'mail_dnssec_mailto_valid',
      'mail_dnssec_algorithms',
      'mail_dnssec_mx_exist',
      'mail_dnssec_mx_valid',
    ],
    rows: [
      row('dnssec', 'DNSSEC', 'DNSSEC', [
        'mail_dnssec_mailto_exist',
        'mail_dnssec_mailto_valid',
        'mail_dnssec_algorithms',
      ]),
      row('dnssec_mx', 'DNSSEC mailservers', 'DNSSEC of mail servers', [
        'mail_dnssec_mx_exist',
        'mail_dnssec_mx_valid',
      ]),
    ],
    summary: {
      tests: ['mail_dnssec_mailto_exist', 'mail_dnssec_mailto_valid', 'mail_dnssec_mx_exist', 'mail_dnssec_mx_valid'],
      headline: true,
      names: { nl: 'DNSSEC e-maildomein', en: 'DNSSEC mail domain' },
      chart: 'DNSSEC MAIL',
    },
  }),
  define({
    id: 'ipv6_mail',
    type: 'mail',
    topic: 'ipv6',
    tests: ['mail_ipv6_ns_address', 'mail_ipv6_ns_reach', 'mail_ipv6_mx_address', 'mail_ipv6_mx_reach'],
    rows: [row('ipv6', 'IPv6', 'IPv6')],
    summary: { headline: true, names: { nl: 'IPv6 e-mail', en: 'IPv6 mail' }, chart: 'IPV6 MAIL' },
  }),
  define({
    id: 'tls_rpt',
    type: 'mail',
    topic: 'tls_rpt',
    tests: ['mail_auth_tls_rpt'],
    rows: [row('tls_rpt', 'TLS-RPT', 'TLS-RPT')],
  }),
  define({
    id: 'mta_sts',
    type: 'mail',
    topic: 'mta_sts',
    tests: ['mail_auth_mta_sts'],
    rows: [row('mta_sts', 'MTA-STS', 'MTA-STS')],
  }),
  define({
    id: 'https',
    type: 'web',
    topic: 'https',
    tests: ['web_https_http_available', 'web_https_http_redirect', 'web_https_http_compress'],
    rows: [row('https', 'HTTPS', 'HTTPS', ['web_https_http_available', 'web_https_http_redirect'])],
    summary: {
      tests: ['web_https_http_available', 'web_https_http_redirect'],
      headline: true,
      names: both('HTTPS'),
      chart: 'HTTPS',
    },
  }),
  define({
    id: 'hsts',
    type: 'web',
    topic: 'hsts',
    tests: ['web_https_http_hsts'],
    rows: [row('hsts', 'HSTS', 'HSTS')],
    summary: { headline: true, names: both('HSTS'), chart: 'HSTS' },
  }),
  define({
    id: 'tls',
    type: 'web',
    tests: [
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
      'web_https_tls_caa',
    ],
    rows: [
      row('tls', 'TLS', 'TLS', [
        'web_https_tls_version',
        'web_https_tls_ciphers',
        'web_https_tls_cipherorder',
        'web_https_tls_keyexchange',
        'web_https_tls_keyexchangehash',
        'web_https_tls_compress',
        'web_https_tls_secreneg',
        'web_https_tls_0rtt',
      ]),
      row('certificate', 'Certificaat', 'Certificate', [
        'web_https_cert_chain',
        'web_https_cert_pubkey',
        'web_https_cert_sig',
        'web_https_cert_domain',
      ]),
    ],
    summary: {
      tests: [
        'web_https_tls_version',
        'web_https_tls_ciphers',
        'web_https_tls_cipherorder',
        'web_https_tls_keyexchange',
        'web_https_tls_keyexchangehash',
        'web_https_tls_compress',
        'web_https_tls_secreneg',
        'web_https_tls_0rtt',
        'web_https_cert_chain',
        'web_https_cert_pubkey',
        'web_https_cert_sig',
        'web_https_cert_domain',
      ],
      headline: true,
      names: both('TLS (NCSC)'),
      chart: 'TLS',
    },
  }),
  define({
    id: 'dane_web',
    type: 'web',
    topic: 'dane',
    tests: ['web_https_dane_exist', 'web_https_dane_valid'],
    rows: [],
  }),
  define({
    id: 'dnssec_web',
    type: 'web',
    topic: 'dnssec',
    tests: ['web_dnssec_exist', 'web_dnssec_valid'],
    rows: [row('dnssec', 'DNSSEC', 'DNSSEC')],
    summary: { headline: true, names: both('DNSSEC website'), chart: 'DNSSEC WEB' },
  }),
  define({
    id: 'ipv6_web',
    type: 'web',
    topic: 'ipv6',
    tests: [
      'web_ipv6_ns_address',
      'web_ipv6_ns_reach',
      'web_ipv6_ws_address',
      'web_ipv6_ws_reach',
      'web_ipv6_ws_similar',
    ],
    rows: [row('ipv6', 'IPv6', 'IPv6')],
    summary: { headline: true, names: both('IPv6 website'), chart: 'IPV6 WEB' },
  }),
  define({
    id: 'headers',
    type: 'web',
    tests: [
      'web_appsecpriv_x_frame_options',
      'web_appsecpriv_x_content_type_options',
      'web_appsecpriv_csp',
      'web_appsecpriv_referrer_policy',
    ],
    rows: [row('headers', 'Beveiligingsheaders', 'Security headers')],
  }),
  define({
    id: 'securitytxt',
    type: 'web',
    topic: 'securitytxt',
    tests: ['web_appsecpriv_securitytxt'],
    rows: [row('security_txt', 'security.txt', 'security.txt')],
    summary: { headline: false, names: both('security.txt'), chart: 'SECURITY.TXT' },
  }),
];

/** The card rows of one test type, in registry order. */
export function cardRows(type: 'mail' | 'web'): CardRow[] {
  return STANDARD_DEFS.filter((s) => s.type === type).flatMap((s) => s.rows);
}

/** The standards an adoption summary counts, in registry order. */
export function summaryStandards(): (StandardDef & { summary: NonNullable<StandardDef['summary']> })[] {
  return STANDARD_DEFS.filter(
    (s): s is StandardDef & { summary: NonNullable<StandardDef['summary']> } => s.summary !== undefined,
  );
}

/** The topic a chat word names, if any. */
export function topicOf(word: string): Topic | undefined {
  const w = word.toLowerCase();
  return TOPICS.find((t) => TOPIC_ALIASES[t].includes(w));
}

/** A standard's name in a summary, by its id (the id itself for an unknown one). */
export function standardName(id: string, lang: Lang): string {
  return STANDARD_DEFS.find((s) => s.id === id)?.summary?.names[lang] ?? id;
}

/** A standard's name on the chart, by its id. */
export function chartName(id: string): string {
  return STANDARD_DEFS.find((s) => s.id === id)?.summary?.chart ?? id.toUpperCase();
}
