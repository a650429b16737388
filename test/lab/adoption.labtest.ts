import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labLayout, type LabState } from './layout';
import { StubResolver } from '../../src/dns/stub-resolver';
import { SqliteStore } from '../../src/store/sqlite';
import { SlackHarness } from '../support/slack-harness';
import { TeamsHarness } from '../support/teams-harness';

/**
 * Adoption end to end in the lab: a list of lab domains scanned by a scheduled report, the summary
 * posted to the Slack stand-in, a record changed in the lab's DNS (Knot re-signs it), and the next
 * scheduled scan posting the regression alert exactly once. Real DNS, DNSSEC, SMTP and HTTPS servers.
 */
const lay = labLayout();
const state = JSON.parse(readFileSync(lay.state, 'utf8')) as LabState;
const knotc = (...args: string[]): string =>
  execFileSync('knotc', ['-s', join(lay.knot.sld, 'knot.sock'), ...args], { encoding: 'utf8' });
const flush = (zone: string): void => {
  execFileSync('unbound-control', ['-c', join(lay.unbound, 'unbound.conf'), 'flush_zone', zone], { stdio: 'ignore' });
};
const setDmarc = (value: string): void => {
  knotc('zone-begin', 'goedgemeente.nl');
  knotc('zone-unset', 'goedgemeente.nl', '_dmarc', 'TXT');
  knotc('zone-set', 'goedgemeente.nl', '_dmarc', '300', 'TXT', `"${value}"`);
  knotc('zone-commit', 'goedgemeente.nl');
  flush('goedgemeente.nl');
};

describe('lab: a scheduled adoption report, a DNS change, one regression alert', function () {
  this.timeout(240_000);
  const ORIGINAL = 'v=DMARC1; p=reject; rua=mailto:dmarc@goedgemeente.nl';
  let dir: string;
  let store: SqliteStore;
  let h: SlackHarness;
  let clock = Date.parse('2026-11-27T10:00:00Z');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-lab-adopt-'));
    store = new SqliteStore(join(dir, 'mailcheck.db'));
    // No cache in front of the lab resolver: the second scan must see the changed record.
    const resolver = new StubResolver({ servers: [{ host: state.resolver, port: 53 }], timeoutMs: 2000, attempts: 2 });
    h = new SlackHarness(
      { store, resolver, now: () => clock },
      { MAILCHECK_ALLOW_PRIVATE: '1', MAILCHECK_TRUST_ANCHOR: state.trustAnchor, MAILCHECK_ADMINS: 'slack:UADMIN' },
    );
    await h.start();
  });
  after(async () => {
    setDmarc(ORIGINAL);
    await h.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the summary, then the regression once', async () => {
    const texts = (): string[] =>
      h.api.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .map((c) => String(c.args.text ?? ''));
    const until = async (what: string, ok: () => boolean): Promise<void> => {
      const end = Date.now() + 60_000;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await h.say('lijst toevoegen lab goedgemeente.nl geenmail.nl spfdubbel.nl oudetls.nl', { user: 'UADMIN' });
    await h.say('rapport toevoegen lab maandag 09:00', { user: 'UADMIN' });
    await until('the schedule', () => texts().some((t) => t.startsWith('Rapport ')));
    const adoption = h.bot?.core.adoption;
    assert.ok(adoption);

    clock = Date.parse('2026-11-30T08:00:10Z');
    assert.equal((await adoption.tickSchedules(clock)).length, 1);
    await until('the first summary', () => texts().some((t) => t.startsWith('Adoptie lab: 4 organisaties')));
    const first = texts().find((t) => t.startsWith('Adoptie lab')) ?? '';
    const dmarcShare = (t: string): number => Number(/DMARC \(strikt\): (\d+)% in orde/.exec(t)?.[1] ?? NaN);
    assert.ok(dmarcShare(first) >= 25, first);
    assert.equal(h.api.calls.filter((c) => c.method === 'files.completeUploadExternal').length, 2);

    setDmarc('v=DMARC1; p=none; rua=mailto:dmarc@goedgemeente.nl');
    clock = Date.parse('2026-12-07T08:00:10Z');
    assert.equal((await adoption.tickSchedules(clock)).length, 1);
    assert.equal((await adoption.tickSchedules(clock + 60_000)).length, 0);
    const alerts = texts().filter((t) => t.startsWith('Achteruitgang sinds de vorige meting'));
    assert.equal(alerts.length, 1, texts().join('\n'));
    assert.match(alerts[0] ?? '', /goedgemeente\.nl \(dmarc\)/);
    const second = [...texts()].reverse().find((t) => t.startsWith('Adoptie lab')) ?? '';
    assert.equal(dmarcShare(second), dmarcShare(first) - 25, second);
    assert.match(second, /\(-25\)/);
  });
});

describe('lab: the same scheduled report into Microsoft Teams (Bot Connector stand-in)', function () {
  this.timeout(240_000);
  let dir: string;
  let store: SqliteStore;
  let h: TeamsHarness;
  let clock = Date.parse('2026-11-27T10:00:00Z');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-lab-teams-'));
    store = new SqliteStore(join(dir, 'mailcheck.db'));
    const resolver = new StubResolver({ servers: [{ host: state.resolver, port: 53 }], timeoutMs: 2000, attempts: 2 });
    h = new TeamsHarness(
      { store, resolver, now: () => clock },
      { MAILCHECK_ALLOW_PRIVATE: '1', MAILCHECK_TRUST_ANCHOR: state.trustAnchor, MAILCHECK_ADMINS: 'teams:U123' },
    );
    await h.start();
  });
  after(async () => {
    await h.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the summary card with the chart in its thread', async () => {
    const texts = (): string[] => h.connector.calls.map((c) => String(c.activity.text ?? ''));
    await h.say('lijst toevoegen lab goedgemeente.nl geenmail.nl spfdubbel.nl oudetls.nl');
    await h.say('rapport toevoegen lab maandag 09:00');
    const end = Date.now() + 30_000;
    while (!texts().some((t) => t.startsWith('Rapport ')) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    clock = Date.parse('2026-11-30T08:00:10Z');
    assert.equal((await h.bot?.core.adoption?.tickSchedules(clock))?.length, 1);
    const summary = h.connector.calls.find(
      (c) => c.method === 'update' && String(c.activity.text).startsWith('Adoptie lab: 4 organisaties'),
    );
    assert.ok(summary, texts().join(' | '));
    assert.ok(
      h.connector.calls.some(
        (c) =>
          c.conversation === `${h.channel};messageid=${summary.id}` &&
          JSON.stringify(c.activity.attachments ?? []).includes('image/png'),
      ),
    );
  });
});
