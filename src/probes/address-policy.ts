import { parseAddress, inPrefix, embeddedIPv4 } from './address-bytes';

/**
 * CONTRACT.md "Security": a chat user must not make the bot probe the network it runs in.
 *
 * Decided on the parsed address (bytes), never on its text: `0:0:0:0:0:ffff:7f00:1` is 127.0.0.1 to the
 * kernel, whatever it looks like. The tables follow the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates): what is not globally reachable is refused unless lab mode
 * (--allow-private / MAILCHECK_ALLOW_PRIVATE=1) lifts it. Only IPv6 global unicast space (2000::/3,
 * RFC 4291 §2.4) is probed, plus the NAT64 well-known prefix (RFC 6052) and 6to4 (RFC 3056), whose
 * embedded IPv4 address is judged by the IPv4 table. The documentation ranges (RFC 5737, RFC 3849,
 * RFC 9637) are refused always: nothing real lives there.
 */
type Net = readonly [string, number];

const PRIVATE4: readonly Net[] = [
  ['0.0.0.0', 8], // "this network", RFC 791
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // shared address space (CGNAT), RFC 6598
  ['127.0.0.0', 8], // loopback, RFC 1122
  ['169.254.0.0', 16], // link-local, RFC 3927 (cloud metadata lives here)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments, RFC 6890
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast, RFC 7526
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking, RFC 2544
  ['224.0.0.0', 4], // multicast, RFC 5771
  ['240.0.0.0', 4], // reserved, RFC 1112 (with 255.255.255.255, limited broadcast)
];
const DOCUMENTATION4: readonly Net[] = [
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
];

/** Inside 2000::/3 but not globally reachable. */
const PRIVATE6: readonly Net[] = [
  ['2001::', 23], // IETF protocol assignments (Teredo's 2001::/32 included: its client address is hidden), RFC 2928
  ['5f00::', 16], // SRv6 SIDs, RFC 9602
];
const DOCUMENTATION6: readonly Net[] = [
  ['2001:db8::', 32],
  ['3fff::', 20],
];
const NAT64_WKP: Net = ['64:ff9b::', 96]; // RFC 6052 §2.1
const SIX_TO_FOUR: Net = ['2002::', 16]; // RFC 3056 §2
const GLOBAL_UNICAST: Net = ['2000::', 3]; // RFC 4291 §2.4

const tables = new Map<readonly Net[], { bytes: Uint8Array; prefix: number }[]>();
function compiled(list: readonly Net[]): { bytes: Uint8Array; prefix: number }[] {
  let c = tables.get(list);
  if (!c) {
    c = list.map(([a, prefix]) => ({ bytes: parseAddress(a) as Uint8Array, prefix }));
    tables.set(list, c);
  }
  return c;
}
const inList = (bytes: Uint8Array, list: readonly Net[]): boolean =>
  compiled(list).some((n) => n.bytes.length === bytes.length && inPrefix(bytes, n.bytes, n.prefix));
const inNet = (bytes: Uint8Array, net: Net): boolean => inList(bytes, [net]);

export type AddressClass = 'public' | 'private' | 'documentation' | 'invalid';

/** The class of an address literal, from its bytes. */
export function classifyAddress(address: string): AddressClass {
  const bytes = parseAddress(address);
  if (!bytes) return 'invalid';
  if (bytes.length === 4) return classify4(bytes);
  if (inList(bytes, DOCUMENTATION6)) return 'documentation';
  // An IPv4 address carried inside IPv6 is reached as that IPv4 address: judge that one.
  if (inNet(bytes, NAT64_WKP)) return classify4(embeddedIPv4(bytes, 96));
  if (inNet(bytes, SIX_TO_FOUR)) return classify4(embeddedIPv4(bytes, 16));
  // Everything outside 2000::/3 is loopback, unspecified, IPv4-mapped or -compatible (::/8), discard
  // (100::/64), NAT64 local use (64:ff9b:1::/48), ULA, site-local, link-local, multicast or unassigned.
  if (!inNet(bytes, GLOBAL_UNICAST)) return 'private';
  return inList(bytes, PRIVATE6) ? 'private' : 'public';
}

function classify4(bytes: Uint8Array): AddressClass {
  if (inList(bytes, DOCUMENTATION4)) return 'documentation';
  return inList(bytes, PRIVATE4) ? 'private' : 'public';
}

export function isPrivateAddress(address: string): boolean {
  return classifyAddress(address) !== 'public';
}

export function isDocumentationAddress(address: string): boolean {
  return classifyAddress(address) === 'documentation';
}

export type AddressVerdict = { ok: true } | { ok: false; reason: 'private_address' };

export function mayProbe(address: string, allowPrivate: boolean): AddressVerdict {
  const c = classifyAddress(address);
  if (c === 'public' || (c === 'private' && allowPrivate)) return { ok: true };
  return { ok: false, reason: 'private_address' };
}

/** Web redirects are followed to the HTTP and HTTPS ports only (a Location must not aim at other services). */
export function mayFollowPort(port: number): boolean {
  return port === 80 || port === 443;
}
