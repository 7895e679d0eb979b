// One time model, end to end (#18): the computer runs in UTC (TZ=UTC for
// the dev binary, Chromium's zone emulated as UTC) and my profile is in
// Asia/Kolkata. Every screen that shows a time — the sidebar, a page's
// history and a version's banner, a goal's chart, an invitation, a page
// promoted from a post, posts and chats — must show it on the Kolkata
// clock (UTC+5:30, so the minutes differ by half an hour from the
// computer's), in one 12/24-hour style, and never a US month/day date.
// Then the 24-hour choice in Clock & dates turns every clock to 24 hours.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const root = process.env.LONGHAND_ROOT ?? path.resolve(import.meta.dirname, '..');
const shots = path.join(root, 'build', 'screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => {
  process.env.TZ = 'UTC';
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Everything a person can read on screen: text, tooltips, labels and the chart's SVG text. */
async function visibleText(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('[title], [data-tip]')) parts.push(el.getAttribute('title') ?? el.getAttribute('data-tip'));
    for (const el of document.querySelectorAll('[aria-label]')) parts.push(el.getAttribute('aria-label'));
    for (const el of document.querySelectorAll('svg text')) parts.push(el.textContent);
    return parts.join('\n');
  });
}

const clockRe = /(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])(\s?[ap]\.?\s?m\.?)?/gi;

/** clocks finds the clock times in text, as minutes of the day, with whether each had am/pm. */
function clocks(text) {
  const out = [];
  for (const m of text.matchAll(clockRe)) {
    let h = Number(m[1]);
    const min = Number(m[2]);
    if (h > 23 || min > 59) continue;
    const ampm = m[3] ? m[3].replace(/[\s.]/g, '').toLowerCase() : '';
    if (ampm === 'pm' && h < 12) h += 12;
    if (ampm === 'am' && h === 12) h = 0;
    out.push({ text: m[0], minutes: h * 60 + min, twelve: ampm !== '' });
  }
  return out;
}

const dist = (a, b) => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));
const minutesIn = (ms, offset) => (Math.floor(ms / 60_000) + offset) % 1440;

/**
 * checkScreen fails on a time near now on the computer's (UTC) clock but not
 * on Kolkata's, on a mix of 12- and 24-hour times, and on today as a US
 * month/day date. Wall times the test set (working hours 09:00–17:00) are
 * not instants and are left out.
 */
async function checkScreen(page, screen, { start, twelve }) {
  const text = await visibleText(page);
  const now = Date.now();
  const found = clocks(text).filter((c) => ![9 * 60, 17 * 60].includes(c.minutes));
  const wrongZone = found.filter((c) => {
    const utc = Math.min(dist(c.minutes, minutesIn(start, 0)), dist(c.minutes, minutesIn(now, 0)));
    const kolkata = Math.min(dist(c.minutes, minutesIn(start, 330)), dist(c.minutes, minutesIn(now, 330)));
    return utc <= 20 && kolkata > 20;
  });
  assert.deepEqual(wrongZone.map((c) => c.text), [], `${screen}: times on the computer's UTC clock, not the profile's Kolkata clock`);
  const style = found.filter((c) => c.twelve !== twelve);
  assert.deepEqual(style.map((c) => c.text), [], `${screen}: ${twelve ? '24-hour times among 12-hour ones' : 'am/pm times with the 24-hour choice'}`);
  const k = new Date(now + 330 * 60_000);
  const [mo, d] = [k.getUTCMonth() + 1, k.getUTCDate()];
  if (mo !== d) assert.doesNotMatch(text, new RegExp(`(?<!\\d)${mo}/${d}/\\d`), `${screen}: today as a US month/day date`);
  return found.length;
}

test('every screen shows times on the profile clock, not the computer’s, in one 12/24-hour style', { timeout: 240_000 }, async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app, { timezoneId: 'UTC', locale: 'en-US' });
  assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'UTC');
  await setup(page, 'Ada Lovelace');
  const start = Date.now();

  // My profile moves to Kolkata; a teammate is there too.
  const session = await call(page, 'Workspace', 'Session');
  const ada = { name: 'Ada Lovelace', timeZone: 'Asia/Kolkata', role: '', team: '', managerId: '', workStart: '09:00', workEnd: '17:00' };
  await call(page, 'Members', 'Update', session.meId, ada);
  const ravi = await call(page, 'Members', 'Add', { ...ada, name: 'Ravi Shankar' });

  // A page written in two sittings, a goal with two updates, a post promoted to a page, a chat.
  const spaces = await call(page, 'Spaces', 'List');
  const doc = await call(page, 'Pages', 'Create', { title: 'Release notes', spaceId: spaces[0].id, parentId: '', from: '' });
  const measure = { kind: 'number', unit: 'demos', start: 0, target: 10, current: 0, done: false };
  const goal = await call(page, 'Goals', 'Create', { title: 'Run 10 demos', description: '', parentId: '', level: 'weekly', scope: 'individual',
    scopeTarget: session.meId, ownerId: session.meId, periodStart: '', periodEnd: '', measure, status: 'on_track', confidence: 60, scoreboard: false });
  await call(page, 'Goals', 'SetProgress', goal.id, { value: 2, done: false, status: 'on_track', confidence: 60, note: '' });
  await call(page, 'Goals', 'SetProgress', goal.id, { value: 4, done: false, status: 'on_track', confidence: 70, note: '' });
  const channels = await call(page, 'Channels', 'List');
  const general = channels.find((c) => c.name === 'General') ?? channels[0];
  const post = await call(page, 'Channels', 'CreatePost', { channelId: general.id, title: 'Launch plan', body: 'We launch on Friday.', requestAck: false });
  await call(page, 'Channels', 'Reply', post.id, 'Sounds good.');
  const promoted = await call(page, 'Channels', 'Promote', post.id, spaces[0].id, true);
  const chat = await call(page, 'Chats', 'Start', [ravi.id]);
  await call(page, 'Chats', 'Send', chat.id, 'Are you free for the demo?');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);

  // The sidebar and a page with its history and a version's banner.
  await page.getByTestId('page-item').filter({ hasText: 'Release notes' }).first().click();
  await page.getByTestId('mode-edit').click().catch(() => {});
  await page.locator('.cm-content').first().click();
  await page.keyboard.type('First draft of the notes.');
  await page.waitForTimeout(1500);
  await page.getByTestId('history-toggle').click();
  await page.getByTestId('version').first().waitFor();
  const checked = { start, twelve: true }; // English in India reads 12 hours
  let seen = await checkScreen(page, 'sidebar and page history', checked);
  await page.screenshot({ path: path.join(shots, 'time-history-kolkata.png') });
  await page.getByTestId('version').first().click();
  await page.getByTestId('version-preview').waitFor();
  seen += await checkScreen(page, 'version banner', checked);

  // The goal's chart.
  await page.getByTestId('nav-goals').click();
  await page.locator('[data-testid=goal-row]', { hasText: 'Run 10 demos' }).getByTestId('goal-title').click();
  await page.locator('[data-testid=goal-chart]').waitFor();
  seen += await checkScreen(page, 'goal chart', checked);
  await page.screenshot({ path: path.join(shots, 'time-goal-kolkata.png') });
  await page.getByTestId('nav-goals').click();
  await page.locator('[data-testid=goal-row]', { hasText: 'Run 10 demos' }).waitFor();
  seen += await checkScreen(page, 'goal list', checked);
  await page.screenshot({ path: path.join(shots, 'time-goals-kolkata.png') });

  // An invitation.
  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-devices').click();
  await page.getByTestId('invite-open').click();
  await page.getByTestId('invite-create').click();
  await page.getByTestId('invite-code').waitFor();
  seen += await checkScreen(page, 'invitation', checked);
  await page.getByTestId('invite-done').click();

  // The promoted page, read.
  await page.getByTestId('page-item').filter({ hasText: promoted.page.title }).first().click();
  await page.getByText('Promoted from a post').first().waitFor();
  seen += await checkScreen(page, 'promoted page', checked);

  // Posts and a thread.
  await page.getByTestId('channel-item').filter({ hasText: 'General' }).first().click();
  await page.getByTestId('post-card').first().waitFor();
  seen += await checkScreen(page, 'posts', checked);
  await page.getByTestId('post-card-title').first().click();
  await page.getByTestId('post-time').first().waitFor();
  seen += await checkScreen(page, 'thread', checked);

  // The chat.
  await page.getByTestId('chat-item').first().click();
  await page.getByTestId('chat-message').first().waitFor();
  seen += await checkScreen(page, 'chat', checked);
  assert.ok(seen >= 8, `the screens showed only ${seen} times`);

  // The 24-hour choice: every clock follows at once.
  await page.getByTestId('people-link').click();
  await page.getByTestId('people-tab-time').click();
  await page.getByTestId('time-format').locator('label', { hasText: '24-hour' }).click();
  await page.locator('[data-testid=time-format-24]:checked').waitFor();
  await checkScreen(page, 'settings', { start, twelve: false });
  await page.getByTestId('time-settings').screenshot({ path: path.join(shots, 'time-settings.png') });
  await page.getByTestId('page-item').filter({ hasText: 'Release notes' }).first().click();
  if (!(await page.getByTestId('history-panel').isVisible())) await page.getByTestId('history-toggle').click();
  await page.getByTestId('version').first().waitFor();
  await checkScreen(page, 'page history in 24 hours', { start, twelve: false });
  await page.screenshot({ path: path.join(shots, 'time-history-kolkata-24h.png') });
  const me = (await call(page, 'Members', 'List')).find((m) => m.id === session.meId);
  assert.equal(me.timeFormat, '24', 'the choice is kept in my profile');

  // A second zone, on automatic: Stockholm, 24 hours and day-first dates; the history follows at once.
  await call(page, 'Members', 'SetTimeFormat', '', '');
  await call(page, 'Members', 'Update', session.meId, { ...ada, timeZone: 'Europe/Stockholm' });
  await page.getByTestId('version').first().waitFor();
  const stockholm = await page.evaluate(() => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(Date.now()));
  await page.locator('[data-testid=version]', { hasText: stockholm.slice(0, 3) }).first().waitFor();
  await page.screenshot({ path: path.join(shots, 'time-history-stockholm.png') });
  await page.getByTestId('nav-goals').click();
  await page.locator('[data-testid=goal-row]', { hasText: 'Run 10 demos' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'time-goals-stockholm.png') });
  assert.deepEqual(page.errors, []);
});
