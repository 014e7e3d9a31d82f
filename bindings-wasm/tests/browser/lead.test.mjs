// The support lead's flow in headless Chromium: the buyer's message pasted as plain text
// with a few fields gives an answer in sentences; the page fits 375, 900 and 1400 px
// without scrolling sideways (screenshots in test-results/lead-<width>.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results');
let server, browser;

before(async () => {
  server = await startServer(0);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const MESSAGE = 'Hi, my order of a floor lamp never arrived. It was due ten days ago. I want a refund now or I will open a dispute.';

for (const width of [375, 900, 1400]) {
  test(`plain text in, sentences out, no sideways scroll at ${width} px`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 1100 }, timezoneId: 'Europe/Paris', locale: 'en-GB' });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/playground/`);
    await page.waitForFunction(() => document.getElementById('answer').dataset.state === 'ready', null, { timeout: 30000 });
    await page.fill('#lead-text', MESSAGE);
    await page.selectOption('#lead-marketplace', 'amazon');
    await page.selectOption('#lead-market', 'DE');
    await page.fill('#lead-amount', '89.00');
    await page.fill('#lead-currency', 'EUR');
    await page.waitForFunction((m) => document.getElementById('answer').innerText.includes('€') && document.getElementById('answer').dataset.state === 'ready', MESSAGE, { timeout: 30000 });
    const answer = await page.locator('#answer').innerText();
    assert.match(answer, /never arrived|is late/i);
    assert.match(answer, /Urgency (red|orange|yellow|green)/);
    assert.match(answer, /What to offer/);
    assert.match(answer, /Deadlines \(Europe\/Paris\)/);
    assert.match(answer, /out of 100/);
    assert.doesNotMatch(answer, /risk\.reason\./, 'reasons are sentences, not keys');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at ${width} px`);
    await page.screenshot({ path: join(shots, `lead-${width}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
}
