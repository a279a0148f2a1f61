// Measurements (printed as `# ...` lines by the test runner): replaying a 200-command session on
// load, and the frame rate while playing 1,000 pods. The assertions are generous floors so that a
// busy CI machine passes; the numbers are what to read.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, watchErrors, screenshot, openPlayground } from "./harness.mjs";

let server;
let chrome;

before(async () => {
  server = await serveDist();
  chrome = await launchBrowser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

async function freshPage() {
  const page = await chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}blank`);
  await page.evaluate(() => localStorage.clear());
  await openPlayground(page, server.url);
  return { page, errors };
}

test("a 200-command session replays quickly on load", async () => {
  const { page, errors } = await freshPage();
  const saved = await page.evaluate(() => {
    const k = window.kubeplay;
    for (let i = 0; i < 50; i++) {
      k.run("kubectl apply -f -", `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`);
      k.run("sim run 5s");
      k.run("kubectl get pods");
      k.run(i % 10 === 9 ? `kubectl delete pod p-${i - 5} --wait=false` : "sim step");
    }
    return k.save();
  });
  assert.equal(JSON.parse(saved).log.length, 200);
  const before = await page.evaluate(() => window.kubeplay.snapshot().totals);
  await page.goto(`${server.url}blank`);
  await page.evaluate((s) => localStorage.setItem("kubeplay.session", s), saved);
  const start = Date.now();
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  const wall = Date.now() - start;
  const ready = await page.evaluate(() => performance.getEntriesByName("kubeplay-ready")[0].startTime);
  console.log(`# 200-command session: ready ${Math.round(ready)} ms after navigation (${wall} ms wall, replay included)`);
  assert.deepEqual(await page.evaluate(() => window.kubeplay.snapshot().totals), before);
  assert.ok(ready < 5000, `ready after ${ready} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("playing 1,000 pods keeps the page smooth", async () => {
  const { page, errors } = await freshPage();
  const applied = await page.evaluate(() => {
    const k = window.kubeplay;
    for (let i = 4; i <= 10; i++) k.run(`sim node add worker-${i}`);
    let yaml = "";
    for (let i = 0; i < 1000; i++) {
      yaml += `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: load-${i}\n  labels:\n    app: load\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;
    }
    const t0 = performance.now();
    k.run("kubectl apply -f -", yaml);
    return { ms: performance.now() - t0, pods: k.snapshot().totals.pods };
  });
  assert.equal(applied.pods, 1000);
  const snapMs = await page.evaluate(() => {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) window.kubeplay.takeSnapshot();
    return (performance.now() - t0) / 20;
  });
  await page.selectOption("#speed", "10");
  await page.click("#play-button");
  await page.waitForTimeout(6000);
  const stats = await page.evaluate(() => window.kubeplay.stats());
  await page.click("#play-button");
  const fps = stats.frames / 6;
  console.log(
    `# 1,000 pods: apply ${Math.round(applied.ms)} ms; playing at 10x: ${fps.toFixed(1)} frames/s, ` +
      `${(stats.busyMs / stats.frames).toFixed(1)} ms of work per frame (worst ${stats.worstMs.toFixed(0)} ms); ` +
      `snapshot ${snapMs.toFixed(1)} ms`,
  );
  const snap = await page.evaluate(() => window.kubeplay.snapshot());
  assert.equal(snap.totals.ready, 1000);
  assert.deepEqual(snap.nodes.find((n) => n.name === "control-plane").pods, []);
  assert.ok(fps > 15, `${fps} frames/s`);
  await screenshot(page, "17-thousand-pods");
  assert.deepEqual(errors, []);
  await page.close();
});
