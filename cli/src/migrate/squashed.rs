//! Databases that applied the migrations a squash replaced (`strata migration squash`).
//!
//! A squashed migration keeps the version of the last migration it replaces and lists every
//! version it replaces in its metadata.toml (`replaces`). A database that applied all of
//! them has the schema the squashed migration creates, so the next operation under the
//! lock records the squashed migration as applied (its checksums, its down.sql) and
//! forgets the other versions, without running anything. diesel_cli reads the result as
//! it reads any ledger: the squashed migration's version is applied.
//!
//! A database that applied only some of them (not the newest) has a schema no migration
//! describes any more: it is refused, never adopted, and never given the squashed migration
//! to run. One that applied the newest has them all (`squash` refuses migrations that may
//! be applied out of order); the older versions its ledger still lists are forgotten (an
//! earlier squash's adoption may have forgotten some already).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::apply::Step;
use super::error::MigrateError;
use super::history::HistoryWrite;
use super::ledger::LedgerChange;
use super::runner::{db, history_record, Migrator, Observer};
use super::source::Migration;
use super::state::RecordedState;

/// A squashed migration to record as applied, and the versions to forget for it.
#[derive(Debug, Clone)]
pub(super) struct Adoption {
    pub migration: Arc<Migration>,
    /// The replaced versions other than the squashed migration's own, as the ledger has
    /// them.
    pub forget: Vec<String>,
}

/// The squashed migrations this database is to adopt; an error when it applied only some
/// of the versions one of them replaces.
pub(super) fn adoptions(
    state: &RecordedState,
    migrations: &[Arc<Migration>],
) -> Result<Vec<Adoption>, MigrateError> {
    let mut squashes = migrations
        .iter()
        .filter(|m| !m.replaces.is_empty())
        .peekable();
    if squashes.peek().is_none() {
        return Ok(Vec::new());
    }
    let applied: BTreeSet<&str> = state.applied.iter().map(String::as_str).collect();
    let mut adoptions = Vec::new();
    for migration in squashes {
        let own = migration.version.as_str();
        let others: Vec<&str> = migration
            .replaces
            .iter()
            .map(String::as_str)
            .filter(|v| *v != own)
            .collect();
        let applied_others: Vec<&str> = others
            .iter()
            .copied()
            .filter(|v| applied.contains(v))
            .collect();
        if applied.contains(own) {
            // A database that applied the newest replaced version has every older one's
            // schema, whether the ledger still lists them or an earlier squash's adoption
            // forgot them: `squash` refuses migrations that may be applied out of order.
            if !applied_others.is_empty() {
                adoptions.push(Adoption {
                    migration: Arc::clone(migration),
                    forget: applied_others.iter().map(|v| (*v).to_owned()).collect(),
                });
            }
            continue;
        }
        if applied_others.is_empty() {
            continue;
        }
        let missing: Vec<String> = migration
            .replaces
            .iter()
            .filter(|v| !applied.contains(v.as_str()))
            .cloned()
            .collect();
        let done: Vec<String> = applied_others.iter().map(|v| (*v).to_owned()).collect();
        return Err(MigrateError::SplitSquash {
            migration: migration.name.clone(),
            replaced: migration.replaces.len(),
            applied: done,
            missing,
        });
    }
    Ok(adoptions)
}

/// `state` as it is once `adoptions` are written: the forgotten versions gone, each
/// squashed migration applied with its own files' record.
pub(super) fn adopted(state: &RecordedState, adoptions: &[Adoption]) -> RecordedState {
    let mut state = state.clone();
    for adoption in adoptions {
        let own = &adoption.migration.version;
        state.applied.retain(|v| !adoption.forget.contains(v));
        let mut record = history_record(&adoption.migration, state.next_order(), None);
        // The database reached this schema when its own version was applied.
        if let Some(old) = state.history.iter().find(|r| &r.version == own) {
            record.applied_order = old.applied_order;
            record.applied_at = old.applied_at.clone();
            record.duration_ms = old.duration_ms;
        }
        state
            .history
            .retain(|r| !adoption.forget.contains(&r.version) && &r.version != own);
        state.history.push(Arc::new(record));
    }
    state.history.sort_by_key(|r| r.applied_order);
    state
}

/// [`adoptions`] applied to `state` in memory: what the entries of a read-only command,
/// and the checks of a run before it writes anything, are computed from.
pub(super) fn as_adopted<'s>(
    state: &'s RecordedState,
    migrations: &[Arc<Migration>],
) -> Result<Cow<'s, RecordedState>, MigrateError> {
    let adoptions = adoptions(state, migrations)?;
    Ok(if adoptions.is_empty() {
        Cow::Borrowed(state)
    } else {
        Cow::Owned(adopted(state, &adoptions))
    })
}

impl Migrator<'_> {
    /// Writes `adoptions` (under the lock, the state tables existing): per squashed
    /// migration, its replaced versions leave the ledger and the history, and its history
    /// row becomes its own files', all in one transaction.
    pub(super) fn adopt_squashed(
        &mut self,
        state: &RecordedState,
        adoptions: &[Adoption],
        observer: &mut dyn Observer,
    ) -> Result<RecordedState, MigrateError> {
        let after = adopted(state, adoptions);
        self.conn
            .begin_all()
            .map_err(db("starting the transaction"))?;
        let written = self.write_adoptions(&after, adoptions);
        if let Err(error) = written {
            let _ = self.conn.rollback_all();
            return Err(error);
        }
        self.conn
            .commit_all()
            .map_err(db("committing the adoption of a squashed migration"))?;
        for adoption in adoptions {
            observer.squash_adopted(&adoption.migration, &adoption.forget);
        }
        Ok(after)
    }

    fn write_adoptions(
        &mut self,
        after: &RecordedState,
        adoptions: &[Adoption],
    ) -> Result<(), MigrateError> {
        for adoption in adoptions {
            for version in &adoption.forget {
                let step = Step {
                    migration: &adoption.migration.name,
                    file: std::path::Path::new(""),
                    statements: &[],
                    ledger: LedgerChange::Erase(version),
                    transactional: false,
                    progress: None,
                };
                self.conn.apply(&step).map_err(|e| MigrateError::Database {
                    action: format!("removing {version} from the ledger"),
                    source: e.into_source(),
                })?;
            }
            let own = &adoption.migration.version;
            let Some(record) = after.history.iter().find(|r| &r.version == own) else {
                continue;
            };
            let action = "recording the squashed migration in strata's migration history";
            self.conn
                .write_history(HistoryWrite::Delete(own))
                .map_err(db(action))?;
            self.conn
                .write_history(HistoryWrite::Insert(record))
                .map_err(db(action))?;
        }
        Ok(())
    }
}
