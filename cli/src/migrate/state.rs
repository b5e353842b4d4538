//! What the database records against what is on disk: one classification that `run`,
//! `revert`, `accept`, `list` and `check` all read, so they can never disagree.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::checksum::Checksum;
use super::history::{HistoryDigest, HistoryRecord};
use super::ledger::StateTables;
use super::source::Migration;

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
    /// Failed or interrupted part-way with statements that may have taken effect (MySQL's
    /// implicit commits, or `run_in_transaction = false`): applying it when `reverting` is
    /// false (it is not applied), reverting it when true (the ledger still records it).
    Failed {
        at: String,
        failure: String,
        reverting: bool,
    },
    /// Not applied.
    Pending,
}

/// One migration, from the disk, the ledger, or both. The migration and the record are
/// shared with the [`RecordedState`] and the migrator they came from: a start-up classifies
/// every applied migration, and copying each one's texts and paths would be a large part of
/// its work.
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
        matches!(
            self.standing,
            Standing::Pending
                | Standing::Failed {
                    reverting: false,
                    ..
                }
        )
    }

    /// What a person does to get past this migration's standing, when it needs one.
    pub fn next_step(&self) -> Option<String> {
        let version = &self.version;
        match &self.standing {
            Standing::Edited { .. } => Some(format!(
                "undo the edit and put the change in a new migration; or, if the edit is \
                 deliberate and the database already matches it, record it with \
                 `strata migration accept {version}`"
            )),
            Standing::Missing => Some(
                if self.record.as_ref().is_some_and(|r| r.down_sql.is_some()) {
                    format!(
                        "restore its directory; or revert it with the down.sql recorded when \
                         it was applied: `strata migration revert --missing`; or, if it was \
                         undone some other way, remove it from the ledger with \
                         `strata migration forget {version}`"
                    )
                } else {
                    format!(
                        "restore its directory; or, if it was undone some other way (or \
                         should stay), remove it from the ledger with \
                         `strata migration forget {version}` (no down.sql was recorded for it)"
                    )
                },
            ),
            Standing::Failed { reverting, .. } => Some(repair_step(version, *reverting)),
            Standing::Applied | Standing::Pending => None,
        }
    }

    /// Edited, missing or failed: `run` refuses until a person acts.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self.standing,
            Standing::Edited { .. } | Standing::Missing | Standing::Failed { .. }
        )
    }
}

/// How to get past a migration that failed (or was interrupted) part-way: applying it when
/// `reverting` is false, reverting it when true.
pub fn repair_step(version: &str, reverting: bool) -> String {
    if reverting {
        format!(
            "repair the database by hand: either put back what its down.sql removed and clear \
             the failure with `strata migration accept {version}` (it stays applied), or \
             finish the revert and record it with `strata migration forget {version}`"
        )
    } else {
        format!(
            "repair the database by hand (undo what took effect; its down.sql may help), then \
             clear the failure with `strata migration accept {version}` and run again"
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
                    (true, _, Some(r)) if r.failure.is_some() => Standing::Failed {
                        at: r.applied_at.clone(),
                        failure: r.failure.clone().unwrap_or_default(),
                        reverting: true,
                    },
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
                        reverting: false,
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
    ///
    /// This is the question every application start asks, so it is answered with one
    /// hash lookup per migration rather than by building the [`RecordedState::entries`]
    /// (the test below checks that the two agree).
    pub fn is_settled(&self, on_disk: &[Arc<Migration>]) -> bool {
        let digests: Vec<HistoryDigest> = self.history.iter().map(|r| (&**r).into()).collect();
        let on_disk = on_disk
            .iter()
            .map(|m| (m.version.as_str(), m.up_checksum()));
        is_settled(self.tables, &self.applied, &digests, on_disk)
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

/// [`RecordedState::is_settled`] for a state read with the history's digests, which is what
/// a run reads when it only asks whether it has anything to do.
/// `on_disk` gives each migration directory's version and its up.sql's checksum.
pub fn is_settled<'m>(
    tables: StateTables,
    applied: &[String],
    history: &[HistoryDigest],
    mut on_disk: impl ExactSizeIterator<Item = (&'m str, &'m Checksum)>,
) -> bool {
    if !(tables.ledger && tables.history) || applied.len() != on_disk.len() {
        return false;
    }
    let applied_set: HashSet<&str> = applied.iter().map(String::as_str).collect();
    let by_version: HashMap<&str, &HistoryDigest> =
        history.iter().map(|r| (r.version.as_str(), r)).collect();
    // As many applied versions as directories, each directory applied: the same set
    // (versions are unique on both sides), so nothing is pending or missing. Each has its
    // record (nothing to adopt) with the checksum of its up.sql (not edited).
    let every_directory_applied_unchanged = on_disk.all(|(version, up_checksum)| {
        applied_set.contains(version)
            && by_version
                .get(version)
                .is_some_and(|r| r.up_checksum == *up_checksum && !r.failed)
    });
    // No record of a version the ledger lost (nothing to forget).
    let nothing_stale = history
        .iter()
        .all(|r| r.failed || applied_set.contains(r.version.as_str()));
    every_directory_applied_unchanged && nothing_stale
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::{RecordedState, Standing};
    use crate::migrate::checksum::Checksum;
    use crate::migrate::history::{HistoryDigest, HistoryRecord};
    use crate::migrate::ledger::StateTables;
    use crate::migrate::source::{Migration, SqlFile};

    fn migration(version: &str, up: &'static str) -> Arc<Migration> {
        Arc::new(Migration {
            version: version.to_owned(),
            name: format!("{version}_m"),
            dir: PathBuf::from(format!("migrations/{version}_m")),
            up: SqlFile::new(PathBuf::from("up.sql"), Cow::Borrowed(up)),
            down: None,
            run_in_transaction: true,
            allow_out_of_order: false,
            nothing_to_undo: false,
            replaces: Vec::new(),
        })
    }

    fn record(version: &str, up: &str, failure: Option<&str>) -> Arc<HistoryRecord> {
        Arc::new(HistoryRecord {
            version: version.to_owned(),
            up_checksum: Checksum::of(up),
            down_checksum: None,
            down_sql: None,
            applied_at: "2026-01-01T00:00:00Z".to_owned(),
            applied_order: 1,
            duration_ms: 0,
            failure: failure.map(str::to_owned),
        })
    }

    /// The definition `is_settled` shortcuts: nothing to adopt or forget, and every entry
    /// applied and unchanged.
    fn settled_by_definition(state: &RecordedState, on_disk: &[Arc<Migration>]) -> bool {
        state.tables.ledger
            && state.tables.history
            && state.stale().is_empty()
            && state.unadopted().is_empty()
            && state
                .entries(on_disk)
                .iter()
                .all(|e| e.standing == Standing::Applied)
    }

    #[test]
    fn is_settled_agrees_with_the_entries() {
        let both = StateTables {
            ledger: true,
            history: true,
        };
        let disk = vec![migration("1", "a"), migration("2", "b")];
        // Both state tables present, with these ledger versions and history records.
        let state = |applied: &[&str], history: Vec<Arc<HistoryRecord>>| RecordedState {
            tables: both,
            applied: applied.iter().map(|v| v.to_string()).collect(),
            history,
        };
        let cases: Vec<(&str, RecordedState, bool)> = vec![
            (
                "all applied",
                state(
                    &["1", "2"],
                    vec![record("1", "a", None), record("2", "b", None)],
                ),
                true,
            ),
            (
                "one pending",
                state(&["1"], vec![record("1", "a", None)]),
                false,
            ),
            (
                "one edited",
                state(
                    &["1", "2"],
                    vec![record("1", "a", None), record("2", "changed", None)],
                ),
                false,
            ),
            (
                "one unadopted",
                state(&["1", "2"], vec![record("1", "a", None)]),
                false,
            ),
            (
                "one missing",
                state(
                    &["1", "2", "3"],
                    vec![
                        record("1", "a", None),
                        record("2", "b", None),
                        record("3", "c", None),
                    ],
                ),
                false,
            ),
            (
                "missing instead of pending",
                state(
                    &["1", "3"],
                    vec![record("1", "a", None), record("3", "c", None)],
                ),
                false,
            ),
            (
                "one stale",
                state(
                    &["1", "2"],
                    vec![
                        record("1", "a", None),
                        record("2", "b", None),
                        record("3", "c", None),
                    ],
                ),
                false,
            ),
            (
                "an old failure of a gone version",
                state(
                    &["1", "2"],
                    vec![
                        record("1", "a", None),
                        record("2", "b", None),
                        record("3", "c", Some("boom")),
                    ],
                ),
                true,
            ),
            (
                "one failed",
                state(
                    &["1"],
                    vec![record("1", "a", None), record("2", "b", Some("boom"))],
                ),
                false,
            ),
            (
                "no history table",
                RecordedState {
                    tables: StateTables {
                        ledger: true,
                        history: false,
                    },
                    ..state(&["1", "2"], vec![])
                },
                false,
            ),
        ];
        for (name, state, expected) in cases {
            assert_eq!(
                settled_by_definition(&state, &disk),
                expected,
                "{name}: definition"
            );
            assert_eq!(state.is_settled(&disk), expected, "{name}: is_settled");
            let digests: Vec<HistoryDigest> = state.history.iter().map(|r| (&**r).into()).collect();
            assert_eq!(
                super::is_settled(
                    state.tables,
                    &state.applied,
                    &digests,
                    disk.iter().map(|m| (m.version.as_str(), m.up_checksum()))
                ),
                expected,
                "{name}: is_settled from digests"
            );
        }
    }
}
