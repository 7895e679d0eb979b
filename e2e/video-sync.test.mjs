// Video messages between two devices, with Chromium's fake camera and
// microphone: an announcement recorded on Ada's device carries a
// thumbnail, reaches Bo's device over the LAN, plays there to its end, and
// Ada then sees "Seen by Bo"; and a video goes into a page from the "/"
// menu, at the cursor, and into a chat from its Video button.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, freePort, joinDevice, launchBrowser, openUI, setup, startApp, tempDataDir, until } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => {
  browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
});
after(async () => { await browser?.close(); });

/** Records one take of the camera of about `seconds`, summarises it and uses it. */
async function recordVideo(page, seconds, summary) {
  const rec = page.getByTestId('video-recorder');
  await rec.getByTestId('video-start').click();
  await rec.getByTestId('video-timer').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(seconds * 1000);
  await rec.getByTestId('video-stop').click();
  await rec.getByTestId('video-take-facts').waitFor({ timeout: 20_000 });
  await rec.getByTestId('video-summary').fill(summary);
  await rec.getByTestId('video-use').click();
  await rec.waitFor({ state: 'detached', timeout: 30_000 });
}

/** What a player shows: its video's source, poster, and whether the poster is a picture the window drew. */
async function playerFacts(player) {
  await player.getByTestId('video-element').waitFor({ timeout: 15_000 });
  return player.getByTestId('video-element').evaluate(async (v) => {
    const poster = v.getAttribute('poster') ?? '';
    let drawn = 0;
    let type = '';
    if (poster) {
      const r = await fetch(poster);
      type = r.headers.get('content-type') ?? '';
      const img = new Image();
      img.src = poster;
      await img.decode().catch(() => {});
      drawn = img.naturalWidth;
    }
    return { src: v.currentSrc || v.src, poster, type, drawn };
  });
}

test('an announcement recorded on one device plays on the other after sync, and the first sees who watched it', async (t) => {
  const portA = await freePort();
  const appA = await startApp(tempDataDir(t), { syncListen: `127.0.0.1:${portA}` });
  t.after(() => appA.stop());
  const a = await openUI(browser, appA);
  await setup(a, 'Ada Lovelace');
  const appB = await startApp(tempDataDir(t));
  t.after(() => appB.stop());
  const b = await openUI(browser, appB);
  await joinDevice(a, b, 'Bo Berg', `127.0.0.1:${portA}`);
  await until(async () => (await call(a, 'Members', 'List')).some((m) => m.name === 'Bo Berg'), 'Bo on Ada’s device', 30_000, 250);

  // Ada records an announcement.
  await a.getByTestId('channel-item').filter({ hasText: 'Announcements' }).click();
  await a.getByTestId('new-post').click();
  await a.getByTestId('composer-title').fill('The launch moves to May');
  await a.getByTestId('composer-record').click();
  await recordVideo(a, 4, 'Launch moves to May; nothing else changes');
  await a.getByTestId('composer-submit').click();
  await a.getByTestId('thread-view').waitFor();
  const playerA = a.getByTestId('post-body').getByTestId('video-player');
  const factsA = await playerFacts(playerA);
  const hash = factsA.src.match(/\/videos\/([0-9a-f]{64})$/)?.[1];
  assert.ok(hash, `the player plays a stored video: ${factsA.src}`);
  const poster = factsA.poster.match(/^\/posters\/([0-9a-f]{64})$/)?.[1];
  assert.ok(poster, `the player has a thumbnail: ${factsA.poster}`);
  assert.equal(factsA.type, 'image/jpeg');
  assert.ok(factsA.drawn > 0, 'the thumbnail is a picture');
  const recorded = await call(a, 'Videos', 'Find', hash);
  assert.ok(recorded.lengthMs >= 3000 && recorded.lengthMs < 7000, `recorded ${recorded.lengthMs} ms`);
  // Sent to everyone in Announcements but Ada, who sent it: Bo.
  await until(async () => (await playerA.getByTestId('video-seen-by').innerText()) === 'Not seen yet · 0 of 1', 'nobody has seen it yet', 15_000);

  // Bo's device gets the post, the video and its thumbnail.
  await call(a, 'Sync', 'SyncNow');
  await until(async () => {
    const [v, p] = [await call(b, 'Attachments', 'Status', hash), await call(b, 'Attachments', 'Status', poster)];
    return v.complete && v.video && p.complete;
  }, 'the video and its thumbnail on Bo’s device', 60_000, 250);
  await b.getByTestId('channel-item').filter({ hasText: 'Announcements' }).click();
  // The feed shows its thumbnail and its words before it is opened.
  const card = b.getByTestId('post-card').filter({ hasText: 'The launch moves to May' });
  const thumb = card.getByTestId('post-card-video').locator('img');
  await until(async () => (await thumb.count()) === 1 && (await thumb.evaluate((i) => i.complete && i.naturalWidth)) > 0, 'the thumbnail in Bo’s feed', 15_000);
  assert.match(await card.getByTestId('post-card-video-summary').innerText(), /^Launch moves to May; nothing else changes \(0:0\d\)$/);
  await b.screenshot({ path: path.join(shots, 'video-feed.png') });
  await card.click();
  await b.getByTestId('thread-view').waitFor();
  const playerB = b.getByTestId('post-body').getByTestId('video-player');
  const factsB = await playerFacts(playerB);
  assert.equal(factsB.src.slice(-64), hash);
  assert.equal(factsB.poster, `/posters/${poster}`);
  assert.ok(factsB.drawn > 0, 'the thumbnail shows on Bo’s device');
  assert.equal(await playerB.getByTestId('video-summary-line').innerText(), 'Launch moves to May; nothing else changes');
  await until(async () => (await playerB.getByTestId('video-seen-by').innerText()) === 'Not seen yet · 0 of 1', 'Bo sees nobody watched it', 15_000);
  await b.screenshot({ path: path.join(shots, 'video-second-device-before-play.png') });

  // Bo plays it to its end, at 2×: its time moves, and it ends where the recording did.
  await playerB.getByTestId('video-speed-2').click();
  const played = await playerB.getByTestId('video-element').evaluate(async (v) => {
    v.muted = true;
    const ended = new Promise((r) => v.addEventListener('ended', r, { once: true }));
    await v.play();
    const from = v.currentTime;
    await ended;
    return { from, end: v.currentTime, width: v.videoWidth };
  });
  assert.ok(played.end > played.from, 'the time moved');
  assert.ok(played.width > 0, 'it has a picture');
  assert.ok(Math.abs(played.end * 1000 - recorded.lengthMs) < 600, `played to ${played.end} s, recorded ${recorded.lengthMs} ms`);
  assert.equal((await call(b, 'Videos', 'Find', hash)).lengthMs, recorded.lengthMs);
  await until(async () => (await playerB.getByTestId('video-seen-by').innerText()) === 'Seen by Bo Berg · 1 of 1', 'Bo marked as having seen it', 15_000);

  // Bo's device says so through sync; Ada's player shows it.
  await call(b, 'Sync', 'SyncNow');
  await until(async () => (await playerA.getByTestId('video-seen-by').innerText()) === 'Seen by Bo Berg · 1 of 1', 'Ada sees Bo watched it', 60_000, 250);
  await playerA.scrollIntoViewIfNeeded();
  await a.screenshot({ path: path.join(shots, 'video-seen-by.png') });

  // Ada may mark herself, but she sent it: she is not counted.
  const own = await a.evaluate(async (h) => {
    try { await window.go.app.Videos.MarkSeen(h); return 'ok'; } catch (e) { return String(e?.message ?? e); }
  }, hash);
  assert.equal(own, 'ok', 'Ada may mark herself');
  assert.equal((await call(a, 'Videos', 'Seen', hash)).seen.map((s) => s.name).join(), 'Bo Berg', 'the sender is not counted');
  assert.equal(a.errors.length, 0, a.errors.join('\n'));
  assert.equal(b.errors.length, 0, b.errors.join('\n'));
});

test('a video goes into a page from the / menu, at the cursor, and into a chat', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const bo = await call(page, 'Members', 'Add', { name: 'Bo Berg', timeZone: 'Europe/Stockholm', role: '', team: '', managerId: '', workStart: '09:00', workEnd: '17:00' });

  // A page: "/video" in the middle of the text opens the recorder; the video goes where the slash was.
  const doc = await call(page, 'Pages', 'Create', { title: 'Walkthrough' });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.getByTestId('page-item').filter({ hasText: 'Walkthrough' }).click();
  await page.getByTestId('format-bar').waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.type('Before the video.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('After the video.');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('/vid');
  const menu = page.locator('.cm-tooltip-autocomplete');
  await menu.locator('li[aria-selected]', { hasText: 'Video' }).waitFor();
  await page.keyboard.press('Enter');
  await recordVideo(page, 2, 'How the release train works');
  let body = '';
  await until(async () => (body = (await call(page, 'Pages', 'Open', doc.id)).body).includes('attachment:'), 'the video in the page', 15_000);
  assert.match(body, /^Before the video\.\n+\[▶ How the release train works \(0:0\d\)\]\(attachment:[0-9a-f]{64} "poster attachment:[0-9a-f]{64}"\)\n+After the video\.$/);
  await page.getByTestId('mode-read').click();
  const inPage = page.getByTestId('read-view').getByTestId('video-player');
  const facts = await playerFacts(inPage);
  assert.ok(facts.drawn > 0, 'the page’s video has its thumbnail');
  // A page is for everyone: Ada and Bo.
  await until(async () => (await inPage.getByTestId('video-seen-by').innerText()) === 'Not seen yet · 0 of 2', 'seen-by under the page’s video', 15_000);
  await page.screenshot({ path: path.join(shots, 'video-in-page.png') });

  // A video not on this device yet shows its thumbnail, which travels first, above its chip.
  const jpeg = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 90;
    const g = c.getContext('2d');
    g.fillStyle = '#2a6';
    g.fillRect(0, 0, 160, 90);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.8));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  const thumbOnly = await call(page, 'Attachments', 'Create', 'thumb.jpg', jpeg);
  const away = 'c'.repeat(64);
  const waiting = await call(page, 'Pages', 'Create', { title: 'Arriving' });
  await call(page, 'Pages', 'Edit', waiting.id, 'e2e', waiting.rev, [{ pos: 0, del: 0, ins: `[▶ Still on its way (0:09)](attachment:${away} "poster ${thumbOnly.ref}")\n` }]);
  await page.getByTestId('page-item').filter({ hasText: 'Arriving' }).click();
  await page.getByTestId('mode-read').click();
  const early = page.getByTestId('read-view').getByTestId('video-waiting-poster');
  await until(async () => (await early.count()) === 1 && (await early.evaluate((i) => !i.hidden && i.naturalWidth)) === 160, 'the thumbnail of a video on its way', 15_000);
  assert.equal(await page.getByTestId('read-view').getByTestId('video-player').count(), 0, 'nothing plays before the video is here');

  // A chat: the Video button beside the paper clip puts it in the message.
  await page.getByTestId('new-chat').click();
  await page.locator(`[data-testid="chat-pick"][data-member-id="${bo.id}"]`).check();
  await page.getByTestId('chat-start').click();
  await page.getByTestId('chat-view').waitFor();
  await page.getByTestId('chat-input').fill('Here is the walkthrough: ');
  await page.getByTestId('chat-record').click();
  await recordVideo(page, 2, 'The walkthrough, short');
  assert.match(await page.getByTestId('chat-input').inputValue(), /^Here is the walkthrough: \n?\[▶ The walkthrough, short \(0:0\d\)\]\(attachment:[0-9a-f]{64} "poster attachment:[0-9a-f]{64}"\)$/);
  await page.getByTestId('chat-input').press('Enter');
  const inChat = page.getByTestId('chat-message').last().getByTestId('video-player');
  const chatFacts = await playerFacts(inChat);
  assert.ok(chatFacts.drawn > 0, 'the chat’s video has its thumbnail');
  // Sent to Bo, the chat's other member.
  await until(async () => (await inChat.getByTestId('video-seen-by').innerText()) === 'Not seen yet · 0 of 1', 'seen-by under the chat’s video', 15_000);
  await page.screenshot({ path: path.join(shots, 'video-in-chat.png') });
  assert.equal(page.errors.length, 0, page.errors.join('\n'));
});
