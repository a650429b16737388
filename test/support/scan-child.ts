/**
 * A scan in a child process, for the test that kills it mid-scan: a fake engine (a report built from
 * the domain name after a short wait) over N domains, stored in the SQLite file given. Each checked
 * domain is appended to a log file first, so the test can tell which domains were ever checked.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SqliteStore } from '../../src/store/sqlite';
import { runScan } from '../../src/adoption/scan';
import type { Report } from '../../src/report/types';

const [file, log, count] = process.argv.slice(2) as [string, string, string];
const targets = Array.from({ length: Number(count) }, (_, i) => ({ domain: `gemeente${i}.nl`, org: `Gemeente ${i}` }));
export const fakeReport = (domain: string, at: number): Report => ({
  type: 'mail',
  startedAt: new Date(at).toISOString(),
  durationMs: 1,
  guideline: 'ncsc-2025',
  score: domain.length,
  categories: {},
  tests: { mail_auth_spf_exist: { status: domain.endsWith('3.nl') ? 'failed' : 'passed', reason: 'x', details: {} } },
  custom: {},
  pending: [],
  dnsQueries: 0,
});

if (require.main === module) {
  const store = new SqliteStore(file);
  void runScan({
    list: 'kill-test',
    type: 'mail',
    targets,
    store,
    concurrency: 4,
    now: () => 1_795_000_000_000,
    newId: randomUUID,
    check: async (t) => {
      appendFileSync(log, `${t.domain}\n`);
      await new Promise((r) => setTimeout(r, 15));
      return [fakeReport(t.domain, 1_795_000_000_000)];
    },
  }).then(() => store.close());
}
