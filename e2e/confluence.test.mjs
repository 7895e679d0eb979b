// A Confluence space's HTML export comes into a space from the Import
// dialog: its page tree, content as Markdown (headings, lists, code, a
// table, an image), comments, and a report of what did not come along.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function writeExport(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'longhand-confluence-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const put = (rel, data) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), data);
  };
  put('OPS/index.html', `<html><head><title>Operations</title></head><body><span id="title-text">Operations</span>
<div id="main-content"><p>Home</p></div><h2>Available Pages:</h2>
<ul><li><a href="On-call_101.html">On-call</a><ul><li><a href="Paging_102.html">Paging</a></li></ul></li></ul></body></html>`);
  put('OPS/On-call_101.html', `<html><head><title>Operations : On-call</title></head><body><span id="title-text">Operations : On-call</span>
<div id="main-content"><h2>Rotation</h2><p>Weekly, see <a href="Paging_102.html">paging</a>.</p>
<table><tr><th>Week</th><th>Who</th></tr><tr><td>1</td><td>Ada</td></tr></table>
<pre data-syntaxhighlighter-params="brush: bash">page --now</pre><p><img src="attachments/101/1.png" alt="rota"></p></div>
<div id="comments-section"><div class="comment"><h4 class="author">Bo Berg</h4><div class="comment-body"><p>Add the holidays.</p></div></div></div></body></html>`);
  put('OPS/Paging_102.html', `<html><body><span id="title-text">Operations : Paging</span><div id="main-content"><p>Use the pager.</p></div></body></html>`);
  put('OPS/attachments/101/1.png', png);
  put('OPS/attachments/101/2.xlsx', 'a spreadsheet');
  return dir;
}

test('a Confluence space export comes in with its tree, content, images, attachments and comments', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page);
  const space = await call(page, 'Spaces', 'Create', 'Operations', '', '🛠️');
  const dir = writeExport(t);
  await page.evaluate((d) => { window.go.app.Transfer.ChooseZipFile = async () => d; }, dir);
  const head = page.locator(`[data-testid=space][data-space-id="${space.id}"]`);
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId('space-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-choose-confluence').click();
  await dialog.getByTestId('import-report').waitFor();
  assert.equal((await dialog.getByTestId('import-summary').innerText()).trim(), 'Imported 2 pages and 1 image and 1 attached file.');
  await page.screenshot({ path: path.join(shots, 'import-confluence-report.png') });
  await dialog.getByTestId('import-open').click();

  const pages = (await call(page, 'Pages', 'List')).filter((p) => p.spaceId === space.id);
  const oncall = pages.find((p) => p.title === 'On-call');
  const paging = pages.find((p) => p.title === 'Paging');
  assert.equal(paging.parentId, oncall.id);
  const body = (await call(page, 'Pages', 'Open', oncall.id)).body;
  assert.match(body, /^## Rotation\n\nWeekly, see \[\[Paging\|paging\]\]\.\n\n\| Week \| Who \|\n\| --- \| --- \|\n\| 1 \| Ada \|\n\n```bash\npage --now\n```\n\n!\[rota\]\(attachment:[0-9a-f]{64}\)\n\n## Attachments\n\n- \[2\.xlsx\]\(attachment:[0-9a-f]{64}\)\n$/);
  const threads = await call(page, 'Comments', 'List', oncall.id);
  assert.equal(threads.length, 1);
  assert.match(threads[0].replies[0].body, /\*\*Bo Berg\*\*, in Confluence:\n\nAdd the holidays\./);
  assert.deepEqual(page.errors, []);
});
