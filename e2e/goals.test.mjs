// Goals and check-ins: a year's goal down to weekly ones made through the
// UI, a check-in that moves them, the roll-up and the chart, comments on a
// check-in, the scoreboard, and a restart that keeps all of it.
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

/** The goal tree as text: each row's title, indented by its depth, with its progress. */
async function outline(page, testid = 'goal-tree') {
  return page.getByTestId(testid).evaluate((root) =>
    [...root.querySelectorAll('[data-testid=goal-row]')]
      .map((r) => `${'  '.repeat(Number(r.dataset.depth))}${r.querySelector('[data-testid=goal-title]').innerText} ${r.querySelector('[data-testid=goal-progress]').innerText}`)
      .join('\n'));
}

async function waitForOutline(page, want, testid = 'goal-tree') {
  const deadline = Date.now() + 10_000;
  let got = '';
  while (Date.now() < deadline) {
    got = await outline(page, testid).catch(() => '');
    if (got === want) return;
    await page.waitForTimeout(100);
  }
  assert.equal(got, want);
}

/** Fills and saves the goal form. */
async function fillGoal(page, { title, level, measure = 'number', start = '0', target, unit = '', scoreboard = false }) {
  const form = page.getByTestId('goal-form');
  await form.waitFor();
  await form.getByTestId('goal-form-title').fill(title);
  if (level) await form.getByTestId('goal-form-level').selectOption(level);
  await form.getByTestId('goal-form-measure').selectOption(measure);
  if (measure === 'number') {
    await form.getByTestId('goal-form-start').fill(start);
    await form.getByTestId('goal-form-target-value').fill(target);
    await form.getByTestId('goal-form-unit').fill(unit);
  }
  if (scoreboard) await form.getByTestId('goal-form-scoreboard').check();
  await form.getByTestId('goal-form-save').click();
  await form.waitFor({ state: 'detached' });
  await page.getByTestId('goal-detail-title').filter({ hasText: title }).waitFor();
}

test('a year of goals down to a week, a check-in, roll-up, chart, and a restart', async (t) => {
  const dataDir = tempDataDir(t);
  let app = await startApp(dataDir);
  t.after(() => app.stop());
  let page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const me = (await call(page, 'Workspace', 'Session')).meId;
  const kim = await call(page, 'Members', 'Add', { name: 'Kim Lee', timeZone: 'Asia/Seoul', role: 'Account executive', team: 'Sales', managerId: me, workStart: '', workEnd: '' });

  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-empty').waitFor();

  // Annual, from the toolbar.
  await page.getByTestId('goals-new').click();
  await fillGoal(page, { title: 'Reach 100 paying customers', target: '100', unit: 'customers', scoreboard: true });
  // Quarterly under it: the form starts one level down, under the goal on screen.
  await page.getByTestId('goal-add-sub').click();
  assert.equal(await page.getByTestId('goal-form-level').inputValue(), 'quarterly');
  await fillGoal(page, { title: 'Sign 30 customers this quarter', target: '30', unit: 'customers', scoreboard: true });
  // Two weekly goals under the quarter.
  await page.getByTestId('goal-add-sub').click();
  await fillGoal(page, { title: 'Ship the pricing page', level: 'weekly', measure: 'binary' });
  await page.getByTestId('goal-detail').getByRole('button', { name: 'Sign 30 customers this quarter' }).click();
  await page.getByTestId('goal-detail-title').filter({ hasText: 'Sign 30 customers this quarter' }).waitFor();
  await page.getByTestId('goal-add-sub').click();
  await fillGoal(page, { title: 'Call 10 prospects', level: 'weekly', target: '10', unit: 'calls' });

  const goals = await call(page, 'Goals', 'List');
  const byTitle = (title) => goals.find((g) => g.title === title);
  assert.equal(goals.length, 4);
  assert.equal(byTitle('Sign 30 customers this quarter').parentId, byTitle('Reach 100 paying customers').id);
  assert.equal(byTitle('Call 10 prospects').parentId, byTitle('Sign 30 customers this quarter').id);
  assert.equal(byTitle('Ship the pricing page').level, 'weekly');
  assert.equal(byTitle('Ship the pricing page').ownerId, me);

  // The whole tree, collapsible.
  await page.getByTestId('nav-goals').click();
  await waitForOutline(page, [
    'Reach 100 paying customers 0%',
    '  Sign 30 customers this quarter 0%',
    '    Call 10 prospects 0%',
    '    Ship the pricing page 0%',
  ].join('\n'));

  // The reminder's prompt (sent by Go at the scheduled local time; here
  // the same event is raised in the page) leads straight to the form, from
  // any screen.
  await page.getByTestId('space').first().click();
  await page.evaluate(() => window.runtime.EventsEmit('checkin:due', { dueAt: new Date().toISOString(), timeZone: 'UTC' }));
  const prompt = page.getByTestId('toast').filter({ hasText: 'time for your check-in' });
  await prompt.getByRole('button', { name: 'Check in' }).click();

  // Check in: the weekly page is done, 5 of 10 calls, the quarter at risk.
  const form = page.getByTestId('checkin-form');
  await form.waitFor();
  const entry = (title) => form.getByTestId('checkin-goal').filter({ hasText: title });
  assert.equal(await form.getByTestId('checkin-goal').count(), 4, 'every goal I own is in my check-in');
  await entry('Ship the pricing page').getByTestId('checkin-done').check();
  await entry('Call 10 prospects').getByTestId('checkin-value').fill('5');
  await entry('Sign 30 customers this quarter').getByTestId('checkin-value').fill('12');
  await entry('Sign 30 customers this quarter').getByTestId('checkin-status').selectOption('at_risk');
  await entry('Sign 30 customers this quarter').getByTestId('checkin-note').fill('Two deals slipped to next month');
  await form.getByTestId('checkin-progress').fill('Pricing page is **live**.');
  await form.getByTestId('checkin-plans').fill('Call the five remaining prospects.');
  await form.getByTestId('checkin-blockers').fill('Legal review of the enterprise contract.');
  await page.screenshot({ path: path.join(shots, 'goals-checkin-form.png') });
  await form.getByTestId('checkin-submit').click();
  await form.waitFor({ state: 'detached' });

  // The roll-up: weekly 100% and 50% make the quarter 75%, and the year 75%.
  await waitForOutline(page, [
    'Reach 100 paying customers 75%',
    '  Sign 30 customers this quarter 75%',
    '    Call 10 prospects 50%',
    '    Ship the pricing page 100%',
  ].join('\n'));
  const rolled = await call(page, 'Goals', 'List');
  assert.equal(rolled.find((g) => g.title === 'Sign 30 customers this quarter').measure.current, 12);
  assert.equal(rolled.find((g) => g.title === 'Sign 30 customers this quarter').status, 'at_risk');
  assert.equal((await call(page, 'Goals', 'Schedule')).due, false, 'no check-in is due right after one');
  assert.equal(await page.getByTestId('checkin-due-banner').count(), 0);
  await page.screenshot({ path: path.join(shots, 'goals-tree.png') });

  // Collapsing the quarter hides its weeks.
  await page.locator('[data-testid=goal-row]', { hasText: 'Sign 30 customers this quarter' }).getByTestId('goal-toggle').click();
  await waitForOutline(page, ['Reach 100 paying customers 75%', '  Sign 30 customers this quarter 75%'].join('\n'));

  // The quarter's own chart, after one more update by hand.
  await page.locator('[data-testid=goal-row]', { hasText: 'Sign 30 customers this quarter' }).getByTestId('goal-title').click();
  await page.getByTestId('goal-update-progress').click();
  await page.getByTestId('progress-value').fill('18');
  await page.getByTestId('progress-status').selectOption('on_track');
  await page.getByTestId('progress-note').fill('The slipped deals closed');
  await page.getByTestId('progress-save').click();
  await page.getByTestId('goal-detail-measure').filter({ hasText: '18 / 30 customers' }).waitFor();
  await page.locator('[data-testid=goal-chart][data-points="3"]').waitFor();
  assert.match(await page.getByTestId('goal-chart-line').getAttribute('d'), /^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
  assert.equal(await page.getByTestId('goal-history').locator('li').count(), 3);
  // Who made an update reads as words: "Ada Lovelace in a check-in", not "Lovelacein".
  assert.match(await page.getByTestId('goal-history').innerText(), /Ada Lovelace in a check-in/);
  await page.getByTestId('goal-chart').screenshot({ path: path.join(shots, 'goals-chart.png') });
  await page.screenshot({ path: path.join(shots, 'goals-detail.png') });

  // The check-in reads in the timeline, and anyone can comment on it.
  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-tab-checkins').click();
  const card = page.getByTestId('checkin-card').first();
  await card.waitFor();
  assert.equal(await card.getByTestId('checkin-update').count(), 4);
  assert.match(await card.innerText(), /Legal review of the enterprise contract/);
  assert.equal(await card.locator('strong', { hasText: 'live' }).count(), 1, 'Markdown is rendered');
  await card.getByTestId('checkin-comment-input').fill('I can help with legal — ping me.');
  await card.getByTestId('checkin-comment-submit').click();
  await card.getByTestId('checkin-comment').filter({ hasText: 'I can help with legal' }).waitFor();
  // One person's check-ins read as a timeline.
  await page.getByTestId('checkin-person').selectOption(me);
  await page.getByTestId('checkin-person-head').filter({ hasText: 'Ada Lovelace' }).waitFor();
  assert.equal(await page.getByTestId('checkin-card').count(), 1);
  await page.screenshot({ path: path.join(shots, 'goals-checkins.png') });

  // By person and by division.
  await page.getByTestId('goals-tab-people').click();
  await page.getByTestId('goal-group').filter({ hasText: 'Ada Lovelace' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'goals-by-person.png') });
  await page.getByTestId('goals-tab-mine').click();
  await page.getByTestId('my-goals').waitFor();

  // The scoreboard shows the annual measure for everyone.
  await page.getByTestId('nav-scoreboard').click();
  const scoreCard = page.getByTestId('scoreboard-card').filter({ hasText: 'Reach 100 paying customers' });
  await scoreCard.waitFor();
  const quarterCard = page.getByTestId('scoreboard-card').filter({ hasText: 'Sign 30 customers this quarter' });
  assert.equal(await quarterCard.getByTestId('scoreboard-value').innerText(), '18');
  assert.match(await quarterCard.getByTestId('sparkline').getAttribute('d'), /^M0 [\d.]+ L[\d.]+ [\d.]+ L200 [\d.]+$/);
  await page.screenshot({ path: path.join(shots, 'goals-scoreboard.png') });
  assert.deepEqual(page.errors, []);

  // A restart keeps the tree, the roll-up, the chart and the check-in.
  await page.context().close();
  await app.stop();
  app = await startApp(dataDir);
  page = await openUI(browser, app, { colorScheme: 'dark' });
  await page.getByTestId('nav-goals').click();
  await waitForOutline(page, [
    'Reach 100 paying customers 75%',
    '  Sign 30 customers this quarter 75%',
    '    Call 10 prospects 50%',
    '    Ship the pricing page 100%',
  ].join('\n'));
  await page.screenshot({ path: path.join(shots, 'goals-tree-dark.png') });
  await page.locator('[data-testid=goal-row]', { hasText: 'Sign 30 customers this quarter' }).getByTestId('goal-title').click();
  await page.locator('[data-testid=goal-chart][data-points="3"]').waitFor();
  await page.screenshot({ path: path.join(shots, 'goals-detail-dark.png') });
  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-tab-checkins').click();
  await page.getByTestId('checkin-comment').filter({ hasText: 'I can help with legal' }).waitFor();

  // The tree by organization: the company, the Sales division, Ada's team, and Kim in it.
  const measure = { kind: 'number', unit: 'demos', start: 0, target: 10, current: 0, done: false };
  const base = { description: '', parentId: '', periodStart: '', periodEnd: '', measure, status: 'on_track', confidence: 60, scoreboard: false };
  await call(page, 'Goals', 'Create', { ...base, title: 'Double the Sales pipeline', level: 'quarterly', scope: 'division', scopeTarget: 'Sales', ownerId: kim.id });
  await call(page, 'Goals', 'Create', { ...base, title: 'Run 10 demos', level: 'weekly', scope: 'individual', scopeTarget: kim.id, ownerId: kim.id });
  await page.getByTestId('goals-tab-tree').click();
  await page.getByTestId('tree-mode-org').click();
  const nodes = await page.getByTestId('org-node').evaluateAll((els) => els.map((e) => `${e.dataset.kind}:${e.dataset.label}`));
  assert.deepEqual(nodes, ['company:Company', 'division:Sales', 'manager:Ada Lovelace’s team', 'person:Kim Lee']);
  await page.locator('[data-testid=org-node][data-kind=person]').getByTestId('goal-title').filter({ hasText: 'Run 10 demos' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'goals-org-tree-dark.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
});

test('the goal and check-in forms say what is wrong, and user text stays text', async (t) => {
  const dataDir = tempDataDir(t);
  const app = await startApp(dataDir);
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Grace Hopper');
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  await page.getByTestId('nav-goals').click();

  await page.getByTestId('goals-new').click();
  const form = page.getByTestId('goal-form');
  await form.getByTestId('goal-form-save').click();
  assert.equal(await form.getByTestId('goal-form-error').innerText(), 'Give the goal a title.');
  // Go's own checks come back as a sentence: a period that ends before it starts.
  await form.getByTestId('goal-form-title').fill('<img src=x onerror="alert(1)"> Cut p95 latency');
  await form.getByTestId('goal-form-start-date').fill('2026-06-30');
  await form.getByTestId('goal-form-end-date').fill('2026-04-01');
  await form.getByTestId('goal-form-start').fill('400');
  await form.getByTestId('goal-form-target-value').fill('200');
  await form.getByTestId('goal-form-unit').fill('ms');
  await form.getByTestId('goal-form-description').fill('Users **notice**. <script>alert(2)</script><img src=x onerror="alert(3)">');
  await form.getByTestId('goal-form-save').click();
  await form.getByTestId('goal-form-error').filter({ hasText: 'ends (2026-04-01) before it starts (2026-06-30)' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'goals-form-error.png') });
  await form.getByTestId('goal-form-end-date').fill('2026-09-30');
  await form.getByTestId('goal-form-save').click();
  await form.waitFor({ state: 'detached' });
  const title = page.getByTestId('goal-detail-title');
  assert.equal(await title.innerText(), '<img src=x onerror="alert(1)"> Cut p95 latency');
  // Editing keeps the measure's current value and history.
  await page.getByTestId('goal-edit').click();
  assert.equal(await page.getByTestId('goal-form-title').inputValue(), '<img src=x onerror="alert(1)"> Cut p95 latency');
  await page.getByTestId('goal-form-title').fill('<img src=x onerror="alert(1)"> Cut p95 API latency');
  await page.getByTestId('goal-form-save').click();
  await title.filter({ hasText: 'Cut p95 API latency' }).waitFor();
  assert.equal(await page.getByTestId('goal-detail-measure').innerText(), '400 / 200 ms');
  const detail = page.getByTestId('goal-detail');
  await detail.locator('strong', { hasText: 'notice' }).waitFor();
  assert.equal(await detail.locator('script').count(), 0);
  assert.equal(await detail.locator('img[onerror]').count(), 0);

  // A value that is not a number is caught before it is sent; the goal is unchanged.
  // A check-in being written survives closing the form and a reload.
  await page.getByTestId('goals-checkin').click();
  const checkin = page.getByTestId('checkin-form');
  await checkin.getByTestId('checkin-problems').fill('The cache warms slowly after deploys.');
  await page.keyboard.press('Escape');
  await checkin.waitFor({ state: 'detached' });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-checkin').click();
  assert.equal(await checkin.getByTestId('checkin-problems').inputValue(), 'The cache warms slowly after deploys.');
  await checkin.getByTestId('checkin-value').fill('fast');
  await checkin.getByTestId('checkin-submit').click();
  assert.match(await checkin.getByTestId('checkin-error').innerText(), /Enter a number/);
  await checkin.getByTestId('checkin-value').fill('250');
  await checkin.getByTestId('checkin-submit').click();
  await checkin.waitFor({ state: 'detached' });
  await page.getByTestId('goal-row').getByTestId('goal-title').click();
  // Bringing latency down from 400 to 200: 250 is three quarters of the way.
  await page.getByTestId('goal-detail-progress').filter({ hasText: '75%' }).waitFor();
  // The check-in made, its draft is gone.
  await page.getByTestId('goals-checkin').click();
  assert.equal(await checkin.getByTestId('checkin-problems').inputValue(), '');
  await page.keyboard.press('Escape');

  // The period closes with a short retrospective.
  await page.getByTestId('goal-close').click();
  await page.getByTestId('retro-input').fill('Caching got us most of the way; the **database** was the rest.');
  await page.getByTestId('retro-save').click();
  await page.getByTestId('goal-retrospective').locator('strong', { hasText: 'database' }).waitFor();
  assert.equal(await page.getByTestId('goal-close').count(), 0);

  // Her schedule: Monday and Thursday at 08:30 instead of Tuesday and Friday at 09:00.
  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-tab-checkins').click();
  await page.getByTestId('schedule-edit').click();
  for (const day of ['Tue', 'Fri', 'Mon', 'Thu']) await page.getByTestId('schedule-day').filter({ hasText: day }).click();
  await page.getByTestId('schedule-time').fill('08:30');
  await page.getByTestId('schedule-save').click();
  await page.getByTestId('checkin-schedule').filter({ hasText: /Mon and Thu at (08:30|8:30\sAM)/ }).waitFor();
  const schedule = await call(page, 'Goals', 'Schedule');
  assert.deepEqual([schedule.days, schedule.time], [[1, 4], '08:30']);

  // Archiving takes a goal out of the tree; it can be found and restored.
  await page.getByTestId('goals-tab-tree').click();
  await page.getByTestId('goal-row').getByTestId('goal-title').click();
  await page.getByTestId('goal-archive').click();
  await page.getByTestId('goals-empty').waitFor();
  await page.getByTestId('goals-archived-toggle').click();
  await page.getByTestId('archived-goal').filter({ hasText: 'Cut p95 API latency' }).getByTestId('goal-unarchive').click();
  await page.getByTestId('goal-row').filter({ hasText: 'Cut p95 API latency' }).waitFor();
  assert.equal(dialogs, 0);
  assert.deepEqual(page.errors, []);
});

test('a teammate comments on my check-in from their own device, it reaches my inbox, and a manager reads their reports', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const adaId = (await call(page, 'Workspace', 'Session')).meId;
  const kim = await call(page, 'Members', 'Add', { name: 'Kim Lee', timeZone: 'Asia/Seoul', role: '', team: 'Sales', managerId: adaId, workStart: '', workEnd: '' });
  await call(page, 'Goals', 'CheckIn', { updates: [], plans: 'Draft the Q1 plan', progress: '', problems: '', blockers: 'Waiting on legal' });
  await page.context().close();
  await app.stop();

  // Kim, on her own device, reads Ada's check-in and offers help.
  app = await startApp(dir, { actAs: kim.id });
  page = await openUI(browser, app);
  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-tab-checkins').click();
  const card = page.getByTestId('checkin-card').filter({ hasText: 'Waiting on legal' });
  await card.getByTestId('checkin-comment-input').fill('I know the reviewer, happy to help.');
  await card.getByTestId('checkin-comment-submit').click();
  await card.getByTestId('checkin-comment').filter({ hasText: 'happy to help' }).waitFor();
  // And checks in herself, in her own morning in Seoul.
  await call(page, 'Goals', 'CheckIn', { updates: [], plans: '', progress: 'Closed two deals', problems: '', blockers: '' });
  assert.equal((await call(page, 'Goals', 'Schedule')).timeZone, 'Asia/Seoul');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  await app.stop();

  // Ada finds it in her inbox, and it opens the check-ins.
  app = await startApp(dir, { actAs: adaId });
  page = await openUI(browser, app);
  await page.getByTestId('inbox-link').click();
  const item = page.locator('[data-testid="inbox-item"][data-kind="checkin"]');
  assert.match(await item.innerText(), /Kim Lee\s+commented on\s+your check-in of/);
  await item.getByTestId('inbox-open').click();
  await page.getByTestId('checkin-timeline').getByTestId('checkin-comment').filter({ hasText: 'happy to help' }).waitFor();
  // As Kim's manager, Ada reads her reports' check-ins on their own.
  await page.getByTestId('checkin-person').selectOption('reports');
  await page.getByTestId('checkin-card').filter({ hasText: 'Closed two deals' }).waitFor();
  assert.equal(await page.getByTestId('checkin-card').count(), 1);
  // With who is up to date, by each report's own schedule and zone.
  const row = page.locator(`[data-testid=team-status-row][data-member-id="${kim.id}"]`);
  await row.filter({ hasText: 'Up to date' }).waitFor();
  assert.equal(await page.getByTestId('team-status-row').count(), 1);
  assert.equal(await row.getAttribute('data-due'), 'false');
  await page.screenshot({ path: path.join(shots, 'goals-reports.png') });
  assert.deepEqual(page.errors, []);
});
