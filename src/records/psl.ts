import { getDomain } from 'tldts';

/**
 * Internet.nl's organisational domain (criteria §3.3; RFC 7489 §3.2): the public suffix plus one
 * label, over the whole Public Suffix List shipped inside `tldts` (no download at run time), its
 * private section included as Internet.nl uses it: `user.github.io` and `firm.uk.com` are
 * organisations of their own. A name that is itself a public suffix is its own organisational domain.
 * DMARC itself now finds the Organizational Domain by the RFC 9989 tree walk (records/dmarc-tree-walk.ts).
 */
export function organisationalDomain(name: string): string {
  const org = getDomain(name, { allowPrivateDomains: true, validateHostname: false });
  return org ?? name;
}
