// The page's words in English and Chinese. Kubernetes' own output (kubectl, events) stays as the
// cluster prints it; only the page's labels are translated.

export type Lang = "en" | "zh";

const en = {
  "app.tagline": "Kubernetes controller playground",
  "status.loading": "loading…",
  "status.ready": "ready",
  "status.failed": "failed to start",
  "status.restFailed": "the rest of the core did not load (tried again when needed)",
  "nav.examples": "Examples",
  "nav.share": "Share",
  "nav.reset": "Reset",
  "nav.lang": "中文",
  "nav.langLabel": "切换到中文",
  "nav.open": "Open in kubeplay",
  "time.step": "Step",
  "time.play": "Play",
  "time.pause": "Pause",
  "time.settle": "Settle",
  "time.speed": "Speed",
  "time.clock": "Virtual time",
  "time.timeline": "Timeline: drag to travel back in time",
  "time.rewound": "Viewing an earlier moment. Acting here drops what came after.",
  "time.latest": "Back to latest",
  "editor.title": "Manifest",
  "editor.apply": "Apply",
  "editor.applyHint": "Ctrl-Enter",
  "editor.loading": "loading the editor…",
  "editor.editing": "Editing {obj}. Apply runs `kubectl replace -f -` with this text.",
  "editor.cancelEdit": "Stop editing",
  "editor.problems": "Problems",
  "terminal.title": "Terminal",
  "terminal.loading": "loading the terminal…",
  "terminal.fromEditor": "the editor's text",
  "terminal.welcome":
    "kubectl and sim commands. Tab completes, ↑/↓ history, Ctrl-C stops a watch or play. Try: kubectl get pods -o wide",
  "cluster.title": "Cluster",
  "cluster.unscheduled": "Not scheduled",
  "cluster.noPods": "no pods",
  "cluster.pods": "pods",
  "cluster.cpu": "CPU",
  "cluster.memory": "memory",
  "cluster.taints": "taints",
  "cluster.legend": "Filled: ready · hollow: starting · striped: not ready · dashed: pending · faded: terminating · red: failing",
  "cluster.aggregated": "{n} pods: drawn compactly. Click a square for its pod.",
  "cluster.totals": "{pods} {pods:pod|pods} · {running} running · {pending} pending · {terminating} terminating",
  "tabs.rollouts": "Rollouts",
  "tabs.workloads": "Workloads",
  "tabs.events": "Events",
  "tabs.inspect": "Inspect",
  "tabs.traffic": "Traffic",
  "rollouts.none": "No Deployments or ReplicaSets yet. Apply one from the editor or the examples.",
  "rollouts.revision": "REVISION",
  "rollouts.replicaSet": "REPLICASET",
  "rollouts.images": "IMAGES",
  "rollouts.cause": "CHANGE-CAUSE",
  "rollouts.pods": "PODS",
  "rollouts.chart": "Replicas (solid) and available pods (dashed) per ReplicaSet over virtual time",
  "rollouts.standalone": "ReplicaSets without a Deployment",
  "workloads.none": "No workloads yet.",
  "traffic.none": "No traffic yet. Expose a Deployment and send requests: sim traffic SERVICE --rps 100 --for 10s",
  "traffic.head": "The last sim traffic: {sent} requests through service/{service} at {at}",
  "traffic.noEndpoints": "{n} refused: no ready endpoints",
  "traffic.byOwner": "Share per ReplicaSet (revision)",
  "traffic.byPod": "Share per pod",
  "traffic.chart": "Requests per ReplicaSet, as shares of all requests sent",
  "events.filter": "Filter by object",
  "events.all": "all objects",
  "events.none": "No events.",
  "inspect.none": "Click a pod to see it and why it is where it is.",
  "inspect.why": "Why",
  "inspect.yaml": "YAML",
  "inspect.edit": "Edit",
  "examples.title": "Examples",
  "examples.close": "Close",
  "examples.open": "Open in editor",
  "examples.run": "Run",
  "examples.article": "From the article “K8s无状态控制器原理介绍”",
  "examples.scenarios": "One scenario per controller",
  "share.title": "Share",
  "share.copy": "Copy",
  "share.copied": "Copied",
  "share.text": "This link rebuilds this cluster: the seed, every input and the editor's text.",
  "reset.confirm": "Start over with a fresh cluster? This cluster and its history are discarded.",
  "restore.failed": "The saved session could not be restored: {why}. Starting with a fresh cluster.",
  "restore.shared": "Opened a shared cluster.",
  "embed.failed": "The embedded scenario could not be loaded: {why}",
} as const;

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "app.tagline": "Kubernetes 控制器演练场",
  "status.loading": "加载中…",
  "status.ready": "就绪",
  "status.failed": "启动失败",
  "status.restFailed": "内核的其余部分未能加载（需要时会重试）",
  "nav.examples": "示例",
  "nav.share": "分享",
  "nav.reset": "重置",
  "nav.lang": "English",
  "nav.langLabel": "Switch to English",
  "nav.open": "在 kubeplay 中打开",
  "time.step": "单步",
  "time.play": "播放",
  "time.pause": "暂停",
  "time.settle": "直到稳定",
  "time.speed": "速度",
  "time.clock": "虚拟时间",
  "time.timeline": "时间线：拖动以回到过去",
  "time.rewound": "正在查看较早的时刻。在此处操作将丢弃之后的历史。",
  "time.latest": "回到最新",
  "editor.title": "清单",
  "editor.apply": "应用",
  "editor.applyHint": "Ctrl-Enter",
  "editor.loading": "正在加载编辑器…",
  "editor.editing": "正在编辑 {obj}。“应用”会以此文本执行 `kubectl replace -f -`。",
  "editor.cancelEdit": "结束编辑",
  "editor.problems": "问题",
  "terminal.title": "终端",
  "terminal.loading": "正在加载终端…",
  "terminal.fromEditor": "编辑器中的文本",
  "terminal.welcome": "可输入 kubectl 和 sim 命令。Tab 补全，↑/↓ 历史，Ctrl-C 停止 watch 或播放。试试：kubectl get pods -o wide",
  "cluster.title": "集群",
  "cluster.unscheduled": "未调度",
  "cluster.noPods": "没有 Pod",
  "cluster.pods": "个 Pod",
  "cluster.cpu": "CPU",
  "cluster.memory": "内存",
  "cluster.taints": "污点",
  "cluster.legend": "实心：就绪 · 空心：启动中 · 斜纹：未就绪 · 虚线：等待调度 · 淡色：终止中 · 红色：失败",
  "cluster.aggregated": "{n} 个 Pod：紧凑绘制。点击方块查看对应 Pod。",
  "cluster.totals": "{pods} 个 Pod · {running} 运行中 · {pending} 等待中 · {terminating} 终止中",
  "tabs.rollouts": "发布",
  "tabs.workloads": "工作负载",
  "tabs.events": "事件",
  "tabs.inspect": "详情",
  "tabs.traffic": "流量",
  "rollouts.none": "还没有 Deployment 或 ReplicaSet。可从编辑器或示例中应用。",
  "rollouts.revision": "版本",
  "rollouts.replicaSet": "REPLICASET",
  "rollouts.images": "镜像",
  "rollouts.cause": "变更原因",
  "rollouts.pods": "POD",
  "rollouts.chart": "各 ReplicaSet 的副本数（实线）与可用 Pod 数（虚线）随虚拟时间的变化",
  "rollouts.standalone": "不属于 Deployment 的 ReplicaSet",
  "workloads.none": "还没有工作负载。",
  "traffic.none": "还没有流量。先用 Service 暴露一个 Deployment，再发送请求：sim traffic SERVICE --rps 100 --for 10s",
  "traffic.head": "最近一次 sim traffic：在 {at} 经 service/{service} 发送 {sent} 个请求",
  "traffic.noEndpoints": "{n} 个被拒绝：没有就绪的端点",
  "traffic.byOwner": "各 ReplicaSet（版本）所占份额",
  "traffic.byPod": "各 Pod 所占份额",
  "traffic.chart": "各 ReplicaSet 收到的请求占全部请求的份额",
  "events.filter": "按对象筛选",
  "events.all": "全部对象",
  "events.none": "没有事件。",
  "inspect.none": "点击一个 Pod，查看它的内容以及它为何在那里。",
  "inspect.why": "原因",
  "inspect.yaml": "YAML",
  "inspect.edit": "编辑",
  "examples.title": "示例",
  "examples.close": "关闭",
  "examples.open": "在编辑器中打开",
  "examples.run": "运行",
  "examples.article": "来自文章《K8s无状态控制器原理介绍》",
  "examples.scenarios": "每个控制器一个场景",
  "share.title": "分享",
  "share.copy": "复制",
  "share.copied": "已复制",
  "share.text": "此链接可重建这个集群：种子、所有输入以及编辑器中的文本。",
  "reset.confirm": "用一个全新的集群重新开始？当前集群及其历史将被丢弃。",
  "restore.failed": "无法恢复已保存的会话：{why}。将使用一个全新的集群。",
  "restore.shared": "已打开分享的集群。",
  "embed.failed": "无法加载嵌入的场景：{why}",
};

const dictionaries: Record<Lang, Record<Key, string>> = { en, zh };

let current: Lang = "en";

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
}

/** The language to start with: a saved choice, else the browser's. */
export function initialLang(saved: string | null, param: string | null): Lang {
  const pick = param ?? saved;
  if (pick === "en" || pick === "zh") return pick;
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return langs.some((l) => l.toLowerCase().startsWith("zh")) ? "zh" : "en";
}

/** The text of `key`, with `{name}` placeholders filled in. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key];
  // `{n:one|other}` picks the singular when n is 1.
  return text
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in vars ? (Number(vars[name]) === 1 ? one : other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Sets the text of every `[data-i18n]` element (and `data-i18n-label` / `-title` attributes). */
export function translateStatic(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n as Key);
  }
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel as Key));
  }
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle as Key);
  }
}
