// Shared pieces of the page tests: a static server for dist/ and a headless Chromium.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const distDir = path.join(root, "dist");
export const artifactsDir = path.join(root, "target", "e2e");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
};

/** Serves dist/ on a free localhost port. */
export async function serveDist() {
  if (!fs.existsSync(path.join(distDir, "index.html"))) {
    throw new Error("dist/index.html is missing: run `make web` first");
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/blank") {
      // A page of the same origin that is not the playground, for tests that set its storage.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    let file = path.normalize(path.join(distDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(distDir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Headless Debian Chromium with a fresh profile directory (a fresh browser context each call),
 * as CI runs it. Playwright passes the profile as --user-data-dir.
 */
export async function launchBrowser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kubeplay-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and page errors so that a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens the playground and waits until the core, the editor and the terminal are up. */
export async function openPlayground(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.loaded === "true", null, { timeout: 15000 });
}

/** The page's current snapshot (nodes with pods, totals, time...). */
export function snapshot(page) {
  return page.evaluate(() => window.kubeplay.snapshot());
}

/** Pod names per node, and the pods no node has taken. */
export async function podsByNode(page) {
  const snap = await snapshot(page);
  const out = {};
  for (const n of snap.nodes) out[n.name] = n.pods.map((p) => p.name).sort();
  out["(unscheduled)"] = snap.unscheduled.map((p) => p.name).sort();
  return out;
}

export function setEditor(page, text) {
  return page.evaluate((t) => window.kubeplay.setEditor(t), text);
}

/** Types a line into the terminal as a person would, then Enter. */
export async function typeCommand(page, line) {
  await page.locator("#terminal .xterm").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

export function terminalText(page) {
  return page.evaluate(() => window.kubeplay.terminalText());
}

/** Records CSP violations (the page's policy must never be hit). */
export function watchCsp(page) {
  return page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
}

/** Serves dist/ and launches Chromium before a test file's tests, and closes both after them. */
export function serveAndLaunch(options = {}) {
  const env = { server: null, chrome: null };
  before(async () => {
    env.server = await serveDist();
    env.chrome = await launchBrowser(options);
  });
  after(async () => {
    await env.chrome?.close();
    await env.server?.close();
  });
  return env;
}
