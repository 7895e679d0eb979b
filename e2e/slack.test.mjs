// A Slack export comes in from Browse channels: its people join the
// directory, its channels appear in the sidebar, messages become posts
// with their Slack author and time, threads become replies, and what did
// not come along is listed; my own direct messages become chats.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

function writeExport(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'longhand-slack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const put = (rel, v) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), JSON.stringify(v));
  };
  put('users.json', [
    { id: 'U0', name: 'ada', profile: { real_name: 'Ada Lovelace' }, tz: 'Europe/London' },
    { id: 'U1', name: 'bo', profile: { real_name: 'Bo Berg' }, tz: 'Europe/Stockholm' },
    { id: 'U2', name: 'cy', profile: { real_name: 'Cy Chen' }, tz: 'Asia/Kolkata' },
  ]);
  put('channels.json', [{ id: 'C1', name: 'incidents', purpose: { value: 'When things break' } }]);
  put('dms.json', [{ id: 'D1', members: ['U1', 'U2'] }, { id: 'D2', members: ['U0', 'U1'] }]);
  put('D2/2024-03-04.json', [{ type: 'message', user: 'U1', text: 'Coffee after the review?', ts: '1709542800.000100' }]);
  put('incidents/2024-03-03.json', [
    { type: 'message', user: 'U1', text: '*Database failover* at 09:00, see <https://status.example.com|status>', ts: '1709456100.000100', thread_ts: '1709456100.000100' },
    { type: 'message', user: 'U2', text: 'Root cause doc coming, cc <@U1>', ts: '1709456200.000200', thread_ts: '1709456100.000100' },
  ]);
  return dir;
}

test('a Slack export brings people, channels, posts and threads', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page);
  const dir = writeExport(t);
  await page.evaluate((d) => { window.go.app.Transfer.ChooseZipFile = async () => d; }, dir);
  await page.getByTestId('browse-channels').click();
  const browser_ = page.getByTestId('channel-browser');
  await browser_.getByTestId('slack-import').click();
  const summary = browser_.getByTestId('slack-summary');
  await summary.waitFor({ timeout: 30_000 });
  assert.equal((await summary.innerText()).trim(), 'Imported from Slack: 2 new people, 1 channel, 1 post and 1 reply, 1 chat of 1 message.');
  assert.match(await browser_.getByTestId('slack-report').innerText(), /dms\.json 1 conversation between other people: direct messages are private to the people in them/);
  await page.screenshot({ path: path.join(shots, 'slack-import.png') });
  await browser_.getByTestId('browse-done').click();

  // The channel is in the sidebar, its post shows its Slack author and the reply.
  const item = page.locator('[data-testid=channel-item]').filter({ hasText: 'incidents' });
  await item.click();
  const post = page.locator('[data-testid=post-card]').filter({ hasText: 'Database failover at 09:00' }).first();
  await post.waitFor();
  const people = (await call(page, 'Members', 'List')).map((m) => m.name).sort();
  assert.deepEqual(people, ['Ada Lovelace', 'Bo Berg', 'Cy Chen']);
  const channels = await call(page, 'Channels', 'List');
  const incidents = channels.find((c) => c.name === 'incidents');
  const posts = await call(page, 'Channels', 'Posts', incidents.id, 0);
  assert.equal(posts.length, 1);
  const full = await call(page, 'Channels', 'Post', posts[0].id);
  assert.equal(full.body, '**Bo Berg**, 3 Mar 2024 08:55 UTC, in Slack\n\n**Database failover** at 09:00, see [status](https://status.example.com)');
  assert.equal(full.replies.length, 1);
  assert.match(full.replies[0].body, /^\*\*Cy Chen\*\*, 3 Mar 2024 08:56 UTC, in Slack:\n\nRoot cause doc coming, cc \*\*Bo Berg\*\*$/);
  await until(async () => (await page.locator('[data-testid=post-card]').count()) > 0, 'the feed shows the post');
  await page.screenshot({ path: path.join(shots, 'slack-channel.png') });
  // My direct message with Bo is a chat; Bo and Cy's is not here.
  const chats = await call(page, 'Chats', 'List');
  assert.equal(chats.length, 1);
  const msgs = await call(page, 'Chats', 'Messages', chats[0].id, '', 50);
  assert.deepEqual(msgs.map((m) => m.body), ['**Bo Berg**, 4 Mar 2024 09:00 UTC, in Slack:\n\nCoffee after the review?']);
  assert.deepEqual(page.errors, []);
});
