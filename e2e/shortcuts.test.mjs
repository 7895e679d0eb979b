// The shortcut sheet is the table the handlers read: this walks every row
// the sheet lists and checks that its keys do what the row says, on the
// screen where they apply, and that bare keys stay text in a text field.
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

/** press types a row's keys: "Mod+Shift+M" as one chord, "G I" as G then I. */
async function press(page, keys) {
  const names = { Mod: 'Control', Esc: 'Escape', '↑': 'ArrowUp', '↓': 'ArrowDown', '←': 'ArrowLeft', '→': 'ArrowRight' };
  for (const step of keys.split(' ')) {
    const parts = step.split(/\+(?=.)/).map((k) => names[k] ?? k);
    await page.keyboard.press(parts.join('+'));
  }
}

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? '');
const shown = (page, id) => page.getByTestId(id).waitFor();
const gone = (page, id) => page.getByTestId(id).waitFor({ state: 'detached' });

/** home puts the window on the page "Shortcuts", in Read view, with nothing focused. */
async function home(page) {
  await page.keyboard.press('Escape');
  await page.getByTestId('page-item').filter({ hasText: 'Shortcuts' }).first().click();
  await page.locator('#page-title, [data-testid=read-title]').first().waitFor();
  if (await page.getByTestId('mode-read').getAttribute('aria-pressed') !== 'true') await page.getByTestId('mode-read').click();
  await page.getByTestId('read-view').waitFor();
  await page.evaluate(() => document.activeElement?.blur());
}

async function screen(page, link, view) {
  await page.getByTestId(link).click();
  await shown(page, view);
  await page.evaluate(() => document.activeElement?.blur());
}

/** togglesPanel checks that keys open a page's panel and close it again, whichever it was. */
async function togglesPanel(p, keys, id) {
  const open = async () => (await p.getByTestId(id).count()) > 0;
  const was = await open();
  await press(p, keys);
  await until(async () => (await open()) !== was, `${keys} to toggle ${id}`);
  await press(p, keys);
  await until(async () => (await open()) === was, `${keys} to toggle ${id} back`);
}

// What each row of the sheet does, checked on the screen where it applies.
const checks = {
  async palette(p, keys) { await press(p, keys); await shown(p, 'palette'); await press(p, 'Esc'); await gone(p, 'palette'); },
  async search(p, keys) { await press(p, keys); await shown(p, 'palette'); assert.equal(await p.getByTestId('palette-input').inputValue(), '', '/ is not typed into the search'); await press(p, 'Esc'); },
  async 'new-page'(p, keys) { await press(p, keys); await shown(p, 'new-page-dialog'); await press(p, 'Esc'); await gone(p, 'new-page-dialog'); },
  async 'new-page-alt'(p, keys) { await checks['new-page'](p, keys); },
  async focus(p, keys) {
    await press(p, keys);
    await shown(p, 'focus-menu');
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('role')), 'menuitem', 'the keyboard is in the focus menu');
    await p.getByTestId('focus-25').click();
    await shown(p, 'focus-stop');
    await press(p, keys);
    await shown(p, 'focus-start');
  },
  async settings(p, keys) { await press(p, keys); await shown(p, 'people-view'); assert.equal(await p.getByTestId('people-tab-time').getAttribute('aria-selected'), 'true'); },
  async shortcuts(p, keys) { await press(p, keys); await shown(p, 'shortcuts'); await press(p, 'Esc'); await gone(p, 'shortcuts'); },
  async close(p, keys) { await press(p, '?'); await shown(p, 'shortcuts'); await press(p, keys); await gone(p, 'shortcuts'); },
  async 'go-inbox'(p, keys) { await press(p, keys); await shown(p, 'inbox-view'); },
  async 'go-reviews'(p, keys) { await press(p, keys); await shown(p, 'reviews-view'); },
  async 'go-people'(p, keys) { await press(p, keys); await shown(p, 'people-view'); },
  async 'go-goals'(p, keys) { await press(p, keys); await shown(p, 'goals-screen'); assert.equal(await p.getByTestId('scoreboard').count(), 0); },
  async 'go-scoreboard'(p, keys) { await press(p, keys); await shown(p, 'scoreboard'); },
  async 'go-trash'(p, keys) { await press(p, keys); await shown(p, 'trash-view'); },
  async 'next-item'(p, keys) {
    await p.getByTestId('channel-item').filter({ hasText: 'General' }).click();
    await p.getByTestId('post-card').nth(1).waitFor();
    await p.evaluate(() => document.activeElement?.blur());
    const label = () => p.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await press(p, keys);
    const first = await label();
    await press(p, keys);
    const second = await label();
    assert.ok(first && second && first !== second, `J moves down the posts: ${first} → ${second}`);
    // On People: the people, one after another.
    await screen(p, 'people-link', 'people-view');
    await press(p, keys);
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit Ada Lovelace');
    await press(p, keys);
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit Bo Tanaka');
  },
  async 'prev-item'(p, keys) {
    await screen(p, 'people-link', 'people-view');
    await press(p, 'J');
    await press(p, 'J');
    await press(p, keys);
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit Ada Lovelace');
  },
  async 'new-item'(p, keys) {
    await p.getByTestId('channel-item').filter({ hasText: 'General' }).click();
    await shown(p, 'channel-view');
    await press(p, keys);
    await shown(p, 'composer-title');
    await p.keyboard.press('Escape');
    await gone(p, 'composer-title');
    await screen(p, 'nav-goals', 'goals-screen');
    await press(p, keys);
    await shown(p, 'goal-form');
    await press(p, 'Esc');
    await gone(p, 'goal-form');
    await screen(p, 'people-link', 'people-view');
    await press(p, keys);
    await shown(p, 'person-dialog');
    await press(p, 'Esc');
    await gone(p, 'person-dialog');
  },
  async reply(p, keys) {
    await p.getByTestId('channel-item').filter({ hasText: 'General' }).click();
    await p.getByTestId('post-card').first().locator('button.open').click();
    await shown(p, 'thread-view');
    await p.locator('[data-testid^=post-reply-input]').first().waitFor(); // drawn after the thread
    await p.evaluate(() => document.activeElement?.blur());
    await press(p, keys);
    await until(async () => (await focusedTestId(p)).startsWith('post-reply-input'), 'R to put the keyboard in the reply box');
    await p.keyboard.type('r stays text here');
    assert.match(await p.evaluate(() => document.activeElement.value), /r stays text here$/);
    // In a chat: the message box.
    await p.getByTestId('chat-item').first().click();
    await shown(p, 'chat-view');
    await p.evaluate(() => document.activeElement?.blur());
    await press(p, keys);
    assert.equal(await focusedTestId(p), 'chat-input');
  },
  async 'toggle-read'(p, keys) {
    await press(p, keys);
    await p.locator('.cm-content').waitFor();
    await press(p, keys);
    await shown(p, 'read-view');
  },
  async comment(p, keys) {
    await p.getByTestId('read-view').locator('p').first().selectText();
    await press(p, keys);
    await shown(p, 'comment-input');
    await press(p, 'Esc');
  },
  async 'comments-panel'(p, keys) { await togglesPanel(p, keys, 'comments-panel'); },
  async history(p, keys) { await togglesPanel(p, keys, 'history-panel'); },
  async 'tree-next'(p, keys) {
    await p.getByTestId('space-name').first().focus();
    const before = await p.evaluate(() => document.activeElement.textContent);
    await press(p, keys);
    assert.notEqual(await p.evaluate(() => document.activeElement.textContent), before);
  },
  async 'tree-prev'(p, keys) {
    await p.getByTestId('space-name').nth(1).focus();
    await press(p, keys);
    assert.ok(await p.evaluate(() => document.activeElement.closest('[data-testid=page-list]') !== null), 'the keyboard stays in the tree');
    assert.notEqual(await p.evaluate(() => document.activeElement.textContent), await p.getByTestId('space-name').nth(1).textContent());
  },
  async 'tree-collapse'(p, keys) {
    const space = p.getByTestId('space-name').first();
    await space.focus();
    await press(p, keys);
    await until(async () => (await p.getByTestId('space').first().locator('button.chev').getAttribute('aria-expanded')) === 'false', 'the space to fold');
    await press(p, '→');
  },
  async 'tree-expand'(p, keys) {
    await p.getByTestId('space-name').first().focus();
    await press(p, '←');
    await press(p, keys);
    await until(async () => (await p.getByTestId('space').first().locator('button.chev').getAttribute('aria-expanded')) === 'true', 'the space to unfold');
  },
  async 'space-up'(p, keys) {
    const names = () => p.getByTestId('space-name').allInnerTexts();
    const before = await names();
    await p.getByTestId('space-name').nth(1).focus();
    await press(p, keys);
    await until(async () => (await names())[0] === before[1], 'the second space to move up');
  },
  async 'space-down'(p, keys) {
    const names = () => p.getByTestId('space-name').allInnerTexts();
    const before = await names();
    await p.getByTestId('space-name').first().focus();
    await press(p, keys);
    await until(async () => (await names())[1] === before[0], 'the first space to move down');
  },
};

test('every shortcut the sheet lists does what it says', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const created = await call(page, 'Pages', 'Create', { title: 'Shortcuts', spaceId: '', parentId: '', from: '' });
  await call(page, 'Pages', 'Edit', created.id, 'e2e', created.rev, [{ pos: 0, del: 0, ins: 'A line worth a comment.' }]);
  const bo = await call(page, 'Members', 'Add', { name: 'Bo Tanaka', timeZone: 'Asia/Tokyo', role: '', team: '', managerId: '', workStart: '', workEnd: '' });
  await call(page, 'Chats', 'Start', [bo.id]);
  const general = (await call(page, 'Channels', 'List')).find((c) => c.name === 'General').id;
  for (const title of ['First post', 'Second post']) await call(page, 'Channels', 'CreatePost', { channelId: general, title, body: 'Words.', requestAck: false });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);

  // The rows come from the sheet itself, so a row added without its check fails here.
  await home(page);
  await page.keyboard.press('?');
  await shown(page, 'shortcuts');
  await page.getByTestId('shortcuts').screenshot({ path: path.join(shots, 'shortcut-sheet-light.png') });
  const rows = await page.getByTestId('shortcuts').locator('[data-shortcut-id]').evaluateAll((els) =>
    els.map((el) => ({ id: el.dataset.shortcutId, keys: [...el.querySelectorAll('dd')].map((dd) => [...dd.children].map((c) => (c.tagName === 'KBD' ? c.textContent : ' ')).join('+')).join('').replace(/\+ \+/g, ' ').replace(/^Ctrl\+/, 'Mod+').replace(/ Ctrl\+/g, ' Mod+') })),
  );
  await page.keyboard.press('Escape');
  assert.ok(rows.length >= 25, `the sheet lists the table: ${rows.length} rows`);
  for (const { id, keys } of rows) {
    assert.ok(checks[id], `a check for the row ${id} (${keys})`);
    await t.test(`${keys}: ${id}`, async () => {
      await home(page);
      await checks[id](page, keys);
    });
  }
  assert.deepEqual(ours(page.errors), []);
});

test('bare keys are text in a field; chords still work there', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  await page.getByTestId('channel-item').filter({ hasText: 'General' }).click();
  await page.getByTestId('new-post').click();
  await page.getByTestId('composer-title').waitFor();
  await page.keyboard.type('g i j k n r / ?');
  assert.equal(await page.getByTestId('composer-title').inputValue(), 'g i j k n r / ?');
  assert.equal(await page.getByTestId('inbox-view').count(), 0, 'G I typed in a field does not leave the screen');
  assert.equal(await page.getByTestId('shortcuts').count(), 0);
  await page.keyboard.press('Control+k');
  await shown(page, 'palette');
  assert.deepEqual(ours(page.errors), []);
});
