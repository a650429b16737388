import { checkDomain, type CheckOptions } from '../src/engine/check-domain';
import type { Report } from '../src/report/types';

/**
 * Checks many domains with bounded concurrency, all sharing the run's resolver (and so its DNS
 * cache): many municipalities share a few provider hosts, each resolved once. Calls `onReport` as
 * each domain finishes; a domain's failure never stops the batch (checkDomain does not throw).
 */
export async function checkMany(
  domains: readonly string[],
  options: CheckOptions,
  concurrency: number,
  onReport: (domain: string, report: Report) => void | Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < domains.length) {
      const domain = domains[next++] as string;
      for await (const ev of checkDomain(domain, options)) if (ev.kind === 'report') await onReport(domain, ev.report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, domains.length)) }, worker));
}
