import { strict as assert } from 'node:assert';
import { Adoption } from '../../src/bot/adoption';
import { SqliteStore } from '../../src/store/sqlite';
import { MemoryLogger } from '../../src/log';
import type { Conversation } from '../../src/bot/types';
import { RecordingAdapter } from '../support/recording-adapter';

// Monday 30 November 2026, 10:00 in Amsterdam: the Monday-09:00 run is due.
const NOW = Date.parse('2026-11-30T09:00:00Z');
const conversation: Conversation = { platform: 'slack', workspace: 'T1', channel: 'C1' };

/** Two bot processes on one store file (issue 16 §4): one claims the run and dies, the other finishes it. */
describe('a scheduled run whose process stopped is finished by another, in the same card, once', () => {
  it('taken over after the lease, the scan resumed, the summary posted into the dead process’s card', async () => {
    const store = new SqliteStore(':memory:');
    const adapter = new RecordingAdapter();
    let clock = NOW;
    const scans: string[] = [];
    const adoption = (owner: string, scan: () => Promise<string>): Adoption => {
      const a = new Adoption(
        {
          store,
          now: () => clock,
          tz: 'Europe/Amsterdam',
          admins: [],
          check: async () => [],
          log: new MemoryLogger(),
          owner,
          leaseMs: 60_000,
          scan: async () => {
            scans.push(owner);
            return scan();
          },
        },
        (_c, call) => call(),
      );
      a.register(adapter);
      return a;
    };
    // The first process claims the run, posts the progress card and then hangs forever (as if killed).
    const first = adoption('host:1', () => new Promise<string>(() => undefined));
    await first.remember(conversation, 'en');
    await store.addSchedule({
      id: 'r1',
      conversation: 'slack:T1:C1',
      list: 'gemeenten',
      type: 'mail',
      cron: '0 9 * * 1',
      createdBy: 'slack:boss',
      createdAt: '2026-11-01T00:00:00Z',
    });
    void first.tickSchedules(clock);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(adapter.posts.length, 1, 'the progress card');
    const card = adapter.posts[0]!;
    const second = adoption('host:2', async () => {
      await store.createScan({ id: 's1', list: 'gemeenten', type: 'mail', startedAt: 'x', targets: [] });
      await store.finishScan('s1', new Date(clock).toISOString());
      return 's1';
    });
    // Within the lease the run is the first process's.
    clock = NOW + 30_000;
    assert.deepEqual(await second.tickSchedules(clock), []);
    // Past it (the first process's heartbeat every 20 s never came: its timer was the only thing alive).
    clock = NOW + 61_000;
    assert.deepEqual(await second.tickSchedules(clock), ['r1@2026-11-30T08:00:00.000Z (taken over)']);
    assert.deepEqual(scans, ['host:1', 'host:2']);
    assert.equal(adapter.posts.length, 1, 'no second card');
    assert.equal(adapter.updates.at(-1)?.ref.id, card.id, 'the summary is in the first card');
    assert.equal(adapter.files.length, 2, 'chart and CSV once');
    assert.equal((await store.lastRunOutcome('r1'))?.outcome, 'posted');
    // Taken over once: a third tick does nothing.
    clock = NOW + 200_000;
    assert.deepEqual(await second.tickSchedules(clock), []);
    await store.close();
  });
});
