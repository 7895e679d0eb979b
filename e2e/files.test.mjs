// Files between two devices over the LAN: an image pasted into a page on
// one device shows on the other, and a file attached there opens with the
// system's app through a copy of its own; a file still on its way shows
// how far it has come.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, joinDevice, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

// A real 4×4 PNG (red), as a paste would bring it.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fTcuYAAAAAElFTkSuQmCC',
  'base64',
);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('an image and a file attached on one device reach the other, and the file opens there', async (t) => {
  const dirB = tempDataDir(t);
  // The system's "open" is a script that records what it was given.
  const opened = path.join(dirB, 'opened.txt');
  const opener = path.join(dirB, 'opener.sh');
  writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(opener, 0o755);

  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');
  const appB = await startApp(dirB, { env: { LONGHAND_OPENER: opener } });
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await joinDevice(a, b, 'Bo Berg', `127.0.0.1:${portA}`);

  // Ada writes a page with a pasted image and an attached spreadsheet.
  const img = await call(a, 'Attachments', 'Create', 'burndown.png', png.toString('base64'));
  const sheet = Buffer.from('Quarter,Teams\nQ3,12\nQ4,27\n'.repeat(4000));
  const file = await call(a, 'Attachments', 'CreateFile', 'Q3 numbers.csv', sheet.toString('base64'));
  assert.equal(file.image, false);
  const spaces = await call(a, 'Spaces', 'List');
  const body = `The burndown:\n\n![burndown](${img.ref})\n\nThe numbers: [Q3 numbers.csv](${file.ref})\n`;
  const page = await call(a, 'Pages', 'Create', { title: 'Q3 review', spaceId: spaces[0].id, parentId: '', from: '' });
  await call(a, 'Pages', 'Edit', page.id, 'ada', page.rev, [{ pos: 0, del: 0, ins: body }]);
  await call(a, 'Sync', 'SyncNow');

  // On Bo's device: the page, its image shown, its file whole.
  await until(async () => (await call(b, 'Attachments', 'Status', file.hash)).complete, 'the file on Bo’s device', 30_000, 250);
  await until(async () => (await call(b, 'Attachments', 'Status', img.hash)).complete, 'the image on Bo’s device', 30_000, 250);
  await b.getByText('Q3 review', { exact: true }).first().click();
  await b.getByTestId('mode-read').click();
  const shown = b.getByTestId('read-view').locator(`img[src="/attachments/${img.hash}"]`);
  await shown.waitFor();
  await until(async () => (await shown.evaluate((i) => i.naturalWidth)) === 4, 'the image drawn', 10_000);
  const chip = b.getByTestId('read-view').locator(`a.file-chip[data-attachment="${file.hash}"]`);
  await chip.waitFor();
  assert.equal(await chip.innerText(), 'Q3 numbers.csv');
  await until(async () => /\d+ KB/.test((await chip.getAttribute('data-meta')) ?? ''), 'the file’s size on its chip', 10_000);
  await b.screenshot({ path: path.join(shots, 'files-on-second-device.png') });

  // Opening it hands the system a private copy, not the store.
  await chip.click();
  await until(async () => existsSync(opened), 'the file handed to the system’s app', 10_000);
  const given = readFileSync(opened, 'utf8').trim();
  assert.equal(path.basename(given), 'Q3 numbers.csv');
  assert.ok(!given.startsWith(dirB), 'the copy is outside the data folder');
  assert.deepEqual(readFileSync(given), sheet);

  // Bo's device fetches files only when they are opened: an image added
  // now arrives with its page, but its bytes wait until Bo opens it.
  await b.getByTestId('people-link').click();
  await b.getByTestId('people-tab-devices').click();
  await b.getByTestId('file-settings').getByText('When opened', { exact: true }).click();
  await until(async () => !(await call(b, 'Attachments', 'Settings')).fetchAll, 'fetching on demand', 5_000);
  await b.screenshot({ path: path.join(shots, 'file-settings.png') });
  const big = Buffer.concat([png, Buffer.alloc(3 << 20, 7)]); // a PNG with 3 MB after its end: four chunks
  const later = await call(a, 'Attachments', 'Create', 'roadmap.png', big.toString('base64'));
  const again = await call(a, 'Pages', 'Open', page.id);
  await call(a, 'Pages', 'Edit', page.id, 'ada', again.rev, [{ pos: again.body.length, del: 0, ins: `\n![roadmap](${later.ref})\n` }]);
  await call(a, 'Sync', 'SyncNow');
  await until(async () => (await call(b, 'Pages', 'Open', page.id)).body.includes(later.hash), 'the edit on Bo’s device', 30_000, 250);
  assert.equal((await call(b, 'Attachments', 'Status', later.hash)).complete, false, 'the image waits to be opened');
  await b.getByText('Q3 review', { exact: true }).first().click();
  const roadmap = b.getByTestId('read-view').locator(`img[alt="roadmap"]`);
  // Opening the page asks for it: a placeholder says so, then the image shows.
  await b.getByTestId('image-pending').waitFor({ timeout: 10_000 });
  await b.screenshot({ path: path.join(shots, 'image-arriving.png') });
  await until(async () => (await roadmap.evaluate((i) => !i.hidden && i.naturalWidth)) === 4, 'the image drawn once it arrived', 30_000, 250);
  assert.equal(await b.getByTestId('image-pending').count(), 0);
  assert.equal(b.errors.length, 0, b.errors.join('\n'));
});
