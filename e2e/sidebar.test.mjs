// The sidebar of a new workspace: its seven starter spaces, which have no
// pages yet, fold into one row so that Channels and Chats stay in sight;
// a space comes out of the fold with its first page (#18: 10).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('spaces with no pages fold into one row, and Channels and Chats stay in sight', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { foldEmptySpaces: true });
  await setup(page, 'Ada Lovelace');

  const fold = page.getByTestId('empty-spaces');
  await fold.waitFor();
  assert.match(await fold.innerText(), /7 spaces with no pages yet/);
  assert.equal(await page.getByTestId('space').count(), 0);
  const viewport = page.viewportSize();
  for (const id of ['#channels-heading', '#chats-heading']) {
    const box = await page.locator(id).boundingBox();
    assert.ok(box && box.y + box.height <= viewport.height, `${id} is in sight (at ${box?.y})`);
  }
  await page.screenshot({ path: path.join(shots, 'sidebar-new-workspace.png') });

  // The first page in a space brings the space out of the fold.
  const playbooks = (await call(page, 'Spaces', 'List')).find((s) => s.name === 'Playbooks');
  await call(page, 'Pages', 'Create', { title: 'Incident response', spaceId: playbooks.id, parentId: '', from: '' });
  await page.getByTestId('space').filter({ hasText: 'Playbooks' }).waitFor();
  assert.equal(await page.getByTestId('space').count(), 1);
  await fold.filter({ hasText: '6 spaces with no pages yet' }).waitFor();

  // Unfolded, they are all there, and stay so after a reload.
  await fold.click();
  await page.getByTestId('space').nth(6).waitFor();
  await page.reload();
  await page.getByTestId('space').nth(6).waitFor();
  assert.equal(await page.getByTestId('empty-spaces').getAttribute('aria-expanded'), 'true');
});
