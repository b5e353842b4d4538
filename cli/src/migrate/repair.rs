//! The ways out of a state `run` refuses: accepting an edit or a repaired failure, and
//! forgetting a version whose migration is gone or was undone by hand.

use super::apply::Step;
use super::error::MigrateError;
use super::history::{Acceptance, HistoryWrite};
use super::ledger::LedgerChange;
use super::runner::{db, Accepted, Migrator, Observer};
use super::state::{Entry, Standing};

impl Migrator<'_> {
    /// Records a deliberate edit of an applied migration (its files' new checksums and
    /// down.sql), or clears the record of a failed one once the database is repaired.
    pub fn accept(
        &mut self,
        version: &str,
        observer: &mut dyn Observer,
    ) -> Result<Accepted, MigrateError> {
        self.finish_reading()?;
        let lock = self.lock(observer)?;
        self.under_lock(lock, |this| this.accept_locked(version, observer))
    }

    fn accept_locked(
        &mut self,
        version: &str,
        observer: &mut dyn Observer,
    ) -> Result<Accepted, MigrateError> {
        let state = self.recorded()?;
        let state = self.reconcile(state, observer)?;
        let entry = find(state.entries(&self.migrations), version)?;
        match (&entry.standing, &entry.migration, &entry.record) {
            (Standing::Failed { reverting, .. }, ..) => {
                // A failed revert leaves the migration applied; a failed run, pending.
                let change = if *reverting {
                    HistoryWrite::SetFailure {
                        version: &entry.version,
                        failure: None,
                    }
                } else {
                    HistoryWrite::Delete(&entry.version)
                };
                self.conn
                    .write_history(change)
                    .map_err(db("clearing the failure"))?;
                Ok(Accepted::FailureCleared)
            }
            (Standing::Edited { .. }, Some(migration), Some(record)) => {
                let acceptance = Acceptance {
                    version: &entry.version,
                    old_checksum: &record.up_checksum,
                    up_checksum: migration.up_checksum(),
                    down_checksum: migration.down_checksum(),
                    down_sql: migration.down.as_ref().map(|d| &*d.text),
                };
                self.conn
                    .write_history(HistoryWrite::Accept(&acceptance))
                    .map_err(db("recording the accepted edit"))?;
                Ok(Accepted::Edit {
                    old: record.up_checksum.clone(),
                    new: migration.up_checksum().clone(),
                })
            }
            (Standing::Missing, ..) => Err(MigrateError::AppliedButMissing {
                version: entry.version.clone(),
                dir: self.dir.clone(),
                next: entry.next_step().unwrap_or_default(),
            }),
            (Standing::Pending, ..) => Err(MigrateError::NotApplied {
                migration: entry.name().to_owned(),
            }),
            _ => Ok(Accepted::Unchanged),
        }
    }

    /// Removes a version from diesel's ledger and strata's history without running any
    /// SQL: for a migration whose directory is gone and that was undone some other way (or
    /// never will be), and for a revert that failed part-way and was finished by hand.
    /// Returns the migration's directory name, or its version when it has none.
    pub fn forget(
        &mut self,
        version: &str,
        observer: &mut dyn Observer,
    ) -> Result<String, MigrateError> {
        self.finish_reading()?;
        let lock = self.lock(observer)?;
        self.under_lock(lock, |this| this.forget_locked(version))
    }

    fn forget_locked(&mut self, version: &str) -> Result<String, MigrateError> {
        let state = self.recorded()?;
        let entry = find(state.entries(&self.migrations), version)?;
        let refuse = |reason: String| MigrateError::NotForgettable {
            migration: entry.name().to_owned(),
            reason,
        };
        match &entry.standing {
            Standing::Missing
            | Standing::Failed {
                reverting: true, ..
            } => {}
            Standing::Failed {
                reverting: false, ..
            } => {
                return Err(refuse(format!(
                    "it is not applied; once the database is repaired, `strata migration \
                     accept {}` clears its failure",
                    entry.version
                )))
            }
            Standing::Pending => return Err(refuse("it is not applied".to_owned())),
            Standing::Applied | Standing::Edited { .. } => {
                return Err(refuse(
                    "it is applied and its directory exists: `strata migration revert` undoes \
                     it with its down.sql"
                        .to_owned(),
                ))
            }
        }
        // An empty step removes the ledger and history rows in one transaction, as a revert
        // would after its statements.
        let step = Step {
            migration: entry.name(),
            file: std::path::Path::new(""),
            statements: &[],
            ledger: LedgerChange::Erase(&entry.version),
            transactional: true,
            progress: None,
        };
        self.conn.apply(&step).map_err(|e| MigrateError::Database {
            action: format!("removing {} from the ledger", entry.version),
            source: e.into_source(),
        })?;
        Ok(entry.name().to_owned())
    }
}

/// The entry a command names by version or directory name.
fn find(entries: Vec<Entry>, version: &str) -> Result<Entry, MigrateError> {
    entries
        .into_iter()
        .find(|e| e.version == version || e.name() == version)
        .ok_or_else(|| MigrateError::UnknownVersion {
            version: version.to_owned(),
        })
}
