//! strata's own record of applied migrations, as the runner reads and writes it: one
//! [`HistoryRecord`] per applied (or failed) version, beside diesel's ledger. How a backend
//! stores it (`__strata_migrations`, `__strata_accepted_edits`) is `backend/history.rs`.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::checksum::Checksum;

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
