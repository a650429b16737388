import { strict as assert } from 'node:assert';
import { Adoption } from '../../src/bot/adoption';
import { SqliteStore } from '../../src/store/sqlite';
import { parseCommand } from '../../src/bot/grammar';
import { MemoryLogger } from '../../src/log';
import type { Command, Conversation } from '../../src/bot/types';
import { RecordingAdapter } from '../support/recording-adapter';

// Monday 30 November 2026, 10:00 in Amsterdam: the Monday-09:00 run is due.
const NOW = Date.parse('2026-11-30T09:00:00Z');
const conversation: Conversation = { platform: 'slack', workspace: 'T1', channel: 'C1' };

async function rig(failures: number) {
  const store = new SqliteStore(':memory:');
  const adapter = new RecordingAdapter({ failUploads: failures });
  const log = new MemoryLogger();
  const waits: number[] = [];
  const adoption = new Adoption(
    {
      store,
      now: () => NOW,
      tz: 'Europe/Amsterdam',
      admins: [],
      check: async () => [],
      log,
      scan: async () => 'scan-1',
      retryDelaysMs: [2_000, 10_000, 60_000],
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
    (_c, call) => call(),
  );
  adoption.register(adapter);
  await adoption.remember(conversation, 'en');
  await store.addSchedule({
    id: 'r1',
    conversation: 'slack:T1:C1',
    list: 'gemeenten',
    type: 'mail',
    cron: '0 9 * * 1',
    createdBy: 'slack:boss',
    createdAt: '2026-11-01T00:00:00Z',
  });
  return { store, adapter, adoption, log, waits };
}

describe('a scheduled summary whose post fails is retried, and never silently dropped (issue 13 §4)', () => {
  it('two failed uploads: tried again after 2 s and 10 s, then posted; the run is recorded as posted', async () => {
    const r = await rig(2);
    assert.equal((await r.adoption.tickSchedules(NOW)).length, 1);
    assert.deepEqual(r.waits, [2_000, 10_000]);
    assert.equal(r.adapter.files.length, 2, 'chart and CSV both arrive');
    assert.equal((await r.store.lastRunOutcome('r1'))?.outcome, 'posted');
    assert.equal(r.log.entries.filter((e) => e.level === 'warn').length, 2);
    await r.store.close();
  });

  it('a platform that keeps failing: three tries more, then logged with a reference and shown as failed in "report list"', async () => {
    const r = await rig(100);
    assert.equal((await r.adoption.tickSchedules(NOW)).length, 1, 'the tick itself does not throw');
    assert.deepEqual(r.waits, [2_000, 10_000, 60_000]);
    assert.equal(r.adapter.uploadAttempts, 4);
    const outcome = await r.store.lastRunOutcome('r1');
    assert.equal(outcome?.outcome, 'failed');
    const logged = r.log.entries.find((e) => e.level === 'error');
    assert.equal(logged?.msg, 'scheduled summary could not be posted');
    assert.ok(outcome?.detail?.includes(String(logged?.obj.ref)), 'the reference in the chat is the one in the log');
    await r.adoption.handle(r.adapter, conversation, { id: 'anyone' }, parseCommand('report list') as Command, 'en');
    assert.match(
      r.adapter.texts.at(-1) ?? '',
      /r1: gemeenten \(mail\).*the last report \(2026-11-30 09:00 UTC\) could not be posted/,
    );
    await r.adoption.handle(r.adapter, conversation, { id: 'anyone' }, parseCommand('rapport lijst') as Command, 'nl');
    assert.match(r.adapter.texts.at(-1) ?? '', /kon niet worden verstuurd/);
    // The run is not repeated by the next tick (each run posts at most once), and the next week's is.
    assert.equal((await r.adoption.tickSchedules(NOW + 60_000)).length, 0);
    await r.store.close();
  });
});
