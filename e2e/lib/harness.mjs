// Starts the dev build of Longhand (the real Go services, serving the built
// frontend and the Wails bridge on 127.0.0.1) and headless Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const root = process.env.LONGHAND_ROOT ?? path.resolve(import.meta.dirname, '../..');
const devBin = process.env.LONGHAND_DEV_BIN ?? path.join(root, 'build/bin/longhand-dev');

// The test each data folder was made for: an app started on it prints its
// log when that test fails, so a failure in CI can be read, not guessed at.
const testOf = new Map();

export function tempDataDir(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'longhand-e2e-'));
  testOf.set(dir, t);
  t.after(() => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Hooks run in the order they were added, so the app of a test that
      // made its folder first is still running, and writing, here: the
      // folder goes when the test process ends, after every app stopped.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
  });
  return dir;
}

/** freePort is a TCP port on 127.0.0.1 that nothing listens on. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts the backend on dataDir under its own Xvfb and D-Bus session.
 * opts.actAs names a member for the dev build to act as (LONGHAND_ACT_AS),
 * to play another person's side on the same data folder. opts.syncListen
 * is where it listens for other devices (default: a free loopback port).
 * opts.args are more flags for the dev build (such as --seed-pages N);
 * opts.env more environment (such as LONGHAND_OPENER).
 */
export async function startApp(dataDir, opts = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const proc = spawn(
    'dbus-run-session',
    // Wails reads its own flags first and stops at the first it does not
    // know, so they come before --data-dir.
    ['--', 'xvfb-run', '-a', '-s', '-screen 0 1280x860x24 -nolisten tcp',
      devBin, '-devserver', `127.0.0.1:${port}`, '-assetdir', path.join(root, 'frontend/dist'),
      '-loglevel', 'Warning', '--data-dir', dataDir, '--sync-listen', opts.syncListen ?? '127.0.0.1:0', ...(opts.args ?? [])],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WEBKIT_DISABLE_DMABUF_RENDERER: '1', GDK_BACKEND: 'x11', LONGHAND_ACT_AS: opts.actAs ?? '', ...(opts.env ?? {}) } },
  );
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  let exited = null;
  proc.on('exit', (code, sig) => { exited = { code, sig }; });
  testOf.get(dataDir)?.after(function printLogOnFailure() {
    const t = testOf.get(dataDir);
    if (t.passed) return;
    const lines = log.trimEnd().split('\n');
    console.log(`--- the last ${Math.min(lines.length, 200)} lines of Longhand's log on ${dataDir}:\n${lines.slice(-200).join('\n')}`);
  });

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`Longhand exited (${JSON.stringify(exited)}):\n${log}`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`Longhand did not serve ${url} in 90 s:\n${log}`);
    await sleep(250);
  }
  return {
    url,
    log: () => log,
    /** kill ends the app at once, as a crash or a power cut would. */
    async kill() {
      if (exited) return;
      const gone = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid, 'SIGKILL');
      await gone;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid, 'SIGTERM');
      const timer = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** launchBrowser starts headless Chromium; args are more command-line flags for it. */
export async function launchBrowser(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
}

/** Opens the app in a new page and waits for its first screen. */
export async function openUI(browser, app, opts = {}) {
  const { foldEmptySpaces = false, ...contextOpts } = opts;
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ...contextOpts });
  // Spaces with no pages fold into one row of the sidebar; the tests of
  // other things find every space without unfolding it first.
  if (!foldEmptySpaces) await context.addInitScript(() => localStorage.setItem('longhand.emptySpaces', 'open'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => {
    // The dev build's own ipc.js mounts a "reconnecting" overlay with the
    // Svelte 4 class API, which Svelte 5 (its bundled copy) rejects on
    // every load. It is Wails' dev-only code, not ours, and absent from
    // the production binary. The same ipc.js also hands an event that
    // arrives over its websocket before the page's runtime.js has loaded
    // to window.wails, which is not there yet (reading 'EventsNotify'):
    // more events come now that sync reports its status, and the
    // production binary delivers events through the webview, not this
    // socket. Every other error fails the test.
    if (/reading '(nodes|EventsNotify)'/.test(e.message) && /\/wails\/ipc\.js/.test(e.stack ?? '')) return;
    errors.push(e);
  });
  await page.goto(app.url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
  page.errors = errors;
  return page;
}

/** Completes first-run setup. */
export async function setup(page, name = 'Ada Lovelace') {
  await page.getByTestId('setup-name').fill(name);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('new-page').waitFor();
}

/** Calls a bound Go method through the page's Wails bridge. */
export async function call(page, service, method, ...args) {
  return page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args]);
}

/** Waits until the backend holds a page whose body contains text. */
export async function waitForBody(page, id, text, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const p = await call(page, 'Pages', 'Open', id);
    if (p.body.includes(text)) return p;
    if (Date.now() > deadline) throw new Error(`page ${id} body is ${JSON.stringify(p.body)}, want it to contain ${JSON.stringify(text)}`);
    await sleep(100);
  }
}

/**
 * as24 writes every clock time in text on the 24-hour clock ("2:05 PM" →
 * "14:05"), so that a test can say what time it expects whichever 12/24-hour
 * format the profile's regional format picks.
 */
export function as24(text) {
  return text.replace(/(?<![\d:])(\d{1,2}):(\d{2})\s?([ap])\.?\s?m\.?/gi, (_, h, m, ap) => {
    let hour = Number(h) % 12;
    if (ap.toLowerCase() === 'p') hour += 12;
    return `${String(hour).padStart(2, '0')}:${m}`;
  });
}

/**
 * until polls f until it returns something truthy, and returns that; it
 * fails after timeout ms, naming what it waited for.
 */
export async function until(f, what, timeout = 10_000, every = 100) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`waited ${timeout / 1000} s for ${what}`);
    await sleep(every);
  }
}

/** ours drops errors thrown inside the dev build's Wails bridge script, which is not the app's. */
export const ours = (errors) => errors.filter((e) => !/\/wails\/ipc\.js/.test(e.stack ?? ''));

/**
 * joinDevice sets up the app on page as a second device of the workspace
 * of the app on inviter (listening at address), by invitation code, and
 * waits for the workspace to open there: as a member, or with role and
 * spaces as the invitation says.
 */
export async function joinDevice(inviter, page, name, address, { role = 'member', spaces = [] } = {}) {
  const { code } = await call(inviter, 'Devices', 'CreateInvite', { role, days: 0, spaces });
  await call(page, 'Sync', 'Join', code, name, 'Europe/Stockholm', address);
  await page.reload();
  await page.getByTestId('search-button').waitFor({ timeout: 30_000 });
}

/**
 * fileLookups splits the WailsInvoke messages a spy caught into the
 * window's own lookups of files a document names (Attachments.Status and
 * .Fetch) and the rest.
 */
export function fileLookups(calls) {
  const isLookup = (c) => c.startsWith('C{"name":"app.Attachments.');
  return { lookups: calls.filter(isLookup), rest: calls.filter((c) => !isLookup(c)) };
}
