// Images and Markdown in and out: an image pasted into a page is stored as
// an attachment and shows in Read mode; a space exported as a folder of
// Markdown and imported into another space comes back as the same tree,
// image included, with the import report shown in its dialog.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** png makes a real w×h PNG: a colour gradient with a dark band, so a screenshot shows it. */
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const band = y > h * 0.45 && y < h * 0.55;
      raw[o] = band ? 30 : 60 + Math.round((x / w) * 160);
      raw[o + 1] = band ? 30 : 110 + Math.round((y / h) * 100);
      raw[o + 2] = band ? 60 : 220;
    }
  }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function tempDir(t, prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Lists the files under dir, as slash paths. */
function listFiles(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)],
  ).sort();
}

const row = (page, title) => page.getByTestId('page-item').filter({ hasText: title });

/** The rows under a space in the sidebar, indented by depth. */
async function spaceOutline(page, spaceId) {
  return page.locator(`[data-testid=space-tree][data-space-id="${spaceId}"]`).evaluate((tree) => {
    const lines = [];
    for (const r of tree.querySelectorAll('[data-testid=page-item]')) {
      const depth = Number(r.dataset.depth);
      lines.push(`${'  '.repeat(depth - 1)}${r.querySelector('.title').innerText}`);
    }
    return lines.join('\n');
  });
}

/** Waits for the read view's images to load and returns their natural sizes. */
async function readImages(page) {
  const imgs = page.getByTestId('read-view').locator('img');
  await imgs.first().waitFor();
  return imgs.evaluateAll(async (els) => {
    await Promise.all(els.map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; }))));
    return els.map((img) => ({ src: img.getAttribute('src'), alt: img.alt, width: img.naturalWidth, height: img.naturalHeight }));
  });
}

test('a pasted image is stored and shown; a space goes out as Markdown and comes back in', async (t) => {
  const dataDir = tempDataDir(t);
  const app = await startApp(dataDir);
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  await page.getByTestId('space').nth(6).waitFor();
  const spaces = await call(page, 'Spaces', 'List');
  const playbooks = spaces.find((s) => s.name === 'Playbooks');

  // A small tree in Playbooks: Release ▸ Rollback ▸ Database, with links.
  const release = await call(page, 'Pages', 'Create', { title: 'Release', spaceId: playbooks.id, parentId: '', from: '' });
  const rollback = await call(page, 'Pages', 'Create', { title: 'Rollback', spaceId: '', parentId: release.id, from: '' });
  const database = await call(page, 'Pages', 'Create', { title: 'Database', spaceId: '', parentId: rollback.id, from: '' });
  await call(page, 'Pages', 'Edit', database.id, 'e2e', database.rev, [{ pos: 0, del: 0, ins: 'Restore from the last snapshot. Back to [[Rollback]].\n' }]);
  await call(page, 'Pages', 'Edit', rollback.id, 'e2e', rollback.rev, [{ pos: 0, del: 0, ins: 'When a release goes wrong. See [[Database]].\n\n' }]);

  // Paste an image into Release, in the editor, as a person would.
  await row(page, 'Release').click();
  await page.getByTestId('mode-edit').click();
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.type('The release train, at a glance:\n\n');
  const image = png(240, 120);
  await editor.evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'release-train.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, image.toString('base64'));
  const hash = (await import('node:crypto')).createHash('sha256').update(image).digest('hex');
  const body = await waitForBody(page, release.id, `![release-train](attachment:${hash})`);
  assert.match(body.body, /^The release train, at a glance:\n\n!\[release-train\]\(attachment:[0-9a-f]{64}\)$/);

  // An image the page does not show (SVG can carry script) is attached as a file, never as an image, and said so.
  await editor.evaluate((el) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'], 'evil.svg', { type: 'image/svg+xml' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.getByTestId('toast').filter({ hasText: '“evil.svg” is attached as a file' }).waitFor();
  const withSvg = await waitForBody(page, release.id, '[evil.svg](attachment:');
  assert.ok(!withSvg.body.includes('![evil'), 'the SVG is a file, not an image');
  // (Taken out again: the rest of this test exports the page's one image.)
  const at = withSvg.body.indexOf('\n[evil.svg]');
  await call(page, 'Pages', 'Edit', release.id, 'test', withSvg.rev, [{ pos: at, del: withSvg.body.indexOf(')', at) + 1 - at, ins: '' }]);
  await waitForBody(page, release.id, body.body);

  // Read mode shows it inline, loaded from Go on the window's own origin.
  await page.getByTestId('mode-read').click();
  const shown = await readImages(page);
  assert.deepEqual(shown, [{ src: `/attachments/${hash}`, alt: 'release-train', width: 240, height: 120 }]);
  const served = await page.evaluate(async (h) => {
    const r = await fetch(`/attachments/${h}`);
    return { status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy') };
  }, hash);
  assert.deepEqual(served, { status: 200, type: 'image/png', nosniff: 'nosniff', csp: "default-src 'none'; sandbox" });
  await page.screenshot({ path: path.join(shots, 'page-image-read.png') });

  // Export Playbooks from its space menu; the folder dialog is Go's native
  // one, which Chromium cannot click, so the test answers it.
  const out = tempDir(t, 'longhand-export-');
  await page.evaluate((dir) => { window.go.app.Transfer.ChooseFolder = async () => dir; }, out);
  const pbHead = page.locator(`[data-testid=space][data-space-id="${playbooks.id}"]`);
  await pbHead.hover();
  await pbHead.getByTestId('space-menu').click();
  await page.getByTestId('space-export').click();
  await page.getByTestId('toast').filter({ hasText: `Exported 4 pages and 1 image to ${path.join(out, 'Playbooks')}` }).waitFor();
  const exported = path.join(out, 'Playbooks');
  assert.deepEqual(listFiles(exported), [
    'Playbooks.md', 'Release.md', 'Release/Rollback.md', 'Release/Rollback/Database.md', `_attachments/${hash}.png`,
  ]);
  const dbFile = readFileSync(path.join(exported, 'Release/Rollback/Database.md'), 'utf8');
  assert.match(dbFile, new RegExp(`^---\\nid: "${database.id}"\\ntitle: "Database"\\norder: 1\\n`));
  // [[links]] to pages of the export go back to relative links.
  assert.match(dbFile, /Back to \[Rollback\]\(\.\.\/Rollback\.md\)\.\n$/);
  assert.match(readFileSync(path.join(exported, 'Release.md'), 'utf8'), new RegExp(`!\\[release-train\\]\\(_attachments/${hash}\\.png\\)`));
  assert.deepEqual(readFileSync(path.join(exported, '_attachments', `${hash}.png`)), image);

  // One page through its row menu, as a single file with its image beside it.
  const single = tempDir(t, 'longhand-page-');
  await page.evaluate((dir) => { window.go.app.Transfer.ChooseExportFile = async (title) => `${dir}/${title}.md`; }, single);
  const releaseRow = page.locator(`[data-testid=page-item][data-page-id="${release.id}"]`);
  await releaseRow.hover();
  await page.locator(`[data-testid=page-item][data-page-id="${release.id}"] ~ .tools [data-testid=row-menu]`).click();
  await page.getByTestId('row-export').click();
  await page.getByTestId('toast').filter({ hasText: `Exported 1 page and 1 image to ${path.join(single, 'Release.md')}` }).waitFor();
  assert.deepEqual(listFiles(single), ['Release.md', `_attachments/${hash}.png`]);

  // Import the folder into a new space through its space menu.
  const target = await call(page, 'Spaces', 'Create', 'Imported runbooks', 'From Markdown', '📥');
  const head = page.locator(`[data-testid=space][data-space-id="${target.id}"]`);
  await head.waitFor();
  await page.evaluate((dir) => { window.go.app.Transfer.ChooseFolder = async () => dir; }, exported);
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId('space-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  await page.screenshot({ path: path.join(shots, 'import-dialog.png') });
  await dialog.getByTestId('import-choose-folder').click();
  await dialog.getByTestId('import-report').waitFor();
  assert.equal((await dialog.getByTestId('import-summary').innerText()).trim(), 'Imported 4 pages and 1 image.');
  assert.equal(await dialog.getByTestId('import-skipped').count(), 0);
  await page.screenshot({ path: path.join(shots, 'import-report.png') });
  await dialog.getByTestId('import-close').click();
  await dialog.waitFor({ state: 'detached' });

  // The same tree, in the new space, in the sidebar (opened with the keyboard).
  const all = await call(page, 'Pages', 'List');
  const inTarget = (title) => all.find((p) => p.title === title && p.spaceId === target.id);
  for (const title of ['Release', 'Rollback']) {
    await page.locator(`[data-testid=page-item][data-page-id="${inTarget(title).id}"]`).press('ArrowRight');
  }
  await page.locator(`[data-testid=page-item][data-page-id="${inTarget('Database').id}"]`).waitFor();
  assert.equal(await spaceOutline(page, target.id), ['Playbooks', 'Release', '  Rollback', '    Database'].join('\n'));
  assert.equal(inTarget('Rollback').parentId, inTarget('Release').id);
  assert.equal(inTarget('Database').parentId, inTarget('Rollback').id);
  const copy = all.find((p) => p.title === 'Release' && p.spaceId === target.id);
  assert.notEqual(copy.id, release.id, 'an imported page is a new page');
  const copyBody = await call(page, 'Pages', 'Open', copy.id);
  assert.equal(copyBody.body, body.body, 'the image comes back as the same attachment');
  const copyDb = all.find((p) => p.title === 'Database' && p.spaceId === target.id);
  assert.equal((await call(page, 'Pages', 'Open', copyDb.id)).body, 'Restore from the last snapshot. Back to [[Rollback]].\n');

  // The imported page shows its image.
  await page.locator(`[data-testid=page-item][data-page-id="${copy.id}"]`).click();
  await page.getByTestId('read-title').filter({ hasText: 'Release' }).waitFor();
  const again = await readImages(page);
  assert.equal(again[0].width, 240);

  // "Insert image" in Edit mode: the picker's file lands at the cursor.
  await page.getByTestId('mode-edit').click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.getByTestId('insert-image').waitFor();
  const second = png(90, 60);
  await page.getByTestId('image-picker').setInputFiles({ name: 'Q3 rollout.png', mimeType: 'image/png', buffer: second });
  const secondHash = (await import('node:crypto')).createHash('sha256').update(second).digest('hex');
  await waitForBody(page, copy.id, `\n![Q3 rollout](attachment:${secondHash})`);

  // Dropped on the first line: it goes where it was dropped.
  const third = png(30, 30);
  const thirdHash = (await import('node:crypto')).createHash('sha256').update(third).digest('hex');
  const firstLine = await page.locator('.cm-line').first().boundingBox();
  await page.locator('.cm-content').evaluate((el, { b64, x, y }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, clientX: x, clientY: y, bubbles: true, cancelable: true }));
  }, { b64: third.toString('base64'), x: firstLine.x + 1, y: firstLine.y + firstLine.height / 2 });
  await waitForBody(page, copy.id, `![dropped](attachment:${thirdHash})\nThe release train`);
  await page.screenshot({ path: path.join(shots, 'page-image-edit.png') });
  assert.deepEqual(page.errors, []);
});

test('an import reports the files it skipped, and imports the rest', async (t) => {
  const dataDir = tempDataDir(t);
  const app = await startApp(dataDir);
  t.after(() => app.stop());
  const page = await openUI(browser, app, { colorScheme: 'dark' });
  await setup(page, 'Grace Hopper');
  await page.getByTestId('space').nth(6).waitFor();
  const spaces = await call(page, 'Spaces', 'List');
  const metrics = spaces.find((s) => s.name === 'Metrics');

  const dir = tempDir(t, 'longhand-import-');
  const { writeFileSync, symlinkSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'Weekly numbers.md'), '---\ntitle: "Weekly numbers: Q3"\n---\nSee [the glossary](glossary.md).\n');
  writeFileSync(path.join(dir, 'glossary.md'), '# Glossary\n\n**ARR**: annual recurring revenue.\n');
  writeFileSync(path.join(dir, 'export.bin.md'), Buffer.from([0x00, 0x01, 0xff, 0xfe]));
  writeFileSync(path.join(dir, 'notes.docx'), 'PK');
  symlinkSync('/etc/passwd', path.join(dir, 'passwd.md'));

  const view = await call(page, 'Transfer', 'ImportFolder', metrics.id, dir);
  assert.equal(view.pages, 2);
  assert.deepEqual(view.skipped.map((s) => s.path).sort(), ['export.bin.md', 'notes.docx', 'passwd.md']);

  // The same through the dialog shows each skipped file with its reason.
  await page.evaluate((d) => { window.go.app.Transfer.ChooseFolder = async () => d; }, dir);
  const head = page.locator(`[data-testid=space][data-space-id="${metrics.id}"]`);
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId('space-import').waitFor();
  await page.screenshot({ path: path.join(shots, 'space-menu-dark.png'), clip: { x: 0, y: 0, width: 560, height: 560 } });
  await page.getByTestId('space-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-choose-folder').click();
  await dialog.getByTestId('import-report').waitFor();
  assert.equal((await dialog.getByTestId('import-summary').innerText()).trim(), 'Imported 2 pages; 3 files skipped.');
  const reasons = await dialog.getByTestId('import-skipped').allInnerTexts();
  assert.ok(reasons.some((r) => r.includes('passwd.md') && r.includes('outside the chosen folder')), reasons.join('\n'));
  assert.ok(reasons.some((r) => r.includes('export.bin.md') && r.includes('not text')), reasons.join('\n'));
  await page.screenshot({ path: path.join(shots, 'import-report-skipped-dark.png') });

  // Files, rather than a folder: links between them still become [[links]].
  await page.evaluate((d) => { window.go.app.Transfer.ChooseMarkdownFiles = async () => [`${d}/glossary.md`, `${d}/notes.docx`]; }, dir);
  await dialog.getByTestId('import-close').click();
  await head.hover();
  await head.getByTestId('space-menu').click();
  await page.getByTestId('space-import').click();
  await dialog.getByTestId('import-choose-files').click();
  await dialog.getByTestId('import-report').waitFor();
  assert.equal((await dialog.getByTestId('import-summary').innerText()).trim(), 'Imported 1 page; 1 file skipped.');
  await dialog.getByTestId('import-open').click();
  await page.getByTestId('page-title').waitFor();
  assert.equal(await page.getByTestId('page-title').inputValue(), 'Glossary', 'a file that opens with "# Glossary" is titled by it');
  const weekly = (await call(page, 'Pages', 'List')).filter((p) => p.title === 'Weekly numbers: Q3');
  assert.equal(weekly.length, 2);
  // The file's own front matter stays with the page, line for line, so an export gives it back.
  assert.equal((await call(page, 'Pages', 'Open', weekly[0].id)).body, '---\ntitle: "Weekly numbers: Q3"\n---\nSee [[Glossary|the glossary]].\n');
  assert.deepEqual(page.errors, []);
});
