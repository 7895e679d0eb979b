// Keyboard paths that must never lose what a person typed: a new page's
// title, a post's title and body, a comment or a dialog dismissed with Esc.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** focusedField names where the keyboard is: the page title, the page body, or something else. */
const focusedField = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (el?.id === 'page-title') return 'title';
    if (el?.closest('.cm-content')) return 'body';
    return el?.tagName ?? '';
  });

test('Ctrl+N, a title, Enter: typing goes on in the body and the title stays', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  await a.keyboard.press('Control+n');
  const dialog = a.getByTestId('new-page-dialog');
  await dialog.waitFor();
  await a.keyboard.type('Weekly notes');
  await a.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await a.locator('#page-title').waitFor();
  assert.equal(await a.locator('#page-title').inputValue(), 'Weekly notes');
  // Wait for the page to settle where it puts the keyboard, then type on.
  await until(async () => ['title', 'body'].includes(await focusedField(a)), 'the keyboard to land in the page');
  await a.waitForTimeout(300);
  assert.equal(await focusedField(a), 'body', 'the keyboard is in the body');
  assert.equal(await a.evaluate(() => window.getSelection()?.toString()), '', 'nothing is selected');
  await a.keyboard.type('First line of the body');
  const p = await until(async () => {
    const list = await call(a, 'Pages', 'List');
    const found = list.find((x) => x.title === 'Weekly notes');
    if (!found) return null;
    const page = await call(a, 'Pages', 'Open', found.id);
    return page.body === 'First line of the body' ? page : null;
  }, 'the body to be saved under the title');
  assert.equal(p.title, 'Weekly notes');
  assert.equal(await a.locator('#page-title').inputValue(), 'Weekly notes');

  // Enter in the page's own title: to the start of the body, nothing selected.
  await a.locator('#page-title').click();
  await a.keyboard.press('End');
  await a.keyboard.type(' 2027');
  await a.keyboard.press('Enter');
  await a.keyboard.type('Top: ');
  await until(async () => (await call(a, 'Pages', 'Open', p.id)).body === 'Top: First line of the body', 'typing at the start of the body');
  await until(async () => (await call(a, 'Pages', 'Open', p.id)).title === 'Weekly notes 2027', 'the title to be saved');
  assert.deepEqual(ours(a.errors), []);
});

test('a post: Tab from the title goes to the body, "?" is text there, Esc asks before throwing it away', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  await a.getByTestId('channel-item').filter({ hasText: 'General' }).click();
  await a.getByTestId('new-post').click();
  await a.getByTestId('composer-title').waitFor();
  await a.keyboard.type('Release on Friday');
  await a.keyboard.press('Tab');
  await a.keyboard.type('Is everyone ready? Say so here.');
  assert.equal(await a.getByTestId('shortcuts').count(), 0, 'the shortcut sheet stays shut');
  assert.equal(await a.getByTestId('composer-body').inputValue(), 'Is everyone ready? Say so here.');

  // Esc does not throw the post away: it asks, and a second Esc keeps writing.
  await a.keyboard.press('Escape');
  await a.getByTestId('discard-bar').waitFor();
  assert.equal(await a.getByTestId('composer-title').inputValue(), 'Release on Friday');
  await a.keyboard.press('Escape');
  await a.getByTestId('discard-bar').waitFor({ state: 'detached' });
  assert.equal(await a.getByTestId('composer-body').inputValue(), 'Is everyone ready? Say so here.');
  await a.getByTestId('composer-submit').click();
  await a.getByTestId('thread-view').waitFor();
  assert.equal(await a.getByTestId('post-title').innerText(), 'Release on Friday');
  assert.match(await a.getByTestId('post-body').innerText(), /Is everyone ready\? Say so here\./);
  assert.deepEqual(ours(a.errors), []);
});

test('Esc in the @ list closes the list only; Esc on typed text asks, in a comment and in a dialog', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const created = await call(a, 'Pages', 'Create', { title: 'Esc test', spaceId: '', parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', created.id, 'e2e', created.rev, [{ pos: 0, del: 0, ins: 'Some words to comment on.' }]);
  await a.reload();
  await a.waitForFunction(() => document.body.dataset.ready);
  await a.getByTestId('page-item').filter({ hasText: 'Esc test' }).first().click();
  await a.locator('.cm-content').filter({ hasText: 'Some words' }).waitFor();
  await a.locator('.cm-content').click();
  await a.keyboard.press('Control+Home');
  for (let i = 0; i < 10; i++) await a.keyboard.press('Shift+ArrowRight');
  await a.keyboard.press('Control+Alt+m');
  const input = a.getByTestId('comment-input');
  await input.waitFor();
  await a.keyboard.type('Ask @Ad');
  const list = a.getByRole('listbox', { name: 'People' });
  await list.waitFor();
  await a.keyboard.press('Escape');
  await list.waitFor({ state: 'detached' });
  assert.equal(await input.inputValue(), 'Ask @Ad', 'the comment is still being written');
  await a.keyboard.press('Escape');
  await a.getByTestId('discard-bar').waitFor();
  assert.equal(await a.getByTestId('comment-draft').count(), 1, 'the draft is still there');
  await a.getByTestId('discard-keep').click();
  assert.equal(await input.inputValue(), 'Ask @Ad');
  await a.keyboard.type('a about this.');
  await input.press('Control+Enter');
  await until(async () => (await call(a, 'Comments', 'List', created.id)).length === 1, 'the comment');

  // A dialog with typed text: Esc asks; Keep writing keeps it; Discard closes.
  await a.getByTestId('new-channel').click();
  const dialog = a.getByTestId('new-channel-dialog');
  await dialog.waitFor();
  await a.getByTestId('new-channel-name').fill('launch-q3');
  await a.getByTestId('new-channel-name').press('Escape');
  await a.getByTestId('discard-bar').waitFor();
  assert.equal(await dialog.count(), 1, 'the dialog is still open');
  await a.keyboard.press('Escape');
  await a.getByTestId('discard-bar').waitFor({ state: 'detached' });
  assert.equal(await a.getByTestId('new-channel-name').inputValue(), 'launch-q3');
  await a.getByTestId('new-channel-name').press('Escape');
  await a.getByTestId('discard-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  // An empty dialog still closes on Esc at once.
  await a.getByTestId('new-channel').click();
  await dialog.waitFor();
  await a.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(ours(a.errors), []);
});
