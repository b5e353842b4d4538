//! What `lint` asks of a backend: run a migration's statements one at a time in a scratch
//! database, and say after each what it did to the objects that existed before the
//! migration, as the database itself reports it (locks held, files rewritten, constraints
//! validated, what the server agreed to do online).

use strata_schema_gen::Snapshot;

/// How strongly a statement locked a pre-existing table (PostgreSQL's lock modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LockStrength {
    /// SHARE, SHARE ROW EXCLUSIVE or EXCLUSIVE: reads go on, writes wait.
    BlocksWrites,
    /// ACCESS EXCLUSIVE: reads and writes wait.
    BlocksReads,
}

/// One thing a statement was seen doing to a table that existed before the migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    /// A lock newly taken (or strengthened) by the statement, held until the migration
    /// commits; `lock_timeout` says whether the session had one when it was taken.
    Lock {
        table: String,
        mode: String,
        strength: LockStrength,
        lock_timeout: bool,
    },
    /// The table's (or one of its indexes') storage was replaced.
    Rewrite { table: String },
    /// A CHECK or FOREIGN KEY constraint was added validated, so every row was read.
    ValidatingConstraint { table: String, constraint: String },
    /// A column became NOT NULL without a validated `CHECK (col IS NOT NULL)` to prove it.
    SetNotNullScan { table: String, column: String },
    /// An index was built on the table while writes to it (and reads, with
    /// `blocks_reads`) were locked out.
    IndexBuild {
        table: String,
        index: String,
        blocks_reads: bool,
    },
    /// MySQL: neither `ALGORITHM=INSTANT` nor `ALGORITHM=INPLACE, LOCK=NONE` was accepted.
    TableCopy { table: String, refusal: String },
    /// SQLite: the table under this name is another b-tree than before the migration.
    TableRebuild { table: String },
}

/// A statement the scratch database rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeFailure {
    /// The database's error, on one line.
    pub message: String,
    /// The statement cannot run inside a transaction block and the migration runs in one.
    pub needs_no_transaction: bool,
}

/// A backend's observer, over the scratch database's connection, for one migration.
pub trait LintProbe {
    /// Remembers which objects exist now (the migration's pre-existing objects) and, when
    /// `transactional`, opens the migration's transaction.
    fn start(&mut self, transactional: bool) -> diesel::QueryResult<()>;
    /// Runs one statement and, when `observe`, reports what it did to pre-existing
    /// objects (a statement that only changes rows is run without asking).
    fn execute(&mut self, sql: &str, observe: bool) -> Result<Vec<Observation>, ProbeFailure>;
    /// Commits the migration's transaction, if there is one.
    fn finish(&mut self) -> diesel::QueryResult<()>;
    /// Rolls the migration's transaction back after a failure (best effort).
    fn abandon(&mut self);
    /// The schema as the migration's transaction sees it, without the ledger's tables.
    fn snapshot(&mut self, schema: Option<&str>) -> Result<Snapshot, strata_schema_gen::Error>;
}
