import { problem, splitTagList, type Parsed, type Problem } from './problem';

export interface MtaStsTxtRecord {
  id: string;
  text: string;
}

const RFC = 'RFC 8461';

/** RFC 8461 §3.1: TXT at `_mta-sts.<domain>` beginning with "v=STSv1". */
export function isMtaStsTxtRecord(txt: string): boolean {
  return /^v=STSv1\s*(;|$)/.test(txt);
}

/** `v=STSv1; id=<1*32 alphanumeric>;` (RFC 8461 §3.1); other fields are extensions and ignored. */
export function parseMtaStsTxt(text: string): Parsed<MtaStsTxtRecord> {
  if (!isMtaStsTxtRecord(text)) return { ok: false, problems: [problem('not_mta_sts_record', `${RFC} §3.1`, text)] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { tags, malformed } = splitTagList(text);
  for (const m of malformed) problems.push(problem('malformed_field', `${RFC} §3.1`, m));
  let id: string | undefined;
  for (const [name, value] of tags) {
    if (name === 'v') continue;
    if (name === 'id') {
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) problems.push(problem('invalid_id', `${RFC} §3.1`, value));
      else id = value;
    } else {
      warnings.push(problem('unknown_field', `${RFC} §3.1`, name));
    }
  }
  if (id === undefined && !problems.some((p) => p.code === 'invalid_id')) problems.push(problem('missing_id', `${RFC} §3.1`));
  if (problems.length > 0 || id === undefined) return { ok: false, problems };
  return { ok: true, record: { id, text }, warnings };
}
