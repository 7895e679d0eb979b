// The way out for the CRDT data itself: a space exported from its menu as
// Automerge files loads in @automerge/automerge (npm, pinned) with the
// text, title and heads the manifest and the app say; the whole workspace
// goes out too; and the export comes into another workspace from the
// Import dialog, pages and tree whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as A from '@automerge/automerge';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

function tempDir(t, prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function spaceMenu(page, spaceId, item) {
  const head = page.locator(`[data-testid=space][data-space-id="${spaceId}"]`);
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId(item).click();
}

test('Automerge out and in: the files load in @automerge/automerge, and come into another workspace', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page);
  const space = await call(page, 'Spaces', 'Create', 'Runbooks', '', '📘');
  const make = async (title, parentId, body) => {
    const p = await call(page, 'Pages', 'Create', { title, spaceId: space.id, parentId, from: '' });
    const e = await call(page, 'Pages', 'Edit', p.id, 'e2e', p.rev, [{ pos: 0, del: 0, ins: body }]);
    return { ...p, rev: e.rev };
  };
  const release = await make('Release', '', 'Ship it on Tuesdays.\n');
  const rollback = await make('Rollback', release.id, 'Undo it.\n');
  await call(page, 'Pages', 'Edit', rollback.id, 'e2e', rollback.rev, [{ pos: 0, del: 0, ins: 'First: ' }]);

  // Out, from the space's menu.
  const out = tempDir(t, 'longhand-am-');
  await page.evaluate((dir) => { window.go.app.Transfer.ChooseFolder = async () => dir; }, out);
  await spaceMenu(page, space.id, 'space-export-automerge');
  const folder = path.join(out, 'Runbooks (Automerge)');
  await page.getByTestId('toast').filter({ hasText: `Exported 3 documents to ${folder}` }).waitFor();
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  assert.equal(manifest.format, 'longhand-automerge');
  assert.equal(manifest.docs.length, 3);
  for (const e of manifest.docs) {
    const doc = A.load(new Uint8Array(readFileSync(path.join(folder, e.file))));
    assert.deepEqual([...A.getHeads(doc)].sort(), e.heads, `${e.file}: heads`);
    const opened = await call(page, 'Pages', 'Open', e.id);
    // Longhand writes its fields as Automerge strings (scalars), which
    // Automerge 3 reads as ImmutableString; the body is Text.
    assert.equal(doc.kind.toString(), 'page');
    assert.equal(doc.title.toString(), opened.title, `${e.file}: title`);
    assert.equal(doc.body.toString(), opened.body, `${e.file}: text`);
    assert.equal(e.title, opened.title);
  }
  assert.equal(A.load(new Uint8Array(readFileSync(path.join(folder, `docs/${rollback.id}.automerge`)))).body.toString(), 'First: Undo it.\n');

  // The whole workspace: every document loads.
  const whole = await call(page, 'Transfer', 'ExportAutomerge', 'workspace', '', out);
  const all = JSON.parse(readFileSync(path.join(whole.path, 'manifest.json'), 'utf8'));
  assert.ok(all.docs.length >= 10, `${all.docs.length} documents in the workspace export`);
  const kinds = new Set(all.docs.map((e) => e.kind));
  for (const k of ['workspace', 'member', 'page']) assert.ok(kinds.has(k), `the workspace export holds a ${k} document`);
  for (const e of all.docs) {
    const doc = A.load(new Uint8Array(readFileSync(path.join(whole.path, e.file))));
    assert.deepEqual([...A.getHeads(doc)].sort(), e.heads, `${e.file}: heads`);
  }

  // In, into another workspace, from the Import dialog.
  const other = await startApp(tempDataDir(t));
  t.after(() => other.stop());
  const page2 = await openUI(browser, other);
  await setup(page2, 'Bo Berg');
  const target = await call(page2, 'Spaces', 'Create', 'From Ada', '', '📥');
  await page2.evaluate((dir) => { window.go.app.Transfer.ChooseFolder = async () => dir; }, folder);
  await spaceMenu(page2, target.id, 'space-import');
  const dialog = page2.getByTestId('import-dialog');
  await page2.screenshot({ path: path.join(shots, 'import-dialog-automerge.png') });
  await dialog.getByTestId('import-choose-automerge').click();
  await dialog.getByTestId('import-report').waitFor();
  assert.equal((await dialog.getByTestId('import-summary').innerText()).trim(), 'Imported 3 pages.');
  const pages = (await call(page2, 'Pages', 'List')).filter((p) => p.spaceId === target.id);
  const byTitle = Object.fromEntries(pages.map((p) => [p.title, p]));
  assert.equal(byTitle.Rollback.parentId, byTitle.Release.id, 'the tree came along');
  assert.equal((await call(page2, 'Pages', 'Open', byTitle.Rollback.id)).body, 'First: Undo it.\n');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page2.errors, []);
});
