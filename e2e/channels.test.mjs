// Channels and posts, end to end: the real frontend in Chromium against the
// real Go services. A post is written, replied to, reacted to, pinned,
// found by search, promoted to a page and followed back; an email becomes
// a post; all of it is there after a restart; and the XSS corpus in a post
// body calls nothing in Go.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, fileLookups, launchBrowser, openUI, ours, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });
const corpus = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../frontend/src/lib/markdown/xss-corpus.json'), 'utf8'));

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const eml = `From: "Jane Customer" <jane@example.com>
To: support@longhand.example
Subject: Invoice question for March
Date: Tue, 01 Dec 2026 08:15:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello team,

Our March invoice lists 12 seats; we have 10. Could you check? =E2=80=94 Jane
--b1
Content-Type: text/html; charset=utf-8

<p>Hello team,</p><script>window.__emailRan = true</script><img src=x onerror="window.__emailRan = true">
--b1--
`.replace(/\n/g, '\r\n');

async function openChannel(page, name) {
  await page.getByTestId('channel-item').filter({ hasText: name }).click();
  await page.getByTestId('channel-name').filter({ hasText: name }).waitFor();
}

test('a post is written, discussed, pinned, found, promoted and followed back; an email becomes a post', async (t) => {
  const dir = tempDataDir(t);
  let app = await startApp(dir);
  t.after(() => app.stop());
  let a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  await call(a, 'Members', 'Add', { name: 'Bo Tanaka', timeZone: 'Asia/Tokyo', role: '', team: '', managerId: '', workStart: '', workEnd: '' });

  // Every workspace starts with the same five channels (the list loads
  // after the first paint, so wait for the fifth).
  await a.getByTestId('channel-item').nth(4).waitFor();
  const names = await a.getByTestId('channel-item').allInnerTexts();
  assert.deepEqual(names.map((n) => n.replace(/^\S+\s*/, '').trim()), ['General', 'Announcements', 'Fun', 'Recognition', 'Training']);

  // A post, from the composer.
  await openChannel(a, 'General');
  await a.getByTestId('feed-empty').waitFor();
  await a.getByTestId('new-post').click();
  await a.getByTestId('composer-title').fill('How we run incidents');
  await a.getByTestId('composer-body').fill('1. Page the **on-call**\n2. Open a doc and write the timeline\n\nQuestions to @Bo Tanaka.');
  await a.getByTestId('composer-preview').click();
  await a.getByTestId('composer').locator('strong', { hasText: 'on-call' }).waitFor();
  await a.screenshot({ path: path.join(shots, 'composer.png') });
  await a.getByTestId('composer-submit').click();
  await a.getByTestId('thread-view').waitFor();
  assert.equal(await a.getByTestId('post-title').innerText(), 'How we run incidents');
  assert.equal(await a.getByTestId('post-body').locator('strong').innerText(), 'on-call', 'the body is rendered Markdown');

  // A reply, a reaction and a pin.
  await a.getByTestId('post-reply-input').fill('Add a **severity** scale; the quokka rule works for us');
  await a.getByTestId('post-reply-input-submit').click();
  await a.getByTestId('post-reply').filter({ hasText: 'quokka' }).waitFor();
  await a.getByTestId('add-reaction').first().click();
  await a.getByTestId('reaction-option').filter({ hasText: '🎉' }).click();
  const reaction = a.getByTestId('reaction').filter({ hasText: '🎉' });
  await reaction.waitFor();
  assert.equal(await reaction.getAttribute('data-mine'), 'true');
  const firstReply = a.getByTestId('post-reply').first();
  await firstReply.hover();
  await firstReply.getByTestId('add-reaction').click();
  await firstReply.getByTestId('reaction-option').filter({ hasText: '🙏' }).click();
  await firstReply.getByTestId('reaction').filter({ hasText: '🙏 1' }).waitFor();
  await a.getByTestId('pin-post').click();
  await a.getByTestId('pin-post').filter({ hasText: 'Unpin' }).waitFor();

  // A second post, newer but not pinned: the pinned one stays on top.
  await call(a, 'Channels', 'CreatePost', { channelId: await channelId(a, 'General'), title: 'Lunch on Friday', body: 'Pizza, 12:30, the big room.', requestAck: false });
  await a.getByTestId('back-to-channel').click();
  const cards = a.getByTestId('post-card');
  await cards.filter({ hasText: 'Lunch on Friday' }).waitFor();
  assert.match(await cards.nth(0).innerText(), /How we run incidents[\s\S]*1 reply/);
  assert.equal(await cards.nth(0).getByTestId('post-card-pinned').count(), 1);
  await a.screenshot({ path: path.join(shots, 'channel.png') });

  // Search finds a word that is only in the reply, and opens the post.
  await a.getByTestId('search-button').click();
  await a.getByTestId('palette-input').fill('quokka');
  const hit = a.getByTestId('palette-result').filter({ hasText: 'How we run incidents' });
  await hit.waitFor();
  assert.equal(await hit.getAttribute('data-kind'), 'post');
  await hit.click();
  await a.getByTestId('thread-view').waitFor();
  await a.getByTestId('post-reply').filter({ hasText: 'quokka' }).waitFor();
  await a.screenshot({ path: path.join(shots, 'thread.png') });

  // Promote the thread to a page, follow the link there, and back.
  await a.getByTestId('promote-post').click();
  await a.getByTestId('promote-dialog').waitFor();
  await a.getByTestId('promote-space').selectOption({ label: '🧭 Playbooks' });
  await a.getByTestId('promote-thread').check();
  await a.getByTestId('promote-confirm').click();
  const link = a.getByTestId('promoted-link');
  await link.waitFor();
  assert.equal(await link.innerText(), 'How we run incidents');
  await link.click();
  await a.getByTestId('read-title').filter({ hasText: 'How we run incidents' }).waitFor();
  const pageId = await a.evaluate(() => localStorage.getItem('longhand.lastPage'));
  const promoted = await call(a, 'Pages', 'Open', pageId);
  assert.match(promoted.body, /> \*\*Ada Lovelace\*\* · .*\n>\n> Add a \*\*severity\*\* scale; the quokka rule works for us/);
  // A promoted page is there to be read: it opens in Read view, its way
  // back to the post a link, not a hex '#post/…' in Markdown (#18: 6).
  const back = a.getByTestId('read-view').getByRole('link', { name: 'Open the original post' });
  await back.waitFor();
  await a.screenshot({ path: path.join(shots, 'promoted-page.png') });
  await back.click();
  await a.getByTestId('thread-view').waitFor();
  assert.equal(await a.getByTestId('post-title').innerText(), 'How we run incidents');

  // An announcement that asks for acknowledgement; the admin acknowledges it.
  await openChannel(a, 'Announcements');
  await a.getByTestId('new-post').click();
  await a.getByTestId('composer-title').fill('Office closed on Friday');
  await a.getByTestId('composer-body').fill('The office is closed for maintenance. Work from home.');
  await a.getByTestId('composer-ack').check();
  await a.getByTestId('composer-submit').click();
  await a.getByTestId('ack-post').click();
  await a.getByTestId('acks').filter({ hasText: '1 acknowledged' }).waitFor();
  assert.match(await a.getByTestId('acks').innerText(), /Ada Lovelace[\s\S]*You acknowledged this/);
  await a.screenshot({ path: path.join(shots, 'announcement.png') });

  // An email becomes a post: sender, date and subject shown, text as text.
  await openChannel(a, 'General');
  await a.getByTestId('attach-email-input').setInputFiles({ name: 'Invoice.eml', mimeType: 'message/rfc822', buffer: Buffer.from(eml) });
  const emailCard = cards.filter({ hasText: 'Invoice question for March' });
  await emailCard.waitFor();
  assert.match(await emailCard.innerText(), /From Jane Customer <jane@example.com>/);
  await emailCard.click();
  await a.getByTestId('post-email').waitFor();
  assert.equal(await a.getByTestId('email-from').innerText(), 'Jane Customer <jane@example.com>');
  assert.equal(await a.getByTestId('email-subject').innerText(), 'Invoice question for March');
  assert.match(await a.getByTestId('email-date').innerText(), /2026/);
  assert.match(await a.getByTestId('post-body').innerText(), /12 seats; we have 10\. Could you check\? — Jane/);
  assert.equal(await a.evaluate(() => window.__emailRan === true), false, 'the email\'s HTML never ran');
  await a.screenshot({ path: path.join(shots, 'email-post.png') });

  // A malformed email is refused with what was wrong, and posts nothing.
  await openChannel(a, 'General');
  const before = await cards.count();
  await a.getByTestId('attach-email-input').setInputFiles({ name: 'broken.eml', mimeType: 'message/rfc822', buffer: Buffer.from('Subject: hi\r\n\r\nno sender and no date') });
  const err = a.getByTestId('email-error');
  await err.waitFor();
  assert.match(await err.innerText(), /no sender.*no date/s);
  assert.equal(await cards.count(), before);
  assert.deepEqual(ours(a.errors), []);

  // After a restart everything is still there.
  await a.context().close();
  await app.stop();
  app = await startApp(dir);
  a = await openUI(browser, app);
  await openChannel(a, 'General');
  await a.getByTestId('post-card').filter({ hasText: 'Invoice question for March' }).waitFor();
  assert.equal(await a.getByTestId('post-card').count(), 3);
  await a.getByTestId('post-card').filter({ hasText: 'How we run incidents' }).click();
  await a.getByTestId('post-reply').filter({ hasText: 'quokka' }).waitFor();
  assert.equal(await a.getByTestId('promoted-link').innerText(), 'How we run incidents');
  assert.deepEqual(ours(a.errors), []);
});

test('a project channel is made, muted, left, joined again and archived; an email dropped on it becomes a post', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const a = await openUI(browser, app);
  await setup(a, 'Ada Lovelace');
  await call(a, 'Members', 'Add', { name: 'Bo Tanaka', timeZone: 'Asia/Tokyo', role: '', team: '', managerId: '', workStart: '', workEnd: '' });

  await a.getByTestId('new-channel').click();
  await a.getByTestId('new-channel-name').fill('general');
  await a.getByTestId('new-channel-create').click();
  assert.match(await a.getByTestId('new-channel-error').innerText(), /already a channel called #General/i);
  await a.getByTestId('new-channel-name').fill('launch-q3');
  await a.getByTestId('new-channel-description').fill('Everything about the Q3 launch');
  await a.getByTestId('new-channel-create').click();
  await a.getByTestId('channel-name').filter({ hasText: 'launch-q3' }).waitFor();
  const item = a.getByTestId('channel-item').filter({ hasText: 'launch-q3' });
  await item.waitFor();

  // An email dropped on the channel becomes a post.
  await a.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'Dropped.eml', { type: 'message/rfc822' }));
    const target = document.querySelector('[data-testid="channel-view"]');
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, eml);
  await a.getByTestId('post-card').filter({ hasText: 'Invoice question for March' }).waitFor();

  // A reply that mentions Bo, picked from the @ list.
  await a.getByTestId('post-card').first().click();
  const box = a.getByTestId('post-reply-input');
  await box.click();
  await box.pressSequentially('Can you take this, @Bo');
  // The list opens at the caret, under the line typed, not at the field's edge (#18: 7).
  const [lb, bb] = [await a.getByTestId('mention-list').boundingBox(), await box.boundingBox()];
  assert.ok(lb.x >= bb.x + 100 && lb.y < bb.y + 50, `the list at the caret (${JSON.stringify({ lb, bb })})`);
  await a.getByRole('option', { name: '@Bo Tanaka' }).click();
  await a.getByTestId('post-reply-input-submit').click();
  await a.getByTestId('post-reply').filter({ hasText: 'Can you take this, @Bo Tanaka' }).waitFor();
  const post = await call(a, 'Channels', 'Post', await a.getByTestId('thread-view').getAttribute('data-post-id'));
  const bo = (await call(a, 'Members', 'List')).find((m) => m.name === 'Bo Tanaka');
  assert.deepEqual(post.replies[0].mentions, [bo.id]);

  // Edit one's own post; delete one's own reply, which keeps its place.
  await a.getByTestId('edit-post').click();
  await a.getByTestId('post-edit-title').fill('Invoice question for March (billing)');
  await a.getByTestId('post-edit-save').click();
  await a.getByTestId('post-title').filter({ hasText: '(billing)' }).waitFor();
  await a.getByTestId('reply-delete').click();
  await a.getByTestId('confirm-ok').click();
  await a.getByTestId('post-reply').filter({ hasText: 'This reply was deleted.' }).waitFor();
  await a.getByTestId('back-to-channel').click();

  // Mute, leave, join again from the browser, archive.
  await a.getByTestId('channel-mute').click();
  await a.getByTestId('channel-mute').filter({ hasText: 'Muted' }).waitFor();
  await a.getByTestId('channel-leave').click();
  await a.getByTestId('channel-join').waitFor();
  await item.waitFor({ state: 'detached' });
  await a.getByTestId('browse-channels').click();
  const row = a.getByTestId('browse-item').filter({ hasText: 'launch-q3' });
  await row.getByTestId('browse-join').click();
  await row.getByTestId('browse-leave').waitFor();
  await a.screenshot({ path: path.join(shots, 'channel-browser.png') });
  await a.getByTestId('browse-done').click();
  await item.waitFor();
  await a.getByTestId('channel-archive').click();
  await a.getByTestId('channel-archived').waitFor();
  assert.equal(await a.getByTestId('new-post').count(), 0, 'an archived channel takes no new posts');
  await item.waitFor({ state: 'detached' });
  assert.deepEqual(ours(a.errors), []);
});

async function channelId(page, name) {
  const list = await call(page, 'Channels', 'List');
  return list.find((c) => c.name === name).id;
}

/** See xss.test.mjs: records every message into Go while on. */
async function installSpy(page) {
  await page.evaluate(() => {
    const spy = { on: false, calls: [] };
    window.__invokeSpy = spy;
    const wrap = (fn) => function invoke(message) {
      if (spy.on) {
        spy.calls.push(String(message));
        if (String(message).startsWith('BO:')) return undefined;
      }
      return fn.apply(this, arguments);
    };
    let current = wrap(window.WailsInvoke);
    Object.defineProperty(window, 'WailsInvoke', { configurable: true, get: () => current, set: (fn) => { current = wrap(fn); } });
  });
}

test('the XSS corpus in a post and a reply renders inert: no script, no dialog, no call into Go', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  await setup(page, 'Mallory');
  const general = await channelId(page, 'General');
  const body = '[a https link](https://example.com/) · [jump](#the-end)\n\n' + corpus.map((c) => c.payload).join('\n\n') + '\n\n## The end\n';
  const post = await call(page, 'Channels', 'CreatePost', { channelId: general, title: 'XSS corpus', body, requestAck: false });
  await call(page, 'Channels', 'Reply', post.id, corpus.slice(0, 40).map((c) => c.payload).join('\n\n'));
  await installSpy(page);

  await openChannel(page, 'General');
  await page.getByTestId('post-card').filter({ hasText: 'XSS corpus' }).click();
  const view = page.getByTestId('post-body');
  await view.locator('#user-content-the-end').waitFor();
  await page.getByTestId('post-reply-body').first().waitFor();
  const url = page.url();
  await page.evaluate(() => { window.__invokeSpy.on = true; });

  const clicked = [];
  for (const a of await page.locator('[data-testid="thread-view"] .markdown a').all()) {
    clicked.push(await a.getAttribute('href'));
    if (await a.isVisible()) {
      await a.scrollIntoViewIfNeeded();
      await a.click({ force: true, timeout: 5_000 });
    } else {
      await a.dispatchEvent('click');
    }
  }
  for (const img of await page.locator('[data-testid="thread-view"] .markdown img').all()) await img.dispatchEvent('click');
  await sleep(500);
  await page.evaluate(() => { window.__invokeSpy.on = false; });

  const calls = await page.evaluate(() => window.__invokeSpy.calls.slice());
  const expected = clicked.filter((h) => h && /^(https?:\/\/|mailto:)/i.test(h)).map((h) => `BO:${h}`);
  assert.ok(clicked.length >= 5, `only ${clicked.length} links rendered`);
  // The view itself asks Go whether a file the document names is here
  // (and for it when not): by a 64-hex-digit hash and nothing else.
  const { lookups, rest } = fileLookups(calls);
  assert.ok(lookups.every((c) => /^C\{"name":"app\.Attachments\.(Status|Fetch)","args":\["[0-9a-f]{64}"\],"callbackID":"[\w.-]+"\}$/.test(c)), lookups.join('\n'));
  assert.deepEqual(rest, expected, `WailsInvoke messages while the corpus was shown:\n${calls.join('\n')}`);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(ours(page.errors), []);
  assert.equal(page.url(), url);
  const state = await page.evaluate(() => ({
    scripts: document.querySelectorAll('[data-testid="thread-view"] .markdown :is(script, iframe, object, embed, form, style)').length,
    handlers: [...document.querySelectorAll('[data-testid="thread-view"] .markdown *')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => /^on|^style$/i.test(n)),
  }));
  assert.deepEqual(state, { scripts: 0, handlers: [] });
});

test('a channel’s feed is read with the keyboard: Tab reaches its cards, and the arrows and Page Down scroll it', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const general = await channelId(page, 'General');
  await page.evaluate(async (id) => {
    for (let k = 0; k < 15; k++) await window.go.app.Channels.CreatePost({ channelId: id, title: `Week ${k}`, body: `What we shipped in week ${k}.`, requestAck: false });
  }, general);
  await page.getByTestId('channel-item').filter({ hasText: 'General' }).click();
  await page.getByTestId('post-card-title').filter({ hasText: 'Week 14' }).waitFor();
  const screen = page.getByRole('region', { name: 'Channel General' });
  const top = () => screen.evaluate((el) => el.scrollTop);
  assert.ok(await screen.evaluate((el) => el.scrollHeight > el.clientHeight + 400), 'the feed is taller than its screen');

  // Tab goes from the composer's button to the first card.
  await page.getByTestId('new-post').focus();
  let inCard = false;
  for (let i = 0; i < 4 && !inCard; i++) {
    await page.keyboard.press('Tab');
    inCard = await page.evaluate(() => !!document.activeElement?.closest('[data-testid=post-card]'));
  }
  assert.ok(inCard, 'Tab reaches a post card');
  const from = await top();
  await page.keyboard.press('PageDown');
  await until(async () => (await top()) > from + 200, 'Page Down to scroll the feed');
  // Page Down scrolls smoothly: read where it ends, not a point on its way.
  let last = -1;
  await until(async () => {
    const now = await top();
    const still = now === last;
    last = now;
    return still;
  }, 'Page Down to come to rest', 10_000, 250);
  const paged = await top();
  await page.keyboard.press('ArrowUp');
  await until(async () => (await top()) < paged, 'the up arrow to scroll the feed back');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=post-card]')), 'scrolling left the keyboard on the card');
  assert.deepEqual(ours(page.errors), []);
});
