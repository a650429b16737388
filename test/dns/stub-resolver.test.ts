import { strict as assert } from 'node:assert';
import * as dgram from 'node:dgram';
import { StubResolver } from '../../src/dns/stub-resolver';
import { txtStrings } from '../../src/dns/types';
import { TestDnsServer } from '../support/dns-server';
import { txt } from '../support/zone-resolver';

const bigText = (n: number): string => 'x'.repeat(n);

describe('StubResolver over real sockets', () => {
  let server: TestDnsServer;
  const zone = {
    'example.nl': [
      { type: 'A', data: '192.0.2.1' },
      { type: 'MX', data: { preference: 10, exchange: 'mx.example.nl' } },
      txt('v=spf1 -all'),
    ],
    'www.example.nl': [{ type: 'CNAME', data: 'example.nl' }],
    'big.example.nl': [txt(bigText(10_000))],
    // Just under the 65535-byte message limit: 230 TXT records of 255 bytes (dns-packet does not compress names).
    'huge.example.nl': Array.from({ length: 230 }, (_, i) => txt(`${String(i).padStart(3, '0')}${bigText(252)}`)),
    'sel._domainkey.example.nl': [txt('v=DKIM1; p=')],
  };

  beforeEach(async () => {
    server = await new TestDnsServer(zone).start();
  });
  afterEach(async () => server.stop());

  const resolver = (extra: Partial<ConstructorParameters<typeof StubResolver>[0]> = {}): StubResolver =>
    new StubResolver({ servers: [{ host: '127.0.0.1', port: server.port }], timeoutMs: 300, attempts: 1, ...extra });

  it('answers over UDP with EDNS0 and the DO bit, and the CD bit only when asked', async () => {
    const r = resolver();
    const a = await r.query('Example.NL.', 'A');
    assert.equal(a.outcome, 'answer');
    assert.deepEqual(
      a.records.map((x) => x.data),
      ['192.0.2.1'],
    );
    assert.equal(a.server, `127.0.0.1:${server.port}`);
    await r.query('example.nl', 'A', { cd: true });
    assert.deepEqual(
      server.seen.map((s) => [s.transport, s.dnssecOk, s.cd, s.udpSize]),
      [
        ['udp', true, false, 4096],
        ['udp', true, true, 4096],
      ],
    );
  });

  it('tells NXDOMAIN, NODATA and an empty non-terminal apart', async () => {
    const r = resolver();
    assert.equal((await r.query('nope.example.nl', 'TXT')).outcome, 'nxdomain');
    assert.equal((await r.query('example.nl', 'AAAA')).outcome, 'nodata');
    assert.equal((await r.query('_domainkey.example.nl', 'TXT')).outcome, 'nodata');
  });

  it('follows a CNAME chain inside the answer', async () => {
    const res = await resolver().query('www.example.nl', 'A');
    assert.equal(res.outcome, 'answer');
    assert.equal(res.records[0]?.name, 'example.nl');
    assert.deepEqual(
      res.answers.map((x) => x.type),
      ['CNAME', 'A'],
    );
  });

  it('falls back to TCP when the UDP answer is truncated (10 kB TXT in 255-byte strings)', async () => {
    const res = await resolver().query('big.example.nl', 'TXT');
    assert.equal(res.outcome, 'answer');
    assert.equal(txtStrings(res)[0]?.length, 10_000);
    assert.deepEqual(
      server.seen.map((s) => s.transport),
      ['udp', 'tcp'],
    );
  });

  it('takes a 64 kB answer over TCP', async () => {
    const res = await resolver().query('huge.example.nl', 'TXT');
    assert.equal(res.outcome, 'answer');
    assert.equal(res.records.length, 230);
    assert.ok(server.seen.some((s) => s.transport === 'tcp'));
  });

  it('retries over TCP when a server truncates even small answers', async () => {
    server.behaviour = () => 'truncate-always';
    const res = await resolver().query('example.nl', 'MX');
    assert.equal(res.outcome, 'answer');
    assert.deepEqual(
      server.seen.map((s) => s.transport),
      ['udp', 'tcp'],
    );
  });

  it('times out, within its bound, on a server that never answers', async () => {
    server.behaviour = () => 'drop';
    const started = process.hrtime.bigint();
    const res = await resolver({ attempts: 2 }).query('example.nl', 'A');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(res.outcome, 'timeout');
    assert.equal(server.seen.length, 2, 'two attempts');
    assert.ok(ms < 5_000, 'bounded by attempts x timeout (a sanity bound, not a benchmark)');
  });

  it('ignores a reply with the wrong id and accepts the right one that follows', async () => {
    server.behaviour = () => 'wrong-id-then-answer';
    const res = await resolver().query('example.nl', 'A');
    assert.equal(res.outcome, 'answer');
  });

  it('rejects replies for another question and garbage packets', async () => {
    server.behaviour = () => 'wrong-question';
    const wrong = await resolver().query('example.nl', 'A');
    assert.equal(wrong.outcome, 'timeout');
    assert.match(wrong.detail ?? '', /question mismatch/);
    server.behaviour = () => 'garbage';
    const garbage = await resolver().query('example.nl', 'A');
    assert.equal(garbage.outcome, 'timeout');
    assert.match(garbage.detail ?? '', /malformed|id mismatch/);
  });

  it('drops replies from an unexpected source', async () => {
    // A second socket races a forged reply for every query; it comes from the wrong port.
    const forger = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => forger.bind(0, '127.0.0.1', resolve));
    server.behaviour = () => 'drop';
    const r = resolver();
    const pending = r.query('example.nl', 'A');
    await new Promise((resolve) => setTimeout(resolve, 50));
    forger.close();
    const res = await pending;
    assert.equal(res.outcome, 'timeout');
  });

  it('reports SERVFAIL with its Extended DNS Error', async () => {
    server.behaviour = () => 'servfail-ede';
    const res = await resolver().query('example.nl', 'A');
    assert.equal(res.outcome, 'servfail');
    assert.deepEqual(res.ede, [{ code: 7, text: 'signature expired' }]);
  });

  it('fails over to the next resolver when the first does not answer', async () => {
    const second = await new TestDnsServer(zone).start();
    try {
      server.behaviour = () => 'drop';
      const r = new StubResolver({
        servers: [
          { host: '127.0.0.1', port: server.port },
          { host: '127.0.0.1', port: second.port },
        ],
        timeoutMs: 200,
        attempts: 1,
      });
      const res = await r.query('example.nl', 'A');
      assert.equal(res.outcome, 'answer');
      assert.equal(res.server, `127.0.0.1:${second.port}`);
    } finally {
      await second.stop();
    }
  });

  it('sends nothing for a name that cannot be queried', async () => {
    const res = await resolver().query(`${'a'.repeat(64)}.nl`, 'A');
    assert.equal(res.outcome, 'error');
    assert.equal(server.seen.length, 0);
  });

  it('works over IPv6 loopback', async function () {
    const v6 = new TestDnsServer(zone, '::1');
    try {
      await v6.start();
    } catch {
      this.skip(); // no IPv6 loopback on this machine
    }
    try {
      const r = new StubResolver({ servers: [{ host: '::1', port: v6.port }], timeoutMs: 300, attempts: 1 });
      assert.equal((await r.query('example.nl', 'A')).outcome, 'answer');
    } finally {
      await v6.stop();
    }
  });
});
