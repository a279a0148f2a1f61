//! Printing objects as `kubectl get` does: tables through Go's tabwriter, names, YAML and JSON.

pub mod columns;
pub mod duration;
pub mod tabwriter;

use crate::api::meta::Time;
use crate::api::{Kind, Object};

/// How a table is printed.
#[derive(Clone, Debug, Default)]
pub struct TableOptions {
    pub wide: bool,
    pub all_namespaces: bool,
    pub show_labels: bool,
    /// `-L key` columns.
    pub label_columns: Vec<String>,
    pub no_headers: bool,
    /// Prefix names with `kind.group/` (several types printed together).
    pub show_kind: bool,
}

/// The header cells for `kind` under `opts`.
pub fn header_cells(kind: Kind, opts: &TableOptions) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if opts.all_namespaces && kind.namespaced() {
        h.push("NAMESPACE".into());
    }
    h.extend(columns::headers(kind, opts.wide).into_iter().map(str::to_string));
    for l in &opts.label_columns {
        h.push(l.rsplit('/').next().unwrap_or(l).to_ascii_uppercase());
    }
    if opts.show_labels {
        h.push("LABELS".into());
    }
    h
}

/// The cells of one object's row under `opts`.
pub fn row_cells(obj: &Object, now: Time, opts: &TableOptions) -> Vec<String> {
    let mut r: Vec<String> = Vec::new();
    let kind = obj.kind();
    if opts.all_namespaces && kind.namespaced() {
        r.push(obj.namespace().to_string());
    }
    let mut cells = columns::row(obj, now, opts.wide);
    if opts.show_kind && kind != Kind::Event {
        if let Some(first) = cells.first_mut() {
            *first = format!("{}/{}", kind.kind_group(), first);
        }
    }
    r.extend(cells);
    let labels = &obj.meta().labels;
    for l in &opts.label_columns {
        r.push(labels.get(l).cloned().unwrap_or_default());
    }
    if opts.show_labels {
        r.push(if labels.is_empty() { "<none>".into() } else { crate::api::meta::format_labels(labels) });
    }
    r
}

/// One table as text (tab-separated, before alignment).
pub fn table_text(kind: Kind, objects: &[&Object], now: Time, opts: &TableOptions) -> String {
    let mut text = String::new();
    if !opts.no_headers {
        text.push_str(&header_cells(kind, opts).join("\t"));
        text.push('\n');
    }
    for o in objects {
        text.push_str(&row_cells(o, now, opts).join("\t"));
        text.push('\n');
    }
    text
}

/// A table aligned as `kubectl get` prints it.
pub fn print_table(kind: Kind, objects: &[&Object], now: Time, opts: &TableOptions) -> String {
    let mut w = tabwriter::TabWriter::for_get();
    w.write(&table_text(kind, objects, now, opts));
    w.flush()
}
