import type { ServerTlsFacts } from '../tls/facts';

/**
 * Assessments shared by every process on one deployment (issue 16 §3): a mail server that many
 * organisations share is assessed once per cache period by one process, not once by each worker.
 * The assessor holds the gate's `assess|…` key while it assesses, so the others wait and then find
 * the facts here. Implemented on Redis (src/jobs/redis-gate.ts).
 */
export interface SharedAssessments {
  get(key: string): Promise<ServerTlsFacts | undefined>;
  put(key: string, facts: ServerTlsFacts, ttlMs: number): Promise<void>;
}
