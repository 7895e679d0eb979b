// Comments anchored to text, version history, backlinks and [[links]],
// end to end: the real frontend in Chromium against the real Go services.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until, waitForBody } from './lib/harness.mjs';

// Payloads aimed at [[links]] (kept apart from xss-corpus.json: a click on a
// wikilink rightly asks Go to resolve its title).
const wikiCorpus = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../frontend/src/lib/markdown/wikilink-xss.json'), 'utf8'));

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Creates a page with a body through the bridge. */
async function createPage(page, title, body) {
  const p = await call(page, 'Pages', 'Create', { title, spaceId: '', parentId: '', from: '' });
  if (body) await call(page, 'Pages', 'Edit', p.id, 'e2e', p.rev, [{ pos: 0, del: 0, ins: body }]);
  return p;
}

async function openPage(page, title) {
  await page.getByTestId('page-item').filter({ hasText: title }).first().click();
  await page.getByTestId('page-title').or(page.getByTestId('read-title')).first().waitFor();
}

/**
 * ours drops errors thrown inside Wails' dev-only ipc.js (an event arriving
 * over its WebSocket while a reloaded page has no runtime yet); like the
 * harness's own exception, that code is not in the production binary.
 */

const highlight = (page) => page.locator('.cm-content .cm-comment');

test('a comment stays on its word through edits elsewhere, then detaches, and is replied to and resolved', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const created = await createPage(a, 'Comment test', 'The quick brown fox jumps over the lazy dog.\n\nSecond paragraph with more words.');
  await a.reload();
  await a.waitForFunction(() => document.body.dataset.ready);
  await openPage(a, 'Comment test');

  // Select "brown" with the keyboard.
  await a.locator('.cm-content').click();
  await a.keyboard.press('Control+Home');
  for (let i = 0; i < 10; i++) await a.keyboard.press('ArrowRight');
  for (let i = 0; i < 5; i++) await a.keyboard.press('Shift+ArrowRight');
  await a.getByTestId('comment-selection').waitFor();
  await a.screenshot({ path: path.join(shots, 'page-comment-button.png') });
  await a.getByTestId('comment-selection').click();
  await a.getByTestId('comments-panel').waitFor();
  await a.getByTestId('comment-input').fill('Is it **really** brown? @Ada');
  await a.getByTestId('comment-input-submit').click();

  const thread = a.getByTestId('thread').first();
  await thread.waitFor();
  assert.match(await thread.innerText(), /brown/);
  assert.equal(await thread.locator('strong').innerText(), 'really', 'the comment is rendered Markdown');
  await until(async () => (await highlight(a).count()) === 1 && (await highlight(a).innerText()) === 'brown', 'the highlight on "brown"');
  const threads = await call(a, 'Comments', 'List', created.id);
  assert.equal(threads.length, 1);
  assert.equal(threads[0].quote, 'brown');

  await a.getByTestId('editor').click({ position: { x: 5, y: 5 } }); // clear the selection
  await a.screenshot({ path: path.join(shots, 'page-comments-light.png') });
  await a.emulateMedia({ colorScheme: 'dark' });
  await a.screenshot({ path: path.join(shots, 'page-comments-dark.png') });
  await a.emulateMedia({ colorScheme: 'light' });

  // Another window types before the word: the highlight follows it.
  const b = await openUI(browser, app);
  await openPage(b, 'Comment test');
  await b.locator('.cm-content').click();
  await b.keyboard.press('Control+Home');
  await b.keyboard.type('Very ');
  await waitForBody(b, created.id, 'Very The quick');
  await a.locator('.cm-content').filter({ hasText: 'Very The quick' }).waitFor();
  await until(async () => (await highlight(a).innerText()) === 'brown', 'the highlight to stay on "brown"');
  // …also once Go has mapped the thread over the edit and the panel refetched.
  await until(async () => (await call(a, 'Comments', 'List', created.id))[0].start === 15, 'Go to move the thread');
  await a.waitForTimeout(1200);
  assert.equal(await highlight(a).innerText(), 'brown');

  // Clicking a highlight opens the panel on its thread.
  await a.getByTestId('comments-toggle').click();
  await a.getByTestId('comments-panel').waitFor({ state: 'detached' });
  await highlight(a).click();
  await a.getByTestId('comments-panel').waitFor();
  await a.locator('[data-testid="thread"].active').waitFor();

  // Clicking the thread selects its text in the editor.
  await thread.getByRole('button', { name: /brown/ }).click();
  assert.equal(await a.evaluate(() => window.getSelection()?.toString()), 'brown');

  // Reply.
  await thread.getByTestId('reply-input').fill('Yes, *very* brown.');
  await thread.getByTestId('reply-input-submit').click();
  await thread.locator('em', { hasText: 'very' }).waitFor();

  // The other window deletes the word: the thread goes under Detached.
  await b.keyboard.press('Control+Home');
  for (let i = 0; i < 15; i++) await b.keyboard.press('ArrowRight');
  for (let i = 0; i < 6; i++) await b.keyboard.press('Shift+ArrowRight');
  await b.keyboard.press('Backspace');
  await waitForBody(b, created.id, 'Very The quick fox');
  const detached = a.getByTestId('detached-threads');
  await detached.waitFor({ timeout: 10_000 });
  assert.match(await detached.innerText(), /The text this comment was on was deleted/);
  assert.equal(await highlight(a).count(), 0);

  // Resolve it, then reopen it from the Resolved section.
  await detached.getByTestId('resolve-thread').click();
  await a.getByTestId('resolved-threads').waitFor();
  await a.getByTestId('resolved-toggle').click();
  const resolved = a.getByTestId('resolved-threads').getByTestId('thread');
  await resolved.waitFor();
  assert.equal((await call(a, 'Comments', 'List', created.id))[0].resolved, true);
  await resolved.getByTestId('reopen-thread').click();
  await until(async () => !(await call(a, 'Comments', 'List', created.id))[0].resolved, 'the thread to reopen');
  assert.deepEqual(ours([...a.errors, ...b.errors]), []);
});

test('history lists versions, compares with the current text and restores', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Grace Hopper');
  const created = await createPage(page, 'History test', 'line one\nline two\nline three');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await openPage(page, 'History test');

  await page.getByTestId('history-toggle').click();
  const panel = page.getByTestId('history-panel');
  await panel.waitFor();
  const version = panel.getByTestId('version').first();
  await version.waitFor();
  assert.match(await version.innerText(), /Grace Hopper/);
  assert.match(await version.innerText(), /change/);

  const versions = await call(page, 'Pages', 'Versions', created.id);
  await version.click();
  await page.getByTestId('version-preview').waitFor();
  await page.getByTestId('read-view').filter({ hasText: 'line two' }).waitFor();

  // Edit the page (the editor is hidden while a version is shown; go back).
  await page.getByRole('button', { name: 'Back to page' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nline four');
  await waitForBody(page, created.id, 'line four');

  // One person editing within minutes makes one version; pick the newest
  // one listed before the edit, as it was then.
  const older = versions[0];
  await until(async () => (await panel.getByTestId('version').count()) >= 1, 'versions');
  const v = panel.locator(`[data-version-id="${older.id}"]`);
  if ((await v.count()) > 0) await v.click();
  else await panel.getByTestId('version').last().click();
  await page.getByTestId('compare-toggle').check();
  const diff = page.getByTestId('diff');
  await diff.waitFor();
  await page.screenshot({ path: path.join(shots, 'page-history-diff-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'page-history-diff-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  const restore = page.getByTestId('restore-version');
  await restore.click();
  // Restoring loses nothing (the current text stays in the history): not drawn as destructive.
  assert.equal(await page.getByTestId('confirm-ok').getAttribute('data-destructive'), 'false');
  await page.getByTestId('confirm-ok').click();
  const shown = await call(page, 'Pages', 'Version', created.id, older.id);
  const p = await until(async () => {
    const x = await call(page, 'Pages', 'Open', created.id);
    return x.body === shown.body ? x : null;
  }, 'the restored body');
  assert.equal(p.body, shown.body);
  assert.deepEqual(ours(page.errors), []);
});

test('a named version is its own entry, and is opened, compared and restored', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Grace Hopper');
  const created = await createPage(page, 'Supplier contract', '# Supplier contract\n\nTerm: two years.\nPrice: fixed.');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await openPage(page, 'Supplier contract');
  await page.getByTestId('history-toggle').click();
  const panel = page.getByTestId('history-panel');
  await panel.getByTestId('version').first().waitFor();

  // Name the current version.
  await panel.getByTestId('name-version').click();
  await panel.getByTestId('version-name-input').fill('Sent to legal');
  await panel.getByTestId('version-name-input').press('Enter');
  const named = panel.locator('[data-testid=version][data-named=true]');
  await named.waitFor();
  assert.match(await named.innerText(), /Sent to legal/);

  // Edit on, within the same minutes: without the name, this would merge
  // into the same version.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nPrice: indexed to inflation.');
  await waitForBody(page, created.id, 'indexed to inflation');
  await until(async () => (await panel.getByTestId('version').count()) >= 2, 'the new edits to be listed above the named version');
  const entries = await panel.getByTestId('version').allInnerTexts();
  assert.doesNotMatch(entries[0], /Sent to legal/, 'the newest entry is the edits after the name');
  assert.match(entries[1], /Sent to legal/);
  await page.screenshot({ path: path.join(shots, 'page-history-named-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'page-history-named-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Open the named version: the text as it was when named.
  await named.click();
  await page.getByTestId('version-preview').waitFor();
  assert.match(await page.getByTestId('preview-version-name').innerText(), /Sent to legal/);
  const shown = page.getByTestId('read-view');
  await shown.filter({ hasText: 'Price: fixed.' }).waitFor();
  assert.doesNotMatch(await shown.innerText(), /indexed to inflation/);
  await page.screenshot({ path: path.join(shots, 'page-history-named-preview-light.png') });

  // Compare with now: the line added since shows as added.
  await page.getByTestId('compare-toggle').check();
  const diff = page.getByTestId('diff');
  await diff.waitFor();
  assert.match(await diff.locator('[data-op=add]').allInnerTexts().then((x) => x.join('\n')), /indexed to inflation/);

  // Restore it: the body is the named text again, as a new change on top.
  await page.getByTestId('restore-version').click();
  await page.getByTestId('confirm-ok').click();
  const p = await until(async () => {
    const x = await call(page, 'Pages', 'Open', created.id);
    return x.body === '# Supplier contract\n\nTerm: two years.\nPrice: fixed.' ? x : null;
  }, 'the named text to be restored');
  assert.equal(p.title, 'Supplier contract');
  const versions = await call(page, 'Pages', 'Versions', created.id);
  assert.ok(versions.some((v) => v.name === 'Sent to legal'), 'the name is kept after a restore');
  assert.deepEqual(ours(page.errors), []);
});

test('backlinks list linking pages and [[links]] open or create pages', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page);
  await createPage(page, 'Roadmap', 'Plans for the year.');
  await createPage(page, 'Meeting notes', 'We looked at the [[Roadmap|road map]] and at [[Budget 2027]].');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);

  await openPage(page, 'Roadmap');
  const backlinks = page.getByTestId('backlinks');
  await backlinks.waitFor();
  assert.match(await backlinks.innerText(), /Meeting notes/);
  await backlinks.getByTestId('backlink').first().click();
  await page.locator('.cm-content').filter({ hasText: 'We looked at' }).waitFor();

  await page.getByTestId('mode-read').click();
  const link = page.getByTestId('read-view').locator('a.wikilink', { hasText: 'road map' });
  await link.click();
  await page.getByTestId('read-title').filter({ hasText: 'Roadmap' }).waitFor();

  await page.getByTestId('backlinks').getByTestId('backlink').first().click();
  await page.getByTestId('read-title').filter({ hasText: 'Meeting notes' }).waitFor();
  await page.getByTestId('read-view').locator('a.wikilink', { hasText: 'Budget 2027' }).click();
  await page.getByTestId('confirm').waitFor();
  assert.match(await page.getByTestId('confirm').innerText(), /Create page ‘Budget 2027’/);
  assert.equal(await page.getByTestId('confirm-ok').getAttribute('data-destructive'), 'false', 'making a page is not drawn as destructive');
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('read-title').filter({ hasText: 'Budget 2027' }).or(page.getByTestId('page-title')).first().waitFor();
  await until(async () => (await call(page, 'Pages', 'List')).some((p) => p.title === 'Budget 2027'), 'the new page');
  assert.deepEqual(ours(page.errors), []);
});

test('[[link]] payloads render inert and a click only asks for the title', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await setup(page);
  await createPage(page, 'Wiki payloads', wikiCorpus.map((c) => c.payload).join('\n\n') + '\n\nThe end.');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await openPage(page, 'Wiki payloads');
  await page.locator('.cm-content').filter({ hasText: 'The end.' }).waitFor();
  await page.getByTestId('mode-read').click();
  const view = page.getByTestId('read-view');
  await view.filter({ hasText: 'The end.' }).waitFor();
  const links = await view.locator('a.wikilink').all();
  assert.ok(links.length >= 3, `only ${links.length} wikilinks rendered`);
  for (const a of links) {
    assert.deepEqual((await a.evaluate((el) => el.getAttributeNames().sort())), ['class', 'data-wikilink', 'role', 'tabindex']);
    const title = await a.getAttribute('data-wikilink');
    await a.click();
    const confirm = page.getByTestId('confirm');
    await confirm.waitFor();
    assert.ok((await confirm.innerText()).includes(`‘${title}’`), `the dialog names ${title}`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
  }
  assert.equal(await view.locator('script, img, iframe, [onclick], [style]').count(), 0);
  assert.equal(page.url().startsWith(app.url), true, 'the window did not navigate');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(ours(page.errors), []);
});
