// The embedding example: web/embed.html holds two playground iframes, each preloaded from its URL,
// each an independent cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunch, watchErrors, watchCsp, screenshot } from "./harness.mjs";

const env = serveAndLaunch({ viewport: { width: 1280, height: 1600 } });

const podNames = (frame) =>
  frame.evaluate(() => {
    const s = window.kubeplay.snapshot();
    return [...s.nodes.flatMap((n) => n.pods), ...s.unscheduled].map((p) => p.name).sort();
  });

test("the embed page shows two independent playgrounds, each preloaded from its URL", async () => {
  const page = await env.chrome.newPage();
  await watchCsp(page);
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}web/embed.html`);
  const frames = [];
  for (const id of ["first", "second"]) {
    const handle = await page.waitForSelector(`iframe#${id}`);
    const frame = await handle.contentFrame();
    await frame.waitForFunction(() => document.body.dataset.loaded === "true", null, { timeout: 15000 });
    frames.push(frame);
  }
  const [first, second] = frames;
  assert.deepEqual(await podNames(first), ["web-1", "web-2"]);
  assert.deepEqual(await podNames(second), ["once"]);
  // Embeds have no navigation but a way out, and keep nothing in storage.
  assert.equal(await first.locator("#share-button").isVisible(), false);
  assert.equal(await first.locator("#open-full").isVisible(), true);
  assert.equal(await first.evaluate(() => localStorage.getItem("kubeplay.session")), null);
  // Their preloaded commands ran in their own terminals.
  await first.waitForFunction(() => /web-1\s+1\/1\s+Running/.test(window.kubeplay.terminalText()));
  await second.waitForFunction(() => window.kubeplay.terminalText().includes("ran 10s"));
  // Time moves in one and not the other.
  const t2 = await second.evaluate(() => window.kubeplay.snapshot().time.ms);
  await first.click("#step-button");
  await first.evaluate(() => window.kubeplay.run("sim run 1m"));
  assert.equal(await second.evaluate(() => window.kubeplay.snapshot().time.ms), t2);
  await second.evaluate(() => window.kubeplay.run("sim run 30s"));
  await second.waitForFunction(() => window.kubeplay.snapshot().nodes.some((n) => n.pods.some((p) => p.status === "Completed")));
  assert.deepEqual(await podNames(first), ["web-1", "web-2"]);
  // The totals count in English: one pod, two pods.
  assert.match(await second.locator("#totals").textContent(), /^1 pod · 0 running/);
  assert.match(await first.locator("#totals").textContent(), /^2 pods · 2 running/);
  await screenshot(page, "16-embed-two-playgrounds");
  assert.deepEqual(errors, []);
  await page.close();
});
