//! Applying one step (a migration's statements and its ledger change) on a connection, and
//! the one transaction around a whole run or redo. The [`StepRunner`] trait is what the
//! runner asks of a backend for it; the decisions (transaction or not, what to track, what
//! a failure left) are `step.rs`'s.

use diesel::QueryResult;

use super::ledger::LedgerChange;
use super::script::Statement;

/// One migration direction applied: its statements, then the ledger change.
#[derive(Debug)]
pub struct Step<'a> {
    /// The migration's directory name, and the file the statements come from.
    pub migration: &'a str,
    pub file: &'a std::path::Path,
    pub statements: &'a [Statement],
    pub ledger: LedgerChange<'a>,
    /// All of it in one transaction (the default), or statement by statement.
    pub transactional: bool,
    /// For a step that cannot be undone as a whole (outside a transaction, or with MySQL's
    /// implicit commits): what to record before the statements that commit, so that a run
    /// killed part-way leaves a true account of how far it got. `None` for an atomic step.
    pub progress: Option<Progress<'a>>,
}

/// How far a step that commits part by part has got, as strata's history row for its
/// version says while it runs. The row exists (with the text for the first statement)
/// before the step starts; the backend writes `before[i]`, when there is one, just before
/// statement `i`, where it commits with everything before it.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    pub version: &'a str,
    pub before: Vec<Option<String>>,
}

impl Step<'_> {
    /// The history row's text to commit before statement `index`, if any.
    pub fn progress_before(&self, index: usize) -> Option<(&str, &str)> {
        let progress = self.progress.as_ref()?;
        let text = progress.before.get(index)?.as_deref()?;
        Some((progress.version, text))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("statement {index} failed: {source}")]
    Statement {
        index: usize,
        source: diesel::result::Error,
    },
    #[error(transparent)]
    Other(#[from] diesel::result::Error),
}

impl StepError {
    /// The database's error, wherever it happened.
    pub fn into_source(self) -> diesel::result::Error {
        match self {
            StepError::Statement { source, .. } | StepError::Other(source) => source,
        }
    }
}

/// Runs steps, each in a transaction of its own or inside the one of a whole run.
pub trait StepRunner {
    /// Runs a step's statements and ledger change; atomically when `step.transactional`.
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError>;
    /// Whether steps that commit part by part record their progress (see [`Progress`]).
    fn tracks_progress(&self) -> bool {
        true
    }
    /// Starts the one transaction of an all-or-nothing run, in which steps then run with
    /// `transactional: false`.
    fn begin_all(&mut self) -> QueryResult<()>;
    fn commit_all(&mut self) -> QueryResult<()>;
    fn rollback_all(&mut self) -> QueryResult<()>;
}
