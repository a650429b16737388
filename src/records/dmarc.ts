import { parseReportUri } from './uri';
import { problem, splitTagList, type Parsed, type Problem } from './problem';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcUri {
  uri: string;
  /** Host part of a mailto: address, lowercase. */
  mailtoDomain?: string;
}

export interface DmarcRecord {
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  /** Policy for non-existent subdomains (RFC 9091, DMARCbis). */
  np?: DmarcPolicy;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  pct: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo?: string;
  rf?: string;
  ri?: number;
  /** DMARCbis: public suffix domain flag. */
  psd?: 'y' | 'n' | 'u';
  /** DMARCbis: test mode (replaces pct). */
  t?: 'y' | 'n';
  text: string;
}

const RFC = 'RFC 7489';
const POLICIES: ReadonlySet<string> = new Set(['none', 'quarantine', 'reject']);

/** RFC 7489 §6.6.3 step 2: records beginning with "v=DMARC1" (Internet.nl matches case-insensitively). */
export function isDmarcRecord(txt: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(txt);
}

/** RFC 7489 §6.3 / §6.4 tag grammar, plus `np`, `psd` and `t` from the DMARCbis update. */
export function parseDmarc(text: string): Parsed<DmarcRecord> {
  if (!isDmarcRecord(text)) return { ok: false, problems: [problem('not_dmarc_record', `${RFC} §6.4`, text)] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { tags, malformed } = splitTagList(text);
  for (const m of malformed) problems.push(problem('malformed_tag', `${RFC} §6.4`, m));
  const rec: DmarcRecord = { adkim: 'r', aspf: 'r', pct: 100, rua: [], ruf: [], text };
  const seen = new Set<string>();
  tags.forEach(([rawName, value], index) => {
    const name = rawName.toLowerCase();
    if (seen.has(name)) problems.push(problem('duplicate_tag', `${RFC} §6.4`, rawName));
    seen.add(name);
    // §6.4: v must be the first tag and p (when present) the second.
    if (name === 'p' && index !== 1) warnings.push(problem('p_not_second', `${RFC} §6.4`, rawName));
    switch (name) {
      case 'v':
        if (index !== 0) problems.push(problem('v_not_first', `${RFC} §6.4`));
        break;
      case 'p':
      case 'sp':
      case 'np': {
        const v = value.toLowerCase();
        if (!POLICIES.has(v)) problems.push(problem(`invalid_${name}`, `${RFC} §6.3`, `${rawName}=${value}`));
        else rec[name] = v as DmarcPolicy;
        break;
      }
      case 'adkim':
      case 'aspf': {
        const v = value.toLowerCase();
        if (v !== 'r' && v !== 's') problems.push(problem(`invalid_${name}`, `${RFC} §6.3`, `${rawName}=${value}`));
        else rec[name] = v;
        break;
      }
      case 'pct': {
        if (!/^\d{1,3}$/.test(value) || Number(value) > 100) problems.push(problem('invalid_pct', `${RFC} §6.3`, `pct=${value}`));
        else rec.pct = Number(value);
        break;
      }
      case 'rua':
      case 'ruf': {
        const uris = parseUris(value);
        if (uris === undefined) problems.push(problem(`invalid_${name}`, `${RFC} §6.2`, `${rawName}=${value}`));
        else rec[name] = uris;
        break;
      }
      case 'fo':
        if (!/^[01ds](\s*:\s*[01ds])*$/i.test(value)) problems.push(problem('invalid_fo', `${RFC} §6.3`, `fo=${value}`));
        else rec.fo = value;
        break;
      case 'rf':
        if (!/^[a-z0-9-]+(\s*:\s*[a-z0-9-]+)*$/i.test(value)) problems.push(problem('invalid_rf', `${RFC} §6.3`, `rf=${value}`));
        else rec.rf = value;
        break;
      case 'ri':
        if (!/^\d{1,10}$/.test(value)) problems.push(problem('invalid_ri', `${RFC} §6.3`, `ri=${value}`));
        else rec.ri = Number(value);
        break;
      case 'psd': {
        const v = value.toLowerCase();
        if (v !== 'y' && v !== 'n' && v !== 'u') problems.push(problem('invalid_psd', 'DMARCbis §4.7', `psd=${value}`));
        else rec.psd = v;
        break;
      }
      case 't': {
        const v = value.toLowerCase();
        if (v !== 'y' && v !== 'n') problems.push(problem('invalid_t', 'DMARCbis §4.7', `t=${value}`));
        else rec.t = v;
        break;
      }
      default:
        // §6.3: unknown tags MUST be ignored.
        warnings.push(problem('unknown_tag', `${RFC} §6.3`, rawName));
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, record: rec, warnings };
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

/** The policy that applies after DMARCbis test mode: `t=y` lowers it one step (Internet.nl's rule). */
export function effectivePolicy(policy: DmarcPolicy, testMode: boolean): DmarcPolicy {
  if (!testMode) return policy;
  return policy === 'reject' ? 'quarantine' : 'none';
}
