import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StubResolver } from '../src/dns/stub-resolver';
import { CachingResolver } from '../src/dns/caching-resolver';
import { checkMany } from './check-many';
import { runScan } from '../src/adoption/scan';
import { SqliteStore } from '../src/store/sqlite';
import { checkDomain } from '../src/engine/check-domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Report } from '../src/report/types';
import { labLayout, type LabState } from '../test/lab/layout';
import { parseTrustAnchors } from '../src/dns/dnssec/anchors';
import { TlsAssessor } from '../src/probes/tls-assessor';
import type { DnsResult, QueryOptions, Resolver, RRType } from '../src/dns/types';

/** Counts, per type, the queries that get past the cache to the stub resolver. */
class CountingResolver implements Resolver {
  readonly byType: Record<string, number> = {};
  constructor(private readonly inner: Resolver) {}
  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    return this.inner.query(name, type, options);
  }
}

/** Adds a fixed delay to every query that leaves the cache: a stand-in for network latency where tc netem is missing. */
class DelayResolver implements Resolver {
  constructor(
    private readonly inner: Resolver,
    private readonly ms: number,
  ) {}
  async query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
    await new Promise((r) => setTimeout(r, this.ms));
    return this.inner.query(name, type, options);
  }
}

/**
 * `npm run bench` (inside the lab's namespace): the full mail test over the 342 municipality-like lab
 * domains, run the way Mailcheck runs it (one shared DNS cache, bounded concurrency) and naively
 * (a fresh cache per domain, one domain at a time) in the same run, each phase in its own process.
 */
interface PhaseResult {
  phase: string;
  domains: number;
  wallMs: number;
  p50: number;
  p95: number;
  maxRssMb: number;
  stubQueries: number;
  asked: number;
  dnskey: number;
  ds: number;
  statuses: Record<string, number>;
}

const lay = labLayout();
const state = JSON.parse(readFileSync(lay.state, 'utf8')) as LabState;
const benchDomains = (JSON.parse(readFileSync(join(lay.dir, 'zones.json'), 'utf8')) as { benchDomains: string[] })
  .benchDomains;
const NAIVE_SAMPLE = 30;
const CONCURRENCY = 32;
const SIMULATED_DELAY_MS = 10;

async function phase(kind: 'shared' | 'delayed' | 'naive'): Promise<PhaseResult> {
  const domains = kind === 'naive' ? benchDomains.slice(0, NAIVE_SAMPLE) : benchDomains;
  const stub = new StubResolver({ servers: [{ host: state.resolver, port: 53 }], timeoutMs: 2000, attempts: 2 });
  const counted = new CountingResolver(kind === 'delayed' ? new DelayResolver(stub, SIMULATED_DELAY_MS) : stub);
  const shared = new CachingResolver(counted);
  const parsed = parseTrustAnchors(readFileSync(state.trustAnchor, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const anchors = parsed.anchors;
  const durations: number[] = [];
  const statuses: Record<string, number> = {};
  let asked = 0;
  const t0 = process.hrtime.bigint();
  if (kind !== 'naive') {
    // The real batch path: runScan with one assessor for the whole scan (each shared provider MX host
    // assessed once), every result stored in a SQLite file as it comes in.
    const mailAssessor = new TlsAssessor({ allowPrivate: true, timeoutMs: 5000 });
    const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
    const store = new SqliteStore(join(dir, 'bench.db'));
    await runScan({
      list: 'bench',
      type: 'mail',
      targets: domains.map((domain) => ({ domain })),
      store,
      concurrency: CONCURRENCY,
      now: Date.now,
      newId: () => `bench-${kind}`,
      resume: false,
      check: async (t) => {
        const out: Report[] = [];
        for await (const ev of checkDomain(t.domain, {
          type: 'mail',
          resolver: shared,
          anchors,
          allowPrivate: true,
          mailAssessor,
        }))
          if (ev.kind === 'report') out.push(ev.report);
        return out;
      },
      onProgress: (p) => {
        for (const r of p.row.reports) record(r);
      },
    });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  } else {
    for (const d of domains)
      await checkMany(
        [d],
        {
          type: 'mail',
          resolver: new CachingResolver(counted),
          anchors,
          allowPrivate: true,
          mailAssessor: new TlsAssessor({ allowPrivate: true, timeoutMs: 5000 }),
        },
        1,
        (_d, r) => record(r),
      );
  }
  function record(r: { durationMs: number; dnsQueries: number; tests: Record<string, { status: string }> }): void {
    durations.push(r.durationMs);
    asked += r.dnsQueries;
    for (const t of Object.values(r.tests)) statuses[t.status] = (statuses[t.status] ?? 0) + 1;
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  durations.sort((a, b) => a - b);
  const q = (p: number): number => durations[Math.min(durations.length - 1, Math.floor(p * durations.length))] ?? 0;
  return {
    phase: kind,
    domains: domains.length,
    wallMs,
    p50: q(0.5),
    p95: q(0.95),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    stubQueries: stub.sent,
    asked,
    statuses,
    dnskey: counted.byType.DNSKEY ?? 0,
    ds: counted.byType.DS ?? 0,
  };
}

function unboundQueries(): number {
  const out = execFileSync('unbound-control', ['-c', join(lay.unbound, 'unbound.conf'), 'stats_noreset'], {
    encoding: 'utf8',
  });
  return Number(/^total\.num\.queries=(\d+)/m.exec(out)?.[1] ?? NaN);
}

function smtpConnections(): number {
  const log = join(lay.postfix, 'maillog');
  return existsSync(log) ? (readFileSync(log, 'utf8').match(/ connect from /g) ?? []).length : 0;
}

function runPhase(kind: string): PhaseResult & { resolverQueries: number; smtp: number } {
  // A cold resolver cache for each phase, so neither profits from the other.
  execFileSync('unbound-control', ['-c', join(lay.unbound, 'unbound.conf'), 'reload'], { stdio: 'ignore' });
  const q0 = unboundQueries();
  const s0 = smtpConnections();
  const child = spawnSync(process.execPath, [__filename, 'phase', kind], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`phase ${kind} failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout) as PhaseResult;
  return { ...result, resolverQueries: unboundQueries() - q0, smtp: smtpConnections() - s0 };
}

interface ToolRun {
  tool: string;
  ms: number;
  connections: number;
  note?: string;
}

/** Time and SMTP connections of one full TLS assessment of one lab server, by us and by the reference tools. */
async function assessmentComparison(host: string, ip: string): Promise<ToolRun[]> {
  const runs: ToolRun[] = [];
  const timed = async (tool: string, fn: () => Promise<void> | void): Promise<void> => {
    const before = smtpConnections();
    const t0 = process.hrtime.bigint();
    try {
      await fn();
      runs.push({ tool, ms: Number(process.hrtime.bigint() - t0) / 1e6, connections: smtpConnections() - before });
    } catch (e) {
      runs.push({ tool, ms: NaN, connections: NaN, note: (e as Error).message.split('\n')[0]?.slice(0, 80) });
    }
  };
  await timed('Mailcheck', async () => {
    await new TlsAssessor({ allowPrivate: true, timeoutMs: 5000 }).assess(host, ip);
  });
  await timed('sslscan', () => {
    execFileSync('sslscan', ['--starttls-smtp', '--no-colour', '--no-heartbleed', '--xml=-', `${ip}:25`], {
      stdio: 'ignore',
      timeout: 120_000,
    });
  });
  const testssl = spawnSync('sh', ['-c', 'command -v testssl || command -v testssl.sh'], {
    encoding: 'utf8',
  }).stdout.trim();
  if (testssl) {
    await timed('testssl.sh (full run)', () => {
      // testssl.sh reports findings through its exit status; a run counts when it reached "Done".
      const r = spawnSync(
        testssl,
        [
          '--starttls',
          'smtp',
          '--quiet',
          '--color',
          '0',
          '--nodns',
          'none',
          '--ip',
          ip,
          '--add-ca',
          state.caFile,
          `${host}:25`,
        ],
        { encoding: 'utf8', timeout: 600_000, maxBuffer: 32 * 1024 * 1024 },
      );
      if (!/\bDone\b/.test(r.stdout ?? '')) throw new Error(`testssl.sh did not finish (status ${r.status})`);
    });
  } else {
    runs.push({
      tool: 'testssl.sh (full run)',
      ms: NaN,
      connections: NaN,
      note: 'not installed (apt-get install testssl.sh)',
    });
  }
  return runs;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'phase') {
    const kind = process.argv[3];
    process.stdout.write(
      JSON.stringify(await phase(kind === 'naive' ? 'naive' : kind === 'delayed' ? 'delayed' : 'shared')),
    );
    return;
  }
  const delayMs = Number(process.env.BENCH_DELAY_MS ?? 0);
  const shared = runPhase('shared');
  // Without tc netem, the delay is simulated on every DNS query that leaves the cache (SMTP is not delayed).
  const delayed = delayMs > 0 ? undefined : runPhase('delayed');
  const naive = runPhase('naive');
  const perMin = (r: PhaseResult): number => (r.domains / r.wallMs) * 60_000;
  const comparison = await assessmentComparison('mx1.mailprovider.nl', '127.0.1.1');
  const ours = comparison[0] as ToolRun;
  const cmpRows = comparison.map(
    (r) =>
      `| ${r.tool} | ${Number.isNaN(r.ms) ? '–' : `${(r.ms / 1000).toFixed(2)} s`} | ${Number.isNaN(r.connections) ? '–' : r.connections} | ${Number.isNaN(r.ms) ? (r.note ?? '') : `${(r.ms / ours.ms).toFixed(1)}x our time, ${(r.connections / Math.max(1, ours.connections)).toFixed(2)}x our connections`} |`,
  );
  const row = (r: typeof shared): string =>
    `| ${r.phase === 'shared' ? `Mailcheck scan (shared cache, ${CONCURRENCY} at a time, stored in SQLite)` : r.phase === 'delayed' ? `the same with ${SIMULATED_DELAY_MS} ms added to every DNS query` : 'naive (fresh cache, one at a time)'} | ${r.domains} | ${(r.wallMs / 1000).toFixed(1)} s | ${perMin(r).toFixed(0)} | ${r.p50} | ${r.p95} | ${r.maxRssMb.toFixed(0)} MB | ${(r.resolverQueries / r.domains).toFixed(1)} | ${(r.stubQueries / r.domains).toFixed(1)} | ${(r.asked / r.domains).toFixed(1)} | ${(r.dnskey / r.domains).toFixed(2)} | ${(r.ds / r.domains).toFixed(2)} | ${(r.smtp / r.domains).toFixed(2)} |`;
  const md = [
    '# Benchmark results',
    '',
    `Last run: ${new Date().toISOString()} by \`npm run bench\`, inside the lab (knotd, unbound, postfix on loopback in a network namespace), on this project's standard machine (2 cores).`,
    `Network delay: ${delayMs > 0 ? `${delayMs} ms added with tc netem on the namespace's loopback` : 'none added (tc netem is not available in this kernel), so the figures show CPU and protocol cost, not network latency'}.`,
    'Test: the complete mail test (every mail test id): authenticity, MX, DNSSEC validated by our own validator from the lab root, STARTTLS/TLS/certificates/DANE/CAA against the lab Postfix, IPv6 of MX and name servers; run through `runScan` with every result stored in a SQLite file.',
    '',
    '| run | domains | wall time | domains/min | p50 ms/domain | p95 ms/domain | peak RSS | queries at the resolver per domain | queries sent per domain | lookups asked per domain | DNSKEY queries sent per domain | DS queries sent per domain | SMTP connections per domain |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row(shared),
    ...(delayed ? [row(delayed)] : []),
    row(naive),
    '',
    `Ratios, Mailcheck against the naive baseline of the same run: throughput ${(perMin(shared) / perMin(naive)).toFixed(1)}x, DNS queries sent per domain ${(shared.stubQueries / shared.domains / (naive.stubQueries / naive.domains)).toFixed(2)}x, queries reaching the resolver per domain ${(shared.resolverQueries / shared.domains / (naive.resolverQueries / naive.domains)).toFixed(2)}x, DNSKEY queries per domain ${(shared.dnskey / shared.domains / Math.max(1e-9, naive.dnskey / naive.domains)).toFixed(2)}x.`,
    ...(delayed
      ? [
          `With ${SIMULATED_DELAY_MS} ms per DNS query: ${(delayed.wallMs / 1000).toFixed(1)} s for ${delayed.domains} domains (${perMin(delayed).toFixed(0)} domains/min; the goal is all 342 within a minute).`,
        ]
      : []),
    `The naive run covers the first ${NAIVE_SAMPLE} domains to keep the benchmark short; its per-domain figures are comparable, its wall time is not.`,
    '',
    `Statuses over all tests in the Mailcheck run: ${Object.entries(shared.statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    '## One mail server, assessed by each tool',
    '',
    "The same lab server (mx1.mailprovider.nl, Postfix, TLS 1.2 and 1.3), one full assessment each, in this run. Connections counted from the server's own log.",
    '',
    '| tool | time | SMTP connections | against Mailcheck |',
    '| --- | --- | --- | --- |',
    ...cmpRows,
    '',
  ].join('\n');
  const out = join(__dirname, '..', '..', 'bench', 'results.md');
  writeFileSync(out, md);
  process.stdout.write(`${md}\nwritten to ${out}\n`);
}

main().catch((e: Error) => {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
});
