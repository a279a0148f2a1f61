//! Rolling updates and revision history (pkg/controller/daemon/update.go): `rollingUpdate` with
//! and without surge, `constructHistory` (claiming ControllerRevisions, the current revision,
//! snapshots, hash collisions, duplicates, renumbering on undo) and `cleanupHistory`.

use crate::json::put;
use crate::json::{json, Value};

use crate::api::apps::ControllerRevision;
use crate::api::pod::Pod;
use crate::api::{Kind, ObjBox, Object};
use crate::controller::deployment::util::compute_hash;
use crate::controller::{Action, Propagation};
use crate::store::ObjRef;

use super::util::*;
use super::{Creates, Deletes, Sync};

/// What `constructHistory` found: the current revision's hash and the older revisions.
pub(crate) struct History {
    pub hash: String,
    pub old: Vec<ControllerRevision>,
}

/// `getPatch`: what a ControllerRevision stores and what `Match` compares, the DaemonSet's
/// template as a strategic merge patch that replaces it:
/// `{"spec":{"template":{..., "$patch":"replace"}}}` (nulls left out, as stored).
pub fn get_patch(ds: &crate::api::apps::DaemonSet) -> Value {
    let printed = Object::DaemonSet(ObjBox::new(ds.clone())).to_printed_value();
    let mut template = printed.pointer("/spec/template").cloned().unwrap_or_else(|| json!({}));
    strip_nulls(&mut template);
    if let Value::Object(m) = &mut template {
        put(m, "$patch", Value::from("replace"));
    }
    json!({"spec": {"template": template}})
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// `Match`: the revision stores this DaemonSet's template.
pub fn matches(patch: &Value, history: &ControllerRevision) -> bool {
    history.data.as_ref() == Some(patch)
}

/// `maxRevision`.
pub fn max_revision(histories: &[ControllerRevision]) -> i64 {
    histories.iter().map(|h| h.revision).max().unwrap_or(0).max(0)
}

/// The budgets of `updatedDesiredNodeCounts` against `desired` nodes: (maxSurge,
/// maxUnavailable), both rounded up; when both come to 0 with nodes to run on, one node may be
/// unavailable.
pub fn updated_desired_node_counts(ds: &crate::api::apps::DaemonSet, desired: i32) -> Result<(i32, i32), String> {
    let mut max_unavailable =
        unavailable_count(ds, desired).map_err(|e| format!("invalid value for MaxUnavailable: {e}"))?;
    let max_surge = surge_count(ds, desired).map_err(|e| format!("invalid value for MaxSurge: {e}"))?;
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    Ok((max_surge, max_unavailable))
}

/// A count of nodes with the first few named, for explanations.
#[derive(Default)]
struct Tally {
    n: usize,
    seen: Vec<String>,
}

impl Tally {
    fn add(&mut self, what: std::fmt::Arguments) {
        self.n += 1;
        if self.seen.len() < 4 {
            self.seen.push(what.to_string());
        }
    }
}

/// `findUpdatedPodsOnNode`: the node's one up-to-date and one out-of-date pod with their facts
/// (pods being deleted ignored), or `None` when it has more than one of either.
#[allow(clippy::type_complexity)]
fn find_updated_pods_on_node<'p>(
    pods: &[&'p Pod],
    facts: &[Facts],
) -> Option<(Option<(&'p Pod, Facts)>, Option<(&'p Pod, Facts)>)> {
    let (mut new, mut old) = (None, None);
    for (pod, f) in pods.iter().zip(facts) {
        if f.deleting {
            continue;
        }
        let slot = if f.updated { &mut new } else { &mut old };
        if slot.is_some() {
            return None;
        }
        *slot = Some((*pod, *f));
    }
    Some((new, old))
}

impl<'a> Sync<'a> {
    /// `controlledHistories`: the namespace's ControllerRevisions claimed with the selector
    /// (adopting matching orphans, releasing owned ones that no longer match).
    fn controlled_histories(&mut self) -> Vec<ControllerRevision> {
        let ds = self.ds;
        let uid = &ds.metadata.uid;
        let mut owned = Vec::new();
        for obj in self.ctx.store.list_in(Kind::ControllerRevision, &ds.metadata.namespace) {
            let Object::ControllerRevision(h) = obj else { continue };
            let selected = ds.spec.selector.matches(&h.metadata.labels);
            match h.metadata.controller_ref() {
                Some(r) if r.uid != *uid => {}
                Some(_) if selected => owned.push(h.as_ref().clone()),
                Some(_) => {
                    let mut released = h.as_ref().clone();
                    released.metadata.owner_references.retain(|o| o.uid != *uid);
                    self.out.actions.push(Action::Update {
                        obj: Object::ControllerRevision(ObjBox::new(released)),
                        why: format!(
                            "released by {}: its labels no longer match the selector {}",
                            self.owner.describe(),
                            ds.spec.selector.to_selector_string()
                        ),
                    });
                }
                None => {
                    if !selected || h.metadata.deletion_timestamp.is_some() {
                        continue;
                    }
                    let mut adopted = h.as_ref().clone();
                    adopted.metadata.owner_references.push(self.owner.controller_ref());
                    self.out.actions.push(Action::Update {
                        obj: Object::ControllerRevision(ObjBox::new(adopted.clone())),
                        why: format!(
                            "adopted by {}: it had no controller and its labels match the selector {}",
                            self.owner.describe(),
                            ds.spec.selector.to_selector_string()
                        ),
                    });
                    owned.push(adopted);
                }
            }
        }
        owned
    }

    /// `constructHistory`: separates the revision matching the current template from the older
    /// ones, creating it (`snapshot`) when missing, keeping one of duplicates
    /// (`dedupCurHistories`) and renumbering it as the newest when an older template came back.
    /// `None` when a hash collision bumped collisionCount: the sync stops and runs again.
    pub(super) fn construct_history(&mut self) -> Option<History> {
        let patch = get_patch(self.ds);
        let mut current = Vec::new();
        let mut old = Vec::new();
        for mut h in self.controlled_histories() {
            if !h.metadata.labels.contains_key(CONTROLLER_REVISION_HASH_LABEL) {
                h.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), h.metadata.name.clone());
                self.out.actions.push(Action::Update {
                    obj: Object::ControllerRevision(ObjBox::new(h.clone())),
                    why: format!("{}: labelled with its name as its revision hash", self.owner.describe()),
                });
            }
            if matches(&patch, &h) {
                current.push(h);
            } else {
                old.push(h);
            }
        }
        let curr_revision = max_revision(&old) + 1;
        let cur = if current.is_empty() {
            self.snapshot(&patch, curr_revision)?
        } else {
            let mut cur = self.dedup_cur_histories(current);
            if cur.revision < curr_revision {
                let from = cur.revision;
                cur.revision = curr_revision;
                self.out.actions.push(Action::Update {
                    obj: Object::ControllerRevision(ObjBox::new(cur.clone())),
                    why: format!(
                        "{}'s template is this revision's again (rollout undo or an edit back): revision {from} becomes revision {curr_revision}, the newest",
                        self.owner.describe()
                    ),
                });
            }
            cur
        };
        let hash = cur.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).cloned().unwrap_or_default();
        Some(History { hash, old })
    }

    /// `snapshot`: a ControllerRevision `<name>-<hash>` for the current template, or on a name
    /// taken by another template, collisionCount + 1 (and `None`).
    fn snapshot(&mut self, patch: &Value, revision: i64) -> Option<ControllerRevision> {
        let ds = self.ds;
        let hash = compute_hash(&ds.spec.template, ds.status.collision_count);
        let name = format!("{}-{hash}", ds.metadata.name);
        if let Some(existing) = self.ctx.store.controller_revision(&ds.metadata.namespace, &name) {
            if matches(patch, existing) {
                return Some(existing.clone());
            }
            let mut status = ds.status.clone();
            let count = status.collision_count.unwrap_or(0).saturating_add(1);
            status.collision_count = Some(count);
            self.write_status(
                status,
                format!(
                    "hash collision: the ControllerRevision {name} holds another template; collisionCount is now {count}, which changes the hash"
                ),
            );
            return None;
        }
        let mut labels = ds.spec.template.metadata.labels.clone();
        labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash.clone());
        let mut h = ControllerRevision::default();
        h.metadata.name = name;
        h.metadata.namespace = ds.metadata.namespace.clone();
        h.metadata.labels = labels;
        h.metadata.annotations = ds.metadata.annotations.clone();
        h.metadata.owner_references.push(self.owner.controller_ref());
        h.data = Some(patch.clone());
        h.revision = revision;
        self.out.actions.push(Action::Create {
            obj: Object::ControllerRevision(ObjBox::new(h.clone())),
            why: format!(
                "{}: revision {revision} records its pod template (hash {hash}); pods of this template carry controller-revision-hash={hash}",
                self.owner.describe()
            ),
            event: None,
            failed: None,
        });
        Some(h)
    }

    /// `dedupCurHistories`: keeps the highest revision, relabels pods to its hash and deletes
    /// the others.
    fn dedup_cur_histories(&mut self, current: Vec<ControllerRevision>) -> ControllerRevision {
        let mut keep_i = 0;
        for (i, h) in current.iter().enumerate() {
            if h.revision >= current[keep_i].revision {
                keep_i = i;
            }
        }
        let keep = current[keep_i].clone();
        let keep_hash = keep.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).cloned().unwrap_or_default();
        for (i, h) in current.iter().enumerate() {
            if i == keep_i {
                continue;
            }
            for pod in &self.pods {
                if pod.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL) != Some(&keep_hash) {
                    let mut p = (*pod).clone();
                    p.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), keep_hash.clone());
                    self.out.actions.push(Action::Update {
                        obj: Object::Pod(ObjBox::new(p)),
                        why: format!(
                            "{}: two revisions hold its template; relabelled to the one kept, {}",
                            self.owner.describe(),
                            keep.metadata.name
                        ),
                    });
                }
            }
            self.out.actions.push(Action::Delete {
                target: ObjRef::new(Kind::ControllerRevision, h.metadata.namespace.clone(), h.metadata.name.clone()),
                uid: h.metadata.uid.clone(),
                propagation: Propagation::Background,
                grace_seconds: None,
                why: format!(
                    "{}: a duplicate of revision {} ({})",
                    self.owner.describe(),
                    keep.revision,
                    keep.metadata.name
                ),
            });
        }
        keep
    }

    /// `cleanupHistory`: beyond revisionHistoryLimit old revisions, deletes the oldest whose
    /// hash no pod of the DaemonSet (terminal ones included) still carries.
    pub(super) fn cleanup_history(&mut self, old: &[ControllerRevision]) {
        let limit = usize::try_from(self.ds.spec.revision_history_limit.unwrap_or(10).max(0)).unwrap_or(0);
        let Some(mut to_kill) = old.len().checked_sub(limit).filter(|n| *n > 0) else { return };
        let all = nodes_to_daemon_pods(&self.pods, &self.index, true);
        let mut live: Vec<&str> = all
            .all()
            .filter_map(|p| p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).map(String::as_str))
            .filter(|h| !h.is_empty())
            .collect();
        live.sort_unstable();
        let mut sorted: Vec<&ControllerRevision> = old.iter().collect();
        sorted.sort_by_key(|h| h.revision);
        for h in sorted {
            if to_kill == 0 {
                break;
            }
            if h.metadata
                .labels
                .get(CONTROLLER_REVISION_HASH_LABEL)
                .is_some_and(|x| live.binary_search(&x.as_str()).is_ok())
            {
                continue;
            }
            self.out.actions.push(Action::Delete {
                target: ObjRef::new(Kind::ControllerRevision, h.metadata.namespace.clone(), h.metadata.name.clone()),
                uid: h.metadata.uid.clone(),
                propagation: Propagation::Background,
                grace_seconds: None,
                why: format!(
                    "{}: {} old revisions for revisionHistoryLimit {limit}; revision {} is the oldest that no pod runs",
                    self.owner.describe(),
                    old.len(),
                    h.revision
                ),
            });
            to_kill -= 1;
        }
    }

    /// `rollingUpdate` with `updatedDesiredNodeCounts`: without surge, deletes out-of-date pods
    /// within maxUnavailable (manage then creates their replacements); with surge, starts new
    /// pods next to old ones within maxSurge (manage then deletes the old ones). Nodes are taken
    /// in name order (upstream: map order, which is random).
    pub(super) fn rolling_update(&mut self, hash: &str) -> Result<(), String> {
        let ds = self.ds;
        // Nothing to roll when every pod is up to date.
        let elsewhere: Vec<(&str, Vec<&Pod>, Vec<Facts>)> = self
            .by_node
            .elsewhere
            .iter()
            .map(|(n, pods)| (*n, pods.clone(), pods.iter().map(|p| self.facts_of(p, hash)).collect()))
            .collect();
        if self.facts.iter().chain(elsewhere.iter().flat_map(|e| e.2.iter())).all(|f| f.updated || f.deleting) {
            return Ok(());
        }
        // `updatedDesiredNodeCounts`: every node that should run a pod takes part, with or
        // without one; so does every node that has pods.
        let desired = i32::try_from(self.fits.iter().filter(|f| f.should_run()).count()).unwrap_or(i32::MAX);
        let by_node: Vec<(&str, &[&Pod], &[Facts])> = self
            .nodes
            .iter()
            .zip(&self.fits)
            .enumerate()
            .filter(|(i, (_, fit))| fit.should_run() || !self.by_node.on(*i).is_empty())
            .map(|(i, (n, _))| (n.metadata.name.as_str(), self.by_node.on(i), self.facts_on(i)))
            .chain(elsewhere.iter().map(|(n, pods, facts)| (*n, pods.as_slice(), facts.as_slice())))
            .collect();
        let (max_surge, max_unavailable) = updated_desired_node_counts(ds, desired)?;
        let who = self.owner.describe();
        if max_surge == 0 {
            let max = usize::try_from(max_unavailable).unwrap_or(0);
            let mut unavailable = Tally::default();
            let mut allowed: Deletes = Vec::new();
            let mut candidates: Vec<(&Pod, &str)> = Vec::new();
            for &(node, pods, facts) in &by_node {
                let Some((new, old)) = find_updated_pods_on_node(pods, facts) else {
                    unavailable.add(format_args!("{node} (several pods)"));
                    continue;
                };
                match (new, old) {
                    (None, None) => {
                        let what = if pods.is_empty() { "no pod" } else { "its pod is terminating" };
                        unavailable.add(format_args!("{node} ({what})"));
                    }
                    (Some(_), Some(_)) => unavailable.add(format_args!("{node} (old and new pod)")),
                    (Some((new, f)), None) => {
                        if !f.available {
                            unavailable.add(format_args!("{node} (new pod {} not available yet)", new.metadata.name));
                        }
                    }
                    (None, Some((old, f))) => {
                        if !f.available {
                            allowed.push((
                                old,
                                format!("{who}: rolling update to revision hash {hash}: the out-of-date pod on node {node} is not available, so it is replaced without waiting for maxUnavailable"),
                            ));
                        } else if unavailable.n < max {
                            candidates.push((old, node));
                        }
                    }
                }
            }
            let remaining = max.saturating_sub(unavailable.n);
            let shown = match unavailable.n {
                0 => "none".to_string(),
                n if n > unavailable.seen.len() => format!("{n}: {}, ...", unavailable.seen.join(", ")),
                _ => unavailable.seen.join(", "),
            };
            let mut deletes = allowed;
            for (pod, node) in candidates.into_iter().take(remaining) {
                deletes.push((
                    pod,
                    format!(
                        "{who}: rolling update to revision hash {hash} (maxUnavailable {max_unavailable} of {desired} nodes; unavailable before this: {shown}): the out-of-date pod on node {node} goes, and its replacement is created once it is gone"
                    ),
                ));
            }
            return self.sync_nodes(Vec::new(), deletes, hash).map(|_| ());
        }
        let mut num_surge = 0usize;
        let mut allowed: Creates = Vec::new();
        let mut candidates: Vec<&str> = Vec::new();
        let mut deletes: Deletes = Vec::new();
        let max = usize::try_from(max_surge).unwrap_or(0);
        for &(node, pods, facts) in &by_node {
            let Some((new, old)) = find_updated_pods_on_node(pods, facts) else {
                num_surge += 1;
                continue;
            };
            match (new, old) {
                (_, None) => {}
                (None, Some((old, f))) => {
                    if !f.available {
                        allowed.push((
                            node.to_string(),
                            format!("{who}: rolling update to revision hash {hash}: the out-of-date pod {} on node {node} is not available, so a new pod starts next to it without waiting for maxSurge", old.metadata.name),
                        ));
                    } else if num_surge < max {
                        candidates.push(node);
                    }
                }
                (Some((new, f)), Some((old, _))) => {
                    if !f.available {
                        num_surge += 1;
                    } else {
                        deletes.push((
                            old,
                            format!(
                                "{who}: the new pod {} on node {node} is available, so the out-of-date one goes",
                                new.metadata.name
                            ),
                        ));
                    }
                }
            }
        }
        let remaining = max.saturating_sub(num_surge);
        let mut creates = allowed;
        for node in candidates.into_iter().take(remaining) {
            creates.push((
                node.to_string(),
                format!(
                    "{who}: rolling update to revision hash {hash} with maxSurge {max_surge} of {desired} nodes ({num_surge} surging before this): a new pod starts on node {node} next to the out-of-date one, which goes once the new one is available"
                ),
            ));
        }
        self.sync_nodes(creates, deletes, hash).map(|_| ())
    }
}
