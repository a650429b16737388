/**
 * Politeness beyond one process (issue 16 §3): before each connection to a server's address the
 * assessor holds that address's gate, so that the one-connection-at-a-time rule and the back-off
 * while a server answers 421/450 hold across every worker on a shared queue, not only per process.
 * The assessor already serialises its own connections; a gate adds the other processes. Owned here
 * (the probes use it); the Redis implementation is in src/jobs/redis-gate.ts.
 */
export interface ConnectionGate {
  /**
   * Runs `fn` while no other process holds `address`; waits while one does. Stops waiting when
   * `signal` is aborted (the check's deadline) and runs `fn`, which then sees the abort itself.
   */
  hold<T>(address: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}
