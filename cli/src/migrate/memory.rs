//! A database that is a few collections in memory, for testing the runner's decisions
//! (what is pending, edited, failed, adopted, out of order) through the same traits a
//! backend implements, with no server and no file.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::PathBuf;

use diesel::QueryResult;
use strata_schema_gen::Snapshot;

use super::apply::{Step, StepError, StepRunner};
use super::checksum::Checksum;
use super::connection::{MigrationConnection, Snapshots};
use super::dialect::fake::ROLLS_BACK;
use super::dialect::Dialect;
use super::history::{HistoryDigest, HistoryRecord, HistoryWrite, Stamp};
use super::ledger::{Ledger, LedgerChange, StateTables};
use super::lock::{HeldLock, LockError, LockWait, Locking, NoLock};
use super::source::{Migration, SqlFile};

/// A statement that fails when a step runs it.
const FAILS: &str = "FAIL";

/// What the database holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    pub tables: StateTables,
    /// diesel's ledger.
    pub applied: BTreeSet<String>,
    /// strata's history, in the order rows were written.
    pub history: Vec<HistoryRecord>,
    /// Every statement that took effect, in order.
    pub executed: Vec<String>,
}

/// An in-memory database whose transactions roll back everything.
#[derive(Debug, Default)]
pub struct Memory {
    pub contents: Contents,
    /// The contents at the start of the transaction of `begin_all`.
    enclosing: Option<Contents>,
}

impl Memory {
    /// A database where diesel's ledger has `applied` and strata's history `history`.
    pub fn with(applied: &[&str], history: Vec<HistoryRecord>) -> Memory {
        Memory {
            contents: Contents {
                tables: StateTables::BOTH,
                applied: applied.iter().map(|v| v.to_string()).collect(),
                history,
                executed: Vec::new(),
            },
            enclosing: None,
        }
    }

    pub fn record(&self, version: &str) -> Option<&HistoryRecord> {
        self.contents.history.iter().find(|r| r.version == version)
    }

    fn history_mut(&mut self, version: &str) -> Option<&mut HistoryRecord> {
        self.contents
            .history
            .iter_mut()
            .find(|r| r.version == version)
    }

    fn run_statements(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        for (index, statement) in step.statements.iter().enumerate() {
            if let Some((version, text)) = step.progress_before(index) {
                self.set_failure(version, Some(text));
            }
            if statement.sql == FAILS {
                return Err(StepError::Statement {
                    index,
                    source: diesel::result::Error::QueryBuilderError("it fails".into()),
                });
            }
            self.contents.executed.push(statement.sql.clone());
        }
        let stamp = Stamp {
            applied_at: "2026-01-01T00:00:00.000Z".to_owned(),
            duration_ms: 0,
        };
        match step.ledger {
            LedgerChange::Record(applied) => {
                self.contents.applied.insert(applied.version.to_owned());
                self.contents
                    .history
                    .retain(|r| r.version != applied.version);
                self.contents.history.push(applied.record(&stamp));
            }
            LedgerChange::Erase(version) => {
                self.contents.applied.remove(version);
                self.contents.history.retain(|r| r.version != version);
            }
        }
        Ok(())
    }

    fn set_failure(&mut self, version: &str, failure: Option<&str>) {
        if let Some(record) = self.history_mut(version) {
            record.failure = failure.map(str::to_owned);
        }
    }
}

impl Ledger for Memory {
    fn state_tables(&mut self) -> QueryResult<StateTables> {
        Ok(self.contents.tables)
    }

    fn create_state_tables(&mut self) -> QueryResult<()> {
        self.contents.tables = StateTables::BOTH;
        Ok(())
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        Ok(self.contents.applied.iter().cloned().collect())
    }

    fn history(&mut self) -> QueryResult<Vec<HistoryRecord>> {
        let mut records = self.contents.history.clone();
        records.sort_by(|a, b| (a.applied_order, &a.version).cmp(&(b.applied_order, &b.version)));
        Ok(records)
    }

    fn history_digest(&mut self) -> QueryResult<Vec<HistoryDigest>> {
        Ok(self
            .contents
            .history
            .iter()
            .map(HistoryDigest::from)
            .collect())
    }

    fn write_history(&mut self, change: HistoryWrite<'_>) -> QueryResult<()> {
        match change {
            HistoryWrite::Insert(record) => self.contents.history.push(record.clone()),
            HistoryWrite::Delete(version) => self.contents.history.retain(|r| r.version != version),
            HistoryWrite::SetFailure { version, failure } => self.set_failure(version, failure),
            HistoryWrite::Accept(acceptance) => {
                if let Some(record) = self.history_mut(acceptance.version) {
                    record.up_checksum = acceptance.up_checksum.clone();
                    record.down_checksum = acceptance.down_checksum.cloned();
                    record.down_sql = acceptance.down_sql.map(str::to_owned);
                }
            }
        }
        Ok(())
    }
}

impl StepRunner for Memory {
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        let before = step.transactional.then(|| self.contents.clone());
        let result = self.run_statements(step);
        if let (Err(_), Some(before)) = (&result, before) {
            self.contents = before;
        }
        result
    }

    fn begin_all(&mut self) -> QueryResult<()> {
        self.enclosing = Some(self.contents.clone());
        Ok(())
    }

    fn commit_all(&mut self) -> QueryResult<()> {
        self.enclosing = None;
        Ok(())
    }

    fn rollback_all(&mut self) -> QueryResult<()> {
        if let Some(before) = self.enclosing.take() {
            self.contents = before;
        }
        Ok(())
    }
}

impl Locking for Memory {
    fn lock(
        &mut self,
        _wait: &LockWait,
        _waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError> {
        Ok(Box::new(NoLock))
    }
}

impl Snapshots for Memory {
    fn read_snapshot(
        &mut self,
        _schema: Option<&str>,
    ) -> Result<Snapshot, strata_schema_gen::Error> {
        Ok(Snapshot::default())
    }

    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl {
        unreachable!("the runner's tests generate no down.sql")
    }
}

impl MigrationConnection for Memory {
    fn dialect(&self) -> &'static dyn Dialect {
        &ROLLS_BACK
    }
}

/// A migration `<version>_m` on disk with this up.sql and a down.sql that drops `t<version>`.
pub fn migration(version: &str, up: &'static str) -> Migration {
    let dir = PathBuf::from(format!("migrations/{version}_m"));
    Migration {
        version: version.to_owned(),
        name: format!("{version}_m"),
        up: SqlFile::new(dir.join("up.sql"), Cow::Borrowed(up)),
        down: Some(SqlFile::new(
            dir.join("down.sql"),
            Cow::Owned(format!("DROP TABLE t{version}")),
        )),
        dir,
        run_in_transaction: true,
        allow_out_of_order: false,
        nothing_to_undo: false,
        replaces: Vec::new(),
    }
}

/// strata's history row for `version` applied with this up.sql, `failure` set when it did
/// not finish.
pub fn record(version: &str, up: &str, order: i64, failure: Option<&str>) -> HistoryRecord {
    HistoryRecord {
        version: version.to_owned(),
        up_checksum: Checksum::of(up),
        down_checksum: None,
        down_sql: None,
        applied_at: "2026-01-01T00:00:00.000Z".to_owned(),
        applied_order: order,
        duration_ms: 0,
        failure: failure.map(str::to_owned),
    }
}
