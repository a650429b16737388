import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { startBot } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { SqliteStore } from '../../src/store/sqlite';
import { MemoryLogger } from '../../src/log';
import { ZoneResolver } from '../support/zone-resolver';

const get = (port: number, path: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

/** A load balancer sends deliveries only to a replica that can do its work (issue 16 §4). */
describe('/healthz says whether this process can work', () => {
  it('200 while the store answers, 503 "store unreachable" once it does not', async () => {
    const store = new SqliteStore(':memory:');
    const bot = await startBot(loadConfig({ PORT: '0' }), {
      store,
      resolver: new ZoneResolver({}),
      log: new MemoryLogger(),
    });
    try {
      assert.deepEqual(await get(bot.port, '/healthz'), { status: 200, body: 'ok\n' });
      await store.close();
      assert.deepEqual(await get(bot.port, '/healthz'), { status: 503, body: 'store unreachable\n' });
    } finally {
      await bot.close();
    }
  });
});
