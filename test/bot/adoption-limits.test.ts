import { strict as assert } from 'node:assert';
import { Adoption, MAX_SCHEDULES_PER_CONVERSATION } from '../../src/bot/adoption';
import { SqliteStore } from '../../src/store/sqlite';
import { parseCommand } from '../../src/bot/grammar';
import type { Command, Conversation } from '../../src/bot/types';
import { RecordingAdapter } from '../support/recording-adapter';

function rig() {
  const store = new SqliteStore(':memory:');
  const adapter = new RecordingAdapter({ managers: ['boss'] });
  let scans = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const adoption = new Adoption(
    {
      store,
      now: () => Date.parse('2026-12-02T10:00:00Z'),
      tz: 'Europe/Amsterdam',
      admins: [],
      check: async () => [],
      scan: async () => {
        scans++;
        await gate;
        return 'scan-1';
      },
    },
    (_c, call) => call(),
  );
  adoption.register(adapter);
  const conversation = (channel = 'C1'): Conversation => ({ platform: 'slack', workspace: 'T1', channel });
  const say = (text: string, user = 'boss', channel = 'C1'): Promise<void> =>
    adoption.handle(adapter, conversation(channel), { id: user }, parseCommand(text) as Command, 'en');
  return { store, adapter, adoption, say, scans: () => scans, release };
}

describe('scans and schedules are bounded (issue 14 item 5)', () => {
  it("starting a list scan is a manager's action", async () => {
    const r = rig();
    await r.say('report now gemeenten', 'anyone');
    assert.equal(r.scans(), 0);
    assert.match(r.adapter.texts.join('\n'), /Only managers/);
    r.release();
    await r.store.close();
  });

  it('one scan per list runs at a time: a second request joins it and gets its result', async () => {
    const r = rig();
    const first = r.say('report now gemeenten');
    const second = r.say('report now gemeenten');
    const third = r.say('report now gemeenten');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.scans(), 1, 'one scan for three requests');
    assert.equal(r.adapter.texts.filter((t) => /being tested already/.test(t)).length, 2);
    r.release();
    await Promise.all([first, second, third]);
    // Once it is done, a new request scans again.
    await r.say('report now gemeenten');
    assert.equal(r.scans(), 2);
    await r.store.close();
  });

  it('schedules run at most hourly', async () => {
    const r = rig();
    for (const when of ['* * * * *', '*/5 * * * *', '0,30 9 * * 1', '0-5 9 * * *']) {
      await r.say(`report add gemeenten ${when}`);
    }
    assert.equal((await r.store.schedules()).length, 0);
    assert.equal(r.adapter.texts.filter((t) => /at most once an hour/.test(t)).length, 4);
    await r.say('report add gemeenten 0 * * * *');
    await r.say('report add gemeenten monday 9:00');
    assert.equal((await r.store.schedules()).length, 2);
    r.release();
    await r.store.close();
  });

  it('a conversation has a cap on schedules, with a clear message', async () => {
    const r = rig();
    for (let i = 0; i < MAX_SCHEDULES_PER_CONVERSATION + 2; i++) await r.say(`report add gemeenten ${i} 9 * * *`);
    assert.equal((await r.store.schedules()).length, MAX_SCHEDULES_PER_CONVERSATION);
    assert.match(r.adapter.texts[r.adapter.texts.length - 1] ?? '', /already has 10 reports/);
    // Another conversation of the same workspace still may.
    await r.say('report add gemeenten 30 9 * * *', 'boss', 'C2');
    assert.equal((await r.store.schedules()).length, MAX_SCHEDULES_PER_CONVERSATION + 1);
    r.release();
    await r.store.close();
  });

  it('a workspace has a cap on schedules too', async () => {
    const r = rig();
    for (let c = 0; c < 6; c++)
      for (let i = 0; i < 10; i++) await r.say(`report add gemeenten ${i} ${c} * * *`, 'boss', `C${c}`);
    assert.equal((await r.store.schedules()).length, 50);
    assert.match(r.adapter.texts[r.adapter.texts.length - 1] ?? '', /workspace already has 50 reports/);
    r.release();
    await r.store.close();
  });
});
