import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, until, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a page written in the editor survives a backend restart', async (t) => {
  const dataDir = tempDataDir(t);
  let app = await startApp(dataDir);
  t.after(() => app.stop());

  let page = await openUI(browser, app);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'setup');
  await setup(page);

  await page.getByTestId('new-page').click();
  const title = page.getByTestId('page-title');
  await title.fill('Restart survival');
  await title.press('Enter');
  await page.locator('.cm-content').click();
  await page.keyboard.type('# Notes\nWritten before the restart: café ☕ and 👋🏽 emoji.');

  const [summary] = (await call(page, 'Pages', 'List')).filter((p) => p.title === 'Restart survival');
  assert.ok(summary, 'the renamed page is listed');
  await waitForBody(page, summary.id, 'emoji.');
  await page.screenshot({ path: path.join(shots, 'e2e-editor.png') });
  await page.context().close();

  await app.stop();
  app = await startApp(dataDir);

  page = await openUI(browser, app);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'main', 'setup is asked only once');
  await page.getByTestId('page-item').filter({ hasText: 'Restart survival' }).click();
  await assert.doesNotReject(page.locator('.cm-content').filter({ hasText: 'Written before the restart' }).waitFor());
  const text = await page.locator('.cm-content').innerText();
  assert.equal(text.replace(/\n+/g, '\n').trim(), '# Notes\nWritten before the restart: café ☕ and 👋🏽 emoji.');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an edit from another window arrives without moving the cursor', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Grace Hopper');
  const created = await call(a, 'Pages', 'Create', { title: 'Shared notes' });
  await a.reload();
  await a.waitForFunction(() => document.body.dataset.ready);
  const b = await openUI(browser, app);

  for (const p of [a, b]) {
    await p.getByTestId('page-item').filter({ hasText: 'Shared notes' }).click();
    await p.locator('.cm-content').click();
  }
  await b.keyboard.type('tail');
  await waitForBody(a, created.id, 'tail');
  await a.locator('.cm-content').filter({ hasText: 'tail' }).waitFor();

  // A types at the start; B's cursor is after "tail" and must stay there.
  await a.keyboard.press('Control+Home');
  await a.keyboard.type('head ');
  await waitForBody(a, created.id, 'head tail');
  await b.locator('.cm-content').filter({ hasText: 'head tail' }).waitFor();
  await b.keyboard.type('!');
  const p = await waitForBody(b, created.id, '!');
  assert.equal(p.body, 'head tail!');
  await a.locator('.cm-content').filter({ hasText: 'head tail!' }).waitFor();
  assert.deepEqual([...a.errors, ...b.errors], []);
});

test('trash, restore and search', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { colorScheme: 'dark' });
  await setup(page, 'Katherine Johnson');
  for (const [title, body] of [['Incident review', '## Timeline\n\n- The **failover** took [nine minutes](https://status.example/42).'], ['Hiring plan', 'Two engineers.']]) {
    const p = await call(page, 'Pages', 'Create', { title });
    await call(page, 'Pages', 'Edit', p.id, 'e2e', p.rev, [{ pos: 0, del: 0, ins: body }]);
  }
  await page.getByTestId('page-item').filter({ hasText: 'Hiring plan' }).waitFor();

  // Search from the palette and open the hit. Two letters find the page
  // whose title they start; a short last word after a whole one narrows
  // that word's hits rather than emptying the list.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('hi');
  await until(async () => /Hiring plan/.test((await page.getByTestId('palette-result').allInnerTexts())[0]), 'two letters find the title they start');
  await page.screenshot({ path: path.join(shots, 'e2e-search-short.png') });
  await page.getByTestId('palette-input').fill('engineers ni');
  await until(async () => /Hiring plan/.test((await page.getByTestId('palette-result').allInnerTexts())[0]), 'a short last word keeps the whole word\'s hits');
  await page.getByTestId('palette-input').fill('failo');
  const hit = page.getByTestId('palette-result').first();
  await until(async () => /Incident review/.test((await page.getByTestId('palette-result').allInnerTexts())[0]), 'the hit for "failo"');
  // The snippet reads as the page does, not as its Markdown (#18: 6).
  const snippet = await hit.locator('.hit-snippet').innerText();
  assert.match(snippet, /Timeline\s+The failover took nine minutes\./);
  assert.doesNotMatch(snippet, /[#*\[\]()]|https:/);
  await page.screenshot({ path: path.join(shots, 'e2e-search-dark.png') });
  await page.keyboard.press('Enter');
  await page.locator('.cm-content').filter({ hasText: 'nine minutes' }).waitFor();
  assert.equal(await page.getByTestId('page-title').inputValue(), 'Incident review');

  // Trash it, find it in the trash, restore it.
  await page.getByTestId('delete-page').click();
  await page.getByTestId('page-item').filter({ hasText: 'Incident review' }).waitFor({ state: 'detached' });
  await page.getByTestId('trash-link').click();
  await page.getByTestId('restore-page').first().click();
  await page.getByTestId('page-item').filter({ hasText: 'Incident review' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('while the editor is still loading, a new page shows and its body takes the keyboard once it arrives', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');

  // The editor's code comes after the first screen (loadEditor.ts); here it is held back.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\/assets\/Editor-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const written = await call(page, 'Pages', 'Create', { title: 'Already written' });
  await call(page, 'Pages', 'Edit', written.id, 'e2e', written.rev, [{ pos: 0, del: 0, ins: 'Text that shows **at once**.' }]);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === 'main');

  // A page opened meanwhile shows its text as Read would.
  await page.getByTestId('page-item').filter({ hasText: 'Already written' }).click();
  const waiting = page.getByTestId('editor-waiting');
  await waiting.waitFor();
  assert.equal(await waiting.locator('strong').innerText(), 'at once');
  assert.equal(await waiting.getAttribute('aria-busy'), 'true');

  // A new page, named in the New page dialog: the body is to get the keyboard.
  await page.getByTestId('new-page').click();
  const title = page.getByTestId('new-page-dialog').getByTestId('page-title');
  await title.fill('Written early');
  await title.press('Enter');
  await page.getByTestId('new-page-dialog').waitFor({ state: 'detached' });
  await until(async () => (await page.getByTestId('main').getByTestId('page-title').inputValue()) === 'Written early', 'the new page to open');
  await page.getByTestId('editor-waiting').waitFor();
  assert.equal(await page.locator('.cm-content').count(), 0, 'no editor before its code arrives');

  release();
  await page.locator('.cm-content').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('.cm-content') !== null);
  await page.keyboard.type('The body, not the title.');
  const [summary] = (await call(page, 'Pages', 'List')).filter((p) => p.title === 'Written early');
  assert.ok(summary, 'the title stayed the title');
  await waitForBody(page, summary.id, 'The body, not the title.');
  assert.deepEqual(page.errors, []);
});
