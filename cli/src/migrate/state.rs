//! What the database records against what is on disk: one classification that `run`,
//! `revert`, `accept`, `list` and `check` all read, so they can never disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::source::Migration;
use crate::backend::history::HistoryRecord;
use crate::backend::StateTables;

/// How one migration stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Applied, and its up.sql is the one that was applied (or strata has not recorded a
    /// checksum yet: applied by diesel_cli, adopted on the next run).
    Applied,
    /// Applied, but up.sql has changed since.
    Edited { recorded: String, current: String },
    /// Applied, but no directory has its version.
    Missing,
    /// Not applied: failed part-way, leaving statements applied (MySQL's implicit commits,
    /// or `run_in_transaction = false`).
    Failed { at: String, failure: String },
    /// Not applied.
    Pending,
}

/// One migration, from the disk, the ledger, or both. The migration and the record are
/// shared with the [`RecordedState`] and the migrator they came from: a start-up with 1,000
/// applied migrations classifies them all, and copying each one's texts and paths was a
/// tenth of its time.
#[derive(Debug, Clone)]
pub struct Entry {
    pub version: String,
    /// On disk, when it is.
    pub migration: Option<Arc<Migration>>,
    /// strata's record of it, when there is one.
    pub record: Option<Arc<HistoryRecord>>,
    pub standing: Standing,
}

impl Entry {
    /// The directory name, or the version for a migration with no directory.
    pub fn name(&self) -> &str {
        self.migration
            .as_ref()
            .map_or(self.version.as_str(), |m| m.name.as_str())
    }

    pub fn is_applied(&self) -> bool {
        matches!(
            self.standing,
            Standing::Applied | Standing::Edited { .. } | Standing::Missing
        )
    }

    /// Not applied yet: never run, or failed part-way (to be run again once repaired).
    pub fn is_pending(&self) -> bool {
        matches!(self.standing, Standing::Pending | Standing::Failed { .. })
    }

    /// Edited, missing or failed: `run` refuses until a person acts.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self.standing,
            Standing::Edited { .. } | Standing::Missing | Standing::Failed { .. }
        )
    }
}

/// The recorded state of a database, read under the migration lock when it is acted on.
#[derive(Debug, Clone, Default)]
pub struct RecordedState {
    /// Which of the tables exist.
    pub tables: StateTables,
    /// diesel's ledger: applied versions, ascending.
    pub applied: Vec<String>,
    /// strata's history, in applied order.
    pub history: Vec<Arc<HistoryRecord>>,
}

impl RecordedState {
    /// Every migration on disk and every applied version, in version order.
    pub fn entries(&self, on_disk: &[Arc<Migration>]) -> Vec<Entry> {
        let applied: BTreeSet<&str> = self.applied.iter().map(String::as_str).collect();
        let history: BTreeMap<&str, &Arc<HistoryRecord>> = self
            .history
            .iter()
            .map(|r| (r.version.as_str(), r))
            .collect();
        let mut versions: BTreeMap<&str, Option<&Arc<Migration>>> = on_disk
            .iter()
            .map(|m| (m.version.as_str(), Some(m)))
            .collect();
        for version in &applied {
            versions.entry(version).or_insert(None);
        }
        versions
            .into_iter()
            .map(|(version, migration)| {
                let record = history.get(version).copied();
                let standing = match (applied.contains(version), migration, record) {
                    (true, None, _) => Standing::Missing,
                    (true, Some(m), Some(r)) if r.up_checksum != *m.up_checksum() => {
                        Standing::Edited {
                            recorded: r.up_checksum.to_string(),
                            current: m.up_checksum().to_string(),
                        }
                    }
                    (true, Some(_), _) => Standing::Applied,
                    (false, _, Some(r)) if r.failure.is_some() => Standing::Failed {
                        at: r.applied_at.clone(),
                        failure: r.failure.clone().unwrap_or_default(),
                    },
                    (false, _, _) => Standing::Pending,
                };
                Entry {
                    version: version.to_owned(),
                    migration: migration.cloned(),
                    record: record.cloned(),
                    standing,
                }
            })
            .collect()
    }

    /// Whether a locked run would find nothing to write: the state tables exist, every
    /// migration on disk is applied with its checksum unchanged, and the history has
    /// nothing to adopt or forget. A state read without the lock can answer this alone:
    /// the ledger only shows committed migrations, and whatever another runner is doing
    /// at the same moment makes the state look unsettled (pending, stale, unadopted),
    /// never more settled than it is.
    pub fn is_settled(&self, on_disk: &[Arc<Migration>]) -> bool {
        self.tables.ledger
            && self.tables.history
            && self.stale().is_empty()
            && self.unadopted().is_empty()
            && self
                .entries(on_disk)
                .iter()
                .all(|e| e.standing == Standing::Applied)
    }

    /// Ledger versions strata has no history for (applied by diesel_cli): adopted, with
    /// the checksums of their files as they are now, on the next run.
    pub fn unadopted(&self) -> Vec<&str> {
        let recorded: BTreeSet<&str> = self.history.iter().map(|r| r.version.as_str()).collect();
        self.applied
            .iter()
            .map(String::as_str)
            .filter(|v| !recorded.contains(v))
            .collect()
    }

    /// History rows for versions the ledger no longer records and that are not failures:
    /// reverted by another tool, so forgotten on the next run.
    pub fn stale(&self) -> Vec<&str> {
        let applied: BTreeSet<&str> = self.applied.iter().map(String::as_str).collect();
        self.history
            .iter()
            .filter(|r| r.failure.is_none() && !applied.contains(r.version.as_str()))
            .map(|r| r.version.as_str())
            .collect()
    }

    /// The next `applied_order`.
    pub fn next_order(&self) -> i64 {
        self.history
            .iter()
            .map(|r| r.applied_order)
            .max()
            .unwrap_or(0)
            + 1
    }
}
