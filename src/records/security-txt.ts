/**
 * security.txt (RFC 9116): parsed and judged, pure, with `now` as an argument. Errors are what the RFC
 * requires (a MUST); recommendations are what it advises (a SHOULD), as Internet.nl's `sectxt` does.
 */
export interface SecurityTxt {
  contact: string[];
  expires?: string;
  canonical: string[];
  preferredLanguages?: string;
  encryption: string[];
  policy: string[];
  signed: boolean;
  errors: string[];
  recommendations: string[];
}

const MAX_LINES = 2000;
const KNOWN = new Set([
  'acknowledgments',
  'canonical',
  'contact',
  'encryption',
  'expires',
  'hiring',
  'policy',
  'preferred-languages',
  'csaf',
]);
/** RFC 9116 §2.5.5: an Internet date/time (RFC 3339 §5.6). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const YEAR_MS = 365 * 86_400_000;

export interface FetchedFile {
  /** The URL it was finally served from. */
  url: string;
  status: number;
  contentType?: string;
  body: string;
  /** Whether it came from the legacy place /security.txt instead of /.well-known/ (§3). */
  legacy: boolean;
}

export function parseSecurityTxt(file: FetchedFile, now: Date): SecurityTxt {
  const out: SecurityTxt = {
    contact: [],
    canonical: [],
    encryption: [],
    policy: [],
    signed: false,
    errors: [],
    recommendations: [],
  };
  const err = (e: string): void => {
    if (!out.errors.includes(e)) out.errors.push(e);
  };
  const rec = (r: string): void => {
    if (!out.recommendations.includes(r)) out.recommendations.push(r);
  };

  if (!file.url.startsWith('https://')) err('not_https');
  if (file.legacy) rec('legacy_location');
  const ct = (file.contentType ?? '').toLowerCase();
  const [mime, ...params] = ct.split(';').map((p) => p.trim());
  if (mime !== 'text/plain') err('wrong_content_type');
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8') err('wrong_charset');
  if (/^\s*<(!doctype|html|head|body)/i.test(file.body)) err('html_not_text');

  let lines = file.body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(0, MAX_LINES);
  // §2.3: an OpenPGP cleartext signature may wrap the file; its contents are the fields.
  if (lines[0]?.trim() === '-----BEGIN PGP SIGNED MESSAGE-----') {
    out.signed = true;
    const start = lines.findIndex((l) => l.trim() === '');
    const end = lines.findIndex((l) => l.trim() === '-----BEGIN PGP SIGNATURE-----');
    if (start < 0 || end < 0 || end < start) err('bad_signature_block');
    lines = lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.replace(/^- /, ''));
  }
  let expiresCount = 0;
  let languagesCount = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (!m) {
      err('invalid_line');
      continue;
    }
    const name = (m[1] as string).toLowerCase();
    const value = (m[2] as string).trim().slice(0, 2048);
    if (!KNOWN.has(name)) continue; // §2.4: unknown fields are ignored
    switch (name) {
      case 'contact': {
        // §2.5.3: a URI; web URIs must be https.
        if (!/^(mailto:|tel:|https:\/\/)/i.test(value))
          err(value.toLowerCase().startsWith('http:') ? 'contact_not_https' : 'contact_not_uri');
        if (out.contact.length < 20) out.contact.push(value);
        break;
      }
      case 'expires': {
        expiresCount++;
        if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
          err('expires_invalid');
          break;
        }
        out.expires = new Date(value).toISOString();
        const t = Date.parse(value);
        if (t <= now.getTime()) err('expired');
        else if (t - now.getTime() > YEAR_MS) rec('expires_over_a_year');
        break;
      }
      case 'canonical':
        if (out.canonical.length < 20) out.canonical.push(value);
        break;
      case 'encryption':
        if (out.encryption.length < 20) out.encryption.push(value);
        break;
      case 'policy':
        if (out.policy.length < 20) out.policy.push(value);
        break;
      case 'preferred-languages':
        languagesCount++;
        out.preferredLanguages = value;
        break;
      default:
        break;
    }
  }
  if (out.contact.length === 0) err('no_contact');
  if (expiresCount === 0) err('no_expires');
  if (expiresCount > 1) err('multiple_expires');
  if (languagesCount > 1) err('multiple_preferred_languages');
  if (out.canonical.length > 0 && !out.canonical.includes(file.url)) rec('canonical_mismatch');
  return out;
}
