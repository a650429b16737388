import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { SCAN_QUEUE } from '../../src/jobs/names';
import { FakeSlackApi } from '../support/fake-slack-api';
import { SECRET, blockActionsBody, signedPost } from '../support/slack-harness';
import { TestDnsServer } from '../support/dns-server';
import { txt, type ZoneEntry } from '../support/zone-resolver';
import { freshDatabase, dropDatabases } from '../support/pg-databases';

/**
 * Issue 16 §4 with real processes: three `mailcheck serve` replicas on one PostgreSQL and one Redis,
 * each on its own port, as a load balancer would spread Slack's deliveries; the Slack stand-in counts
 * what is posted. Domains are answered by a DNS server on loopback (null MX: nothing leaves the machine).
 */
const admin = process.env.MAILCHECK_TEST_PG;
const redis = process.env.MAILCHECK_TEST_REDIS;
if (!admin || !redis) throw new Error('MAILCHECK_TEST_PG and MAILCHECK_TEST_REDIS: run through npm run test:services');

const BIN = join(__dirname, '..', '..', '..', 'bin', 'mailcheck.js');
const domains = Array.from({ length: 24 }, (_, i) => `replica${i}.nl`);
/** The list of the scheduled run that loses its process: long enough to be killed in the middle. */
const night = Array.from({ length: 120 }, (_, i) => `nacht${i}.nl`);
const zone: Record<string, ZoneEntry[]> = {};
for (const d of [...domains, ...night]) {
  zone[d] = [{ type: 'MX', data: { preference: 0, exchange: '.' } }, txt('v=spf1 -all')];
  zone[`_dmarc.${d}`] = [txt('v=DMARC1; p=reject')];
}

const health = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 3_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });

interface Replica {
  child: ChildProcess;
  port: number;
  log: () => string;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('three bot replicas on one PostgreSQL and Redis act as one (real processes)', function () {
  this.timeout(180_000);
  const api = new FakeSlackApi();
  let dns: TestDnsServer;
  let replicas: Replica[] = [];
  let db = '';
  let n = 0;
  const env = (db: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    MAILCHECK_DB: db,
    MAILCHECK_REDIS: redis,
    MAILCHECK_QUEUE_PREFIX: `mcrep${process.pid}`,
    MAILCHECK_JOB_LOCK_SECONDS: '2',
    MAILCHECK_RESOLVERS: dns.address,
    MAILCHECK_ADMINS: 'slack:U123',
    MAILCHECK_LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.url,
    PORT: '0',
  });
  const start = async (db: string): Promise<Replica> => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env: env(db), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    await until('a replica to listen', () => /Listening on port (\d+)/.test(out) || child.exitCode !== null);
    const port = Number(/Listening on port (\d+)/.exec(out)?.[1]);
    assert.ok(port > 0, out);
    return { child, port, log: () => out };
  };
  const mention = (eventId: string, text: string, user = 'U123'): string =>
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: eventId,
      event_time: 1,
      event: { type: 'app_mention', text: `<@UBOT> ${text}`, user, channel: 'CREP', ts: `18000.${++n}` },
    });
  const posts = (): typeof api.calls => api.calls.filter((c) => c.method === 'chat.postMessage');

  before(async () => {
    dns = await new TestDnsServer(zone).start();
    dns.delayMs = 20;
    await api.start();
    db = await freshDatabase(admin);
    // Started together: the schema is migrated once, under the advisory lock.
    replicas = await Promise.all([start(db), start(db), start(db)]);
  });
  after(async () => {
    for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await api.stop();
    await dns.stop();
    await dropDatabases(admin);
  });

  it('each replica is healthy: its store and its queue answer', async () => {
    for (const r of replicas) assert.equal(await health(r.port), 200, r.log());
  });

  it('a delivery and its retries to the other replicas are answered once', async () => {
    const before = posts().length;
    const body = mention('EvReplicaOnce', 'help');
    const first = await signedPost(replicas[0]!.port, body, 'application/json');
    const retries = await Promise.all(
      [replicas[1]!, replicas[2]!].map((r) => signedPost(r.port, body, 'application/json', { retryNum: 1 })),
    );
    assert.deepEqual([first.status, ...retries.map((r) => r.status)], [200, 200, 200]);
    await until('the answer', () => posts().length > before);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(posts().length - before, 1, 'one answer for one event');
  });

  it('a button on a card posted by one replica works on another (cards are in the shared store)', async () => {
    const before = api.calls.length;
    await signedPost(replicas[0]!.port, mention('EvCard', 'replica3.nl'), 'application/json');
    // The card's last update carries its buttons; their value is the card's check id.
    let fix: { value: string; ts: string } | undefined;
    await until('the finished card', () => {
      for (const c of api.calls.slice(before).filter((x) => x.method === 'chat.update')) {
        const blocks = (c.args.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[];
        const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'mc_fix');
        if (button?.value) fix = { value: button.value, ts: String(c.args.ts) };
      }
      return fix !== undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    const pressed = api.calls.length;
    const res = await signedPost(
      replicas[1]!.port,
      blockActionsBody('CREP', 'fix', fix!.value, fix!.ts, 'trRep'),
      'application/x-www-form-urlencoded',
    );
    assert.equal(res.status, 200);
    await until('the fix thread', () =>
      api.calls.slice(pressed).some((c) => c.method === 'chat.postMessage' && c.args.thread_ts === fix!.ts),
    );
    const reply = api.calls.slice(pressed).find((c) => c.method === 'chat.postMessage');
    assert.doesNotMatch(JSON.stringify(reply?.args), /niet meer|no longer/i, 'not the "card is gone" answer');
  });

  it('a list scan started from chat on one replica is shared by all, and its summary is posted once', async () => {
    const saved = posts().length;
    await signedPost(
      replicas[0]!.port,
      mention('EvList', `lijst toevoegen repl ${domains.join(' ')}`),
      'application/json',
    );
    await until('the list to be saved', () =>
      posts()
        .slice(saved)
        .some((c) => /repl/.test(String(c.args.text))),
    );
    const before = api.calls.length;
    await signedPost(replicas[1]!.port, mention('EvScan', 'rapport nu repl'), 'application/json');
    await until(
      'the summary',
      () =>
        api.calls.slice(before).filter((c) => c.method === 'files.completeUploadExternal').length >= 2 ||
        replicas.some((r) => r.child.exitCode !== null),
      90_000,
    );
    const mine = api.calls.slice(before);
    assert.equal(mine.filter((c) => c.method === 'chat.postMessage').length, 1, 'one card for the scan');
    assert.equal(mine.filter((c) => c.method === 'files.completeUploadExternal').length, 2, 'one chart, one CSV');
    const last = mine.filter((c) => c.method === 'chat.update').at(-1);
    assert.match(JSON.stringify(last?.args), /24/, 'the summary counts 24 organisations');
    // The scan went through the shared queue: its 6 first-pass jobs (24 domains in fours) are there, done.
    const queue = new Queue(SCAN_QUEUE, { connection: { url: redis }, prefix: `mcrep${process.pid}` });
    const counts = await queue.getJobCounts('completed', 'failed');
    await queue.close();
    assert.ok((counts.completed ?? 0) >= 6, JSON.stringify(counts));
    assert.equal(counts.failed ?? 0, 0);
  });

  it('a scheduled summary is posted once, also when its replica is killed with SIGKILL mid-scan', async () => {
    const pg = new Client({ connectionString: db });
    await pg.connect();
    try {
      const saved = posts().length;
      await signedPost(
        replicas[0]!.port,
        mention('EvNacht', `lijst toevoegen nacht ${night.join(' ')}`),
        'application/json',
      );
      await until('the list to be saved', () =>
        posts()
          .slice(saved)
          .some((c) => /nacht/.test(String(c.args.text))),
      );
      // Due at the start of the next minute (minutes are the same in every zone with whole-hour offsets).
      const minute = (new Date().getUTCMinutes() + 1) % 60;
      await signedPost(
        replicas[1]!.port,
        mention('EvCron', `rapport toevoegen nacht ${minute} * * * *`),
        'application/json',
      );
      const { rows: sched } = await pg.query<{ id: string }>("SELECT id FROM schedules WHERE list = 'nacht'");
      await until(
        'the schedule',
        async () => (await pg.query("SELECT 1 FROM schedules WHERE list = 'nacht'")).rowCount === 1,
      );
      const before = api.calls.length;
      dns.delayMs = 120;
      // The run is claimed by one replica; once rows come in, that replica is killed without warning.
      let owner = '';
      await until(
        'the run to be claimed and under way',
        async () => {
          const r = await pg.query<{ owner: string; done: number }>(
            `SELECT r.owner, (SELECT COUNT(*)::int FROM results x JOIN scans s ON s.id = x.scan_id WHERE s.list = 'nacht') AS done
               FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id WHERE s.list = 'nacht'`,
          );
          owner = r.rows[0]?.owner ?? '';
          return (r.rows[0]?.done ?? 0) >= 12;
        },
        100_000,
      );
      const victim = replicas.find((r) => owner.endsWith(`:${r.child.pid}`));
      assert.ok(victim, `the owner ${owner} is one of the replicas`);
      victim.child.kill('SIGKILL');
      await new Promise((r) => victim.child.once('exit', r));
      replicas = replicas.filter((r) => r !== victim);
      await until(
        'the summary',
        async () =>
          (
            await pg.query(
              "SELECT 1 FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id WHERE s.list = 'nacht' AND r.outcome = 'posted'",
            )
          ).rowCount === 1,
        100_000,
      );
      await new Promise((r) => setTimeout(r, 1_500));
      const mine = api.calls.slice(before);
      assert.equal(mine.filter((c) => c.method === 'chat.postMessage').length, 1, 'one card: the taker went on in it');
      assert.equal(mine.filter((c) => c.method === 'files.completeUploadExternal').length, 2, 'one chart, one CSV');
      const run = await pg.query<{ owner: string }>('SELECT owner FROM schedule_runs WHERE schedule_id = $1', [
        sched[0]?.id,
      ]);
      assert.notEqual(run.rows[0]?.owner, owner, 'finished by another process');
      const scans = await pg.query<{ done: number; finished: string | null }>(
        "SELECT (SELECT COUNT(*)::int FROM results x WHERE x.scan_id = s.id) AS done, s.finished_at AS finished FROM scans s WHERE s.list = 'nacht'",
      );
      assert.equal(scans.rowCount, 1, 'the scan was resumed, not started again');
      assert.equal(scans.rows[0]?.done, night.length);
      assert.ok(scans.rows[0]?.finished);
    } finally {
      dns.delayMs = 20;
      await pg.end();
    }
  });

  it('SIGTERM drains a replica and it exits 0; the others stay healthy', async () => {
    const r = replicas.at(-1)!;
    r.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) =>
      r.child.exitCode !== null || r.child.signalCode !== null
        ? resolve(r.child.exitCode)
        : r.child.once('exit', (c) => resolve(c)),
    );
    assert.equal(code, 0, r.log());
    for (const other of replicas.slice(0, -1)) assert.equal(await health(other.port), 200);
  });
});
