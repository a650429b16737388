import type { Schedule, Store } from '../store/types';
import { parseCron, previousRun } from './cron';

/**
 * Runs stored schedules. `tick(now)` is the whole algorithm: for each schedule, the latest firing at
 * or before `now` is due if it is after the schedule was made and its run key (the firing instant)
 * has not been claimed yet; claiming is one atomic insert in the store, so each run happens exactly
 * once, also across restarts and with two bot processes. A run missed while the bot was down is the
 * latest due firing, so it runs once at the next tick; older missed firings are not replayed.
 */
export interface SchedulerDeps {
  store: Store;
  /** IANA zone the cron lines are in (TZ, default Europe/Amsterdam). */
  tz: string;
  run: (schedule: Schedule, runKey: string) => Promise<void>;
  /** The claiming process (host:pid), kept with the claim. */
  owner?: string;
  onError?: (schedule: Schedule, err: unknown) => void;
}

export async function tick(deps: SchedulerDeps, now: number): Promise<string[]> {
  const started: string[] = [];
  for (const s of await deps.store.schedules()) {
    const cron = parseCron(s.cron);
    if (!cron.ok) continue;
    const due = previousRun(cron.spec, now, deps.tz);
    if (due === undefined || due < Date.parse(s.createdAt)) continue;
    const key = new Date(due).toISOString();
    if (!(await deps.store.claimRun(s.id, key, new Date(now).toISOString(), deps.owner))) continue;
    started.push(`${s.id}@${key}`);
    try {
      await deps.run(s, key);
    } catch (err) {
      deps.onError?.(s, err);
    }
  }
  return started;
}
