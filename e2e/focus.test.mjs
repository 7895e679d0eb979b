// Notifications & focus, end to end: the settings say there is no tray
// host here (the test's D-Bus session has no StatusNotifierWatcher), keep
// direct mentions and recurring focus blocks across a reload, write and
// remove the autostart entry, a focus session runs until a chosen time, and
// a clicked notification opens what it is about.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, as24 } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** hhmm is the clock time in a zone at an instant, "14:05". */
function hhmm(at, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

test('notification and focus settings, and focus until a time', async (t) => {
  const dir = tempDataDir(t);
  const config = mkdtempSync(path.join(os.tmpdir(), 'longhand-config-'));
  t.after(() => rmSync(config, { recursive: true, force: true }));
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = config; // the app inherits it: start at login writes here
  t.after(() => { if (saved === undefined) delete process.env.XDG_CONFIG_HOME; else process.env.XDG_CONFIG_HOME = saved; });
  const app = await startApp(dir);
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const session = await call(a, 'Workspace', 'Session');

  // From the focus menu to the settings.
  await a.getByTestId('focus-start').click();
  await a.getByTestId('focus-menu').waitFor();
  await a.screenshot({ path: path.join(shots, 'focus-menu.png') });
  await a.getByTestId('focus-settings-link').click();
  const panel = a.getByTestId('focus-settings');
  await panel.waitFor();

  // No tray host on this bus: said plainly, and keeping in the tray is off.
  const tray = a.getByTestId('tray-status');
  assert.equal(await tray.getAttribute('data-ok'), 'false');
  assert.match(await tray.innerText(), /runs without a tray icon: nothing on this desktop shows StatusNotifierItem icons/);
  assert.equal(await a.getByTestId('fs-keep-in-tray').isDisabled(), true);
  assert.match(as24(await a.getByTestId('fs-hours').innerText()), /09:00\s?–\s?17:00, Monday to Friday/);

  // Direct mentions, and two recurring blocks; one is removed.
  await a.getByTestId('fs-mentions').check();
  await a.getByTestId('fs-block-add').click(); // weekdays 09:00–11:00, as the form starts
  await a.getByTestId('fs-block').first().waitFor();
  for (const d of [1, 2, 3, 4, 5, 0]) await a.getByTestId(`fs-day-${d}`).click(); // Sunday only
  await a.getByTestId('fs-block-start').fill('22:00');
  await a.getByTestId('fs-block-end').fill('01:00');
  await a.getByTestId('fs-block-add').click();
  await a.getByTestId('fs-block').nth(1).waitFor();
  assert.deepEqual(await a.getByTestId('fs-block').allInnerTexts().then((xs) => xs.map((x) => as24(x.replace(/\s*Remove$/, '')).replace(/\s?–\s?(?=\d)/g, '–'))),
    ['Mon–Fri 09:00–11:00', 'Sun 22:00–01:00']);
  // A block that starts and ends together is refused with the reason.
  await a.getByTestId('fs-block-start').fill('10:00');
  await a.getByTestId('fs-block-end').fill('10:00');
  await a.getByTestId('fs-block-add').click();
  await a.getByText('A focus block must not start and end at the same time.').waitFor();
  assert.equal(await a.getByTestId('fs-block').count(), 2);

  // Start at login writes an XDG autostart entry for this data folder.
  const entry = path.join(config, 'autostart', 'longhand.desktop');
  await a.getByTestId('fs-start-at-login').check();
  await a.waitForFunction(() => document.querySelector('[data-testid="fs-start-at-login"]')?.checked === true);
  for (let i = 0; i < 50 && !existsSync(entry); i++) await new Promise((r) => setTimeout(r, 100));
  const text = readFileSync(entry, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\nType=Application\nName=Longhand\n/);
  assert.ok(text.includes(`--data-dir "${dir}"`), `the entry starts Longhand on ${dir}:\n${text}`);
  await panel.screenshot({ path: path.join(shots, 'focus-settings.png') });
  await a.screenshot({ path: path.join(shots, 'focus-settings-page.png') });

  // Everything is still there after a reload.
  await a.reload();
  await a.waitForFunction(() => document.body.dataset.ready);
  await a.getByTestId('people-link').click();
  await a.getByTestId('people-tab-focus').click();
  await a.getByTestId('fs-block').nth(1).waitFor();
  assert.equal(await a.getByTestId('fs-mentions').isChecked(), true);
  assert.equal(await a.getByTestId('fs-start-at-login').isChecked(), true);
  await a.getByTestId('fs-block-remove').nth(1).click();
  await a.waitForFunction(() => document.querySelectorAll('[data-testid="fs-block"]').length === 1);
  await a.getByTestId('fs-block-remove').click();
  await a.waitForFunction(() => document.querySelectorAll('[data-testid="fs-block"]').length === 0);
  await a.getByTestId('fs-start-at-login').uncheck();
  await a.waitForFunction(() => document.querySelector('[data-testid="fs-start-at-login"]')?.checked === false);
  for (let i = 0; i < 50 && existsSync(entry); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(entry), false, 'the autostart entry is removed');

  // On a weekday morning the weekday block may have started a session by
  // itself meanwhile (as it should); end it to start one by hand.
  if (await a.getByTestId('focus-stop').isVisible()) {
    await a.getByTestId('focus-stop').click();
    await a.getByTestId('focus-start').waitFor();
  }

  // Focus until a time two hours from now, in my zone; the team sees it.
  const target = hhmm(Date.now() + 2 * 3600_000, session.timeZone);
  await a.getByTestId('focus-start').click();
  await a.getByTestId('focus-until-at').fill(target);
  await a.getByTestId('focus-until').click();
  const status = a.getByTestId('focus-status');
  await status.waitFor();
  assert.equal(as24((await status.innerText()).trim()), `Focusing until ${target}`);
  const me = (await call(a, 'Members', 'List')).find((m) => m.id === session.meId);
  assert.equal(hhmm(Date.parse(me.focusUntil), session.timeZone), target);
  await a.screenshot({ path: path.join(shots, 'focusing.png') });
  await a.getByTestId('focus-stop').click();
  await a.getByTestId('focus-start').waitFor();

  // Working hours are the profile's: the settings link to it.
  await a.getByTestId('people-tab-focus').click();
  await a.getByTestId('fs-edit-hours').click();
  assert.equal(await a.getByTestId('person-name').inputValue(), 'Ada Lovelace');
  assert.equal(await a.getByTestId('person-start').inputValue(), '09:00');
  await a.keyboard.press('Escape');

  // A clicked desktop notification arrives as notification:open (Go emits
  // it from Wails' notification response; here the page emits it, which
  // reaches the same listeners): the check-in opens, and "" the inbox.
  const emit = (key) => a.evaluate((k) => window.runtime.EventsEmit('notification:open', { key: k }), key);
  await emit('checkin-due');
  await a.getByTestId('checkin-form').waitFor();
  await a.keyboard.press('Escape');
  await a.getByTestId('checkin-form').waitFor({ state: 'detached' });
  await emit('');
  await a.getByTestId('inbox-view').waitFor();
  await emit('reply:gone'); // an item no longer in the inbox: the inbox
  await a.getByTestId('inbox-view').waitFor();
  assert.deepEqual(a.errors, []);
});

test('the focus menu closes as menus do: Escape, a press outside, or a session that starts', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const start = a.getByTestId('focus-start');
  const menu = a.getByTestId('focus-menu');

  // Escape: closed, the keyboard back on Focus. The arrows move between the items.
  await start.click();
  await menu.waitFor();
  await a.getByTestId('focus-25').focus();
  await a.keyboard.press('ArrowDown');
  assert.equal(await a.evaluate(() => document.activeElement?.dataset.testid), 'focus-50');
  await a.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  assert.equal(await a.evaluate(() => document.activeElement?.dataset.testid), 'focus-start');

  // A press anywhere else (here, the page's empty middle).
  await start.click();
  await menu.waitFor();
  await a.mouse.click(900, 500);
  await menu.waitFor({ state: 'detached' });

  // A session started elsewhere (another device, the tray) while it was open:
  // when that session ends, the menu does not come back over the sidebar.
  await start.click();
  await menu.waitFor();
  await call(a, 'Members', 'Focus', 25);
  await a.getByTestId('focus-stop').waitFor();
  await call(a, 'Members', 'Focus', 0);
  await start.waitFor();
  assert.equal(await menu.count(), 0, 'the menu stayed closed');
  assert.deepEqual(a.errors, []);
});
