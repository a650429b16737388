import { isIP } from 'node:net';
import type { ServerAddress } from './transport';

/**
 * Parse a resolver given as `IP`, `IP:PORT`, `[IPv6]:PORT` or bare IPv6. Returns undefined when it is
 * not an IP address: resolvers are never looked up by name.
 */
export function parseServerAddress(spec: string): ServerAddress | undefined {
  const s = spec.trim();
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracket) return checked(bracket[1] ?? '', bracket[2]);
  if (isIP(s) === 6) return { host: s, port: 53 };
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
  return m ? checked(m[1] ?? '', m[2]) : undefined;
}

function checked(host: string, port: string | undefined): ServerAddress | undefined {
  if (!isIP(host)) return undefined;
  const p = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(p) || p < 1 || p > 65535) return undefined;
  return { host, port: p };
}

/** `nameserver` lines of resolv.conf(5); other lines and malformed addresses are ignored. */
export function parseResolvConf(text: string): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const line of text.split('\n').slice(0, 1000)) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!m?.[1]) continue;
    // A scoped IPv6 address (fe80::1%eth0) keeps its zone for the socket.
    const addr = m[1].split('%')[0] ?? '';
    if (isIP(addr)) out.push({ host: m[1].includes('%') && isIP(addr) === 6 ? m[1] : addr, port: 53 });
  }
  return out;
}
