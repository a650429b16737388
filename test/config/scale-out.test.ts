import { strict as assert } from 'node:assert';
import { loadConfig, ConfigError } from '../../src/config';
import { main, type CliIo } from '../../src/cli';

/** The scale-out settings (issue 16): read once, checked at start, defaults that keep the embedded setup. */
describe('configuration for running at scale', () => {
  it('without MAILCHECK_REDIS there is no shared queue; the defaults hold', () => {
    const c = loadConfig({});
    assert.equal(c.redis, undefined);
    assert.equal(c.queuePrefix, 'mailcheck');
    assert.equal(c.jobLockMs, 30_000);
    assert.equal(c.db, './data/mailcheck.db');
  });

  it('MAILCHECK_REDIS is a redis:// URL or a unix socket path', () => {
    assert.deepEqual(loadConfig({ MAILCHECK_REDIS: 'redis://127.0.0.1:6380/2' }).redis, {
      url: 'redis://127.0.0.1:6380/2',
    });
    assert.deepEqual(loadConfig({ MAILCHECK_REDIS: ' /run/redis/redis.sock ' }).redis, {
      path: '/run/redis/redis.sock',
    });
    for (const bad of ['127.0.0.1:6379', 'http://x', 'redis://', 'redis.sock'])
      assert.throws(() => loadConfig({ MAILCHECK_REDIS: bad }), ConfigError, bad);
  });

  it('the queue prefix and the job lock are bounded', () => {
    assert.equal(loadConfig({ MAILCHECK_QUEUE_PREFIX: 'gemeenten-2' }).queuePrefix, 'gemeenten-2');
    assert.equal(loadConfig({ MAILCHECK_JOB_LOCK_SECONDS: '5' }).jobLockMs, 5_000);
    for (const bad of ['', 'a b', 'x'.repeat(41), 'a:b'])
      assert.throws(() => loadConfig({ MAILCHECK_QUEUE_PREFIX: bad }), ConfigError, JSON.stringify(bad));
    for (const bad of ['0', '1.5', '601', 'lang'])
      assert.throws(() => loadConfig({ MAILCHECK_JOB_LOCK_SECONDS: bad }), ConfigError, bad);
  });

  it('mailcheck worker without MAILCHECK_REDIS is a usage error (exit 2), and says what to set', async () => {
    let err = '';
    const io: CliIo = {
      out: () => undefined,
      err: (s) => (err += s),
      env: { MAILCHECK_RESOLVERS: '127.0.0.1:53' },
      colour: false,
    };
    assert.equal(await main(['worker'], io), 2);
    assert.match(err, /MAILCHECK_REDIS/);
    err = '';
    assert.equal(await main(['worker', 'extra'], io), 2);
    assert.match(err, /no arguments/);
  });
});
