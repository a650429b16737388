import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { Redis } from 'ioredis';
import { RedisGate } from '../../src/jobs/redis-gate';
import { TlsAssessor } from '../../src/probes/tls-assessor';

/**
 * Politeness across processes (issue 16 §3): two assessors with their own Redis connections, as two
 * worker processes have, assess one SMTP server on loopback at the same moment. The server counts
 * how many connections it has open at once.
 */
const redisUrl = process.env.MAILCHECK_TEST_REDIS;
if (!redisUrl) throw new Error('MAILCHECK_TEST_REDIS: run through npm run test:services');

/** An SMTP server without STARTTLS that greets after 150 ms, so connections made together overlap. */
async function slowSmtp(): Promise<{
  port: number;
  maxOpen: () => number;
  total: () => number;
  close: () => Promise<void>;
}> {
  let open = 0;
  let max = 0;
  let total = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    open++;
    total++;
    max = Math.max(max, open);
    s.on('close', () => {
      open--;
      sockets.delete(s);
    });
    s.on('error', () => s.destroy());
    setTimeout(() => s.writable && s.write('220 traag.example ESMTP\r\n'), 150);
    s.on('data', (b: Buffer) => {
      const line = b.toString().toUpperCase();
      if (line.startsWith('EHLO')) s.write('250-traag.example\r\n250 SIZE 10240000\r\n');
      else if (line.startsWith('QUIT')) s.end('221 bye\r\n');
      else s.write('502 no\r\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    maxOpen: () => max,
    total: () => total,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('one connection at a time per mail server across processes (RedisGate on a real Redis)', () => {
  let n = 0;
  const prefix = (): string => `mcgate${process.pid}x${++n}`;

  it('without a gate two processes overlap; with it, the server never sees two connections at once', async () => {
    const server = await slowSmtp();
    try {
      const free = [1, 2].map(() => new TlsAssessor({ allowPrivate: true, port: server.port, timeoutMs: 5_000 }));
      await Promise.all(free.map((a) => a.assess('mx.traag.example', '127.0.0.1')));
      assert.equal(server.maxOpen(), 2, 'the control: without the gate the two assessments overlap');
    } finally {
      await server.close();
    }
    const gated = await slowSmtp();
    const p = prefix();
    const gates = [1, 2].map(() => new RedisGate({ connection: { url: redisUrl }, prefix: p }));
    try {
      const assessors = gates.map(
        (gate) => new TlsAssessor({ allowPrivate: true, port: gated.port, timeoutMs: 5_000, gate }),
      );
      const facts = await Promise.all(assessors.map((a) => a.assess('mx.traag.example', '127.0.0.1')));
      assert.deepEqual(
        facts.map((f) => f.outcome),
        ['no_starttls', 'no_starttls'],
      );
      assert.equal(gated.total(), 2, 'both assessed');
      assert.equal(gated.maxOpen(), 1, 'never two at once');
    } finally {
      await Promise.all(gates.map((g) => g.close()));
      await gated.close();
    }
  });

  it('with shared assessments, a server two processes need at once is assessed once, by one of them', async () => {
    const server = await slowSmtp();
    const p = prefix();
    const gates = [1, 2].map(() => new RedisGate({ connection: { url: redisUrl }, prefix: p }));
    try {
      const assessors = gates.map(
        (gate) => new TlsAssessor({ allowPrivate: true, port: server.port, timeoutMs: 5_000, gate, shared: gate }),
      );
      const facts = await Promise.all(assessors.map((a) => a.assess('mx.traag.example', '127.0.0.1')));
      assert.equal(server.total(), 1, 'one assessment for both processes');
      assert.deepEqual(facts.map((f) => f.outcome).sort(), ['no_starttls', 'no_starttls']);
      assert.deepEqual(facts.map((f) => f.connections).sort(), [0, 1], 'the other made no connection');
      assert.equal(facts[0]?.banner, facts[1]?.banner);
      // A third process later finds the facts too, without a connection.
      const third = new RedisGate({ connection: { url: redisUrl }, prefix: p });
      const later = await new TlsAssessor({
        allowPrivate: true,
        port: server.port,
        gate: third,
        shared: third,
      }).assess('mx.traag.example', '127.0.0.1');
      await third.close();
      assert.equal(later.outcome, 'no_starttls');
      assert.equal(server.total(), 1);
      // Something that is not an assessment under the key is ignored, never trusted.
      const raw = new Redis(redisUrl);
      await raw.set(`${p}:tls:smtp|127.0.0.2`, '{"outcome": 5}');
      await raw.quit();
      assert.equal(await gates[0]!.get('smtp|127.0.0.2'), undefined);
    } finally {
      await Promise.all(gates.map((g) => g.close()));
      await server.close();
    }
  });

  it('an address held by a process that died is free when its lease lapses; an aborted wait ends at once', async () => {
    const server = await slowSmtp();
    const p = prefix();
    const raw = new Redis(redisUrl);
    const gate = new RedisGate({ connection: { url: redisUrl }, prefix: p });
    try {
      // A hold of a process killed mid-connection: its key stays until its lease (here 600 ms) lapses.
      await raw.set(`${p}:gate:127.0.0.1`, 'dead-process', 'PX', 600);
      const assessing = new TlsAssessor({ allowPrivate: true, port: server.port, timeoutMs: 5_000, gate }).assess(
        'mx.traag.example',
        '127.0.0.1',
      );
      for (;;) {
        const seen = server.total();
        const ttl = await raw.pttl(`${p}:gate:127.0.0.1`);
        if (ttl <= 0) break;
        // The key still existed after the count was read: no connection may have been made before.
        assert.equal(seen, 0, 'no connection while another process holds the address');
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await assessing).outcome, 'no_starttls');
      assert.equal(server.total(), 1);
      // A check whose deadline passed does not wait for the address.
      await raw.set(`${p}:gate:127.0.0.1`, 'someone-else', 'PX', 60_000);
      const stop = new AbortController();
      stop.abort();
      let ran = false;
      await gate.hold(
        '127.0.0.1',
        async () => {
          ran = true;
        },
        stop.signal,
      );
      assert.equal(ran, true);
      assert.equal(await raw.get(`${p}:gate:127.0.0.1`), 'someone-else', "another's hold is never released by us");
    } finally {
      await gate.close();
      await raw.quit();
      await server.close();
    }
  });
});
