//! `--dry-run`: the runner's algorithm, unchanged, against a connection that reads the
//! real database but writes a script instead of executing.
//!
//! Because the runner itself decides what to write, the script is exactly what a real run
//! would execute, in order: creating the ledger tables when they are missing, adopting
//! versions diesel_cli applied, each migration's statements, its ledger and history rows,
//! and the transaction boundaries around them. Each backend supplies only its syntax
//! ([`ScriptSyntax`]: how it begins a transaction, quotes a string, ends a statement), so
//! the result runs in its own client (`sqlite3`, `psql`, `mariadb`).
//!
//! What a script cannot reproduce: the time and duration recorded in the history are those
//! of the dry run, and the migration lock strata holds during a real run is not taken. It
//! also leaves out the progress a real run records while a migration that commits part by
//! part runs (so that a killed run is told apart from a finished one): a script run by
//! hand is watched by the person running it.

use diesel::QueryResult;
use strata_schema_gen::Snapshot;

use super::history::{CREATE_ACCEPTED_EDITS, CREATE_HISTORY};
use super::ledger::CREATE_LEDGER;
use crate::migrate::apply::{Step, StepError, StepRunner};
use crate::migrate::connection::{MigrationConnection, Snapshots};
use crate::migrate::dialect::Dialect;
use crate::migrate::history::{self, HistoryDigest, HistoryRecord, HistoryWrite, Stamp};
use crate::migrate::ledger::{
    Ledger, LedgerChange, Recorded, StateTables, HISTORY_TABLE, LEDGER_TABLE,
};
use crate::migrate::lock::{HeldLock, LockError, LockWait, Locking, NoLock};

/// How a backend's native client reads a script.
pub trait ScriptSyntax: Sync {
    /// The statement that starts a migration's transaction, as strata starts it.
    fn begin(&self) -> &'static str;
    /// `text` as a string literal.
    fn literal(&self, text: &str) -> String;
    /// One statement, terminated so the client runs it on its own.
    fn statement(&self, sql: &str) -> String {
        terminated(sql)
    }
}

/// `sql;`, on a new line when the statement ends in a line comment (which would swallow
/// the `;`).
pub fn terminated(sql: &str) -> String {
    let last_line = sql.lines().last().unwrap_or_default();
    if last_line.contains("--") || last_line.contains('#') {
        format!("{sql}\n;")
    } else {
        format!("{sql};")
    }
}

/// A single-quoted literal with quotes doubled (the SQL standard; MySQL also needs its
/// backslashes doubled, which its syntax does itself).
pub fn standard_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Reads through to `inner`; writes into [`DryRun::script`].
pub struct DryRun<'c> {
    inner: &'c mut dyn MigrationConnection,
    syntax: &'static dyn ScriptSyntax,
    script: String,
}

impl std::fmt::Debug for DryRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DryRun")
            .field("script", &self.script)
            .finish_non_exhaustive()
    }
}

impl<'c> DryRun<'c> {
    /// Reads through `inner`, writing for a client that reads `syntax` (the backend's
    /// [`Catalog::script_syntax`](super::Catalog::script_syntax)).
    pub fn new(
        inner: &'c mut dyn MigrationConnection,
        syntax: &'static dyn ScriptSyntax,
    ) -> DryRun<'c> {
        DryRun {
            inner,
            syntax,
            script: String::new(),
        }
    }

    /// The script so far.
    pub fn script(&self) -> &str {
        &self.script
    }

    fn push(&mut self, statement: &str) {
        self.script.push_str(&self.syntax.statement(statement));
        self.script.push('\n');
    }

    fn comment(&mut self, text: &str) {
        self.script.push_str("-- ");
        self.script.push_str(text);
        self.script.push('\n');
    }

    fn value(&self, text: Option<&str>) -> String {
        text.map_or("NULL".to_owned(), |t| self.syntax.literal(t))
    }

    fn history_write(&mut self, change: HistoryWrite<'_>) {
        let statement = match change {
            HistoryWrite::Insert(record) => self.history_insert(record),
            HistoryWrite::Delete(version) => format!(
                "DELETE FROM {} WHERE version = {}",
                HISTORY_TABLE,
                self.syntax.literal(version)
            ),
            HistoryWrite::SetFailure { version, failure } => format!(
                "UPDATE {} SET failure = {} WHERE version = {}",
                HISTORY_TABLE,
                self.value(failure),
                self.syntax.literal(version),
            ),
            HistoryWrite::Accept(acceptance) => format!(
                "UPDATE {} SET up_checksum = {}, down_checksum = {}, down_sql = {} WHERE version = {}",
                HISTORY_TABLE,
                self.syntax.literal(acceptance.up_checksum.as_str()),
                self.value(acceptance.down_checksum.map(|c| c.as_str())),
                self.value(acceptance.down_sql),
                self.syntax.literal(acceptance.version),
            ),
        };
        self.push(&statement);
    }

    fn history_insert(&self, record: &HistoryRecord) -> String {
        format!(
            "INSERT INTO {} (version, up_checksum, down_checksum, down_sql, applied_at, \
             applied_order, duration_ms, failure) VALUES ({}, {}, {}, {}, {}, {}, {}, {})",
            HISTORY_TABLE,
            self.syntax.literal(&record.version),
            self.syntax.literal(record.up_checksum.as_str()),
            self.value(record.down_checksum.as_ref().map(|c| c.as_str())),
            self.value(record.down_sql.as_deref()),
            self.syntax.literal(&record.applied_at),
            record.applied_order,
            record.duration_ms,
            self.value(record.failure.as_deref()),
        )
    }
}

impl MigrationConnection for DryRun<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        self.inner.dialect()
    }
}

impl Ledger for DryRun<'_> {
    fn state_tables(&mut self) -> QueryResult<StateTables> {
        self.inner.state_tables()
    }

    fn create_state_tables(&mut self) -> QueryResult<()> {
        let dialect = self.dialect();
        for ddl in [CREATE_LEDGER, CREATE_HISTORY, CREATE_ACCEPTED_EDITS] {
            for statement in dialect.split(ddl) {
                self.push(&statement.sql);
            }
        }
        Ok(())
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        self.inner.applied_versions()
    }

    fn history(&mut self) -> QueryResult<Vec<HistoryRecord>> {
        self.inner.history()
    }

    fn recorded(&mut self) -> QueryResult<Recorded> {
        self.inner.recorded()
    }

    fn history_digest(&mut self) -> QueryResult<Vec<HistoryDigest>> {
        self.inner.history_digest()
    }

    fn recorded_digest(&mut self) -> QueryResult<Recorded<HistoryDigest>> {
        self.inner.recorded_digest()
    }

    fn write_history(&mut self, change: HistoryWrite<'_>) -> QueryResult<()> {
        self.history_write(change);
        Ok(())
    }
}

impl StepRunner for DryRun<'_> {
    fn tracks_progress(&self) -> bool {
        false
    }

    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        self.script.push('\n');
        self.comment(&format!(
            "{} ({})",
            step.migration,
            crate::paths::shown(step.file)
        ));
        if step.transactional {
            self.push(self.syntax.begin());
        }
        for statement in step.statements {
            self.push(&statement.sql);
        }
        match step.ledger {
            LedgerChange::Record(applied) => {
                let version = self.syntax.literal(applied.version);
                self.push(&format!(
                    "INSERT INTO {} (version) VALUES ({version})",
                    LEDGER_TABLE
                ));
                let stamp = Stamp {
                    applied_at: history::timestamp_now(),
                    duration_ms: 0,
                };
                self.history_write(HistoryWrite::Insert(&applied.record(&stamp)));
            }
            LedgerChange::Erase(version) => {
                let literal = self.syntax.literal(version);
                self.push(&format!(
                    "DELETE FROM {} WHERE version = {literal}",
                    LEDGER_TABLE
                ));
                self.history_write(HistoryWrite::Delete(version));
            }
        }
        if step.transactional {
            self.push("COMMIT");
        }
        Ok(())
    }

    fn begin_all(&mut self) -> QueryResult<()> {
        self.comment("one transaction: every migration below commits together");
        self.push(self.syntax.begin());
        Ok(())
    }

    fn commit_all(&mut self) -> QueryResult<()> {
        self.push("COMMIT");
        Ok(())
    }

    fn rollback_all(&mut self) -> QueryResult<()> {
        Ok(())
    }
}

impl Locking for DryRun<'_> {
    fn lock(
        &mut self,
        _wait: &LockWait,
        _waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError> {
        // Nothing is written, so nothing needs protecting; and a dry run should never
        // queue behind a deploy.
        Ok(Box::new(NoLock))
    }
}

impl Snapshots for DryRun<'_> {
    fn read_snapshot(
        &mut self,
        schema: Option<&str>,
    ) -> Result<Snapshot, strata_schema_gen::Error> {
        self.inner.read_snapshot(schema)
    }

    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl {
        self.inner.ddl()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_survive_a_trailing_line_comment() {
        assert_eq!(terminated("SELECT 1"), "SELECT 1;");
        assert_eq!(terminated("SELECT 1 -- one"), "SELECT 1 -- one\n;");
        assert_eq!(standard_literal("it's"), "'it''s'");
    }
}
