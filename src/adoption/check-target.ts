import { checkDomain, type CheckOptions } from '../engine/check-domain';
import type { Report, TestType } from '../report/types';
import type { ScanTarget, ScanType } from '../store/types';

/**
 * One organisation of a list, tested (issue 16 §1): the mail test on its mail domain (`mailDomain`,
 * else `domain`), the website test on `domain`; for `all` both, side by side, mail first. The CLI, the
 * bot and the workers all call this, so `--type all` means the same everywhere.
 */
export async function checkTarget(
  target: ScanTarget,
  type: ScanType,
  options: Omit<CheckOptions, 'type'>,
): Promise<Report[]> {
  const kinds: TestType[] = type === 'all' ? ['mail', 'web'] : [type];
  const byKind = await Promise.all(
    kinds.map(async (k) => {
      const out: Report[] = [];
      const domain = k === 'mail' ? (target.mailDomain ?? target.domain) : target.domain;
      for await (const ev of checkDomain(domain, { ...options, type: k }))
        if (ev.kind === 'report') out.push(ev.report);
      return out;
    }),
  );
  return byKind.flat();
}
