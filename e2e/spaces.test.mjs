// Managing spaces: settings, order (menu, keyboard and drag), and the
// trash, where a space takes its pages and brings them back. The real
// frontend in Chromium against the real Go services, with a second window
// that must follow every change by events alone.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The sidebar's spaces, top to bottom. */
const sidebar = (page) => page.getByTestId('space').locator('.label').allInnerTexts();
const head = (page, name) => page.getByTestId('space').filter({ has: page.locator('.label', { hasText: new RegExp(`^${name}$`) }) });
const row = (page, title) => page.getByTestId('page-item').filter({ hasText: title });

async function spaceMenu(page, name) {
  await head(page, name).hover();
  await head(page, name).getByTestId('space-menu').click();
  await page.getByTestId('row-menu-list').waitFor();
}

async function orderIs(pages, want) {
  for (const p of pages) await until(async () => JSON.stringify(await sidebar(p)) === JSON.stringify(want), `sidebar order ${want.join(', ')}; it is ${(await sidebar(p)).join(', ')}`);
  const listed = (await call(pages[0], 'Spaces', 'List')).map((s) => s.name);
  assert.deepEqual(listed, want, 'the order Go keeps');
}

const ours = (errors) => errors;

test('spaces are edited, reordered, trashed with their pages, restored and purged', async (t) => {
  const dataDir = tempDataDir(t);
  let app = await startApp(dataDir);
  t.after(() => app.stop());
  let page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  await page.getByTestId('space').nth(6).waitFor();
  const other = await openUI(browser, app); // a second window, following by events
  await other.getByTestId('space').nth(6).waitFor();

  const spaces = await call(page, 'Spaces', 'List');
  const playbooks = spaces.find((s) => s.name === 'Playbooks');
  const review = await call(page, 'Pages', 'Create', { title: 'Incident review', spaceId: playbooks.id, parentId: '', from: '' });
  const timeline = await call(page, 'Pages', 'Create', { title: 'Timeline', spaceId: '', parentId: review.id, from: '' });
  await call(page, 'Pages', 'Edit', timeline.id, 'e2e', timeline.rev, [{ pos: 0, del: 0, ins: 'What happened, minute by minute.' }]);
  const loose = await call(page, 'Pages', 'Create', { title: 'Old checklist', spaceId: playbooks.id, parentId: '', from: '' });
  await call(page, 'Pages', 'Delete', loose.id); // trashed on its own, before the space
  await row(page, 'Incident review').waitFor();

  // The space menu, open: what a person sees before choosing.
  await spaceMenu(page, 'Playbooks');
  const items = await page.getByTestId('row-menu-list').getByRole('menuitem').allInnerTexts();
  assert.deepEqual(items, ['Space settings…', 'Add page', 'Move up', 'Move down', 'Export space', 'Export as Automerge files', 'Import…', 'Move to trash']);
  await page.screenshot({ path: path.join(shots, 'spaces-menu-light.png'), clip: { x: 0, y: 0, width: 560, height: 820 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'spaces-menu-dark.png'), clip: { x: 0, y: 0, width: 560, height: 820 } });
  await page.emulateMedia({ colorScheme: 'light' });

  // Settings: rename, describe, another icon.
  await page.getByTestId('space-edit').click();
  const dialog = page.getByTestId('edit-space-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('edit-space-name').inputValue(), 'Playbooks');
  await dialog.getByTestId('edit-space-name').fill('Runbooks');
  await dialog.getByTestId('edit-space-description').fill('How we run the things we run.');
  await dialog.getByRole('radio', { name: '🛠️' }).click();
  await page.screenshot({ path: path.join(shots, 'spaces-settings-light.png') });
  await dialog.getByTestId('edit-space-save').click();
  await dialog.waitFor({ state: 'detached' });
  for (const p of [page, other]) await head(p, 'Runbooks').waitFor();
  const renamed = (await call(page, 'Spaces', 'List')).find((s) => s.id === playbooks.id);
  assert.equal(renamed.name, 'Runbooks');
  assert.equal(renamed.icon, '🛠️');
  assert.equal(renamed.description, 'How we run the things we run.');
  assert.equal((await call(page, 'Pages', 'Open', playbooks.homeId)).title, 'Runbooks', 'the home page follows the name it had');
  // An empty name is refused in the dialog, with the reason.
  await spaceMenu(page, 'Runbooks');
  await page.getByTestId('space-edit').click();
  await page.getByTestId('edit-space-name').fill(' ');
  await page.getByTestId('edit-space-save').click();
  await page.getByTestId('edit-space-error').waitFor();
  // Esc asks before it throws away what was typed.
  await page.keyboard.press('Escape');
  await page.getByTestId('discard-confirm').click();
  await page.getByTestId('edit-space-dialog').waitFor({ state: 'detached' });

  // Order: the menu's Move up, the keyboard (Alt+Arrow on the focused
  // space), and drag and drop.
  await spaceMenu(page, 'Runbooks');
  await page.getByTestId('space-move-up').click();
  await orderIs([page, other], ['Runbooks', 'Company Handbook', 'Goals', 'Insights & Deep Dives', 'Org & Hiring', 'Onboarding & Training', 'Metrics']);
  await spaceMenu(page, 'Runbooks');
  assert.equal(await page.getByTestId('space-move-up').count(), 0, 'the first space cannot move up');
  await page.keyboard.press('Escape');
  await head(page, 'Metrics').getByTestId('space-name').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await orderIs([page, other], ['Runbooks', 'Company Handbook', 'Goals', 'Insights & Deep Dives', 'Org & Hiring', 'Metrics', 'Onboarding & Training']);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid=space]')?.querySelector('.label')?.textContent), 'Metrics', 'focus stays on the moved space');
  await head(page, 'Goals').getByTestId('space-name').dragTo(head(page, 'Runbooks'), { targetPosition: { x: 60, y: 3 } });
  await orderIs([page, other], ['Goals', 'Runbooks', 'Company Handbook', 'Insights & Deep Dives', 'Org & Hiring', 'Metrics', 'Onboarding & Training']);

  // Trash the space: its pages go with it, and it is listed in the trash as one entry.
  await spaceMenu(page, 'Runbooks');
  await page.getByTestId('space-trash').click();
  const confirm = page.getByTestId('confirm');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /Its 3 pages go with it/);
  await page.getByTestId('confirm-ok').click();
  for (const p of [page, other]) await head(p, 'Runbooks').waitFor({ state: 'detached' });
  await until(async () => (await call(page, 'Pages', 'Open', timeline.id)).deletedAt !== '', 'the subpage to be in the trash');
  assert.equal(await row(page, 'Incident review').count(), 0);
  for (const p of [page, other]) await until(async () => (await p.getByTestId('trash-count').innerText()) === '1', 'the trash count: the space, standing for all its pages');
  await page.getByTestId('trash-link').click();
  const trashed = page.getByTestId('trash-space');
  await trashed.waitFor();
  assert.match(await trashed.innerText(), /Runbooks/);
  assert.match(await trashed.innerText(), /4 pages/, 'its home, Incident review, Timeline, and Old checklist trashed before it');
  assert.equal(await page.getByTestId('trash-item').count(), 0, 'pages of a trashed space are listed under it, not one by one');
  await page.screenshot({ path: path.join(shots, 'spaces-trash-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'spaces-trash-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.match(String(await call(page, 'Pages', 'Restore', review.id).catch((e) => e)), /Runbooks.*is in the trash/);

  // Survives a restart.
  await page.context().close();
  await other.context().close();
  await app.stop();
  app = await startApp(dataDir);
  page = await openUI(browser, app);
  await page.getByTestId('space').nth(5).waitFor();
  assert.equal(await head(page, 'Runbooks').count(), 0);
  await page.getByTestId('trash-link').click();
  await page.getByTestId('trash-space').filter({ hasText: 'Runbooks' }).getByTestId('restore-space').click();
  await head(page, 'Runbooks').waitFor();
  await orderIs([page], ['Goals', 'Runbooks', 'Company Handbook', 'Insights & Deep Dives', 'Org & Hiring', 'Metrics', 'Onboarding & Training']);
  await until(async () => (await call(page, 'Pages', 'Open', timeline.id)).deletedAt === '', 'the subpage to come back');
  assert.equal((await call(page, 'Pages', 'Open', timeline.id)).body, 'What happened, minute by minute.');
  assert.notEqual((await call(page, 'Pages', 'Open', loose.id)).deletedAt, '', 'a page trashed on its own before stays in the trash');
  await row(page, 'Incident review').waitFor();
  assert.deepEqual(await page.getByTestId('trash-item').locator('.title').allInnerTexts(), ['Old checklist']);
  assert.equal(await page.getByTestId('trash-space').count(), 0);

  // Trash it again and delete it forever: every page of it is gone.
  await spaceMenu(page, 'Runbooks');
  await page.getByTestId('space-trash').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('trash-space').waitFor();
  await page.getByTestId('trash-space').getByTestId('purge-space').click();
  assert.match(await page.getByTestId('confirm').innerText(), /Delete “Runbooks” forever\?/);
  assert.equal(await page.getByTestId('confirm-ok').getAttribute('data-destructive'), 'true', 'deleting forever is drawn as destructive');
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('trash-space').waitFor({ state: 'detached' });
  for (const id of [review.id, timeline.id, loose.id, playbooks.homeId]) {
    assert.match(String(await call(page, 'Pages', 'Open', id).catch((e) => e)), /not_found|does not exist/);
  }
  assert.deepEqual(await page.getByTestId('trash-item').count(), 0);
  assert.equal((await call(page, 'Spaces', 'Trash')).length, 0);
  assert.deepEqual(ours(page.errors), []);
});
