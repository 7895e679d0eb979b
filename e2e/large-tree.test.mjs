// A 10,000-page workspace: the sidebar draws the rows in view, not the
// whole tree; a branch's subpages load when it opens; and a page deep in
// the tree, opened from search, is revealed with its parents opened.
// The pages are seeded through the store by the dev build's -seed-pages
// (store/seed): 2,000 at the top of Company Handbook, 20 under each of the
// first 399, and a chain Deep 1 > … > Deep 8 under Topic 01500.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, startApp, tempDataDir } from './lib/harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const rows = (page) => page.getByTestId('page-item');
const row = (page, title) => page.locator(`[data-testid=page-item]:has(.title:text-is("${title}"))`);

test('a 10,000-page workspace: a virtual tree, loaded a branch at a time', async (t) => {
  const app = await startApp(tempDataDir(t), { args: ['--seed-pages', '10000'] });
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await row(page, 'Topic 00000').first().waitFor({ timeout: 60_000 });

  // The DOM holds the rows in view and a margin, not 2,000 (or 10,000).
  const drawn = await rows(page).count();
  assert.ok(drawn > 10 && drawn < 200, `${drawn} tree rows in the DOM; want fewer than 200`);
  // The list is as tall as all of the top level, so it scrolls through it.
  const total = Number(await page.getByTestId('space-tree').first().getAttribute('data-rows'));
  assert.ok(total >= 2000, `the first space's list spans ${total} rows; want its 2,000 top pages`);

  // Opening a branch loads its subpages: none of them is in the page before.
  assert.equal(await row(page, 'Topic 00003 · 07').count(), 0);
  await row(page, 'Topic 00003').first().focus();
  await page.keyboard.press('ArrowRight');
  await row(page, 'Topic 00003 · 07').waitFor();
  assert.equal(await page.locator('[data-testid=page-item][data-depth="2"]').count() >= 20, true, 'its 20 subpages show under it');

  // Scrolling far down draws other rows, and still few of them.
  await page.locator('.middle').evaluate((el) => { el.scrollTop = 28 * 1200; });
  await page.locator('[data-testid=page-item] .title:text-matches("^Topic 011[89]")').first().waitFor();
  assert.ok((await rows(page).count()) < 200);
  await page.locator('.middle').evaluate((el) => { el.scrollTop = 0; });

  // A deep page opened from search is revealed: its parents open, loaded
  // as far as it, and its row is in view.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('Deep 8');
  await page.getByTestId('palette-result').filter({ hasText: 'Deep 8' }).first().click();
  const deep = row(page, 'Deep 8');
  await deep.waitFor({ timeout: 20_000 });
  assert.equal(await deep.getAttribute('data-depth'), '9');
  assert.equal(await deep.getAttribute('aria-current'), 'page');
  await page.waitForFunction(() => {
    const el = [...document.querySelectorAll('[data-testid=page-item]')].find((x) => x.textContent.includes('Deep 8'));
    const box = el?.getBoundingClientRect();
    return box && box.top >= 0 && box.bottom <= window.innerHeight;
  });
  for (const title of ['Topic 01500', 'Deep 1', 'Deep 7']) assert.equal(await row(page, title).first().getAttribute('aria-expanded'), 'true', `${title} is open`);
  assert.ok((await rows(page).count()) < 200);

  // A page made elsewhere (a peer, the mirror) joins only its branch.
  const deep7 = await row(page, 'Deep 7').first().getAttribute('data-page-id');
  await page.evaluate((parentId) => window.go.app.Pages.Create({ title: 'Deep 8b', spaceId: '', parentId, from: '' }), deep7);
  await row(page, 'Deep 8b').waitFor();
  assert.equal(await row(page, 'Deep 8b').getAttribute('data-depth'), '9');
  assert.deepEqual(page.errors, []);
});
