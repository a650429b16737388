import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';
import { startBot } from '../../adapters/main';
import { ZoneResolver } from '../support/zone-resolver';
import { MemoryLogger } from '../../src/log';

const MAIN = join(__dirname, '..', '..', 'adapters', 'main.js');

describe('start-up refuses unsafe fallbacks (issue 14 item 6)', () => {
  const half: Record<string, string>[] = [
    { SLACK_BOT_TOKEN: 'xoxb-test' },
    { SLACK_SIGNING_SECRET: 'secret' },
    { SLACK_APP_TOKEN: 'xapp-test' },
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test' },
    { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' },
    { MICROSOFT_APP_PASSWORD: 'x' },
    { MICROSOFT_APP_TENANT_ID: 't' },
  ];
  for (const env of half) {
    it(`half a platform configuration is a configuration error: ${Object.keys(env).join(' + ')}`, () => {
      assert.throws(
        () => loadConfig({ ...env, NODE_ENV: 'production' }),
        (e: Error) => e instanceof ConfigError && /half configured/.test(e.message),
      );
    });
  }

  it('as a process: exit 2 with a one-line message, never the web chat', () => {
    const r = spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-test',
        NODE_ENV: 'production',
        PORT: '0',
        MAILCHECK_DB: ':memory:',
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mailcheck: Slack is half configured .*\n$/);
    assert.doesNotMatch(r.stdout, /running/);
  });

  it('a port in use gives a one-line "could not start", no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        startBot(loadConfig({ PORT: String(port), MAILCHECK_DB: ':memory:' }), {
          resolver: new ZoneResolver({}),
          log: new MemoryLogger(),
        }),
        /port \d+ is already in use/,
      );
      const r = spawnSync(process.execPath, [MAIN], {
        env: { PATH: process.env.PATH ?? '', PORT: String(port), MAILCHECK_DB: ':memory:' },
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `mailcheck: could not start: port ${port} is already in use (set PORT to another port)\n`);
    } finally {
      blocker.close();
    }
  });

  it('Teams test mode listens on loopback only', async () => {
    const bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:', MAILCHECK_TEAMS_TEST_MODE: '1' }), {
      resolver: new ZoneResolver({}),
      log: new MemoryLogger(),
    });
    try {
      assert.equal((bot.server.address() as { address: string }).address, '127.0.0.1');
    } finally {
      await bot.close();
    }
  });
});
