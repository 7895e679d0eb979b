import { writeFileSync } from 'node:fs';
import { launchBrowser, openUI, setup, startApp } from './lib/harness.mjs';
const dir = '/tmp/prof/data' + Date.now();
const t = { after() {} };
const app = await startApp(dir, {});
const browser = await launchBrowser();
const page = await openUI(browser, app);
await setup(page, 'Ada Lovelace');
for (let i = 0; i < 3; i++) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink', 'disabled-by-default-devtools.timeline'] });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === 'main');
  const timing = await page.evaluate(() => ({ nodes: document.getElementsByTagName('*').length, t: performance.now() }));
  const buf = await browser.stopTracing();
  const trace = JSON.parse(buf.toString());
  const ev = trace.traceEvents;
  // main thread of renderer: the thread with most 'RunTask'
  const byTid = new Map();
  for (const e of ev) if (e.name === 'RunTask') byTid.set(e.tid, (byTid.get(e.tid) ?? 0) + (e.dur ?? 0));
  const tid = [...byTid.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const sums = new Map();
  for (const e of ev) {
    if (e.tid !== tid || e.ph !== 'X' || !e.dur) continue;
    sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur);
  }
  const top = [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([n, d]) => `${n}=${(d / 1000).toFixed(0)}ms`);
  console.log(JSON.stringify(timing), top.join(' '));
  writeFileSync(`/tmp/prof/trace${i}.json`, buf);
}
await browser.close();
await app.stop();
process.exit(0);
