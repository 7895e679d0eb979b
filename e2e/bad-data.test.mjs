import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a database that is not SQLite is explained, and left as it was', async (t) => {
  const dataDir = tempDataDir(t);
  const db = path.join(dataDir, 'longhand.db');
  const notes = '# my notes\nThis is not a database.\n';
  writeFileSync(db, notes);

  const app = await startApp(dataDir);
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'error');
  const message = await page.getByTestId('error-message').innerText();
  assert.match(message, /not an SQLite file/);
  assert.match(await page.getByTestId('error-screen').innerText(), new RegExp(dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.screenshot({ path: path.join(shots, 'e2e-bad-data.png') });
  assert.equal(readFileSync(db, 'utf8'), notes, 'the file is untouched');
  assert.deepEqual(page.errors, []);
});
