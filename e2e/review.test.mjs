// Reviews, meetings and people, end to end: the real frontend in Chromium
// against the real Go services, across a restart.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { as24, call, launchBrowser, openUI, ours, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function openPage(page, title) {
  await page.getByTestId('page-item').filter({ hasText: title }).first().click();
  await page.getByTestId('review-bar').waitFor();
}

/** inDays is the calendar date n days from now, in UTC (the machine's zone). */
function inDays(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('a page goes out for review to a teammate in Tokyo, and a meeting waits for its pre-read', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');

  // A teammate, added from the People screen.
  await a.getByTestId('people-link').click();
  await a.getByTestId('add-person').click();
  await a.getByTestId('person-name').fill('Bo Tanaka');
  await a.getByTestId('person-role').fill('Engineer');
  await a.getByTestId('person-team').fill('Platform');
  await a.getByTestId('person-timezone').fill('Mars/Olympus');
  await a.getByTestId('person-save').click();
  assert.match(await a.getByTestId('person-error').innerText(), /time zone/, 'an unknown zone is refused with a reason');
  // The zone is found by its city, or its offset, as it is typed; Escape closes the list, not the dialog.
  const zone = a.getByTestId('person-timezone');
  await zone.fill('');
  await zone.pressSequentially('+9');
  await a.getByTestId('zone-options').locator('[data-zone="Asia/Tokyo"]').waitFor();
  await zone.fill('');
  await zone.pressSequentially('toky');
  const options = a.getByTestId('zone-options');
  await options.waitFor();
  assert.match(await options.innerText(), /Tokyo\s+Japan · Asia\s+UTC\+09:00/);
  await a.getByTestId('person-dialog').screenshot({ path: path.join(shots, 'zone-picker.png') });
  await zone.press('Escape');
  await options.waitFor({ state: 'detached' });
  assert.equal(await a.getByTestId('person-dialog').count(), 1, 'Escape closed only the list');
  await zone.press('ArrowDown');
  await zone.press('Enter');
  assert.equal(await zone.inputValue(), 'Asia/Tokyo');
  await a.getByTestId('person-save').click();
  await a.getByTestId('person').filter({ hasText: 'Bo Tanaka' }).waitFor();
  assert.equal(await a.getByTestId('person').count(), 2);
  // Ada works 09:00–17:00 UTC and Bo 09:00–17:00 in Tokyo (00:00–08:00 UTC): they never meet.
  const bo = a.getByTestId('person').filter({ hasText: 'Bo Tanaka' });
  await bo.getByTestId('person-overlap').filter({ hasText: 'don’t meet' }).waitFor();
  // Bo starts at 07:00 Tokyo instead, and reports to Ada: an hour a day in common, and an org chart.
  await bo.getByTestId('person-edit').click();
  await a.getByTestId('person-start').fill('07:00');
  await a.getByTestId('person-end').fill('19:00');
  await a.getByTestId('person-manager').selectOption({ label: 'Ada Lovelace' });
  await a.getByTestId('person-save').click();
  await bo.getByTestId('person-overlap').filter({ hasText: /(09:00|9:00\sAM)–(10:00|10:00\sAM) your time|Overlapping now, until (10:00|10:00\sAM)/ }).waitFor();
  // Focus: the sidebar starts a session; the directory says when Ada is back.
  await a.getByTestId('focus-start').click();
  await a.getByTestId('focus-50').click();
  await a.getByTestId('focus-status').waitFor();
  const ada = a.getByTestId('person').filter({ hasText: 'Ada Lovelace' });
  assert.match(as24(await ada.getByTestId('person-focus').innerText()), /^Focusing until \d\d:\d\d$/);
  await a.screenshot({ path: path.join(shots, 'people.png') });
  const boId = await bo.getAttribute('data-member-id');
  await a.getByTestId('people-tab-org').click();
  const chart = a.getByTestId('org-chart');
  await chart.waitFor();
  assert.equal(await chart.locator('li li [data-testid="org-person"]').getAttribute('data-member-id'), boId, 'Bo sits under Ada');
  await a.screenshot({ path: path.join(shots, 'org-chart.png') });

  // A memo, out for review.
  await call(a, 'Pages', 'Create', { title: 'Pricing memo', spaceId: '', parentId: '', from: 'builtin:six-page-memo' });
  const draftPage = await call(a, 'Pages', 'Create', { title: 'Half-written notes', spaceId: '', parentId: '', from: '' });
  await openPage(a, 'Pricing memo');
  assert.equal(await a.getByTestId('page-status').innerText(), 'Draft');
  await a.getByTestId('review-toggle').click();
  await a.getByTestId('review-panel').waitFor();
  assert.equal(await a.getByTestId('status-review').isDisabled(), true, 'no review without reviewers');
  const due = inDays(3);
  await a.getByTestId('reviewer-pick').selectOption({ label: 'Bo Tanaka · Platform' });
  await a.getByTestId('reviewer-due-input').fill(due);
  await a.getByTestId('reviewer-add').click();
  const row = a.getByTestId('reviewer');
  await row.waitFor();
  const dueText = await row.getByTestId('reviewer-due').innerText();
  // Due at the end of Bo's working day in Tokyo: 19:00 there, 10:00 UTC here.
  assert.match(as24(dueText), /19:00 Tokyo\s·\s10:00 your time/, dueText);
  assert.equal(await row.getAttribute('data-state'), 'unread');
  await a.getByTestId('status-review').click();
  await a.getByTestId('page-status').filter({ hasText: 'In review' }).waitFor();
  assert.match(await a.getByTestId('review-progress').innerText(), /0 of 1 approved/);
  await a.screenshot({ path: path.join(shots, 'review-panel.png') });

  // The owner's "needs review" list shows it waiting on one reviewer.
  await a.getByTestId('reviews-link').click();
  const item = a.getByTestId('review-item').filter({ hasText: 'Pricing memo' });
  await item.waitFor();
  assert.equal(await item.getAttribute('data-reason'), 'owner');
  assert.match(await item.innerText(), /1 reviewer still to approve/);
  assert.equal(await a.getByTestId('reviews-count').innerText(), '1');
  await a.screenshot({ path: path.join(shots, 'needs-review.png') });

  // A meeting page needs its pre-read past draft before it is ready.
  await call(a, 'Pages', 'Create', { title: 'Pricing decision', spaceId: '', parentId: '', from: 'builtin:meeting-pre-read' });
  await openPage(a, 'Pricing decision');
  await a.getByTestId('meeting-chip').filter({ hasText: 'Not ready' }).waitFor();
  await a.getByTestId('review-toggle').click();
  assert.match(await a.getByTestId('ready-why').innerText(), /Link the pre-read/);
  await a.getByTestId('pre-read-pick').selectOption(draftPage.id);
  await a.getByTestId('ready-why').filter({ hasText: 'still a draft' }).waitFor();
  assert.equal(await a.getByTestId('mark-ready').isDisabled(), true);
  const refused = await a.evaluate((id) => window.go.app.Reviews.SetReady(id, true).then(() => '', (e) => String(e)), (await call(a, 'Pages', 'ResolveLink', 'Pricing decision')).id);
  assert.match(refused, /still a draft/, 'Go refuses too, not just the button');
  await a.getByTestId('pre-read-pick').selectOption({ label: 'Pricing memo' });
  await a.getByTestId('pre-read-link').filter({ hasText: 'In review' }).waitFor();
  await a.getByTestId('mark-ready').click();
  await a.getByTestId('meeting-ready').waitFor();
  await a.getByTestId('decision-input').fill('Charge per seat from July; keep annual plans as they are.');
  await a.getByTestId('decision-add').click();
  await a.getByTestId('decision').waitFor();
  await a.screenshot({ path: path.join(shots, 'meeting-review.png') });
  assert.deepEqual(ours(a.errors), []);

  // Everything survives a restart.
  await a.context().close();
  await app.stop();
  app = await startApp(dir);
  a = await openUI(browser, app);
  await a.getByTestId('focus-status').waitFor(); // the session outlives a restart
  await a.getByTestId('focus-stop').click();
  await a.getByTestId('focus-start').waitFor();
  await openPage(a, 'Pricing decision');
  await a.getByTestId('meeting-chip').filter({ hasText: 'Ready' }).waitFor();
  assert.equal(await a.getByTestId('bar-pre-read').innerText(), 'Pricing memo');
  assert.match(await a.getByTestId('page-decisions').innerText(), /Charge per seat from July/, 'the log shows on the page itself');
  await a.getByTestId('review-toggle').click();
  assert.match(await a.getByTestId('decision').innerText(), /Charge per seat from July/);
  await openPage(a, 'Pricing memo');
  assert.equal(await a.getByTestId('page-status').innerText(), 'In review');
  assert.deepEqual(ours(a.errors), []);
});
