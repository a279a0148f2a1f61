// The playground page end to end in headless Chromium: load, apply, play, the terminal, reload,
// share, diagnostics, time travel, untrusted text, languages and narrow screens. Screenshots go to
// target/e2e/.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  serveAndLaunch,
  launchBrowser,
  watchErrors,
  watchCsp,
  screenshot,
  openPlayground,
  snapshot,
  podsByNode,
  setEditor,
  typeCommand,
  terminalText,
} from "./harness.mjs";

const env = serveAndLaunch();

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: web-2
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: web-3
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`;

function pod(name, image = "nginx:1.27") {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: ${image}\n`;
}

/** A fresh page on a fresh origin state (localStorage cleared). */
async function freshPage() {
  const page = await env.chrome.newPage();
  await watchCsp(page);
  const errors = watchErrors(page);
  // A page of the same origin that is not the playground (which saves itself when it is left).
  await page.goto(`${env.server.url}blank`);
  await page.evaluate(() => localStorage.clear());
  await openPlayground(page, env.server.url);
  return { page, errors };
}

async function play(page, until, timeout = 15000) {
  await page.click("#play-button");
  await page.waitForFunction(until, null, { timeout });
  await page.click("#play-button");
}

test("the page loads, becomes interactive and reports no errors or CSP violations", async () => {
  const { page, errors } = await freshPage();
  const timing = await page.evaluate(() => ({
    ready: performance.getEntriesByName("kubeplay-ready")[0]?.startTime,
    loaded: performance.getEntriesByName("kubeplay-loaded")[0]?.startTime,
  }));
  console.log(`# time to interactive: cluster view ${Math.round(timing.ready)} ms; editor, terminal and the rest of the core ${Math.round(timing.loaded)} ms`);
  assert.ok(timing.ready < 5000, `ready after ${timing.ready} ms`);
  const snap = await snapshot(page);
  assert.deepEqual(
    snap.nodes.map((n) => [n.name, n.role, n.status]),
    [
      ["control-plane", "control-plane", "Ready"],
      ["worker-1", "worker", "Ready"],
      ["worker-2", "worker", "Ready"],
      ["worker-3", "worker", "Ready"],
    ],
  );
  assert.equal(await page.locator(".nodes .node").count(), 4);
  assert.match(await page.locator("#status").innerText(), /^ready · kubeplay /);
  await screenshot(page, "01-load");
  assert.deepEqual(errors, []);
  await page.close();
});

test("applying the default example creates the article's Deployment", async () => {
  const { page, errors } = await freshPage();
  await page.click("#apply-button");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("deployment.apps/myapp-deploy created"));
  const snap = await snapshot(page);
  assert.deepEqual(
    snap.rollouts.map((r) => [r.name, r.desired, r.images]),
    [["myapp-deploy", 2, ["ikubernetes/myapp:v1"]]],
  );
  await page.waitForSelector('#panel-rollouts [data-deployment="myapp-deploy"]');
  await page.click("#tab-workloads");
  assert.match(await page.locator("#panel-workloads").innerText(), /myapp-deploy/);
  await screenshot(page, "02-default-example-applied");
  assert.deepEqual(errors, []);
  await page.close();
});

test("while playing, pods appear on the workers and never on the control plane", async () => {
  const { page, errors } = await freshPage();
  await setEditor(page, PODS);
  await page.click("#apply-button");
  await play(page, () => window.kubeplay.snapshot().totals.ready === 3);
  const placed = await podsByNode(page);
  assert.deepEqual(placed["control-plane"], []);
  assert.deepEqual(placed["(unscheduled)"], []);
  const onWorkers = Object.entries(placed)
    .filter(([n]) => n.startsWith("worker-"))
    .flatMap(([, pods]) => pods)
    .sort();
  assert.deepEqual(onWorkers, ["web-1", "web-2", "web-3"]);
  // The chips are on the worker cards, and the control plane card has none.
  assert.equal(await page.locator('.node[aria-label="control-plane"] .pod').count(), 0);
  assert.equal(await page.locator(".node .pod.ready").count(), 3);
  await screenshot(page, "03-pods-on-workers");
  await page.click("#tab-events");
  await page.waitForFunction(() => document.querySelector("#events-list")?.textContent?.includes("Started"));
  await page.locator("#events-list button.link").first().click();
  assert.match(await page.locator("#events-filter").inputValue(), /^pod\/web-\d$/);
  await screenshot(page, "03b-events-filtered");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the default example's Deployment rolls out its pods", async () => {
  const { page, errors } = await freshPage();
  await page.click("#apply-button");
  await page.click("#settle-button");
  const snap = await snapshot(page);
  assert.equal(snap.replicaSets.length, 1);
  await play(page, () => window.kubeplay.snapshot().totals.ready >= 2);
  const placed = await podsByNode(page);
  assert.deepEqual(placed["control-plane"], []);
  await screenshot(page, "04-default-example-rolled-out");
  assert.deepEqual(errors, []);
  await page.close();
});

/** The rollout chart's lines for a Deployment: each path's ReplicaSet and field, and its shape. */
function chartPaths(page, deployment) {
  return page.evaluate(
    (d) =>
      [...document.querySelectorAll(`[data-deployment="${d}"] svg.chart path`)].map((p) => [
        p.querySelector("title")?.textContent,
        p.getAttribute("d"),
      ]),
    deployment,
  );
}

test("kubectl set image typed in the terminal grows the rollout history and its chart by a revision", async () => {
  const { page, errors } = await freshPage();
  await page.click("#apply-button");
  await page.click("#settle-button");
  await page.click("#tab-rollouts");
  assert.equal(await page.locator('[data-deployment="myapp-deploy"] .revisions tbody tr').count(), 1);
  // One ReplicaSet: its replicas and its available pods.
  assert.equal((await chartPaths(page, "myapp-deploy")).length, 2);
  await typeCommand(page, "kubectl set image deployment/myapp-deploy myapp=ikubernetes/myapp:v2");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("deployment.apps/myapp-deploy image updated"));
  // The command is longer than the terminal is wide: it wraps, and shows once.
  const typed = (await terminalText(page)).split("\n").filter((l) => l.includes("kubectl set image"));
  assert.deepEqual(typed, ["$ kubectl set image deployment/myapp-deploy myapp=ikubernetes/myapp:v2"]);
  await play(page, () => {
    const r = window.kubeplay.snapshot().rollouts[0];
    return r?.revisions.length === 2 && r.updated === 2 && r.available === 2;
  });
  assert.equal(await page.locator('[data-deployment="myapp-deploy"] .revisions tbody tr').count(), 2);
  const paths = await chartPaths(page, "myapp-deploy");
  assert.equal(paths.length, 4);
  // Every line moved: the new ReplicaSet's rose while the old one's fell.
  for (const [, d] of paths) assert.match(d, /V/);
  await screenshot(page, "05-set-image-revision");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the rollout chart is the same after a reload and in a shared link", async () => {
  const { page, errors } = await freshPage();
  await page.click("#apply-button");
  await play(page, () => window.kubeplay.snapshot().totals.ready === 2);
  await typeCommand(page, "kubectl set image deployment/myapp-deploy myapp=ikubernetes/myapp:v2");
  await play(page, () => window.kubeplay.snapshot().rollouts[0]?.available === 2 && window.kubeplay.snapshot().rollouts[0]?.updated === 2);
  await page.click("#tab-rollouts");
  const before = await chartPaths(page, "myapp-deploy");
  assert.equal(before.length, 4);
  await page.waitForTimeout(1200);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "true");
  assert.deepEqual(await chartPaths(page, "myapp-deploy"), before);
  await screenshot(page, "05b-chart-after-reload");

  await page.click("#share-button");
  await page.waitForSelector("#share-dialog[open]");
  const url = await page.locator("#share-url").inputValue();
  await page.keyboard.press("Escape");
  const other = await launchBrowser();
  try {
    const fresh = await other.newPage();
    const otherErrors = watchErrors(fresh);
    await openPlayground(fresh, url);
    assert.deepEqual(await chartPaths(fresh, "myapp-deploy"), before);
    await screenshot(fresh, "05c-chart-in-shared-link");
    assert.deepEqual(otherErrors, []);
  } finally {
    await other.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("sim traffic shows each revision's and each pod's share of the requests", async () => {
  const { page, errors } = await freshPage();
  await page.click("#examples-button");
  await page.locator('.example:has-text("Traffic during a rolling update") button.primary').click();
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("sent 2000 requests to service/myapp"));
  assert.equal(await page.locator("#tab-traffic").getAttribute("aria-selected"), "true");
  const panel = page.locator("#panel-traffic");
  assert.match(await panel.locator("h3").innerText(), /2000 requests through service\/myapp/);
  // Both ReplicaSets served part of the requests during the update; the shares add up.
  const owners = await panel.locator(".traffic-owners tbody tr").allInnerTexts();
  assert.equal(owners.length, 2);
  assert.match(owners.join("\n"), /replicaset\/myapp-deploy-\w+\s+2\s+3\s+\d+\s+\d+\.\d%/);
  assert.equal(await panel.locator(".traffic-pods tbody tr").count(), 6);
  assert.equal(await panel.locator(".share-bar .share-seg").count(), 2);
  const shares = await panel.locator(".traffic-owners tbody tr td:last-child").allInnerTexts();
  const total = shares.map((x) => Number.parseFloat(x)).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 100) < 0.2, `${shares}`);
  await screenshot(page, "06b-traffic-shares");
  // The last run's picture survives a reload (it is rebuilt from the session).
  await page.waitForTimeout(1200);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "true");
  await page.click("#tab-traffic");
  assert.deepEqual(await page.locator("#panel-traffic .traffic-owners tbody tr").allInnerTexts(), owners);
  assert.deepEqual(errors, []);
  await page.close();
});

test("inspecting a pod in another namespace shows why it is where it is", async () => {
  const { page, errors } = await freshPage();
  await typeCommand(page, "kubectl create namespace shop");
  await setEditor(page, pod("cart").replace("metadata:\n", "metadata:\n  namespace: shop\n"));
  await page.click("#apply-button");
  await play(page, () => window.kubeplay.snapshot().totals.ready === 1);
  await page.locator('.pod[data-pod="cart"]').click();
  await page.waitForSelector("#panel-inspect pre.why");
  assert.match(await page.locator("#panel-inspect pre.why").innerText(), /^pod\/cart:\n.*default-scheduler: scheduled on worker-\d/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("applying a changed image adds a revision to the history and its chart", async () => {
  const { page, errors } = await freshPage();
  const v1 = await page.evaluate(() => window.kubeplay.editorText());
  await page.click("#apply-button");
  await page.click("#settle-button");
  assert.equal((await snapshot(page)).replicaSets.length, 1);
  await setEditor(page, v1.replace("ikubernetes/myapp:v1", "ikubernetes/myapp:v2"));
  await page.click("#apply-button");
  await play(page, () => {
    const r = window.kubeplay.snapshot().rollouts[0];
    return r?.revisions.length === 2 && r.available === r.desired;
  });
  await page.click("#tab-rollouts");
  assert.equal(await page.locator('[data-deployment="myapp-deploy"] .revisions tbody tr').count(), 2);
  assert.ok((await page.locator('[data-deployment="myapp-deploy"] svg.chart path').count()) >= 4);
  await screenshot(page, "06-rollout-chart");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the terminal completes, runs commands, watches while time runs and stops on Ctrl-C", async () => {
  const { page, errors } = await freshPage();
  await page.locator("#terminal .xterm").click();
  await page.keyboard.type("kubectl ge");
  await page.keyboard.press("Tab");
  await page.keyboard.type("nod");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  // "nod" completes to the common prefix of node and nodes.
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("$ kubectl get node\n"));
  await page.waitForFunction(() => /worker-3\s+Ready\s+<none>/.test(window.kubeplay.terminalText()));

  // A heredoc, as in a shell.
  await typeCommand(page, "kubectl apply -f - <<EOF");
  for (const line of pod("watched").trimEnd().split("\n")) {
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
  }
  await page.keyboard.type("EOF");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("pod/watched created"));

  await typeCommand(page, "kubectl get pods -w");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("(watching"));
  await play(page, () => /watched\s+1\/1\s+Running/.test(window.kubeplay.terminalText()));
  await page.locator("#terminal .xterm").click();
  await page.keyboard.press("Control+C");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("^C"));
  // History: the last command comes back with the up arrow.
  await page.keyboard.press("ArrowUp");
  await page.waitForFunction(() => window.kubeplay.terminalText().trimEnd().endsWith("$ kubectl get pods -w"));
  const text = await terminalText(page);
  assert.match(text, /watched\s+0\/1\s+ContainerCreating/);
  assert.match(text, /watched\s+1\/1\s+Running/);
  // A row is printed when the pod changes, not each time it ages a second.
  assert.equal(text.match(/watched\s+0\/1\s+ContainerCreating/g).length, 1);
  await screenshot(page, "07-terminal-watch");
  assert.deepEqual(errors, []);
  await page.close();
});

test("kubectl edit opens the object in the editor and Apply replaces it", async () => {
  const { page, errors } = await freshPage();
  await page.click("#apply-button");
  await typeCommand(page, "kubectl edit deployment/myapp-deploy");
  await page.waitForSelector("#edit-banner:not([hidden])");
  const text = await page.evaluate(() => window.kubeplay.editorText());
  assert.match(text, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  await setEditor(page, text.replace("replicas: 2", "replicas: 3"));
  await page.click("#apply-button");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("deployment.apps/myapp-deploy replaced"));
  assert.equal((await snapshot(page)).rollouts[0].desired, 3);
  assert.equal(await page.locator("#edit-banner").isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a reload keeps the cluster, its time and the editor's text", async () => {
  const { page, errors } = await freshPage();
  await setEditor(page, PODS);
  await page.click("#apply-button");
  await play(page, () => window.kubeplay.snapshot().totals.ready === 3);
  await typeCommand(page, "sim run 30s");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("ran 30s"));
  const before = await podsByNode(page);
  const time = (await snapshot(page)).time.ms;
  await page.waitForTimeout(1200);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "true");
  assert.deepEqual(await podsByNode(page), before);
  assert.equal((await snapshot(page)).time.ms, time);
  assert.equal(await page.evaluate(() => window.kubeplay.editorText()), PODS);
  await screenshot(page, "08-after-reload");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a damaged saved state is discarded with a message and the page starts fresh", async () => {
  const page = await env.chrome.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}blank`);
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem("kubeplay.session", '{"version":1,"seed":1,"log":[{"at":5,"op":');
  });
  await openPlayground(page, env.server.url);
  assert.match(await page.locator("#status").innerText(), /could not be restored: the saved session is damaged/);
  assert.equal((await snapshot(page)).nodes.length, 4);
  await page.click("#apply-button");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("myapp-deploy created"));
  await page.goto(`${env.server.url}blank`);
  await page.evaluate(() => localStorage.setItem("kubeplay.session", '{"version":99,"seed":1,"log":[]}'));
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.body.dataset.loaded === "true");
  assert.match(await page.locator("#status").innerText(), /format version 99; this kubeplay reads version 1/);
  await screenshot(page, "09-damaged-state");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a share URL opened in a fresh browser shows the same cluster", async () => {
  const { page, errors } = await freshPage();
  await setEditor(page, PODS);
  await page.click("#apply-button");
  await typeCommand(page, "sim run 20s");
  await typeCommand(page, "sim node fail worker-2");
  await typeCommand(page, "sim run 1m");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("ran 1m"));
  const before = await snapshot(page);
  await page.click("#share-button");
  await page.waitForSelector("#share-dialog[open]");
  const url = await page.locator("#share-url").inputValue();
  assert.match(url, /#s=z\./);
  await page.keyboard.press("Escape");

  const other = await launchBrowser();
  try {
    const fresh = await other.newPage();
    const otherErrors = watchErrors(fresh);
    await openPlayground(fresh, url);
    const after = await snapshot(fresh);
    assert.equal(after.time.ms, before.time.ms);
    assert.deepEqual(
      after.nodes.map((n) => [n.name, n.status, n.pods.map((p) => [p.name, p.status])]),
      before.nodes.map((n) => [n.name, n.status, n.pods.map((p) => [p.name, p.status])]),
    );
    assert.equal(await fresh.evaluate(() => window.kubeplay.editorText()), PODS);
    assert.match(await fresh.locator("#status").innerText(), /Opened a shared cluster/);
    assert.equal(new URL(fresh.url()).hash, "");
    await screenshot(fresh, "10-shared-in-fresh-browser");
    assert.deepEqual(otherErrors, []);
  } finally {
    await other.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("a broken manifest shows its diagnostic inline at its line, with the hint", async () => {
  const { page, errors } = await freshPage();
  await page.click("#examples-button");
  await screenshot(page, "11a-examples");
  await page.locator('.example:has-text("Deployment, as written") button:not(.primary)').click();
  await page.click("#apply-button");
  await page.waitForSelector(".cm-lint-marker-error");
  const markerLine = await page.evaluate(() => {
    const marker = document.querySelector(".cm-lint-marker-error");
    const top = marker?.closest(".cm-gutterElement")?.getBoundingClientRect().top ?? -1;
    const all = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")];
    return all.find((el) => Math.abs(el.getBoundingClientRect().top - top) < 2)?.textContent;
  });
  assert.equal(markerLine, "11");
  const problem = await page.locator("#problems li").first().innerText();
  assert.match(problem, /^11:\d+ error parsing STDIN: error converting YAML to JSON: yaml: line 11: mapping values are not allowed in this context/);
  assert.match(problem, /hint: line 10: "app:myapp" has no space after the colon/);
  assert.match(await terminalText(page), /error: error parsing STDIN: error converting YAML to JSON: yaml: line 11/);
  await page.locator(".cm-lint-marker-error").first().hover();
  await page.waitForSelector(".cm-tooltip-lint");
  await screenshot(page, "11-broken-manifest");
  // The corrected manifest applies and clears the diagnostic.
  await page.click("#examples-button");
  await page.locator('.example:has-text("Deployment, corrected") button:not(.primary)').click();
  await page.click("#apply-button");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("deployment.apps/myapp-deploy created"));
  assert.equal(await page.locator(".cm-lint-marker-error").count(), 0);
  assert.equal(await page.locator("#problems li").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("time travel goes back to the earlier pods and forward again to the later ones", async () => {
  const { page, errors } = await freshPage();
  await setEditor(page, pod("early"));
  await page.click("#apply-button");
  await typeCommand(page, "sim run 20s");
  await setEditor(page, pod("late"));
  await page.click("#apply-button");
  await typeCommand(page, "sim run 20s");
  await page.waitForFunction(() => window.kubeplay.snapshot().time.ms === 40000);
  const names = async () => Object.values(await podsByNode(page)).flat().sort();
  assert.deepEqual(await names(), ["early", "late"]);

  const slider = page.locator("#timeline");
  await slider.evaluate((el) => {
    el.value = "10000";
    el.dispatchEvent(new Event("change"));
  });
  await page.waitForFunction(() => window.kubeplay.snapshot().time.ms === 10000);
  assert.deepEqual(await names(), ["early"]);
  assert.equal(await page.locator("#rewound").isVisible(), true);
  // The later inputs stay marked on the timeline, to travel forward to.
  assert.equal(await page.locator("#timeline-marks .mark").count(), 4);
  await screenshot(page, "12-time-travel-back");

  await slider.evaluate((el) => {
    el.value = "40000";
    el.dispatchEvent(new Event("change"));
  });
  await page.waitForFunction(() => window.kubeplay.snapshot().time.ms === 40000);
  assert.deepEqual(await names(), ["early", "late"]);
  assert.equal(await page.locator("#rewound").isVisible(), false);

  // Back again, then acting there drops the later history.
  await slider.evaluate((el) => {
    el.value = "10000";
    el.dispatchEvent(new Event("change"));
  });
  await page.waitForFunction(() => window.kubeplay.snapshot().time.ms === 10000);
  await typeCommand(page, "sim run 5s");
  await page.waitForFunction(() => window.kubeplay.snapshot().time.ms === 15000);
  assert.equal(await slider.getAttribute("max"), "15000");
  assert.deepEqual(await names(), ["early"]);
  await screenshot(page, "13-time-travel-continued");
  assert.deepEqual(errors, []);
  await page.close();
});

test("markup in labels and annotations shows as text and runs nothing", async () => {
  const { page, errors } = await freshPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const markup = "<img src=x onerror=alert(1)>";
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: notes
  annotations:
    note: "${markup}"
spec:
  containers:
  - name: c
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: labelled
  labels:
    app: "${markup}"
spec:
  containers:
  - name: c
    image: nginx
`;
  await setEditor(page, manifest);
  await page.click("#apply-button");
  await page.waitForFunction(() => window.kubeplay.terminalText().includes("pod/notes created"));
  // The label is refused by validation, and its value is printed as text.
  assert.match(await terminalText(page), /metadata\.labels: Invalid value: "<img src=x onerror=alert\(1\)>"/);
  await page.locator('.pod[data-pod="notes"]').click();
  await page.waitForSelector("#panel-inspect pre.yaml");
  assert.match(await page.locator("#panel-inspect pre.yaml").innerText(), /note: <img src=x onerror=alert\(1\)>/);
  await setEditor(page, `${manifest}\n# ${markup}\n`);
  await page.click("#tab-events");
  await page.fill("#events-filter", markup);
  await page.click("#tab-inspect");
  assert.equal(await page.locator("img").count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  await screenshot(page, "14-markup-as-text");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page is readable on a 390-pixel-wide phone and in Chinese", async () => {
  const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  try {
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await openPlayground(page, `${env.server.url}?lang=zh`);
    assert.equal(await page.locator("#apply-button span").innerText(), "应用");
    await setEditor(page, PODS);
    await page.click("#apply-button");
    await page.click("#settle-button");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await screenshot(page, "15-phone-zh");
    await page.click("#lang-button");
    assert.equal(await page.locator("#apply-button span").innerText(), "Apply");
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }
});

test("the page's layout does not move while time runs", async () => {
  const { page, errors } = await freshPage();
  await setEditor(page, PODS);
  await page.click("#apply-button");
  const boxes = () =>
    page.evaluate(() =>
      ["#editor-pane", "#cluster-pane", "#terminal-pane", "#side-pane", "#time-bar"].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return [s, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
      }),
    );
  const first = await boxes();
  await play(page, () => window.kubeplay.snapshot().time.ms > 20000);
  assert.deepEqual(await boxes(), first);
  assert.deepEqual(errors, []);
  await page.close();
});
