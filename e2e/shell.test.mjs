// The window's shell: it never scrolls as a whole, whatever is clicked or
// focused far down a screen; only the screen's own scroller moves.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** shellOffsets is how far the document and the sidebar have moved from where they belong. */
const shellOffsets = (page) =>
  page.evaluate(() => ({
    document: document.scrollingElement.scrollTop + document.scrollingElement.scrollLeft,
    body: document.body.scrollTop,
    app: document.getElementById('app').scrollTop,
    sidebarTop: Math.round(document.querySelector('[data-testid=new-page]').closest('aside, nav, .sidebar')?.getBoundingClientRect().top ?? -1),
  }));

test('People → Devices: a click far down the panel scrolls the panel, never the window', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { viewport: { width: 1280, height: 640 } });
  await setup(page, 'Ada Lovelace');
  const before = await shellOffsets(page);
  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-devices').click();
  await page.getByTestId('file-settings').waitFor();
  // Far down the panel: the choice of when files are fetched.
  await page.getByTestId('people-view').evaluate((v) => { v.scrollTop = v.scrollHeight; });
  await page.getByText('When opened', { exact: true }).click();
  await until(() => page.getByTestId('fetch-opened').isChecked(), 'the choice to be taken');
  await page.keyboard.press('ArrowLeft');
  await page.getByText('Everything, as it arrives', { exact: true }).click();
  await page.getByTestId('max-file').focus();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, 'devices-far-down.png') });
  assert.deepEqual(await shellOffsets(page), before, 'the window did not scroll');
  assert.ok(await page.getByTestId('people-view').evaluate((v) => v.scrollTop > 0), 'the panel itself is scrolled');
  assert.deepEqual(ours(page.errors), []);
});

/** dialogLook is what makes a dialog's form look as it does: spacing, title, fields, buttons. */
const dialogLook = (page, testid) =>
  page.getByTestId(testid).evaluate((d) => {
    const css = (el, props) => (el ? Object.fromEntries(props.map((p) => [p, getComputedStyle(el)[p]])) : null);
    const form = d.querySelector('form');
    return {
      form: css(form, ['paddingTop', 'paddingLeft', 'rowGap', 'display', 'flexDirection']),
      title: css(form.querySelector('h2'), ['fontSize', 'marginTop', 'marginBottom']),
      lead: css(form.querySelector('.lead'), ['marginTop', 'fontSize', 'lineHeight', 'color']),
      label: css(form.querySelector('label'), ['fontSize', 'fontWeight', 'rowGap']),
      field: css([...form.querySelectorAll('input[type=text], input:not([type]), select')].pop(), ['height', 'paddingLeft', 'borderTopWidth', 'borderTopColor', 'borderTopLeftRadius', 'fontWeight']),
      buttons: css(form.querySelector('.buttons'), ['display', 'justifyContent', 'columnGap']),
    };
  });

test('the small dialogs share one form style: keep, promote and new channel look alike', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const bo = await call(page, 'Members', 'Add', { name: 'Bo Tanaka', timeZone: 'Asia/Tokyo', role: '', team: '', managerId: '', workStart: '', workEnd: '' });
  const chat = await call(page, 'Chats', 'Start', [bo.id]);
  await call(page, 'Chats', 'Send', chat.id, 'The launch moves to Friday.');
  const general = (await call(page, 'Channels', 'List')).find((c) => c.name === 'General').id;
  await call(page, 'Channels', 'CreatePost', { channelId: general, title: 'Launch plan', body: 'Friday.', requestAck: false });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);

  const looks = {};
  await page.getByTestId('new-channel').click();
  await page.getByTestId('new-channel-dialog').waitFor();
  looks.channel = await dialogLook(page, 'new-channel-dialog');
  await page.getByTestId('new-channel-dialog').screenshot({ path: path.join(shots, 'dialog-new-channel.png') });
  await page.keyboard.press('Escape');

  await page.getByTestId('channel-item').filter({ hasText: 'General' }).click();
  await page.getByTestId('post-card').first().locator('button.open').click();
  await page.getByTestId('promote-post').click();
  await page.getByTestId('promote-dialog').waitFor();
  looks.promote = await dialogLook(page, 'promote-dialog');
  await page.getByTestId('promote-dialog').screenshot({ path: path.join(shots, 'dialog-promote.png') });
  await page.keyboard.press('Escape');

  await page.getByTestId('chat-item').first().click();
  const message = page.getByTestId('chat-message').filter({ hasText: 'Friday' });
  await message.hover();
  await message.getByTestId('chat-keep').click();
  await page.getByTestId('keep-dialog').waitFor();
  looks.keep = await dialogLook(page, 'keep-dialog');
  await page.getByTestId('keep-dialog').screenshot({ path: path.join(shots, 'dialog-keep.png') });

  for (const [name, look] of Object.entries(looks)) {
    for (const part of Object.keys(look)) assert.ok(look[part], `${name} has its ${part}`);
    assert.deepEqual(look, looks.channel, `${name} looks as the new channel dialog does`);
  }
  assert.deepEqual(ours(page.errors), []);
});

test('a dialog opened inside a form is drawn outside it, so its buttons and Enter submit nothing there', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await setup(page, 'Ada Lovelace');
  await page.getByTestId('channel-item').filter({ hasText: 'Announcements' }).click();
  await page.getByTestId('new-post').click();
  await page.getByTestId('composer').getByTestId('composer-record').click();
  const rec = page.getByTestId('video-recorder');
  await rec.waitFor();
  assert.deepEqual(await rec.evaluate((el) => ({ inForm: el.closest('form') !== null, top: el.closest('.backdrop')?.parentElement === document.body })),
    { inForm: false, top: true });
  // Esc closes it, and the post being written is still there, unsent.
  await page.keyboard.press('Escape');
  await until(async () => (await rec.count()) === 0, 'the recorder closed');
  assert.equal(await page.getByTestId('composer').count(), 1);
  assert.deepEqual(ours(errors), []);
});
