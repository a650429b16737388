import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * CONTRACT.md "Security": a chat user must not make the bot probe the network it runs in. Loopback,
 * private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified and documentation-reserved
 * addresses are refused unless lab mode (--allow-private / MAILCHECK_ALLOW_PRIVATE=1) lifts it.
 */
const blocked = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96], ['64:ff9b:1::', 48], ['100::', 64]] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  if (isIPv4(address)) return blocked.check(address, 'ipv4');
  if (isIPv6(address)) return blocked.check(address, 'ipv6');
  return true; // not an address at all: never probed
}

export type AddressVerdict = { ok: true } | { ok: false; reason: 'private_address' };

export function mayProbe(address: string, allowPrivate: boolean): AddressVerdict {
  return allowPrivate || !isPrivateAddress(address) ? { ok: true } : { ok: false, reason: 'private_address' };
}
