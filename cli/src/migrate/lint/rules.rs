//! The rules: a stable id each (what `-- strata:allow(<id>)` and SARIF name), a severity,
//! what the hazard is and how to avoid it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    AccessExclusiveLock,
    BlocksWrites,
    MissingLockTimeout,
    TableRewrite,
    ValidatingConstraint,
    SetNotNullScan,
    IndexWithoutConcurrently,
    MysqlTableCopy,
    SqliteTableRebuild,
    DropsTable,
    DropsColumn,
    NotNullWithoutDefault,
    NarrowsColumnType,
    ChangesColumnType,
    ConcurrentlyInTransaction,
    StatementFails,
}

impl Rule {
    pub const ALL: [Rule; 16] = [
        Rule::AccessExclusiveLock,
        Rule::BlocksWrites,
        Rule::MissingLockTimeout,
        Rule::TableRewrite,
        Rule::ValidatingConstraint,
        Rule::SetNotNullScan,
        Rule::IndexWithoutConcurrently,
        Rule::MysqlTableCopy,
        Rule::SqliteTableRebuild,
        Rule::DropsTable,
        Rule::DropsColumn,
        Rule::NotNullWithoutDefault,
        Rule::NarrowsColumnType,
        Rule::ChangesColumnType,
        Rule::ConcurrentlyInTransaction,
        Rule::StatementFails,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::AccessExclusiveLock => "pg-access-exclusive-lock",
            Rule::BlocksWrites => "pg-blocks-writes",
            Rule::MissingLockTimeout => "missing-lock-timeout",
            Rule::TableRewrite => "table-rewrite",
            Rule::ValidatingConstraint => "validating-constraint",
            Rule::SetNotNullScan => "set-not-null-scan",
            Rule::IndexWithoutConcurrently => "index-without-concurrently",
            Rule::MysqlTableCopy => "mysql-table-copy",
            Rule::SqliteTableRebuild => "sqlite-table-rebuild",
            Rule::DropsTable => "drops-table",
            Rule::DropsColumn => "drops-column",
            Rule::NotNullWithoutDefault => "not-null-without-default",
            Rule::NarrowsColumnType => "narrows-column-type",
            Rule::ChangesColumnType => "changes-column-type",
            Rule::ConcurrentlyInTransaction => "concurrently-in-transaction",
            Rule::StatementFails => "statement-fails",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// Errors are what makes `lint` exit non-zero: the migration would block or break
    /// production. Warnings are worth a look but are routine on small tables.
    pub fn severity(self) -> Severity {
        match self {
            Rule::AccessExclusiveLock
            | Rule::BlocksWrites
            | Rule::MissingLockTimeout
            | Rule::SqliteTableRebuild
            | Rule::ChangesColumnType => Severity::Warning,
            Rule::TableRewrite
            | Rule::ValidatingConstraint
            | Rule::SetNotNullScan
            | Rule::IndexWithoutConcurrently
            | Rule::MysqlTableCopy
            | Rule::DropsTable
            | Rule::DropsColumn
            | Rule::NotNullWithoutDefault
            | Rule::NarrowsColumnType
            | Rule::ConcurrentlyInTransaction
            | Rule::StatementFails => Severity::Error,
        }
    }

    /// Whether the finding is about the running application's use of a table or column
    /// (so naming the `table!` entries that use it helps).
    pub fn breaks_application(self) -> bool {
        matches!(
            self,
            Rule::DropsTable
                | Rule::DropsColumn
                | Rule::NotNullWithoutDefault
                | Rule::NarrowsColumnType
                | Rule::ChangesColumnType
        )
    }

    /// What the hazard is, in general (SARIF's rule description, `docs/lint.md`).
    pub fn summary(self) -> &'static str {
        match self {
            Rule::AccessExclusiveLock => {
                "The statement took an ACCESS EXCLUSIVE lock on a table that existed before \
                 the migration: reads and writes of it wait until the migration commits."
            }
            Rule::BlocksWrites => {
                "The statement took a SHARE (or stronger) lock on a table that existed before \
                 the migration: writes to it wait until the migration commits."
            }
            Rule::MissingLockTimeout => {
                "A statement locked a pre-existing table exclusively with no lock_timeout set: \
                 while it waits for the lock, every query on the table queues behind it."
            }
            Rule::TableRewrite => {
                "The statement rewrote a pre-existing table (its relfilenode changed) under an \
                 ACCESS EXCLUSIVE lock: the table is unavailable for as long as the copy takes."
            }
            Rule::ValidatingConstraint => {
                "A CHECK or FOREIGN KEY constraint was added validated to a pre-existing table: \
                 every row is read while writes wait."
            }
            Rule::SetNotNullScan => {
                "SET NOT NULL on a pre-existing column with no validated CHECK (col IS NOT NULL): \
                 the whole table is scanned under an ACCESS EXCLUSIVE lock."
            }
            Rule::IndexWithoutConcurrently => {
                "An index was built on a pre-existing table without CONCURRENTLY: writes to the \
                 table wait for the whole build."
            }
            Rule::MysqlTableCopy => {
                "The server can run this ALTER neither INSTANT nor INPLACE with LOCK=NONE: it \
                 copies the table and blocks writes meanwhile."
            }
            Rule::SqliteTableRebuild => {
                "A pre-existing table was rebuilt (dropped and replaced by a copy): the whole \
                 table is copied inside the migration's write transaction."
            }
            Rule::DropsTable => {
                "A pre-existing table is dropped or renamed: the running application's queries \
                 on it fail until the new code is deployed."
            }
            Rule::DropsColumn => {
                "A pre-existing column is dropped or renamed: the running application's queries \
                 naming it fail until the new code is deployed."
            }
            Rule::NotNullWithoutDefault => {
                "A NOT NULL column without a default was added to a pre-existing table: it fails \
                 on a table with rows, and the running application's INSERTs, which omit it, fail."
            }
            Rule::NarrowsColumnType => {
                "A pre-existing column's type was narrowed: values the application writes may no \
                 longer fit, and existing rows are checked or rewritten."
            }
            Rule::ChangesColumnType => {
                "A pre-existing column's type was changed: the application's schema.rs type may no \
                 longer match, and the table may be rewritten."
            }
            Rule::ConcurrentlyInTransaction => {
                "A statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY...) is in \
                 a migration that runs in one: the migration fails at deploy."
            }
            Rule::StatementFails => {
                "The statement failed in a scratch database holding the schema before it: it \
                 fails at deploy too."
            }
        }
    }

    /// How to avoid it.
    pub fn fix(self) -> &'static str {
        match self {
            Rule::AccessExclusiveLock | Rule::BlocksWrites => {
                "keep the migration short, SET lock_timeout before the statement, and run \
                 long work in a separate migration"
            }
            Rule::MissingLockTimeout => {
                "start the migration with SET lock_timeout = '5s' (and retry the deploy if it \
                 times out)"
            }
            Rule::TableRewrite => {
                "add a new column (nullable, or with a constant default), backfill it in \
                 batches, then swap; avoid volatile defaults and type changes that rewrite"
            }
            Rule::ValidatingConstraint => {
                "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration \
                 (it takes a lock that lets writes go on)"
            }
            Rule::SetNotNullScan => {
                "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then \
                 SET NOT NULL (no scan) and drop the check"
            }
            Rule::IndexWithoutConcurrently => {
                "CREATE INDEX CONCURRENTLY, in a migration with run_in_transaction = false in \
                 its metadata.toml"
            }
            Rule::MysqlTableCopy => {
                "split the change into steps the server does INSTANT or INPLACE, or use an \
                 online schema change tool (gh-ost, pt-online-schema-change)"
            }
            Rule::SqliteTableRebuild => {
                "expected for SQLite schema changes ALTER TABLE cannot make; keep the table \
                 small or run the migration during a quiet period"
            }
            Rule::DropsTable | Rule::DropsColumn => {
                "deploy code that no longer uses it first (remove it from schema.rs), then drop \
                 it in a later migration"
            }
            Rule::NotNullWithoutDefault => {
                "add the column with a DEFAULT, or nullable; backfill; then SET NOT NULL"
            }
            Rule::NarrowsColumnType | Rule::ChangesColumnType => {
                "add a new column of the new type, write both from the application, backfill, \
                 then switch reads and drop the old column"
            }
            Rule::ConcurrentlyInTransaction => {
                "put run_in_transaction = false in the migration's metadata.toml, with that \
                 statement alone in the migration"
            }
            Rule::StatementFails => "fix the statement: it fails on the schema it runs against",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()));
            assert!(rule
                .id()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
        }
    }
}
