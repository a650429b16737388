import { parseReportUri } from './uri';
import { problem, type Parsed, type Problem } from './problem';
import { readFieldList } from './field-list';

export interface TlsRptRecord {
  rua: string[];
  text: string;
}

const RFC = 'RFC 8460';

/** RFC 8460 §3: a TXT record at `_smtp._tls.<domain>` starting "v=TLSRPTv1" (case-sensitive). */
export function isTlsRptRecord(txt: string): boolean {
  return /^v=TLSRPTv1[ \t]*(;|$)/.test(txt);
}

/**
 * RFC 8460 §3: `v=TLSRPTv1; rua=<mailto: or https: URIs, comma-separated>` plus extension fields, by
 * the ABNF (field-list.ts): extensions are ignored but must be well-formed; exactly one `rua`.
 */
export function parseTlsRpt(text: string): Parsed<TlsRptRecord> {
  if (!isTlsRptRecord(text)) return { ok: false, problems: [problem('not_tlsrpt_record', `${RFC} §3`, text)] };
  const list = readFieldList(text, 'v=TLSRPTv1', new Set(['rua']));
  if (!list.ok)
    return {
      ok: false,
      problems: [
        problem(/^[ \t]*;?[ \t]*$/.test(text.slice(10)) ? 'missing_rua' : 'malformed_field', `${RFC} §3`, list.bad),
      ],
    };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const rua: string[] = [];
  let sawRua = false;
  for (const { name, value } of list.fields) {
    if (name !== 'rua') {
      warnings.push(problem('unknown_field', `${RFC} §3`, name));
      continue;
    }
    if (sawRua) problems.push(problem('duplicate_rua', `${RFC} §3`));
    sawRua = true;
    // tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
    for (const raw of value.split(',')) {
      const uri = raw.replace(/^[ \t]+|[ \t]+$/g, '');
      if (parseReportUri(uri)) rua.push(uri);
      else problems.push(problem('invalid_rua_uri', `${RFC} §3`, uri));
    }
  }
  if (!sawRua) problems.push(problem('missing_rua', `${RFC} §3`));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, record: { rua, text }, warnings };
}
