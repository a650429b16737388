import { problem, type Parsed, type Problem } from './problem';
import { readFieldList } from './field-list';

export interface MtaStsTxtRecord {
  id: string;
  text: string;
}

const RFC = 'RFC 8461';

/** RFC 8461 §3.1: records that do not begin with "v=STSv1;" are discarded (the version is case-sensitive). */
export function isMtaStsTxtRecord(txt: string): boolean {
  return /^v=STSv1[ \t]*(;|$)/.test(txt);
}

/**
 * RFC 8461 §3.1: `v=STSv1; id=<1*32 ALPHA/DIGIT>` plus extension fields, by the ABNF (field-list.ts).
 * Extensions are ignored but must be well-formed; of several `id` fields the first counts.
 */
export function parseMtaStsTxt(text: string): Parsed<MtaStsTxtRecord> {
  if (!isMtaStsTxtRecord(text)) return { ok: false, problems: [problem('not_mta_sts_record', `${RFC} §3.1`, text)] };
  const list = readFieldList(text, 'v=STSv1');
  if (!list.ok)
    return {
      ok: false,
      problems: [
        problem(/^[ \t]*;?[ \t]*$/.test(text.slice(7)) ? 'missing_id' : 'malformed_field', `${RFC} §3.1`, list.bad),
      ],
    };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let id: string | undefined;
  for (const { name, value } of list.fields) {
    if (name === 'id') {
      if (id !== undefined) {
        warnings.push(problem('second_id_ignored', `${RFC} §3.1`, value));
        continue;
      }
      // sts-id = %s"id=" 1*32(ALPHA / DIGIT)
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) {
        problems.push(problem('invalid_id', `${RFC} §3.1`, value));
        id = '';
        continue;
      }
      id = value;
    } else {
      warnings.push(problem('unknown_field', `${RFC} §3.1`, name));
    }
  }
  if (id === undefined) problems.push(problem('missing_id', `${RFC} §3.1`));
  if (problems.length > 0 || !id) return { ok: false, problems };
  return { ok: true, record: { id, text }, warnings };
}
