//! strata's own record of applied migrations, beside diesel's ledger.
//!
//! diesel's `__diesel_schema_migrations` stays exactly as diesel writes it, so diesel tools
//! keep working on a database strata manages. What strata adds lives in two tables of its
//! own, which print-schema skips like every `__` table:
//! - `__strata_migrations`: per applied version, the checksums of up.sql and down.sql, the
//!   down.sql text (to revert a migration whose directory is gone), when it was applied, in
//!   which order and how long it took; or, for a migration that failed part-way on a
//!   backend that cannot roll DDL back, what failed;
//! - `__strata_accepted_edits`: each deliberate edit of an applied migration
//!   (`strata migration accept`), with the old and new checksum.

use std::time::{SystemTime, UNIX_EPOCH};

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::Queryable;

use crate::migrate::checksum::Checksum;

pub const CREATE_HISTORY: &str = include_str!("history.sql");
pub const CREATE_ACCEPTED_EDITS: &str = include_str!("accepted_edits.sql");

pub const HISTORY_TABLE: &str = "__strata_migrations";
pub const ACCEPTED_EDITS_TABLE: &str = "__strata_accepted_edits";

/// Every history row, in no particular order: [`super::ledger::history`] sorts them. An
/// `ORDER BY applied_order` (no index) makes MariaDB sort the rows, `TEXT` columns and all,
/// on every application's start, where sorting them in memory here costs microseconds.
pub(crate) const SELECT_HISTORY: &str = "SELECT version, up_checksum, down_checksum, down_sql, \
     applied_at, applied_order, duration_ms, failure FROM __strata_migrations";

/// What "is anything to do?" needs of each history row, and no more: an application asks it
/// at every start, and the full rows carry every migration's down.sql, which would
/// dominate that read.
pub(crate) const SELECT_HISTORY_DIGEST: &str =
    "SELECT version, up_checksum, failure FROM __strata_migrations";

/// One row of [`SELECT_HISTORY_DIGEST`], decoded by position.
#[derive(Debug, Queryable)]
pub struct HistoryDigestRow {
    version: String,
    up_checksum: String,
    failure: Option<String>,
}

/// The SQL types of [`SELECT_HISTORY_DIGEST`]'s columns.
pub type HistoryDigestRowSql = (Text, Text, Nullable<Text>);

/// A history row as far as deciding whether a run has anything to do needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryDigest {
    pub version: String,
    pub up_checksum: Checksum,
    pub failed: bool,
}

impl From<HistoryDigestRow> for HistoryDigest {
    fn from(row: HistoryDigestRow) -> Self {
        HistoryDigest {
            version: row.version,
            up_checksum: Checksum::from_recorded(row.up_checksum),
            failed: row.failure.is_some(),
        }
    }
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

diesel::table! {
    __strata_migrations (version) {
        version -> VarChar,
        up_checksum -> VarChar,
        down_checksum -> Nullable<VarChar>,
        down_sql -> Nullable<Text>,
        applied_at -> VarChar,
        applied_order -> BigInt,
        duration_ms -> BigInt,
        failure -> Nullable<Text>,
    }
}

diesel::table! {
    __strata_accepted_edits (version, accepted_at) {
        version -> VarChar,
        old_checksum -> VarChar,
        new_checksum -> VarChar,
        accepted_at -> VarChar,
    }
}

/// One row of `__strata_migrations`.
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

/// One row of [`SELECT_HISTORY`], decoded by position (the fields are in its select
/// list's order): at an application's start with many applied migrations this is the
/// biggest read, and decoding by column name looked every field up by name.
#[derive(Debug, Queryable)]
pub struct HistoryRow {
    version: String,
    up_checksum: String,
    down_checksum: Option<String>,
    down_sql: Option<String>,
    applied_at: String,
    applied_order: i64,
    duration_ms: i64,
    failure: Option<String>,
}

/// The SQL types of [`SELECT_HISTORY`]'s columns.
pub type HistoryRowSql = (
    Text,
    Text,
    Nullable<Text>,
    Nullable<Text>,
    Text,
    BigInt,
    BigInt,
    Nullable<Text>,
);

impl From<HistoryRow> for HistoryRecord {
    fn from(row: HistoryRow) -> Self {
        HistoryRecord {
            version: row.version,
            up_checksum: Checksum::from_recorded(row.up_checksum),
            down_checksum: row.down_checksum.map(Checksum::from_recorded),
            down_sql: row.down_sql,
            applied_at: row.applied_at,
            applied_order: row.applied_order,
            duration_ms: row.duration_ms,
            failure: row.failure,
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
    pub fn record(&self, stamp: &crate::backend::ledger::Stamp) -> HistoryRecord {
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
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (days, secs_of_day) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs_of_day / 3600,
        secs_of_day / 60 % 60,
        secs_of_day % 60,
        since_epoch.subsec_millis()
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's days-to-civil
/// method: count in 400-year eras of 146,097 days, starting each year on March 1st).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * month_index + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    })
    .unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
