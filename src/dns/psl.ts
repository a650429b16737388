import { getDomain } from 'tldts';

/**
 * Organizational Domain (RFC 7489 §3.2): the public suffix plus one label, using the ICANN part of
 * the Public Suffix List shipped inside `tldts` (no download at run time). A name that is itself a
 * public suffix is its own organisational domain.
 */
export function organisationalDomain(name: string): string {
  const org = getDomain(name, { allowPrivateDomains: false, validateHostname: false });
  return org ?? name;
}
