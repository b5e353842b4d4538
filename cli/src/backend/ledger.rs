//! diesel's migration ledger, `__diesel_schema_migrations`, unchanged, and the code shared by
//! every backend to read and write it together with strata's history.
//!
//! Keeping diesel's table and its exact DDL means diesel_cli and strata read each other's
//! state: a project can switch tools, and switch back, without touching its database.
//!
//! The queries and the step runner are written once here, generic over diesel's
//! connections. Writes go through diesel's query builder, whose statements the connection
//! prepares once and caches (a raw `sql_query` would be prepared again for every migration,
//! one more round trip each); [`state_writes!`] instantiates them for a backend's
//! connection type, and [`common_migration_methods!`] the trait methods that are the same
//! on every backend.

use std::time::Instant;

use diesel::connection::{Connection, TransactionManager};
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::Text;
use diesel::{QueryResult, RunQueryDsl};

use super::history::{
    self, HistoryDigest, HistoryDigestRow, HistoryDigestRowSql, HistoryRecord, HistoryRow,
    HistoryRowSql,
};
use super::{LedgerChange, Step, StepError};

/// The DDL diesel runs, byte for byte; the same on every backend.
pub const CREATE_LEDGER: &str = include_str!("ledger.sql");

pub const LEDGER_TABLE: &str = "__diesel_schema_migrations";

const APPLIED_VERSIONS: &str = "SELECT version FROM __diesel_schema_migrations ORDER BY version";

diesel::table! {
    /// One row per applied migration.
    __diesel_schema_migrations (version) {
        version -> VarChar,
        run_on -> Timestamp,
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
            applied_at: history::timestamp_now(),
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// Writes a step's ledger and history rows (or removes them).
pub type LedgerWriter<C> = fn(&mut C, LedgerChange<'_>, &Stamp) -> QueryResult<()>;

/// Records how far a step has got: the failure text of its version's history row.
pub type ProgressWriter<C> = fn(&mut C, &str, &str) -> QueryResult<()>;

/// Defines, for one backend's connection type, `write_ledger` (a step's rows in diesel's
/// ledger and strata's history) and `write_history` (history changes outside a step). The
/// statements are the same on every backend, typed, so each is prepared once per
/// connection.
macro_rules! state_writes {
    ($conn:ty) => {
        fn write_ledger(
            conn: &mut $conn,
            change: $crate::backend::LedgerChange<'_>,
            stamp: &$crate::backend::ledger::Stamp,
        ) -> diesel::QueryResult<()> {
            use diesel::prelude::*;
            use $crate::backend::ledger::__diesel_schema_migrations as ledger;
            match change {
                $crate::backend::LedgerChange::Record(applied) => {
                    diesel::insert_into(ledger::table)
                        .values(ledger::version.eq(applied.version))
                        .execute(conn)?;
                    if applied.replaces_progress {
                        write_history(
                            conn,
                            $crate::backend::history::HistoryWrite::Delete(applied.version),
                        )?;
                    }
                    let record = applied.record(stamp);
                    write_history(
                        conn,
                        $crate::backend::history::HistoryWrite::Insert(&record),
                    )?;
                }
                $crate::backend::LedgerChange::Erase(reverted) => {
                    diesel::delete(ledger::table.filter(ledger::version.eq(reverted)))
                        .execute(conn)?;
                    write_history(
                        conn,
                        $crate::backend::history::HistoryWrite::Delete(reverted),
                    )?;
                }
            }
            Ok(())
        }

        /// Records a step's progress in its history row (see `Progress`).
        fn mark_progress(conn: &mut $conn, version: &str, text: &str) -> diesel::QueryResult<()> {
            write_history(
                conn,
                $crate::backend::history::HistoryWrite::SetFailure {
                    version,
                    failure: Some(text),
                },
            )
        }

        fn write_history(
            conn: &mut $conn,
            change: $crate::backend::history::HistoryWrite<'_>,
        ) -> diesel::QueryResult<()> {
            use diesel::prelude::*;
            use $crate::backend::history::{
                __strata_accepted_edits as edits, __strata_migrations as history, HistoryWrite,
            };
            match change {
                HistoryWrite::Insert(record) => {
                    diesel::insert_into(history::table)
                        .values((
                            history::version.eq(&record.version),
                            history::up_checksum.eq(record.up_checksum.as_str()),
                            history::down_checksum
                                .eq(record.down_checksum.as_ref().map(|c| c.as_str())),
                            history::down_sql.eq(record.down_sql.as_deref()),
                            history::applied_at.eq(&record.applied_at),
                            history::applied_order.eq(record.applied_order),
                            history::duration_ms.eq(record.duration_ms),
                            history::failure.eq(record.failure.as_deref()),
                        ))
                        .execute(conn)?;
                }
                HistoryWrite::Delete(version) => {
                    diesel::delete(history::table.filter(history::version.eq(version)))
                        .execute(conn)?;
                }
                HistoryWrite::SetFailure { version, failure } => {
                    diesel::update(history::table.filter(history::version.eq(version)))
                        .set(history::failure.eq(failure))
                        .execute(conn)?;
                }
                HistoryWrite::Accept(acceptance) => {
                    conn.transaction(|conn| {
                        diesel::update(
                            history::table.filter(history::version.eq(acceptance.version)),
                        )
                        .set((
                            history::up_checksum.eq(acceptance.up_checksum.as_str()),
                            history::down_checksum.eq(acceptance.down_checksum.map(|c| c.as_str())),
                            history::down_sql.eq(acceptance.down_sql),
                        ))
                        .execute(conn)?;
                        diesel::insert_into(edits::table)
                            .values((
                                edits::version.eq(acceptance.version),
                                edits::old_checksum.eq(acceptance.old_checksum.as_str()),
                                edits::new_checksum.eq(acceptance.up_checksum.as_str()),
                                edits::accepted_at.eq($crate::backend::history::timestamp_now()),
                            ))
                            .execute(conn)?;
                        diesel::QueryResult::Ok(())
                    })?;
                }
            }
            Ok(())
        }
    };
}
pub(crate) use state_writes;

/// The [`MigrationConnection`](super::MigrationConnection) methods that are the same on
/// every backend, for a wrapper whose diesel connection is its `conn` field. `$begin`
/// starts the all-or-nothing transaction of `--single-transaction`.
macro_rules! common_migration_methods {
    ($begin:expr) => {
        fn create_state_tables(&mut self) -> diesel::QueryResult<()> {
            use diesel::connection::{Connection, SimpleConnection};
            // One transaction, so SQLite commits (and syncs its journal) once, not three
            // times; MySQL commits each CREATE anyway, which `IF NOT EXISTS` makes safe.
            self.conn.transaction(|conn| {
                conn.batch_execute($crate::backend::ledger::CREATE_LEDGER)?;
                conn.batch_execute($crate::backend::history::CREATE_HISTORY)?;
                conn.batch_execute($crate::backend::history::CREATE_ACCEPTED_EDITS)
            })
        }

        fn applied_versions(&mut self) -> diesel::QueryResult<Vec<String>> {
            $crate::backend::ledger::applied_versions(&mut *self.conn)
        }

        fn history(&mut self) -> diesel::QueryResult<Vec<$crate::backend::history::HistoryRecord>> {
            $crate::backend::ledger::history(&mut *self.conn)
        }

        fn history_digest(
            &mut self,
        ) -> diesel::QueryResult<Vec<$crate::backend::history::HistoryDigest>> {
            $crate::backend::ledger::history_digest(&mut *self.conn)
        }

        fn write_history(
            &mut self,
            change: $crate::backend::history::HistoryWrite<'_>,
        ) -> diesel::QueryResult<()> {
            write_history(&mut *self.conn, change)
        }

        fn begin_all(&mut self) -> diesel::QueryResult<()> {
            let begin: fn(&mut _) -> diesel::QueryResult<()> = $begin;
            begin(&mut *self.conn)
        }

        fn commit_all(&mut self) -> diesel::QueryResult<()> {
            $crate::backend::ledger::commit(&mut *self.conn)
        }

        fn rollback_all(&mut self) -> diesel::QueryResult<()> {
            $crate::backend::ledger::rollback(&mut *self.conn)
        }
    };
}
pub(crate) use common_migration_methods;

/// Applied versions, ascending.
pub fn applied_versions<C>(conn: &mut C) -> QueryResult<Vec<String>>
where
    C: Connection,
    for<'a> SqlLiteral<Text>: LoadQuery<'a, C, String>,
{
    sql::<Text>(APPLIED_VERSIONS).load(conn)
}

/// strata's history, in applied order (then by version: failure records share order 0).
pub fn history<C>(conn: &mut C) -> QueryResult<Vec<HistoryRecord>>
where
    C: Connection,
    for<'a> SqlLiteral<HistoryRowSql>: LoadQuery<'a, C, HistoryRow>,
{
    let rows: Vec<HistoryRow> = sql::<HistoryRowSql>(history::SELECT_HISTORY).load(conn)?;
    let mut records: Vec<HistoryRecord> = rows.into_iter().map(HistoryRecord::from).collect();
    records.sort_by(|a, b| (a.applied_order, &a.version).cmp(&(b.applied_order, &b.version)));
    Ok(records)
}

/// strata's history as [`HistoryDigest`]s, in no particular order.
pub fn history_digest<C>(conn: &mut C) -> QueryResult<Vec<HistoryDigest>>
where
    C: Connection,
    for<'a> SqlLiteral<HistoryDigestRowSql>: LoadQuery<'a, C, HistoryDigestRow>,
{
    let rows: Vec<HistoryDigestRow> =
        sql::<HistoryDigestRowSql>(history::SELECT_HISTORY_DIGEST).load(conn)?;
    Ok(rows.into_iter().map(HistoryDigest::from).collect())
}

/// Starts the connection's outermost transaction.
pub fn begin<C: Connection>(conn: &mut C) -> QueryResult<()> {
    C::TransactionManager::begin_transaction(conn)
}

pub fn commit<C: Connection>(conn: &mut C) -> QueryResult<()> {
    C::TransactionManager::commit_transaction(conn)
}

pub fn rollback<C: Connection>(conn: &mut C) -> QueryResult<()> {
    C::TransactionManager::rollback_transaction(conn)
}

/// Runs a step in a plain transaction when it asks for one (a backend with its own kind of
/// transaction, like SQLite's immediate one, calls [`run_step`] inside it instead).
pub fn apply_step<C>(
    conn: &mut C,
    step: &Step<'_>,
    write: LedgerWriter<C>,
    mark: ProgressWriter<C>,
) -> Result<(), StepError>
where
    C: Connection,
{
    if step.transactional {
        conn.transaction(|conn| run_step(conn, step, write, mark))
    } else {
        run_step(conn, step, write, mark)
    }
}

/// Runs a step's statements one by one, then its ledger change, on the connection as it is
/// (the caller decides whether that is inside a transaction). A step that tracks its
/// progress records it, through `mark`, before each statement that says so.
pub fn run_step<C>(
    conn: &mut C,
    step: &Step<'_>,
    write: LedgerWriter<C>,
    mark: ProgressWriter<C>,
) -> Result<(), StepError>
where
    C: Connection,
{
    let started = Instant::now();
    for (index, statement) in step.statements.iter().enumerate() {
        if let Some((version, text)) = step.progress_before(index) {
            mark(conn, version, text)?;
        }
        conn.batch_execute(&statement.sql)
            .map_err(|source| StepError::Statement { index, source })?;
    }
    write(conn, step.ledger, &Stamp::since(started))?;
    Ok(())
}
