import { parseReportUri } from './uri';
import { problem, splitTagList, type Parsed, type Problem } from './problem';

export interface TlsRptRecord {
  rua: string[];
  text: string;
}

const RFC = 'RFC 8460';

/** RFC 8460 §3: a TXT record at `_smtp._tls.<domain>` starting "v=TLSRPTv1". */
export function isTlsRptRecord(txt: string): boolean {
  return /^v=TLSRPTv1\s*(;|$)/.test(txt);
}

/** RFC 8460 §3: `v=TLSRPTv1; rua=<mailto: or https: URIs, comma-separated>`; unknown fields ignored. */
export function parseTlsRpt(text: string): Parsed<TlsRptRecord> {
  if (!isTlsRptRecord(text)) return { ok: false, problems: [problem('not_tlsrpt_record', `${RFC} §3`, text)] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { tags, malformed } = splitTagList(text);
  for (const m of malformed) problems.push(problem('malformed_field', `${RFC} §3`, m));
  const rua: string[] = [];
  let sawRua = false;
  for (const [name, value] of tags) {
    if (name === 'v') continue;
    if (name !== 'rua') {
      warnings.push(problem('unknown_field', `${RFC} §3`, name));
      continue;
    }
    if (sawRua) problems.push(problem('duplicate_rua', `${RFC} §3`));
    sawRua = true;
    for (const raw of value.split(',')) {
      const uri = raw.trim();
      if (parseReportUri(uri)) rua.push(uri);
      else problems.push(problem('invalid_rua_uri', `${RFC} §3`, uri));
    }
  }
  if (!sawRua) problems.push(problem('missing_rua', `${RFC} §3`));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, record: { rua, text }, warnings };
}
