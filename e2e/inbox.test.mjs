// The inbox, end to end: Ada asks Bo for a review and mentions him; Bo's
// inbox shows both, marks them read once shown, and keeps "done" and
// "later" across a restart; Bo's answer lands in Ada's inbox.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, openUI, ours, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

function inDays(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('mentions, comments and review requests reach the right inbox; read on sight, done and later kept', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  const adaId = (await call(a, 'Workspace', 'Session')).meId;
  const bo = await call(a, 'Members', 'Add', { name: 'Bo Tanaka', timeZone: 'Asia/Tokyo', role: '', team: '', managerId: '', workStart: '09:00', workEnd: '17:00' });
  const memo = await call(a, 'Pages', 'Create', { title: 'Pricing memo', spaceId: '', parentId: '', from: '' });
  const edited = await call(a, 'Pages', 'Edit', memo.id, 'e2e', memo.rev, [{ pos: 0, del: 0, ins: 'We should charge per seat.' }]);
  await call(a, 'Reviews', 'AddReviewer', memo.id, bo.id, inDays(3));
  await call(a, 'Reviews', 'SetStatus', memo.id, 'review');
  const thread = await call(a, 'Comments', 'Start', memo.id, edited.rev, 0, 2, '@Bo Tanaka does per seat work for Platform?', [bo.id]);
  assert.equal(await call(a, 'Inbox', 'Unread'), 0, 'nothing of Ada’s own is in her inbox');
  await a.context().close();
  await app.stop();

  // Bo: a review request and a mention, read once shown.
  app = await startApp(dir, { actAs: bo.id });
  let b = await openUI(browser, app);
  await b.getByTestId('inbox-count').filter({ hasText: '2' }).waitFor();
  await b.getByTestId('inbox-link').click();
  const items = b.getByTestId('inbox-item');
  await items.nth(1).waitFor();
  assert.deepEqual(await items.evaluateAll((els) => els.map((e) => e.dataset.kind)).then((k) => k.sort()), ['mention', 'review']);
  await b.screenshot({ path: path.join(shots, 'inbox-unread.png') });
  await b.waitForFunction(() => !document.querySelector('[data-testid="inbox-count"]'), null, { timeout: 10_000 });
  assert.equal(await call(b, 'Inbox', 'Unread'), 0, 'shown items are read');

  const mention = b.locator('[data-testid="inbox-item"][data-kind="mention"]');
  await mention.getByTestId('inbox-done').click();
  await mention.waitFor({ state: 'detached' });
  const review = b.locator('[data-testid="inbox-item"][data-kind="review"]');
  await review.getByTestId('inbox-later').click();
  await review.getByTestId('later-option').filter({ hasText: 'Next working morning' }).click();
  await b.getByTestId('inbox-empty').waitFor();
  await b.screenshot({ path: path.join(shots, 'inbox-clear.png') });
  assert.deepEqual(ours(b.errors), []);
  await b.context().close();
  await app.stop();

  app = await startApp(dir, { actAs: bo.id });
  b = await openUI(browser, app);
  await b.getByTestId('inbox-link').click();
  await b.getByTestId('inbox-empty').waitFor();
  await b.getByTestId('inbox-tab-done').click();
  await b.locator('[data-testid="inbox-item"][data-kind="mention"]').waitFor();
  await b.getByTestId('inbox-tab-later').click();
  await b.locator('[data-testid="inbox-item"][data-kind="review"]').waitFor();
  // Bo has not opened the memo yet; once it is on his screen, he has read it.
  const state = async () => (await call(b, 'Reviews', 'Get', memo.id)).reviewers.find((r) => r.memberId === bo.id).state;
  assert.equal(await state(), 'unread');
  await b.getByTestId('page-item').filter({ hasText: 'Pricing memo' }).click();
  await b.getByTestId('review-bar').waitFor();
  await b.waitForFunction(async ([id, me]) => {
    const r = await window.go.app.Reviews.Get(id);
    return r.reviewers.find((x) => x.memberId === me)?.state === 'read';
  }, [memo.id, bo.id], { timeout: 10_000 });
  await call(b, 'Comments', 'Reply', memo.id, thread.id, 'Per seat works for us.', []);
  assert.equal(await state(), 'commented', 'a reviewer who comments has commented');
  await b.context().close();
  await app.stop();

  // Ada: Bo's answer is a comment on her page; opening it opens the page.
  app = await startApp(dir, { actAs: adaId });
  a = await openUI(browser, app);
  await a.getByTestId('inbox-link').click();
  const comment = a.locator('[data-testid="inbox-item"][data-kind="comment"]');
  await comment.waitFor();
  assert.match(await comment.innerText(), /Bo Tanaka\s+commented on\s+Pricing memo/);
  assert.match(await comment.innerText(), /Per seat works for us/);
  await comment.getByTestId('inbox-open').click();
  await a.getByTestId('review-bar').waitFor();
  assert.equal(await a.getByTestId('breadcrumbs').locator('[aria-current="page"]').innerText(), 'Pricing memo');
  assert.deepEqual(ours(a.errors), []);
});
