import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startBot, type RunningBot } from '../../adapters/main';
import { loadConfig } from '../../src/config';
import { ZoneResolver } from '../support/zone-resolver';
import { MUNICIPALITIES } from '../fixtures/zones/municipalities';

/**
 * The local web chat in a real browser (Debian's Chromium, driven by playwright-core): type a command,
 * watch the card fill in, press "how to fix", read the thread. A screenshot is saved for review.
 */
const OUT = join(__dirname, '..', '..', '..', 'test-output');

describe('local web chat in headless Chromium', () => {
  let bot: RunningBot;
  let browser: Browser;
  before(async () => {
    bot = await startBot(loadConfig({ PORT: '0', MAILCHECK_DB: ':memory:' }), {
      resolver: new ZoneResolver(MUNICIPALITIES),
    });
    browser = await chromium.launch({
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
  });
  after(async () => {
    await browser?.close();
    await bot?.close();
  });

  it('checks a domain, fills the card in place, and shows the fix in its thread', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${bot.port}/`);
    await page.fill('#t', '/mailcheck zwakgemeente.nl');
    await page.press('#t', 'Enter');
    const card = page.locator('.card', { hasText: 'E-mailtest zwakgemeente.nl' });
    await card.waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.me').first().textContent(), '/mailcheck zwakgemeente.nl');
    assert.equal(await page.locator('.card').count(), 1, 'one card, updated in place');
    assert.match((await card.locator('tr', { hasText: 'DMARC' }).textContent()) ?? '', /none/);
    await card.locator('button[data-action="fix"]').click();
    const fix = page.locator('.thread .card', { hasText: 'Zo lost u de bevindingen' });
    await fix.waitFor({ timeout: 10_000 });
    assert.match(
      (await fix.locator('pre').textContent()) ?? '',
      /_dmarc\.zwakgemeente\.nl\. IN TXT "v=DMARC1; p=quarantine/,
    );
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'web-chat.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('shows hostile input as text, never as markup', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${bot.port}/`);
    await page.fill('#t', '<img src=x onerror="document.title=\'pwned\'"> check');
    await page.press('#t', 'Enter');
    await page.locator('.card', { hasText: 'check gemeente.nl' }).waitFor({ timeout: 10_000 });
    assert.notEqual(await page.title(), 'pwned');
    assert.equal(await page.locator('img').count(), 0);
  });
});
