// A video message's rough transcript, made offline by pocketsphinx on the
// device that recorded it: Chromium's fake microphone says sentences that
// espeak-ng spoke (a pause between them), the check-in's video gets a
// transcript labelled as machine-made with chapters that seek, its author
// corrects it, and Ctrl+K finds the video by the corrected words and opens
// it at the moment they are said. What pocketsphinx hears is not asserted:
// it is rough (BENCHMARKS.md).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });

const said = 'The quarterly report is ready for review. <break time="3000ms"/> Next week we will plan the launch together.';

let browser;
before(async () => {
  const wav = path.join(mkdtempSync(path.join(tmpdir(), 'longhand-speech-')), 'talk.wav');
  execFileSync('espeak-ng', ['-m', '-w', wav, said]);
  browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required']);
});
after(async () => { await browser?.close(); });

test('a recorded check-in gets a rough transcript with chapters; corrected, it is found by search at the moment said', async (t) => {
  const dir = tempDataDir(t);
  const app = await startApp(dir);
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');

  await page.getByTestId('nav-goals').click();
  await page.getByTestId('goals-tab-checkins').click();
  await page.getByTestId('checkin-open').click();
  const form = page.getByTestId('checkin-form');
  await form.waitFor();
  await form.getByTestId('checkin-record').click();
  const rec = page.getByTestId('video-recorder');
  await rec.getByTestId('video-source-camera').check({ force: true });
  await rec.getByTestId('video-start').click();
  await rec.getByTestId('video-timer').waitFor({ timeout: 30_000 }); // the countdown, and the camera starting on a busy machine
  await page.waitForTimeout(10_000); // the sentences, the pause, and the second sentence
  await rec.getByTestId('video-stop').click();
  await rec.getByTestId('video-take-facts').waitFor({ timeout: 20_000 });
  await rec.getByTestId('video-summary').fill('Where the report stands');
  await rec.getByTestId('video-use').click();
  await rec.waitFor({ state: 'detached' });
  await form.getByTestId('checkin-submit').click();
  await form.waitFor({ state: 'detached' });

  // The transcript is made in the background and shown under the player,
  // labelled as the machine's.
  const player = page.getByTestId('checkin-card').first().getByTestId('video-player');
  await player.waitFor({ timeout: 15_000 });
  const transcript = player.getByTestId('video-transcript');
  await player.locator('[data-testid="video-transcript"][data-state="ready"]').waitFor({ timeout: 180_000 }).catch(async (e) => {
    throw new Error(`${e.message}\nThe transcript says: ${await transcript.innerText()}`);
  });
  assert.match(await transcript.innerText(), /Rough transcript/);
  await transcript.getByTestId('transcript-machine-label').waitFor();

  // Chapters from the pause; one seeks the video to where it starts.
  const chapters = transcript.getByTestId('video-chapter');
  assert.ok((await chapters.count()) >= 2, `chapters: ${await transcript.innerText()}`);
  const second = chapters.nth(1);
  const start = Number(await second.getAttribute('data-start'));
  await second.click();
  const at = await player.getByTestId('video-element').evaluate((v) => {
    v.pause();
    return v.currentTime * 1000;
  });
  assert.ok(Math.abs(at - start) < 1000, `the video is at ${at} ms, the chapter starts at ${start} ms`);
  await player.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'video-transcript.png') });

  // Its author corrects it.
  await transcript.getByTestId('transcript-edit').click();
  await transcript.getByTestId('transcript-editor').fill('The quarterly report is ready for review. Next week we will plan the launch together.');
  await transcript.getByTestId('transcript-save').click();
  await transcript.getByTestId('transcript-editor').waitFor({ state: 'detached' });
  assert.match(await transcript.innerText(), /corrected by the author/);

  // Ctrl+K finds the video by a corrected word and opens it where it is said.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('quarterly');
  const hit = page.locator('[data-testid="palette-result"][data-kind="video"]');
  await hit.waitFor();
  assert.match(await hit.innerText(), /Where the report stands/);
  await hit.click();
  const dialog = page.getByTestId('video-dialog');
  await dialog.waitFor();
  const src = await dialog.getByTestId('video-element').getAttribute('src');
  assert.match(src, /^\/videos\/[0-9a-f]{64}(#t=\d+\.\d)?$/);
  await page.screenshot({ path: path.join(shots, 'video-transcript-search.png') });
});
