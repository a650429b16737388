import { strict as assert } from 'node:assert';
import { CachingResolver } from '../../src/dns/caching-resolver';
import { BudgetResolver } from '../../src/dns/budget-resolver';
import { ZoneResolver } from '../support/zone-resolver';

describe('CachingResolver', () => {
  const zone = (): ZoneResolver =>
    new ZoneResolver({
      'example.nl': [{ type: 'A', data: '192.0.2.1', ttl: 60 }],
    });

  it('shares one query among concurrent asks (in-flight de-duplication)', async () => {
    const inner = zone();
    const cache = new CachingResolver(inner);
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.query('example.nl', 'A')));
    assert.equal(inner.log.length, 1);
    assert.ok(results.every((r) => r.outcome === 'answer'));
  });

  it('respects the TTL with a pinned clock, and keeps CD and non-CD answers apart', async () => {
    let now = 1_000_000;
    const inner = zone();
    const cache = new CachingResolver(inner, { now: () => now });
    await cache.query('EXAMPLE.nl.', 'A');
    now += 59_000;
    await cache.query('example.nl', 'A');
    assert.equal(inner.log.length, 1, 'still fresh at 59 s');
    now += 2_000;
    await cache.query('example.nl', 'A');
    assert.equal(inner.log.length, 2, 'expired after 60 s');
    await cache.query('example.nl', 'A', { cd: true });
    assert.equal(inner.log.length, 3);
  });

  it('caches negative answers with the SOA minimum (RFC 2308 §5)', async () => {
    let now = 0;
    const inner = zone();
    const original = inner.query.bind(inner);
    inner.query = async (n, t, o) => ({
      ...(await original(n, t, o)),
      authorities: [{ name: 'nl', type: 'SOA', ttl: 3600, data: { minimum: 10 } }],
    });
    const cache = new CachingResolver(inner, { now: () => now });
    await cache.query('nope.example.nl', 'A');
    now += 9_000;
    await cache.query('nope.example.nl', 'A');
    assert.equal(inner.log.length, 1);
    now += 2_000;
    await cache.query('nope.example.nl', 'A');
    assert.equal(inner.log.length, 2);
  });
});

describe('BudgetResolver', () => {
  it('answers "budget" once the per-check budget is used, without asking', async () => {
    const inner = new ZoneResolver({ 'example.nl': [{ type: 'A', data: '192.0.2.1' }] });
    const budget = new BudgetResolver(inner, 3);
    for (let i = 0; i < 3; i++) assert.equal((await budget.query('example.nl', 'A')).outcome, 'answer');
    const over = await budget.query('example.nl', 'A');
    assert.equal(over.outcome, 'budget');
    assert.equal(inner.log.length, 3);
  });
});
