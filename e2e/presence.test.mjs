// Presence, end to end with two Longhand processes over the LAN: when Ada
// opens a page, Bo's header shows her face (her name on hover) within
// seconds; when she leaves it, it goes. Turning presence off in
// Notifications & focus, she is not shown again (#18).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, joinDevice, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a teammate who opens the page shows in its header, and goes when they leave', async (t) => {
  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');
  const spaces = await call(a, 'Spaces', 'List');
  const page = await call(a, 'Pages', 'Create', { title: 'Launch plan', spaceId: spaces[0].id, parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', page.id, 'ada', page.rev, [{ pos: 0, del: 0, ins: 'Ship it on Friday.' }]);

  const appB = await startApp(tempDataDir(t));
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await joinDevice(a, b, 'Bo Berg', `127.0.0.1:${portA}`);
  await until(async () => (await call(b, 'Pages', 'List')).some((p) => p.id === page.id), 'the page on Bo’s device', 30_000, 200);
  const ada = (await call(a, 'Workspace', 'Session')).meId;
  const bo = (await call(b, 'Workspace', 'Session')).meId;

  // Bo reads the page; nobody else has it open yet.
  await b.getByText('Launch plan', { exact: true }).first().click();
  await b.getByTestId('breadcrumbs').getByText('Launch plan').waitFor();
  assert.equal(await b.getByTestId('page-presence').count(), 0, 'a face with nobody there');

  // Ada opens it: her face appears in Bo's header, and his in hers.
  await a.getByText('Launch plan', { exact: true }).first().click();
  const adaOnB = b.locator(`[data-testid="presence-avatar"][data-member-id="${ada}"]`);
  await adaOnB.waitFor({ timeout: 30_000 });
  // Names on hover, in our own tooltip (data-tip; never a native title).
  assert.equal(await b.getByTestId('page-presence').getAttribute('data-tip'), 'Ada Lovelace has this page open');
  assert.equal(await adaOnB.locator('[data-tip]').getAttribute('data-tip'), 'Ada Lovelace');
  await a.locator(`[data-testid="presence-avatar"][data-member-id="${bo}"]`).waitFor({ timeout: 30_000 });
  assert.equal(await a.locator(`[data-testid="presence-avatar"][data-member-id="${ada}"]`).count(), 0, 'Ada sees herself');
  await b.getByTestId('page-presence').hover();
  await b.screenshot({ path: path.join(shots, 'presence-header.png') });

  // Ada goes to her inbox: she is gone from Bo's header.
  await a.getByTestId('inbox-link').click();
  await adaOnB.waitFor({ state: 'detached', timeout: 30_000 });

  // Ada keeps quiet in Notifications & focus, where the setting says focus hides her too.
  await a.getByTestId('focus-start').click();
  await a.getByTestId('focus-settings-link').click();
  const share = a.getByTestId('fs-share-presence');
  await share.waitFor();
  assert.equal(await share.isChecked(), true, 'presence is on by default');
  assert.match(await a.getByTestId('focus-settings').innerText(), /Never while you focus/);
  await share.uncheck();
  await until(async () => (await call(a, 'Focus', 'Settings')).hidePresence === true, 'the setting saved', 10_000, 100);
  await a.screenshot({ path: path.join(shots, 'presence-setting.png') });
  await a.getByText('Launch plan', { exact: true }).first().click();
  await a.getByTestId('breadcrumbs').getByText('Launch plan').waitFor();
  // Bo's device, asked directly, has heard nothing of Ada on the page,
  // while Ada's still hears Bo (his presence is on).
  await a.locator(`[data-testid="presence-avatar"][data-member-id="${bo}"]`).waitFor({ timeout: 30_000 });
  assert.deepEqual(await call(b, 'Presence', 'On', page.id), [], 'Ada shown after she turned presence off');
  assert.equal(await adaOnB.count(), 0);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});
