// The walking skeleton end to end: the built page in headless Chromium applies the example,
// shows a syntax error at its line, and keeps working afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, watchErrors, screenshot } from "./harness.mjs";

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

async function setEditor(page, text) {
  await page.evaluate((t) => {
    const view = document.querySelector(".cm-content").cmView?.view;
    if (view) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
    }
  }, text);
  // Fallback that works whatever CodeMirror's internals: select all and type.
  const current = await page.locator(".cm-content").innerText();
  if (current.trim() !== text.trim()) {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(text);
  }
}

test("applying the example lists the object the core parsed", async () => {
  const page = await chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("ready"), null, { timeout: 10000 });
  await page.click("#apply");
  await page.waitForSelector("#objects tbody tr");
  const cells = await page.locator("#objects tbody tr td").allInnerTexts();
  assert.deepEqual(cells, ["Deployment", "default", "myapp-deploy"]);
  assert.equal((await page.locator("#output").textContent()), "deployment.apps/myapp-deploy created\n");
  await screenshot(page, "skeleton-applied");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a YAML error shows its line and column, and the page keeps working", async () => {
  const page = await chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("ready"), null, { timeout: 10000 });
  const broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app:web\n    tier: front\n";
  await setEditor(page, broken);
  await page.click("#apply");
  await page.waitForSelector(".cm-lint-marker-error");
  const output = await page.locator("#output").innerText();
  assert.match(output, /error parsing STDIN: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context/);
  // The diagnostic sits on line 7 of the editor.
  await page.locator(".cm-lint-marker-error").first().hover();
  const markerLine = await page.evaluate(() => {
    const marker = document.querySelector(".cm-lint-marker-error");
    const gutterEl = marker?.closest(".cm-gutterElement");
    const all = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")];
    const top = gutterEl?.getBoundingClientRect().top;
    return all.find((el) => Math.abs(el.getBoundingClientRect().top - (top ?? -1)) < 2)?.textContent;
  });
  assert.equal(markerLine, "7");
  const tooltip = await page.locator(".cm-tooltip-lint").innerText();
  assert.match(tooltip, /line 7, column 9/);
  await screenshot(page, "skeleton-yaml-error");

  await setEditor(page, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
  await page.click("#apply");
  await page.waitForFunction(() => document.getElementById("output")?.textContent === "pod/web created\n");
  assert.equal(await page.locator(".cm-lint-marker-error").count(), 0);
  const names = await page.locator("#objects tbody tr td:nth-child(3)").allInnerTexts();
  assert.deepEqual(names, ["web"]);
  assert.deepEqual(errors, []);
  await page.close();
});
