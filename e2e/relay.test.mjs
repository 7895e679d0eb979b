// Relays, end to end: a relay is added by its address in Devices &
// security, says what state it is in, and is removed; a wrong address is
// refused with a sentence.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a relay is added by address, shows its state, and is removed', async (t) => {
  const dir = tempDataDir(t);
  const app = await startApp(dir);
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  await a.getByTestId('people-link').click();
  await a.getByTestId('people-tab-devices').click();
  await a.getByTestId('relays-panel').waitFor();
  assert.match(await a.getByTestId('relays-empty').innerText(), /No relay yet/);

  await a.getByTestId('relay-url').fill('http://relay.example.com');
  await a.getByTestId('relay-add').click();
  assert.match(await a.getByTestId('relay-add-error').innerText(), /starts with wss:\/\//);

  await a.getByTestId('relay-url').fill('wss://relay.example.com/v1');
  await a.getByTestId('relay-add').click();
  const row = a.getByTestId('relay');
  await row.waitFor();
  assert.match(await row.innerText(), /wss:\/\/relay\.example\.com\/v1/);
  assert.equal(await a.getByTestId('relay-add-error').count(), 0, 'the error goes once an address is accepted');
  assert.equal(await a.getByTestId('relay-url').inputValue(), '', 'the field empties');
  const state = await row.getAttribute('data-state');
  assert.ok(['connecting', 'reachable', 'unreachable', 'unavailable'].includes(state), `state ${state}`);
  assert.ok((await a.getByTestId('relay-status').innerText()).length > 0, 'the row says what the relay is doing');
  await a.getByTestId('relays-panel').scrollIntoViewIfNeeded();
  await a.screenshot({ path: path.join(shots, 'relays.png') });

  await row.getByTestId('relay-remove').click();
  await a.getByRole('button', { name: 'Remove relay' }).click();
  await a.getByTestId('relays-empty').waitFor();
});
