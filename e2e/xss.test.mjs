// The read view renders page bodies written by anyone. These tests render the
// XSS corpus (frontend/src/lib/markdown/xss-corpus.json, the same list the
// sanitizer's unit tests use) in the real app and check that nothing runs and
// nothing reaches Go; and that a normal page reads well.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, fileLookups, launchBrowser, openUI, setup, startApp, tempDataDir } from './lib/harness.mjs';

const shots = path.resolve(import.meta.dirname, '../build/screenshots');
mkdirSync(shots, { recursive: true });
const corpus = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../frontend/src/lib/markdown/xss-corpus.json'), 'utf8'));

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function createPage(page, title, body) {
  const p = await call(page, 'Pages', 'Create', { title, spaceId: '', parentId: '', from: '' });
  const e = await call(page, 'Pages', 'Edit', p.id, 'e2e', p.rev, [{ pos: 0, del: 0, ins: body }]);
  return { ...p, rev: e.rev };
}

async function openPage(page, title) {
  await page.getByTestId('page-item').filter({ hasText: title }).first().click();
}

/**
 * Wraps window.WailsInvoke, the Wails runtime's single way into Go (bound
 * calls are "C…", events "EE…", BrowserOpenURL "BO:<url>"). While the spy is
 * on, every message is recorded, and BrowserOpenURL is not passed on: a test
 * must not start a browser or a mail client. A later reassignment of
 * WailsInvoke (the dev bridge reconnecting) is wrapped too.
 */
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
    Object.defineProperty(window, 'WailsInvoke', {
      configurable: true,
      get: () => current,
      set: (fn) => { current = wrap(fn); },
    });
  });
}
const spyOn = (page, on) => page.evaluate((v) => { window.__invokeSpy.on = v; }, on);
const spyCalls = (page) => page.evaluate(() => window.__invokeSpy.calls.slice());

/** Hovers and clicks el; elements with no box (an empty <a>) get the events dispatched. */
async function poke(el) {
  if (await el.isVisible()) {
    await el.scrollIntoViewIfNeeded();
    await el.hover({ force: true });
    await el.click({ force: true, timeout: 5_000 });
  } else {
    await el.dispatchEvent('mouseover');
    await el.dispatchEvent('click');
  }
}

test('the XSS corpus renders inert: no script, no dialog, no call into Go', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  await setup(page, 'Mallory');

  // Known-good links first: they must reach the system browser (and only they).
  const header = '# XSS corpus\n\n[a https link](https://example.com/docs?q=1) · [an http link](http://example.org/) · '
    + '[mail us](mailto:security@example.com) · [jump to the end](#the-end) · [a relative link](other-page.md)\n\n';
  const body = header + corpus.map((c) => c.payload).join('\n\n') + '\n\n## The end\n';
  const corpusPage = await createPage(page, 'XSS corpus', body);
  await installSpy(page);

  // Load the page in the editor; the spy starts once its text is on screen,
  // so loading it (a bound call) is not counted, rendering and clicking are.
  await openPage(page, 'XSS corpus');
  await page.locator('.cm-content').filter({ hasText: 'a https link' }).waitFor();
  const url = page.url();
  await spyOn(page, true);
  await page.keyboard.press('Control+e');
  const view = page.getByTestId('read-view');
  await view.waitFor();
  await view.locator('#user-content-the-end').waitFor();
  await sleep(300);

  // An anchor scrolls within the page.
  await view.getByRole('link', { name: 'jump to the end' }).click();
  await page.waitForFunction(() => {
    const h = document.getElementById('user-content-the-end');
    const r = h?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= window.innerHeight;
  }, null, { timeout: 5_000 });

  // Hover and click every link, image and checkbox in the rendered page.
  const clicked = [];
  const links = await view.locator('a').all();
  for (const a of links) {
    clicked.push(await a.getAttribute('href'));
    await poke(a);
  }
  const images = await view.locator('img').all();
  for (const img of images) await poke(img);
  const boxes = await view.locator('input').all();
  for (const box of boxes) await poke(box);
  await sleep(500);
  await spyOn(page, false);

  // The page screen refreshes its own side data (backlinks, threads, and
  // the page's sync status while its edits are saved); those read-only
  // calls name this page and
  // come from the app, not from the document, so they are set aside. Any
  // other call fails the test.
  const ownRefresh = new RegExp(`^C\\{"name":"app\\.(Pages\\.Backlinks|Comments\\.List|Pages\\.Versions|Sync\\.PageStatus)","args":\\["${corpusPage.id}"\\]`);
  const calls = (await spyCalls(page)).filter((c) => !ownRefresh.test(c));
  const expected = clicked.filter((h) => h && /^(https?:\/\/|mailto:)/i.test(h)).map((h) => `BO:${h}`);
  assert.ok(links.length >= 8, `only ${links.length} links rendered`);
  assert.ok(expected.length >= 3, `only ${expected.length} external links to click: ${JSON.stringify(clicked)}`);
  assert.ok(expected.includes('BO:https://example.com/docs?q=1') && expected.includes('BO:mailto:security@example.com'));
  // The view itself asks Go whether a file the document names is here
  // (and for it when not): by a 64-hex-digit hash and nothing else.
  const { lookups, rest } = fileLookups(calls);
  assert.ok(lookups.every((c) => /^C\{"name":"app\.Attachments\.(Status|Fetch)","args":\["[0-9a-f]{64}"\],"callbackID":"[\w.-]+"\}$/.test(c)), lookups.join('\n'));
  assert.deepEqual(rest, expected, `WailsInvoke messages while the corpus was shown:\n${calls.join('\n')}`);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);

  // Nothing navigated, nothing executed, and the bridge is as it was.
  assert.equal(page.url(), url);
  const state = await page.evaluate(() => ({
    ready: document.body.dataset.ready,
    scripts: document.querySelectorAll('[data-testid="read-view"] script, [data-testid="read-view"] iframe, [data-testid="read-view"] object, [data-testid="read-view"] embed, [data-testid="read-view"] form, [data-testid="read-view"] style').length,
    handlers: [...document.querySelectorAll('[data-testid="read-view"] *')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => /^on|^style$/i.test(n)),
    bridge: typeof window.go?.app?.Pages?.Open === 'function' && typeof window.runtime?.BrowserOpenURL === 'function',
  }));
  assert.deepEqual(state, { ready: 'main', scripts: 0, handlers: [], bridge: true });
  await page.screenshot({ path: path.join(shots, 'e2e-read-xss.png') });
});

const handbook = `Every change to production goes through a short written review. This page says what that review is for, who joins it, and how to run one in under thirty minutes.

> Write it down before you build it. A page that takes an hour to write saves a week of meetings.

## When to ask for a review

- A change that touches **billing**, **auth** or customer data
- A new service, queue or database table
- Anything you would have to explain in an incident review
  - including \`cron\` jobs and one-off migrations

## Checklist

- [x] Problem and goal in two sentences
- [x] Options considered, with the one we pick
- [ ] Rollout and rollback plan
- [ ] ~~Load test~~ Not needed below 100 req/s

## Who decides

| Change | Reviewers | Decides | Turnaround |
|:-------|:----------|:-------:|-----------:|
| Schema migration | 2 backend | Tech lead | 1 day |
| New dependency | 1 any | Author | same day |
| Public API | 2 + product | Product lead | 2 days |
| Infrastructure | 1 SRE | SRE on call | 1 day |

### Running the check

Run the suite before you ask; reviewers read the result, not the code:

\`\`\`sh
make test
go test -race ./store/... -run TestMigrations
\`\`\`

See the [incident handbook](https://example.com/handbook) or write to [reviews@example.com](mailto:reviews@example.com). Back to [when to ask](#when-to-ask-for-a-review).

---

1. Draft the page
2. Share it in **#reviews**
3. Decide, and link the decision here
`;

test('a page reads well, follows edits, and the mode is kept across pages', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  await setup(page, 'Ada Lovelace');
  const review = await createPage(page, 'Design reviews', handbook);
  await createPage(page, 'Second page', 'Plain **text**.');

  await openPage(page, 'Design reviews');
  await page.locator('.cm-content').filter({ hasText: 'Who decides' }).waitFor();
  await page.getByTestId('mode-read').click();
  const view = page.getByTestId('read-view');
  await view.waitFor();
  assert.equal(await page.getByTestId('read-title').innerText(), 'Design reviews');
  assert.equal(await view.locator('h2').count(), 3);
  assert.equal(await view.locator('table tbody tr').count(), 4);
  assert.deepEqual(await view.locator('input[type=checkbox]').evaluateAll((els) => els.map((e) => [e.checked, e.disabled])),
    [[true, true], [true, true], [false, true], [false, true]]);
  assert.equal(await view.locator('pre code.language-sh').count(), 1);
  assert.equal(await view.locator('s').innerText(), 'Load test');
  assert.equal(await page.locator('.cm-editor').isVisible(), false, 'the editor is hidden in Read mode');

  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.screenshot({ path: path.join(shots, 'e2e-read-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'e2e-read-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 820 });

  // An edit from elsewhere shows up in the read view.
  await call(page, 'Pages', 'Edit', review.id, 'elsewhere', review.rev, [{ pos: 0, del: 0, ins: '**Updated by a peer.** ' }]);
  await view.locator('strong', { hasText: 'Updated by a peer.' }).waitFor();

  // Read mode is one choice for the session, not per page; Ctrl+E goes back.
  await openPage(page, 'Second page');
  await page.getByTestId('read-view').locator('strong', { hasText: 'text' }).waitFor();
  await page.keyboard.press('Control+e');
  await page.locator('.cm-content').filter({ hasText: 'Plain **text**.' }).waitFor();
  assert.equal(await page.getByTestId('read-view').count(), 0);
  await page.keyboard.type('More. ');
  await page.keyboard.press('Control+e');
  await page.getByTestId('read-view').filter({ hasText: 'More. Plain text.' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('the page connects only to its own origin: the dev bridge works, a WebSocket elsewhere is refused', async (t) => {
  const app = await startApp(tempDataDir(t));
  t.after(() => app.stop());
  const page = await openUI(browser, app);
  // Setup goes through the dev build's bridge, a WebSocket to the page's origin.
  await setup(page, 'Mallory');
  const refused = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${new URL(e.blockedURI).host}`));
    for (const url of ['ws://127.0.0.1:9/x', 'wss://relay.example.com/v1']) {
      try { new WebSocket(url); } catch { /* refused at once, as some versions do */ }
    }
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    return seen.sort();
  });
  assert.deepEqual(refused, ['connect-src 127.0.0.1:9', 'connect-src relay.example.com']);
  const p = await call(page, 'Pages', 'Create', { title: 'Still talking to Go', spaceId: '', parentId: '', from: '' });
  assert.ok(p.id, 'a bound call after the refusals');
  assert.deepEqual(page.errors, []);
});
