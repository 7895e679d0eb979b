// A guest reads and comments: on a guest's device a page opens for
// reading, and nothing offers to edit it or make a new one, since the
// store would refuse the change (#18: 10).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, joinDevice, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a guest’s device opens pages for reading, with no editor and no new page', async (t) => {
  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');
  const spaces = await call(a, 'Spaces', 'List');
  const p = await call(a, 'Pages', 'Create', { title: 'Partner handbook', spaceId: spaces[0].id, parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', p.id, 'ada', p.rev, [{ pos: 0, del: 0, ins: '## Working with us\n\nWe answer within **one working day**.' }]);

  const appB = await startApp(tempDataDir(t));
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await joinDevice(a, b, 'Grace Guest', `127.0.0.1:${portA}`, { role: 'guest', spaces: [spaces[0].id] });
  assert.equal((await call(b, 'Workspace', 'Session')).guest, true);

  await b.getByText('Partner handbook', { exact: true }).first().click({ timeout: 30_000 });
  await b.getByTestId('read-view').locator('strong', { hasText: 'one working day' }).waitFor();
  await b.getByTestId('guest-note').waitFor();
  assert.equal(await b.getByTestId('mode-toggle').count(), 0, 'no Read/Edit switch');
  assert.equal(await b.getByTestId('new-page').count(), 0, 'no New page');
  assert.equal(await b.getByTestId('delete-page').count(), 0, 'no Move to trash');
  assert.equal(await b.getByTestId('row-add').count(), 0, 'no Add a page inside');
  // Only the spaces the guest may read, and no channels, chats or goals:
  // none of them come to a guest's device.
  assert.deepEqual(await b.getByTestId('space').locator('.label').allInnerTexts(), ['Company Handbook']);
  for (const id of ['new-space', 'channel-item', 'nav-goals', 'nav-scoreboard']) {
    assert.equal(await b.getByTestId(id).count(), 0, `no ${id}`);
  }
  await b.keyboard.press('Control+e');
  await b.keyboard.press('Control+n');
  assert.equal(await b.locator('.cm-content').isVisible(), false, 'Ctrl+E does not open the editor');
  assert.equal(await b.getByTestId('new-page-dialog').count(), 0, 'Ctrl+N does not offer a new page');
  await b.getByTestId('read-view').waitFor();
  await b.screenshot({ path: path.join(shots, 'guest-reading.png') });

  // The member's device still edits.
  assert.equal((await call(a, 'Workspace', 'Session')).guest, false);
  await a.getByText('Partner handbook', { exact: true }).first().click();
  await a.getByTestId('mode-toggle').waitFor();
});
