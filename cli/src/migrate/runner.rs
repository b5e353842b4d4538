//! The migration algorithm, written once: every command and the library API go through it.
//!
//! Each operation reads the migrations directory and the ledger, checks everything it is
//! about to do (directories present, files readable, SQL non-empty, down.sql present), and
//! only then applies migrations one at a time, each with its ledger change in the same
//! transaction. Progress is reported to an [`Observer`], so the CLI's output is not a
//! second copy of the loop.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{partly_committed, MigrateError, NOT_ROLLED_BACK, ROLLED_BACK};
use super::script::{self, Dialect, Statement};
use super::source::{self, Migration, SqlFile};
use crate::backend::{LedgerChange, MigrationConnection, Step, StepError};

/// Which way a migration is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Told about each migration as it is applied.
pub trait Observer {
    fn starting(&mut self, migration: &Migration, direction: Direction);
    fn finished(&mut self, _migration: &Migration, _direction: Direction, _elapsed: Duration) {}
}

/// An observer that says nothing.
#[derive(Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {
    fn starting(&mut self, _: &Migration, _: Direction) {}
}

/// How many of the most recent migrations `revert` and `redo` act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Last(u64),
    All,
}

/// A migration and whether the ledger records it.
#[derive(Debug, Clone)]
pub struct MigrationStatus {
    pub migration: Migration,
    pub applied: bool,
}

/// Runs migrations from one directory against one connection.
pub struct Migrator<'c> {
    conn: &'c mut dyn MigrationConnection,
    dir: PathBuf,
    migrations: Vec<Migration>,
}

impl std::fmt::Debug for Migrator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("dir", &self.dir)
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
        Migrator {
            conn,
            dir: dir.to_owned(),
            migrations,
        }
    }

    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// Applied versions, ascending; empty (and nothing created) when there is no ledger yet.
    fn applied(&mut self) -> Result<Vec<String>, MigrateError> {
        let exists = self
            .conn
            .ledger_exists()
            .map_err(db("reading the ledger"))?;
        if !exists {
            return Ok(Vec::new());
        }
        self.conn
            .applied_versions()
            .map_err(db("reading the ledger"))
    }

    /// Every migration on disk with whether it is applied, in version order.
    pub fn status(&mut self) -> Result<Vec<MigrationStatus>, MigrateError> {
        let applied: BTreeSet<String> = self.applied()?.into_iter().collect();
        Ok(self
            .migrations
            .iter()
            .map(|m| MigrationStatus {
                applied: applied.contains(&m.version),
                migration: m.clone(),
            })
            .collect())
    }

    /// Migrations on disk that the ledger does not record, in version order.
    pub fn pending(&mut self) -> Result<Vec<Migration>, MigrateError> {
        Ok(self
            .status()?
            .into_iter()
            .filter(|s| !s.applied)
            .map(|s| s.migration)
            .collect())
    }

    /// Applies every pending migration in version order; returns them.
    pub fn run_pending(
        &mut self,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        let pending = self.pending()?;
        let scripts = pending
            .iter()
            .map(|m| {
                let statements = script::split(&m.up.text, self.conn.dialect());
                if statements.is_empty() {
                    return Err(MigrateError::EmptyMigration {
                        path: m.up.path.clone(),
                    });
                }
                Ok(statements)
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Only once every pending migration has passed its checks is anything written.
        self.conn
            .create_ledger()
            .map_err(db("creating the ledger table"))?;
        for (migration, statements) in pending.iter().zip(&scripts) {
            self.apply(
                migration,
                Direction::Up,
                &migration.up,
                statements,
                observer,
            )?;
        }
        Ok(pending)
    }

    /// Reverts the most recent migrations (highest versions first); returns them.
    pub fn revert(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        let targets = self.revert_targets(count)?;
        for (migration, down, statements) in &targets {
            self.apply(migration, Direction::Down, down, statements, observer)?;
        }
        Ok(targets.into_iter().map(|(m, ..)| m).collect())
    }

    /// Reverts the most recent migrations, then applies them again in version order.
    pub fn redo(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        let targets = self.revert_targets(count)?;
        let ups = targets
            .iter()
            .map(|(m, ..)| script::split(&m.up.text, self.conn.dialect()))
            .collect::<Vec<_>>();
        for (migration, down, statements) in &targets {
            self.apply(migration, Direction::Down, down, statements, observer)?;
        }
        for ((migration, ..), statements) in targets.iter().zip(&ups).rev() {
            self.apply(
                migration,
                Direction::Up,
                &migration.up,
                statements,
                observer,
            )?;
        }
        Ok(targets.into_iter().rev().map(|(m, ..)| m).collect())
    }

    /// The applied migrations `count` selects, newest first, each with its checked down.sql.
    fn revert_targets(
        &mut self,
        count: Count,
    ) -> Result<Vec<(Migration, SqlFile, Vec<Statement>)>, MigrateError> {
        let mut applied = self.applied()?;
        applied.reverse();
        let take = match count {
            Count::All => applied.len(),
            Count::Last(n) => usize::try_from(n).unwrap_or(usize::MAX).min(applied.len()),
        };
        applied
            .into_iter()
            .take(take)
            .map(|version| {
                let migration = self
                    .migrations
                    .iter()
                    .find(|m| m.version == version)
                    .cloned()
                    .ok_or_else(|| MigrateError::UnknownAppliedVersion {
                        version: version.clone(),
                        dir: self.dir.clone(),
                    })?;
                let down = migration
                    .down
                    .clone()
                    .ok_or_else(|| MigrateError::MissingDownSql {
                        migration: migration.name.clone(),
                    })?;
                let statements = script::split(&down.text, self.conn.dialect());
                Ok((migration, down, statements))
            })
            .collect()
    }

    fn apply(
        &mut self,
        migration: &Migration,
        direction: Direction,
        file: &SqlFile,
        statements: &[Statement],
        observer: &mut dyn Observer,
    ) -> Result<(), MigrateError> {
        observer.starting(migration, direction);
        let started = Instant::now();
        let ledger = match direction {
            Direction::Up => LedgerChange::Record(&migration.version),
            Direction::Down => LedgerChange::Erase(&migration.version),
        };
        let step = Step {
            statements,
            ledger,
            transactional: migration.run_in_transaction,
        };
        self.conn.apply(&step).map_err(|e| match e {
            StepError::Statement { index, source } => MigrateError::Statement {
                migration: migration.name.clone(),
                path: file.path.clone(),
                line: statements[index].line,
                message: source.to_string(),
                outcome: failure_outcome(
                    migration.run_in_transaction,
                    self.conn.dialect(),
                    &statements[..index],
                ),
            },
            StepError::Other(source) => MigrateError::Database {
                action: format!("recording migration {} in the ledger", migration.name),
                source,
            },
        })?;
        observer.finished(migration, direction, started.elapsed());
        Ok(())
    }
}

/// What a statement's failure left applied: nothing inside a transaction, except on MySQL
/// everything up to the last schema change (which commits the transaction so far);
/// everything before it outside a transaction.
fn failure_outcome(transactional: bool, dialect: Dialect, before: &[Statement]) -> String {
    if !transactional {
        return NOT_ROLLED_BACK.to_owned();
    }
    match before
        .iter()
        .rev()
        .find(|s| dialect.commits_implicitly(&s.sql))
    {
        Some(last_committed) => partly_committed(last_committed.line),
        None => ROLLED_BACK.to_owned(),
    }
}

fn db(action: &'static str) -> impl Fn(diesel::result::Error) -> MigrateError {
    move |source| MigrateError::Database {
        action: action.to_owned(),
        source,
    }
}
