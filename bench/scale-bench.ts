import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TestDnsServer } from '../test/support/dns-server';
import { txt, type ZoneEntry } from '../test/support/zone-resolver';

/**
 * `npm run bench` (scale part, issue 16 §5): a list of BENCH_SCALE_DOMAINS (default 10,000)
 * municipality-like domains on a few shared providers, answered by a DNS server on loopback that adds
 * 10 ms to every answer, scanned (a) the embedded way (one process, SQLite) and (b) on PostgreSQL and
 * Redis with 1, 2 and 4 `mailcheck worker` processes beside the scanning process, in the same run.
 * The mail servers are null MX: the figures are what the queue, the store and DNS cost, not TLS.
 * Needs MAILCHECK_TEST_PG and MAILCHECK_TEST_REDIS (bench/scale.sh starts both).
 */
const admin = process.env.MAILCHECK_TEST_PG as string;
const redis = process.env.MAILCHECK_TEST_REDIS as string;
const COUNT = Number(process.env.BENCH_SCALE_DOMAINS ?? 10_000);
const BIN = join(__dirname, '..', '..', 'bin', 'mailcheck.js');
const PROVIDERS = ['mailprovider.nl', 'gemeentehosting.nl', 'regiohost.nl', 'waterhosting.nl', 'cloudmail.example'];

function zone(): { zone: Record<string, ZoneEntry[]>; domains: string[] } {
  const z: Record<string, ZoneEntry[]> = {};
  for (const p of PROVIDERS) z[`spf.${p}`] = [txt(`v=spf1 ip4:192.0.2.0/24 include:_net.${p} ~all`)];
  for (const p of PROVIDERS) z[`_net.${p}`] = [txt('v=spf1 ip4:198.51.100.0/24 -all')];
  const domains: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const d = `gemeente${i}.nl`;
    const p = PROVIDERS[i % PROVIDERS.length] as string;
    domains.push(d);
    z[d] = [
      { type: 'MX', data: { preference: 0, exchange: '.' } },
      txt(i % 7 === 0 ? `v=spf1 include:spf.${p} ~all` : `v=spf1 include:spf.${p} -all`),
    ];
    if (i % 5 !== 0) z[`_dmarc.${d}`] = [txt(i % 3 === 0 ? 'v=DMARC1; p=none' : 'v=DMARC1; p=reject')];
  }
  return { zone: z, domains };
}

interface Proc {
  child: ChildProcess;
  log: string;
  peakKb: number;
}

/** Starts a mailcheck process and follows its peak resident memory (VmHWM) while it runs. */
function run(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, MAILCHECK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const p: Proc = { child, log: '', peakKb: 0 };
  child.stderr?.on('data', (b: Buffer) => {
    p.log = (p.log + b.toString()).slice(-20_000);
  });
  const watch = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      p.peakKb = Math.max(p.peakKb, kb);
    } catch {
      /* the process has ended */
    }
  }, 100);
  child.once('exit', () => clearInterval(watch));
  return p;
}

const exited = (p: Proc): Promise<number | null> =>
  p.child.exitCode !== null ? Promise.resolve(p.child.exitCode) : new Promise((r) => p.child.once('exit', r));

async function freshDb(name: string): Promise<string> {
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Phase {
  name: string;
  wallMs: number;
  peakMb: number[];
  jobs: number[];
}

async function main(): Promise<void> {
  const { zone: z, domains } = zone();
  const dns = await new TestDnsServer(z).start();
  dns.delayMs = 10;
  const dir = mkdtempSync(join(tmpdir(), 'mc-scale-'));
  const list = join(dir, 'lijst.txt');
  writeFileSync(list, `${domains.join('\n')}\n`);
  const phases: Phase[] = [];
  try {
    {
      const t0 = Date.now();
      const scan = run(['scan', list, '--resolver', dns.address, '--concurrency', '32'], {
        MAILCHECK_DB: join(dir, 'embedded.db'),
      });
      if ((await exited(scan)) !== 0) throw new Error(`embedded scan failed: ${scan.log.slice(-500)}`);
      phases.push({
        name: 'embedded (one process, SQLite, 32 at a time)',
        wallMs: Date.now() - t0,
        peakMb: [scan.peakKb / 1024],
        jobs: [],
      });
    }
    for (const workers of [1, 2, 4]) {
      const env = {
        MAILCHECK_DB: await freshDb(`mc_scale_${workers}`),
        MAILCHECK_REDIS: redis,
        MAILCHECK_QUEUE_PREFIX: `mcscale${process.pid}w${workers}`,
      };
      const ws = Array.from({ length: workers }, () =>
        run(['worker', '--resolver', dns.address, '--concurrency', '8'], env),
      );
      const deadline = Date.now() + 30_000;
      while (!ws.every((w) => /worker started/.test(w.log))) {
        if (Date.now() > deadline) throw new Error('workers did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
      const t0 = Date.now();
      // The scanning process takes part with one job at a time; the workers do the bulk.
      const scan = run(['scan', list, '--resolver', dns.address, '--concurrency', '1'], env);
      if ((await exited(scan)) !== 0) throw new Error(`queued scan failed: ${scan.log.slice(-500)}`);
      const wallMs = Date.now() - t0;
      for (const w of ws) w.child.kill('SIGTERM');
      await Promise.all(ws.map(exited));
      phases.push({
        name: `PostgreSQL + Redis, ${workers} worker${workers > 1 ? 's' : ''} × 8 jobs of 4 (+ the scanning process, 1 job)`,
        wallMs,
        peakMb: [scan.peakKb / 1024, ...ws.map((w) => w.peakKb / 1024)],
        jobs: ws.map((w) => Number(/stopped after (\d+) jobs/.exec(w.log)?.[1] ?? NaN)),
      });
    }
  } finally {
    await dns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = phases[0] as Phase;
  const perMin = (p: Phase): number => (COUNT / p.wallMs) * 60_000;
  const spread = (jobs: number[]): string => {
    if (jobs.length === 0) return '–';
    if (jobs.length === 1) return `${jobs[0]} jobs`;
    const mean = jobs.reduce((a, b) => a + b, 0) / jobs.length;
    return `${Math.min(...jobs)}–${Math.max(...jobs)} jobs (max/mean ${(Math.max(...jobs) / mean).toFixed(2)})`;
  };
  const md = [
    '# Scale benchmark (issue 16)',
    '',
    `Last run: ${new Date().toISOString()} by \`npm run bench\`, on this project's standard machine (2 cores), PostgreSQL 15 and Redis 7 from Debian on loopback.`,
    `Workload: ${COUNT.toLocaleString('en')} municipality-like domains on ${PROVIDERS.length} shared providers (SPF includes), answered by a DNS server on loopback with 10 ms added to every answer; the complete mail test, with null MX (no SMTP), so these figures are the cost of DNS, the checks, the store and the queue, not of TLS (the lab benchmark above measures that).`,
    '',
    '| run | wall time | domains/min | against embedded | peak RSS per process | jobs per worker |',
    '| --- | --- | --- | --- | --- | --- |',
    ...phases.map(
      (p) =>
        `| ${p.name} | ${(p.wallMs / 1000).toFixed(1)} s | ${perMin(p).toFixed(0)} | ${(perMin(p) / perMin(base)).toFixed(2)}x | ${p.peakMb.map((m) => `${m.toFixed(0)} MB`).join(', ')} | ${spread(p.jobs)} |`,
    ),
    '',
    'Against embedded: domains per minute of a queued run divided by those of the embedded run of the same list in the same benchmark (below 1: the queue and PostgreSQL cost more than they bring). With 2 cores, processes beyond two add no CPU; a further gain comes from more checks waiting on DNS at once.',
    '',
  ].join('\n');
  const out = join(__dirname, '..', '..', 'bench', 'scale-results.md');
  writeFileSync(out, md);
  process.stdout.write(`${md}\nwritten to ${out}\n`);
}

main().catch((e: Error) => {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
});
