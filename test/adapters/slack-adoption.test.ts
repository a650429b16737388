import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackHarness } from '../support/slack-harness';
import { ZoneResolver, txt } from '../support/zone-resolver';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';
import { SqliteStore } from '../../src/store/sqlite';

/**
 * Reports, watches, exceptions and permissions end to end on Slack: signed requests into Bolt, the
 * real engine on fixture DNS (mutated between runs), a real SQLite file, and the Web API stand-in.
 * Time is pinned: the scheduler and the watches are ticked with chosen instants.
 */
describe('adoption in Slack: reports, schedules, watches, exceptions', function () {
  this.timeout(30_000);
  let dir: string;
  let store: SqliteStore;
  let zone: ZoneResolver;
  let h: SlackHarness;
  let clock = Date.parse('2026-11-27T10:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-adopt-'));
    store = new SqliteStore(join(dir, 'mailcheck.db'));
    zone = new ZoneResolver(MUNICIPALITIES);
    clock = Date.parse('2026-11-27T10:00:00Z');
    h = new SlackHarness({ store, resolver: zone, now: () => clock }, { MAILCHECK_ADMINS: 'slack:UBOSS' });
    await h.start();
    h.api.admins.add('UADMIN');
  });
  afterEach(async () => {
    await h.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const texts = (): string[] =>
    h.api.calls
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .map((c) => String(c.args.text ?? ''));
  const waitFor = async (what: string, ok: () => boolean): Promise<void> => {
    const until = Date.now() + 15_000;
    while (!ok()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; saw: ${texts().slice(-3).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const adoption = () => {
    const a = h.bot?.core.adoption;
    assert.ok(a);
    return a;
  };

  it('only managers may schedule; anyone may read', async () => {
    await h.say('rapport toevoegen gemeenten maandag 09:00', { user: 'U123' });
    await waitFor('refusal', () => texts().some((t) => t.includes('Alleen beheerders')));
    assert.equal((await store.schedules()).length, 0);
    await h.say('rapport toevoegen gemeenten maandag 09:00', { user: 'UADMIN' });
    await h.say('report add provincies werkdagen 8:30', { user: 'UBOSS' });
    await waitFor('two schedules', () => texts().filter((t) => t.startsWith('Rapport ')).length === 2);
    assert.deepEqual((await store.schedules()).map((s) => [s.list, s.cron]).sort(), [
      ['gemeenten', '0 9 * * 1'],
      ['provincies', '30 8 * * 1-5'],
    ]);
    assert.ok(h.api.calls.some((c) => c.method === 'users.info' && c.args.user === 'UADMIN'));
    await h.say('rapport lijst', { user: 'U123' });
    await waitFor('the list', () => texts().some((t) => t.includes('Rapporten in dit gesprek')));
  });

  it('a scheduled report runs once, posts its summary with chart and CSV, and alerts a regression once', async () => {
    await h.say('lijst toevoegen proef goedgemeente.nl zwakgemeente.nl', { user: 'UADMIN' });
    await h.say('rapport toevoegen proef maandag 09:00', { user: 'UADMIN' });
    await waitFor('the schedule', () => texts().some((t) => t.startsWith('Rapport ')));
    clock = Date.parse('2026-11-30T08:00:30Z');
    assert.equal((await adoption().tickSchedules(clock)).length, 1);
    assert.equal((await adoption().tickSchedules(clock + 60_000)).length, 0, 'the same run never twice');
    await waitFor('the summary', () => texts().some((t) => t.startsWith('Adoptie proef: 2 organisaties')));
    const uploads = h.api.calls.filter((c) => c.method === 'files.completeUploadExternal');
    assert.equal(uploads.length, 2);
    const progress = h.api.calls.find(
      (c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('Bezig met proef'),
    );
    assert.ok(
      uploads.every(
        (u) =>
          String(u.args.thread_ts) ===
          String(
            h.api.calls.find((c) => c.method === 'chat.update' && String(c.args.text).startsWith('Adoptie proef'))?.args
              .ts,
          ),
      ),
    );
    assert.ok(progress);
    assert.ok(
      h.api.uploads.every((n) => n > 100),
      'chart and CSV have content',
    );

    // goedgemeente.nl weakens its DMARC policy; the next Monday's report says so, once.
    zone.zone.set('_dmarc.goedgemeente.nl', [txt('v=DMARC1; p=none')]);
    clock = Date.parse('2026-12-07T08:00:30Z');
    assert.equal((await adoption().tickSchedules(clock)).length, 1);
    await adoption().tickSchedules(clock + 120_000);
    const alerts = texts().filter((t) => t.startsWith('Achteruitgang sinds de vorige meting'));
    assert.equal(alerts.length, 1);
    assert.match(alerts[0] ?? '', /goedgemeente\.nl \(dmarc\)/);
  });

  it('a watch posts only on a change, in one thread, with the record before and after', async () => {
    await h.say('volg zwakgemeente.nl', { user: 'UADMIN' });
    await waitFor('the watch', () => texts().some((t) => t.startsWith('Ik volg zwakgemeente.nl')));
    assert.equal(
      await adoption().tickWatches(Date.parse('2026-11-28T07:00:00Z')),
      0,
      'the first check is the baseline',
    );
    zone.zone.set('_dmarc.zwakgemeente.nl', [txt('v=DMARC1; p=reject; rua=mailto:dmarc@zwakgemeente.nl')]);
    assert.equal(await adoption().tickWatches(Date.parse('2026-11-28T12:00:00Z')), 0, 'once a day');
    assert.equal(await adoption().tickWatches(Date.parse('2026-11-29T07:00:00Z')), 1);
    assert.equal(await adoption().tickWatches(Date.parse('2026-11-30T07:00:00Z')), 0, 'no change, no post');
    const post = h.api.calls.find(
      (c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('zwakgemeente.nl is veranderd'),
    );
    assert.ok(post);
    assert.match(JSON.stringify(post.args.blocks), /niet in orde → in orde/);
    assert.match(JSON.stringify(post.args.blocks), /p=none[\s\S]*p=reject/);
    zone.zone.set('_dmarc.zwakgemeente.nl', [txt('v=DMARC1; p=none')]);
    assert.equal(await adoption().tickWatches(Date.parse('2026-12-01T07:00:00Z')), 1);
    const second = h.api.calls.filter(
      (c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('zwakgemeente.nl is veranderd'),
    );
    assert.equal(second.length, 2);
    assert.equal(second[0]?.args.thread_ts, undefined);
    const thread = (await store.watches())[0]?.thread;
    assert.ok(thread);
    assert.equal(String(second[1]?.args.thread_ts), thread, "the second change goes into the first one's thread");
  });

  it('a list from a CSV shared with the command keeps organisation names and skips what is no domain', async () => {
    h.api.files.set(
      'gemeenten.csv',
      'name,domain\nGemeente Goed,goedgemeente.nl\nGemeente Zwak,ZwakGemeente.nl\nFout,niet een domein\n',
    );
    await h.say('lijst toevoegen proef', { user: 'UADMIN', files: ['gemeenten.csv'] });
    await waitFor('the list', () => texts().some((t) => t.startsWith('Lijst proef bewaard met 2 domeinen')));
    assert.deepEqual(await store.list('proef'), [
      { domain: 'goedgemeente.nl', org: 'Gemeente Goed' },
      { domain: 'zwakgemeente.nl', org: 'Gemeente Zwak' },
    ]);
    assert.ok(texts().some((t) => /1 regels waren geen domeinnaam/.test(t)));
    h.api.files.set('leeg.csv', 'domain\n');
    await h.say('lijst toevoegen leeg', { user: 'UADMIN', files: ['leeg.csv'] });
    await waitFor('the refusal', () => texts().some((t) => t.startsWith('Geen domeinen gevonden')));
    // A file URL on any other host is never fetched: the bot token goes to Slack's file host only.
    await h.say('lijst toevoegen elders', { user: 'UADMIN', files: ['https://files.example.invalid/gemeenten.csv'] });
    await waitFor(
      'the second refusal',
      () => texts().filter((t) => t.startsWith('Geen domeinen gevonden')).length === 2,
    );
    assert.equal(await store.list('elders'), undefined);
  });

  it('an exception is recorded and shown; a channel the bot left stops its schedules', async () => {
    await h.say('uitzondering zwakgemeente.nl dmarc wacht op de leverancier tot 2027-06-01', { user: 'UADMIN' });
    await waitFor('the exception', () => texts().some((t) => t.startsWith('Uitzondering vastgelegd: zwakgemeente.nl')));
    assert.deepEqual(
      (await store.exceptions('2026-12-01T00:00:00.000Z')).map((e) => [e.domain, e.standard, e.until]),
      [['zwakgemeente.nl', 'dmarc', '2027-06-01T00:00:00.000Z']],
    );
    await h.say('rapport toevoegen gemeenten maandag 09:00', { user: 'UADMIN' });
    await waitFor('the schedule', () => texts().some((t) => t.startsWith('Rapport ')));
    h.api.gone.add(h.channel);
    await adoption().tickSchedules(Date.parse('2026-11-30T08:00:30Z'));
    assert.equal((await store.schedules()).length, 0);
    assert.equal((await store.conversation(`slack:T1:${h.channel}`))?.dead, true);
  });
});
