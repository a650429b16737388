import { strict as assert } from 'node:assert';
import { checkDomain } from '../../src/engine/check-domain';
import {
  failedResult,
  type DnsOutcome,
  type DnsResult,
  type QueryOptions,
  type Resolver,
  type RRType,
} from '../../src/dns/types';
import type { Report } from '../../src/report/types';
import { ZoneResolver } from '../support/zone-resolver';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';

/**
 * Issue 13: a fault is never a verdict. For each domain of the fixture world, every DNS question the
 * check asks is failed in turn (timeout, SERVFAIL, or an answer that could not be had: truncated and
 * TCP refused, `error`), and every test either keeps the status it had without the fault or becomes
 * `error`. A lost lookup may never turn into `passed`, `failed`, `warning`, `info` or `not_tested`
 * that the real answer would not have given.
 */
class FaultyResolver implements Resolver {
  readonly asked = new Set<string>();
  constructor(
    private readonly inner: Resolver,
    private readonly fail?: { key: string; outcome: DnsOutcome },
  ) {}
  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
    const key = `${name.toLowerCase().replace(/\.$/, '')}|${type}`;
    this.asked.add(key);
    if (this.fail?.key === key)
      return Promise.resolve(failedResult(name, type, this.fail.outcome, `injected ${this.fail.outcome}`));
    return this.inner.query(name, type, options);
  }
}

const NOW = Date.parse('2026-12-02T10:00:00Z');
const OUTCOMES: DnsOutcome[] = ['timeout', 'servfail', 'error'];

async function run(domain: string, type: 'mail' | 'web', resolver: Resolver): Promise<Report> {
  for await (const ev of checkDomain(domain, { type, resolver, now: () => NOW, timeoutMs: 20_000 }))
    if (ev.kind === 'report') return ev.report;
  throw new Error('no report');
}

describe('fault injection: every lost lookup ends as "could not test", never as a verdict (issue 13)', function () {
  this.timeout(120_000);
  for (const domain of [
    'goedgemeente.nl',
    'zwakgemeente.nl',
    'drukgemeente.nl',
    'geenmail.nl',
    'extgemeente.nl',
    'lusgemeente.nl',
  ]) {
    for (const type of ['mail', 'web'] as const) {
      it(`${domain} (${type}): each question failed in turn`, async () => {
        const zone = new ZoneResolver(MUNICIPALITIES);
        const probe = new FaultyResolver(zone);
        const base = await run(domain, type, probe);
        const keys = [...probe.asked].sort();
        const wrong: string[] = [];
        let runs = 0;
        for (const [i, key] of keys.entries()) {
          const outcome = OUTCOMES[i % OUTCOMES.length] as DnsOutcome;
          const r = await run(domain, type, new FaultyResolver(zone, { key, outcome }));
          runs++;
          for (const [id, t] of Object.entries(r.tests)) {
            const was = base.tests[id];
            if (t.status === 'error' || (was && was.status === t.status)) continue;
            wrong.push(`${key} ${outcome}: ${id} ${was?.status}:${was?.reason} -> ${t.status}:${t.reason}`);
          }
        }
        assert.ok(runs === keys.length && runs > 3, `${runs} faults injected`);
        assert.deepEqual(wrong.slice(0, 25), [], `${wrong.length} wrong verdicts`);
      });
    }
  }
});
