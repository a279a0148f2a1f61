//! The server-side rollback (pkg/controller/deployment/rollback.go), asked for with the
//! `deprecated.deployment.rollback.to` annotation that extensions/v1beta1's `rollbackTo` became.
//! kubectl does not use it (`kubectl rollout undo` copies the template itself), but an annotated
//! apps/v1 Deployment still triggers it.

use super::util::*;
use super::Sync;
use crate::api::apps::ReplicaSet;
use crate::controller::EventType;

impl Sync<'_> {
    /// `rollback`: copies the template of the ReplicaSet with revision `to` (0: the previous
    /// revision) into the Deployment and removes the annotation.
    pub fn rollback(&mut self, to: i64) {
        let found = self.all_and_sync_revision(true);
        if found.abort {
            return;
        }
        let mut to = to;
        if to == 0 {
            let all: Vec<&ReplicaSet> = self.rss.iter().collect();
            to = last_revision(&all);
            if to == 0 {
                self.event(EventType::Warning, ROLLBACK_REVISION_NOT_FOUND, "Unable to find last revision.".into());
                self.clear_rollback_to();
                return;
            }
        }
        let target = self
            .rss
            .iter()
            .find(|rs| parsed_revision(&rs.metadata.annotations) == Some(to))
            .map(|rs| (rs.spec.template.clone(), rs.metadata.annotations.clone()));
        let Some((template, annotations)) = target else {
            self.event(
                EventType::Warning,
                ROLLBACK_REVISION_NOT_FOUND,
                "Unable to find the revision to rollback to.".into(),
            );
            self.clear_rollback_to();
            return;
        };
        // `rollbackToTemplate`.
        if equal_ignore_hash(&self.d.spec.template, &template) {
            let msg = format!(
                "The rollback revision contains the same template as current deployment \"{}\"",
                self.d.metadata.name
            );
            self.event(EventType::Warning, ROLLBACK_TEMPLATE_UNCHANGED, msg);
            self.clear_rollback_to();
            return;
        }
        // `SetFromReplicaSetTemplate` and `SetDeploymentAnnotationsTo`.
        self.d.spec.template = template;
        self.d.spec.template.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
        self.d.metadata.annotations.retain(|k, _| skip_copy_annotation(k));
        for (k, v) in annotations {
            if !skip_copy_annotation(&k) {
                self.d.metadata.annotations.insert(k, v);
            }
        }
        self.clear_rollback_to();
        let msg = format!("Rolled back deployment \"{}\" to revision {to}", self.d.metadata.name);
        self.event(EventType::Normal, ROLLBACK_DONE, msg);
    }

    /// `updateDeploymentAndClearRollbackTo`: an update of the Deployment itself.
    fn clear_rollback_to(&mut self) {
        self.d.metadata.annotations.remove(ROLLBACK_TO_ANNOTATION);
        self.spec_changed = true;
    }
}
