//! The migration algorithm, written once: every command and the library API go through it.
//!
//! Each operation that changes the database first takes the migration lock, then reads the
//! ledger and strata's history, checks everything it is about to do (applied migrations
//! unedited and present, no earlier failure left to repair, nothing pending out of order,
//! files readable, SQL non-empty, down.sql present), and only then applies migrations one
//! at a time, each with its ledger and history rows in the same transaction. Progress is
//! reported to an [`Observer`], so the CLI's output is not a second copy of the loop.
//!
//! This file is the [`Migrator`] itself: its migrations, reading the recorded state, the
//! lock, and reconciling the ledger with diesel_cli's. Its operations live beside it:
//! `run.rs` (run), `undo.rs` (revert, redo), `repair.rs` (accept, forget).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::checksum::Checksum;
use super::connection::{self, MigrationConnection};
use super::error::MigrateError;
use super::history::{self, HistoryRecord, HistoryWrite};
use super::ledger::StateTables;
use super::lock::{HeldLock, LockWait};
use super::source::{self, Migration, OnDisk, Reading};
use super::squashed;
use super::state::{self, Entry, RecordedState};
use super::step::Enclosing;
use strata_schema_gen::Snapshot;

/// Which way a migration is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Told about each migration as it is applied, and about waits and bookkeeping.
pub trait Observer {
    /// `count` migrations are about to be applied in `direction` (called once per batch,
    /// before the first `starting`, and only when there is at least one).
    fn planned(&mut self, _count: usize, _direction: Direction) {}
    fn starting(&mut self, migration: &Migration, direction: Direction);
    fn finished(&mut self, _migration: &Migration, _direction: Direction, _elapsed: Duration) {}
    /// Another runner holds the migration lock; `holder` says who.
    fn waiting_for_lock(&mut self, _holder: &str) {}
    /// Versions diesel_cli applied were given checksums (their files as they are now).
    fn adopted(&mut self, _versions: &[String]) {}
    /// A squashed migration was recorded as applied in place of the versions it replaces,
    /// which this database had applied; `forgotten` are those versions but its own.
    fn squash_adopted(&mut self, _migration: &Migration, _forgotten: &[String]) {}
    /// Something worth knowing that is not an error (a column order changed by `redo`).
    fn warning(&mut self, _text: &str) {}
}

/// An observer that says nothing.
#[derive(Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {
    fn starting(&mut self, _: &Migration, _: Direction) {}
}

/// How many of the most recently applied migrations `revert` and `redo` act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Last(u64),
    All,
}

/// How a run behaves; the defaults are diesel_cli's behaviour plus strata's checks.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// How long to wait for another runner's lock.
    pub lock: LockWait,
    /// All pending migrations in one transaction: all applied, or none.
    pub single_transaction: bool,
    /// Apply pending migrations older than the newest applied one.
    pub allow_out_of_order: bool,
    /// `revert`: a migration whose directory is gone is reverted with the down.sql recorded
    /// when it was applied.
    pub revert_missing: bool,
    /// `redo`: snapshot the schema before and after, and fail if they differ.
    pub verify_redo: bool,
    /// The PostgreSQL schema that snapshots read (`public` when `None`).
    pub schema: Option<String>,
}

/// What `accept` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The new checksum replaced the old one.
    Edit { old: Checksum, new: Checksum },
    /// The record of a failed migration was removed.
    FailureCleared,
    /// The files match what was applied; nothing was changed.
    Unchanged,
}

/// Runs migrations from one directory against one connection.
pub struct Migrator<'c> {
    pub(super) conn: &'c mut dyn MigrationConnection,
    pub(super) dir: PathBuf,
    /// Shared with the entries that classify them (see [`Entry`]). Empty while `reading`.
    pub(super) migrations: Vec<Arc<Migration>>,
    /// The migrations while they are still being read; see [`Migrator::finish_reading`].
    reading: Option<Reading>,
    pub(super) options: RunOptions,
    /// The transaction steps run inside while a whole run or redo is one.
    pub(super) enclosing: Option<Enclosing>,
}

impl std::fmt::Debug for Migrator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("dir", &self.dir)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'c> Migrator<'c> {
    /// Reads and checks every migration in `dir`.
    pub fn new(conn: &'c mut dyn MigrationConnection, dir: &Path) -> Result<Self, MigrateError> {
        Ok(Self::with_migrations(conn, dir, source::discover(dir)?))
    }

    /// Uses migrations already read from `dir` (see [`source::discover`]).
    pub fn with_migrations(
        conn: &'c mut dyn MigrationConnection,
        dir: &Path,
        migrations: Vec<Migration>,
    ) -> Self {
        Self::on(conn, dir, OnDisk::Read(migrations))
    }

    /// Uses the migrations of `dir`, read or still being read. A run with nothing to do
    /// reads the database meanwhile; every other operation waits for the files first.
    pub(crate) fn on(conn: &'c mut dyn MigrationConnection, dir: &Path, on_disk: OnDisk) -> Self {
        let (migrations, reading) = match on_disk {
            OnDisk::Read(migrations) => (migrations.into_iter().map(Arc::new).collect(), None),
            OnDisk::Reading(reading) => (Vec::new(), Some(reading)),
        };
        Migrator {
            conn,
            dir: dir.to_owned(),
            migrations,
            reading,
            options: RunOptions::default(),
            enclosing: None,
        }
    }

    /// Waits for the migrations still being read, if any, and reads their down.sql files:
    /// their errors (a missing up.sql, a file that is not UTF-8) are the first a command
    /// reports.
    pub(super) fn finish_reading(&mut self) -> Result<(), MigrateError> {
        if let Some(reading) = self.reading.take() {
            self.adopt_read(reading.finish()?);
        }
        Ok(())
    }

    fn adopt_read(&mut self, migrations: Vec<Migration>) {
        self.migrations = migrations.into_iter().map(Arc::new).collect();
    }

    pub fn with_options(mut self, options: RunOptions) -> Self {
        self.options = options;
        self
    }

    /// The migrations on disk; empty until they have been read.
    pub fn migrations(&self) -> &[Arc<Migration>] {
        &self.migrations
    }

    /// Where the migration `version` (its version or its directory name) stands among
    /// this migrator's.
    pub(super) fn position_of(&self, version: &str) -> Result<usize, MigrateError> {
        source::position_of(&self.migrations, version)
    }

    /// The ledger and history as recorded now; empty (and nothing created) when the tables
    /// do not exist yet.
    pub(super) fn recorded(&mut self) -> Result<RecordedState, MigrateError> {
        let recorded = self
            .conn
            .recorded()
            .map_err(db("reading the ledger and strata's migration history"))?;
        Ok(RecordedState {
            tables: recorded.tables,
            applied: recorded.applied,
            history: recorded.history.into_iter().map(Arc::new).collect(),
        })
    }

    /// Whether a run would find nothing to do (see [`RecordedState::is_settled`]), from the
    /// history's digests. Migrations still being read need only their up.sql files for
    /// this, read while the database is; their down.sql files are read when there is
    /// something to do.
    pub(super) fn is_settled(&mut self) -> Result<bool, MigrateError> {
        let digest = self.conn.recorded_digest();
        // A mistake on disk is reported before the database's errors, as it would be had
        // the files been read before connecting.
        let partly = self.reading.take().map(Reading::wait).transpose()?;
        let digest = digest.map_err(db("reading the ledger and strata's migration history"))?;
        let (tables, applied, history) = (digest.tables, &digest.applied, &digest.history);
        let Some(partly) = partly else {
            let on_disk = self
                .migrations
                .iter()
                .map(|m| (m.version.as_str(), m.up_checksum()));
            return Ok(state::is_settled(tables, applied, history, on_disk));
        };
        if state::is_settled(tables, applied, history, partly.up_checksums()) {
            return Ok(true);
        }
        self.adopt_read(partly.complete()?);
        Ok(false)
    }

    /// Every migration on disk and every applied version, with how it stands (read only).
    pub fn entries(&mut self) -> Result<Vec<Entry>, MigrateError> {
        self.finish_reading()?;
        let state = self.recorded()?;
        let state = squashed::as_adopted(&state, &self.migrations)?;
        Ok(state.entries(&self.migrations))
    }

    /// Migrations on disk that the ledger does not record, in version order.
    pub fn pending(&mut self) -> Result<Vec<Migration>, MigrateError> {
        Ok(self
            .entries()?
            .into_iter()
            .filter(Entry::is_pending)
            .filter_map(|e| e.migration)
            .map(Arc::unwrap_or_clone)
            .collect())
    }

    pub(super) fn lock(
        &mut self,
        observer: &mut dyn Observer,
    ) -> Result<Box<dyn HeldLock>, MigrateError> {
        let wait = self.options.lock;
        Ok(self
            .conn
            .lock(&wait, &mut |holder| observer.waiting_for_lock(holder))?)
    }

    /// Runs `work` with `lock` held, then releases it, whatever `work` returned. A lock on
    /// the application's own connection is released by a statement, so it cannot be left
    /// to a guard's drop.
    pub(super) fn under_lock<T>(
        &mut self,
        lock: Box<dyn HeldLock>,
        work: impl FnOnce(&mut Self) -> Result<T, MigrateError>,
    ) -> Result<T, MigrateError> {
        let result = work(self);
        let released = self.conn.unlock(lock);
        let value = result?;
        released.map_err(db("releasing the migration lock"))?;
        Ok(value)
    }

    /// The lock, if it can be taken without waiting while the files are still being read;
    /// `None` otherwise (files read, or the lock busy or failing: the caller reads the
    /// files, then takes the lock the usual way, which reports its failure).
    pub(super) fn lock_if_free(&mut self) -> Option<Box<dyn HeldLock>> {
        self.reading.as_ref()?;
        let at_once = LockWait {
            timeout: Some(Duration::ZERO),
        };
        self.conn.lock(&at_once, &mut |_| {}).ok()
    }

    /// Creates the tables if needed, adopts what diesel_cli applied and forgets what
    /// another tool reverted; returns the state as it now is.
    pub(super) fn reconcile(
        &mut self,
        mut state: RecordedState,
        observer: &mut dyn Observer,
    ) -> Result<RecordedState, MigrateError> {
        // Refused before anything is written.
        let adoptions = squashed::adoptions(&state, &self.migrations)?;
        // Created only when missing: a run with nothing to do writes nothing, so it works
        // on a read-only database too.
        if !(state.tables.ledger && state.tables.history) {
            self.conn
                .create_state_tables()
                .map_err(db("creating the ledger tables"))?;
            state.tables = StateTables::BOTH;
        }
        if !adoptions.is_empty() {
            state = self.adopt_squashed(&state, &adoptions, observer)?;
        }
        let stale: Vec<String> = state.stale().into_iter().map(str::to_owned).collect();
        for version in &stale {
            self.conn
                .write_history(HistoryWrite::Delete(version))
                .map_err(db("updating strata's migration history"))?;
        }
        state.history.retain(|r| !stale.contains(&r.version));

        let unadopted: Vec<String> = state.unadopted().into_iter().map(str::to_owned).collect();
        let mut order = state.next_order();
        let mut adopted = Vec::new();
        for version in unadopted {
            // A version with no directory stays unadopted: there is nothing to checksum.
            let Some(migration) = self.migrations.iter().find(|m| m.version == version) else {
                continue;
            };
            let record = history_record(migration, order, None);
            self.conn
                .write_history(HistoryWrite::Insert(&record))
                .map_err(db("adopting migrations applied by diesel_cli"))?;
            order += 1;
            adopted.push(version);
            state.history.push(Arc::new(record));
        }
        if !adopted.is_empty() {
            observer.adopted(&adopted);
        }
        Ok(state)
    }

    /// The schema as migrations shape it (without the bookkeeping tables).
    pub(super) fn snapshot(&mut self) -> Result<Snapshot, MigrateError> {
        connection::snapshot(self.conn, self.options.schema.as_deref())
            .map_err(|source| MigrateError::Snapshot { source })
    }
}

/// A history row for `migration` as it is on disk, stamped now, for a migration recorded
/// without being run by a step (adopted, or tracked while its step runs).
pub(super) fn history_record(
    migration: &Migration,
    order: i64,
    failure: Option<String>,
) -> HistoryRecord {
    HistoryRecord {
        version: migration.version.clone(),
        up_checksum: migration.up_checksum().clone(),
        down_checksum: migration.down_checksum().cloned(),
        down_sql: migration.down.as_ref().map(|d| d.text.to_string()),
        applied_at: history::timestamp_now(),
        applied_order: order,
        duration_ms: 0,
        failure,
    }
}

pub(super) fn db(action: &'static str) -> impl Fn(diesel::result::Error) -> MigrateError {
    move |source| MigrateError::Database {
        action: action.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests;
