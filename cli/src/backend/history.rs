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

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::Queryable;

use crate::migrate::checksum::Checksum;
use crate::migrate::history::{HistoryDigest, HistoryRecord};

pub const CREATE_HISTORY: &str = include_str!("history.sql");
pub const CREATE_ACCEPTED_EDITS: &str = include_str!("accepted_edits.sql");

/// Every history row, in no particular order: the shared ledger code sorts them. An
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

impl From<HistoryDigestRow> for HistoryDigest {
    fn from(row: HistoryDigestRow) -> Self {
        HistoryDigest {
            version: row.version,
            up_checksum: Checksum::from_recorded(row.up_checksum),
            failed: row.failure.is_some(),
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
