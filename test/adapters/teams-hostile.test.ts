import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { TeamsHarness, postActivity } from '../support/teams-harness';
import { MemoryLogger } from '../../src/log';
import { guardProcess } from '../../adapters/main';
import { EventEmitter } from 'node:events';

function postRaw(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Activities as a careless client or an attacker with a token might send them (issue 14 item 1). */
function corpus(h: TeamsHarness): string[] {
  const a = (extra: Record<string, unknown>): string => JSON.stringify(h.activity(extra));
  return [
    '{}',
    '[]',
    'null',
    '1',
    '"x"',
    'true',
    JSON.stringify({ type: 'message' }),
    JSON.stringify({ type: 'message', text: 'help' }),
    JSON.stringify({ type: 'message', text: 'help', conversation: {} }),
    JSON.stringify({ type: 'message', text: 'help', conversation: { id: 'x' } }),
    a({ type: 42 }),
    a({ type: '' }),
    a({ type: ['message'] }),
    a({ type: 'message', text: { not: 'a string' } }),
    a({ type: 'message', conversation: 'not an object' }),
    a({ type: 'message', conversation: { id: 5 } }),
    a({ type: 'message', from: 'nobody', text: 'help' }),
    a({ type: 'message', serviceUrl: 'ftp://x', text: 'help' }),
    a({ type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', text: 'help' }),
    a({ type: 'invoke', name: 'adaptiveCard/action', value: 'not an object' }),
    a({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { data: { mc: 'fix', value: { deep: [1, 2, 3] } } } },
    }),
    a({ type: 'conversationUpdate', membersRemoved: 'everyone' }),
    a({ type: 'installationUpdate', action: { remove: true } }),
    a({ type: 'message', text: 'help', entities: 'nope', attachments: 7, channelData: [] }),
    a({ type: 'message', text: 'help', timestamp: 'yesterday' }),
    a({ type: 'message', text: 'help', deliveryMode: 'sideways' }),
    a({ type: 'message', text: 'x'.repeat(100_000) }),
  ];
}

describe('Teams: a malformed activity never takes the bot down (issue 14 item 1)', () => {
  let h: TeamsHarness;
  let log: MemoryLogger;
  const rejections: unknown[] = [];
  const onRejection = (r: unknown): void => {
    rejections.push(r);
  };
  beforeEach(async () => {
    log = new MemoryLogger();
    h = new TeamsHarness({ log });
    await h.start();
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    await h.stop();
  });

  it('answers every activity of the corpus with a status (400 for the malformed), nothing unhandled, and still answers after', async () => {
    const statuses: number[] = [];
    for (const body of corpus(h)) statuses.push(await postRaw(h.bot?.port ?? 0, body));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(rejections, [], 'no unhandled rejection');
    assert.ok(
      statuses.every((s) => s === 200 || s === 400 || s === 413),
      `only 200, 400 or 413, never 500: ${statuses.join(',')}`,
    );
    assert.ok(
      statuses.slice(0, 16).every((s) => s === 400),
      `the first 16 are malformed: ${statuses.slice(0, 16).join(',')}`,
    );
    assert.ok(log.entries.some((e) => e.msg === 'activity refused'));
    // The bot is still there and still answers.
    await h.say('help');
    const until = Date.now() + 5000;
    while (!h.connector.calls.some((c) => /check gemeente\.nl/.test(JSON.stringify(c.activity))) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(
      h.connector.calls.some((c) => /check gemeente\.nl/.test(JSON.stringify(c.activity))),
      'help answered after the corpus',
    );
  });

  it('in test mode, replies go to a loopback service URL only', async () => {
    const res = await postActivity(
      h.bot?.port ?? 0,
      h.activity({ type: 'message', text: 'help', serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
    );
    assert.equal(res.status, 400);
    assert.match(res.body, /loopback/);
  });

  it('a failure inside our own turn handling is a 500 with a reference id and a log line, and the process stays up', async () => {
    const adapter = h.adapter() as unknown as { turn: (ctx: unknown) => Promise<void> };
    const original = adapter.turn;
    adapter.turn = async () => {
      throw new Error('a bug of ours');
    };
    try {
      const res = await postActivity(h.bot?.port ?? 0, h.activity({ type: 'message', text: 'help' }));
      assert.equal(res.status, 500);
      const ref = (JSON.parse(res.body) as { ref: string }).ref;
      assert.match(ref, /^[0-9a-f]{8}$/);
      assert.doesNotMatch(res.body, /a bug of ours/, 'no raw exception text to the caller');
      const line = log.entries.find((e) => e.level === 'error' && e.obj.ref === ref);
      assert.ok(line, 'the log line carries the same reference');
      assert.match(JSON.stringify(line.obj), /a bug of ours/);
    } finally {
      adapter.turn = original;
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(rejections, []);
    const again = await postActivity(h.bot?.port ?? 0, h.activity({ type: 'message', text: 'help' }));
    assert.equal(again.status, 200);
  });
});

describe('the process guard', () => {
  it('logs an unhandled rejection and an uncaught exception with a reference instead of exiting', () => {
    const log = new MemoryLogger();
    const fake = new EventEmitter() as unknown as NodeJS.Process;
    guardProcess(log, fake);
    (fake as unknown as EventEmitter).emit('unhandledRejection', new Error('lost promise'));
    (fake as unknown as EventEmitter).emit('uncaughtException', new Error('thrown'));
    assert.deepEqual(
      log.entries.map((e) => [e.level, (e.obj.err as { message: string }).message]),
      [
        ['error', 'lost promise'],
        ['error', 'thrown'],
      ],
    );
    assert.ok(log.entries.every((e) => typeof e.obj.ref === 'string'));
  });
});
