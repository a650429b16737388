import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * CONTRACT.md "Security": a chat user must not make the bot probe the network it runs in. Loopback,
 * private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified and documentation-reserved
 * addresses are refused unless lab mode (--allow-private / MAILCHECK_ALLOW_PRIVATE=1) lifts it.
 * The documentation ranges (RFC 5737, RFC 3849) are refused always: nothing real lives there.
 */
const documentation4 = new BlockList();
const documentation6 = new BlockList();
for (const net of ['192.0.2.0', '198.51.100.0', '203.0.113.0']) documentation4.addSubnet(net, 24, 'ipv4');
documentation6.addSubnet('2001:db8::', 32, 'ipv6');

// One list per family: Node's BlockList also matches IPv4 checks against IPv6 rules (as IPv4-mapped).
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b:1::', 48], ['100::', 64]] as const) {
  blocked6.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  if (isIPv4(address)) return blocked4.check(address, 'ipv4');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is never probed as such.
  if (isIPv6(address)) return /^::ffff:/i.test(address) || blocked6.check(address, 'ipv6');
  return true; // not an address at all: never probed
}

export type AddressVerdict = { ok: true } | { ok: false; reason: 'private_address' };

export function isDocumentationAddress(address: string): boolean {
  return isIPv4(address) ? documentation4.check(address, 'ipv4') : isIPv6(address) ? documentation6.check(address, 'ipv6') : false;
}

export function mayProbe(address: string, allowPrivate: boolean): AddressVerdict {
  if (isDocumentationAddress(address)) return { ok: false, reason: 'private_address' };
  return allowPrivate || !isPrivateAddress(address) ? { ok: true } : { ok: false, reason: 'private_address' };
}
