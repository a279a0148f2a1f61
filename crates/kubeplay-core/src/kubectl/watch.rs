//! `kubectl get -w` / `--watch-only` / `--output-watch-events` (`GetOptions.watch`): the current
//! objects first, then one row per change as the apiserver's watch reports it (ADDED, MODIFIED,
//! DELETED; objects entering or leaving a selector count as added or deleted), printed with the
//! same printer so table widths only grow (liggitt/tabwriter's RememberWidths).
//!
//! In kubeplay time only moves in `sim` commands, so a watch prints its rows while they run: the
//! command registers a [`crate::cluster::watch::Watcher`] and `sim` commands poll it; the next
//! command that is not `sim` ends it (as Ctrl-C would). Each row is printed with the virtual time
//! of its change, so AGE reads as it would have at that moment.

use std::collections::BTreeMap;

use crate::json::Value;

use super::args::Parsed;
use super::get::{self, GenericPrinter, Output, Selectors, Target};
use super::json::obj;
use super::labels::Selector;
use super::printers::tabwriter::TabWriter;
use super::printers::{self, TableOptions};
use super::{fail, fail_plain, finish, CmdError, Io};
use crate::api::meta::Time;
use crate::api::{Kind, Object};
use crate::cluster::events::EventRecord;
use crate::cluster::watch::{EventType, Watcher};
use crate::cluster::Cluster;
use crate::sim::SimTime;

/// How a watch prints: a table (with its remembered widths and header state) or another printer.
#[derive(Debug)]
enum Printer {
    Table { opts: TableOptions, writer: TabWriter, printed_headers: bool },
    Generic(GenericPrinter),
}

/// One `kubectl get -w`.
pub struct GetWatch {
    kind: Kind,
    /// `None` watches every namespace.
    namespace: Option<String>,
    /// A watch of one named object.
    name: Option<String>,
    labels: Selector,
    fields: get::FieldSelector,
    output_events: bool,
    printer: Printer,
    /// The resourceVersion the watch has seen up to.
    since: u64,
    /// For events (kept in the event log, not the store): what each looked like at the last poll.
    events_seen: SeenEvents,
    /// Set when the watch ended with an error.
    failed: bool,
}

// The watcher's state is not worth a Debug text: a derived one would compile the Debug code of
// every printer, selector and template it holds.
impl std::fmt::Debug for GetWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GetWatch")
    }
}

/// What each event looked like when last seen (its count and last time), by `namespace/name`
/// (a namespace has no `/`): two maps of a type the cluster already uses instead of a map type
/// of its own.
#[derive(Default)]
pub(crate) struct SeenEvents {
    count: BTreeMap<String, u64>,
    last: BTreeMap<String, SimTime>,
}

impl SeenEvents {
    fn key(r: &EventRecord) -> String {
        format!("{}/{}", r.namespace(), r.name())
    }

    pub(crate) fn record(&mut self, r: &EventRecord) {
        let key = Self::key(r);
        self.count.insert(key.clone(), u64::from(r.count));
        self.last.insert(key, r.last);
    }

    /// The (count, last time) recorded for the event, if it was seen.
    pub(crate) fn get(&self, r: &EventRecord) -> Option<(u64, SimTime)> {
        let key = Self::key(r);
        Some((*self.count.get(&key)?, *self.last.get(&key)?))
    }
}

/// Starts a watch: prints the current state (unless `--watch-only`) and registers the watcher.
pub fn start(cluster: &mut Cluster, p: &Parsed, io: &mut Io) -> i32 {
    let request = match get::resolve(p, io, true) {
        Ok(r) => r,
        Err(e) => return fail(io, e),
    };
    let (infos, errors) = get::fetch(cluster, p, &request);
    if !errors.is_empty() {
        return finish(io, &errors);
    }
    let output = match get::output_format(p, io) {
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    let Some(target) = request.targets.first().cloned() else {
        return fail_plain(io, "no objects passed to watch".into());
    };
    let (kind, namespace, name) = match target {
        Target::List { kind, namespace } => (kind, namespace, None),
        Target::Named { kind, namespace, name, .. } => {
            (kind, if kind.namespaced() { Some(namespace) } else { None }, Some(name))
        }
    };
    let selectors = Selectors {
        label_text: p.get("selector").unwrap_or("").to_string(),
        field_text: p.get("field-selector").unwrap_or("").to_string(),
    };
    let (labels, fields) = match selectors.for_kind(kind) {
        Ok(s) => s,
        Err(err) => return fail(io, CmdError::Api { err, context: None }),
    };
    let printer = match &output {
        Output::Table { wide } => Printer::Table {
            opts: get::table_options(p, *wide, false),
            writer: TabWriter::for_watch(),
            printed_headers: false,
        },
        other => Printer::Generic(GenericPrinter::new(other.clone(), p.flag("no-headers"))),
    };
    let mut watch = GetWatch {
        kind,
        namespace,
        name,
        labels,
        fields,
        output_events: p.flag("output-watch-events"),
        printer,
        since: cluster.store().resource_version(),
        events_seen: SeenEvents::default(),
        failed: false,
    };
    if kind == Kind::Event {
        for r in cluster.events().iter() {
            watch.events_seen.record(&r);
        }
    }
    if !p.flag("watch-only") {
        let now = cluster.now_time();
        let objects: Vec<&Object> = infos.iter().flat_map(|i| i.objects.iter()).collect();
        for o in objects {
            let text = watch.print(o, EventType::Added, now);
            io.out.push_str(&text);
        }
        if let Printer::Table { writer, .. } = &mut watch.printer {
            io.out.push_str(&writer.flush());
        }
    }
    if watch.failed {
        return 1;
    }
    if request.targets.len() > 1 {
        // The objects print, then the builder's watch refuses several (resource.Result.Watch).
        return fail_plain(io, "you may only watch a single resource or type of resource at a time".into());
    }
    cluster.watch(Box::new(watch));
    0
}

impl GetWatch {
    fn in_scope(&self, o: &Object) -> bool {
        if let Some(ns) = &self.namespace {
            if self.kind.namespaced() && o.namespace() != ns {
                return false;
            }
        }
        if let Some(n) = &self.name {
            if o.name() != n {
                return false;
            }
        }
        self.labels.matches(&o.meta().labels) && self.fields.matches(o)
    }

    /// Prints one object for an event, at time `at`.
    fn print(&mut self, o: &Object, event: EventType, at: Time) -> String {
        let output_events = self.output_events;
        match &mut self.printer {
            Printer::Table { opts, writer, printed_headers } => {
                let mut text = String::new();
                if !*printed_headers && !opts.no_headers {
                    let mut h = printers::header_cells(o.kind(), opts);
                    if output_events {
                        h.insert(0, "EVENT".into());
                    }
                    text.push_str(&h.join("\t"));
                    text.push('\n');
                }
                *printed_headers = true;
                let mut cells: Vec<String> =
                    printers::row_cells(o, at, opts).iter().map(|c| get::escape_cell(c)).collect();
                if output_events {
                    cells.insert(0, format!("{:<8}", event.name()));
                }
                text.push_str(&cells.join("\t"));
                text.push('\n');
                writer.write(&text);
                String::new()
            }
            Printer::Generic(g) if output_events && matches!(g.output(), Output::Json) => {
                // kubectl's JSON printer marshals a metav1.WatchEvent compactly, in struct order:
                // type, then object (checked against kubectl v1.32.4).
                let mut object = String::new();
                super::jsonpath::go_json_compact(&mut object, &o.to_printed_value());
                format!("{{\"type\":\"{}\",\"object\":{object}}}\n", event.name())
            }
            Printer::Generic(g) => {
                // The name printer prints the object inside a watch event; the others the event.
                let value = if output_events && !matches!(g.output(), Output::Name) {
                    obj! {"object": o.to_printed_value(), "type": event.name()}
                } else {
                    o.to_printed_value()
                };
                match g.print(&value) {
                    Ok(t) => t,
                    Err(failure) => {
                        let (t, e) = *failure;
                        self.failed = true;
                        let mut io_err = String::new();
                        io_err.push_str(&t);
                        io_err.push_str(&error_text(&e));
                        io_err
                    }
                }
            }
        }
    }

    fn flush(&mut self) -> String {
        match &mut self.printer {
            Printer::Table { writer, .. } => writer.flush(),
            Printer::Generic(_) => String::new(),
        }
    }

    /// The events whose count or time changed since the last poll, as watch events.
    fn event_changes(&mut self, cluster: &Cluster) -> Vec<(Object, EventType, SimTime)> {
        let mut out = Vec::new();
        let mut now_seen = SeenEvents::default();
        for r in cluster.events().iter() {
            now_seen.record(&r);
            let event = match self.events_seen.get(&r) {
                None => EventType::Added,
                Some(seen) if seen != (u64::from(r.count), r.last) => EventType::Modified,
                Some(_) => continue,
            };
            out.push((Object::Event(crate::api::ObjBox::new(r.to_event())), event, r.last));
        }
        self.events_seen = now_seen;
        out.sort_by_key(|a| a.2);
        out
    }
}

/// An error as kubectl prints it when the watch ends with one.
fn error_text(e: &CmdError) -> String {
    let mut io_out = String::new();
    let files = crate::shell::NoFiles;
    let mut io = Io::new(None, &files);
    super::finish(&mut io, std::slice::from_ref(e));
    io_out.push_str(&io.err);
    io_out
}

impl Watcher for GetWatch {
    fn poll(&mut self, cluster: &Cluster) -> String {
        if self.failed {
            return String::new();
        }
        let mut out = String::new();
        if self.kind == Kind::Event {
            for (o, event, at) in self.event_changes(cluster) {
                if self.in_scope(&o) {
                    out.push_str(&self.print(&o, event, Time::from_sim(at)));
                    out.push_str(&self.flush());
                }
            }
            return out;
        }
        let changes = match cluster.changes_since(self.since) {
            Ok(c) => c,
            Err(_) => {
                self.failed = true;
                return "error: The resourceVersion for the provided watch is too old.\n".into();
            }
        };
        let mut events: Vec<(Object, EventType, SimTime)> = Vec::new();
        for c in changes {
            if c.kind != self.kind {
                continue;
            }
            let now_in = self.in_scope(&c.object);
            let was_in = c.old.as_ref().is_some_and(|o| self.in_scope(o));
            let event = match c.event {
                EventType::Added if now_in => EventType::Added,
                EventType::Modified if now_in && was_in => EventType::Modified,
                EventType::Modified if now_in => EventType::Added,
                EventType::Modified if was_in => EventType::Deleted,
                EventType::Deleted if now_in => EventType::Deleted,
                _ => continue,
            };
            let object = match (event, c.event, &c.old) {
                (EventType::Deleted, EventType::Modified, Some(old)) => old.clone(),
                _ => c.object.clone(),
            };
            events.push((object, event, c.time));
        }
        self.since = cluster.store().resource_version();
        for (o, event, at) in events {
            out.push_str(&self.print(&o, event, Time::from_sim(at)));
            out.push_str(&self.flush());
            if self.failed {
                break;
            }
        }
        out
    }
}

/// Lets every watch print what changed (for the page and the REPL, while time runs).
pub fn poll(cluster: &mut Cluster) -> String {
    cluster.poll_watches()
}

/// A watch event value as `--output-watch-events` prints it with `-o json|yaml`.
pub fn event_value(event: EventType, object: Value) -> Value {
    obj! {"object": object, "type": event.name()}
}
