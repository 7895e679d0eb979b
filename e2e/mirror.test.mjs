// The live Markdown folder mirror: turned on from the sidebar, it writes
// every page as a file; an edit made in the file reaches the page on
// screen; a file it cannot read is listed in its dialog, with a sentence.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function until(what, f, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await f()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the folder mirror is chosen in the sidebar, writes pages as files and takes in edits made to them', async (t) => {
  const dataDir = tempDataDir(t);
  const folder = mkdtempSync(path.join(tmpdir(), 'longhand-mirror-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const app = await startApp(dataDir);
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  await page.getByTestId('space').nth(6).waitFor();
  const spaces = await call(page, 'Spaces', 'List');
  const playbooks = spaces.find((s) => s.name === 'Playbooks');
  const release = await call(page, 'Pages', 'Create', { title: 'Release', spaceId: playbooks.id, parentId: '', from: '' });
  await call(page, 'Pages', 'Edit', release.id, 'e2e', release.rev, [{ pos: 0, del: 0, ins: 'Tag the build.\nWrite the notes.\n' }]);

  // Off at first; the dialog says what the mirror does.
  await page.getByTestId('mirror-link').click();
  await page.getByTestId('mirror-dialog').waitFor();
  await page.getByTestId('mirror-off').waitFor();
  await page.screenshot({ path: path.join(shots, 'mirror-off.png') });

  // Native dialogs cannot be clicked: the chooser answers with the folder.
  await page.evaluate((dir) => { window.go.app.Mirror.ChooseFolder = async () => dir; }, folder);
  await page.getByTestId('mirror-choose').click();
  await page.locator('[data-testid=mirror-status][data-on=true]').waitFor();
  assert.equal(await page.getByTestId('mirror-folder').innerText(), folder);
  const file = path.join(folder, 'Playbooks', 'Release.md');
  await until('the page is a file', () => existsSync(file) && readFileSync(file, 'utf8').includes('Write the notes.'));
  assert.match(readFileSync(file, 'utf8'), new RegExp(`^---\\nid: "${release.id}"\\ntitle: "Release"\\n`));
  await page.getByTestId('mirror-summary').filter({ hasText: 'up to date' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'mirror-on.png') });

  // A file it cannot read is listed, and the sidebar shows a count.
  writeFileSync(path.join(folder, 'Playbooks', 'Diagram.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  await page.getByTestId('mirror-problem').filter({ hasText: 'Playbooks/Diagram.md' }).waitFor();
  assert.match(await page.getByTestId('mirror-problem').innerText(), /not text/);
  await page.screenshot({ path: path.join(shots, 'mirror-problems.png') });
  await page.getByTestId('mirror-close').click();
  assert.equal(await page.getByTestId('mirror-problem-count').innerText(), '1');

  // An edit made in the file reaches the page, and the editor showing it.
  await page.getByTestId('page-item').filter({ hasText: 'Release' }).first().click();
  await page.getByTestId('editor').locator('.cm-content').filter({ hasText: 'Write the notes.' }).waitFor();
  writeFileSync(file, readFileSync(file, 'utf8').replace('Write the notes.', 'Write the release notes.\nTell support.'));
  await waitForBody(page, release.id, 'Tell support.');
  await page.getByTestId('editor').locator('.cm-content').filter({ hasText: 'Tell support.' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'mirror-edit.png') });

  // "Check now" reads the folder again (for drives that report no changes).
  await page.getByTestId('mirror-link').click();
  await page.getByTestId('mirror-rescan').click();
  await page.getByTestId('mirror-summary').filter({ hasText: 'needs attention' }).waitFor();
  assert.equal(await page.getByTestId('mirror-action-error').count(), 0);

  // Stopped, it leaves the files as they are.
  await page.getByTestId('mirror-stop').click();
  await page.getByTestId('mirror-stop-confirm').click();
  await page.getByTestId('mirror-off').waitFor();
  assert.ok(existsSync(file), 'the file stays after the mirror stops');
  assert.deepEqual(page.errors, []);
});
