//! Objects printed by the real kubectl v1.32.4 with `-o json` and `-o yaml`: each case is a command run
//! against kubectl (client side: `--dry-run=client`, or `annotate --local` over a file for free-form
//! objects), with both outputs pasted verbatim. The JSON output is the input of both printers.

use crate::json::Value;

use super::super::json::to_json;
use super::{to_yaml, to_yaml_documents, try_to_yaml};

struct Case {
    /// What the case shows.
    name: &'static str,
    /// The kubectl command line the outputs came from.
    command: &'static str,
    /// kubectl's `-o json` output.
    json: &'static str,
    /// kubectl's `-o yaml` output.
    yaml: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "a plain word stays plain",
        command: "kubectl create configmap c --from-literal=k=VALUE",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "VALUE"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: VALUE
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a string reading as a boolean is double-quoted",
        command: "kubectl create configmap c --from-literal=k=true",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "true"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "true"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a string reading as an integer is double-quoted",
        command: "kubectl create configmap c --from-literal=k=1",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "1"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a string reading as a float is double-quoted",
        command: "kubectl create configmap c --from-literal=k=1.5",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1.5"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "1.5"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a string reading as an octal integer is double-quoted",
        command: "kubectl create configmap c --from-literal=k=0755",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "0755"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "0755"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a string reading as null is double-quoted",
        command: "kubectl create configmap c --from-literal=k=null",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "null"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "null"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a tilde is double-quoted",
        command: "kubectl create configmap c --from-literal=k=~",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "~"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "~"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an empty string is double-quoted",
        command: "kubectl create configmap c --from-literal=k=",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": ""
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: ""
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "y of YAML 1.1 is double-quoted",
        command: "kubectl create configmap c --from-literal=k=y",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "y"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "y"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "yes of YAML 1.1 is double-quoted",
        command: "kubectl create configmap c --from-literal=k=yes",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "yes"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "yes"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "on of YAML 1.1 is double-quoted",
        command: "kubectl create configmap c --from-literal=k=On",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "On"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "On"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an RFC 3339 timestamp is double-quoted",
        command: "kubectl create configmap c --from-literal=k=2024-01-15T10:00:00Z",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "2024-01-15T10:00:00Z"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "2024-01-15T10:00:00Z"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a date is double-quoted",
        command: "kubectl create configmap c --from-literal=k=2024-01-15",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "2024-01-15"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "2024-01-15"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a space-separated timestamp is double-quoted",
        command: "kubectl create configmap c --from-literal=k=2024-01-15 10:00:00.5",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "2024-01-15 10:00:00.5"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "2024-01-15 10:00:00.5"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an impossible date stays plain",
        command: "kubectl create configmap c --from-literal=k=2024-02-30",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "2024-02-30"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 2024-02-30
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a timestamp without a zone stays plain",
        command: "kubectl create configmap c --from-literal=k=2024-01-15T10:00:00",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "2024-01-15T10:00:00"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 2024-01-15T10:00:00
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an exponent number is double-quoted",
        command: "kubectl create configmap c --from-literal=k=1e3",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1e3"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "1e3"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an infinity is double-quoted",
        command: "kubectl create configmap c --from-literal=k=.inf",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": ".inf"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: ".inf"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a sexagesimal number is double-quoted",
        command: "kubectl create configmap c --from-literal=k=1:20",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1:20"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "1:20"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a hexadecimal number is double-quoted",
        command: "kubectl create configmap c --from-literal=k=0x1F",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "0x1F"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "0x1F"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a number with underscores is double-quoted",
        command: "kubectl create configmap c --from-literal=k=1_000",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1_000"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "1_000"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an overflowing float stays plain",
        command: "kubectl create configmap c --from-literal=k=1e400",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1e400"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 1e400
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a version with two dots stays plain",
        command: "kubectl create configmap c --from-literal=k=1.2.3",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1.2.3"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 1.2.3
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading space is single-quoted",
        command: "kubectl create configmap c --from-literal=k= x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": " x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: ' x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a trailing space is single-quoted",
        command: "kubectl create configmap c --from-literal=k=x ",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "x "
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 'x '
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "colon space is single-quoted",
        command: "kubectl create configmap c --from-literal=k=a: b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a: b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 'a: b'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "space hash is single-quoted",
        command: "kubectl create configmap c --from-literal=k=a #b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a #b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 'a #b'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a colon without space stays plain",
        command: "kubectl create configmap c --from-literal=k=a:b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a:b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: a:b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a hash without space stays plain",
        command: "kubectl create configmap c --from-literal=k=a#b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a#b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: a#b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a trailing colon is single-quoted",
        command: "kubectl create configmap c --from-literal=k=x:",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "x:"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 'x:'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading star is single-quoted",
        command: "kubectl create configmap c --from-literal=k=*x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "*x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '*x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading amp is single-quoted",
        command: "kubectl create configmap c --from-literal=k=&x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "\u0026x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '&x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading bang is single-quoted",
        command: "kubectl create configmap c --from-literal=k=!x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "!x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '!x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading pipe is single-quoted",
        command: "kubectl create configmap c --from-literal=k=|x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "|x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '|x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading gt is single-quoted",
        command: "kubectl create configmap c --from-literal=k=>x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "\u003ex"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '>x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading quote is single-quoted",
        command: "kubectl create configmap c --from-literal=k='x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "'x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '''x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading dq is single-quoted",
        command: "kubectl create configmap c --from-literal=k=\\\"x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "\"x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '"x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading pct is single-quoted",
        command: "kubectl create configmap c --from-literal=k=%x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "%x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '%x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading at is single-quoted",
        command: "kubectl create configmap c --from-literal=k=@x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "@x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '@x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading tick is single-quoted",
        command: "kubectl create configmap c --from-literal=k=`x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "`x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '`x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading bracket is single-quoted",
        command: "kubectl create configmap c --from-literal=k=[x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "[x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '[x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading brace is single-quoted",
        command: "kubectl create configmap c --from-literal=k={x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "{x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '{x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading comma is single-quoted",
        command: "kubectl create configmap c --from-literal=k=,x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": ",x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: ',x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading hash is single-quoted",
        command: "kubectl create configmap c --from-literal=k=#x",
        json: r##"{
    "apiVersion": "v1",
    "data": {
        "k": "#x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"##,
        yaml: r#"apiVersion: v1
data:
  k: '#x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a dash and space is single-quoted",
        command: "kubectl create configmap c --from-literal=k=- x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "- x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '- x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a dash without space stays plain",
        command: "kubectl create configmap c --from-literal=k=-x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "-x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: -x
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a question mark without space stays plain",
        command: "kubectl create configmap c --from-literal=k=?x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "?x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: ?x
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a question mark and space is single-quoted",
        command: "kubectl create configmap c --from-literal=k=? x",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "? x"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '? x'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "three dashes are single-quoted",
        command: "kubectl create configmap c --from-literal=k=---",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "---"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '---'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a cron schedule is single-quoted",
        command: "kubectl create configmap c --from-literal=k=*/5 * * * *",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "*/5 * * * *"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '*/5 * * * *'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an inner apostrophe stays plain",
        command: "kubectl create configmap c --from-literal=k=it's",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "it's"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: it's
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "single quotes are doubled inside single quotes",
        command: "kubectl create configmap c --from-literal=k='it''s'",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "'it''s'"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: '''it''''s'''
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a tab is double-quoted",
        command: "kubectl create configmap c --from-literal=k=a\\tb",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a\tb"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "a\tb"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "chinese text stays plain",
        command: "kubectl create configmap c --from-literal=k=\\u4e2d\\u6587\\u5b57\\u7b26",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "中文字符"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: 中文字符
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "accented letters stay plain",
        command: "kubectl create configmap c --from-literal=k=caf\\u00e9",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "café"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: café
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an emoji is escaped in double quotes",
        command: "kubectl create configmap c --from-literal=k=ok \\ud83d\\ude00",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "ok 😀"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "ok \U0001F600"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a no-break space stays plain",
        command: "kubectl create configmap c --from-literal=k=a\\u00a0b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: a b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading byte order mark escapes every character",
        command: "kubectl create configmap c --from-literal=k=\\ufeffab c",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "﻿ab c"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "\uFEFF\x61\x62\x20\x63"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "an inner byte order mark is escaped",
        command: "kubectl create configmap c --from-literal=k=a\\ufeffb",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "a﻿b"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: "a\uFEFFb"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a backslash stays plain",
        command: "kubectl create configmap c --from-literal=k=C:\\\\path",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "k": "C:\\path"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  k: C:\path
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "text without a final newline is a stripped literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"line1\\nline2\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "line1\nline2"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |-
    line1
    line2
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "text with a final newline is a clipped literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"line1\\nline2\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "line1\nline2\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |
    line1
    line2
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "text with two final newlines is a kept literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"line1\\n\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "line1\n\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |+
    line1

kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a single newline is a kept literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |2+

kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading space gets an indentation indicator",
        command: "kubectl create configmap c --from-file=f=<file holding \"  indented\\nx\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "  indented\nx\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |2
      indented
    x
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a leading newline gets an indentation indicator",
        command: "kubectl create configmap c --from-file=f=<file holding \"\\nleading\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "\nleading"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |2-

    leading
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a space before a newline forces double quotes",
        command: "kubectl create configmap c --from-file=f=<file holding \"a \\nb\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "a \nb\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: "a \nb\n"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a line starting with a space stays literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"a\\n b\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "a\n b\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |
    a
     b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a tab in multi-line text forces double quotes",
        command: "kubectl create configmap c --from-file=f=<file holding \"a\\n\\tb\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "a\n\tb\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: "a\n\tb\n"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "carriage returns force double quotes",
        command: "kubectl create configmap c --from-file=f=<file holding \"a\\r\\nb\\r\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "a\r\nb\r\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: "a\r\nb\r\n"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "blank lines inside a literal have no indentation",
        command: "kubectl create configmap c --from-file=f=<file holding \"a\\n\\n\\nb\\n\">",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "a\n\n\nb\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |
    a


    b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a long plain line is folded after column 80",
        command: "kubectl create configmap c --from-file=f=<file holding \"lorem ipsum dolor sit amet consectetur adipiscing elit sed >",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor
    incididunt ut labore et dolore magna aliqua
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a long single-quoted line is folded",
        command: "kubectl create configmap c --from-file=f=<file holding \"'lorem ipsum dolor sit amet consectetur adipiscing elit sed>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: '''lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor
    incididunt ut labore et dolore magna aliqua'
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a long double-quoted line is folded",
        command: "kubectl create configmap c --from-file=f=<file holding \"\\tlorem ipsum dolor sit amet consectetur adipiscing elit se>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "\tlorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: "\tlorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor
    incididunt ut labore et dolore magna aliqua lorem ipsum dolor sit amet consectetur
    adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "double spaces at a fold are escaped",
        command: "kubectl create configmap c --from-file=f=<file holding \"abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcde>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh  x abcdefgh abcdefgh abcdefgh abcdefgh\t"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: "abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh
    \ x abcdefgh abcdefgh abcdefgh abcdefgh\t"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a long line without spaces is not folded",
        command: "kubectl create configmap c --from-file=f=<file holding \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "lines of a literal are never folded",
        command: "kubectl create configmap c --from-file=f=<file holding \"lorem ipsum dolor sit amet consectetur adipiscing elit sed >",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua\nlorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |
    lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua
    lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a long line with leading spaces in a literal",
        command: "kubectl create configmap c --from-file=f=<file holding \"  lorem ipsum dolor sit amet consectetur adipiscing elit se>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "f": "  lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua\n"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  f: |2
      lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "keys sort with digit runs as numbers",
        command: "kubectl create configmap c --from-literal a10, a9, a1, A, B, b",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "A": "1",
        "B": "2",
        "a1": "z",
        "a10": "x",
        "a9": "y",
        "b": "3"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  A: "1"
  B: "2"
  a1: z
  a9: "y"
  a10: x
  b: "3"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "keys sort punctuation before digits before letters",
        command: "kubectl create configmap c --from-literal app, app.kubernetes.io, app-x, app_x, app0, appx, app9",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "app": "1",
        "app-x": "3",
        "app.kubernetes.io": "2",
        "app0": "5",
        "app9": "7",
        "app_x": "4",
        "appx": "6"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  app: "1"
  app-x: "3"
  app.kubernetes.io: "2"
  app_x: "4"
  app0: "5"
  app9: "7"
  appx: "6"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "keys with leading zeros sort by length",
        command: "kubectl create configmap c --from-literal x001, x01, x1, x10, x2",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "x001": "a",
        "x01": "b",
        "x1": "c",
        "x10": "d",
        "x2": "e"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  x1: c
  x01: b
  x001: a
  x2: e
  x10: d
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a key reading as a boolean is double-quoted",
        command: "kubectl create configmap c --from-literal=true=v",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "true": "v"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  "true": v
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a key reading as a number is double-quoted",
        command: "kubectl create configmap c --from-literal=1=v",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "1": "v"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  "1": v
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a key longer than 128 bytes is written as a complex key",
        command: "kubectl create configmap c --from-literal=kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk=v",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "v"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  : v
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a key of 128 bytes is still a simple key",
        command: "kubectl create configmap c --from-literal=kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk=v",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "v"
    },
    "kind": "ConfigMap",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: v
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"#,
    },
    Case {
        name: "a deployment",
        command: "kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80",
        json: r#"{
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        },
        "name": "web"
    },
    "spec": {
        "replicas": 3,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "strategy": {},
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
                        "image": "nginx:1.25",
                        "name": "nginx",
                        "ports": [
                            {
                                "containerPort": 80
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        }
    },
    "status": {}
}
"#,
        yaml: r#"apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
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
      - image: nginx:1.25
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
"#,
    },
    Case {
        name: "a deployment with two containers",
        command: "kubectl create deployment x --image=nginx --image=busybox",
        json: r#"{
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {
        "creationTimestamp": null,
        "labels": {
            "app": "x"
        },
        "name": "x"
    },
    "spec": {
        "replicas": 1,
        "selector": {
            "matchLabels": {
                "app": "x"
            }
        },
        "strategy": {},
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "x"
                }
            },
            "spec": {
                "containers": [
                    {
                        "image": "nginx",
                        "name": "nginx",
                        "resources": {}
                    },
                    {
                        "image": "busybox",
                        "name": "busybox",
                        "resources": {}
                    }
                ]
            }
        }
    },
    "status": {}
}
"#,
        yaml: r#"apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: x
  name: x
spec:
  replicas: 1
  selector:
    matchLabels:
      app: x
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: x
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
      - image: busybox
        name: busybox
        resources: {}
status: {}
"#,
    },
    Case {
        name: "a service",
        command: "kubectl create service clusterip s --tcp=80:8080 --tcp=443:8443",
        json: r#"{
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {
        "creationTimestamp": null,
        "labels": {
            "app": "s"
        },
        "name": "s"
    },
    "spec": {
        "ports": [
            {
                "name": "80-8080",
                "port": 80,
                "protocol": "TCP",
                "targetPort": 8080
            },
            {
                "name": "443-8443",
                "port": 443,
                "protocol": "TCP",
                "targetPort": 8443
            }
        ],
        "selector": {
            "app": "s"
        },
        "type": "ClusterIP"
    },
    "status": {
        "loadBalancer": {}
    }
}
"#,
        yaml: r#"apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: s
  name: s
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  - name: 443-8443
    port: 443
    protocol: TCP
    targetPort: 8443
  selector:
    app: s
  type: ClusterIP
status:
  loadBalancer: {}
"#,
    },
    Case {
        name: "a cronjob",
        command: "kubectl create cronjob c --image=busybox --schedule='*/5 * * * *' -- sh -c 'echo hello; date'",
        json: r#"{
    "apiVersion": "batch/v1",
    "kind": "CronJob",
    "metadata": {
        "creationTimestamp": null,
        "name": "c"
    },
    "spec": {
        "jobTemplate": {
            "metadata": {
                "creationTimestamp": null,
                "name": "c"
            },
            "spec": {
                "template": {
                    "metadata": {
                        "creationTimestamp": null
                    },
                    "spec": {
                        "containers": [
                            {
                                "command": [
                                    "sh",
                                    "-c",
                                    "echo hello; date"
                                ],
                                "image": "busybox",
                                "name": "c",
                                "resources": {}
                            }
                        ],
                        "restartPolicy": "OnFailure"
                    }
                }
            }
        },
        "schedule": "*/5 * * * *"
    },
    "status": {}
}
"#,
        yaml: r#"apiVersion: batch/v1
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
            - sh
            - -c
            - echo hello; date
            image: busybox
            name: c
            resources: {}
          restartPolicy: OnFailure
  schedule: '*/5 * * * *'
status: {}
"#,
    },
    Case {
        name: "a job",
        command: "kubectl create job j --image=busybox -- echo 'hello world' true 8080",
        json: r#"{
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {
        "creationTimestamp": null,
        "name": "j"
    },
    "spec": {
        "template": {
            "metadata": {
                "creationTimestamp": null
            },
            "spec": {
                "containers": [
                    {
                        "command": [
                            "echo",
                            "hello world",
                            "true",
                            "8080"
                        ],
                        "image": "busybox",
                        "name": "j",
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
        yaml: r#"apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: j
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - echo
        - hello world
        - "true"
        - "8080"
        image: busybox
        name: j
        resources: {}
      restartPolicy: Never
status: {}
"#,
    },
    Case {
        name: "a secret",
        command: "kubectl create secret generic s --from-literal=password=s3cr3t --from-literal=user=admin",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "password": "czNjcjN0",
        "user": "YWRtaW4="
    },
    "kind": "Secret",
    "metadata": {
        "creationTimestamp": null,
        "name": "s"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  password: czNjcjN0
  user: YWRtaW4=
kind: Secret
metadata:
  creationTimestamp: null
  name: s
"#,
    },
    Case {
        name: "a namespace",
        command: "kubectl create namespace dev",
        json: r#"{
    "apiVersion": "v1",
    "kind": "Namespace",
    "metadata": {
        "creationTimestamp": null,
        "name": "dev"
    },
    "spec": {},
    "status": {}
}
"#,
        yaml: r#"apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: null
  name: dev
spec: {}
status: {}
"#,
    },
    Case {
        name: "a quota with quantities",
        command: "kubectl create quota q --hard=cpu=1,memory=1Gi,pods=10",
        json: r#"{
    "apiVersion": "v1",
    "kind": "ResourceQuota",
    "metadata": {
        "creationTimestamp": null,
        "name": "q"
    },
    "spec": {
        "hard": {
            "cpu": "1",
            "memory": "1Gi",
            "pods": "10"
        }
    },
    "status": {}
}
"#,
        yaml: r#"apiVersion: v1
kind: ResourceQuota
metadata:
  creationTimestamp: null
  name: q
spec:
  hard:
    cpu: "1"
    memory: 1Gi
    pods: "10"
status: {}
"#,
    },
    Case {
        name: "numbers as Go writes int64 and float64",
        command: "kubectl patch --local -p '{}' -f <a ConfigMap with extra number fields>",
        json: r#"{
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {
        "name": "n"
    },
    "numbers": {
        "beyondInt64": 12345678901234567000,
        "big": 1e+21,
        "half": 0.5,
        "hundredQuintillion": 100000000000000000000,
        "int": 42,
        "int64Max": 9223372036854775807,
        "int64Min": -9223372036854775808,
        "micro": 0.000001,
        "million": 1234567.5,
        "negative": -7,
        "negativeZero": 0,
        "small": 1e-7,
        "thousands": 123456.5,
        "tiny": 0.000025,
        "whole": 3
    }
}
"#,
        yaml: r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: "n"
numbers:
  beyondInt64: 12345678901234567000
  big: 1e+21
  half: 0.5
  hundredQuintillion: 1e+20
  int: 42
  int64Max: 9223372036854775807
  int64Min: -9223372036854775808
  micro: 1e-06
  million: 1.2345675e+06
  negative: -7
  negativeZero: 0
  small: 1e-07
  thousands: 123456.5
  tiny: 2.5e-05
  whole: 3
"#,
    },
    Case {
        name: "nested sequences and empty collections",
        command: "kubectl patch --local -p '{}' -f <a ConfigMap with nested lists and maps>",
        json: r#"{
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {
        "name": "n"
    },
    "nested": {
        "empty": {},
        "emptyList": [],
        "lists": [
            [
                1,
                2
            ],
            [],
            [
                [
                    3
                ]
            ],
            {},
            {
                "a": [],
                "b": {}
            },
            null,
            true,
            "s"
        ],
        "maps": [
            {
                "x": 1,
                "y": [
                    {
                        "z": 2
                    }
                ]
            }
        ],
        "none": null
    }
}
"#,
        yaml: r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: "n"
nested:
  empty: {}
  emptyList: []
  lists:
  - - 1
    - 2
  - []
  - - - 3
  - {}
  - a: []
    b: {}
  - null
  - true
  - s
  maps:
  - x: 1
    "y":
    - z: 2
  none: null
"#,
    },
    Case {
        name: "keys outside ASCII sort after ASCII letters",
        command: "kubectl patch --local -p '{}' -f <a ConfigMap with non-ASCII keys>",
        json: r#"{
    "apiVersion": "v1",
    "keys": {
        "-": 6,
        "10": 8,
        "9": 7,
        "Z": 5,
        "e": 3,
        "z": 2,
        "é": 1,
        "中": 4
    },
    "kind": "ConfigMap",
    "metadata": {
        "name": "n"
    }
}
"#,
        yaml: r#"apiVersion: v1
keys:
  '-': 6
  "9": 7
  "10": 8
  Z: 5
  e: 3
  z: 2
  é: 1
  中: 4
kind: ConfigMap
metadata:
  name: "n"
"#,
    },
    Case {
        name: "HTML characters and line separators in JSON strings",
        command: "kubectl patch --local -p '{}' -f <a ConfigMap with HTML and control characters>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "controls": "\u0000\u0001\b\f\u001b",
        "html": "\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e",
        "quotes": "\"'\\",
        "separators": "a\u2028b\u2029c"
    },
    "kind": "ConfigMap",
    "metadata": {
        "name": "n"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  controls: "\0\x01\b\f\e"
  html: <a href="x">&amp;</a>
  quotes: '"''\'
  separators: 'a     b     c'
kind: ConfigMap
metadata:
  name: "n"
"#,
    },
    Case {
        name: "a next-line character folds to a space",
        command: "kubectl patch --local -p '{}' -f <a ConfigMap with U+0085>",
        json: r#"{
    "apiVersion": "v1",
    "data": {
        "one": "a  b",
        "two": "ab"
    },
    "kind": "ConfigMap",
    "metadata": {
        "name": "n"
    }
}
"#,
        yaml: r#"apiVersion: v1
data:
  one: a b
  two: |-
    a
    b
kind: ConfigMap
metadata:
  name: "n"
"#,
    },
];

fn parse(case: &Case) -> Value {
    match crate::json::from_str(case.json) {
        Ok(value) => value,
        Err(error) => panic!("{}: {error}", case.name),
    }
}

#[test]
fn objects_print_as_kubectl_prints_them_with_o_yaml() {
    for case in CASES {
        assert_eq!(to_yaml(&parse(case)), case.yaml, "{}\n{}", case.name, case.command);
        assert_eq!(try_to_yaml(&parse(case)).as_deref(), Ok(case.yaml), "{}", case.name);
    }
}

#[test]
fn objects_print_as_kubectl_prints_them_with_o_json() {
    for case in CASES {
        assert_eq!(to_json(&parse(case)), case.json, "{}\n{}", case.name, case.command);
    }
}

/// `kubectl annotate --local --overwrite h=h -f <a List of a ConfigMap and a Secret> -o yaml`: one document
/// per object.
const SEVERAL_OBJECTS_YAML: &str = r#"apiVersion: v1
data:
  k: "1"
kind: ConfigMap
metadata:
  annotations:
    h: h
  name: a
---
apiVersion: v1
kind: Secret
metadata:
  annotations:
    h: h
  name: b
stringData:
  k: x y
"#;

#[test]
fn several_objects_print_as_documents_separated_by_three_dashes() {
    let items = [
        crate::json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "annotations": {"h": "h"}},
            "data": {"k": "1"}}),
        crate::json::json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b", "annotations": {"h": "h"}},
            "stringData": {"k": "x y"}}),
    ];
    assert_eq!(to_yaml_documents(&items), SEVERAL_OBJECTS_YAML);
    // With -o json the same command prints the objects one after the other.
    let json: String = items.iter().map(to_json).collect();
    assert_eq!(
        json,
        r#"{
    "apiVersion": "v1",
    "data": {
        "k": "1"
    },
    "kind": "ConfigMap",
    "metadata": {
        "annotations": {
            "h": "h"
        },
        "name": "a"
    }
}
{
    "apiVersion": "v1",
    "kind": "Secret",
    "metadata": {
        "annotations": {
            "h": "h"
        },
        "name": "b"
    },
    "stringData": {
        "k": "x y"
    }
}
"#
    );
}

#[test]
fn strings_yaml_cannot_read_back_give_kubectls_errors() {
    let object = |data: Value| {
        crate::json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "annotations": {"h": "h"}},
            "data": data})
    };
    // kubectl annotate --local --overwrite h=h -f <file> -o yaml, stderr (exit code 1).
    let cases = [
        (object(crate::json::json!({"k": "a\u{7f}b", "\u{85}x": "1"})), "yaml: control characters are not allowed"),
        (
            object(crate::json::json!({"k": "a\u{85}b", "z\u{85}x": "1"})),
            "yaml: line 2: did not find expected ',' or '}'",
        ),
        (object(crate::json::json!({"k": "ab", "\u{85}x": "1"})), "yaml: line 1: did not find expected ',' or '}'"),
    ];
    for (value, expected) in cases {
        assert_eq!(try_to_yaml(&value), Err(expected.to_owned()));
    }
}

#[test]
fn a_list_of_ten_thousand_objects_prints_every_item_once() {
    let items: Vec<Value> = (0..10_000)
        .map(|i| {
            crate::json::json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": format!("c{i}"), "labels": {"app": "web"}}, "data": {"k": "v"}})
        })
        .collect();
    let list = crate::json::json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
        "items": items});
    let yaml = to_yaml(&list);
    let item = "- apiVersion: v1\n  data:\n    k: v\n  kind: ConfigMap\n  metadata:\n    labels:\n      app: web\n    name: c0\n";
    assert!(yaml.starts_with(&format!("apiVersion: v1\nitems:\n{item}")));
    assert!(yaml.ends_with("    name: c9999\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"));
    assert_eq!(yaml.lines().count(), 2 + 10_000 * 8 + 3);
    let json = to_json(&list);
    assert_eq!(json.matches("\"kind\": \"ConfigMap\"").count(), 10_000);
}
