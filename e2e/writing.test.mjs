// Writing as in the editors people know (#18): the formatting toolbar, the
// "/" menu, live preview (marks hidden away from the cursor, the stored
// text still Markdown), ticking a task, and HTML pasted as Markdown.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const body = async (page, id) => (await call(page, 'Pages', 'Open', id)).body;

/** untilBody waits for the stored body to pass ok, and names the body it last saw when it does not. */
async function untilBody(page, id, ok, what) {
  let last = '';
  try {
    return await until(async () => ok((last = await body(page, id))), what);
  } catch (e) {
    throw new Error(`${e.message}; the body is ${JSON.stringify(last)}`);
  }
}

test('the toolbar, the / menu, live preview, tasks and pasted HTML all write Markdown', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const doc = await call(page, 'Pages', 'Create', { title: 'Launch' });
  await call(page, 'Pages', 'Create', { title: 'Roadmap' });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('page-item').filter({ hasText: 'Launch' }).click();
  const bar = page.getByTestId('format-bar');
  await bar.waitFor();
  const editor = page.locator('.cm-content');
  await editor.click();

  // A heading from the toolbar; the button shows it.
  await page.keyboard.type('Launch plan');
  await page.getByTestId('format-h1').click();
  await untilBody(page, doc.id, (b) => b === '# Launch plan', 'the heading to be saved');
  assert.equal(await page.getByTestId('format-h1').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByTestId('format-bold').getAttribute('data-tip'), /^Bold \(Ctrl\+B\)$/);

  // Bold toggles: on, off, on again; the keyboard stays in the text.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('format-h1').getAttribute('aria-pressed'), 'false');
  await page.keyboard.type('We ship on Monday');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  const bold = page.getByTestId('format-bold');
  await bold.click();
  await untilBody(page, doc.id, (b) => b.endsWith('We ship on **Monday**'), 'bold to be saved');
  assert.equal(await bold.getAttribute('aria-pressed'), 'true');
  await bold.click();
  await untilBody(page, doc.id, (b) => b.endsWith('We ship on Monday'), 'bold to be taken off');
  assert.equal(await bold.getAttribute('aria-pressed'), 'false');
  await bold.click();
  await untilBody(page, doc.id, (b) => b.endsWith('We ship on **Monday**'), 'bold again');
  assert.ok(await editor.evaluate((el) => el.contains(document.activeElement)), 'the keyboard is still in the text');

  // "/link" makes a link to a page, opening the page completion.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('See /link');
  const menu = page.locator('.cm-tooltip-autocomplete');
  await menu.locator('li[aria-selected]', { hasText: 'Link to page' }).waitFor();
  await page.keyboard.press('Enter');
  await until(async () => (await menu.locator('li').count()) > 1, 'the page completion to open');
  // Enter typed before the titles have come back waits for them, and takes the first.
  await page.keyboard.type('Road');
  await page.keyboard.press('Enter');
  await untilBody(page, doc.id, (b) => b.endsWith('See [[Roadmap]]'), 'the page link to be saved');

  // Escape closes the menu only: the text typed stays, the page stays in Edit.
  await page.keyboard.press('Enter');
  await page.keyboard.type('/he');
  await until(async () => (await menu.locator('li .cm-completionLabel').allInnerTexts()).join() === 'Heading 1,Heading 2,Heading 3', 'the menu filtered to headings');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  await untilBody(page, doc.id, (b) => b.endsWith('\n/he'), 'the typed /he to stay');
  assert.equal(await page.getByTestId('mode-edit').getAttribute('aria-pressed'), 'true');
  assert.ok(await editor.evaluate((el) => el.contains(document.activeElement)));
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');

  // "Image or file" opens the attach chooser (Go's file dialog, stood in for here) and leaves no "/ima".
  await page.evaluate(() => {
    window.choseFile = 0;
    window.go.app.Attachments.ChooseFile = async () => {
      window.choseFile++;
      return { hash: '', name: '', ref: '', image: false };
    };
  });
  // Typed quickly, Enter before the menu has caught up with the last keys:
  // the best match for "/ima" is taken, not a new line.
  await page.keyboard.type('/ima');
  await page.keyboard.press('Enter');
  await untilBody(page, doc.id, (b) => b.endsWith('See [[Roadmap]]\n'), 'the /ima to go');
  assert.equal(await page.evaluate(() => window.choseFile), 1, 'the file chooser was asked once');
  await page.keyboard.press('Control+End');

  // The whole menu, then "/ta" → Task list.
  await page.keyboard.type('/');
  await menu.locator('li', { hasText: 'Divider' }).waitFor();
  await until(async () => (await menu.locator('li').count()) === 13, 'the whole menu');
  const labels = await menu.locator('li .cm-completionLabel').allInnerTexts();
  assert.deepEqual(labels.slice(0, 4), ['Heading 1', 'Heading 2', 'Heading 3', 'Bulleted list']);
  assert.ok(labels.includes('Image or file') && labels.at(-1) === 'Video');
  await page.mouse.move(1200, 700);
  await page.screenshot({ path: path.join(shots, 'editor-slash-menu.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await until(() => page.evaluate(() => document.documentElement.dataset.theme === 'dark'), 'the dark theme');
  await page.screenshot({ path: path.join(shots, 'editor-slash-menu-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.type('ta');
  await menu.locator('li[aria-selected]', { hasText: 'Task list' }).waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Write the notes');
  await untilBody(page, doc.id, (b) => b.endsWith('\n- [ ] Write the notes'), 'the task to be saved');
  assert.equal(await page.getByTestId('format-task').getAttribute('aria-pressed'), 'true');

  // Enter goes on with the list; the toolbar's Task list takes the new item's box away again.
  await page.keyboard.press('Enter');
  await page.getByTestId('format-task').click();
  await untilBody(page, doc.id, (b) => b.endsWith('- [ ] Write the notes\n'), 'an empty line after the task');

  // HTML on the clipboard (as from Google Docs) goes in as Markdown.
  await editor.evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><h2 dir="ltr"><span style="font-weight:400">Agenda</span></h2><p dir="ltr"><span style="font-weight:400">Budget </span><span style="font-weight:700">review</span><span style="font-weight:400"> with </span><a href="https://www.google.com/url?q=https://example.com/fin&amp;sa=D"><span>finance</span></a><script>alert(1)</script></p><ul><li><p><span>One</span></p></li><li><p><span>Two</span></p></li></ul></b>');
    dt.setData('text/plain', 'Agenda\nBudget review with finance\nOne\nTwo');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await untilBody(page, doc.id, (b) => b.endsWith('- Two'), 'the pasted Markdown to be saved');

  // Typing still goes through, and Ctrl+B works from the keyboard.
  await page.keyboard.type(' and three');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.press('Control+b');
  const want = [
    '# Launch plan',
    'We ship on **Monday**',
    'See [[Roadmap]]',
    '- [ ] Write the notes',
    '## Agenda',
    '',
    'Budget **review** with [finance](https://example.com/fin)',
    '',
    '- One',
    '- Two and **three**',
  ].join('\n');
  const saved = await waitForBody(page, doc.id, '**three**');
  assert.equal(saved.body, want);

  // Live preview: away from the cursor, no marks; the cursor's line as typed.
  await page.keyboard.press('Control+End');
  const line = (text) => page.locator('.cm-line', { hasText: text });
  await until(async () => (await line('We ship on').innerText()) === 'We ship on Monday', 'bold without its asterisks');
  assert.equal(await line('Launch plan').innerText(), 'Launch plan');
  assert.equal(await line('Agenda').innerText(), 'Agenda');
  assert.equal(await line('Budget').innerText(), 'Budget review with finance');
  assert.equal(await line('See').innerText(), 'See Roadmap');
  assert.equal(await line('See').locator('.cm-lp-wikilink').innerText(), 'Roadmap');
  assert.equal(await line('Budget').locator('.cm-lp-link').innerText(), 'finance');
  assert.equal(await line('Two and').innerText(), '- Two and **three**', 'the line with the cursor shows its Markdown');
  const weight = await line('We ship on').evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent === 'Monday') return getComputedStyle(n.parentElement).fontWeight;
    return '';
  });
  assert.ok(Number(weight) >= 600, `Monday is shown bold (font-weight ${weight})`);

  // A click on the task's box ticks it in the Markdown.
  const box = line('Write the notes').locator('input.cm-lp-task');
  assert.equal(await box.isChecked(), false);
  await box.click();
  await untilBody(page, doc.id, (b) => b.includes('- [x] Write the notes'), 'the task to be ticked');
  await until(() => line('Write the notes').locator('input.cm-lp-task').isChecked(), 'the box to show ticked');
  assert.equal((await body(page, doc.id)), want.replace('- [ ] Write', '- [x] Write'));

  await page.mouse.move(1200, 700);
  await page.screenshot({ path: path.join(shots, 'editor-toolbar.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await until(() => page.evaluate(() => document.documentElement.dataset.theme === 'dark'), 'the dark theme');
  await page.screenshot({ path: path.join(shots, 'editor-toolbar-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // The toolbar is one tab stop; arrows move along it.
  await page.getByTestId('format-h1').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'format-h2');
  assert.equal(await bar.locator('button[tabindex="0"]').count(), 1);

  // The save state keeps its place: the Read/Edit switch beside it does not move as it changes.
  const before = await page.getByTestId('mode-toggle').boundingBox();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Saving moves nothing.');
  const during = await page.getByTestId('mode-toggle').boundingBox();
  await waitForBody(page, doc.id, 'Saving moves nothing.');
  await until(async () => (await page.getByTestId('save-status').innerText()).includes('Saved'), 'Saved');
  const afterSave = await page.getByTestId('mode-toggle').boundingBox();
  assert.equal(during.x, before.x);
  assert.equal(afterSave.x, before.x);

  assert.deepEqual(ours(page.errors), []);
});

test('quotes, code, tables and dividers from the toolbar, shown as the read view shows them', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Grace Hopper');
  const doc = await call(page, 'Pages', 'Create', { title: 'Blocks' });
  await call(page, 'Pages', 'Edit', doc.id, 'e2e', doc.rev, [{ pos: 0, del: 0, ins: 'Release notes for *1.4*, see the ~~old~~ `CHANGELOG`.\n' }]);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('page-item').filter({ hasText: 'Blocks' }).click();
  await page.locator('.cm-content').filter({ hasText: 'Release notes' }).waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');

  await page.keyboard.type('Ship it when it is ready.');
  await page.getByTestId('format-quote').click();
  await page.keyboard.press('End');
  // Enter goes on with the quote; its button ends it.
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('format-quote').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('format-quote').click();
  await page.getByTestId('format-codeblock').click();
  await page.keyboard.type('make release VERSION=1.4');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.getByTestId('format-rule').click();
  await page.getByTestId('format-table').click();
  await page.keyboard.type('Area');
  await untilBody(page, doc.id, (b) => b.includes('| Area | Column 2 |'), 'the table');
  await page.keyboard.press('Control+Home');
  const b = await body(page, doc.id);
  assert.equal(
    b,
    [
      'Release notes for *1.4*, see the ~~old~~ `CHANGELOG`.',
      '> Ship it when it is ready.',
      '',
      '```',
      'make release VERSION=1.4',
      '```',
      '',
      '---',
      '',
      '| Area | Column 2 |',
      '| --- | --- |',
      '|  |  |',
    ].join('\n'),
  );
  const line = (text) => page.locator('.cm-line', { hasText: text });
  await until(async () => (await line('Ship it').innerText()) === 'Ship it when it is ready.', 'the quote without its mark');
  assert.equal(await line('make release').getAttribute('class').then((c) => c.includes('cm-lp-codeblock')), true);
  assert.equal(await page.locator('.cm-lp-hr').count(), 1);
  await page.mouse.move(1200, 700);
  await page.screenshot({ path: path.join(shots, 'editor-blocks.png') });
  assert.deepEqual(ours(page.errors), []);
});

test('a table and fenced code off the cursor show rendered; on it, their Markdown; the stored text never changes', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { colorScheme: 'dark' });
  await setup(page, 'Grace Hopper');
  const text = [
    'Owners for the launch.',
    '',
    '| Area | Owner | Days |',
    '| :--- | :---: | ---: |',
    '| **Sync** | Ada | 3 |',
    '| Search | `Bo` | 12 |',
    '',
    '```ts',
    'const ship = (v: string) => release(v);',
    '```',
    '',
    'The end.',
  ].join('\n');
  const doc = await call(page, 'Pages', 'Create', { title: 'Blocks' });
  await call(page, 'Pages', 'Edit', doc.id, 'e2e', doc.rev, [{ pos: 0, del: 0, ins: text }]);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('page-item').filter({ hasText: 'Blocks' }).click();
  const content = page.locator('.cm-content');
  await content.filter({ hasText: 'Owners' }).waitFor();
  await page.locator('.cm-line', { hasText: 'Owners' }).click();

  // Off the cursor: a table, its header styled and its columns aligned as the Markdown says.
  const table = page.locator('.cm-lp-tablewidget table');
  await table.waitFor();
  assert.deepEqual(await table.locator('th').allInnerTexts(), ['Area', 'Owner', 'Days']);
  assert.deepEqual(await table.locator('tbody tr').first().locator('td').allInnerTexts(), ['Sync', 'Ada', '3']);
  assert.equal(await table.locator('tbody strong').innerText(), 'Sync');
  const look = await table.evaluate((t) => {
    const th = t.querySelector('th');
    const [area, owner, days] = t.querySelectorAll('tbody tr td');
    return { thWeight: Number(getComputedStyle(th).fontWeight), thBg: getComputedStyle(th).backgroundColor, align: [area, owner, days].map((c) => getComputedStyle(c).textAlign) };
  });
  assert.ok(look.thWeight >= 600, `the header is bold: ${look.thWeight}`);
  assert.notEqual(look.thBg, 'rgba(0, 0, 0, 0)', 'the header has its own background');
  assert.deepEqual(look.align, ['left', 'center', 'right']);
  // Code: a monospace block, its language named, no fences.
  assert.equal(await page.locator('.cm-lp-codelang').innerText(), 'ts');
  assert.doesNotMatch(await content.innerText(), /```/);
  assert.match(await page.locator('.cm-line', { hasText: 'const ship' }).evaluate((l) => getComputedStyle(l).fontFamily), /mono/i);
  await page.mouse.move(1200, 700);
  await page.screenshot({ path: path.join(shots, 'editor-table-code-dark.png') });
  assert.equal(await body(page, doc.id), text, 'viewing changed nothing');

  // On the cursor: the Markdown, to be edited.
  await page.locator('.cm-lp-tablewidget td', { hasText: 'Ada' }).click();
  await table.waitFor({ state: 'detached' });
  await page.locator('.cm-line', { hasText: '| **Sync** | Ada | 3 |' }).waitFor();
  await page.locator('.cm-line', { hasText: 'const ship' }).click();
  await page.locator('.cm-line', { hasText: '```ts' }).waitFor();
  assert.equal(await page.locator('.cm-lp-codelang').count(), 0);
  await table.waitFor();
  await page.screenshot({ path: path.join(shots, 'editor-code-editing-dark.png') });

  // An edit in the table is an ordinary edit of its Markdown.
  await page.locator('.cm-lp-tablewidget td', { hasText: '12' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' 14 |');
  await untilBody(page, doc.id, (b) => b.includes('| Search | `Bo` | 12 | 14 |'), 'the edit in the table');
  await page.locator('.cm-line', { hasText: 'The end' }).click();
  await table.waitFor();
  assert.equal(await body(page, doc.id), text.replace('| 12 |', '| 12 | 14 |'), 'only the edit changed the text');
  assert.deepEqual(ours(page.errors), []);
});
