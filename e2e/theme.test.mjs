// Light, dark, or as the system is: chosen in People → Clock & look, kept
// on this device, and followed at once.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme is chosen in the app, kept, and "as the system" follows the system', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { colorScheme: 'light' });
  await setup(page);
  const light = await background(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');

  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-time').click();
  await page.getByTestId('theme').locator('label', { hasText: 'Dark' }).click();
  await page.locator('[data-testid=theme-dark]:checked').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const dark = await background(page);
  assert.notEqual(dark, light, 'the page turned dark');
  await page.getByTestId('time-settings').screenshot({ path: path.join(shots, 'theme-dark.png') });

  // Kept on this device, across a reload, whatever the system says.
  await page.reload();
  await page.getByTestId('new-page').waitFor();
  assert.equal(await background(page), dark);

  // As the system: it follows the system's preference as it changes.
  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-time').click();
  await page.getByTestId('theme').locator('label', { hasText: 'As the system' }).click();
  assert.equal(await background(page), light);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal(await background(page), dark);
  assert.deepEqual(page.errors, []);
});
