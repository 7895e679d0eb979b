// The window's shell: it never scrolls as a whole, whatever is clicked or
// focused far down a screen; only the screen's own scroller moves.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, ours, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** shellOffsets is how far the document and the sidebar have moved from where they belong. */
const shellOffsets = (page) =>
  page.evaluate(() => ({
    document: document.scrollingElement.scrollTop + document.scrollingElement.scrollLeft,
    body: document.body.scrollTop,
    app: document.getElementById('app').scrollTop,
    sidebarTop: Math.round(document.querySelector('[data-testid=new-page]').closest('aside, nav, .sidebar')?.getBoundingClientRect().top ?? -1),
  }));

test('People → Devices: a click far down the panel scrolls the panel, never the window', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { viewport: { width: 1280, height: 640 } });
  await setup(page, 'Ada Lovelace');
  const before = await shellOffsets(page);
  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-devices').click();
  await page.getByTestId('file-settings').waitFor();
  // Far down the panel: the choice of when files are fetched.
  await page.getByTestId('people-view').evaluate((v) => { v.scrollTop = v.scrollHeight; });
  await page.getByText('When opened', { exact: true }).click();
  await until(() => page.getByTestId('fetch-opened').isChecked(), 'the choice to be taken');
  await page.keyboard.press('ArrowLeft');
  await page.getByText('Everything, as it arrives', { exact: true }).click();
  await page.getByTestId('max-file').focus();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, 'devices-far-down.png') });
  assert.deepEqual(await shellOffsets(page), before, 'the window did not scroll');
  assert.ok(await page.getByTestId('people-view').evaluate((v) => v.scrollTop > 0), 'the panel itself is scrolled');
  assert.deepEqual(ours(page.errors), []);
});
