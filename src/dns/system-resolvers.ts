import { readFileSync } from 'node:fs';
import { parseResolvConf } from './servers';
import type { ServerAddress } from './transport';

/** The system's recursive resolvers, from /etc/resolv.conf (empty when unreadable). */
export function systemResolvers(path = '/etc/resolv.conf'): ServerAddress[] {
  try {
    return parseResolvConf(readFileSync(path, 'utf8').slice(0, 64 * 1024));
  } catch {
    return [];
  }
}
