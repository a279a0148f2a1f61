//! Table tests of the generators against the real kubectl v1.32.4: each command line below was
//! run with /usr/bin/kubectl (`--dry-run=client`, no cluster needed) and its standard output pasted.
//! In command lines, `_` inside `--schedule=` stands for a space.

use crate::cluster::Cluster;
use crate::shell::NoFiles;

fn run(line: &str) -> String {
    let mut c = Cluster::new(1);
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    for w in &mut words {
        if w.starts_with("--schedule=") {
            *w = w.replace('_', " ");
        }
    }
    let mut io = crate::kubectl::Io::new(None, &NoFiles);
    let code = crate::kubectl::run(&mut c, &words, &mut io);
    assert_eq!(code, 0, "{line}: {}", io.err);
    io.out.into()
}

#[test]
fn generated_objects_print_byte_for_byte_as_kubectl_prints_them() {
    let cases: &[(&str, &str)] = &[
        (
            r#"create deployment web --image=nginx:1.25 --dry-run=client -o json"#,
            r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 1,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx:1.25",
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"#,
        ),
        (
            r#"create deployment web --image=nginx --replicas=3 --port=80 -n prod --dry-run=client -o json"#,
            r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "namespace": "prod",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 3,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "ports": [
                            {
                                "containerPort": 80
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"#,
        ),
        (
            r#"create deployment web --image=nginx --dry-run=client -o json -- sleep 3600"#,
            r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 1,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "command": [
                            "sleep",
                            "3600"
                        ],
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"#,
        ),
        (
            r#"create deployment web --image=nginx --save-config --dry-run=client -o json"#,
            r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        },
        "annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\",\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\",\"resources\":{}}]}},\"strategy\":{}},\"status\":{}}\n"
        }
    },
    "spec": {
        "replicas": 1,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"#,
        ),
        (
            r#"create deployment web --image=nginx --image=busybox:1.36 --dry-run=client -o yaml"#,
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
      - image: busybox:1.36
        name: busybox
        resources: {}
status: {}
"#,
        ),
        (
            r#"create job j --image=busybox --dry-run=client -o json -- echo hi"#,
            r#"{
    "kind": "Job",
    "apiVersion": "batch/v1",
    "metadata": {
        "name": "j",
        "creationTimestamp": null
    },
    "spec": {
        "template": {
            "metadata": {
                "creationTimestamp": null
            },
            "spec": {
                "containers": [
                    {
                        "name": "j",
                        "image": "busybox",
                        "command": [
                            "echo",
                            "hi"
                        ],
                        "resources": {}
                    }
                ],
                "restartPolicy": "Never"
            }
        }
    },
    "status": {}
}
"#,
        ),
        (
            r#"create cronjob c --image=busybox --schedule=*/5_*_*_*_* --restart=Never --dry-run=client -o json"#,
            r#"{
    "kind": "CronJob",
    "apiVersion": "batch/v1",
    "metadata": {
        "name": "c",
        "creationTimestamp": null
    },
    "spec": {
        "schedule": "*/5 * * * *",
        "jobTemplate": {
            "metadata": {
                "name": "c",
                "creationTimestamp": null
            },
            "spec": {
                "template": {
                    "metadata": {
                        "creationTimestamp": null
                    },
                    "spec": {
                        "containers": [
                            {
                                "name": "c",
                                "image": "busybox",
                                "resources": {}
                            }
                        ],
                        "restartPolicy": "Never"
                    }
                }
            }
        }
    },
    "status": {}
}
"#,
        ),
        (
            r#"create cronjob c --image=busybox --schedule=*/5_*_*_*_* --dry-run=client -o yaml -- date"#,
            r#"apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: null
  name: c
spec:
  jobTemplate:
    metadata:
      creationTimestamp: null
      name: c
    spec:
      template:
        metadata:
          creationTimestamp: null
        spec:
          containers:
          - command:
            - date
            image: busybox
            name: c
            resources: {}
          restartPolicy: OnFailure
  schedule: '*/5 * * * *'
status: {}
"#,
        ),
        (
            r#"create namespace dev --dry-run=client -o json"#,
            r#"{
    "kind": "Namespace",
    "apiVersion": "v1",
    "metadata": {
        "name": "dev",
        "creationTimestamp": null
    },
    "spec": {},
    "status": {}
}
"#,
        ),
        (
            r#"create namespace dev --dry-run=client -o yaml"#,
            r#"apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: null
  name: dev
spec: {}
status: {}
"#,
        ),
        (
            r#"create service clusterip web --tcp=80:8080 --dry-run=client -o json"#,
            r#"{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "ports": [
            {
                "name": "80-8080",
                "protocol": "TCP",
                "port": 80,
                "targetPort": 8080
            }
        ],
        "selector": {
            "app": "web"
        },
        "type": "ClusterIP"
    },
    "status": {
        "loadBalancer": {}
    }
}
"#,
        ),
        (
            r#"create service nodeport web --tcp=80:http,443 --node-port=30080 --dry-run=client -o json"#,
            r#"{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "ports": [
            {
                "name": "80-http",
                "protocol": "TCP",
                "port": 80,
                "targetPort": "http",
                "nodePort": 30080
            },
            {
                "name": "443",
                "protocol": "TCP",
                "port": 443,
                "targetPort": 443,
                "nodePort": 30080
            }
        ],
        "selector": {
            "app": "web"
        },
        "type": "NodePort"
    },
    "status": {
        "loadBalancer": {}
    }
}
"#,
        ),
        (
            r#"create service clusterip h --clusterip=None --dry-run=client -o yaml"#,
            r#"apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: h
  name: h
spec:
  clusterIP: None
  selector:
    app: h
  type: ClusterIP
status:
  loadBalancer: {}
"#,
        ),
        (
            r#"create service externalname ext --external-name=example.com --dry-run=client -o json"#,
            r#"{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "ext",
        "creationTimestamp": null,
        "labels": {
            "app": "ext"
        }
    },
    "spec": {
        "selector": {
            "app": "ext"
        },
        "type": "ExternalName",
        "externalName": "example.com"
    },
    "status": {
        "loadBalancer": {}
    }
}
"#,
        ),
        (
            r#"create service loadbalancer lb --tcp=80 --dry-run=client -o yaml"#,
            r#"apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: lb
  name: lb
spec:
  ports:
  - name: "80"
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: lb
  type: LoadBalancer
status:
  loadBalancer: {}
"#,
        ),
        (
            r#"create deployment web --image=nginx --dry-run=client"#,
            r#"deployment.apps/web created (dry run)
"#,
        ),
        (
            r#"create deployment web --image=nginx --dry-run=client -o name"#,
            r#"deployment.apps/web
"#,
        ),
    ];
    for (line, want) in cases {
        assert_eq!(run(line), *want, "{line}");
    }
}

/// Typed objects kubectl prints (set image/env results) follow the Go field order at every level.
#[test]
fn typed_objects_print_in_go_struct_order() {
    let pod = crate::json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"labels": {"b": "2", "a": "1"}, "name": "p", "namespace": "default"},
        "spec": {"restartPolicy": "Always", "containers": [{"resources": {}, "image": "x", "name": "c"}]},
        "status": {"phase": "Pending"},
    });
    let text = super::go_json_compact(&pod, Some(crate::api::Kind::Pod));
    assert_eq!(
        text,
        r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"default","labels":{"a":"1","b":"2"}},"spec":{"containers":[{"name":"c","image":"x","resources":{}}],"restartPolicy":"Always"},"status":{"phase":"Pending"}}"#
    );
}
