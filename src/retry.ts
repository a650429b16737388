/**
 * The one retry loop (issue 15 item 6): try, and after a failure the policy accepts, wait and try
 * again, a bounded number of times. Used for chat posts (Retry-After, then back-off for scheduled
 * summaries) and the SQLite lock. The DNS rounds and the TLS probes keep their own loops: they retry
 * per server and per stage, not a whole call.
 */
export interface RetryPolicy {
  /** The wait before each new try; its length bounds the tries (n waits = n + 1 tries). */
  delaysMs: readonly number[];
  /** Which failures are worth another try; any other is thrown at once. */
  retryable: (err: unknown) => boolean;
  /** Overrides the wait for one failure (a platform's Retry-After). */
  delayFor?: (err: unknown, attempt: number) => number | undefined;
  /** Called before each wait (logging). */
  onRetry?: (err: unknown, attempt: number, waitMs: number) => void;
  /** After the last try failed: what to throw instead of its error. */
  exhausted?: (err: unknown) => unknown;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!policy.retryable(err)) throw err;
      if (attempt >= policy.delaysMs.length) throw policy.exhausted ? policy.exhausted(err) : err;
      const wait = policy.delayFor?.(err, attempt) ?? (policy.delaysMs[attempt] as number);
      policy.onRetry?.(err, attempt, wait);
      await sleep(wait);
    }
  }
}
