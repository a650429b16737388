import { detailsOf } from '../report/details';
import type { Report } from '../report/types';

/**
 * The raw records a report saw, flattened to one string per kind (SPF, DMARC, MX, TLSA, HSTS…), so
 * that a change between two scans can be shown as the record before and after.
 */
export function observedRecords(reports: readonly Report[]): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value.length > 0) out[key] = value.slice(0, 2048);
    else if (Array.isArray(value) && value.length > 0) out[key] = value.map(String).join('\n').slice(0, 2048);
  };
  for (const r of reports) {
    if (r.type === 'mail') {
      put(
        'spf',
        detailsOf(r.tests, 'mail_auth_spf_policy').record ?? detailsOf(r.tests, 'mail_auth_spf_exist').records,
      );
      put(
        'dmarc',
        detailsOf(r.tests, 'mail_auth_dmarc_policy').record ?? detailsOf(r.tests, 'mail_auth_dmarc_exist').records,
      );
      put('mx', r.custom.mx_published ?? r.custom.mx_hosts);
      const tlsa = (detailsOf(r.tests, 'mail_starttls_dane_exist').servers ?? []).flatMap((s) =>
        (s.records ?? []).map((x) => `${s.name} TLSA ${x}`),
      );
      put('tlsa', tlsa);
    } else {
      const servers = detailsOf(r.tests, 'web_https_http_hsts').servers ?? [];
      put('hsts', [...new Set(servers.map((s) => s.header).filter(Boolean))]);
      put('tlsa_443', detailsOf(r.tests, 'web_https_dane_exist').records);
      put('security_txt_expires', detailsOf(r.tests, 'web_appsecpriv_securitytxt').expires);
    }
  }
  return out;
}
