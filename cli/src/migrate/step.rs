//! One migration applied in one direction: its statements and its ledger change, and what a
//! failure left behind. A step that cannot be undone as a whole (outside a transaction, or
//! with MySQL's implicit commits) records its progress in strata's history as it goes, so
//! that a run killed part-way leaves a true account of how far it got, and the next run
//! refuses until someone has looked.

use std::path::Path;
use std::time::Instant;

use super::apply::{Progress, Step, StepError};
use super::dialect::Dialect;
use super::error::{
    not_rolled_back, partly_committed, MigrateError, REVERT_ROLLED_BACK, ROLLED_BACK,
    WHOLE_REDO_ROLLED_BACK, WHOLE_RUN_ROLLED_BACK,
};
use super::history::{HistoryWrite, NewApplied};
use super::ledger::LedgerChange;
use super::runner::{db, history_record, Direction, Migrator, Observer};
use super::script::Statement;
use super::source::{Migration, SqlFile};
use super::state::repair_step;
use crate::paths::shown;

/// The one transaction that steps run inside, when they do not each have their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enclosing {
    /// `migration run --single-transaction`.
    Run,
    /// `migration redo` where every step can be rolled back.
    Redo,
}

/// What a failed statement left applied.
enum Outcome {
    RolledBack(&'static str),
    PartlyApplied(String),
}

impl Outcome {
    fn into_text(self) -> String {
        match self {
            Outcome::RolledBack(text) => text.to_owned(),
            Outcome::PartlyApplied(text) => text,
        }
    }
}

/// The history row's failure text while a step that commits part by part runs: `first`
/// from before its first statement, `before[i]` from just before statement `i` commits.
struct Markers {
    first: String,
    before: Vec<Option<String>>,
}

impl Markers {
    fn new(
        path: &Path,
        statements: &[Statement],
        transactional: bool,
        dialect: &dyn Dialect,
    ) -> Self {
        let path = shown(path);
        let first = match statements.first() {
            Some(first) => format!(
                "the run did not finish: {path}:{} and the statements after it may or may not \
                 have taken effect",
                first.line
            ),
            None => "the run did not finish".to_owned(),
        };
        let before = statements
            .iter()
            .enumerate()
            .map(|(index, statement)| {
                let commits = !transactional || dialect.commits_implicitly(&statement.sql);
                (index > 0 && commits).then(|| {
                    format!(
                        "the run did not finish: the statements before {path}:{} took effect; \
                         it and the statements after it may or may not have",
                        statement.line
                    )
                })
            })
            .collect();
        Markers { first, before }
    }
}

impl Migrator<'_> {
    /// Applies `statements` (from `file`) and the migration's ledger change, as one
    /// transaction unless the migration or the backend rules that out.
    pub(super) fn apply(
        &mut self,
        migration: &Migration,
        direction: Direction,
        file: &SqlFile,
        statements: &[Statement],
        order: i64,
        observer: &mut dyn Observer,
    ) -> Result<(), MigrateError> {
        observer.starting(migration, direction);
        let started = Instant::now();
        let dialect = self.conn.dialect();
        let transactional = migration.run_in_transaction && self.enclosing.is_none();
        let atomic = self.enclosing.is_some()
            || (transactional
                && !statements
                    .iter()
                    .any(|s| dialect.commits_implicitly(&s.sql)));
        let markers = (!atomic && self.conn.tracks_progress())
            .then(|| Markers::new(&file.path, statements, transactional, dialect));
        if let Some(markers) = &markers {
            self.start_tracking(migration, direction, order, &markers.first)?;
        }
        let tracked = markers.is_some();
        let applied = NewApplied {
            version: &migration.version,
            up_checksum: migration.up_checksum(),
            down_checksum: migration.down_checksum(),
            down_sql: migration.down.as_ref().map(|d| &*d.text),
            applied_order: order,
            replaces_progress: tracked,
        };
        let ledger = match direction {
            Direction::Up => LedgerChange::Record(&applied),
            Direction::Down => LedgerChange::Erase(&migration.version),
        };
        let step = Step {
            migration: &migration.name,
            file: &file.path,
            statements,
            ledger,
            transactional,
            progress: markers.map(|markers| Progress {
                version: &migration.version,
                before: markers.before,
            }),
        };
        let error = match self.conn.apply(&step) {
            Ok(()) => {
                observer.finished(migration, direction, started.elapsed());
                return Ok(());
            }
            Err(error) => error,
        };
        match error {
            StepError::Statement { index, source } => {
                let line = statements[index].line;
                let message = source.to_string();
                let outcome =
                    self.failure_outcome(migration, direction, transactional, statements, index);
                match &outcome {
                    Outcome::PartlyApplied(_) => {
                        self.record_failure(migration, file, line, &message)?;
                    }
                    Outcome::RolledBack(_) if tracked => {
                        self.stop_tracking(migration, direction)?
                    }
                    Outcome::RolledBack(_) => {}
                }
                Err(MigrateError::Statement {
                    migration: migration.name.clone(),
                    path: file.path.clone(),
                    line,
                    message,
                    outcome: outcome.into_text(),
                })
            }
            // The step's progress, if it tracks it, stays recorded: what happened to its
            // statements is not known.
            StepError::Other(source) => Err(MigrateError::Database {
                action: format!("recording migration {} in the ledger", migration.name),
                source,
            }),
        }
    }

    /// What the failure of `statements[failed]` left: nothing inside a transaction, except
    /// on MySQL everything up to the last schema change (which commits what came before it
    /// as it starts, and itself); everything before it outside a transaction.
    fn failure_outcome(
        &self,
        migration: &Migration,
        direction: Direction,
        transactional: bool,
        statements: &[Statement],
        failed: usize,
    ) -> Outcome {
        match self.enclosing {
            Some(Enclosing::Run) => return Outcome::RolledBack(WHOLE_RUN_ROLLED_BACK),
            Some(Enclosing::Redo) => return Outcome::RolledBack(WHOLE_REDO_ROLLED_BACK),
            None => {}
        }
        let rolled_back = Outcome::RolledBack(match direction {
            Direction::Up => ROLLED_BACK,
            Direction::Down => REVERT_ROLLED_BACK,
        });
        let next = repair_step(&migration.version, direction == Direction::Down);
        let before = &statements[..failed];
        if !transactional {
            return if before.is_empty() {
                rolled_back
            } else {
                Outcome::PartlyApplied(not_rolled_back(&next))
            };
        }
        let dialect = self.conn.dialect();
        // A failed schema change may have committed what came before it as it started.
        let committed_through = if dialect.commits_implicitly(&statements[failed].sql) {
            before.last()
        } else {
            before
                .iter()
                .rev()
                .find(|s| dialect.commits_implicitly(&s.sql))
        };
        match committed_through {
            Some(last_committed) => {
                Outcome::PartlyApplied(partly_committed(last_committed.line, &next))
            }
            None => rolled_back,
        }
    }

    /// Records, before a step that commits part by part starts, that it has not finished:
    /// a history row of its own for a migration being applied, a mark on the applied one's
    /// row for a revert.
    fn start_tracking(
        &mut self,
        migration: &Migration,
        direction: Direction,
        order: i64,
        text: &str,
    ) -> Result<(), MigrateError> {
        let written = match direction {
            Direction::Up => {
                let record = history_record(migration, order, Some(text.to_owned()));
                self.conn.write_history(HistoryWrite::Insert(&record))
            }
            Direction::Down => self.conn.write_history(HistoryWrite::SetFailure {
                version: &migration.version,
                failure: Some(text),
            }),
        };
        written.map_err(db("recording that the migration is starting"))
    }

    /// Takes back [`Migrator::start_tracking`] after a step that changed nothing.
    fn stop_tracking(
        &mut self,
        migration: &Migration,
        direction: Direction,
    ) -> Result<(), MigrateError> {
        let change = match direction {
            Direction::Up => HistoryWrite::Delete(&migration.version),
            Direction::Down => HistoryWrite::SetFailure {
                version: &migration.version,
                failure: None,
            },
        };
        self.conn
            .write_history(change)
            .map_err(db("recording that the migration changed nothing"))
    }

    /// Marks a migration that failed with statements applied, so that the next run stops
    /// until someone has repaired the database. Its history row exists: every step that
    /// can fail part-way tracks its progress there.
    fn record_failure(
        &mut self,
        migration: &Migration,
        file: &SqlFile,
        line: usize,
        message: &str,
    ) -> Result<(), MigrateError> {
        let failure = format!("{}:{line}: {message}", shown(&file.path));
        self.conn
            .write_history(HistoryWrite::SetFailure {
                version: &migration.version,
                failure: Some(&failure),
            })
            .map_err(db("recording the failed migration"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::dialect::fake::{COMMITS_DDL, ROLLS_BACK};

    fn statements(sql: &[(&str, usize)]) -> Vec<Statement> {
        sql.iter()
            .map(|&(sql, line)| Statement {
                sql: sql.to_owned(),
                line,
            })
            .collect()
    }

    #[test]
    fn marks_progress_before_each_statement_that_commits() {
        let path = Path::new("migrations/1_a/up.sql");
        let script = statements(&[
            ("INSERT INTO t VALUES (1)", 1),
            ("CREATE TABLE u (id INT)", 2),
            ("INSERT INTO u VALUES (1)", 3),
            ("DROP TABLE t", 5),
        ]);
        let mysql = Markers::new(path, &script, true, &COMMITS_DDL);
        assert_eq!(
            mysql.first,
            "the run did not finish: migrations/1_a/up.sql:1 and the statements after it may \
             or may not have taken effect"
        );
        let marked: Vec<bool> = mysql.before.iter().map(Option::is_some).collect();
        assert_eq!(marked, [false, true, false, true]);
        assert_eq!(
            mysql.before[3].as_deref(),
            Some(
                "the run did not finish: the statements before migrations/1_a/up.sql:5 took \
                 effect; it and the statements after it may or may not have"
            )
        );
        let outside = Markers::new(path, &script, false, &ROLLS_BACK);
        let marked: Vec<bool> = outside.before.iter().map(Option::is_some).collect();
        assert_eq!(marked, [false, true, true, true]);
    }
}
