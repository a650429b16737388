import { strict as assert } from 'node:assert';
import { runScan } from '../../src/adoption/scan';
import type { Store } from '../../src/store/types';
import { fakeReport } from '../support/scan-child';

const T0 = Date.parse('2026-11-28T09:00:00Z');
const iso = (min: number): string => new Date(T0 + min * 60_000).toISOString();

/**
 * What every Store does, whatever holds it (issue 16 §2): the same cases run on SQLite in `npm test`
 * and on a real PostgreSQL in `npm run test:services`. `open` gives a fresh, empty store each time.
 */
export function storeContract(label: string, open: () => Promise<Store>): void {
  describe(`the Store contract on ${label}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('keeps scans, results in list order, and resumes with what has no result', async () => {
      const targets = [
        { domain: 'a.nl', org: 'A' },
        { domain: 'b.nl', mailDomain: 'mail-b.nl' },
        { domain: 'c.nl' },
        { domain: 'a.nl', org: 'A twice' },
      ];
      await store.createScan({ id: 's1', list: 'test', type: 'mail', startedAt: iso(0), targets });
      await store.saveResult({
        scanId: 's1',
        domain: 'c.nl',
        checkedAt: iso(1),
        reports: [fakeReport('c.nl', T0)],
        observed: { spf: 'v=spf1 -all' },
      });
      assert.deepEqual(await store.remaining('s1'), [
        { domain: 'a.nl', org: 'A' },
        { domain: 'b.nl', mailDomain: 'mail-b.nl' },
      ]);
      assert.deepEqual((await store.unfinishedScan('test', 'mail'))?.done, 1);
      assert.equal(await store.unfinishedScan('test', 'web'), undefined);
      await store.saveResult({
        scanId: 's1',
        domain: 'a.nl',
        org: 'A',
        checkedAt: iso(2),
        reports: [fakeReport('a.nl', T0)],
        observed: {},
      });
      // A second save of the same domain replaces the first (a retried check).
      await store.saveResult({
        scanId: 's1',
        domain: 'a.nl',
        org: 'A',
        checkedAt: iso(3),
        reports: [fakeReport('a.nl', T0)],
        observed: { spf: 'new' },
      });
      const rows = await store.results('s1');
      assert.deepEqual(
        rows.map((r) => [r.domain, r.observed.spf]),
        [
          ['a.nl', 'new'],
          ['c.nl', 'v=spf1 -all'],
        ],
      );
      assert.deepEqual(rows[0]?.reports, [fakeReport('a.nl', T0)]);
      await store.finishScan('s1', iso(4));
      assert.equal(await store.unfinishedScan('test', 'mail'), undefined);
      assert.deepEqual(
        (await store.finishedScans('test', 'mail', 5)).map((s) => [s.id, s.done, s.total, s.finishedAt]),
        [['s1', 2, 4, iso(4)]],
      );
      assert.deepEqual((await store.scan('s1'))?.startedAt, iso(0));
      assert.deepEqual(
        (await store.resultsOf('s1', ['c.nl', 'b.nl', 'zz.nl', 'c.nl'])).map((r) => r.domain),
        ['c.nl'],
      );
      assert.deepEqual(await store.resultsOf('s1', []), []);
      assert.equal(await store.scan('nope'), undefined);
      assert.deepEqual((await store.latestResult('a.nl'))?.checkedAt, iso(3));
      assert.equal(await store.latestResult('zz.nl'), undefined);
    });

    it('finished scans come newest first, bounded by the limit', async () => {
      for (let i = 0; i < 4; i++) {
        await store.createScan({ id: `s${i}`, list: 'l', type: 'web', startedAt: iso(i * 10), targets: [] });
        await store.finishScan(`s${i}`, iso(i * 10 + 1));
      }
      assert.deepEqual(
        (await store.finishedScans('l', 'web', 2)).map((s) => s.id),
        ['s3', 's2'],
      );
      assert.deepEqual(await store.finishedScans('l', 'mail', 2), []);
    });

    it('creates a scan of 10,000 targets in list order', async function () {
      this.timeout(60_000);
      const targets = Array.from({ length: 10_000 }, (_, i) => ({ domain: `d${i}.nl`, org: `Org ${i}` }));
      await store.createScan({ id: 'big', list: 'big', type: 'mail', startedAt: iso(0), targets });
      const rest = await store.remaining('big');
      assert.equal(rest.length, 10_000);
      assert.deepEqual(rest[9_999], { domain: 'd9999.nl', org: 'Org 9999' });
      assert.deepEqual(rest[5_000], { domain: 'd5000.nl', org: 'Org 5000' });
      assert.equal((await store.scan('big'))?.total, 10_000);
    });

    it('each schedule run is claimed once, also by callers racing for it; its outcome is kept', async () => {
      await store.addSchedule({
        id: 'r1',
        conversation: 'slack:T1:C1',
        list: 'gemeenten',
        type: 'mail',
        cron: '0 9 * * 1',
        createdBy: 'U1',
        createdAt: iso(0),
      });
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => store.claimRun('r1', '2026-11-30T08:00Z', iso(1))),
      );
      assert.equal(claims.filter(Boolean).length, 1);
      assert.equal(await store.lastRun('r1'), '2026-11-30T08:00Z');
      assert.deepEqual(await store.lastRunOutcome('r1'), {
        runKey: '2026-11-30T08:00Z',
        at: iso(1),
        outcome: 'running',
      });
      await store.finishRun('r1', '2026-11-30T08:00Z', 'failed', 'x'.repeat(1000));
      const outcome = await store.lastRunOutcome('r1');
      assert.equal(outcome?.outcome, 'failed');
      assert.equal(outcome?.detail?.length, 300);
      assert.equal(await store.claimRun('r1', '2026-12-07T08:00Z', iso(2)), true);
      assert.equal(await store.lastRun('r1'), '2026-12-07T08:00Z');
      assert.equal(await store.lastRun('r2'), undefined);
      assert.deepEqual(
        (await store.schedules('slack:T1:C1')).map((s) => [s.id, s.cron, s.type, s.createdAt]),
        [['r1', '0 9 * * 1', 'mail', iso(0)]],
      );
      assert.deepEqual(await store.schedules('slack:T1:C2'), []);
      assert.equal(await store.removeSchedule('r1'), true);
      assert.equal(await store.removeSchedule('r1'), false);
      assert.equal(await store.removeSchedulesOf('slack:T1:C1'), 0);
    });

    it('a run whose process stopped is taken over once; a live, finished or foreign run is not', async () => {
      await store.addSchedule({
        id: 'r1',
        conversation: 'c1',
        list: 'l',
        type: 'mail',
        cron: '0 9 * * 1',
        createdBy: 'U1',
        createdAt: iso(-100),
      });
      assert.equal(await store.claimRun('r1', 'k1', iso(0), 'host:1'), true);
      await store.setRunMessage('r1', 'k1', { conversation: { channel: 'C1' }, id: '1000.5' });
      await store.heartbeatRun('r1', 'k1', iso(2));
      // A watch's daily claim (no schedule behind it) is never "taken over".
      assert.equal(await store.claimRun('watch:w1', '2026-11-28', iso(0)), true);
      assert.equal(await store.takeOverRun(iso(2), iso(-60), iso(3), 'host:2'), undefined, 'alive at iso(2)');
      assert.equal(await store.takeOverRun(iso(5), iso(1), iso(6), 'host:2'), undefined, 'claimed too long ago');
      const takers = await Promise.all(
        ['host:2', 'host:3', 'host:4', 'host:5'].map((o) => store.takeOverRun(iso(5), iso(-60), iso(6), o)),
      );
      const taken = takers.filter((t) => t !== undefined);
      assert.equal(taken.length, 1, 'one process takes it');
      assert.deepEqual(
        { scheduleId: taken[0]?.scheduleId, runKey: taken[0]?.runKey, message: taken[0]?.message },
        { scheduleId: 'r1', runKey: 'k1', message: { conversation: { channel: 'C1' }, id: '1000.5' } },
      );
      // The taker's heartbeat is fresh: nobody takes it from the taker.
      assert.equal(await store.takeOverRun(iso(5), iso(-60), iso(7), 'host:9'), undefined);
      await store.finishRun('r1', 'k1', 'posted');
      assert.equal(await store.takeOverRun(iso(50), iso(-60), iso(51), 'host:9'), undefined, 'finished');
      assert.equal((await store.lastRunOutcome('r1'))?.outcome, 'posted');
    });

    it('exceptions lapse at their date; conversations keep their language and can be marked dead', async () => {
      await store.addException({
        id: 'e1',
        domain: 'a.nl',
        standard: 'dane',
        reason: 'provider',
        until: '2027-01-01T00:00:00.000Z',
        createdBy: 'U1',
        createdAt: iso(0),
        conversation: 'web:local',
      });
      assert.equal((await store.exceptions('2026-12-31T00:00:00.000Z')).length, 1);
      assert.equal((await store.exceptions('2026-12-31T00:00:00.000Z', 'b.nl')).length, 0);
      assert.deepEqual((await store.exceptions('2026-12-31T00:00:00.000Z', 'a.nl'))[0]?.conversation, 'web:local');
      assert.equal((await store.exceptions('2027-01-01T00:00:00.000Z')).length, 0);
      await store.saveConversation({ platform: 'slack', key: 'slack:T1:C1', ref: { channel: 'C1' }, lang: 'nl' });
      // Saved again without a language: the language stays.
      await store.saveConversation({ platform: 'slack', key: 'slack:T1:C1', ref: { channel: 'C1', ts: '1' } });
      await store.markConversationDead('slack:T1:C1');
      assert.deepEqual(await store.conversation('slack:T1:C1'), {
        platform: 'slack',
        key: 'slack:T1:C1',
        ref: { channel: 'C1', ts: '1' },
        lang: 'nl',
        dead: true,
      });
      assert.equal(await store.conversation('slack:T1:C9'), undefined);
    });

    it('watches keep what they last saw; claims close when fixed and can be claimed again', async () => {
      await store.addWatch({
        id: 'w1',
        conversation: 'c1',
        domain: 'a.nl',
        type: 'all',
        createdBy: 'U1',
        createdAt: iso(0),
      });
      await store.updateWatch('w1', { mail_auth_spf_exist: 'passed' }, { spf: 'v=spf1 -all' }, 'ts1');
      await store.updateWatch('w1', { mail_auth_spf_exist: 'failed' }, { spf: '' });
      assert.deepEqual(await store.watches('c1'), [
        {
          id: 'w1',
          conversation: 'c1',
          domain: 'a.nl',
          type: 'all',
          createdBy: 'U1',
          createdAt: iso(0),
          last: { mail_auth_spf_exist: 'failed' },
          lastObserved: { spf: '' },
          thread: 'ts1',
        },
      ]);
      assert.equal((await store.watches()).length, 1);
      assert.equal(await store.removeWatch('w1'), true);
      assert.deepEqual(await store.watches(), []);

      await store.addClaim({ domain: 'a.nl', test: 'spf', user: 'U1', conversation: 'c1', claimedAt: iso(0) });
      await store.addClaim({
        domain: 'b.nl',
        test: 'spf',
        user: 'U2',
        conversation: 'c1',
        thread: 't',
        claimedAt: iso(1),
      });
      assert.equal((await store.openClaims()).length, 2);
      await store.markClaimFixed('a.nl', 'spf', iso(2));
      assert.deepEqual(await store.openClaims('a.nl'), []);
      assert.deepEqual(await store.openClaims('b.nl'), [
        { domain: 'b.nl', test: 'spf', user: 'U2', conversation: 'c1', thread: 't', claimedAt: iso(1) },
      ]);
      await store.addClaim({ domain: 'a.nl', test: 'spf', user: 'U1', conversation: 'c2', claimedAt: iso(3) });
      assert.deepEqual(
        (await store.openClaims('a.nl')).map((c) => [c.conversation, c.claimedAt]),
        [['c2', iso(3)]],
      );
    });

    it('a saved list replaces one of the same name and keeps its order', async () => {
      await store.saveList('mijnlijst', [{ domain: 'x.nl' }, { domain: 'y.nl', org: 'Y' }], 'U1', iso(0));
      assert.deepEqual(await store.list('mijnlijst'), [{ domain: 'x.nl' }, { domain: 'y.nl', org: 'Y' }]);
      await store.saveList('mijnlijst', [{ domain: 'z.nl', mailDomain: 'm.z.nl' }], 'U2', iso(1));
      assert.deepEqual(await store.list('mijnlijst'), [{ domain: 'z.nl', mailDomain: 'm.z.nl' }]);
      await store.saveList('leeg', [], 'U2', iso(1));
      assert.deepEqual(await store.list('leeg'), []);
      assert.equal(await store.list('onbekend'), undefined);
    });

    it('a card is kept for its buttons, replaced when saved again, and forgotten after 30 days', async () => {
      const card = (id: string, at: string, claimers: string[] = []) => ({
        checkId: id,
        conversation: 'slack:T1:C1',
        ref: { conversation: { platform: 'slack', workspace: 'T1', channel: 'C1' }, id: '1000.1' },
        state: { domain: 'a.nl', type: 'mail', reports: [fakeReport('a.nl', T0)], claimers },
        savedAt: at,
      });
      await store.saveCard(card('cOld', iso(0)));
      await store.saveCard(card('cNew', iso(1)));
      await store.saveCard(card('cNew', iso(2), ['anne']));
      assert.deepEqual(await store.card('cNew'), card('cNew', iso(2), ['anne']));
      assert.equal(await store.card('cNone'), undefined);
      // A card saved 31 days later sweeps the old ones out.
      await store.saveCard(card('cLater', new Date(T0 + 31 * 86_400_000).toISOString()));
      assert.equal(await store.card('cOld'), undefined);
      assert.equal(await store.ping(), true);
    });

    it('a platform delivery is first once within its window, also when racing; later it may be again', async () => {
      const firsts = await Promise.all(Array.from({ length: 6 }, () => store.firstDelivery('slack:Ev1', T0, 60_000)));
      assert.equal(firsts.filter(Boolean).length, 1);
      assert.equal(await store.firstDelivery('slack:Ev1', T0 + 30_000, 60_000), false);
      assert.equal(await store.firstDelivery('slack:Ev2', T0 + 30_000, 60_000), true);
      // Past the window the old key is forgotten.
      assert.equal(await store.firstDelivery('slack:Ev1', T0 + 120_000, 60_000), true);
    });

    it('a domain with a test that could not be run is checked once more at the end, and reported once', async () => {
      const asked: string[] = [];
      const lost = (d: string): ReturnType<typeof fakeReport> => ({
        ...fakeReport(d, T0),
        tests: { mail_auth_spf_exist: { status: 'error', reason: 'lookup_failed', details: {} } },
      });
      const targets = ['a.nl', 'b.nl', 'c.nl', 'd.nl'].map((domain) => ({ domain }));
      const outcome = await runScan({
        list: 'retry',
        type: 'mail',
        targets,
        store,
        concurrency: 2,
        now: () => T0,
        newId: () => 'r1',
        check: async (t) => {
          asked.push(t.domain);
          return [
            t.domain === 'd.nl' || (t.domain === 'b.nl' && asked.filter((x) => x === 'b.nl').length === 1)
              ? lost(t.domain)
              : fakeReport(t.domain, T0),
          ];
        },
      });
      assert.deepEqual([outcome.finished, outcome.checked, outcome.retried, outcome.stillError], [true, 4, 2, 1]);
      const rows = await store.results('r1');
      assert.equal(rows.find((r) => r.domain === 'b.nl')?.reports[0]?.tests.mail_auth_spf_exist?.status, 'passed');
      assert.equal(rows.length, 4);
    });
  });
}
