import { strict as assert } from 'node:assert';
import { nextRun, parseCron, previousRun, wallToInstant } from '../../src/scheduler/cron';
import { parseWhen } from '../../src/scheduler/when';
import { tick } from '../../src/scheduler/scheduler';
import { SqliteStore } from '../../src/store/sqlite';

const TZ = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const spec = (line: string) => {
  const p = parseWhen(line);
  if (!p.ok) throw new Error(p.error);
  return p.spec;
};

describe('schedules in Europe/Amsterdam (pure, pinned clock)', () => {
  it('reads Dutch, English and cron', () => {
    assert.equal(spec('maandag 09:00').source, '0 9 * * 1');
    assert.equal(spec('elke maandag om 9:00').source, '0 9 * * 1');
    assert.equal(spec('every Monday 09:00').source, '0 9 * * 1');
    assert.equal(spec('werkdagen 8:30').source, '30 8 * * 1-5');
    assert.equal(spec('dagelijks 07:00').source, '0 7 * * *');
    assert.equal(spec('maandag en donderdag 9 uur').source, '0 9 * * 1,4');
    assert.equal(spec('1e van de maand 09:00').source, '0 9 1 * *');
    assert.equal(spec('*/15 8-17 * * 1-5').source, '*/15 8-17 * * 1-5');
    for (const bad of ['maandag', 'blauwdag 09:00', 'maandag 25:00', '61 * * * *', '1 2 3'])
      assert.equal(parseWhen(bad).ok, false, bad);
  });

  it('Monday 09:00 is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    assert.equal(iso(nextRun(spec('maandag 09:00'), at('2026-11-27T12:00:00Z'), TZ)), '2026-11-30T08:00:00.000Z');
    assert.equal(iso(nextRun(spec('maandag 09:00'), at('2027-03-27T12:00:00Z'), TZ)), '2027-03-29T07:00:00.000Z');
  });

  it('the last Sunday of March: 09:00 stays 09:00, and 02:30 (which does not exist) runs at 03:30', () => {
    assert.equal(iso(nextRun(spec('dagelijks 09:00'), at('2027-03-27T12:00:00Z'), TZ)), '2027-03-28T07:00:00.000Z');
    assert.equal(iso(nextRun(spec('dagelijks 02:30'), at('2027-03-27T12:00:00Z'), TZ)), '2027-03-28T01:30:00.000Z');
    assert.equal(iso(nextRun(spec('dagelijks 02:30'), at('2027-03-28T01:30:00Z'), TZ)), '2027-03-29T00:30:00.000Z');
  });

  it('the last Sunday of October: 02:30 happens twice and runs once; no day is skipped', () => {
    assert.equal(iso(nextRun(spec('dagelijks 02:30'), at('2026-10-24T12:00:00Z'), TZ)), '2026-10-25T00:30:00.000Z');
    assert.equal(iso(nextRun(spec('dagelijks 02:30'), at('2026-10-25T00:30:00Z'), TZ)), '2026-10-26T01:30:00.000Z');
    assert.equal(iso(nextRun(spec('dagelijks 09:00'), at('2026-10-24T12:00:00Z'), TZ)), '2026-10-25T08:00:00.000Z');
    // From late Saturday evening across the 25-hour Sunday, Sunday is not skipped.
    assert.equal(iso(nextRun(spec('zondag 23:30'), at('2026-10-24T21:45:00Z'), TZ)), '2026-10-25T22:30:00.000Z');
    assert.equal(iso(nextRun(spec('zondag 00:30'), at('2027-03-27T22:45:00Z'), TZ)), '2027-03-27T23:30:00.000Z');
    assert.equal(wallToInstant(2026, 10, 25, 2, 30, TZ), at('2026-10-25T00:30:00Z'));
  });

  it('the previous firing, 29 February and a day that never comes', () => {
    assert.equal(iso(previousRun(spec('maandag 09:00'), at('2026-12-16T10:00:00Z'), TZ)), '2026-12-14T08:00:00.000Z');
    assert.equal(iso(nextRun(spec('0 9 29 2 *'), at('2026-11-27T00:00:00Z'), TZ)), '2028-02-29T08:00:00.000Z');
    const never = parseCron('0 9 31 2 *');
    assert.ok(never.ok && nextRun(never.spec, at('2026-11-27T00:00:00Z'), TZ) === undefined);
  });
});

describe('the scheduler runs each due schedule exactly once', () => {
  it('on time, not twice, and a run missed while down once at the next tick', async () => {
    const store = new SqliteStore(':memory:');
    await store.addSchedule({
      id: 'r1',
      conversation: 'web:local',
      list: 'gemeenten',
      type: 'mail',
      cron: '0 9 * * 1',
      createdBy: 'U1',
      createdAt: '2026-11-27T10:00:00.000Z',
    });
    const runs: string[] = [];
    const deps = {
      store,
      tz: TZ,
      run: async (_s: unknown, key: string) => {
        runs.push(key);
      },
    };
    assert.deepEqual(await tick(deps, at('2026-11-27T10:01:00Z')), []);
    assert.deepEqual(await tick(deps, at('2026-11-30T07:59:00Z')), []);
    await tick(deps, at('2026-11-30T08:00:00Z'));
    await tick(deps, at('2026-11-30T08:05:00Z'));
    // Down from 1 to 16 December: the two missed Mondays become one run, the latest.
    await tick(deps, at('2026-12-16T10:00:00Z'));
    await tick(deps, at('2026-12-16T10:01:00Z'));
    assert.deepEqual(runs, ['2026-11-30T08:00:00.000Z', '2026-12-14T08:00:00.000Z']);
    await store.close();
  });
});
