//! kubeplay's own short descriptions for `kubectl explain` (the schema tables carry names and
//! types only), and the enum values the v1.32 schema lists for the commonly explained fields.
//! Fields not listed here print their name and type without a description line.

/// The description of a type (a definition's Go name), if kubeplay has one.
pub fn type_doc(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "Pod" => "A Pod is the smallest thing Kubernetes runs: one or more containers that are scheduled together onto one node, share its network namespace and can share volumes. Controllers such as ReplicaSets, Deployments, DaemonSets and Jobs create Pods from a template.",
        "PodSpec" => "What the Pod should run: its containers, how they are restarted, which nodes it may run on and the volumes it can mount.",
        "PodStatus" => "What the kubelet last reported about the Pod: its phase, conditions, IP addresses and the state of every container. Written by the system, not by users.",
        "PodTemplateSpec" => "The blueprint a controller stamps Pods from: the metadata (labels must match the controller's selector) and the Pod spec.",
        "ReplicaSet" => "A ReplicaSet keeps a stable number of identical Pods running: it counts the Pods its selector matches and creates or deletes Pods until the count equals spec.replicas. Deployments manage ReplicaSets for you.",
        "ReplicaSetSpec" => "How many Pods the ReplicaSet keeps, which Pods it counts (selector), and the template it creates new Pods from.",
        "ReplicaSetStatus" => "The counts the ReplicaSet controller last observed: Pods that exist, are ready and are available.",
        "ReplicationController" => "The original replica controller of the core API: like a ReplicaSet, but its selector is a plain set of labels. New workloads use Deployments.",
        "ReplicationControllerSpec" => "How many Pods the ReplicationController keeps, which Pods it counts and the template for new ones.",
        "Deployment" => "A Deployment declares the Pods an application should run and rolls out changes to them: every change of the Pod template makes a new ReplicaSet, which is scaled up while the old ones are scaled down.",
        "DeploymentSpec" => "The desired state of a Deployment: how many Pods, which Pods it owns, the Pod template, and how a new template replaces the old one.",
        "DeploymentStatus" => "What the deployment controller last observed about the rollout: replica counts per state and the Available and Progressing conditions.",
        "DeploymentStrategy" => "How a Deployment replaces old Pods with new ones.",
        "RollingUpdateDeployment" => "The pace of a rolling update: how far the Deployment may go above and below the desired number of Pods while it replaces them.",
        "DaemonSet" => "A DaemonSet runs one copy of a Pod on every node that its template may schedule to (node selector, affinity, tolerations), adding Pods as nodes join and removing them as nodes leave.",
        "DaemonSetSpec" => "The desired state of a DaemonSet: which Pods it owns, the Pod template, and how updates to the template are rolled out across nodes.",
        "DaemonSetStatus" => "What the daemon set controller last observed: how many nodes should run the Pod and how many do, are up to date and are available.",
        "DaemonSetUpdateStrategy" => "How a DaemonSet replaces its Pods after the template changes.",
        "RollingUpdateDaemonSet" => "The pace of a DaemonSet rolling update, counted in nodes.",
        "Job" => "A Job runs Pods until a number of them finish successfully, retrying failed Pods up to a limit. Use it for work that ends, such as a batch computation.",
        "JobSpec" => "What the Job runs and when it counts as complete or failed: completions, parallelism, retries and deadlines, and the Pod template.",
        "JobStatus" => "What the job controller last observed: active, succeeded and failed Pods, start and completion times, and the Complete or Failed condition.",
        "CronJob" => "A CronJob creates a Job on a repeating schedule written in cron syntax.",
        "CronJobSpec" => "When the CronJob runs (schedule, time zone), what it creates each time (jobTemplate), and what happens when runs overlap or are missed.",
        "CronJobStatus" => "The Jobs the CronJob currently runs and when it last scheduled and last succeeded.",
        "JobTemplateSpec" => "The template a CronJob creates each Job from.",
        "Service" => "A Service gives a set of Pods, chosen by a label selector, one stable virtual IP address and DNS name, and spreads traffic sent to its ports across the ready Pods.",
        "ServiceSpec" => "How the Service is exposed (type), which Pods receive its traffic (selector) and the ports it maps.",
        "ServicePort" => "One port the Service listens on and where its traffic goes in the Pods.",
        "Endpoints" => "The addresses of the ready and not-ready Pods behind a Service, kept up to date by the endpoints controller.",
        "EndpointSlice" => "A slice of the endpoints behind a Service, with the readiness of each endpoint; the scalable successor of Endpoints.",
        "Node" => "A Node is a machine (real or virtual) whose kubelet runs Pods. It reports its capacity and health; taints keep Pods away unless they tolerate them.",
        "NodeSpec" => "How the Node is configured for scheduling: whether it is cordoned (unschedulable) and its taints.",
        "NodeStatus" => "What the kubelet reports about the Node: capacity, allocatable resources, conditions, addresses and system information.",
        "Namespace" => "A Namespace is a scope for names: most objects live in one, and names need to be unique only within it.",
        "Event" => "An Event records something that happened to an object, such as a Pod being scheduled or a container failing; repeats of the same event are counted on one object.",
        "ControllerRevision" => "A ControllerRevision stores one revision of a DaemonSet's Pod template, so the controller can tell old Pods from new ones and roll back.",
        "ObjectMeta" => "Metadata every object has: its name and namespace, labels and annotations, owner references, and fields the system maintains such as uid and resourceVersion.",
        "LabelSelector" => "Selects objects by their labels. matchLabels and matchExpressions must all hold; an empty selector matches every object.",
        "LabelSelectorRequirement" => "One condition on a label: a key, an operator (In, NotIn, Exists, DoesNotExist) and values.",
        "Container" => "One container of a Pod: the image to run, its command and arguments, ports, environment, resource requests and limits, and health probes.",
        "ContainerPort" => "A network port the container listens on. Listing it is informational; Services find Pods by label, not by port.",
        "EnvVar" => "An environment variable for the container, with a literal value or a value taken from elsewhere (valueFrom).",
        "ResourceRequirements" => "The compute resources a container asks for (requests, used by the scheduler to place the Pod) and may not exceed (limits).",
        "Probe" => "A periodic health check the kubelet runs against a container: an HTTP request, a TCP connection, a gRPC call or a command.",
        "Toleration" => "Lets a Pod be scheduled onto (or stay on) nodes that have a matching taint.",
        "Taint" => "Marks a node so that Pods that do not tolerate it are not scheduled there (NoSchedule), preferably not (PreferNoSchedule), or are evicted (NoExecute).",
        "Volume" => "A named volume that containers of the Pod can mount.",
        "VolumeMount" => "Where in the container's file system a volume of the Pod is mounted.",
        "OwnerReference" => "Names the object that owns this one. When the owner is deleted, the garbage collector deletes the objects it owns.",
        "Affinity" => "Scheduling rules that attract the Pod to nodes, or to or away from other Pods.",
        "IntOrString" => "A value that is either a whole number or a string, such as a port number or name, or an absolute count or a percentage.",
        "Quantity" => "An amount of a resource written as a number with an optional suffix: 500m is half a CPU, 64Mi is 64 mebibytes, 1Gi is 1024Mi.",
        _ => return None,
    })
}

/// The description of field `field` of the type `type_name`, if kubeplay has one.
pub fn field_doc(type_name: &str, field: &str) -> Option<&'static str> {
    let common = match field {
        "apiVersion" => Some("The version of the API the object is written in, for example v1 or apps/v1. The apiserver uses it, together with kind, to decode the object."),
        "kind" => Some("The type of the object, in CamelCase, for example Pod or Deployment."),
        "metadata" => Some("Standard object metadata: name, namespace, labels, annotations and owner references."),
        _ => None,
    };
    let specific = match (type_name, field) {
        (_, "spec") if type_name != "PodTemplateSpec" && type_name != "JobTemplateSpec" => {
            Some("The desired state of the object, written by you.")
        }
        ("PodTemplateSpec", "spec") => Some("The spec of the Pods created from this template."),
        ("JobTemplateSpec", "spec") => Some("The spec of the Jobs created from this template."),
        (_, "status") => Some("The observed state of the object, written by the system. Read-only."),
        ("DeploymentSpec" | "ReplicaSetSpec" | "ReplicationControllerSpec", "replicas") => {
            Some("How many Pods should run. Defaults to 1.")
        }
        ("DeploymentSpec", "selector") => Some("Which Pods belong to this Deployment. It must match the labels of the Pod template and cannot be changed after creation."),
        ("ReplicaSetSpec" | "DaemonSetSpec" | "JobSpec", "selector") => {
            Some("Which Pods this controller counts as its own. It must match the labels of the Pod template.")
        }
        ("ReplicationControllerSpec", "selector") => {
            Some("The labels a Pod must have to be counted. Defaults to the labels of the Pod template.")
        }
        ("DeploymentSpec" | "ReplicaSetSpec" | "DaemonSetSpec" | "JobSpec" | "ReplicationControllerSpec", "template") => {
            Some("The Pod template new Pods are created from. A Deployment or DaemonSet only allows restartPolicy Always.")
        }
        ("DeploymentSpec", "strategy") => Some("How old Pods are replaced by new ones when the template changes."),
        ("DeploymentSpec" | "DaemonSetSpec" | "ReplicaSetSpec", "minReadySeconds") => {
            Some("How long a new Pod must be ready, without any container crashing, before it counts as available. Defaults to 0.")
        }
        ("DeploymentSpec" | "DaemonSetSpec", "revisionHistoryLimit") => {
            Some("How many old revisions to keep so that you can roll back. Defaults to 10.")
        }
        ("DeploymentSpec", "progressDeadlineSeconds") => Some("How long a rollout may go without progress before the Progressing condition turns False with reason ProgressDeadlineExceeded. Defaults to 600."),
        ("DeploymentSpec", "paused") => Some("Whether the rollout is paused: template changes are recorded but not rolled out until it is resumed."),
        ("DeploymentStrategy", "type") => Some("RollingUpdate replaces Pods gradually; Recreate deletes all old Pods before creating new ones. Defaults to RollingUpdate."),
        ("DeploymentStrategy" | "DaemonSetUpdateStrategy", "rollingUpdate") => {
            Some("Parameters of a rolling update; used only when type is RollingUpdate.")
        }
        ("RollingUpdateDeployment", "maxSurge") => Some("How many Pods may exist above the desired count during the update, as a number or a percentage of replicas (rounded up). Defaults to 25%."),
        ("RollingUpdateDeployment", "maxUnavailable") => Some("How many Pods may be unavailable below the desired count during the update, as a number or a percentage of replicas (rounded down). Defaults to 25%."),
        ("RollingUpdateDaemonSet", "maxUnavailable") => Some("How many nodes may be without an available Pod during the update, as a number or a percentage of nodes. Defaults to 1."),
        ("RollingUpdateDaemonSet", "maxSurge") => Some("How many nodes may run an old and a new Pod at the same time during the update. Defaults to 0."),
        ("DaemonSetSpec", "updateStrategy") => Some("How Pods are replaced after the template changes."),
        ("DaemonSetUpdateStrategy", "type") => Some("RollingUpdate replaces Pods node by node; OnDelete creates a new Pod only after you delete the old one. Defaults to RollingUpdate."),
        ("JobSpec", "completions") => Some("How many Pods must finish successfully for the Job to complete. Defaults to 1."),
        ("JobSpec", "parallelism") => Some("How many Pods may run at the same time. Defaults to 1."),
        ("JobSpec", "backoffLimit") => Some("How many times failed Pods are retried before the Job is marked failed. Defaults to 6."),
        ("JobSpec", "activeDeadlineSeconds") => Some("How long the Job may run before its Pods are stopped and it is marked failed."),
        ("JobSpec", "ttlSecondsAfterFinished") => Some("How long after finishing the Job is deleted automatically."),
        ("JobSpec", "completionMode") => Some("NonIndexed: the Job completes after enough successful Pods. Indexed: each Pod gets an index and every index must succeed."),
        ("JobSpec" | "CronJobSpec", "suspend") => Some("Whether the controller stops creating Pods (Jobs for a CronJob) until it is set back to false."),
        ("CronJobSpec", "schedule") => Some("When to create a Job, in cron syntax: minute, hour, day of month, month and day of week, for example */5 * * * *."),
        ("CronJobSpec", "timeZone") => Some("The time zone the schedule is read in, such as Europe/Berlin. Defaults to the controller's time zone."),
        ("CronJobSpec", "jobTemplate") => Some("The Job created at each scheduled time."),
        ("CronJobSpec", "concurrencyPolicy") => Some("What to do when a run is due while the previous Job still runs: Allow starts it anyway, Forbid skips it, Replace stops the old Job. Defaults to Allow."),
        ("CronJobSpec", "startingDeadlineSeconds") => Some("How late a missed run may still be started; runs later than this are skipped."),
        ("CronJobSpec", "successfulJobsHistoryLimit") => Some("How many finished successful Jobs to keep. Defaults to 3."),
        ("CronJobSpec", "failedJobsHistoryLimit") => Some("How many failed Jobs to keep. Defaults to 1."),
        ("PodSpec", "containers") => Some("The containers of the Pod. There must be at least one; they start together and share the Pod's network."),
        ("PodSpec", "initContainers") => Some("Containers that run to completion one after another before the regular containers start."),
        ("PodSpec", "restartPolicy") => Some("When the kubelet restarts a container that exited: Always, OnFailure or Never. Defaults to Always."),
        ("PodSpec", "nodeSelector") => Some("Labels a node must have for the Pod to be scheduled there."),
        ("PodSpec", "nodeName") => Some("The node the Pod runs on. Set by the scheduler; setting it yourself skips scheduling."),
        ("PodSpec", "tolerations") => Some("The node taints the Pod tolerates."),
        ("PodSpec", "affinity") => Some("Node and Pod affinity rules for scheduling."),
        ("PodSpec", "volumes") => Some("Volumes the containers of the Pod can mount."),
        ("PodSpec", "terminationGracePeriodSeconds") => Some("How long a container gets to stop after SIGTERM before it is killed. Defaults to 30."),
        ("PodSpec", "serviceAccountName") => Some("The service account the Pod runs as. Defaults to default."),
        ("PodSpec", "hostNetwork") => Some("Whether the Pod uses the node's network namespace."),
        ("Container", "name") => Some("The container's name, unique within the Pod."),
        ("Container", "image") => Some("The container image to run, for example nginx:1.25."),
        ("Container", "imagePullPolicy") => Some("When the kubelet pulls the image: Always, IfNotPresent or Never. Defaults to Always for the latest tag or no tag, else IfNotPresent."),
        ("Container", "command") => Some("The program to run, replacing the image's entrypoint."),
        ("Container", "args") => Some("Arguments to the command, replacing the image's default arguments."),
        ("Container", "ports") => Some("Ports the container listens on. Informational."),
        ("Container", "env") => Some("Environment variables set in the container."),
        ("Container", "resources") => Some("CPU and memory the container requests and its limits."),
        ("Container", "readinessProbe") => Some("A check that decides whether the container is ready to receive traffic."),
        ("Container", "livenessProbe") => Some("A check whose repeated failure makes the kubelet restart the container."),
        ("Container", "startupProbe") => Some("A check that must succeed before the other probes start."),
        ("Container", "volumeMounts") => Some("Volumes of the Pod mounted into the container."),
        ("ContainerPort", "containerPort") => Some("The port number the container listens on."),
        ("ContainerPort" | "ServicePort", "name") => Some("An optional name for the port, which Services can refer to."),
        ("ContainerPort" | "ServicePort", "protocol") => Some("TCP, UDP or SCTP. Defaults to TCP."),
        ("ResourceRequirements", "requests") => Some("The resources the scheduler reserves for the container on its node."),
        ("ResourceRequirements", "limits") => Some("The most the container may use."),
        ("ObjectMeta", "name") => Some("The object's name, unique among objects of its kind in its namespace."),
        ("ObjectMeta", "namespace") => Some("The namespace the object lives in. Defaults to default."),
        ("ObjectMeta", "labels") => Some("Key-value pairs that selectors match on."),
        ("ObjectMeta", "annotations") => Some("Key-value pairs for tools and people; selectors ignore them."),
        ("ObjectMeta", "ownerReferences") => Some("The objects this one belongs to; used by the garbage collector."),
        ("ObjectMeta", "generateName") => Some("A prefix the apiserver completes with a random suffix when name is empty."),
        ("ObjectMeta", "uid") => Some("A unique identifier the system assigns. Read-only."),
        ("ObjectMeta", "resourceVersion") => Some("The version of the object in the store, changed by every write. Read-only."),
        ("ObjectMeta", "generation") => Some("Counts changes to the desired state (spec). Read-only."),
        ("ObjectMeta", "creationTimestamp") => Some("When the object was created. Read-only."),
        ("ObjectMeta", "deletionTimestamp") => Some("When a graceful deletion was requested. Read-only."),
        ("ObjectMeta", "finalizers") => Some("Tasks that must finish before the object is removed from the store."),
        ("LabelSelector", "matchLabels") => Some("Labels that must all be present with these values."),
        ("LabelSelector", "matchExpressions") => Some("Conditions on labels that must all hold."),
        ("ServiceSpec", "type") => Some("How the Service is reachable: ClusterIP inside the cluster, NodePort also on every node's port, LoadBalancer also through an external load balancer, ExternalName as a DNS alias. Defaults to ClusterIP."),
        ("ServiceSpec", "selector") => Some("The labels of the Pods that receive the Service's traffic."),
        ("ServiceSpec", "ports") => Some("The ports the Service exposes."),
        ("ServiceSpec", "clusterIP") => Some("The virtual IP of the Service, assigned by the system unless set; None makes a headless Service."),
        ("ServicePort", "port") => Some("The port the Service listens on."),
        ("ServicePort", "targetPort") => Some("The port in the Pods traffic is sent to, as a number or a container port name. Defaults to port."),
        ("ServicePort", "nodePort") => Some("The port opened on every node for NodePort and LoadBalancer Services."),
        ("NodeSpec", "unschedulable") => Some("Whether new Pods are kept off the node (kubectl cordon sets it)."),
        ("NodeSpec", "taints") => Some("Taints that repel Pods that do not tolerate them."),
        ("Toleration", "key") => Some("The taint key the toleration matches; empty matches every key."),
        ("Toleration", "operator") => Some("Equal matches the taint's value; Exists matches any value. Defaults to Equal."),
        ("Toleration", "effect") => Some("The taint effect to match; empty matches every effect."),
        ("Toleration", "tolerationSeconds") => Some("For NoExecute taints: how long the Pod stays on the node after the taint appears."),
        _ => None,
    };
    specific.or(common)
}

/// The enum values the v1.32 schema lists for a field, if kubeplay knows them.
pub fn enum_values(type_name: &str, field: &str) -> Option<&'static [&'static str]> {
    Some(match (type_name, field) {
        ("DeploymentStrategy", "type") => &["Recreate", "RollingUpdate"],
        ("DaemonSetUpdateStrategy", "type") => &["OnDelete", "RollingUpdate"],
        ("Container", "imagePullPolicy") => &["Always", "IfNotPresent", "Never"],
        ("PodSpec", "restartPolicy") => &["Always", "Never", "OnFailure"],
        ("PodSpec", "dnsPolicy") => &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
        ("PodSpec", "preemptionPolicy") => &["Never", "PreemptLowerPriority"],
        ("ContainerPort" | "ServicePort", "protocol") => &["SCTP", "TCP", "UDP"],
        ("ServiceSpec", "type") => &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ("ServiceSpec", "sessionAffinity") => &["ClientIP", "None"],
        ("ServiceSpec", "externalTrafficPolicy" | "internalTrafficPolicy") => &["Cluster", "Local"],
        ("CronJobSpec", "concurrencyPolicy") => &["Allow", "Forbid", "Replace"],
        ("JobSpec", "completionMode") => &["Indexed", "NonIndexed"],
        ("Toleration", "operator") => &["Equal", "Exists"],
        ("Toleration" | "Taint", "effect") => &["NoExecute", "NoSchedule", "PreferNoSchedule"],
        ("Container", "terminationMessagePolicy") => &["FallbackToLogsOnError", "File"],
        _ => return None,
    })
}
