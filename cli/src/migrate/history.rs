//! strata's own record of applied migrations, as the runner reads and writes it: one
//! [`HistoryRecord`] per applied (or failed) version, beside diesel's ledger. How a backend
//! stores it (`__strata_migrations`, `__strata_accepted_edits`) is `backend/history.rs`.

use std::time::{Instant, SystemTime};

use super::checksum::Checksum;
use crate::time::UtcTime;

/// One row of strata's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    pub version: String,
    pub up_checksum: Checksum,
    pub down_checksum: Option<Checksum>,
    pub down_sql: Option<String>,
    /// UTC, RFC 3339.
    pub applied_at: String,
    /// 1, 2, 3… in the order migrations were applied; 0 for a failure record.
    pub applied_order: i64,
    pub duration_ms: i64,
    /// Set when the migration failed part-way and left statements applied.
    pub failure: Option<String>,
}

/// A history row as far as deciding whether a run has anything to do needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryDigest {
    pub version: String,
    pub up_checksum: Checksum,
    pub failed: bool,
}

impl From<&HistoryRecord> for HistoryDigest {
    fn from(record: &HistoryRecord) -> Self {
        HistoryDigest {
            version: record.version.clone(),
            up_checksum: record.up_checksum.clone(),
            failed: record.failure.is_some(),
        }
    }
}

/// When a step's statements finished and how long they took, recorded with its ledger row.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub applied_at: String,
    pub duration_ms: i64,
}

impl Stamp {
    /// Now, for statements that started at `started`.
    pub fn since(started: Instant) -> Stamp {
        Stamp {
            applied_at: timestamp_now(),
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// What a migration step records about itself when it applies (the time and duration are
/// stamped when the step's statements have run).
#[derive(Debug, Clone)]
pub struct NewApplied<'a> {
    pub version: &'a str,
    pub up_checksum: &'a Checksum,
    pub down_checksum: Option<&'a Checksum>,
    pub down_sql: Option<&'a str>,
    pub applied_order: i64,
    /// A history row for the version already exists (it tracked the step's progress) and is
    /// replaced.
    pub replaces_progress: bool,
}

impl NewApplied<'_> {
    /// The history row, once the step's statements have run.
    pub fn record(&self, stamp: &Stamp) -> HistoryRecord {
        HistoryRecord {
            version: self.version.to_owned(),
            up_checksum: self.up_checksum.clone(),
            down_checksum: self.down_checksum.cloned(),
            down_sql: self.down_sql.map(str::to_owned),
            applied_at: stamp.applied_at.clone(),
            applied_order: self.applied_order,
            duration_ms: stamp.duration_ms,
            failure: None,
        }
    }
}

/// A deliberate edit of an applied migration, or the clearing of a failure.
#[derive(Debug, Clone)]
pub struct Acceptance<'a> {
    pub version: &'a str,
    pub old_checksum: &'a Checksum,
    pub up_checksum: &'a Checksum,
    pub down_checksum: Option<&'a Checksum>,
    pub down_sql: Option<&'a str>,
}

/// A change to strata's history made outside a migration step.
#[derive(Debug, Clone, Copy)]
pub enum HistoryWrite<'a> {
    /// Adopting a version diesel_cli applied, or recording a failure.
    Insert(&'a HistoryRecord),
    /// Forgetting a version the ledger no longer records (reverted by another tool), or
    /// a failure that was cleared.
    Delete(&'a str),
    Accept(&'a Acceptance<'a>),
    /// Sets (or, with `None`, clears) the failure of a version's row: a step's progress
    /// while it runs, what failed, or a failure repaired.
    SetFailure {
        version: &'a str,
        failure: Option<&'a str>,
    },
}

/// Now, in UTC, as RFC 3339 with milliseconds (`2026-11-22T09:30:00.123Z`).
pub fn timestamp_now() -> String {
    let t = UtcTime::of(SystemTime::now());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis
    )
}
