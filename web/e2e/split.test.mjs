// The core in two parts (scripts/split-wasm.mjs): the page is interactive on the first part, within
// the transfer goal, and the rest follows; a command that needs the rest before it arrived fetches
// it at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { serveAndLaunch, watchErrors, screenshot, distDir, snapshot, typeCommand, terminalText } from "./harness.mjs";

const env = serveAndLaunch();

const REST = /\/assets\/kubeplay_wasm_rest-[^/]*\.wasm$/;

/**
 * A fresh page whose first request for the rest of the core is held until `release()`; later
 * requests for it (the synchronous fetch) go through. `requests` counts them all.
 */
async function pageWithRestHeld() {
  const page = await env.chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}blank`);
  await page.evaluate(() => localStorage.clear());
  let release;
  const held = new Promise((r) => (release = r));
  const seen = { requests: 0 };
  await page.route(REST, async (route) => {
    seen.requests++;
    if (seen.requests === 1) await held;
    await route.continue();
  });
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  return { page, errors, seen, release };
}

/** gzip -9 of a file the page fetched, by its URL. */
function gzipped(url) {
  const file = path.join(distDir, decodeURIComponent(new URL(url).pathname));
  return zlib.gzipSync(fs.readFileSync(fs.statSync(file).isDirectory() ? path.join(file, "index.html") : file), { level: 9 }).length;
}

test("the page is interactive on the core's first part, within 600 KB gzipped, and the rest follows", async () => {
  const { page, errors, seen, release } = await pageWithRestHeld();
  // Everything that had arrived when the page became interactive.
  const fetched = await page.evaluate(() => {
    const ready = performance.getEntriesByName("kubeplay-ready")[0].startTime;
    return [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
      .filter((e) => e.responseEnd <= ready && e.name.startsWith(location.origin))
      .map((e) => e.name);
  });
  const sizes = fetched.map((url) => [new URL(url).pathname.split("/").pop() || "index.html", gzipped(url)]);
  const total = sizes.reduce((s, [, n]) => s + n, 0);
  console.log(`# transfer before interactive: ${total} bytes gzipped (${sizes.map(([f, n]) => `${f} ${n}`).join(", ")})`);
  assert.deepEqual(
    sizes.map(([f]) => f.replace(/-[\w-]{8}\./, ".")).sort(),
    ["index.html", "kubeplay_wasm_bg.wasm", "main.css", "main.js"],
  );
  assert.ok(total < 600_000, `${total} bytes before interactive`);

  // With the rest still held back: Apply and Play run the default example on the first part.
  assert.equal(await page.evaluate(() => window.kubeplay.restLoaded()), false);
  await page.click("#apply-button");
  await page.click("#play-button");
  await page.waitForFunction(() => window.kubeplay.snapshot().totals.ready === 2, null, { timeout: 15000 });
  await page.click("#play-button");
  const snap = await snapshot(page);
  assert.deepEqual(snap.rollouts.map((r) => [r.name, r.ready]), [["myapp-deploy", 2]]);
  assert.equal(await page.evaluate(() => window.kubeplay.restLoaded()), false, "the first part called into the rest");
  assert.equal(seen.requests, 1);
  assert.notEqual(await page.evaluate(() => document.body.dataset.loaded), "true");
  await screenshot(page, "split-01-first-part");

  // The rest arrives: the editor and the terminal join, and kubectl answers.
  release();
  await page.waitForFunction(() => document.body.dataset.loaded === "true", null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.kubeplay.restLoaded()), true);
  const timing = await page.evaluate(() => ({
    ready: performance.getEntriesByName("kubeplay-ready")[0].startTime,
    rest: performance.getEntriesByName("kubeplay-rest")[0].startTime,
  }));
  assert.ok(timing.rest > timing.ready);
  await typeCommand(page, "kubectl get deployments");
  await page.waitForFunction(() => /myapp-deploy\s+2\/2/.test(window.kubeplay.terminalText()));
  assert.match(await terminalText(page), /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  assert.equal(seen.requests, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a command that needs the rest of the core before it arrived fetches it at once", async () => {
  const { page, errors, seen, release } = await pageWithRestHeld();
  assert.equal(await page.evaluate(() => window.kubeplay.restLoaded()), false);
  // kubectl create runs nothing of the first part's profile.
  await page.evaluate(() => window.kubeplay.run("kubectl create deployment web --image=nginx:1.27 --replicas=3"));
  assert.equal(seen.requests, 2);
  assert.equal(await page.evaluate(() => window.kubeplay.restLoaded()), true);
  await page.click("#settle-button");
  const snap = await snapshot(page);
  assert.deepEqual(snap.rollouts.map((r) => [r.name, r.ready]), [["web", 3]]);
  // The held fetch, arriving late, changes nothing.
  release();
  await page.waitForFunction(() => document.body.dataset.loaded === "true", null, { timeout: 15000 });
  await typeCommand(page, "kubectl get deployment web -o name");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("deployment.apps/web"));
  assert.deepEqual((await snapshot(page)).rollouts.map((r) => [r.name, r.ready]), [["web", 3]]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an example started before the rest of the core arrives waits for it instead of fetching it synchronously", async () => {
  const { page, errors, seen, release } = await pageWithRestHeld();
  await page.click("#examples-button");
  await page.click('[data-example="article-rs-fixed"]');
  await page.waitForTimeout(300);
  assert.equal(seen.requests, 1);
  const kinds = async () => (await snapshot(page)).objects.map((o) => `${o.kind}/${o.name}`);
  assert.ok(!(await kinds()).includes("ReplicaSet/myapp"));
  release();
  await page.waitForFunction(() => window.kubeplay.snapshot().objects.some((o) => o.kind === "ReplicaSet" && o.name === "myapp"));
  assert.equal(seen.requests, 1);
  await page.waitForFunction(() => document.body.dataset.loaded === "true", null, { timeout: 15000 });
  assert.deepEqual(errors, []);
  await page.close();
});
