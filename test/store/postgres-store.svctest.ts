import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { PostgresStore, PG_SCHEMA_VERSION } from '../../src/store/postgres';
import { openStore } from '../../src/store/open';
import { SCHEMA_VERSION } from '../../src/store/sqlite';
import { storeContract } from './contract';
import { freshDatabase, dropDatabases } from '../support/pg-databases';

/** Needs MAILCHECK_TEST_PG (set by test/services/run-tests.sh, which starts a real PostgreSQL). */
const admin = process.env.MAILCHECK_TEST_PG;
if (!admin) throw new Error('MAILCHECK_TEST_PG is not set: run these through npm run test:services');

after(() => dropDatabases(admin));

storeContract('PostgreSQL (a real server)', async () => PostgresStore.open(await freshDatabase(admin)));

describe('the PostgreSQL store: migrations, connection forms, failures', () => {
  it('has the same schema versions as the SQLite store', () => {
    assert.equal(PG_SCHEMA_VERSION, SCHEMA_VERSION);
  });

  it('three replicas starting together migrate once, under the advisory lock', async () => {
    const url = await freshDatabase(admin);
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(url)));
    const raw = new Client({ connectionString: url });
    await raw.connect();
    const { rows } = await raw.query<{ version: number }>('SELECT version FROM mailcheck_migrations ORDER BY version');
    assert.deepEqual(
      rows.map((r) => r.version),
      Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    // Each replica sees the others' writes at once.
    await stores[0]!.saveList('l', [{ domain: 'a.nl' }], 'U1', '2026-12-04T00:00:00.000Z');
    assert.deepEqual(await stores[2]!.list('l'), [{ domain: 'a.nl' }]);
    for (const s of stores) assert.equal(await s.schemaVersion(), PG_SCHEMA_VERSION);
    await Promise.all(stores.map((s) => s.close()));
    // A database from a newer Mailcheck is refused, not downgraded.
    await raw.query('INSERT INTO mailcheck_migrations (version) VALUES ($1)', [PG_SCHEMA_VERSION + 1]);
    await raw.end();
    await assert.rejects(PostgresStore.open(url), /newer than this Mailcheck/);
  });

  it('MAILCHECK_DB may name the server by a unix socket (host=/dir in the URL)', async () => {
    const tcp = new URL(await freshDatabase(admin));
    const socketDir = process.env.MAILCHECK_TEST_PG_SOCKET as string;
    const url = `postgresql://${tcp.username}@${tcp.pathname}?host=${encodeURIComponent(socketDir)}&port=${tcp.port}`;
    const store = await openStore(url);
    assert.ok(store instanceof PostgresStore);
    await store.saveConversation({ platform: 'web', key: 'web:1', ref: {} });
    assert.equal((await store.conversation('web:1'))?.platform, 'web');
    await store.close();
  });

  it('an unreachable or refusing server is a clear store_unavailable error without the password', async () => {
    const port = process.env.MAILCHECK_TEST_PG_PORT as string;
    await assert.rejects(
      PostgresStore.open(`postgresql://mailcheck:geheim@127.0.0.1:${port}/bestaat_niet`),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'store_unavailable');
        assert.match(err.message, /bestaat_niet/);
        assert.doesNotMatch(err.message, /geheim/);
        return true;
      },
    );
  });
});
