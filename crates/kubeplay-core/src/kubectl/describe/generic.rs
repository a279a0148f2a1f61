//! The generic describer kubectl uses for kinds without their own (here ControllerRevision and
//! Event): name, namespace, labels, annotations, then every other field of the object as
//! served (`genericDescriber`, `printUnstructuredContent`, `smartLabelFor`).

use crate::json::{Map, Value};

use super::writer::*;
use super::Ctx;
use crate::api::Object;

/// The fields `genericDescriber` leaves out of the content it prints.
const SKIP: &[&str] =
    &[".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];

/// `genericDescriber.Describe`.
pub fn describe_generic(ctx: &Ctx, obj: &Object) -> String {
    let m = obj.meta();
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    if let Value::Object(content) = obj.to_printed_value() {
        print_unstructured_content(&mut w, LEVEL_0, &content, "");
    }
    if let Some(ev) = ctx.events_about(obj.kind().name(), &m.namespace, &m.name, &m.uid) {
        describe_events(&mut w, &ev, ctx.now);
    }
    w.finish()
}

/// `printUnstructuredContent`: fields sorted, maps and lists nested one level deeper.
pub fn print_unstructured_content(w: &mut Writer, level: usize, content: &Map<String, Value>, skip_prefix: &str) {
    for (field, value) in content {
        let skip_expr = format!("{skip_prefix}.{field}");
        if SKIP.contains(&skip_expr.as_str()) {
            continue;
        }
        match value {
            Value::Object(map) => {
                w.writef(level, format_args!("{}:\n", smart_label_for(field)));
                print_unstructured_content(w, level + 1, map, &skip_expr);
            }
            Value::Array(items) => {
                w.writef(level, format_args!("{}:\n", smart_label_for(field)));
                for child in items {
                    match child {
                        Value::Object(map) => print_unstructured_content(w, level + 1, map, &skip_expr),
                        other => w.writef(level + 1, format_args!("{}\n", go_value(other))),
                    }
                }
            }
            other => w.writef(level, format_args!("{}:\t{}\n", smart_label_for(field), go_value(other))),
        }
    }
}

/// Go's `%v` of a decoded JSON value.
fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(go_value).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", go_value(v))).collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// `smartLabelFor`: `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`;
/// names with characters other than letters and `-` are kept as they are.
pub fn smart_label_for(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: [&str; 5] = ["API", "URL", "UID", "OSB", "GUID"];
    camelcase_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let upper = p.to_ascii_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else {
                title(&p)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `strings.Title`: the first letter of each word in upper case (field names are ASCII, so std's
/// Unicode case tables are not needed).
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter && c.is_alphabetic() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

/// `camelcase.Split` (fatih/camelcase): runs of lower, upper, digit and other characters, with
/// the last letter of an upper-case run moved to a following lower-case run.
pub fn camelcase_split(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(run) if k == last => run.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        let upper_then_lower =
            runs[i].first().is_some_and(|c| c.is_uppercase()) && runs[i + 1].first().is_some_and(|c| c.is_lowercase());
        if upper_then_lower {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    runs.into_iter().filter(|r| !r.is_empty()).map(|r| r.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn camelcase_splits_as_fatih_camelcase() {
        let cases: [(&str, &[&str]); 8] = [
            ("lowercase", &["lowercase"]),
            ("MyClass", &["My", "Class"]),
            ("HTML", &["HTML"]),
            ("PDFLoader", &["PDF", "Loader"]),
            ("vimRPCPlugin", &["vim", "RPC", "Plugin"]),
            ("GL11Version", &["GL", "11", "Version"]),
            ("hostIPs", &["host", "I", "Ps"]),
            ("pod-template-hash", &["pod", "-", "template", "-", "hash"]),
        ];
        for (input, want) in cases {
            assert_eq!(camelcase_split(input), want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{input}");
        }
    }

    // Upstream TestDescribeUnstructuredContent (without its two extra skips).
    #[test]
    fn unstructured_content_prints_sorted_smart_labels() {
        let obj = json!({
            "apiVersion": "v1",
            "kind": "Test",
            "dummyDummy": "present",
            "dummy/dummy": "present",
            "dummy-dummy@dummy": "present",
            "dummy-dummy": "present",
            "dummy2": "present",
            "metadata": {
                "name": "MyName",
                "namespace": "MyNamespace",
                "creationTimestamp": "2017-04-01T00:00:00Z",
                "resourceVersion": 123,
                "uid": "00000000-0000-0000-0000-000000000001",
            },
            "items": [{"itemBool": true, "itemInt": 42}],
            "url": "http://localhost",
            "status": "ok",
        });
        let mut w = Writer::new();
        if let Value::Object(m) = &obj {
            print_unstructured_content(&mut w, LEVEL_0, m, "");
        }
        let out = w.finish();
        // Upstream's expectation is the raw PrefixWriter text; describe aligns it with its tabwriter.
        let upstream = "API Version:\tv1\nDummy - Dummy:\tpresent\ndummy-dummy@dummy:\tpresent\ndummy/dummy:\tpresent\ndummy2:\tpresent\nDummy Dummy:\tpresent\nItems:\n  Item Bool:\ttrue\n  Item Int:\t42\nKind:\tTest\nMetadata:\n  Creation Timestamp:\t2017-04-01T00:00:00Z\n  Resource Version:\t123\n  UID:\t00000000-0000-0000-0000-000000000001\nStatus:\tok\nURL:\thttp://localhost\n";
        let mut tw = crate::kubectl::printers::tabwriter::TabWriter::for_describe();
        tw.write(upstream);
        assert_eq!(out, tw.flush());
        assert!(out.starts_with("API Version:        v1\nDummy - Dummy:      present\n"));
    }
}
