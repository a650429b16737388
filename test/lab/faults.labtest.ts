import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue, meets, type Scenario } from './catalogue';
import { labLayout, type LabState } from './layout';
import { StubResolver } from '../../src/dns/stub-resolver';
import { CachingResolver } from '../../src/dns/caching-resolver';
import { checkDomain } from '../../src/engine/check-domain';
import { TESTS } from '../../src/report/test-catalogue';
import type { Report } from '../../src/report/types';
import { TlsAssessor } from '../../src/probes/tls-assessor';
import { parseTrustAnchors } from '../../src/dns/dnssec/anchors';
import { LossyRelay, type LossShares } from '../support/lossy-relay';
import { ResetRelay } from '../support/reset-relay';
import type { Dialer } from '../../src/probes/dial';

/**
 * Fault injection over the whole lab catalogue (issue 13): a lossy relay in front of the lab's
 * resolver (dropped queries, SERVFAIL, TC without a TCP problem) and relays in front of every lab
 * mail and web server that reset a share of connections mid-handshake. Every expectation of the
 * catalogue either still holds or became `error` ("could not test"); none may become another verdict.
 * Seeded (MAILCHECK_FAULT_SEED), so a run repeats. The figures go to test-output/lab-faults.json.
 */
const cat = loadCatalogue();
const lay = labLayout();
const state = JSON.parse(readFileSync(lay.state, 'utf8')) as LabState;
const parsed = parseTrustAnchors(readFileSync(state.trustAnchor, 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const anchors = parsed.anchors;
const SEED = process.env.MAILCHECK_FAULT_SEED ?? '13';
const BIN = join(__dirname, '..', '..', '..', 'bin', 'mailcheck.js');
const implemented = new Set(TESTS.filter((t) => t.implemented).map((t) => t.id));
const required = new Set(TESTS.filter((t) => t.level === 'required').map((t) => t.id));

interface Figures {
  run: string;
  expectations: number;
  kept: number;
  honestError: number;
  wrong: string[];
  errors: string[];
  relay: unknown;
  ms: number;
}
const figures: Figures[] = [];

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function check(
  s: Scenario,
  resolverPort: number,
  mailAssessor: TlsAssessor,
  webAssessor: TlsAssessor,
): Promise<Partial<Record<'mail' | 'web', Report>>> {
  // A fresh cache per domain: every lookup of the domain meets the relay.
  const resolver = new CachingResolver(
    new StubResolver({ servers: [{ host: '127.0.0.1', port: resolverPort }], timeoutMs: 1000 }),
  );
  const reports: Partial<Record<'mail' | 'web', Report>> = {};
  for await (const ev of checkDomain(s.domain, {
    type: 'all',
    resolver,
    timeoutMs: 45_000,
    anchors,
    allowPrivate: true,
    mailAssessor,
    webAssessor,
  }))
    if (ev.kind === 'report') reports[ev.report.type] = ev.report;
  return reports;
}

/** Kept, honest error, or wrong: the only three things an expectation can become under a fault. */
function score(
  run: string,
  results: Array<{ s: Scenario; reports: Partial<Record<'mail' | 'web', Report>> }>,
  relay: unknown,
  ms: number,
): Figures {
  const f: Figures = { run, expectations: 0, kept: 0, honestError: 0, wrong: [], errors: [], relay, ms };
  for (const { s, reports } of results) {
    for (const [id, expected] of Object.entries(s.expect)) {
      if (!implemented.has(id)) continue;
      f.expectations++;
      const t = (id.startsWith('web_') ? reports.web : reports.mail)?.tests[id];
      if (meets(expected, t)) f.kept++;
      else if (t?.status === 'error') {
        f.honestError++;
        f.errors.push(`${s.domain} ${id}: ${t.reason} ${JSON.stringify(t.details ?? {}).slice(0, 200)}`);
      } else
        f.wrong.push(
          `${s.domain} ${id}: expected ${expected}, got ${t?.status} (${t?.reason}) ${JSON.stringify(t?.details ?? {}).slice(0, 160)}`,
        );
    }
  }
  figures.push(f);
  return f;
}

describe(`lab under faults (seed ${SEED}): every expectation holds or becomes error`, function () {
  this.timeout(20 * 60_000);
  after(() => {
    mkdirSync('test-output', { recursive: true });
    writeFileSync(join('test-output', 'lab-faults.json'), `${JSON.stringify(figures, null, 2)}\n`);
    for (const f of figures)
      console.log(
        `      ${f.run}: ${f.expectations} expectations, kept ${f.kept}, honest error ${f.honestError}, wrong ${f.wrong.length} (${Math.round(f.ms / 1000)} s) ${JSON.stringify(f.relay)}`,
      );
  });

  // The TLS facts are not under test in the DNS runs: one assessment per server serves them all.
  const mailAssessor = new TlsAssessor({ allowPrivate: true, timeoutMs: 5000 });
  const webAssessor = new TlsAssessor({ allowPrivate: true, timeoutMs: 5000, service: 'https' });

  const dnsRuns: Array<{ name: string; shares: LossShares }> = [
    { name: 'DNS 10% lost, 5% SERVFAIL, 5% TC', shares: { drop: 0.1, servfail: 0.05, truncate: 0.05 } },
    { name: 'DNS 30% lost, 10% SERVFAIL, 10% TC', shares: { drop: 0.3, servfail: 0.1, truncate: 0.1 } },
  ];
  for (const run of dnsRuns) {
    it(run.name, async () => {
      const relay = new LossyRelay({ host: state.resolver, port: 53 }, run.shares, SEED);
      await relay.start();
      const start = Date.now();
      const results: Array<{ s: Scenario; reports: Partial<Record<'mail' | 'web', Report>> }> = [];
      try {
        await pool(cat.scenarios, 4, async (s) => {
          results.push({ s, reports: await check(s, relay.port, mailAssessor, webAssessor) });
        });
      } finally {
        await relay.stop();
      }
      const f = score(run.name, results, relay.tally, Date.now() - start);
      assert.deepEqual(f.wrong, [], 'a fault turned into a verdict');
      assert.ok(
        relay.tally.dropped > 0 && relay.tally.servfail > 0 && relay.tally.truncated > 0 && relay.tally.tcp > 0,
        'every fault happened',
      );
    });
  }

  it('DNS 100% lost: every test of every domain is error, and the CLI exits 3', async () => {
    const relay = new LossyRelay({ host: state.resolver, port: 53 }, { drop: 1, servfail: 0, truncate: 0 }, SEED);
    await relay.start();
    const start = Date.now();
    const results: Array<{ s: Scenario; reports: Partial<Record<'mail' | 'web', Report>> }> = [];
    const notError: string[] = [];
    const codes: string[] = [];
    try {
      await pool(cat.scenarios, 6, async (s) => {
        const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
          execFile(
            process.execPath,
            [
              BIN,
              'check',
              s.domain,
              '--type',
              'all',
              '--json',
              '--allow-private',
              '--resolver',
              `127.0.0.1:${relay.port}`,
              '--trust-anchor',
              state.trustAnchor,
            ],
            { timeout: 90_000 },
            (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }),
          );
        });
        if (out.code !== 3) codes.push(`${s.domain}: exit ${out.code}`);
        const doc = JSON.parse(out.stdout) as Partial<Record<'mail' | 'web', Report>>;
        results.push({ s, reports: doc });
        for (const r of [doc.mail, doc.web]) {
          for (const [id, t] of Object.entries(r?.tests ?? {}))
            if (t.status !== 'error') notError.push(`${s.domain} ${id}=${t.status} (${t.reason})`);
          for (const id of Object.keys(r?.tests ?? {}))
            if (required.has(id)) assert.ok(r!.tests[id]!.reason, `${id} says which lookup failed`);
        }
      });
    } finally {
      await relay.stop();
    }
    const f = score('DNS 100% lost (CLI)', results, relay.tally, Date.now() - start);
    assert.deepEqual(notError, []);
    assert.deepEqual(codes, []);
    assert.deepEqual(f.wrong, []);
  });

  it('30% of connections to every mail and web server reset mid-handshake', async () => {
    const resets = new ResetRelay(0.3, SEED);
    for (const m of Object.values(cat.mail_servers)) await resets.add(m.ip4, 25);
    for (const w of Object.values(cat.web_servers)) await resets.add(w.ip4, 443);
    const dial: Dialer = resets.dialer();
    const mail = new TlsAssessor({ allowPrivate: true, timeoutMs: 5000, dial });
    const web = new TlsAssessor({ allowPrivate: true, timeoutMs: 5000, service: 'https', dial });
    const relay = new LossyRelay({ host: state.resolver, port: 53 }, { drop: 0, servfail: 0, truncate: 0 }, SEED);
    await relay.start();
    const start = Date.now();
    const results: Array<{ s: Scenario; reports: Partial<Record<'mail' | 'web', Report>> }> = [];
    try {
      await pool(cat.scenarios, 4, async (s) => {
        results.push({ s, reports: await check(s, relay.port, mail, web) });
      });
    } finally {
      await relay.stop();
      await resets.stop();
    }
    const f = score('TLS 30% of connections reset', results, resets.tally, Date.now() - start);
    assert.deepEqual(f.wrong, []);
    assert.ok(resets.tally.reset > 0, 'connections were reset');
    // A good MX behind the resets still has working TLS: the retries reached it.
    const good = results.find((r) => r.s.domain === 'goedgemeente.nl');
    assert.equal(good?.reports.mail?.tests.mail_starttls_tls_available?.status, 'passed');
  });
});
