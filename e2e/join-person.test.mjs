// "Add person", then invite them: the invitation names that profile, and
// the device that joins with it becomes that person. Two Longhand
// processes over loopback: Ada's People → Devices is open while Bo joins,
// and follows the join on its own; Bo is one person on both devices, with
// the profile Ada made, and New chat does not offer him himself.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a person added under People joins as that person', async (t) => {
  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');

  // Ada adds Bo, and invites him from the same dialog.
  await a.getByTestId('people-link').click();
  await a.getByTestId('add-person').click();
  await a.getByTestId('person-name').fill('Bo Berg');
  await a.getByTestId('person-team').fill('Research');
  await a.getByTestId('person-timezone').fill('America/New_York');
  await a.getByTestId('person-save-invite').click();
  await a.getByTestId('invite-dialog').waitFor();
  assert.match(await a.getByTestId('invite-for').innerText(), /Bo Berg joins from their own device as the profile you made/);
  await a.getByTestId('invite-create').click();
  const code = await a.getByTestId('invite-code').innerText();
  await a.getByTestId('invite-done').click();
  const boRow = a.getByTestId('person').filter({ hasText: 'Bo Berg' });
  await boRow.getByTestId('person-not-joined').waitFor();
  const boId = await boRow.getAttribute('data-member-id');

  // Ada keeps Devices & security open while Bo joins.
  await a.getByTestId('people-tab-devices').click();
  const invite = a.getByTestId('invite');
  assert.equal(await invite.getAttribute('data-status'), 'open');
  assert.equal(await invite.getAttribute('data-member-id'), boId);
  assert.match(await invite.innerText(), /For Bo Berg, as member/);
  assert.equal(await a.getByTestId('device').count(), 1);

  const appB = await startApp(tempDataDir(t));
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await b.getByTestId('setup-mode-join').click();
  await b.getByTestId('setup-code').fill(code);
  await b.getByTestId('setup-invite-preview').waitFor();
  assert.equal(await b.getByTestId('setup-invite-person').innerText(), 'Bo Berg');
  assert.match(await b.getByTestId('setup-invite-preview').innerText(), /Ada Lovelace invited you to join as Bo Berg, a member/);
  // He types no name of his own: he is the person Ada added.
  assert.equal(await b.getByTestId('setup-name').count(), 0);
  await b.getByTestId('setup-as-person').waitFor();
  await b.getByTestId('setup-address').fill(`127.0.0.1:${portA}`);
  await b.screenshot({ path: path.join(shots, 'setup-join-as-person.png') });
  await b.getByTestId('setup-submit').click();
  await b.getByTestId('new-page').waitFor({ timeout: 30_000 });
  const sess = await call(b, 'Workspace', 'Session');
  assert.equal(sess.meId, boId, 'Bo’s device is the person Ada added');
  assert.equal(sess.meName, 'Bo Berg');
  assert.equal(sess.timeZone, 'America/New_York', 'with the time zone Ada set');

  // Ada's open device list and invitation follow the join by themselves.
  await until(async () => (await a.getByTestId('device').count()) === 2, 'Bo’s device in Ada’s list', 30_000, 200);
  assert.match(await a.getByTestId('device').filter({ hasNotText: 'this device' }).innerText(), /Bo Berg/);
  await a.locator('[data-testid="invite"][data-status="used"]').waitFor();
  assert.match(await a.getByTestId('invite-used').innerText(), /^Used by Bo Berg’s device [A-Z2-7]{4} [A-Z2-7]{4} on (\d{1,2} \w{3}|\w{3} \d{1,2},) \d{4}$/, 'a date in Ada’s regional format, day or month first');
  assert.equal(await invite.getByTestId('invite-revoke').count(), 0);
  await a.screenshot({ path: path.join(shots, 'invite-used.png') });

  // One Bo on each side.
  await a.getByTestId('people-tab-list').click();
  await until(async () => (await call(a, 'Members', 'List')).length === 2, 'Ada’s directory to settle', 30_000, 200);
  assert.equal(await a.getByTestId('person').filter({ hasText: 'Bo Berg' }).count(), 1);
  await a.getByTestId('person').filter({ hasText: 'Bo Berg' }).getByTestId('person-not-joined').waitFor({ state: 'detached' });
  await until(async () => (await call(b, 'Members', 'List')).length === 2, 'Ada on Bo’s device', 30_000, 200);
  const onB = await call(b, 'Members', 'List');
  assert.deepEqual(onB.map((m) => m.name).sort(), ['Ada Lovelace', 'Bo Berg']);
  assert.equal(onB.find((m) => m.id === boId)?.team, 'Research', 'his profile is the one Ada made');

  // New chat offers Bo only Ada.
  await b.getByTestId('new-chat').click();
  const dialog = b.getByTestId('new-chat-dialog');
  await dialog.waitFor();
  const adaId = (await call(a, 'Workspace', 'Session')).meId;
  const offered = await dialog.getByTestId('chat-pick').evaluateAll((els) => els.map((e) => e.getAttribute('data-member-id')));
  assert.deepEqual(offered, [adaId], 'New chat offers Ada alone');
  await b.screenshot({ path: path.join(shots, 'new-chat-after-join.png') });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});
