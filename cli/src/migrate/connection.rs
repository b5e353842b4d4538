//! A connection as the runner sees it: one object with one trait per concern, so that a
//! backend (or `--dry-run`, or a test's in-memory ledger) implements each on its own.

use strata_schema_gen::snapshot::reverse::Ddl;
use strata_schema_gen::Snapshot;

use super::apply::StepRunner;
use super::contents::Contents;
use super::dialect::Dialect;
use super::ledger::{Ledger, ACCEPTED_EDITS_TABLE, HISTORY_TABLE, LEDGER_TABLE};
use super::lint::LintProbe;
use super::lock::Locking;

/// The physical schema, for proving that a redo or a down.sql restores it, and the DDL
/// that writes a down.sql from two snapshots.
pub trait Snapshots {
    /// Reads the full physical schema (`schema`: the PostgreSQL schema; others have one),
    /// bookkeeping tables included; see [`snapshot`].
    fn read_snapshot(&mut self, schema: Option<&str>)
        -> Result<Snapshot, strata_schema_gen::Error>;
    /// The backend's DDL, for down.sql generated from two snapshots.
    fn ddl(&self) -> &'static dyn Ddl;
}

/// Everything the migration runner needs from a connected database.
pub trait MigrationConnection: Ledger + StepRunner + Locking + Snapshots {
    /// The static facts of the database's SQL.
    fn dialect(&self) -> &'static dyn Dialect;
    /// Runs statements one at a time and observes what each does, for `lint`; `None`
    /// where nothing can be observed (a dry run, the tests' in-memory ledger).
    fn lint_probe(&mut self) -> Option<Box<dyn LintProbe + '_>> {
        None
    }
    /// What the database holds beyond its snapshot, for `squash` and `baseline`; `None`
    /// where it cannot be read (a dry run, the runner's in-memory tests).
    fn contents(&mut self) -> Option<&mut dyn Contents> {
        None
    }
}

/// The database's schema as migrations shape it: the full snapshot without the tables
/// that record migrations (diesel's ledger and strata's history), which exist before the
/// first migration and are changed by every one.
pub fn snapshot(
    conn: &mut (impl Snapshots + ?Sized),
    schema: Option<&str>,
) -> Result<Snapshot, strata_schema_gen::Error> {
    let mut snapshot = conn.read_snapshot(schema)?;
    snapshot.retain_tables(|table| {
        ![LEDGER_TABLE, HISTORY_TABLE, ACCEPTED_EDITS_TABLE]
            .iter()
            .any(|own| table.eq_ignore_ascii_case(own))
    });
    Ok(snapshot)
}
