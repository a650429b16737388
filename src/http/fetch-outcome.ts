/** What an HTTPS fetch came back with (pure: probes/https-fetch.ts makes it, checks read it). */
export type FetchOutcome =
  | {
      ok: true;
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
      truncated: boolean;
    }
  | {
      ok: false;
      reason:
        | 'private_address'
        | 'tls_error'
        | 'timeout'
        | 'connect_error'
        | 'too_large'
        | 'header_too_large'
        | 'bad_response';
      detail: string;
    };

/**
 * A fetch that says nothing about the server: it timed out, the connection was reset or the network
 * was unreachable, or we may not probe the address. A refused connection, a TLS failure or a bad
 * response is the server's answer. Checks report the first kind as "could not test" (issue 13).
 */
export function isInconclusiveFetch(outcome: { ok: true } | { ok: false; reason: string; detail: string }): boolean {
  if (outcome.ok) return false;
  if (outcome.reason === 'timeout' || outcome.reason === 'private_address') return true;
  return outcome.reason === 'connect_error' && !/ECONNREFUSED/.test(outcome.detail);
}
