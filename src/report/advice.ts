import type { Report } from './types';
import { detailsOf } from './details';
import { adviseWeb } from './advice-web';

/**
 * What to publish instead: records generated from what was found (pure). Renderers translate the
 * `note` keys; the records themselves are exact and language-free.
 */
export interface Advice {
  testId: string;
  /** A DNS record to publish (replacing what is there). */
  record?: { name: string; type: 'TXT' | 'MX' | 'CNAME' | 'TLSA' | 'CAA'; value: string };
  /** Configuration lines or a file's content, language-free (shown as code). */
  lines?: string[];
  /** Message key in the text catalogue, with its values. */
  note?: { key: string; values?: Record<string, string | number> };
}

export type Provider = 'microsoft365' | 'google';

export function detectProvider(mxHosts: readonly string[]): Provider | undefined {
  if (mxHosts.some((h) => h.endsWith('.mail.protection.outlook.com') || h.endsWith('.mx.microsoft')))
    return 'microsoft365';
  if (mxHosts.some((h) => h.endsWith('.google.com') || h.endsWith('.googlemail.com'))) return 'google';
  return undefined;
}

export function adviseMail(domain: string, report: Report): Advice[] {
  const out: Advice[] = [];
  const tests = report.tests;
  const mxHosts = (report.custom.mx_hosts as string[] | undefined) ?? [];
  const provider = detectProvider(mxHosts);
  const mxStatus = report.custom.mx_status as string | undefined;
  const nonSending =
    report.custom.mail_non_sending_domain === true ||
    mxStatus === 'null_mx' ||
    mxStatus === 'no_mx' ||
    mxStatus === 'no_null_mx';
  const spfAll = nonSending ? '-all' : '~all';

  const spf = tests.mail_auth_spf_policy;
  if (spf && spf.status !== 'passed' && spf.status !== 'error') {
    const spfDetails = detailsOf(tests, 'mail_auth_spf_policy');
    const record = spfDetails.record;
    const id = 'mail_auth_spf_policy';
    switch (spf.reason) {
      case 'no_record': {
        const include =
          provider === 'microsoft365'
            ? ' include:spf.protection.outlook.com'
            : provider === 'google'
              ? ' include:_spf.google.com'
              : nonSending
                ? ''
                : ' mx';
        out.push({ testId: id, record: { name: domain, type: 'TXT', value: `v=spf1${include} ${spfAll}` } });
        break;
      }
      case 'multiple_records': {
        const records = detailsOf(tests, 'mail_auth_spf_exist').records ?? [];
        const terms = [
          ...new Set(records.flatMap((r) => r.split(' ').slice(1)).filter((t) => t && !/^[-~?+]?all$/i.test(t))),
        ];
        out.push({
          testId: id,
          record: { name: domain, type: 'TXT', value: ['v=spf1', ...terms, spfAll].join(' ') },
          note: { key: 'advice.spf_merge' },
        });
        break;
      }
      case 'invalid_all':
        if (record) {
          const terms = record.split(' ').filter((t) => t && !/^[-~?+]?all$/i.test(t) && !/^redirect=/i.test(t));
          out.push({ testId: id, record: { name: domain, type: 'TXT', value: [...terms, spfAll].join(' ') } });
        }
        break;
      case 'max_dns_lookups': {
        const tree = spfDetails.tree;
        const heavy = (tree?.children ?? [])
          .slice()
          .sort((a, b) => b.total - a.total)
          .slice(0, 3);
        out.push({
          testId: id,
          note: {
            key: 'advice.spf_too_many_lookups',
            values: {
              lookups: Number(spfDetails.lookups),
              heaviest: heavy.map((h) => `${h.domain} (${h.total + 1})`).join(', '),
            },
          },
        });
        break;
      }
      case 'max_void_lookups':
        out.push({
          testId: id,
          note: { key: 'advice.spf_void_lookups', values: { count: Number(spfDetails.voidLookups) } },
        });
        break;
      case 'invalid_include':
      case 'invalid_redirect':
        out.push({
          testId: id,
          note: { key: 'advice.spf_broken_include', values: { target: String(spfDetails.failedOn ?? '') } },
        });
        break;
      case 'include_loop':
        out.push({ testId: id, note: { key: 'advice.spf_loop' } });
        break;
      default:
        break;
    }
  }

  const dmarc = tests.mail_auth_dmarc_policy;
  if (dmarc && dmarc.status === 'failed') {
    const rua = detailsOf(tests, 'mail_auth_dmarc_policy').rua ?? [];
    const policy = nonSending ? 'reject' : 'quarantine';
    const value = `v=DMARC1; p=${policy}${rua.length ? `; rua=${rua.join(',')}` : ''}`;
    out.push({
      testId: 'mail_auth_dmarc_policy',
      record: { name: `_dmarc.${domain}`, type: 'TXT', value },
      ...(rua.length ? {} : { note: { key: 'advice.dmarc_add_rua' } }),
    });
  }

  const ext = tests.mail_auth_dmarc_ext_destination;
  if (ext && (ext.status === 'warning' || ext.status === 'failed')) {
    const foundOn = detailsOf(tests, 'mail_auth_dmarc_policy').foundOn ?? domain;
    for (const host of detailsOf(tests, 'mail_auth_dmarc_ext_destination').unauthorised ?? []) {
      out.push({
        testId: 'mail_auth_dmarc_ext_destination',
        record: { name: `${foundOn}._report._dmarc.${host}`, type: 'TXT', value: 'v=DMARC1;' },
        note: { key: 'advice.dmarc_ext', values: { host } },
      });
    }
  }

  const dkim = tests.mail_auth_dkim_exist;
  if (dkim && dkim.status === 'failed') {
    out.push({
      testId: 'mail_auth_dkim_exist',
      note: { key: provider ? `advice.dkim_${provider}` : 'advice.dkim_generic', values: { domain } },
    });
  }

  // DANE: the exact TLSA record for each MX without one, from the key the server presents now.
  const daneExist = tests.mail_starttls_dane_exist;
  if (daneExist && daneExist.status === 'failed') {
    const tlsServers = detailsOf(tests, 'mail_starttls_tls_available').servers ?? [];
    const missing = (detailsOf(tests, 'mail_starttls_dane_exist').servers ?? []).filter(
      (s) => s.reason === 'no_tlsa' || s.reason === 'tlsa_not_signed',
    );
    for (const s of missing) {
      const hash = tlsServers.find((t) => t.host === s.host)?.tlsa311;
      if (provider) {
        out.push({
          testId: 'mail_starttls_dane_exist',
          note: { key: `advice.dane_${provider}`, values: { host: s.host } },
        });
        continue;
      }
      if (s.dnssec !== 'secure')
        out.push({
          testId: 'mail_starttls_dane_exist',
          note: { key: 'advice.dane_sign_first', values: { host: s.host } },
        });
      if (hash)
        out.push({
          testId: 'mail_starttls_dane_exist',
          record: { name: `_25._tcp.${s.host}`, type: 'TLSA', value: `3 1 1 ${hash}` },
          note: { key: 'advice.dane_next_key', values: { host: s.host } },
        });
    }
  }
  const transportFailed = [
    'mail_starttls_tls_version',
    'mail_starttls_tls_ciphers',
    'mail_starttls_tls_cipherorder',
    'mail_starttls_tls_keyexchangehash',
  ].filter((id) => tests[id]?.status === 'failed' || tests[id]?.status === 'warning');
  if (transportFailed.length > 0) {
    out.push({
      testId: transportFailed[0] as string,
      note: { key: provider ? `advice.tls_${provider}` : 'advice.tls_postfix' },
    });
  }
  const dnssecExist = tests.mail_dnssec_mailto_exist;
  if (dnssecExist?.status === 'failed')
    out.push({ testId: 'mail_dnssec_mailto_exist', note: { key: 'advice.dnssec_enable', values: { domain } } });

  if (mxStatus === 'no_null_mx') {
    out.push({
      testId: 'mail_auth_spf_policy',
      record: { name: domain, type: 'MX', value: '0 .' },
      note: { key: 'advice.null_mx' },
    });
  }
  return out;
}

/** One dispatch for every renderer: the advice for a report of either type. */
export function adviseReport(domain: string, report: Report): Advice[] {
  return report.type === 'mail' ? adviseMail(domain, report) : adviseWeb(domain, report);
}
