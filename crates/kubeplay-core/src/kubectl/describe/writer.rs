//! The describe output machinery: the PrefixWriter over Go's tabwriter, RFC 1123 timestamps, and
//! the shared multi-line printers (labels, annotations, tolerations, taints, selectors, events).

use std::collections::BTreeMap;

use crate::api::meta::{civil_from_unix, LabelSelector, ObjectMeta, Time};
use crate::api::pod::{Taint, Toleration};
use crate::cluster::events::EventRecord;
use crate::kubectl::printers::duration::human;
use crate::kubectl::printers::tabwriter::TabWriter;

pub const LEVEL_0: usize = 0;
pub const LEVEL_1: usize = 1;
pub const LEVEL_2: usize = 2;
pub const LEVEL_3: usize = 3;

/// The annotation describe never shows (`skipAnnotations`).
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Annotations longer than this are folded (`maxAnnotationLen`).
const MAX_ANNOTATION_LEN: usize = 140;

/// `prefixWriter` over `tabbedString`'s tabwriter (minwidth 0, padding 2), or straight into a
/// buffer (`NewPrefixWriter(buf)`, cells left separated by their tabs).
pub struct Writer {
    tw: Option<TabWriter>,
    out: String,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer { tw: Some(TabWriter::for_describe()), out: String::new() }
    }

    /// A writer without a tabwriter: what `rollout history --revision` and `rollout undo
    /// --dry-run` print a pod template through.
    pub fn unaligned() -> Writer {
        Writer { tw: None, out: String::new() }
    }

    fn emit(&mut self, text: &str) {
        match &mut self.tw {
            Some(tw) => tw.write(text),
            None => self.out.push_str(text),
        }
    }

    /// `prefixWriter.Write`: `level` × two spaces, once, before `text`.
    pub fn write(&mut self, level: usize, text: &str) {
        let mut s = "  ".repeat(level);
        s.push_str(text);
        self.emit(&escape_terminal(&s));
    }

    /// [`Writer::write`] of formatted text: one call where `&format!(..)` would also drop the
    /// text at every call site.
    #[inline(never)]
    pub fn writef(&mut self, level: usize, text: std::fmt::Arguments) {
        self.write(level, &text.to_string());
    }

    /// `prefixWriter.WriteLine`: the text and a newline, without indentation.
    pub fn line(&mut self, text: &str) {
        self.emit(&escape_terminal(text));
        self.emit("\n");
    }

    /// `prefixWriter.Flush`: aligns and emits everything written so far.
    pub fn flush(&mut self) {
        if let Some(tw) = &mut self.tw {
            let formatted = tw.flush();
            self.out.push_str(&formatted);
        }
    }

    /// The finished text (`tabbedString`).
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// `printers.EscapeTerminal`: ESC and CR made visible.
fn escape_terminal(s: &str) -> String {
    if !s.contains(['\x1b', '\r']) {
        return s.to_string();
    }
    s.replace('\x1b', "^[").replace('\r', "\\r")
}

/// `time.Time.Format(time.RFC1123Z)` in UTC; a missing time is Go's zero time.
pub fn rfc1123z(t: Option<Time>) -> String {
    let Some(t) = t else {
        return "Mon, 01 Jan 0001 00:00:00 +0000".to_string();
    };
    let secs = t.unix_seconds();
    let (y, mo, d, h, mi, s) = civil_from_unix(secs);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let weekday = DAYS.get(usize::try_from(secs.div_euclid(86_400).rem_euclid(7)).unwrap_or(0)).unwrap_or(&"Thu");
    let month = MONTHS.get(usize::try_from(mo - 1).unwrap_or(0)).unwrap_or(&"Jan");
    format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} +0000")
}

/// `translateTimestampSince`: the human age of `t`, `<unknown>` when unset.
pub fn since(now: Time, t: Option<Time>) -> String {
    match t {
        Some(t) => human(now.0 - t.0),
        None => "<unknown>".to_string(),
    }
}

/// `printBool`.
pub fn print_bool(v: bool) -> &'static str {
    if v {
        "True"
    } else {
        "False"
    }
}

/// `printBoolPtr`.
pub fn print_bool_ptr(v: Option<bool>) -> &'static str {
    v.map_or("<unset>", print_bool)
}

/// `printController`: `Kind/name` of the controller owner reference.
pub fn print_controller(meta: &ObjectMeta) -> Option<String> {
    meta.controller_ref().map(|r| format!("{}/{}", r.kind, r.name))
}

/// `printLabelsMultiline`.
pub fn print_labels_multiline(w: &mut Writer, title: &str, labels: &BTreeMap<String, String>) {
    print_labels_multiline_with_indent(w, "", title, "\t", labels);
}

/// `printLabelsMultilineWithIndent`: the first `k=v` on the title line, the rest below it.
pub fn print_labels_multiline_with_indent(
    w: &mut Writer,
    initial_indent: &str,
    title: &str,
    inner_indent: &str,
    labels: &BTreeMap<String, String>,
) {
    w.writef(LEVEL_0, format_args!("{initial_indent}{title}:{inner_indent}"));
    if labels.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, initial_indent);
            w.write(LEVEL_0, inner_indent);
        }
        w.writef(LEVEL_0, format_args!("{k}={v}\n"));
    }
}

/// `printAnnotationsMultiline`: `key: value`, long or multi-line values folded below the key.
pub fn print_annotations_multiline(w: &mut Writer, title: &str, annotations: &BTreeMap<String, String>) {
    w.writef(LEVEL_0, format_args!("{title}:\t"));
    let keys: Vec<&String> = annotations.keys().filter(|k| k.as_str() != LAST_APPLIED).collect();
    if keys.is_empty() {
        w.line("<none>");
        return;
    }
    let indent = "\t";
    for (i, key) in keys.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, indent);
        }
        let raw = annotations.get(key).map_or("", String::as_str);
        let value = raw.strip_suffix('\n').unwrap_or(raw);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.writef(LEVEL_0, format_args!("{key}:\n"));
            for s in value.split('\n') {
                w.writef(LEVEL_0, format_args!("{indent}  {}\n", shorten(s, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            w.writef(LEVEL_0, format_args!("{key}: {value}\n"));
        }
    }
}

/// `shorten`: the first `max` bytes and `...`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    // Go slices bytes; a cut inside a character keeps its leading bytes, which print as U+FFFD.
    let bytes = s.as_bytes().get(..max).unwrap_or(s.as_bytes());
    format!("{}...", String::from_utf8_lossy(bytes))
}

/// `printTolerationsMultilineWithIndent` with no indent.
pub fn print_tolerations_multiline(w: &mut Writer, title: &str, tolerations: &[Toleration]) {
    w.writef(LEVEL_0, format_args!("{title}:\t"));
    if tolerations.is_empty() {
        w.line("<none>");
        return;
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "");
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &toleration_string(t));
        w.write(LEVEL_0, "\n");
    }
}

/// One toleration as describe prints it: `key[=value][:effect][ op=Exists][ for Ns]`.
pub fn toleration_string(t: &Toleration) -> String {
    let mut s = t.key.clone();
    if !t.value.is_empty() {
        s.push('=');
        s.push_str(&t.value);
    }
    if !t.effect.is_empty() {
        s.push(':');
        s.push_str(&t.effect);
    }
    if t.operator == "Exists" && t.value.is_empty() {
        if !t.key.is_empty() || !t.effect.is_empty() {
            s.push_str(" op=Exists");
        } else {
            s.push_str("op=Exists");
        }
    }
    if let Some(secs) = t.toleration_seconds {
        s.push_str(&format!(" for {secs}s"));
    }
    s
}

/// `printNodeTaintsMultiline`: sorted by effect then key, each `Taint.ToString()`.
pub fn print_taints_multiline(w: &mut Writer, title: &str, taints: &[Taint]) {
    w.writef(LEVEL_0, format_args!("{title}:\t"));
    if taints.is_empty() {
        w.line("<none>");
        return;
    }
    let mut sorted: Vec<&Taint> = taints.iter().collect();
    sorted.sort_by_key(|t| format!("{},{}", t.effect, t.key));
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "");
            w.write(LEVEL_0, "\t");
        }
        w.writef(LEVEL_0, format_args!("{}\n", taint_string(t)));
    }
}

/// `Taint.ToString`: `key=value:Effect`, or `key:Effect` without a value.
pub fn taint_string(t: &Taint) -> String {
    if t.value.is_empty() {
        format!("{}:{}", t.key, t.effect)
    } else {
        format!("{}={}:{}", t.key, t.value, t.effect)
    }
}

/// `metav1.LabelSelectorAsSelector(s).String()`: requirements sorted by key, values sorted.
pub fn selector_string(sel: &LabelSelector) -> String {
    let mut reqs: Vec<(String, String)> = Vec::new();
    for (k, v) in &sel.match_labels {
        reqs.push((k.clone(), format!("{k}={v}")));
    }
    for r in &sel.match_expressions {
        let mut values = r.values.clone();
        values.sort();
        values.dedup();
        let text = match r.operator.as_str() {
            "In" => format!("{} in ({})", r.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", r.key, values.join(",")),
            "Exists" => r.key.clone(),
            "DoesNotExist" => format!("!{}", r.key),
            other => format!("{} {other} ({})", r.key, values.join(",")),
        };
        reqs.push((r.key.clone(), text));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    reqs.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(",")
}

/// `metav1.FormatLabelSelector`: like `selector_string`, `<none>` when empty.
pub fn format_label_selector(sel: &LabelSelector) -> String {
    let s = selector_string(sel);
    if s.is_empty() {
        "<none>".to_string()
    } else {
        s
    }
}

/// `labels.FormatLabels`: `k=v,k2=v2`, `<none>` when empty.
pub fn format_labels(map: &BTreeMap<String, String>) -> String {
    if map.is_empty() {
        "<none>".to_string()
    } else {
        crate::api::meta::format_labels(map)
    }
}

/// `DescribeEvents`: `Events:  <none>`, or a flush and the events table sorted by last time.
pub fn describe_events(w: &mut Writer, events: &[EventRecord<'_>], now: Time) {
    if events.is_empty() {
        w.write(LEVEL_0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    let mut sorted: Vec<EventRecord<'_>> = events.to_vec();
    // sort.Sort on lastTimestamp (seconds); insertion order breaks ties as Go's small-slice sort does.
    sorted.sort_by_key(|e| Time::from_sim(e.last));
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
    for e in sorted {
        let first = since(now, Some(Time::from_sim(e.first)));
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", since(now, Some(Time::from_sim(e.last))), e.count)
        } else {
            first
        };
        w.writef(
            LEVEL_1,
            format_args!("{}\t{}\t{interval}\t{}\t{}\n", e.type_.as_str(), e.reason, e.component, e.message.trim()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn timestamps_print_as_rfc1123z_in_utc() {
        let cases = [
            (Time::parse_rfc3339("2026-01-01T00:00:05Z"), "Thu, 01 Jan 2026 00:00:05 +0000"),
            (Time::parse_rfc3339("2021-01-01T00:00:00Z"), "Fri, 01 Jan 2021 00:00:00 +0000"),
            (Time::parse_rfc3339("2023-11-14T10:02:11Z"), "Tue, 14 Nov 2023 10:02:11 +0000"),
            (None, "Mon, 01 Jan 0001 00:00:00 +0000"),
        ];
        for (t, want) in cases {
            assert_eq!(rfc1123z(t), want);
        }
    }

    // Upstream TestPrintLabelsMultiline.
    #[test]
    fn labels_print_one_per_line_aligned_under_the_first() {
        let cases = [
            (labels(&[("key", "value")]), "Labels:  key=value\n"),
            (labels(&[("key1", "value1"), ("key2", "value2")]), "Labels:  key1=value1\n         key2=value2\n"),
            (labels(&[]), "Labels:  <none>\n"),
        ];
        for (l, want) in cases {
            let mut w = Writer::new();
            print_labels_multiline(&mut w, "Labels", &l);
            assert_eq!(w.finish(), want);
        }
    }

    #[test]
    fn annotations_skip_last_applied_and_fold_long_values() {
        let long = "x".repeat(150);
        let cases = [
            (labels(&[(LAST_APPLIED, "{}")]), "Annotations:  <none>\n".to_string()),
            (
                labels(&[("a", "1"), ("b", "two\nlines\n")]),
                "Annotations:  a: 1\n              b:\n                two\n                lines\n".to_string(),
            ),
            (labels(&[("k", long.as_str())]), format!("Annotations:  k:\n                {}...\n", "x".repeat(138))),
        ];
        for (a, want) in cases {
            let mut w = Writer::new();
            print_annotations_multiline(&mut w, "Annotations", &a);
            assert_eq!(w.finish(), want);
        }
    }

    // Upstream TestDescribePodTolerations (the toleration text forms).
    #[test]
    fn tolerations_print_key_value_effect_operator_and_seconds() {
        let t = |key: &str, op: &str, value: &str, effect: &str, secs: Option<i64>| Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: secs,
        };
        let cases = [
            (t("", "Exists", "", "", None), "op=Exists"),
            (t("key0", "Exists", "", "", None), "key0 op=Exists"),
            (t("", "Exists", "", "NoSchedule", None), ":NoSchedule op=Exists"),
            (t("key1", "Equal", "value1", "NoSchedule", None), "key1=value1:NoSchedule"),
            (t("key2", "Equal", "value2", "NoExecute", Some(300)), "key2=value2:NoExecute for 300s"),
            (
                t("node.kubernetes.io/not-ready", "Exists", "", "NoExecute", Some(300)),
                "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
            ),
        ];
        for (tol, want) in cases {
            assert_eq!(toleration_string(&tol), want);
        }
    }

    #[test]
    fn taints_sort_by_effect_then_key() {
        let taint =
            |k: &str, v: &str, e: &str| Taint { key: k.into(), value: v.into(), effect: e.into(), time_added: None };
        let mut w = Writer::new();
        print_taints_multiline(
            &mut w,
            "Taints",
            &[taint("b", "", "NoSchedule"), taint("a", "1", "NoSchedule"), taint("c", "", "NoExecute")],
        );
        assert_eq!(w.finish(), "Taints:  c:NoExecute\n         a=1:NoSchedule\n         b:NoSchedule\n");
    }

    #[test]
    fn selectors_sort_requirements_by_key() {
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "web".into());
        sel.match_labels.insert("app-x".into(), "1".into());
        sel.match_expressions.push(crate::api::meta::LabelSelectorRequirement {
            key: "tier".into(),
            operator: "In".into(),
            values: vec!["b".into(), "a".into()],
        });
        sel.match_expressions.push(crate::api::meta::LabelSelectorRequirement {
            key: "a".into(),
            operator: "DoesNotExist".into(),
            values: vec![],
        });
        assert_eq!(selector_string(&sel), "!a,app=web,app-x=1,tier in (a,b)");
        assert_eq!(format_label_selector(&LabelSelector::default()), "<none>");
        assert_eq!(format_labels(&BTreeMap::new()), "<none>");
    }

    #[test]
    fn terminal_control_characters_are_escaped() {
        // Upstream TestDescribeTerminalEscape.
        let mut w = Writer::new();
        print_annotations_multiline(&mut w, "Annotations", &labels(&[("annotation1", "terminal escape: \x1b")]));
        assert_eq!(w.finish(), "Annotations:  annotation1: terminal escape: ^[\n");
    }
}
