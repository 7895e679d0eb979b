// Issue 17: long lists cost what a screenful costs. A channel of 250 posts
// (older ones loaded with "Show older posts") keeps only the cards on
// screen plus a margin in the DOM; scrolling reaches the oldest one, the
// button after the list still works, and a new post shows at the top.
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

// scrollToEnd scrolls to the bottom until want is drawn and still drawn
// once the rows just drawn have been measured (rows taller than their
// estimate make the list longer, and the end moves on).
async function scrollToEnd(page, scroller, want) {
  const el = await scroller;
  for (let i = 0; i < 60; i++) {
    await el.evaluate((s) => { s.scrollTop = s.scrollHeight; });
    await page.waitForTimeout(150);
    if ((await want.count()) > 0) {
      await page.waitForTimeout(200);
      if ((await want.count()) > 0) return;
    }
  }
  assert.fail('scrolling to the end never drew the last row');
}

const POSTS = 250;
const title = (k) => `Update ${String(k).padStart(3, '0')}`;

test('a channel of 250 posts keeps a screenful of cards in the DOM and scrolls to the oldest', { timeout: 120_000 }, async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await setup(page);

  const ch = await call(page, 'Channels', 'Create', 'releases', 'Releases');
  await page.evaluate(async ([id, n]) => {
    for (let k = 0; k < n; k++) {
      const body = `Release notes for build ${k}.\n\n- fixed ${k % 7} bugs\n- ${'a longer line of text that wraps '.repeat(k % 5)}`;
      await window.go.app.Channels.CreatePost({ channelId: id, title: `Update ${String(k).padStart(3, '0')}`, body, requestAck: false });
    }
  }, [ch.id, POSTS]);

  await page.getByTestId('channel-item').filter({ hasText: 'releases' }).click();
  const list = page.getByTestId('feed-posts');
  const cards = page.getByTestId('post-card');
  await until(async () => Number(await list.getAttribute('data-count')) === 100, 'the first 100 posts');
  await page.getByTestId('post-card-title').filter({ hasText: title(POSTS - 1) }).waitFor();

  // Two pages of older posts: all 250 in the list, a screenful in the DOM.
  for (let loaded = 100; loaded < POSTS; loaded += 100) {
    await page.getByTestId('older-posts').scrollIntoViewIfNeeded();
    await page.getByTestId('older-posts').click();
    await until(async () => Number(await list.getAttribute('data-count')) === Math.min(POSTS, loaded + 100), `posts after ${loaded}`);
  }
  assert.equal(await page.getByTestId('older-posts').count(), 0, 'no more to load');
  const drawn = await cards.count();
  assert.ok(drawn > 3 && drawn <= 40, `${drawn} cards in the DOM for ${POSTS} posts`);
  // The list is as tall as all of its posts: the scrollbar tells the truth.
  const height = await list.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(height > POSTS * 60, `the list is ${height}px tall for ${POSTS} posts`);

  // Scrolling to the end draws the oldest post; the newest is gone from the DOM.
  const screen = page.locator('.screen').filter({ has: list });
  await scrollToEnd(page, screen.evaluateHandle((el) => el), page.getByTestId('post-card-title').filter({ hasText: title(0) }));
  assert.equal(await page.getByTestId('post-card-title').filter({ hasText: title(POSTS - 1) }).count(), 0, 'the newest card left the DOM');
  assert.ok((await cards.count()) <= 40, 'still a screenful at the end');
  // The cards do not overlap: each starts below the one before it.
  const tops = await cards.evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom]));
  tops.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < tops.length; i++) assert.ok(tops[i][0] >= tops[i - 1][1] - 1, `card ${i} overlaps the one above it`);
  await page.screenshot({ path: path.join(shots, 'feed-long-end.png') });

  // Back at the top, a new post appears first.
  await screen.evaluate((el) => { el.scrollTop = 0; });
  await call(page, 'Channels', 'CreatePost', { channelId: ch.id, title: 'Fresh news', body: 'Just in.', requestAck: false });
  // At the top it stays at the top: nothing writes an older scroll position back.
  await until(async () => (await page.getByTestId('post-card-title').first().textContent())?.includes('Fresh news'), 'the new post on top');
  assert.ok((await screen.evaluate((el) => el.scrollTop)) < 200, 'still scrolled to the top');
  assert.deepEqual(ours(errors), []);
});

const PEOPLE = 300;
const person = (i) => ({ name: `Person ${String(i).padStart(3, '0')}`, timeZone: 'Europe/Berlin', role: '', team: '', managerId: '', workStart: '09:00', workEnd: '17:00' });

test('a directory of 300 people draws a screenful and scrolls to the last one', { timeout: 120_000 }, async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await setup(page, 'Aaron Aalto');
  await page.evaluate(async (list) => {
    for (const p of list) await window.go.app.Members.Add(p);
  }, Array.from({ length: PEOPLE }, (_, i) => person(i)));

  await page.getByTestId('people-link').click();
  const list = page.getByTestId('people-list');
  await until(async () => Number(await list.getAttribute('data-count')) === PEOPLE + 1, 'everyone in the list');
  const rows = page.getByTestId('person');
  const drawn = await rows.count();
  assert.ok(drawn > 3 && drawn <= 40, `${drawn} people in the DOM for ${PEOPLE + 1}`);
  assert.equal(await list.getAttribute('role'), 'list');
  assert.equal(await rows.first().getAttribute('role'), 'listitem');

  const last = page.getByTestId('person').filter({ hasText: 'Person 299' });
  await scrollToEnd(page, list.evaluateHandle((el) => el.closest('.view, section') ?? document.scrollingElement), last);
  assert.ok((await rows.count()) <= 40, 'still a screenful at the end');
  // The row's menu still opens the person's dialog.
  await last.getByTestId('person-edit').click();
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: path.join(shots, 'people-long-end.png') });
  assert.deepEqual(ours(errors), []);
});
