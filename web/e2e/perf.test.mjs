// Measurements (printed as `# ...` lines by the test runner): replaying a 200-command session on
// load, and the frame rate while playing a 1,000-replica Deployment's rolling update. The
// assertions are generous floors so that a busy CI machine passes; the numbers are what to read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunch, watchErrors, screenshot, openPlayground } from "./harness.mjs";

const env = serveAndLaunch();

async function freshPage() {
  const page = await env.chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}blank`);
  await page.evaluate(() => localStorage.clear());
  await openPlayground(page, env.server.url);
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
  await page.goto(`${env.server.url}blank`);
  await page.evaluate((s) => localStorage.setItem("kubeplay.session", s), saved);
  const start = Date.now();
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  const wall = Date.now() - start;
  const ready = await page.evaluate(() => performance.getEntriesByName("kubeplay-ready")[0].startTime);
  console.log(`# 200-command session: ready ${Math.round(ready)} ms after navigation (${wall} ms wall, replay included)`);
  assert.deepEqual(await page.evaluate(() => window.kubeplay.snapshot().totals), before);
  assert.ok(ready < 5000, `ready after ${ready} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("playing a 1,000-replica Deployment's rolling update keeps the page smooth", async () => {
  const { page, errors } = await freshPage();
  // Twelve workers of 110 pods each hold the 1,000 pods and the update's surge (25%).
  const applied = await page.evaluate(() => {
    const k = window.kubeplay;
    for (let i = 4; i <= 12; i++) k.run(`sim node add worker-${i}`);
    const yaml = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: big",
      "spec:",
      "  replicas: 1000",
      "  selector:",
      "    matchLabels:",
      "      app: big",
      "  template:",
      "    metadata:",
      "      labels:",
      "        app: big",
      "    spec:",
      "      containers:",
      "      - name: c",
      "        image: nginx:1.25",
      "",
    ].join("\n");
    const t0 = performance.now();
    k.run("kubectl apply -f -", yaml);
    k.run("sim settle");
    const settled = performance.now() - t0;
    const t1 = performance.now();
    k.run("kubectl set image deployment/big c=nginx:1.26");
    return { settledMs: settled, setImageMs: performance.now() - t1, snap: k.snapshot() };
  });
  assert.equal(applied.snap.totals.ready, 1000);
  const snapMs = await page.evaluate(() => {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) window.kubeplay.takeSnapshot();
    return (performance.now() - t0) / 20;
  });
  // Play at 10x with the rollout chart showing, measuring frames and the page's work per frame.
  await page.click("#tab-rollouts");
  await page.selectOption("#speed", "10");
  const seconds = 8;
  const frames = await page.evaluate(async (s) => {
    const times = [];
    let stop = false;
    const tick = (ts) => {
      times.push(ts);
      if (!stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.querySelector("#play-button").click();
    await new Promise((r) => setTimeout(r, s * 1000));
    stop = true;
    document.querySelector("#play-button").click();
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    return {
      count: times.length,
      p50: gaps[Math.floor(gaps.length / 2)],
      p95: gaps[Math.floor(gaps.length * 0.95)],
      stats: window.kubeplay.stats(),
      rollout: window.kubeplay.snapshot().rollouts[0],
      virtualMs: window.kubeplay.snapshot().time.ms,
    };
  }, seconds);
  const fps = frames.count / seconds;
  const st = frames.stats;
  const r = frames.rollout;
  console.log(
    `# 1,000-replica Deployment: apply + settle ${Math.round(applied.settledMs)} ms, set image ${Math.round(applied.setImageMs)} ms, ` +
      `snapshot ${snapMs.toFixed(1)} ms; rolling update at 10x: ${fps.toFixed(1)} frames/s ` +
      `(frame gap median ${frames.p50.toFixed(1)} ms, 95th percentile ${frames.p95.toFixed(1)} ms), ` +
      `${(st.busyMs / st.frames).toFixed(1)} ms of work per frame (worst ${st.worstMs.toFixed(0)} ms); ` +
      `after ${seconds} s: ${r.updated} updated, ${r.available} available of ${r.desired}, ${r.revisions.length} revisions`,
  );
  assert.equal(r.revisions.length, 2);
  assert.ok(r.updated > 0, "the rollout moved");
  await screenshot(page, "17-thousand-replica-rollout");
  // The rollout completes, the control plane never runs a pod, and the chart shows both ReplicaSets.
  await page.click("#settle-button");
  const done = await page.evaluate(() => window.kubeplay.snapshot());
  assert.equal(done.rollouts[0].updated, 1000);
  assert.equal(done.rollouts[0].available, 1000);
  assert.deepEqual(done.nodes.find((n) => n.name === "control-plane").pods, []);
  assert.equal(await page.locator('[data-deployment="big"] svg.chart path').count(), 4);
  await screenshot(page, "17b-thousand-replica-rollout-done");
  assert.ok(fps > 15, `${fps} frames/s`);
  assert.deepEqual(errors, []);
  await page.close();
});
