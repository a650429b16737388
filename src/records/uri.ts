import { hostnameProblem } from '../dns/name';

/**
 * Report URIs in DMARC (RFC 9989 §4.7 / RFC 7489 §6.4) and TLS-RPT (RFC 8460 §3) records must be URIs
 * by RFC 3986: only its characters (§2), every `%` followed by two hex digits (§2.1), a scheme (§3.1).
 * `mailto:` then needs an addr-spec whose domain is a host name (RFC 6068 §2), `https:` an authority
 * with a host name and no user information (RFC 3986 §3.2). `<img src=…>`, Markdown links and
 * spaces are not URIs, and their text must never end up as a report host.
 */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;

export type ReportUri =
  { scheme: 'mailto'; uri: string; address: string; domain: string } | { scheme: 'https'; uri: string; host: string };

export function isRfc3986Uri(text: string): boolean {
  if (text.length === 0 || text.length > 2048 || !URI_CHARS.test(text)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return false;
  return SCHEME.test(text);
}

/** A mailto: or https: report URI, or undefined when it is not one. */
export function parseReportUri(
  text: string,
  allowed: readonly ('mailto' | 'https')[] = ['mailto', 'https'],
): ReportUri | undefined {
  if (!isRfc3986Uri(text)) return undefined;
  const m = SCHEME.exec(text);
  const scheme = (m?.[1] ?? '').toLowerCase();
  const rest = m?.[2] ?? '';
  if (scheme === 'mailto' && allowed.includes('mailto')) {
    let address: string;
    try {
      address = decodeURIComponent(rest.split('?')[0] ?? '');
    } catch {
      return undefined;
    }
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at);
    const domain = address
      .slice(at + 1)
      .toLowerCase()
      .replace(/\.$/, '');
    // RFC 5322 §3.4.1 dot-atom local part (quoted local parts are not used for report addresses).
    if (at <= 0 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local))
      return undefined;
    if (hostnameProblem(domain)) return undefined;
    return { scheme: 'mailto', uri: text, address, domain };
  }
  if (scheme === 'https' && allowed.includes('https')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (!rest.startsWith('//') || url.username || url.password || hostnameProblem(url.hostname)) return undefined;
    return { scheme: 'https', uri: text, host: url.hostname };
  }
  return undefined;
}
