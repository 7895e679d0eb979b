// Issue 17: long lists cost what a screenful costs. A channel of 250 posts
// (older ones loaded with "Show older posts") keeps only the cards on
// screen plus a margin in the DOM; scrolling reaches the oldest one, the
// button after the list still works, and a new post shows at the top. The
// same for the people directory, a chat read upwards from its newest
// message (earlier pages arrive above without moving the text) and the
// goal tree.
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

const MESSAGES = 450;
const line = (k) => `Message ${String(k).padStart(3, '0')}`;

test('a chat of 450 messages draws a screenful, loads earlier ones upwards in place, and stays at the newest', { timeout: 180_000 }, async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await setup(page, 'Aaron Aalto');
  const bo = await call(page, 'Members', 'Add', person(1));
  const chat = await call(page, 'Chats', 'Start', [bo.id]);
  await page.evaluate(async ([id, n]) => {
    for (let k = 0; k < n; k++) {
      const body = `Message ${String(k).padStart(3, '0')}: ${'a note that runs over more than one line when it is long enough, '.repeat(k % 4)}`;
      await window.go.app.Chats.Send(id, body);
    }
  }, [chat.id, MESSAGES]);

  await page.getByTestId('chat-item').click();
  const scroller = page.getByTestId('chat-messages');
  const messages = page.getByTestId('chat-message');
  // Opened at the newest message, on screen, with a screenful in the DOM.
  const newest = messages.filter({ hasText: line(MESSAGES - 1) });
  await newest.waitFor();
  await until(async () => (await scroller.evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight)) < 4, 'the chat at its newest message');
  assert.ok(await newest.isVisible());
  assert.ok((await messages.count()) <= 40, `${await messages.count()} messages in the DOM`);
  assert.equal(await page.getByTestId('chat-earlier').count(), 1, 'it says earlier messages exist');

  // Scrolling up brings the earlier pages; what was on screen stays put.
  for (let i = 0; i < 80 && (await page.getByTestId('chat-start').count()) === 0; i++) {
    const anchor = await scroller.evaluate((s) => {
      const top = s.getBoundingClientRect().top;
      const el = [...s.querySelectorAll('[data-testid=chat-message]')].find((m) => m.getBoundingClientRect().top >= top);
      return { id: el.dataset.messageId, y: el.getBoundingClientRect().top };
    });
    await scroller.evaluate((s) => { s.scrollTop = Math.max(0, s.scrollTop - s.clientHeight * 0.8); });
    await page.waitForTimeout(200);
    const moved = await scroller.evaluate((s, id) => s.querySelector(`[data-message-id="${id}"]`)?.getBoundingClientRect().top ?? null, anchor.id);
    // A step up moves the text down by about one step, never a page's worth more.
    if (moved !== null) assert.ok(moved - anchor.y < 1200, `the text jumped by ${moved - anchor.y}px on a step up`);
  }
  await page.getByTestId('chat-start').waitFor();
  await scroller.evaluate((s) => { s.scrollTop = 0; });
  await messages.filter({ hasText: line(0) }).waitFor();
  assert.ok(Number(await page.getByTestId('chat-log').getAttribute('data-count')) > MESSAGES, 'every message and its day in the list');
  assert.ok((await messages.count()) <= 40, 'still a screenful at the start');
  await page.screenshot({ path: path.join(shots, 'chat-long-start.png') });

  // Up there, a message of mine brings me down to it.
  await page.getByTestId('chat-input').fill('And one more, at the end.');
  await page.getByTestId('chat-input').press('Enter');
  const mine = messages.filter({ hasText: 'And one more, at the end.' });
  await mine.waitFor();
  await until(async () => (await scroller.evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight)) < 4, 'back at the newest message');
  assert.ok(await mine.isVisible());
  assert.deepEqual(ours(errors), []);
});

const GOALS = 300;

test('300 goals draw a screenful of rows and scroll to the last one', { timeout: 120_000 }, async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await setup(page, 'Aaron Aalto');
  await page.evaluate(async (n) => {
    const measure = { kind: 'number', unit: 'calls', start: 0, target: 10, current: 3, done: false };
    for (let k = 0; k < n; k++) {
      await window.go.app.Goals.Create({ title: `Goal ${String(k).padStart(3, '0')}`, description: '', parentId: '', level: 'weekly', scope: 'company',
        scopeTarget: '', ownerId: '', periodStart: '', periodEnd: '', measure, status: 'on_track', confidence: 60, scoreboard: false });
    }
  }, GOALS);

  await page.getByTestId('nav-goals').click();
  const tree = page.getByTestId('goal-tree');
  const list = tree.locator('.vlist');
  await until(async () => Number(await list.getAttribute('data-count')) === GOALS, 'every goal in the tree');
  const rows = tree.getByTestId('goal-row');
  const drawn = await rows.count();
  assert.ok(drawn > 3 && drawn <= 40, `${drawn} goal rows in the DOM for ${GOALS}`);
  const height = await list.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(height > GOALS * 30, `the tree is ${height}px tall for ${GOALS} goals`);

  const scroller = list.evaluateHandle((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const y = getComputedStyle(p).overflowY;
      if (y === 'auto' || y === 'scroll') return p;
    }
    return document.scrollingElement;
  });
  const lastRow = tree.locator(`.vrow[data-index="${GOALS - 1}"]`);
  await scrollToEnd(page, scroller, lastRow);
  assert.match(await lastRow.getByTestId('goal-title').innerText(), /^Goal \d{3}$/);
  assert.ok((await rows.count()) <= 40, 'still a screenful at the end');
  // The last row opens its goal.
  const title = await lastRow.getByTestId('goal-title').innerText();
  await lastRow.getByTestId('goal-title').click();
  const heading = page.getByTestId('goal-detail-title');
  await until(async () => (await heading.count()) > 0 && (await heading.innerText()) === title, 'the goal opened');
  assert.deepEqual(ours(errors), []);
});
