// Tooltips are our own element, never the native title (WebKitGTK leaves a
// native one painted after its button is gone): shown on hover and on
// keyboard focus, gone with Escape and with the element they describe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** shownTip is the text of the tooltip on screen, or null when none is. */
const shownTip = (page) =>
  page.evaluate(() => {
    const tips = [...document.querySelectorAll('[role=tooltip]')].filter((t) => !t.hidden && t.getBoundingClientRect().width > 0);
    return tips.length ? tips.map((t) => t.textContent).join(' | ') : null;
  });

/** nativeTitles lists the elements that would show a native tooltip. */
const nativeTitles = (page) =>
  page.evaluate(() => [...document.querySelectorAll('[title]')].map((e) => `${e.tagName.toLowerCase()}[title="${e.getAttribute('title')}"]`));

async function withPage(t, opts = {}) {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, opts);
  await setup(page, 'Ada Lovelace');
  const created = await call(page, 'Pages', 'Create', { title: 'Tooltips', spaceId: '', parentId: '', from: '' });
  await call(page, 'Pages', 'Edit', created.id, 'e2e', created.rev, [{ pos: 0, del: 0, ins: 'A [link](https://example.com "Example site") here.' }]);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('page-item').filter({ hasText: 'Tooltips' }).first().click();
  await page.getByTestId('history-toggle').waitFor();
  return page;
}

test('hovering shows our tooltip; it goes with its button, on Escape, and no element keeps a native title', async (t) => {
  const page = await withPage(t);

  // Hover: the tip comes after a short rest, with the button's words.
  await page.getByTestId('history-toggle').hover();
  await until(async () => (await shownTip(page)) === 'Version history', 'the tooltip of the history button');
  await page.screenshot({ path: path.join(shots, 'tooltip-hover-light.png') });

  // The screen changes under the resting pointer: the tip does not stay.
  await page.evaluate(() => document.querySelector('[data-testid=inbox-link]').click());
  await page.getByTestId('history-toggle').waitFor({ state: 'detached' });
  await page.waitForTimeout(600);
  assert.equal(await shownTip(page), null, 'no tooltip once its button is gone');

  // No screen has an element with a native title tooltip.
  const seen = {};
  for (const link of ['inbox-link', 'reviews-link', 'people-link', 'nav-goals', 'trash-link']) {
    await page.getByTestId(link).click();
    await page.waitForTimeout(300);
    seen[link] = await nativeTitles(page);
  }
  await page.getByTestId('channel-item').first().click();
  await page.getByTestId('new-post').waitFor();
  seen.channel = await nativeTitles(page);
  await page.getByTestId('page-item').filter({ hasText: 'Tooltips' }).first().click();
  await page.getByTestId('mode-read').click();
  await page.locator('.markdown a', { hasText: 'link' }).waitFor();
  seen.read = await nativeTitles(page);
  for (const [screen, titles] of Object.entries(seen)) assert.deepEqual(titles, [], `native titles on ${screen}`);

  // A link's own title (user content) shows in our tooltip too.
  await page.locator('.markdown a', { hasText: 'link' }).hover();
  await until(async () => (await shownTip(page)) === 'Example site', 'the link title in the tooltip');
  await page.mouse.move(5, 500);
  await until(async () => (await shownTip(page)) === null, 'the tooltip to go when the pointer leaves');
  assert.deepEqual(ours(page.errors), []);
});

test('keyboard focus shows the tooltip at once and names the button; Escape hides it', async (t) => {
  const page = await withPage(t, { colorScheme: 'dark' });
  await page.getByTestId('sync-now').waitFor();
  // Tab from the sidebar's search button until Sync now has the keyboard.
  await page.getByTestId('search-button').focus();
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'sync-now');
  }
  assert.ok(found, 'Tab reaches Sync now');
  // On focus, with no pointer over anything (no hover to wait for).
  await until(async () => (await shownTip(page)) === 'Sync now', 'the tip to show on keyboard focus');
  const a11y = await page.evaluate(() => {
    const b = document.querySelector('[data-testid=sync-now]');
    return { label: b.getAttribute('aria-label'), describedBy: b.getAttribute('aria-describedby') };
  });
  assert.ok(a11y.label === 'Sync now' || a11y.describedBy, `the button is named or described by its tip: ${JSON.stringify(a11y)}`);
  const box = await page.evaluate(() => {
    const r = document.querySelector('[role=tooltip]:not([hidden])').getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, w: innerWidth, h: innerHeight };
  });
  assert.ok(box.left >= 0 && box.right <= box.w && box.top >= 0 && box.bottom <= box.h, `the tip is inside the window: ${JSON.stringify(box)}`);
  await page.screenshot({ path: path.join(shots, 'tooltip-focus-dark.png') });

  await page.keyboard.press('Escape');
  assert.equal(await shownTip(page), null, 'Escape hides the tip');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'sync-now', 'the keyboard stays where it was');

  // Tab on: the next button's tip replaces it; Tab out of the window's buttons leaves none.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await shownTip(page), 'Sync now');
  await page.locator('#page-title').focus();
  assert.equal(await shownTip(page), null, 'blur hides the tip');
  assert.deepEqual(ours(page.errors), []);
});
