// Devices & security, end to end: this device's identity and where its key
// is kept, the signed membership log's devices, and an invitation made,
// previewed and withdrawn; the identity survives a restart.
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

test('an admin sees this device, invites someone, and withdraws the invitation', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');

  await a.getByTestId('people-link').click();
  await a.getByTestId('people-tab-devices').click();
  const fp = await a.getByTestId('device-fingerprint').innerText();
  assert.match(fp, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, 'the fingerprint is eight groups of four');
  // The test machine has a session bus but no Secret Service: the key is in a file.
  assert.equal(await a.getByTestId('key-storage').getAttribute('data-storage'), 'file');
  assert.match(await a.getByTestId('key-storage').innerText(), /device\.key/);
  const device = a.getByTestId('device');
  assert.equal(await device.count(), 1);
  assert.match(await device.innerText(), /Ada Lovelace[\s\S]*this device/);
  assert.equal((await device.getByTestId('device-role').textContent()).trim(), 'admin');
  assert.match(await a.getByTestId('invites-empty').innerText(), /No invitations yet/);

  // An invitation for a member: the link and code are shown once.
  await a.getByTestId('invite-open').click();
  await a.getByTestId('invite-dialog').waitFor();
  await a.getByTestId('invite-role-guest').check();
  assert.equal(await a.getByTestId('invite-create').isDisabled(), true, 'a guest needs spaces');
  await a.screenshot({ path: path.join(shots, 'invite-dialog.png') });
  await a.getByTestId('invite-role-member').check();
  await a.getByTestId('invite-create').click();
  const link = await a.getByTestId('invite-link').inputValue();
  assert.match(link, /^longhand:\/\/join\?code=LH-/);
  const code = await a.getByTestId('invite-code').innerText();
  assert.match(code, /^LH-/);
  await a.screenshot({ path: path.join(shots, 'invite-ready.png') });
  await a.getByTestId('invite-done').click();

  // What a joiner would see before accepting.
  const preview = await call(a, 'Devices', 'PreviewInvite', code.toLowerCase());
  assert.equal(preview.workspaceName, 'Ada Lovelace’s workspace');
  assert.equal(preview.inviterName, 'Ada Lovelace');
  assert.ok(fp.startsWith(preview.inviterFingerprint), 'the code names the inviter’s device');
  await assert.rejects(call(a, 'Devices', 'PreviewInvite', code.slice(0, -3) + 'AAA'), /typo/);

  const invite = a.getByTestId('invite');
  assert.equal(await invite.getAttribute('data-status'), 'open');
  await a.screenshot({ path: path.join(shots, 'devices.png') });
  await invite.getByTestId('invite-revoke').click();
  await a.getByTestId('confirm-ok').click();
  await a.locator('[data-testid="invite"][data-status="revoked"]').waitFor();
  assert.equal(await a.getByTestId('invite-revoke').count(), 0, 'a withdrawn invitation cannot be withdrawn again');

  // A restart keeps the device and the log.
  await a.close();
  await app.stop();
  app = await startApp(dir);
  a = await openUI(browser, app);
  await a.getByTestId('people-link').click();
  await a.getByTestId('people-tab-devices').click();
  assert.equal(await a.getByTestId('device-fingerprint').innerText(), fp);
  await a.locator('[data-testid="invite"][data-status="revoked"]').waitFor();
});
