import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCard, CARD_LIMITS } from '../../adapters/teams/render-card';
import { cardReply, fixReply, helpReply, type CardState } from '../../src/bot/replies';
import { summaryReply } from '../../src/bot/summary-reply';
import type { Reply } from '../../src/bot/types';
import type { Report } from '../../src/report/types';
import { testsOf } from '../../src/report/test-catalogue';

// The official Adaptive Cards SDK, as its UMD bundle (its ES modules do not load in Node 20).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a UMD bundle loads only through require
const AC = require(join(__dirname, '..', '..', '..', 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js')) as {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: { message: string }[] };
    getActionCount(): number;
    getItemCount(): number;
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

const GOLDEN = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cards');
const report: Report = {
  type: 'mail',
  startedAt: '2026-11-28T10:00:00.000Z',
  durationMs: 900,
  guideline: 'ncsc-2025',
  score: 62,
  categories: {},
  tests: Object.fromEntries(
    testsOf('mail').map((t) => [
      t.id,
      t.id === 'mail_auth_dmarc_policy'
        ? { status: 'failed' as const, reason: 'policy_none', details: { record: 'v=DMARC1; p=none' } }
        : t.id === 'mail_starttls_dane_exist'
          ? { status: 'failed' as const, reason: 'no_tlsa', details: {} }
          : { status: 'passed' as const, reason: 'record_found', details: {} },
    ]),
  ),
  custom: { mx_hosts: ['mx.gemeente.nl'] },
  pending: [],
  dnsQueries: 30,
};
const state: CardState = {
  domain: 'gemeente.nl',
  type: 'mail',
  results: new Map(Object.entries(report.tests).map(([id, t]) => [id, { id, ...t }])),
  reports: [report],
  checkId: 'c1',
  claimers: ['Anne'],
};
const replies: Record<string, Reply> = {
  card: cardReply(state, 'nl'),
  fix: fixReply('gemeente.nl', [report], 'en'),
  help: helpReply('nl'),
  summary: summaryReply(
    {
      list: 'gemeenten',
      scanId: 's',
      at: '2026-11-30T08:00:00.000Z',
      organisations: 342,
      standards: [
        {
          standard: 'dmarc',
          type: 'mail',
          passed: 210,
          failed: 130,
          couldNotTest: 2,
          explained: 0,
          notApplicable: 0,
          share: 61,
        },
      ],
      headline: { mail: { compliant: 80, total: 342, share: 23 } },
      improvements: [],
      regressions: [],
      counts: { improvements: 0, regressions: 0 },
      providers: [],
      exceptions: [],
    },
    'nl',
  ),
  hostile: {
    headline: '<script>alert(1)</script> **vet** [link](http://x)',
    rows: [{ label: '_x_', status: 'failed', text: '`code` <b>' }],
    paragraphs: Array.from({ length: 30 }, (_, i) => `${i} ${'a'.repeat(3000)}`),
    code: ['x'.repeat(3000)],
    actions: [],
    fallback: 'f',
  },
};

function validate(card: unknown): string[] {
  const c = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  c.parse(card, ctx);
  const problems = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  return [...problems, ...c.validateProperties().validationEvents.map((e) => e.message)];
}

describe('Adaptive Card renderer (golden, and checked by the official Adaptive Cards parser)', () => {
  for (const [name, reply] of Object.entries(replies)) {
    it(`${name}: a valid 1.5 card within Teams' size limit`, () => {
      const msg = renderCard(reply);
      const card = msg.attachments[0]?.content as {
        version: string;
        actions?: { type: string; fallback?: { type: string } }[];
      };
      assert.equal(card.version, '1.5');
      assert.deepEqual(validate(card), []);
      assert.ok(Buffer.byteLength(JSON.stringify(card)) <= CARD_LIMITS.bytes + 1000);
      for (const a of card.actions ?? [])
        assert.deepEqual([a.type, a.fallback?.type], ['Action.Execute', 'Action.Submit']);
      const file = join(GOLDEN, `${name}.json`);
      const json = `${JSON.stringify(msg, null, 2)}\n`;
      if (!existsSync(file) || process.env.UPDATE_GOLDEN === '1') writeFileSync(file, json);
      assert.equal(json, readFileSync(file, 'utf8'), `golden ${name}.json (UPDATE_GOLDEN=1 to accept a change)`);
    });
  }

  it('puts all text in TextRuns (no Markdown applied, nothing to escape), and cuts what is too long visibly', () => {
    const card = renderCard(replies.hostile as Reply).attachments[0]?.content as {
      body: { type: string; inlines?: { text: string }[] }[];
    };
    const json = JSON.stringify(card);
    assert.ok(!json.includes('"TextBlock"'), 'no TextBlock: those would read Markdown');
    assert.equal(card.body[0]?.inlines?.[0]?.text, '<script>alert(1)</script> **vet** [link](http://x)');
    assert.match(json, /ingekort \/ truncated/);
  });

  it('shows `code` in our texts as monospace runs, without the backticks', () => {
    const card = renderCard({
      headline: 'h',
      rows: [],
      paragraphs: ['Probeer `check gemeente.nl` of `hulp`.'],
      code: [],
      actions: [],
      fallback: 'f',
    }).attachments[0]?.content as { body: { inlines?: { text: string; fontType?: string }[] }[] };
    assert.deepEqual(
      card.body[1]?.inlines?.map((r) => [r.text, r.fontType ?? '']),
      [
        ['Probeer ', ''],
        ['check gemeente.nl', 'Monospace'],
        [' of ', ''],
        ['hulp', 'Monospace'],
        ['.', ''],
      ],
    );
  });
});
