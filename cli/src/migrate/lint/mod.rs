//! Migration hazards, measured: each selected migration runs statement by statement in a
//! scratch database that holds the schema before it, and what each statement was seen
//! doing to the objects that existed before the migration (locks it took, tables it
//! rewrote or scanned, columns it dropped) becomes a [`Finding`] at its `file:line`.
//!
//! The backends observe (`LintProbe`, in `probe.rs`); this module names the hazards
//! ([`Rule`]), so every backend's findings read the same. Objects a migration creates
//! are never hazards: nothing uses them yet.

mod allow;
mod probe;
mod rules;
mod run;
mod schema_rules;

pub use allow::allowed_rules;
pub use probe::{LintProbe, LockStrength, Observation, ProbeFailure};
pub use rules::{Rule, Severity};
pub use run::{LintedMigration, Outcome};

use std::path::PathBuf;

/// One hazard of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// The migration's directory name.
    pub migration: String,
    /// The file and the 1-based line of the statement.
    pub file: PathBuf,
    pub line: usize,
    /// One line: what the statement does and to what.
    pub message: String,
    /// The table (and column) concerned, for naming what the application uses of it.
    pub table: Option<String>,
    pub column: Option<String>,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
