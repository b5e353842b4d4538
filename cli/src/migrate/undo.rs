//! Reverting the most recently applied migrations, and redoing them (revert, then apply
//! again). Where the database can roll a schema change back and every migration runs in a
//! transaction, a redo is one transaction: it succeeds whole or changes nothing. Elsewhere
//! it says so before starting, and a failure says exactly what each migration was left as.

use std::path::PathBuf;
use std::sync::Arc;

use super::error::MigrateError;
use super::runner::{db, Count, Direction, Migrator, Observer};
use super::script::Statement;
use super::source::{Migration, SqlFile};
use super::state::{Entry, Standing};
use super::step::Enclosing;
use strata_schema_gen::snapshot::diff::{Moments, SnapshotDiff};

/// A migration to revert, with the down.sql to run.
pub(super) struct Target {
    pub migration: Migration,
    pub down: SqlFile,
    pub statements: Vec<Statement>,
    /// Its directory is gone: `migration` stands in for it, with the down.sql recorded when
    /// it was applied and no up.sql; this says what to do about the directory.
    pub stand_in: Option<String>,
}

/// How far a sequence of reverts (and re-applies) got before it stopped.
#[derive(Debug, Default)]
struct Progress {
    reverted: usize,
    reapplied: usize,
}

/// After a failed redo that was not one transaction: what became of each migration.
const NOT_UNDONE: &str = "the redo could not be rolled back as a whole";

impl Migrator<'_> {
    /// Reverts the most recently applied migrations (latest first); returns them.
    pub fn revert(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        self.finish_reading()?;
        let lock = self.lock(observer)?;
        self.under_lock(lock, |this| this.revert_locked(count, observer))
    }

    fn revert_locked(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        let (targets, _) = self.revert_targets(count, observer)?;
        if !targets.is_empty() {
            observer.planned(targets.len(), Direction::Down);
        }
        for (index, target) in targets.iter().enumerate() {
            let reverted = self.apply(
                &target.migration,
                Direction::Down,
                &target.down,
                &target.statements,
                0,
                observer,
            );
            if let Err(error) = reverted {
                return Err(stopped(error, revert_summary(&targets, index)));
            }
        }
        Ok(targets.into_iter().map(|t| t.migration).collect())
    }

    /// Reverts the most recently applied migrations, then applies them again in the order
    /// they were applied.
    pub fn redo(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        self.finish_reading()?;
        let lock = self.lock(observer)?;
        self.under_lock(lock, |this| this.redo_locked(count, observer))
    }

    fn redo_locked(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        let (targets, next_order) = self.revert_targets(count, observer)?;
        if let Some((missing, next)) = targets.iter().find_map(|t| Some((t, t.stand_in.as_ref()?)))
        {
            return Err(MigrateError::AppliedButMissing {
                version: missing.migration.version.clone(),
                dir: self.dir.clone(),
                next: next.clone(),
            });
        }
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let dialect = self.conn.dialect();
        let ups: Vec<Vec<Statement>> = targets
            .iter()
            .map(|t| dialect.split(&t.migration.up.text))
            .collect();
        let one_transaction =
            dialect.rolls_back_ddl() && targets.iter().all(|t| t.migration.run_in_transaction);
        if !one_transaction {
            observer.warning(&not_one_transaction(dialect.name(), &targets));
            let mut progress = Progress::default();
            return match self.redo_steps(&targets, &ups, next_order, &mut progress, observer) {
                Ok(()) => Ok(targets.into_iter().rev().map(|t| t.migration).collect()),
                Err(error) => Err(stopped(error, Some(redo_summary(&targets, &progress)))),
            };
        }
        self.conn
            .begin_all()
            .map_err(db("starting the redo's transaction"))?;
        self.enclosing = Some(Enclosing::Redo);
        let redone = self.redo_steps(
            &targets,
            &ups,
            next_order,
            &mut Progress::default(),
            observer,
        );
        self.enclosing = None;
        if let Err(error) = redone {
            // The step's error is the one worth reporting; a ROLLBACK that fails too (the
            // connection is gone) has nothing left to roll back.
            let _ = self.conn.rollback_all();
            return Err(error);
        }
        self.conn
            .commit_all()
            .map_err(db("committing the redo's transaction"))?;
        Ok(targets.into_iter().rev().map(|t| t.migration).collect())
    }

    /// Reverts `targets`, applies them again in the order they were applied, and compares
    /// the schema before and after when asked to, counting in `progress` what it did.
    fn redo_steps(
        &mut self,
        targets: &[Target],
        ups: &[Vec<Statement>],
        next_order: i64,
        progress: &mut Progress,
        observer: &mut dyn Observer,
    ) -> Result<(), MigrateError> {
        let before = if self.options.verify_redo {
            Some(self.snapshot()?)
        } else {
            None
        };
        observer.planned(targets.len(), Direction::Down);
        for target in targets {
            self.apply(
                &target.migration,
                Direction::Down,
                &target.down,
                &target.statements,
                0,
                observer,
            )?;
            progress.reverted += 1;
        }
        observer.planned(targets.len(), Direction::Up);
        // Orders only need to grow: the one read before reverting serves, with gaps.
        let orders = next_order..;
        for (order, (target, statements)) in orders.zip(targets.iter().zip(ups).rev()) {
            let migration = &target.migration;
            self.apply(
                migration,
                Direction::Up,
                &migration.up,
                statements,
                order,
                observer,
            )?;
            progress.reapplied += 1;
        }
        let Some(before) = before else {
            return Ok(());
        };
        let diff = SnapshotDiff::between(&before, &self.snapshot()?);
        let moments = Moments {
            actual: "after redo",
            expected: "before redo",
        };
        if !diff.is_empty() {
            let outcome = if self.enclosing == Some(Enclosing::Redo) {
                super::error::WHOLE_REDO_ROLLED_BACK
            } else {
                "the database is left as down.sql and up.sql made it, and the ledger records \
                 every redone migration as applied"
            };
            return Err(MigrateError::RedoChangedSchema {
                migrations: targets.iter().map(|t| t.migration.name.clone()).collect(),
                report: diff.report(moments, "  "),
                outcome: outcome.to_owned(),
            });
        }
        if !diff.column_order.is_empty() {
            observer.warning(diff.report(moments, "").trim_end());
        }
        Ok(())
    }

    /// The applied migrations `count` selects, most recently applied first, each with its
    /// checked down.sql; and the next `applied_order`. Every target is checked before any
    /// is reverted.
    pub(super) fn revert_targets(
        &mut self,
        count: Count,
        observer: &mut dyn Observer,
    ) -> Result<(Vec<Target>, i64), MigrateError> {
        let state = self.recorded()?;
        let state = if state.applied.is_empty() {
            state
        } else {
            self.reconcile(state, observer)?
        };
        let entries = state.entries(&self.migrations);
        // A migration left half-done must be repaired before the ones around it move.
        if let Some(failed) = entries
            .iter()
            .find(|e| matches!(e.standing, Standing::Failed { .. }))
        {
            return Err(failed_earlier(failed));
        }
        let mut applied: Vec<Entry> = entries.into_iter().filter(Entry::is_applied).collect();
        // Latest applied first; versions strata has no order for (no directory, applied by
        // diesel_cli) by version, as diesel_cli would.
        applied.sort_by(|a, b| {
            let order = |e: &Entry| e.record.as_ref().map_or(0, |r| r.applied_order);
            (order(b), &b.version).cmp(&(order(a), &a.version))
        });
        let take = match count {
            Count::All => applied.len(),
            Count::Last(n) => usize::try_from(n).unwrap_or(usize::MAX).min(applied.len()),
        };
        let targets = applied
            .into_iter()
            .take(take)
            .map(|entry| self.revert_target(entry))
            .collect::<Result<_, _>>()?;
        Ok((targets, state.next_order()))
    }

    fn revert_target(&self, entry: Entry) -> Result<Target, MigrateError> {
        let dialect = self.conn.dialect();
        if let Some(migration) = entry.migration {
            let down = migration
                .down
                .clone()
                .ok_or_else(|| MigrateError::MissingDownSql {
                    migration: migration.name.clone(),
                })?;
            let statements = dialect.split(&down.text);
            if statements.is_empty() && !migration.nothing_to_undo {
                return Err(MigrateError::EmptyDownSql {
                    migration: migration.name.clone(),
                    path: down.path,
                });
            }
            return Ok(Target {
                migration: Arc::unwrap_or_clone(migration),
                down,
                statements,
                stand_in: None,
            });
        }
        if !self.options.revert_missing {
            return Err(MigrateError::AppliedButMissing {
                next: entry.next_step().unwrap_or_default(),
                version: entry.version,
                dir: self.dir.clone(),
            });
        }
        let next = entry.next_step().unwrap_or_default();
        let Some(text) = entry.record.and_then(|r| r.down_sql.clone()) else {
            return Err(MigrateError::NoRecordedDownSql {
                version: entry.version,
            });
        };
        let down = SqlFile::new(
            PathBuf::from(format!("(down.sql recorded for {})", entry.version)),
            text,
        );
        let statements = dialect.split(&down.text);
        if statements.is_empty() {
            return Err(MigrateError::EmptyDownSql {
                migration: entry.version,
                path: down.path,
            });
        }
        let migration = Migration {
            version: entry.version.clone(),
            name: entry.version,
            dir: self.dir.clone(),
            up: SqlFile::new(PathBuf::new(), String::new()),
            down: Some(down.clone()),
            run_in_transaction: true,
            allow_out_of_order: false,
            nothing_to_undo: false,
            replaces: Vec::new(),
        };
        Ok(Target {
            migration,
            down,
            statements,
            stand_in: Some(next),
        })
    }
}

/// The error for a migration left failed part-way.
pub(super) fn failed_earlier(entry: &Entry) -> MigrateError {
    let Standing::Failed { at, failure, .. } = &entry.standing else {
        unreachable!("failed_earlier is called for failed entries only");
    };
    MigrateError::FailedEarlier {
        migration: entry.name().to_owned(),
        at: at.clone(),
        failure: failure.clone(),
        next: entry.next_step().unwrap_or_default(),
    }
}

/// `error`, with what the command did before it, when it did anything worth saying.
fn stopped(error: MigrateError, summary: Option<String>) -> MigrateError {
    match summary {
        Some(summary) => MigrateError::Stopped {
            error: Box::new(error),
            summary,
        },
        None => error,
    }
}

fn names(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| t.migration.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// For a revert of several migrations that stopped at `targets[failed]`.
fn revert_summary(targets: &[Target], failed: usize) -> Option<String> {
    if targets.len() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    if failed > 0 {
        parts.push(format!("reverted: {}", names(&targets[..failed])));
    }
    parts.push(format!(
        "stopped at: {} (as said above)",
        targets[failed].migration.name
    ));
    if failed + 1 < targets.len() {
        parts.push(format!(
            "not reverted, still applied: {}",
            names(&targets[failed + 1..])
        ));
    }
    Some(format!(
        "of the {} migrations to revert: {}",
        targets.len(),
        parts.join("; ")
    ))
}

/// For a redo that was not one transaction and stopped part-way.
fn redo_summary(targets: &[Target], progress: &Progress) -> String {
    let mut parts = Vec::new();
    if progress.reverted < targets.len() {
        // Stopped while reverting, latest first.
        let (done, rest) = targets.split_at(progress.reverted);
        if !done.is_empty() {
            parts.push(format!(
                "reverted, now pending (`strata migration run` applies them): {}",
                names(done)
            ));
        }
        parts.push(format!(
            "stopped reverting: {} (as said above)",
            rest[0].migration.name
        ));
        if rest.len() > 1 {
            parts.push(format!(
                "not reverted, still applied: {}",
                names(&rest[1..])
            ));
        }
    } else if progress.reapplied < targets.len() {
        // Re-applied oldest first, so the re-applied ones are the tail of `targets`.
        let (pending, reapplied) = targets.split_at(targets.len() - progress.reapplied);
        if !reapplied.is_empty() {
            parts.push(format!("reverted and applied again: {}", names(reapplied)));
        }
        let (failed, rest) = pending.split_last().expect("a failed re-apply");
        parts.push(format!(
            "stopped applying again: {} (as said above: its revert stands)",
            failed.migration.name
        ));
        if !rest.is_empty() {
            parts.push(format!(
                "reverted, now pending (`strata migration run` applies them): {}",
                names(rest)
            ));
        }
    } else {
        parts.push(format!("reverted and applied again: {}", names(targets)));
    }
    format!("{NOT_UNDONE}; {}", parts.join("; "))
}

/// Said before a redo that cannot be one transaction.
fn not_one_transaction(database: &str, targets: &[Target]) -> String {
    let outside: Vec<&str> = targets
        .iter()
        .filter(|t| !t.migration.run_in_transaction)
        .map(|t| t.migration.name.as_str())
        .collect();
    let why = if outside.is_empty() {
        format!("{database} commits schema changes at once")
    } else {
        format!(
            "{} run{} outside a transaction (run_in_transaction = false)",
            outside.join(", "),
            if outside.len() == 1 { "s" } else { "" }
        )
    };
    format!(
        "warning: {why}, so this redo cannot be undone as a whole if it fails: each migration \
         is reverted and applied again step by step, and a failure says what each was left as"
    )
}
