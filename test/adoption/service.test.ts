import { strict as assert } from 'node:assert';
import { AdoptionService } from '../../src/adoption/service';
import type { ListSummary, Notifier, NoticeRef, WatchChange } from '../../src/adoption/notifier';
import { SqliteStore } from '../../src/store/sqlite';
import { runScan } from '../../src/adoption/scan';
import { fakeReport } from '../support/scan-child';

// Monday 30 November 2026, 10:00 in Amsterdam.
const NOW = Date.parse('2026-11-30T09:00:00Z');

/** A notifier that records what the service hands over: what a worker with no chat would see. */
class RecordingNotifier implements Notifier {
  readonly begun: { conversation: string; list: string; total: number; resume?: NoticeRef }[] = [];
  readonly progress: number[] = [];
  readonly finished: ListSummary[] = [];
  readonly watches: { conversation: string; change: WatchChange }[] = [];
  readonly fixes: string[] = [];
  async beginSummary(conversation: string, list: string, total: number, resume?: NoticeRef) {
    this.begun.push({ conversation, list, total, ...(resume ? { resume } : {}) });
    return {
      ref: { id: `n${this.begun.length}` },
      progress: (done: number) => this.progress.push(done),
      joined: async () => undefined,
      finish: async (r: ListSummary) => {
        this.finished.push(r);
      },
    };
  }
  async watchChanged(conversation: string, change: WatchChange) {
    this.watches.push({ conversation, change });
    return 'thread-1';
  }
  async fixed(conversation: string, _thread: string | undefined, domain: string, users: string[]) {
    this.fixes.push(`${conversation} ${domain} ${users.join(',')}`);
  }
}

describe('the adoption service works without a chat (issue 16 §1)', () => {
  it('a due schedule scans its list and hands the summary, trend and rows to the notifier', async () => {
    const store = new SqliteStore(':memory:');
    await store.saveList(
      'mijn',
      ['a.nl', 'b.nl', 'c.nl'].map((domain) => ({ domain })),
      'U1',
      '2026-11-01T00:00:00Z',
    );
    const service = new AdoptionService({
      store,
      now: () => NOW,
      tz: 'Europe/Amsterdam',
      check: async () => [],
      scan: async (list, targets, type, onProgress) =>
        (
          await runScan({
            list,
            type,
            targets,
            store,
            now: () => NOW,
            newId: () => 'scan-1',
            check: async (t) => [fakeReport(t.domain, NOW)],
            concurrency: 1,
            onProgress: (p) => onProgress(p.done, p.total),
          })
        ).scanId,
    });
    const added = await service.addSchedule({
      conversation: 'slack:T1:C1',
      workspace: 'slack:T1:',
      list: 'mijn',
      type: 'mail',
      when: 'maandag 09:00',
      createdBy: 'slack:U1',
    });
    assert.ok(added.ok);
    assert.deepEqual(
      await service.addSchedule({
        conversation: 'slack:T1:C1',
        workspace: 'slack:T1:',
        list: 'onbekend',
        type: 'mail',
        when: 'maandag 09:00',
        createdBy: 'slack:U1',
      }),
      { ok: false, reason: 'unknown_list' },
    );
    // Made a week before the firing it is due for.
    await store.addSchedule({ ...added.schedule, id: 'r2', createdAt: '2026-11-20T00:00:00Z' });
    const notifier = new RecordingNotifier();
    const started = await service.tickSchedules(NOW, notifier);
    assert.deepEqual(started, ['r2@2026-11-30T08:00:00.000Z']);
    assert.deepEqual(notifier.begun, [{ conversation: 'slack:T1:C1', list: 'mijn', total: 3 }]);
    const [r] = notifier.finished;
    assert.equal(r?.scanId, 'scan-1');
    assert.deepEqual(
      r?.rows.map((x) => x.domain),
      ['a.nl', 'b.nl', 'c.nl'],
    );
    assert.equal(r?.summary.organisations, 3);
    assert.equal(r?.trend.length, 1, 'the first scan of the list: one point');
    assert.equal((await store.lastRunOutcome('r2'))?.outcome, 'posted');
    await store.close();
  });
});
