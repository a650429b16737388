import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { SqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite';
import { openStore } from '../../src/store/open';
import { storeContract } from './contract';
import { runScan } from '../../src/adoption/scan';
import { fakeReport } from '../support/scan-child';

const T0 = Date.parse('2026-11-28T09:00:00Z');

const contractDir = mkdtempSync(join(tmpdir(), 'mc-contract-'));
let contractFiles = 0;
storeContract('SQLite (a real file)', async () => new SqliteStore(join(contractDir, `m${++contractFiles}.db`)));
after(() => rmSync(contractDir, { recursive: true, force: true }));

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

  it('refuses a database from a newer Mailcheck; MAILCHECK_DB chooses the store by its form', async () => {
    const file = join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    assert.throws(() => new SqliteStore(file), /newer than this Mailcheck/);
    const chosen = await openStore(join(dir, 'chosen.db'));
    assert.ok(chosen instanceof SqliteStore);
    await chosen.close();
    // A PostgreSQL URL is never taken for a file name: nothing listens on port 1, so opening fails, and says so.
    await assert.rejects(openStore('postgres://mc:geheim@127.0.0.1:1/mailcheck'), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'store_unavailable');
      assert.doesNotMatch(err.message, /geheim/);
      return true;
    });
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
});
