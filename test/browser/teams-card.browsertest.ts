import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { renderCard } from '../../adapters/teams/render-card';
import { cardReply, type CardState } from '../../src/bot/replies';
import type { Report } from '../../src/report/types';
import { testsOf } from '../../src/report/test-catalogue';

/** One of our Adaptive Cards rendered by the official Adaptive Cards renderer in headless Chromium. */
const OUT = join(__dirname, '..', '..', '..', 'test-output');
const AC_JS = join(__dirname, '..', '..', '..', 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');

describe('a Teams card in headless Chromium (official Adaptive Cards renderer)', () => {
  it('renders the result card with its rows and buttons', async () => {
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
            ? { status: 'failed' as const, reason: 'policy_none', details: {} }
            : t.id.startsWith('mail_starttls_dane')
              ? { status: 'failed' as const, reason: 'no_tlsa', details: {} }
              : { status: 'passed' as const, reason: 'ok', details: {} },
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
      claimers: [],
    };
    const card = renderCard(cardReply(state, 'nl')).attachments[0]?.content;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 560, height: 640 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(
        '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;background:#f5f5f5;padding:12px"><div id="card" style="background:#fff;padding:8px;border-radius:6px"></div></body></html>',
      );
      await page.addScriptTag({ path: AC_JS });
      // The page's own script (this project compiles without DOM types): parse, render, measure.
      const rendered = (await page.evaluate(`(() => {
        const c = new AdaptiveCards.AdaptiveCard();
        c.parse(${JSON.stringify(card)});
        const el = c.render();
        document.getElementById('card').appendChild(el);
        return { text: el.innerText, buttons: el.querySelectorAll('button').length };
      })()`)) as { text: string; buttons: number };
      assert.deepEqual(errors, []);
      assert.match(rendered.text, /E-mailtest gemeente\.nl/);
      assert.match(rendered.text, /DMARC/);
      assert.equal(rendered.buttons, ((card as { actions?: unknown[] }).actions ?? []).length);
      assert.ok(rendered.buttons >= 1);
      assert.doesNotMatch(rendered.text, /\*\*|\\-/, 'no Markdown residue');
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: join(OUT, 'teams-card.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
