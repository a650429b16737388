import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, cli as runCli, type Run } from '../support/run-cli';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '../support/dns-server';
import { txt, type ZoneEntry } from '../support/zone-resolver';
import { freshDatabase, dropDatabases } from '../support/pg-databases';
import { PostgresStore } from '../../src/store/postgres';
import { Queue, Worker } from 'bullmq';
import { BullScanExecutor, jobId } from '../../src/jobs/bull-executor';
import { startScanWorker } from '../../src/jobs/scan-worker';
import { SCAN_QUEUE, type ScanJobData } from '../../src/jobs/names';
import { SqliteStore } from '../../src/store/sqlite';
import { MemoryLogger } from '../../src/log';
import { fakeReport } from '../support/scan-child';

/**
 * Issue 16 §3 with real processes: `mailcheck scan` with MAILCHECK_REDIS shares its list's jobs with
 * `mailcheck worker` processes on a real Redis, every row lands once in a real PostgreSQL, and a
 * worker killed with SIGKILL mid-scan loses nothing. The domains are answered by a DNS server on
 * loopback (null MX: no probe leaves the machine), 40 ms per answer so that the work takes long
 * enough to be shared.
 */
const admin = process.env.MAILCHECK_TEST_PG;
const redis = process.env.MAILCHECK_TEST_REDIS;
if (!admin || !redis) throw new Error('MAILCHECK_TEST_PG and MAILCHECK_TEST_REDIS: run through npm run test:services');

const COUNT = 48;
const domains = Array.from({ length: COUNT }, (_, i) => `wachtrij${i}.nl`);
const zone: Record<string, ZoneEntry[]> = {};
for (const [i, d] of domains.entries()) {
  zone[d] = [{ type: 'MX', data: { preference: 0, exchange: '.' } }, txt(i % 3 === 0 ? 'v=spf1 ~all' : 'v=spf1 -all')];
  zone[`_dmarc.${d}`] = [txt(i % 4 === 0 ? 'v=DMARC1; p=none' : 'v=DMARC1; p=reject')];
}

const cli = (args: string[], env: NodeJS.ProcessEnv): Promise<Run> =>
  runCli(args, { MAILCHECK_LOG_LEVEL: 'warn', ...env }, 120_000);

/** Every worker a test started; whatever a failed test left running is killed after it. */
const children = new Set<ChildProcess>();

/** A `mailcheck worker` process; resolves once it says it has started. */
async function worker(
  env: NodeJS.ProcessEnv,
  resolver: string,
): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'worker', '--resolver', resolver, '--concurrency', '2'], {
    env: { PATH: process.env.PATH, MAILCHECK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const deadline = Date.now() + 20_000;
  while (!/worker started/.test(err)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, stderr: () => err };
}

const stopped = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

const jobsOf = (stderr: string): number => Number(/stopped after (\d+) jobs/.exec(stderr)?.[1] ?? NaN);

describe('list scans on BullMQ and Redis, with worker processes (real Redis, real PostgreSQL)', function () {
  this.timeout(180_000);
  let dns: TestDnsServer;
  let dir: string;
  let list: string;
  let n = 0;
  before(async () => {
    dns = await new TestDnsServer(zone).start();
    dns.delayMs = 40;
    dir = mkdtempSync(join(tmpdir(), 'mc-queue-'));
    list = join(dir, 'lijst.txt');
    writeFileSync(list, `${domains.join('\n')}\n`);
  });
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
  });
  after(async () => {
    await dns.stop();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabases(admin);
  });
  const sharedEnv = async (): Promise<NodeJS.ProcessEnv> => ({
    MAILCHECK_DB: await freshDatabase(admin),
    MAILCHECK_REDIS: redis,
    // Each test its own queue on the one Redis.
    MAILCHECK_QUEUE_PREFIX: `mctest${process.pid}x${++n}`,
    MAILCHECK_JOB_LOCK_SECONDS: '2',
  });
  const parse = (stdout: string): Map<string, string> =>
    new Map(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { domain: string; mail: { tests: Record<string, { status: string }> } })
        .map((l) => [
          l.domain,
          Object.entries(l.mail.tests)
            .map(([id, t]) => `${id}=${t.status}`)
            .sort()
            .join(','),
        ]),
    );

  it('the scan takes part, two workers share its jobs, and the output equals the embedded run', async () => {
    const env = await sharedEnv();
    const embedded = await cli(['scan', list, '--resolver', dns.address, '--concurrency', '4'], {
      MAILCHECK_DB: join(dir, 'embedded.db'),
    });
    assert.equal(embedded.code, 0, embedded.stderr);
    const workers = await Promise.all([worker(env, dns.address), worker(env, dns.address)]);
    const shared = await cli(['scan', list, '--resolver', dns.address, '--concurrency', '1'], env);
    assert.equal(shared.code, 0, shared.stderr);
    const want = parse(embedded.stdout);
    const got = parse(shared.stdout);
    assert.equal(shared.stdout.trim().split('\n').length, COUNT, 'one line per domain, none twice');
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
    for (const [d, statuses] of want) assert.equal(got.get(d), statuses, d);
    for (const w of workers) w.child.kill('SIGTERM');
    const codes = await Promise.all(workers.map((w) => stopped(w.child)));
    assert.deepEqual(codes, [0, 0], 'SIGTERM drains and exits 0');
    const byWorkers = workers.map((w) => jobsOf(w.stderr()));
    // 48 domains in jobs of 4: 12 jobs, and 12 more for the re-check at the end (the loopback zone has
    // no DNSSEC chain, so every row holds a DNSSEC test that could not be run). The scan itself takes
    // one job at a time, the workers two each; no job is done twice.
    const stats = /(\d+) checked again after a test could not be run/.exec(shared.stderr);
    assert.equal(stats?.[1], String(COUNT), shared.stderr.slice(-300));
    assert.ok(
      byWorkers.every((j) => j > 0),
      `each worker took jobs: ${byWorkers.join(', ')}`,
    );
    assert.ok(byWorkers.reduce((a, b) => a + b, 0) <= 24, `no job done twice: ${byWorkers.join(', ')}`);
    const store = await PostgresStore.open(env.MAILCHECK_DB as string);
    const scan = (await store.finishedScans(`file:${list}`, 'mail', 1))[0];
    assert.equal(scan?.done, COUNT);
    assert.equal((await store.results(scan.id)).length, COUNT);
    await store.close();
  });

  it('a worker killed with SIGKILL mid-scan loses nothing: its jobs go to another after the lock lapses', async () => {
    const env = await sharedEnv();
    const doomed = await worker(env, dns.address);
    const scanning = cli(['scan', list, '--resolver', dns.address, '--concurrency', '1'], env);
    // Kill the worker once rows are coming in (it holds two jobs at that moment, most likely mid-check).
    const store = await PostgresStore.open(env.MAILCHECK_DB as string);
    const deadline = Date.now() + 30_000;
    let scanId: string | undefined;
    while (Date.now() < deadline) {
      scanId = (await store.unfinishedScan(`file:${list}`, 'mail'))?.id;
      const done = scanId ? ((await store.scan(scanId))?.done ?? 0) : 0;
      if (done >= 8) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    doomed.child.kill('SIGKILL');
    await stopped(doomed.child);
    const rescuer = await worker(env, dns.address);
    const run = await scanning;
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, COUNT, 'every domain reported once');
    assert.equal(new Set(lines.map((l) => (JSON.parse(l) as { domain: string }).domain)).size, COUNT);
    const scan = (await store.finishedScans(`file:${list}`, 'mail', 1))[0];
    assert.equal(scan?.id, scanId);
    assert.equal(scan?.done, COUNT);
    // The dead worker's jobs were found stalled by one of the living processes and done again.
    assert.match(`${run.stderr}${rescuer.stderr()}`, /taken over from a process that stopped/);
    rescuer.child.kill('SIGTERM');
    assert.equal(await stopped(rescuer.child), 0);
    await store.close();
  });

  it('a batch whose job failed in an earlier run is tried again in the next, not given up', async () => {
    const T0 = Date.parse('2026-12-04T09:00:00Z');
    const connection = { url: redis };
    const prefix = `mcfail${process.pid}`;
    const store = new SqliteStore(':memory:');
    const targets = [{ domain: 'a.nl' }, { domain: 'b.nl' }];
    await store.createScan({ id: 'sf', list: 'l', type: 'mail', startedAt: new Date(T0).toISOString(), targets });
    const data: ScanJobData = { scanId: 'sf', list: 'l', type: 'mail', targets, pass: 1 };
    // The earlier run: its worker failed the job on its only attempt (a store that was down).
    const queue = new Queue(SCAN_QUEUE, { connection, prefix });
    await queue.add('scan', data, { jobId: jobId(data), attempts: 1 });
    const failing = new Worker(
      SCAN_QUEUE,
      async () => {
        throw new Error('store down');
      },
      { connection: { ...connection, maxRetriesPerRequest: null }, prefix },
    );
    const deadline = Date.now() + 20_000;
    while ((await (await queue.getJob(jobId(data)))?.getState()) !== 'failed') {
      if (Date.now() > deadline) throw new Error('the job did not fail');
      await new Promise((r) => setTimeout(r, 50));
    }
    await failing.close();
    // This run: a working worker, and the same scan's same batch enqueued again.
    const worker = startScanWorker({
      connection,
      store,
      check: async (t) => [fakeReport(t.domain, T0)],
      concurrency: 2,
      now: () => T0,
      log: new MemoryLogger(),
      prefix,
    });
    const executor = new BullScanExecutor({ connection, store, prefix, pollMs: 200 });
    const rows: string[] = [];
    try {
      await executor.execute({ scanId: 'sf', list: 'l', type: 'mail', targets, pass: 1 }, (r) => rows.push(r.domain));
      assert.deepEqual(rows.sort(), ['a.nl', 'b.nl']);
      assert.deepEqual(await store.remaining('sf'), []);
    } finally {
      await executor.close();
      await worker.close();
      await queue.close();
      await store.close();
    }
  });
});
