// The examples gallery: the seed article's manifests as written (errors included; the editor shows
// where each one is) and corrected, and one scenario per controller. A scenario is a manifest to
// apply and commands to run in the terminal. Generated once from the article's text; edit freely.

import type { Lang } from "./i18n";

export interface Command {
  line: string;
  /** Standard input, as a heredoc would give it. */
  stdin?: string;
}

export interface Example {
  id: string;
  group: "article" | "scenario";
  title: Record<Lang, string>;
  about: Record<Lang, string>;
  manifest: string;
  /** Run after applying the manifest (by the gallery's Run button). */
  commands: Command[];
  /** False when the commands apply the manifest themselves, at the right moment. */
  applyFirst?: boolean;
}

/** The article's ReplicaSet, exactly as written. */
export const ARTICLE_REPLICASET = "apiVersion: apps/v1           #一般来说,一个清单文件的基本格式:\nkind: ReplicaSet      #apiVersion,kind,metadata这是必须的,下面对 spec是replicaSet的一个必要参数.\nmetadata:          #要查看spec支持那些参数: kubectl  explain  replicaset.spec 即可.\n  name: myapp\n  namespace: default\nspec:\n  replicas: 2         #这里是定义ReplicaSet的副本数量.\n  selector:\n   matchLabels:\n    app: myapp\n    release: canary\n  template:    #查看template支持那些参数: kubectl  explain replicaset.spec.template即可查看.\n    metadata:\n     name: myapp-pod    #通常Pod的名称空间必须和控制器的名称空间一致,故可省略.\n     labels:      #这里创建Pod的标签必须和selector的标签符合,否则此Pod将永久被创建下去。\n      app: myapp\n      release: canary\n    spec:\n     containers:\n     -  name: myapp-container\n      image: busybox\n      ports:\n      -  name:http\n       containerPort: 80\n";
/** The article's Deployment, exactly as written. */
export const ARTICLE_DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n     name: myapp-deploy\n     namespace: default\nspec:\n     replicas: 2\n     selector:\n         matchLabels:\n             app:myapp\n             release: canary\n     template:\n            metadata:\n                labels:\n                     app:myapp\n                     release: canary\n            spec:\n                 cantainers:\n                  -   name: myapp\n                       image: busybox\n                       ports:\n                       -   name:http\n                           containerPort: 80\n";
/** The article's DaemonSet, exactly as written. */
export const ARTICLE_DAEMONSET = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n   name: filebeat-ds\n   namespace: default\nspec:\n  selector:\n     matchLabels:\n       app:filebeat\n       release:stable\n  template:\n    metadata:\n       labels:\n         app: filebeat\n         release: stable\n    spec:\n      containers:\n      -  name: filebeat\n         image: ikubernetes/filebeat:5.6.5-alpine\n         env:          #env的用法: kubectl explain  pods.spec.containers.env\n         - name: REDIS_HOST\n           value: redis.default.svc.cluster.local\n         - name: REDIS_LOG_LEVEL\n           value: info\n";
/** The article's redis Deployment and filebeat DaemonSet in one file, exactly as written. */
export const ARTICLE_REDIS_FILEBEAT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\n  namespace: default\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n     app: redis\n     role: logstor\n  template:\n    metadata:\n     labels:\n        app: redis\n        role: logstor\n     spec:\n       containers:\n       -  name: redis\n          image: redis:4.0-alpine\n          ports:\n          - name: redis\n            containerPort:6379\n---      #这表示分隔符.\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: filebeat-ds\n  namespace: default\nspec:\n  selector:\n    matchLabels:\n       app:filebeat\n       release:stable\n  template:\n    metadata:\n      labels:\n       app: filebeat\n       release: stable\n    spec:\n      containers:\n      - name: filebeat\n        image: ikubernetes/filebeat:5.6.5-alpine\n        env:\n        -  name: REDIS_HOST\n           value: redis.default.svc.cluster.local\n           #fiebeat通过环境变量找到redis的前端service,注意这里指定的名字是redis的前端服务名,而非随意写!\n        -  name: REDIS_LOG_LEVEL\n           value: info\n";

/** The manifest the editor starts with: the article's Deployment, corrected. */
export const DEFAULT_EXAMPLE = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myapp-deploy\n  namespace: default\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: myapp\n      release: canary\n  template:\n    metadata:\n      labels:\n        app: myapp\n        release: canary\n    spec:\n      containers:\n      - name: myapp\n        image: ikubernetes/myapp:v1\n        ports:\n        - name: http\n          containerPort: 80\n";

const RS_FIXED = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: myapp\n  namespace: default\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: myapp\n      release: canary\n  template:\n    metadata:\n      name: myapp-pod\n      labels:\n        app: myapp\n        release: canary\n    spec:\n      containers:\n      - name: myapp-container\n        # The article runs busybox, which exits at once without a command (CrashLoopBackOff).\n        image: ikubernetes/myapp:v1\n        ports:\n        - name: http\n          containerPort: 80\n";
const DS_FIXED = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: filebeat-ds\n  namespace: default\nspec:\n  selector:\n    matchLabels:\n      app: filebeat\n      release: stable\n  template:\n    metadata:\n      labels:\n        app: filebeat\n        release: stable\n    spec:\n      containers:\n      - name: filebeat\n        image: ikubernetes/filebeat:5.6.5-alpine\n        env:\n        - name: REDIS_HOST\n          value: redis.default.svc.cluster.local\n        - name: REDIS_LOG_LEVEL\n          value: info\n";
const REDIS_FILEBEAT_FIXED = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\n  namespace: default\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: redis\n      role: logstor\n  template:\n    metadata:\n      labels:\n        app: redis\n        role: logstor\n    spec:\n      containers:\n      - name: redis\n        image: redis:4.0-alpine\n        ports:\n        - name: redis\n          containerPort: 6379\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: filebeat-ds\n  namespace: default\nspec:\n  selector:\n    matchLabels:\n      app: filebeat\n      release: stable\n  template:\n    metadata:\n      labels:\n        app: filebeat\n        release: stable\n    spec:\n      containers:\n      - name: filebeat\n        image: ikubernetes/filebeat:5.6.5-alpine\n        env:\n        - name: REDIS_HOST\n          value: redis.default.svc.cluster.local\n        - name: REDIS_LOG_LEVEL\n          value: info\n";
const PODS = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 500m\n        memory: 256Mi\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-2\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: needs-ssd\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: app\n    image: redis:7.2\n";
const JOB = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  completions: 4\n  parallelism: 2\n  backoffLimit: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: busybox\n        command: [\"sh\", \"-c\", \"sleep 5\"]\n";
const CRONJOB = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: tick\nspec:\n  schedule: \"*/1 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: tick\n            image: busybox\n            command: [\"sh\", \"-c\", \"sleep 10\"]\n";
const SERVICE = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myapp-deploy\n  namespace: default\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: myapp\n      release: canary\n  template:\n    metadata:\n      labels:\n        app: myapp\n        release: canary\n    spec:\n      containers:\n      - name: myapp\n        image: ikubernetes/myapp:v1\n        ports:\n        - name: http\n          containerPort: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: myapp\nspec:\n  selector:\n    app: myapp\n    release: canary\n  ports:\n  - port: 80\n    targetPort: http\n";
const CRASH = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crashy\nspec:\n  containers:\n  - name: shell\n    # busybox with no command exits 0 at once; under restartPolicy Always that is a crash loop.\n    image: busybox\n";
const PULL = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: puller\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27-alpine\n";
const DEPLOY_4 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myapp-deploy\n  namespace: default\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: myapp\n      release: canary\n  template:\n    metadata:\n      labels:\n        app: myapp\n        release: canary\n    spec:\n      containers:\n      - name: myapp\n        image: ikubernetes/myapp:v1\n        ports:\n        - name: http\n          containerPort: 80\n";
const DEPLOY_4_V2 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myapp-deploy\n  namespace: default\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: myapp\n      release: canary\n  template:\n    metadata:\n      labels:\n        app: myapp\n        release: canary\n    spec:\n      containers:\n      - name: myapp\n        image: ikubernetes/myapp:v2\n        ports:\n        - name: http\n          containerPort: 80\n";

export const EXAMPLES: Example[] = [
  {
    id: "article-rs",
    group: "article",
    title: { en: "ReplicaSet, as written", zh: "ReplicaSet（原文）" },
    about: {
      en: "The article's replicaset.yaml with its indentation slips and `name:http`. Apply it to see where YAML stops reading.",
      zh: "文章中的 replicaset.yaml，保留了缩进错误和 `name:http`。应用它，看看 YAML 在哪里出错。",
    },
    manifest: ARTICLE_REPLICASET,
    commands: [],
  },
  {
    id: "article-rs-fixed",
    group: "article",
    title: { en: "ReplicaSet, corrected", zh: "ReplicaSet（已修正）" },
    about: {
      en: "Two replicas kept by a ReplicaSet. Delete its pods and watch it make new ones.",
      zh: "由 ReplicaSet 维持的两个副本。删除它的 Pod，观察它“多退少补”。",
    },
    manifest: RS_FIXED,
    commands: [
      { line: "sim settle" },
      { line: "kubectl get rs,pods -o wide" },
      { line: "kubectl delete pods -l app=myapp --wait=false" },
      { line: "kubectl get pods -w" },
    ],
  },
  {
    id: "article-deploy",
    group: "article",
    title: { en: "Deployment, as written", zh: "Deployment（原文）" },
    about: {
      en: "The article's myapp-deploy.yaml: `app:myapp` without a space and `cantainers`.",
      zh: "文章中的 myapp-deploy.yaml：`app:myapp` 缺少空格，`cantainers` 拼写错误。",
    },
    manifest: ARTICLE_DEPLOYMENT,
    commands: [],
  },
  {
    id: "article-deploy-fixed",
    group: "article",
    title: { en: "Deployment, corrected", zh: "Deployment（已修正）" },
    about: {
      en: "The Deployment the playground starts with.",
      zh: "演练场默认加载的 Deployment。",
    },
    manifest: DEFAULT_EXAMPLE,
    commands: [{ line: "sim settle" }, { line: "kubectl get deploy,rs,pods" }],
  },
  {
    id: "article-ds",
    group: "article",
    title: { en: "DaemonSet, as written", zh: "DaemonSet（原文）" },
    about: {
      en: "The article's ds-demo.yaml: `app:filebeat` and `release:stable` read as one string.",
      zh: "文章中的 ds-demo.yaml：`app:filebeat` 与 `release:stable` 被读成了一个字符串。",
    },
    manifest: ARTICLE_DAEMONSET,
    commands: [],
  },
  {
    id: "article-ds-fixed",
    group: "article",
    title: { en: "DaemonSet, corrected", zh: "DaemonSet（已修正）" },
    about: {
      en: "One filebeat pod on every worker; the tainted control plane gets none.",
      zh: "每个工作节点一个 filebeat Pod；带污点的控制平面节点上没有。",
    },
    manifest: DS_FIXED,
    commands: [{ line: "sim settle" }, { line: "kubectl get ds,pods -o wide" }],
  },
  {
    id: "article-multi",
    group: "article",
    title: { en: "redis + filebeat, as written", zh: "redis + filebeat（原文）" },
    about: {
      en: "Two objects in one file: `containerPort:6379` and a pod spec indented under metadata.",
      zh: "一个文件中的两个对象：`containerPort:6379`，以及缩进到 metadata 之下的 spec。",
    },
    manifest: ARTICLE_REDIS_FILEBEAT,
    commands: [],
  },
  {
    id: "article-multi-fixed",
    group: "article",
    title: { en: "redis + filebeat, corrected", zh: "redis + filebeat（已修正）" },
    about: {
      en: "The redis Deployment and the filebeat DaemonSet, then `kubectl expose`.",
      zh: "redis Deployment 与 filebeat DaemonSet，然后执行 `kubectl expose`。",
    },
    manifest: REDIS_FILEBEAT_FIXED,
    commands: [
      { line: "sim settle" },
      { line: "kubectl expose deployment redis --port=6379" },
      { line: "kubectl get pods,svc -o wide" },
    ],
  },
  {
    id: "pods",
    group: "scenario",
    title: { en: "Pods and the scheduler", zh: "Pod 与调度器" },
    about: {
      en: "Bare pods land on workers, never on the tainted control plane; one waits for a node labelled disk=ssd until you add it.",
      zh: "裸 Pod 落在工作节点上，从不落在带污点的控制平面；其中一个要等到出现 disk=ssd 标签的节点。",
    },
    manifest: PODS,
    commands: [
      { line: "sim settle" },
      { line: "kubectl get pods -o wide" },
      { line: "sim why pod/needs-ssd" },
      { line: "sim node add worker-4 --label disk=ssd" },
      // The scheduler retries an unschedulable pod after its back-off (up to 10s).
      { line: "sim run 15s" },
      { line: "kubectl get pods -o wide" },
    ],
  },
  {
    id: "replicaset",
    group: "scenario",
    title: { en: "ReplicaSet: delete extras, create the missing", zh: "ReplicaSet：多退少补" },
    about: {
      en: "Scale a ReplicaSet up and down and delete its pods.",
      zh: "扩缩 ReplicaSet，删除它的 Pod。",
    },
    manifest: RS_FIXED,
    commands: [
      { line: "sim settle" },
      { line: "kubectl scale rs myapp --replicas=5" },
      { line: "sim settle" },
      { line: "kubectl scale rs myapp --replicas=1" },
      { line: "kubectl get pods -w" },
    ],
  },
  {
    id: "deployment",
    group: "scenario",
    title: { en: "Deployment: a rolling update", zh: "Deployment：滚动更新" },
    about: {
      en: "Four replicas, then a new image: watch the new ReplicaSet grow as the old one shrinks (Rollouts tab). `kubectl set image deployment myapp-deploy myapp=ikubernetes/myapp:v2` does the same.",
      zh: "四个副本，然后换新镜像：在“发布”标签页观察新 ReplicaSet 增长、旧的缩减。`kubectl set image deployment myapp-deploy myapp=ikubernetes/myapp:v2` 效果相同。",
    },
    manifest: DEPLOY_4,
    commands: [
      { line: "sim settle" },
      { line: "kubectl apply -f -", stdin: DEPLOY_4_V2 },
      { line: "kubectl get pods -l app=myapp -w" },
    ],
  },
  {
    id: "daemonset",
    group: "scenario",
    title: { en: "DaemonSet: one pod per node", zh: "DaemonSet：每个节点一个 Pod" },
    about: {
      en: "Add a node and the DaemonSet follows it.",
      zh: "添加节点，DaemonSet 随之在新节点上创建 Pod。",
    },
    manifest: DS_FIXED,
    commands: [
      { line: "sim settle" },
      { line: "sim node add worker-4" },
      { line: "sim settle" },
      { line: "kubectl get ds,pods -o wide" },
    ],
  },
  {
    id: "job",
    group: "scenario",
    title: { en: "Job: four completions, two at a time", zh: "Job：四次完成，每次两个" },
    about: {
      en: "Pods that run five seconds and exit 0, until four have succeeded.",
      zh: "每个 Pod 运行五秒后以 0 退出，直到成功四次。",
    },
    manifest: JOB,
    commands: [{ line: "kubectl get pods -w" }],
  },
  {
    id: "cronjob",
    group: "scenario",
    title: { en: "CronJob: every minute", zh: "CronJob：每分钟一次" },
    about: {
      en: "A Job each minute; run three minutes of virtual time.",
      zh: "每分钟一个 Job；运行三分钟虚拟时间。",
    },
    manifest: CRONJOB,
    commands: [{ line: "sim run 3m" }, { line: "kubectl get cronjobs,jobs,pods" }],
  },
  {
    id: "service",
    group: "scenario",
    title: { en: "Service: endpoints follow ready pods", zh: "Service：端点跟随就绪的 Pod" },
    about: {
      en: "A Service selecting the Deployment's pods.",
      zh: "一个选择 Deployment 的 Pod 的 Service。",
    },
    manifest: SERVICE,
    commands: [{ line: "sim settle" }, { line: "kubectl get svc,endpoints,pods -o wide" }],
  },
  {
    id: "traffic-rollout",
    group: "scenario",
    title: { en: "Traffic during a rolling update", zh: "滚动更新期间的流量" },
    about: {
      en: "Requests through the Service before and during `kubectl set image`: the Traffic tab shows each revision's share.",
      zh: "在 `kubectl set image` 之前和期间经 Service 发送请求：“流量”标签页显示每个版本所占的份额。",
    },
    manifest: SERVICE,
    commands: [
      { line: "sim settle" },
      { line: "sim traffic myapp --rps 100 --for 5s" },
      { line: "kubectl set image deployment/myapp-deploy myapp=ikubernetes/myapp:v2" },
      { line: "sim traffic myapp --rps 100 --for 20s" },
    ],
  },
  {
    id: "node-failure",
    group: "scenario",
    title: { en: "A node fails", zh: "节点故障" },
    about: {
      en: "worker-1 stops; after the grace period it is NotReady and its pods are evicted five minutes later.",
      zh: "worker-1 停止；宽限期后变为 NotReady，五分钟后其上的 Pod 被驱逐。",
    },
    manifest: PODS,
    commands: [
      { line: "sim settle" },
      { line: "sim node fail worker-1" },
      { line: "sim run 6m" },
      { line: "kubectl get nodes" },
      { line: "kubectl get pods -o wide" },
    ],
  },
  {
    id: "crashloop",
    group: "scenario",
    title: { en: "CrashLoopBackOff", zh: "CrashLoopBackOff" },
    about: {
      en: "busybox with no command exits at once; the kubelet restarts it with a growing back-off.",
      zh: "不带命令的 busybox 会立即退出；kubelet 以递增的退避时间重启它。",
    },
    manifest: CRASH,
    commands: [{ line: "sim run 2m" }, { line: "kubectl get pods" }, { line: "kubectl get events" }],
  },
  {
    id: "image-pull",
    group: "scenario",
    title: { en: "An image that will not pull", zh: "拉取失败的镜像" },
    about: {
      en: "Pulls of nginx:1.27-alpine fail (ErrImagePull, ImagePullBackOff) until the image is fixed.",
      zh: "nginx:1.27-alpine 拉取失败（ErrImagePull、ImagePullBackOff），直到修复镜像。",
    },
    manifest: PULL,
    applyFirst: false,
    commands: [
      { line: "sim image fail nginx:1.27-alpine" },
      { line: "kubectl apply -f -", stdin: PULL },
      { line: "sim run 1m" },
      { line: "kubectl get pods" },
      { line: "sim image fix nginx:1.27-alpine" },
      { line: "sim run 5m" },
      { line: "kubectl get pods" },
    ],
  },
];
