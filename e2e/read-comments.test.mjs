// Commenting while reading: a selection in Read view (rendered Markdown)
// gets the floating Comment button and Ctrl+Alt+M, and the comment is
// anchored to the same range of the Markdown as one made in Edit view.
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

/** box is the screen box of the nth occurrence of text in the read view's rendered text. */
async function box(page, text, nth = 0) {
  return page.evaluate(([text, nth]) => {
    const root = document.querySelector('article[aria-label="Page body"]');
    const nodes = [];
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
    const all = nodes.map((n) => n.data).join('');
    let at = -1;
    for (let i = 0; i <= nth; i++) at = all.indexOf(text, at + 1);
    if (at < 0) return null;
    const point = (o, end) => {
      let acc = 0;
      for (const n of nodes) {
        if (o < acc + n.length || (end && o === acc + n.length)) return [n, o - acc];
        acc += n.length;
      }
      return null;
    };
    const r = document.createRange();
    r.setStart(...point(at, false));
    r.setEnd(...point(at + text.length, true));
    const rects = [...r.getClientRects()].filter((x) => x.width > 0);
    const first = rects[0];
    const last = rects[rects.length - 1];
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, [text, nth]);
}

/** select drags the mouse over the nth occurrence of text, as a reader would. */
async function select(page, text, nth = 0) {
  const b = await box(page, text, nth);
  assert.ok(b, `"${text}" is shown`);
  await page.mouse.move(b.x1, b.y1);
  await page.mouse.down();
  await page.mouse.move((b.x1 + b.x2) / 2, b.y2, { steps: 4 });
  await page.mouse.move(b.x2, b.y2, { steps: 4 });
  await page.mouse.up();
  assert.equal(await page.evaluate(() => window.getSelection()?.toString()), text);
}

test('a reader selects rendered text and comments on it, anchored to the same Markdown as in Edit view', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const body = '# Launch plan\n\nThe fox leads the **launch**.\n\nA *quick* fox jumps over the [lazy dog](https://example.com/fox) and the fox waits.\n\n- first fox\n- second fox';
  const created = await call(a, 'Pages', 'Create', { title: 'Reading test', spaceId: '', parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', created.id, 'e2e', created.rev, [{ pos: 0, del: 0, ins: body }]);
  await a.reload();
  await a.waitForFunction(() => document.body.dataset.ready);
  await a.getByTestId('page-item').filter({ hasText: 'Reading test' }).first().click();
  await a.getByTestId('page-title').waitFor();
  await a.getByTestId('mode-read').click();
  const view = a.getByRole('article', { name: 'Page body' });
  await view.filter({ hasText: 'second fox' }).waitFor();

  // The third "fox" shown: in the second paragraph, after a link whose URL (not shown) also says fox.
  await select(a, 'fox', 2);
  const button = a.getByTestId('comment-selection');
  await button.waitFor({ timeout: 3000 });
  const bb = await button.boundingBox();
  const sel = await box(a, 'fox', 2);
  assert.ok(Math.abs(bb.y + bb.height / 2 - sel.y1) < 30, `the Comment button sits beside the selection (button at ${bb.y}, text at ${sel.y1})`);
  await a.screenshot({ path: path.join(shots, 'read-comment-button-light.png') });
  await button.click();
  const panel = a.getByTestId('comments-panel');
  await panel.waitFor();
  await a.getByTestId('comment-draft').filter({ hasText: 'fox' }).waitFor();
  await a.getByTestId('comment-input').fill('Which fox is this? The one who waits.');
  // While the comment is written, the text it is on stays marked.
  assert.equal(await view.locator('mark.comment-mark.draft').innerText(), 'fox');
  await a.screenshot({ path: path.join(shots, 'read-comment-draft-light.png') });
  await a.emulateMedia({ colorScheme: 'dark' });
  await a.screenshot({ path: path.join(shots, 'read-comment-draft-dark.png') });
  await a.emulateMedia({ colorScheme: 'light' });
  await a.getByTestId('comment-input-submit').click();

  const threads = await until(async () => {
    const l = await call(a, 'Comments', 'List', created.id);
    return l.length === 1 ? l : null;
  }, 'the thread');
  const want = body.indexOf('fox waits');
  assert.equal(threads[0].quote, 'fox');
  assert.equal(threads[0].start, want, 'anchored to the fox that was selected, not an earlier one');
  assert.equal(threads[0].end, want + 3);

  // The thread is highlighted in the rendered text, and still in Read mode.
  await until(async () => (await view.locator('mark.comment-mark').count()) === 1, 'the highlight in Read view');
  assert.equal(await view.locator('mark.comment-mark').innerText(), 'fox');
  assert.equal(await view.isVisible(), true);

  // Ctrl+Alt+M on a selection that crosses a link.
  await select(a, 'jumps over the lazy');
  await a.keyboard.press('Control+Alt+m');
  await a.getByTestId('comment-draft').filter({ hasText: 'jumps over the lazy' }).waitFor();
  await a.getByTestId('comment-input').fill('Too long a sentence.');
  await a.getByTestId('comment-input').press('Control+Enter');
  const two = await until(async () => {
    const l = await call(a, 'Comments', 'List', created.id);
    return l.length === 2 ? l : null;
  }, 'the second thread');
  const second = two.find((x) => x.id !== threads[0].id);
  assert.equal(second.quote, 'jumps over the [lazy');
  assert.equal(second.start, body.indexOf('jumps'));

  // The same thread, seen in Edit view, is on the same characters.
  await a.getByTestId('mode-edit').click();
  await until(async () => (await a.locator('.cm-content .cm-comment').allInnerTexts()).includes('fox'), 'the highlight in Edit view');
  // Clicking a highlight in Read view opens its thread.
  await a.getByTestId('mode-read').click();
  await a.getByTestId('comments-toggle').click();
  await panel.waitFor({ state: 'detached' });
  await view.locator('mark.comment-mark', { hasText: 'fox' }).click();
  await panel.waitFor();
  await a.locator('[data-testid="thread"].active').filter({ hasText: 'Which fox' }).waitFor();
  assert.deepEqual(ours(a.errors), []);
});
