import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '../support/dns-server';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import { SqliteStore } from '../../src/store/sqlite';
import { testsOf } from '../../src/report/test-catalogue';

import { cli } from '../support/run-cli';

describe('mailcheck scan (CLI, real process, real DNS server on loopback, real SQLite file)', () => {
  let server: TestDnsServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const domains = [
    'goedgemeente.nl',
    'zwakgemeente.nl',
    'drukgemeente.nl',
    'geenmail.nl',
    'lusgemeente.nl',
    'leeggemeente.nl',
    'extgemeente.nl',
  ];
  before(async () => {
    server = await new TestDnsServer(MUNICIPALITIES).start();
  });
  after(async () => server.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mc-scan-'));
    env = { MAILCHECK_DB: join(dir, 'mailcheck.db') };
    writeFileSync(
      join(dir, 'lijst.txt'),
      `# test list\n${domains.join('\n')}\nhttp://GoedGemeente.nl/\nniet een domein!\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('JSON lines: one per domain, duplicates and bad lines left out with a message; stored in MAILCHECK_DB', async () => {
    const run = await cli(['scan', join(dir, 'lijst.txt'), '--resolver', server.address, '--concurrency', '3'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /lijst\.txt:10: not a domain name, skipped: "niet een domein!"/);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { domain: string; mail: { tests: Record<string, unknown> } });
    assert.deepEqual(lines.map((l) => l.domain).sort(), [...domains].sort());
    assert.ok(lines.every((l) => Object.keys(l.mail.tests).length === testsOf('mail').length));
    const store = new SqliteStore(join(dir, 'mailcheck.db'));
    const [scan] = await store.finishedScans(`file:${join(dir, 'lijst.txt')}`, 'mail', 1);
    assert.deepEqual([scan?.done, scan?.total], [7, 7]);
    await store.close();
  });

  it('CSV with every test id as a column, and the Internet.nl batch shape', async () => {
    const csv = await cli(
      ['scan', join(dir, 'lijst.txt'), '--resolver', server.address, '--format', 'csv', '--out', join(dir, 'uit.csv')],
      env,
    );
    assert.equal(csv.code, 0, csv.stderr);
    const rows = readFileSync(join(dir, 'uit.csv'), 'utf8').trim().split('\r\n');
    assert.equal(rows.length, 1 + domains.length);
    assert.deepEqual(rows[0]?.split(',').slice(0, 4), ['domain', 'organisation', 'checked_at', 'mail_score']);
    assert.equal(rows[0]?.split(',').length, 4 + testsOf('mail').length);
    const inl = await cli(
      ['scan', join(dir, 'lijst.txt'), '--resolver', server.address, '--format', 'internetnl', '--fresh'],
      env,
    );
    assert.equal(inl.code, 0, inl.stderr);
    const doc = JSON.parse(inl.stdout) as {
      api_version: string;
      request: { status: string; request_type: string; request_id: string };
      domains: Record<
        string,
        {
          status: string;
          scoring: { percentage: number };
          results: { tests: Record<string, { status: string; verdict: string }> };
        }
      >;
    };
    assert.deepEqual(
      [doc.request.status, doc.request.request_type, doc.request.request_id.length],
      ['done', 'mail', 32],
    );
    assert.deepEqual(Object.keys(doc.domains).sort(), [...domains].sort());
    assert.equal(doc.domains['goedgemeente.nl']?.results.tests.mail_auth_spf_exist?.status, 'passed');
  });

  it('bad use exits 2 with a message and nothing on stdout', async () => {
    for (const args of [
      ['scan'],
      ['scan', 'onbekendelijst'],
      ['scan', 'gemeenten', '--format', 'xml'],
      ['scan', 'gemeenten', '--concurrency', '0'],
      ['scan', 'gemeenten', '--type', 'all', '--format', 'internetnl'],
    ]) {
      const run = await cli([...args, '--resolver', server.address], env);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^mailcheck: /);
    }
  });
});
