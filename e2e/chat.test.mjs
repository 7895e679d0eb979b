// Chats of two or three people, end to end: Ada writes to Bo, schedules a
// message for Bo's morning, Bo reads and answers on his side (the dev build
// acting as Bo on the same data folder), and "seen" shows only once both
// share it.
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

const person = (name, timeZone, extra = {}) => ({ name, timeZone, role: '', team: '', managerId: '', workStart: '09:00', workEnd: '17:00', ...extra });

test('a chat between two time zones: write, schedule for their morning, read, answer, seen', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const adaId = (await call(a, 'Workspace', 'Session')).meId;
  const bo = await call(a, 'Members', 'Add', person('Bo Tanaka', 'Asia/Tokyo', { team: 'Platform' }));
  await call(a, 'Members', 'Add', person('Cy Okafor', 'Africa/Lagos'));
  await call(a, 'Members', 'Add', person('Di Souza', 'America/Sao_Paulo'));

  // Chats stay small: with two chosen, nobody else can be picked.
  await a.getByTestId('new-chat').click();
  const picks = a.getByTestId('chat-pick');
  assert.equal(await picks.count(), 3);
  await picks.nth(0).check();
  await picks.nth(1).check();
  await a.getByTestId('chat-small').waitFor();
  assert.equal(await picks.nth(2).isDisabled(), true, 'a fourth person cannot be added');
  await a.screenshot({ path: path.join(shots, 'chat-new-small.png') });
  // The dialog offers a channel post instead, and takes you there.
  await a.getByTestId('chat-to-channel').click();
  await a.getByTestId('channel-name').filter({ hasText: 'General' }).waitFor();
  await a.getByTestId('new-chat').click();
  await picks.nth(0).check();
  await picks.nth(1).check();
  await picks.nth(1).uncheck(); // the list is by name: Bo, Cy, Di
  assert.equal(await picks.nth(0).getAttribute('data-member-id'), bo.id);
  await a.getByTestId('chat-start').click();
  await a.getByTestId('chat-view').waitFor();
  await a.getByTestId('chat-title').filter({ hasText: 'Bo Tanaka' }).waitFor();
  assert.match(await a.getByTestId('chat-person-time').innerText(), /in Tokyo/);

  // "@" names someone in the chat, from a list at the caret (#18: 7).
  const input = a.getByTestId('chat-input');
  await input.pressSequentially('Thanks @Bo');
  const list = a.getByTestId('mention-list');
  await list.waitFor();
  const [lb, ib] = [await list.boundingBox(), await input.boundingBox()];
  assert.ok(lb.y + lb.height <= ib.y + 30 && lb.x >= ib.x + 40, `the list opens at the caret, above the line (${JSON.stringify({ lb, ib })})`);
  await input.press('Enter');
  assert.equal(await input.inputValue(), 'Thanks @Bo Tanaka ');
  assert.equal(await a.getByTestId('chat-message').count(), 0, 'Enter chose the name; it sent nothing');
  await input.fill('');

  await a.getByTestId('chat-input').fill('The **pricing memo** is ready for you, no rush.');
  await a.getByTestId('chat-input').press('Enter');
  await a.getByTestId('chat-message').waitFor();
  assert.equal(await a.getByTestId('chat-message').locator('strong').last().innerText(), 'pricing memo', 'messages are rendered Markdown');

  // Send one later, in Bo's morning.
  await a.getByTestId('chat-input').fill('Good morning! One more thing about the memo.');
  await a.getByTestId('send-later').click();
  assert.match(await a.getByTestId('send-their-morning').innerText(), /for Bo Tanaka/);
  await a.getByTestId('send-their-morning').click();
  await a.getByTestId('scheduled-message').waitFor();
  assert.equal(await a.getByTestId('chat-message').count(), 1, 'a scheduled message is not in the chat before its time');
  await a.screenshot({ path: path.join(shots, 'chat.png') });
  const chatId = await a.getByTestId('chat-item').getAttribute('data-chat-id');
  assert.deepEqual(ours(a.errors), []);
  await a.context().close();
  await app.stop();

  // Bo's side: one unread, which he reads with "seen" shared.
  app = await startApp(dir, { actAs: bo.id });
  let b = await openUI(browser, app);
  const item = b.getByTestId('chat-item');
  await item.waitFor();
  assert.equal(await b.getByTestId('chat-unread').innerText(), '1');
  assert.match(await item.innerText(), /^Ada Lovelace\s*1$/);
  const scheduled = await call(b, 'Chats', 'Scheduled', chatId);
  assert.equal(scheduled.length, 0, 'Ada’s scheduled message stays on her device until its time');
  await item.click();
  await b.getByTestId('share-seen').check();
  // Turning "seen" on shares what Bo has read; it is stored once the setting reads on.
  await until(async () => (await call(b, 'Members', 'List')).find((m) => m.id === bo.id)?.shareSeen, 'Bo’s “seen” to be on');
  await b.getByTestId('chat-message').waitFor();
  await b.waitForFunction(() => !document.querySelector('[data-testid="chat-unread"]'));
  assert.deepEqual(ours(b.errors), []);
  await b.context().close();
  await app.stop();

  // Ada's side: seen only once she shares too.
  app = await startApp(dir, { actAs: adaId });
  a = await openUI(browser, app);
  await a.getByTestId('chat-item').click();
  await a.getByTestId('chat-message').waitFor();
  assert.equal(await a.getByTestId('chat-seen').count(), 0, 'no seen while Ada does not share');
  await a.getByTestId('share-seen').check();
  await a.getByTestId('chat-seen').filter({ hasText: 'Seen by Bo Tanaka' }).waitFor();

  // Search finds the message and opens the chat.
  await a.getByTestId('search-button').click();
  await a.getByTestId('palette-input').fill('pricing');
  const hit = a.locator('[data-testid="palette-result"][data-kind="chat"]');
  await hit.waitFor();
  assert.match(await hit.innerText(), /Chat with Bo Tanaka/);
  await hit.click();
  await a.getByTestId('chat-view').waitFor();
  await a.screenshot({ path: path.join(shots, 'chat-seen.png') });

  // What the chat settled goes to the knowledge base in one step: the
  // decision, with the message before it, as a page that names who wrote.
  await a.getByTestId('chat-input').fill('Decided with Bo: we **ship the new tiers** on Friday, after the freeze.');
  await a.getByTestId('chat-input').press('Enter');
  const answer = a.getByTestId('chat-message').filter({ hasText: 'ship the new tiers' });
  await answer.hover();
  await answer.getByTestId('chat-keep').click();
  const dialog = a.getByTestId('keep-dialog');
  await dialog.waitFor();
  assert.equal(await a.getByTestId('keep-title').inputValue(), 'Decided with Bo: we ship the new tiers on Friday, after the freeze.');
  await a.getByTestId('keep-title').fill('Pricing: new tiers ship on Friday');
  await a.getByTestId('keep-space').selectOption({ label: '🧭 Playbooks' });
  await dialog.getByTestId('keep-message').first().check(); // the memo, before it
  assert.match(await a.getByTestId('keep-confirm').innerText(), /2 messages/);
  await a.screenshot({ path: path.join(shots, 'chat-keep.png') });
  await a.getByTestId('keep-confirm').click();
  await a.getByTestId('toast').filter({ hasText: 'Kept as “Pricing: new tiers ship on Friday”' }).getByRole('button', { name: 'Open page' }).click();
  await a.getByTestId('read-title').filter({ hasText: 'Pricing: new tiers ship on Friday' }).waitFor();
  const read = a.getByTestId('read-view');
  await read.locator('strong', { hasText: 'ship the new tiers' }).waitFor();
  assert.match(await read.innerText(), /Kept from a chat between (Ada Lovelace and Bo Tanaka|Bo Tanaka and Ada Lovelace)[\s\S]*Ada Lovelace[\s\S]*pricing memo[\s\S]*Ada Lovelace[\s\S]*ship the new tiers/);
  const space = (await call(a, 'Spaces', 'List')).find((sp) => sp.name === 'Playbooks');
  const kept = (await call(a, 'Pages', 'Recent', 10)).find((p) => p.title === 'Pricing: new tiers ship on Friday');
  assert.equal(kept.spaceId, space.id);
  assert.deepEqual(ours(a.errors), []);
});

test('a post scheduled for later waits on this device, then goes out on its own', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const general = (await call(a, 'Channels', 'List')).find((c) => c.name === 'General');
  await a.getByTestId('channel-item').filter({ hasText: 'General' }).click();
  const at = new Date(Date.now() + 4000).toISOString();
  await call(a, 'Channels', 'SchedulePost', general.id, 'Monday notes', 'What we shipped last week.', at);
  await a.getByTestId('scheduled-post').filter({ hasText: 'Monday notes' }).waitFor();
  assert.equal(await a.getByTestId('post-card').count(), 0, 'not in the feed before its time');
  await a.getByTestId('post-card').filter({ hasText: 'Monday notes' }).waitFor({ timeout: 30_000 });
  await a.getByTestId('scheduled-post').waitFor({ state: 'detached' });
  assert.deepEqual(ours(a.errors), []);
});

test('a chat’s messages take the keyboard: Tab reaches them and Page Up scrolls them, while the composer keeps its focus', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const bo = await call(a, 'Members', 'Add', person('Bo Tanaka', 'Asia/Tokyo'));
  const chat = await call(a, 'Chats', 'Start', [bo.id]);
  await a.evaluate(async (id) => {
    for (let k = 0; k < 30; k++) await window.go.app.Chats.Send(id, `Note ${k}: a line long enough to take some room in the chat.`);
  }, chat.id);
  await a.getByTestId('chat-item').click();
  const scroller = a.getByTestId('chat-messages');
  await a.getByTestId('chat-message').filter({ hasText: 'Note 29' }).waitFor();
  await until(async () => (await scroller.evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight)) < 4, 'the chat at its newest message');
  const focused = () => a.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  assert.notEqual(await focused(), 'chat-messages', 'opening the chat focuses nothing in its messages');

  // The messages are a named region after the header's controls.
  assert.equal(await a.getByRole('region', { name: 'Messages with Bo Tanaka' }).getAttribute('data-testid'), 'chat-messages');
  await a.getByTestId('chat-add').focus();
  await a.keyboard.press('Tab');
  assert.equal(await focused(), 'chat-messages', 'Tab goes from the header to the messages');
  assert.notEqual(await scroller.evaluate((s) => getComputedStyle(s).boxShadow), 'none', 'the focused messages show the focus ring');
  await a.screenshot({ path: path.join(shots, 'chat-messages-focused.png') });
  const bottom = await scroller.evaluate((s) => s.scrollTop);
  await a.keyboard.press('PageUp');
  await until(async () => (await scroller.evaluate((s) => s.scrollTop)) < bottom - 100, 'Page Up to scroll the messages up');
  await a.keyboard.press('End');
  await until(async () => (await scroller.evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight)) < 4, 'End to scroll back to the newest message');

  // Someone writing while I type does not take my composer from me.
  const input = a.getByTestId('chat-input');
  await input.click();
  await input.pressSequentially('Sure');
  await a.evaluate((id) => window.go.app.Chats.Send(id, 'Note 30: one more.'), chat.id);
  await a.getByTestId('chat-message').filter({ hasText: 'Note 30' }).waitFor();
  assert.equal(await focused(), 'chat-input');
  await input.pressSequentially(', thanks');
  assert.equal(await input.inputValue(), 'Sure, thanks');
  assert.deepEqual(ours(a.errors), []);
});
