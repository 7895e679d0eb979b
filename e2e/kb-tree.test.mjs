// Spaces, the page tree and templates: what a team sees in the sidebar, and
// that a move made by drag and drop is what the backend keeps.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, until, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const spaceNames = ['Company Handbook', 'Playbooks', 'Goals', 'Insights & Deep Dives', 'Org & Hiring', 'Onboarding & Training', 'Metrics'];

/** The sidebar as text: each space and its rows, indented by depth. */
async function outline(page) {
  return page.getByTestId('page-list').evaluate((root) => {
    const lines = [];
    for (const sp of root.querySelectorAll('[data-testid=space]')) {
      lines.push(sp.querySelector('.label').innerText);
      const tree = sp.parentElement.querySelector('[data-testid=space-tree]');
      for (const row of tree?.querySelectorAll('[data-testid=page-item]') ?? []) {
        const depth = Number(row.dataset.depth);
        lines.push(`${'  '.repeat(depth)}${row.querySelector('.title').innerText}`);
      }
    }
    return lines.join('\n');
  });
}

const tool = (page, id, name) => page.locator(`[data-testid=page-item][data-page-id="${id}"] ~ .tools [data-testid=${name}]`);
const row = (page, title) => page.getByTestId('page-item').filter({ hasText: title });
const space = (page, name) => page.getByTestId('space').filter({ hasText: name });

test('spaces, templates, nesting, drag and drop, and a restart', async (t) => {
  const dataDir = tempDataDir(t);
  let app = await startApp(dataDir);
  t.after(() => app.stop());
  let page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');

  // The seven spaces of a new workspace.
  await page.getByTestId('space').nth(6).waitFor();
  const names = await page.getByTestId('space').allInnerTexts();
  assert.deepEqual(names.map((n) => n.trim()), spaceNames.map((n) => names.find((x) => x.includes(n))?.trim()));
  assert.equal(names.length, 7);
  const spaces = await call(page, 'Spaces', 'List');
  const playbooks = spaces.find((s) => s.name === 'Playbooks');
  const metrics = spaces.find((s) => s.name === 'Metrics');

  // New page from the Product spec template, in Playbooks.
  await page.getByTestId('new-page').click();
  const dialog = page.getByTestId('new-page-dialog');
  await dialog.getByTestId('template-option').filter({ hasText: 'Product spec' }).waitFor();
  await dialog.getByTestId('page-title').fill('Checkout redesign');
  await dialog.getByTestId('new-page-space').selectOption(playbooks.id);
  await dialog.getByTestId('template-option').filter({ hasText: 'Product spec' }).click();
  await page.screenshot({ path: path.join(shots, 'kb-template-dialog-light.png') });
  await dialog.getByTestId('page-title').press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await row(page, 'Checkout redesign').waitFor();
  const spec = (await call(page, 'Pages', 'List')).find((p) => p.title === 'Checkout redesign');
  assert.equal(spec.spaceId, playbooks.id);
  assert.equal(spec.parentId, '');
  await waitForBody(page, spec.id, '## Success measures');
  await page.locator('.cm-content').filter({ hasText: 'Success measures' }).waitFor();
  assert.equal(await page.locator('.cm-editor').isVisible(), true, 'a new page opens in Edit mode');

  // A child under it through the row's "+", then named.
  await row(page, 'Checkout redesign').hover();
  await tool(page, spec.id, 'row-add').click();
  const title = page.getByTestId('page-title');
  await title.fill('Payment errors');
  await title.press('Enter');
  await row(page, 'Payment errors').waitFor();
  let child = (await call(page, 'Pages', 'List')).find((p) => p.title === 'Payment errors');
  assert.equal(child.parentId, spec.id);
  assert.equal(child.spaceId, playbooks.id);
  // And a grandchild, to show depth.
  await call(page, 'Pages', 'Create', { title: 'Card declines', spaceId: playbooks.id, parentId: child.id, from: '' });
  await call(page, 'Pages', 'Create', { title: 'Launch checklist', spaceId: playbooks.id, parentId: '', from: 'builtin:playbook' });
  const launch = (await call(page, 'Pages', 'List')).find((p) => p.title === 'Launch checklist');
  await row(page, 'Launch checklist').waitFor();
  // The child is open (its parent was expanded when it was made); open it to see the grandchild.
  await page.locator(`[data-testid=page-item][data-page-id="${child.id}"]`).focus();
  await page.keyboard.press('ArrowRight');
  await row(page, 'Card declines').waitFor();
  assert.match(await outline(page), /Playbooks\n  Checkout redesign\n    Payment errors\n      Card declines\n  Launch checklist/);
  await row(page, 'Card declines').click();
  await page.screenshot({ path: path.join(shots, 'kb-sidebar-light.png'), clip: { x: 0, y: 0, width: 560, height: 820 } });

  // Drag the child to the top level of Metrics.
  await row(page, 'Payment errors').dragTo(space(page, 'Metrics'));
  await page.getByTestId('space-tree').and(page.locator(`[data-space-id="${metrics.id}"]`)).getByTestId('page-item').filter({ hasText: 'Payment errors' }).waitFor();
  const list = await call(page, 'Pages', 'List');
  child = list.find((p) => p.title === 'Payment errors');
  assert.equal(child.spaceId, metrics.id);
  assert.equal(child.parentId, '');
  assert.equal(list.find((p) => p.title === 'Card declines').spaceId, metrics.id, 'subpages move with their page');

  // And back: drop it onto the middle of Checkout redesign to nest it again.
  await row(page, 'Payment errors').dragTo(row(page, 'Checkout redesign'));
  await page.waitForFunction(async ([id, parent]) => (await window.go.app.Pages.List()).some((p) => p.id === id && p.parentId === parent), [child.id, spec.id]);
  // Then before Checkout redesign, by its upper edge: top level of Playbooks, first.
  await row(page, 'Payment errors').dragTo(row(page, 'Checkout redesign'), { targetPosition: { x: 40, y: 2 } });
  await page.waitForFunction(async ([id]) => (await window.go.app.Pages.List()).some((p) => p.id === id && p.parentId === ''), [child.id]);

  // Moving a page under its own subpage is refused, with a toast; the menu's Move to… offers no such place.
  const err = await call(page, 'Pages', 'Move', spec.id, { spaceId: '', parentId: (await call(page, 'Pages', 'Create', { title: 'Sub', spaceId: '', parentId: spec.id, from: '' })).id, beforeId: '' }).catch((e) => String(e));
  assert.match(String(err), /under itself/);
  // Sub made Checkout redesign a branch: hover its row once it is drawn
  // as one, or the redraw takes the row from under the pointer.
  await page.locator(`[data-testid=page-item][data-page-id="${spec.id}"][aria-expanded]`).waitFor();
  await until(async () => {
    await row(page, 'Checkout redesign').hover();
    return tool(page, spec.id, 'row-menu').isVisible();
  }, 'the row menu of Checkout redesign on hover');
  await tool(page, spec.id, 'row-menu').click();
  await page.getByTestId('row-move').click();
  const move = page.getByTestId('move-dialog');
  await move.waitFor();
  assert.equal(await move.locator(`[data-testid=move-option][data-parent-id="${spec.id}"]`).count(), 0);
  await move.locator(`[data-testid=move-option][data-space-id="${metrics.id}"][data-parent-id=""]`).click();
  await move.getByTestId('move-confirm').click();
  await move.waitFor({ state: 'detached' });
  await page.waitForFunction(async ([id, sp]) => (await window.go.app.Pages.List()).some((p) => p.id === id && p.spaceId === sp), [spec.id, metrics.id]);

  // Save as template, from the row menu: it shows in the gallery.
  await row(page, 'Launch checklist').hover();
  await tool(page, launch.id, 'row-menu').click();
  await page.getByTestId('row-save-template').click();
  await page.getByTestId('toast').filter({ hasText: 'as a template' }).waitFor();

  // A new space.
  await page.getByTestId('new-space').click();
  await page.getByTestId('new-space-name').fill('Research');
  await page.getByTestId('new-space-description').fill('Studies and interviews.');
  await page.getByRole('radio', { name: '🔬' }).click();
  await page.getByTestId('new-space-create').click();
  await space(page, 'Research').waitFor();
  assert.equal(await page.getByTestId('space').count(), 8);

  await page.keyboard.press('Control+n');
  await page.getByTestId('template-option').filter({ hasText: 'Launch checklist' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('new-page-dialog').waitFor({ state: 'detached' });

  await expandAll(page);
  const before = await outline(page);
  assert.match(before, /Research/);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // After a restart the tree is the same. Which rows are open is kept per
  // session, so both outlines are taken with every row open.
  await app.stop();
  app = await startApp(dataDir);
  page = await openUI(browser, app);
  await page.getByTestId('space').nth(7).waitFor();
  await row(page, 'Payment errors').waitFor();
  await expandAll(page);
  // Open branches load their rows as they come into view: wait for them,
  // opening the rows that arrive closed (a subpage's parent may load after
  // the first pass opened everything it saw).
  await until(async () => {
    await expandAll(page);
    return (await outline(page)) === before;
  }, 'the tree as it was', 20_000).catch(() => {});
  assert.equal(await outline(page), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

async function expandAll(page) {
  for (;;) {
    const closed = page.locator('[data-testid=page-item][aria-expanded=false]');
    if ((await closed.count()) === 0) return;
    await closed.first().focus();
    await page.keyboard.press('ArrowRight');
  }
}

test('the sidebar in the dark, with a nested tree', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { colorScheme: 'dark' });
  await setup(page, 'Grace Hopper');
  const spaces = await call(page, 'Spaces', 'List');
  const sp = (name) => spaces.find((s) => s.name === name).id;
  const mk = (title, space, parentId = '', from = '') => call(page, 'Pages', 'Create', { title, spaceId: space, parentId, from });
  const q = await mk('Q3 goals', sp('Goals'), '', 'builtin:product-spec');
  const growth = await mk('Growth', sp('Goals'), q.id);
  await mk('Activation funnel', sp('Goals'), growth.id);
  await mk('Retention', sp('Goals'), q.id);
  await mk('Incident response', sp('Playbooks'), '', 'builtin:playbook');
  await mk('Release process', sp('Playbooks'));
  await mk('Checkout latency RCA', sp('Insights & Deep Dives'), '', 'builtin:deep-dive');
  await row(page, 'Q3 goals').waitFor();
  for (const title of ['Q3 goals', 'Growth']) {
    await row(page, title).focus();
    await page.keyboard.press('ArrowRight');
  }
  await row(page, 'Activation funnel').click();
  await page.locator('.cm-content').waitFor();
  await row(page, 'Retention').hover();
  await page.screenshot({ path: path.join(shots, 'kb-sidebar-dark.png'), clip: { x: 0, y: 0, width: 560, height: 820 } });
  await page.getByTestId('new-page').click();
  await page.getByTestId('template-option').nth(3).waitFor();
  await page.getByTestId('template-option').filter({ hasText: 'Deep dive' }).click();
  await page.screenshot({ path: path.join(shots, 'kb-template-dialog-dark.png') });
  assert.deepEqual(page.errors, []);
});
