// A folder of 2,100 Markdown files (more than the 2,000 the importer used
// to stop at) imported through the space menu: a progress bar counts the
// pages, Stop stops it and Resume goes on; the app killed part way (a
// crash) offers the import again when it starts, and resuming it makes
// every page exactly once.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const folders = 30;
const perFolder = 70;
const total = folders * perFolder + folders; // a page per file and per folder
const n = new Intl.NumberFormat('en-US');

function makeFolder(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'longhand-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (let f = 0; f < folders; f++) {
    mkdirSync(path.join(dir, `Area ${f}`));
    for (let i = 0; i < perFolder; i++) {
      writeFileSync(path.join(dir, `Area ${f}`, `note ${i}.md`), `# Note ${f}-${i}\n\nWhat we learned, part ${i}.\n`);
    }
  }
  return dir;
}

async function openImport(page, spaceId, dir) {
  await page.evaluate((d) => { window.go.app.Transfer.ChooseFolder = async () => d; }, dir);
  const head = page.locator(`[data-testid=space][data-space-id="${spaceId}"]`);
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId('space-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  return dialog;
}

// The pages an import made in a space: all but the space's own page.
const madeIn = async (page, space) =>
  (await call(page, 'Pages', 'List')).filter((p) => p.spaceId === space.id && !(p.title === space.name && !p.parentId));

test('a large folder imports with progress, stops, resumes, and survives a crash', async (t) => {
  const data = tempDataDir(t);
  const dir = makeFolder(t);
  let app = await startApp(data);
  t.after(() => app.stop());
  let page = await openUI(browser, app);
  await setup(page);
  const space = await call(page, 'Spaces', 'Create', 'Imported notes', '', '📥');

  // Stopped from the dialog, then resumed from its report.
  let dialog = await openImport(page, space.id, dir);
  await dialog.getByTestId('import-choose-folder').click();
  const status = dialog.getByTestId('import-progress').getByRole('status');
  await until(async () => /^[\d,]+ of 2,130 pages$/.test((await status.innerText()).trim()), 'the progress bar counts pages', 30_000);
  await page.screenshot({ path: path.join(shots, 'import-progress.png') });
  await dialog.getByTestId('import-cancel').click();
  const summary = dialog.getByTestId('import-summary');
  await summary.waitFor({ timeout: 30_000 });
  const stoppedAt = Number((await summary.innerText()).match(/Stopped after ([\d,]+) pages/)[1].replace(/,/g, ''));
  assert.ok(stoppedAt > 0 && stoppedAt < total, `stopped after ${stoppedAt} of ${total} pages`);
  assert.equal((await madeIn(page, space)).length, stoppedAt, 'the pages made before Stop stay');
  await page.screenshot({ path: path.join(shots, 'import-stopped.png') });
  await dialog.getByTestId('import-resume').click();
  await until(async () => (await summary.isVisible()) && (await summary.innerText()).trim() === `Imported ${n.format(total)} pages.`,
    'the resumed import finishes', 120_000);
  assert.equal((await madeIn(page, space)).length, total, 'every file is one page');
  await dialog.getByTestId('import-close').click();

  // Killed part way, as in a crash: the next start offers to resume it.
  const second = await call(page, 'Spaces', 'Create', 'Second try', '', '📥');
  dialog = await openImport(page, second.id, dir);
  await dialog.getByTestId('import-choose-folder').click();
  await until(async () => {
    const m = (await status.innerText().catch(() => '')).match(/^([\d,]+) of/);
    return m && Number(m[1].replace(/,/g, '')) >= 300;
  }, '300 pages made', 60_000);
  await app.kill();
  app = await startApp(data);
  page = await openUI(browser, app);
  const before = (await madeIn(page, second)).length;
  assert.ok(before >= 300 && before < total, `${before} pages made before the crash`);
  // Said at start, with a way to it.
  const toast = page.getByTestId('toast').filter({ hasText: `The import of “${path.basename(dir)}” stopped` });
  await toast.waitFor();
  await page.screenshot({ path: path.join(shots, 'import-stopped-toast.png') });
  await toast.getByRole('button', { name: 'Resume…' }).click();
  dialog = page.getByTestId('import-dialog');
  const offer = dialog.getByTestId('import-stopped');
  await offer.waitFor();
  assert.match(await offer.innerText(), new RegExp(`The import of “${path.basename(dir)}” stopped: ${n.format(before)} of 2,130 pages made\\.`));
  await page.screenshot({ path: path.join(shots, 'import-resume-offer.png') });
  await offer.getByTestId('import-resume').click();
  const after = dialog.getByTestId('import-summary'); // in the new window
  await until(async () => (await after.isVisible()) && (await after.innerText()).trim() === `Imported ${n.format(total)} pages.`,
    'the import resumed after the crash finishes', 120_000);
  const made = await madeIn(page, second);
  assert.equal(made.length, total, 'no page made twice, none lost');
  assert.equal(new Set(made.map((p) => p.title)).size, total);
  await dialog.getByTestId('import-close').click();
  dialog = await openImport(page, second.id, dir);
  assert.equal(await dialog.getByTestId('import-stopped').count(), 0, 'a finished import is not offered again');
  assert.deepEqual(page.errors, []);
});
