import { parseReportUri } from './uri';
import { problem, splitTagList, type Parsed, type Problem } from './problem';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcUri {
  uri: string;
  /** Host part of a mailto: address, lowercase. */
  mailtoDomain?: string;
}

export interface DmarcRecord {
  /** Absent when the record has none (or an invalid one) but reports somewhere: then RFC 9989 §4.7 reads it as none. */
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  /** Policy for non-existent subdomains (RFC 9989 §4.7, from RFC 9091). */
  np?: DmarcPolicy;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  /**
   * `pct` as written (RFC 7489 §6.3; removed by RFC 9989, which ignores it). Receivers that still
   * follow RFC 7489 apply the policy to this share of failing mail; 100 when absent.
   */
  pct: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo?: string;
  /** RFC 9989 §4.7: public suffix domain flag. */
  psd?: 'y' | 'n' | 'u';
  /** RFC 9989 §4.7: test mode (replaces pct). */
  t?: 'y' | 'n';
  text: string;
}

const RFC = 'RFC 9989';
const POLICIES: ReadonlySet<string> = new Set(['none', 'quarantine', 'reject']);
/** Tags of RFC 7489 that RFC 9989 removed (see its list of changes from RFC 7489); ignored, with a note. */
const REMOVED = new Set(['pct', 'rf', 'ri']);

/**
 * RFC 9989 §4.7/§4.8: a DMARC record starts with its version tag, `v=DMARC1`. The tag name is
 * case-insensitive (ABNF "v"), the value `DMARC1` is not (%s"DMARC1"), and nothing may precede the
 * tag: `v=dmarc1` or " v=DMARC1" is not a DMARC record and is discarded.
 */
export function isDmarcRecord(txt: string): boolean {
  return /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(;|$)/.test(txt);
}

/** Internet.nl's looser reading (criteria §3.3): any record starting `v=DMARC1`, case-insensitive. */
export function isDmarcRecordInternetNl(txt: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(txt);
}

/**
 * RFC 9989 §4.7 tag grammar. Unknown tags are ignored (§4.7: "MUST be ignored"), with a warning;
 * the order of tags after `v` is free; `pct`, `rf` and `ri` are ignored with a warning that RFC 7489
 * receivers may still honour them. A missing or invalid `p` is read as `none` when the record asks for
 * aggregate reports at a valid URI (§4.7); without one the record has no policy.
 */
export function parseDmarc(text: string, internetNl = false): Parsed<DmarcRecord> {
  if (!(internetNl ? isDmarcRecordInternetNl(text) : isDmarcRecord(text)))
    return { ok: false, problems: [problem('not_dmarc_record', `${RFC} §4.7`, text)] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { tags, malformed } = splitTagList(text);
  for (const m of malformed) problems.push(problem('malformed_tag', `${RFC} §4.7`, m));
  const rec: DmarcRecord = { adkim: 'r', aspf: 'r', pct: 100, rua: [], ruf: [], text };
  const seen = new Set<string>();
  let badP: string | undefined;
  tags.forEach(([rawName, value], index) => {
    const name = rawName.toLowerCase();
    if (seen.has(name)) problems.push(problem('duplicate_tag', `${RFC} §4.7`, rawName));
    seen.add(name);
    // RFC 7489 §6.4 wanted p second; RFC 9989 leaves the order after v free. Older receivers may care.
    if (name === 'p' && index !== 1) warnings.push(problem('p_not_second', 'RFC 7489 §6.4', rawName));
    if (REMOVED.has(name)) {
      warnings.push(problem(`removed_${name}`, 'RFC 9989 (removed from RFC 7489)', `${rawName}=${value}`));
      if (name === 'pct' && /^\d{1,3}$/.test(value) && Number(value) <= 100) rec.pct = Number(value);
      return;
    }
    switch (name) {
      case 'v':
        if (index !== 0) problems.push(problem('v_not_first', `${RFC} §4.7`));
        break;
      case 'p':
      case 'sp':
      case 'np': {
        const v = value.toLowerCase();
        if (POLICIES.has(v)) rec[name] = v as DmarcPolicy;
        else if (name === 'p') badP = `${rawName}=${value}`;
        else problems.push(problem(`invalid_${name}`, `${RFC} §4.7`, `${rawName}=${value}`));
        break;
      }
      case 'adkim':
      case 'aspf': {
        const v = value.toLowerCase();
        if (v !== 'r' && v !== 's') problems.push(problem(`invalid_${name}`, `${RFC} §4.7`, `${rawName}=${value}`));
        else rec[name] = v;
        break;
      }
      case 'rua':
      case 'ruf': {
        const uris = parseUris(value);
        if (uris === undefined) problems.push(problem(`invalid_${name}`, `${RFC} §4.7`, `${rawName}=${value}`));
        else rec[name] = uris;
        break;
      }
      case 'fo':
        if (!/^[01ds](\s*:\s*[01ds])*$/i.test(value))
          problems.push(problem('invalid_fo', `${RFC} §4.7`, `fo=${value}`));
        else rec.fo = value;
        break;
      case 'psd': {
        const v = value.toLowerCase();
        if (v !== 'y' && v !== 'n' && v !== 'u') problems.push(problem('invalid_psd', `${RFC} §4.7`, `psd=${value}`));
        else rec.psd = v;
        break;
      }
      case 't': {
        const v = value.toLowerCase();
        if (v !== 'y' && v !== 'n') problems.push(problem('invalid_t', `${RFC} §4.7`, `t=${value}`));
        else rec.t = v;
        break;
      }
      default:
        warnings.push(problem('unknown_tag', `${RFC} §4.7`, rawName));
    }
  });
  if (badP !== undefined) {
    // §4.7: an invalid p is treated as none when reports are asked for; otherwise it is a broken record.
    if (rec.rua.length > 0 && problems.length === 0)
      warnings.push(problem('invalid_p_read_as_none', `${RFC} §4.7`, badP));
    else problems.push(problem('invalid_p', `${RFC} §4.7`, badP));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rec.p === undefined && rec.rua.length > 0 && badP === undefined)
    warnings.push(problem('missing_p_read_as_none', `${RFC} §4.7`));
  return { ok: true, record: rec, warnings };
}

/** The policy RFC 9989 §4.7 reads from a record: `p`, or none for a record that reports but has no valid `p`. */
export function declaredPolicy(rec: DmarcRecord): DmarcPolicy | undefined {
  return rec.p ?? (rec.rua.length > 0 ? 'none' : undefined);
}

/** dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (§6.4), comma-separated. */
function parseUris(value: string): DmarcUri[] | undefined {
  const out: DmarcUri[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') return undefined;
    // A "!" starts the size suffix; one that does not match the grammar makes the URI invalid (it
    // must not be read as part of the address, nor end up in the report host).
    const bang = item.indexOf('!');
    if (bang >= 0 && !/^!\d+[kmgt]?$/i.test(item.slice(bang))) return undefined;
    const uri = bang >= 0 ? item.slice(0, bang) : item;
    const parsed = parseReportUri(uri);
    if (!parsed) return undefined;
    out.push(parsed.scheme === 'mailto' ? { uri, mailtoDomain: parsed.domain } : { uri });
  }
  return out;
}

/**
 * The policy that applies in test mode: RFC 9989 §4.7 asks receivers not to apply the policy under
 * `t=y` but to take one step less (reject → quarantine, quarantine → none); Internet.nl does the same.
 */
export function effectivePolicy(policy: DmarcPolicy, testMode: boolean): DmarcPolicy {
  if (!testMode) return policy;
  return policy === 'reject' ? 'quarantine' : 'none';
}
