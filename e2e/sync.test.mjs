// Two devices, two separate Longhand processes: the second joins with the
// first's invitation code over TLS on loopback, receives the workspace in a
// first sync, and from then on both follow each other's edits; the sync
// status says what each peer confirmed.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, launchBrowser, openUI, setup, startApp, tempDataDir, until, waitForBody } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a second device joins with a code and the two follow each other', async (t) => {
  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');
  const { code } = await call(a, 'Devices', 'CreateInvite', { role: 'member', days: 0, spaces: [] });

  const appB = await startApp(tempDataDir(t));
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await b.getByTestId('setup-mode-join').click();
  // The fields under the code stay put while what the code says appears (#18: 8).
  const nameAt = async () => (await b.getByTestId('setup-name').boundingBox()).y;
  const before = await nameAt();
  await b.getByTestId('setup-code').fill('LH-NOT-A-CODE');
  await b.getByTestId('setup-code-error').waitFor();
  assert.equal(await nameAt(), before, 'the name field moved when the error appeared');
  await b.getByTestId('setup-code').fill(code);
  await b.getByTestId('setup-invite-preview').waitFor();
  assert.equal(await nameAt(), before, 'the name field moved when the invitation appeared');
  assert.match(await b.getByTestId('setup-invite-preview').innerText(), /Ada Lovelace invited you as a member/);
  await b.getByTestId('setup-name').fill('Bo Berg');
  await b.getByTestId('setup-address').fill(`127.0.0.1:${portA}`);
  await b.screenshot({ path: path.join(shots, 'setup-join.png') });
  await b.getByTestId('setup-submit').click();
  await b.getByTestId('new-page').waitFor({ timeout: 30_000 });
  // The workspace opened whole: the first sync ran before it did.
  assert.ok((await call(b, 'Spaces', 'List')).length > 0, 'the spaces arrived with the first sync');
  assert.equal(await b.locator('[data-testid="toast"].error').count(), 0, 'nothing failed while the workspace arrived');

  // The first sync brings Ada's workspace: its spaces show on Bo's side.
  await until(async () => (await call(b, 'Spaces', 'List')).length > 0, 'the spaces on Bo’s device', 30_000, 200);
  // Read as one: another round may start (and say "Syncing…") between two reads.
  await until(async () => b.getByTestId('sync-indicator').evaluate((el) =>
    el.dataset.state === 'ok' && /Synced/.test(el.querySelector('[data-testid="sync-summary"]').textContent)), 'Bo’s sync line at "Synced"', 30_000, 100);

  // A page Ada writes reaches Bo; Bo's edit reaches Ada.
  const spaces = await call(a, 'Spaces', 'List');
  const page = await call(a, 'Pages', 'Create', { title: 'Launch plan', spaceId: spaces[0].id, parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', page.id, 'ada', page.rev, [{ pos: 0, del: 0, ins: 'Ship it on Friday.' }]);
  await until(async () => (await call(b, 'Pages', 'List')).some((p) => p.id === page.id), 'the page on Bo’s device', 30_000, 200);
  await waitForBody(b, page.id, 'Ship it on Friday.', 30_000);
  const onB = await call(b, 'Pages', 'Open', page.id);
  await call(b, 'Pages', 'Edit', page.id, 'bo', onB.rev, [{ pos: 0, del: 0, ins: 'Plan: ' }]);
  await waitForBody(a, page.id, 'Plan: Ship it on Friday.', 30_000);

  // People → Devices shows the peer as in sync, with what it confirmed.
  await b.getByTestId('sync-indicator').getByTestId('sync-summary').click();
  await b.getByTestId('sync-panel').waitFor();
  const peer = b.getByTestId('sync-peer').first();
  await until(async () => (await peer.getAttribute('data-state')) === 'in sync', 'Ada in sync on Bo’s device', 30_000, 200);
  assert.match(await peer.innerText(), /Ada Lovelace/);
  await b.screenshot({ path: path.join(shots, 'sync-panel.png') });

  // Ada's view of Bo, after Ada edits again: a change not yet sent, until
  // Sync now sends it.
  await a.getByTestId('people-link').click();
  await a.getByTestId('people-tab-devices').click();
  await until(async () => (await a.getByTestId('sync-peer').count()) > 0, 'Bo in Ada’s list', 30_000, 200);
  await a.getByTestId('sync-panel-now').click();
  await until(async () => (await a.getByTestId('sync-peer').first().getAttribute('data-state')) === 'in sync', 'Bo in sync on Ada’s device', 30_000, 200);
  // The page itself says it is on Bo's device, as Bo confirmed.
  await a.getByText('Launch plan', { exact: true }).first().click();
  const badge = a.locator('[data-testid="page-sync-status"][data-in-sync="true"]');
  await badge.waitFor({ timeout: 30_000 });
  // A status, not a byline: it says where the page went.
  assert.match(await badge.innerText(), /synced to Bo Berg’s device/);
  await a.screenshot({ path: path.join(shots, 'page-sync-status.png') });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});
