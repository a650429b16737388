import type { Status, TestResult } from '../../report/types';
import { worstStatus } from '../../report/severity';

/** One server's (or one address's) verdict inside a test that is decided over several. */
export interface PerServer {
  host: string;
  address: string;
  status: Status;
  reason: string;
  [k: string]: unknown;
}

/**
 * A test decided over several servers takes the worst status; its reason is that of the first server
 * with that status, and `details.servers` says which server had what (texts name the first one that
 * did not pass).
 */
export function aggregate(
  id: string,
  servers: PerServer[],
  okReason: string,
  noneReason = 'no_tested_servers',
): TestResult {
  if (servers.length === 0) return { id, status: 'not_tested', reason: noneReason, details: { servers: [] } };
  const status = worstStatus(servers.map((s) => s.status));
  const reason = status === 'passed' ? okReason : (servers.find((s) => s.status === status)?.reason ?? status);
  return { id, status, reason, details: { servers } };
}
