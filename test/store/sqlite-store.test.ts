import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { SqliteStore, SCHEMA_VERSION, openStore } from '../../src/store/sqlite';
import { runScan } from '../../src/adoption/scan';
import { fakeReport } from '../support/scan-child';

const T0 = Date.parse('2026-11-28T09:00:00Z');
const iso = (min: number): string => new Date(T0 + min * 60_000).toISOString();

describe('the SQLite store (a real file, WAL, versioned migrations)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mc-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory and schema, uses WAL, and opens an existing file without migrating twice', async () => {
    const file = join(dir, 'sub', 'mailcheck.db');
    const a = new SqliteStore(file);
    assert.equal(a.schemaVersion, SCHEMA_VERSION);
    await a.close();
    const raw = new Database(file);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
    const b = new SqliteStore(file);
    assert.equal(b.schemaVersion, SCHEMA_VERSION);
    await b.close();
  });

  it('refuses a database from a newer Mailcheck, and PostgreSQL URLs for now', () => {
    const file = join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    assert.throws(() => new SqliteStore(file), /newer than this Mailcheck/);
    assert.throws(() => openStore('postgres://db/mailcheck'), /not supported yet/);
  });

  it('keeps scans, results in list order, and resumes with what has no result', async () => {
    const store = new SqliteStore(join(dir, 'm.db'));
    const targets = [{ domain: 'a.nl', org: 'A' }, { domain: 'b.nl', mailDomain: 'mail-b.nl' }, { domain: 'c.nl' }];
    await store.createScan({ id: 's1', list: 'test', type: 'mail', startedAt: iso(0), targets });
    await store.saveResult({
      scanId: 's1',
      domain: 'c.nl',
      checkedAt: iso(1),
      reports: [fakeReport('c.nl', T0)],
      observed: { spf: 'v=spf1 -all' },
    });
    assert.deepEqual(await store.remaining('s1'), [
      { domain: 'a.nl', org: 'A' },
      { domain: 'b.nl', mailDomain: 'mail-b.nl' },
    ]);
    assert.deepEqual((await store.unfinishedScan('test', 'mail'))?.done, 1);
    await store.saveResult({
      scanId: 's1',
      domain: 'a.nl',
      org: 'A',
      checkedAt: iso(2),
      reports: [fakeReport('a.nl', T0)],
      observed: {},
    });
    assert.deepEqual(
      (await store.results('s1')).map((r) => r.domain),
      ['a.nl', 'c.nl'],
    );
    await store.finishScan('s1', iso(3));
    assert.equal(await store.unfinishedScan('test', 'mail'), undefined);
    assert.deepEqual(
      (await store.finishedScans('test', 'mail', 5)).map((s) => [s.id, s.done, s.total]),
      [['s1', 2, 3]],
    );
    assert.deepEqual((await store.latestResult('c.nl'))?.observed, { spf: 'v=spf1 -all' });
    await store.close();
  });

  it('each schedule run is claimed once; exceptions lapse at their date; conversations and lists round-trip', async () => {
    const store = new SqliteStore(join(dir, 'm.db'));
    await store.addSchedule({
      id: 'r1',
      conversation: 'slack:T1:C1',
      list: 'gemeenten',
      type: 'mail',
      cron: '0 9 * * 1',
      createdBy: 'U1',
      createdAt: iso(0),
    });
    assert.equal(await store.claimRun('r1', '2026-11-30T08:00Z', iso(1)), true);
    assert.equal(await store.claimRun('r1', '2026-11-30T08:00Z', iso(2)), false);
    assert.equal(await store.lastRun('r1'), '2026-11-30T08:00Z');
    await store.addException({
      id: 'e1',
      domain: 'a.nl',
      standard: 'dane',
      reason: 'provider',
      until: '2027-01-01T00:00:00.000Z',
      createdBy: 'U1',
      createdAt: iso(0),
    });
    assert.equal((await store.exceptions('2026-12-31T00:00:00.000Z')).length, 1);
    assert.equal((await store.exceptions('2027-01-01T00:00:00.000Z')).length, 0);
    await store.saveConversation({ platform: 'slack', key: 'slack:T1:C1', ref: { channel: 'C1' }, lang: 'nl' });
    await store.markConversationDead('slack:T1:C1');
    assert.deepEqual(await store.conversation('slack:T1:C1'), {
      platform: 'slack',
      key: 'slack:T1:C1',
      ref: { channel: 'C1' },
      lang: 'nl',
      dead: true,
    });
    assert.equal(await store.removeSchedulesOf('slack:T1:C1'), 1);
    await store.saveList('mijnlijst', [{ domain: 'x.nl' }, { domain: 'y.nl', org: 'Y' }], 'U1', iso(0));
    assert.deepEqual(await store.list('mijnlijst'), [{ domain: 'x.nl' }, { domain: 'y.nl', org: 'Y' }]);
    assert.equal(await store.list('onbekend'), undefined);
    await store.close();
  });

  it('a scan process killed mid-scan loses no finished result, and the next run checks only the rest', async function () {
    this.timeout(30_000);
    const file = join(dir, 'kill.db');
    const log = join(dir, 'checked.log');
    const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'scan-child.js'), file, log, '200'], {
      stdio: 'ignore',
    });
    // Wait for some results to be stored (polling the file, bounded), then kill without warning.
    const deadline = Date.now() + 20_000;
    let stored = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      if (!existsSync(file)) continue;
      try {
        const raw = new Database(file, { readonly: true, fileMustExist: true });
        stored = (raw.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
        raw.close();
      } catch {
        /* schema not there yet */
      }
      if (stored >= 20) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(stored >= 20, `only ${stored} stored before the kill`);

    const store = new SqliteStore(file);
    const before = (await store.unfinishedScan('kill-test', 'mail'))!;
    assert.ok(before.done >= 20 && before.done < 200, `done ${before.done}`);
    const storedBefore = new Set((await store.results(before.id)).map((r) => r.domain));
    assert.equal(storedBefore.size, before.done);
    const resumed: string[] = [];
    const outcome = await runScan({
      list: 'kill-test',
      type: 'mail',
      targets: [],
      store,
      concurrency: 4,
      now: () => T0,
      newId: () => 'never',
      check: async (t) => {
        resumed.push(t.domain);
        return [fakeReport(t.domain, T0)];
      },
    });
    assert.deepEqual(
      [outcome.scanId, outcome.resumedFrom, outcome.finished, outcome.total],
      [before.id, before.done, true, 200],
    );
    const rows = await store.results(before.id);
    assert.equal(rows.length, 200);
    assert.equal(new Set(rows.map((r) => r.domain)).size, 200);
    // Nothing that had a stored result was checked again; what the killed process had in hand is redone.
    assert.equal(resumed.length, 200 - before.done);
    assert.deepEqual(
      resumed.filter((d) => storedBefore.has(d)),
      [],
    );
    const everChecked = new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean));
    assert.ok([...storedBefore].every((d) => everChecked.has(d)));
    await store.close();
  });
  it('a domain with a test that could not be run is checked once more at the end, and reported once (issue 13)', async () => {
    const store = new SqliteStore(join(dir, 'm.db'));
    const asked: string[] = [];
    const lost = (d: string): ReturnType<typeof fakeReport> => ({
      ...fakeReport(d, T0),
      tests: { mail_auth_spf_exist: { status: 'error', reason: 'lookup_failed', details: {} } },
    });
    const targets = ['a.nl', 'b.nl', 'c.nl', 'd.nl'].map((domain) => ({ domain }));
    const reported: string[] = [];
    const outcome = await runScan({
      list: 'retry',
      type: 'mail',
      targets,
      store,
      concurrency: 2,
      now: () => T0,
      newId: () => 'r1',
      // b.nl's first lookup is lost, d.nl's every time.
      check: async (t) => {
        asked.push(t.domain);
        return [
          t.domain === 'd.nl' || (t.domain === 'b.nl' && asked.filter((x) => x === 'b.nl').length === 1)
            ? lost(t.domain)
            : fakeReport(t.domain, T0),
        ];
      },
      onProgress: (p) => reported.push(`${p.row.domain}:${p.row.reports[0]!.tests.mail_auth_spf_exist!.status}`),
    });
    assert.deepEqual([outcome.finished, outcome.checked, outcome.retried, outcome.stillError], [true, 4, 2, 1]);
    assert.deepEqual(asked.sort(), ['a.nl', 'b.nl', 'b.nl', 'c.nl', 'd.nl', 'd.nl']);
    assert.deepEqual(
      reported.sort(),
      ['a.nl:passed', 'b.nl:passed', 'c.nl:passed', 'd.nl:error'],
      'one progress line per domain, with the row that stays',
    );
    const rows = await store.results('r1');
    assert.equal(
      rows.find((r) => r.domain === 'b.nl')?.reports[0]?.tests.mail_auth_spf_exist?.status,
      'passed',
      'the retried row replaced the first',
    );
    assert.equal(rows.length, 4);
    await store.close();
  });
});
