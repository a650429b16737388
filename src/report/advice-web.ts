import type { Advice } from './advice';
import type { Report } from './types';
import { detailsOf } from './details';
import { NCSC_TLS12_OPENSSL } from '../tls/ncsc';

/**
 * Fix advice for the website test (pure): the header, server setting, TLSA record or security.txt that
 * would make each failing test pass, generated from what was found. nginx lines are given because
 * most Dutch government sites run behind nginx or a load balancer that speaks its syntax; the notes
 * name the Apache/IIS equivalents.
 */
const failing = (r: Report, id: string): boolean => ['failed', 'warning', 'info'].includes(r.tests[id]?.status ?? '');
const SIGALGS =
  'ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448:rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512';

export function adviseWeb(domain: string, report: Report): Advice[] {
  const out: Advice[] = [];
  const t = report.tests;
  if (t.web_https_http_redirect?.status === 'failed') {
    out.push({
      testId: 'web_https_http_redirect',
      note: { key: 'advice.web_redirect', values: { domain } },
      lines: [
        'server {',
        '    listen 80;',
        '    listen [::]:80;',
        `    server_name ${domain};`,
        `    return 301 https://${domain}$request_uri;`,
        '}',
      ],
    });
  }
  if (t.web_https_http_hsts?.status === 'failed') {
    out.push({
      testId: 'web_https_http_hsts',
      note: { key: 'advice.web_hsts' },
      lines: ['add_header Strict-Transport-Security "max-age=31536000" always;'],
    });
  }
  const tlsIds = [
    'web_https_tls_version',
    'web_https_tls_ciphers',
    'web_https_tls_cipherorder',
    'web_https_tls_keyexchange',
    'web_https_tls_keyexchangehash',
  ];
  if (tlsIds.some((id) => t[id]?.status === 'failed' || t[id]?.status === 'warning')) {
    out.push({
      testId: tlsIds.find((id) => t[id]?.status === 'failed' || t[id]?.status === 'warning') as string,
      note: { key: 'advice.web_tls' },
      lines: [
        'ssl_protocols TLSv1.2 TLSv1.3;',
        `ssl_ciphers ${NCSC_TLS12_OPENSSL};`,
        'ssl_prefer_server_ciphers on;',
        `ssl_conf_command SignatureAlgorithms ${SIGALGS};`,
      ],
    });
  }
  if (t.web_https_tls_0rtt?.status === 'failed')
    out.push({ testId: 'web_https_tls_0rtt', note: { key: 'advice.web_0rtt' }, lines: ['ssl_early_data off;'] });
  if (failing(report, 'web_https_dane_exist') && t.web_https_dane_exist?.reason !== 'dns_error') {
    const servers = detailsOf(t, 'web_https_http_available').servers ?? [];
    const hashes = [...new Set(servers.map((s) => s.tlsa311).filter((h): h is string => Boolean(h)))];
    if (t.web_dnssec_valid?.status !== 'passed')
      out.push({ testId: 'web_https_dane_exist', note: { key: 'advice.dane_sign_first', values: { host: domain } } });
    else
      for (const h of hashes.slice(0, 4))
        out.push({
          testId: 'web_https_dane_exist',
          record: { name: `_443._tcp.${domain}`, type: 'TLSA', value: `3 1 1 ${h}` },
          note: { key: 'advice.dane_next_key', values: { host: domain } },
        });
  }
  if (failing(report, 'web_https_tls_caa') && t.web_https_tls_caa?.reason === 'no_caa') {
    out.push({
      testId: 'web_https_tls_caa',
      note: { key: 'advice.web_caa', values: { domain } },
      lines: [
        `${domain}. IN CAA 0 issue "<the domain of your CA, e.g. sectigo.com or letsencrypt.org>"`,
        `${domain}. IN CAA 0 iodef "mailto:security@${domain}"`,
      ],
    });
  }
  const headers: [string, string][] = [
    ['web_appsecpriv_x_frame_options', 'add_header X-Frame-Options "SAMEORIGIN" always;'],
    ['web_appsecpriv_x_content_type_options', 'add_header X-Content-Type-Options "nosniff" always;'],
    ['web_appsecpriv_referrer_policy', 'add_header Referrer-Policy "same-origin" always;'],
    [
      'web_appsecpriv_csp',
      `add_header Content-Security-Policy "default-src 'self'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'" always;`,
    ],
  ];
  const missing = headers.filter(([id]) => failing(report, id));
  if (missing.length)
    out.push({
      testId: (missing[0] as [string, string])[0],
      note: { key: 'advice.web_headers' },
      lines: missing.map(([, line]) => line),
    });
  if (failing(report, 'web_appsecpriv_securitytxt')) {
    // RFC 9116 §2.5.5: an expiry less than a year ahead; from the test's own start, not the wall clock.
    const expires = new Date(Date.parse(report.startedAt) + 364 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    out.push({
      testId: 'web_appsecpriv_securitytxt',
      note: { key: 'advice.web_securitytxt', values: { domain } },
      lines: [
        `Contact: mailto:security@${domain}`,
        `Expires: ${expires}`,
        'Preferred-Languages: nl, en',
        `Canonical: https://${domain}/.well-known/security.txt`,
      ],
    });
  }
  return out;
}
