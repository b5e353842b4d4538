//! diesel's migration ledger, `__diesel_schema_migrations`, unchanged.
//!
//! Keeping diesel's table and its exact DDL means diesel_cli and strata read each other's
//! state: a project can switch tools, and switch back, without touching its database.
//!
//! The ledger queries and the step runner are written once here, generic over diesel's
//! connections. The ledger writes go through diesel's query builder, whose statements the
//! connection prepares once and caches (a raw `sql_query` would be prepared again for every
//! migration, one more round trip each); [`ledger_writer!`] instantiates them for a
//! backend's connection type.

use diesel::connection::Connection;
use diesel::query_builder::SqlQuery;
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::Text;
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::{LedgerChange, Step, StepError};

/// The DDL diesel runs, byte for byte; the same on every backend.
pub const CREATE_LEDGER: &str = include_str!("ledger.sql");

const APPLIED_VERSIONS: &str = "SELECT version FROM __diesel_schema_migrations ORDER BY version";

diesel::table! {
    /// One row per applied migration.
    __diesel_schema_migrations (version) {
        version -> VarChar,
        run_on -> Timestamp,
    }
}

/// Writes a step's ledger row (or removes it).
pub type LedgerWriter<C> = fn(&mut C, LedgerChange<'_>) -> QueryResult<usize>;

/// Defines `write_ledger` for one backend's connection type: the same two statements on
/// every backend, typed, so each is prepared once per connection.
macro_rules! ledger_writer {
    ($conn:ty) => {
        fn write_ledger(
            conn: &mut $conn,
            change: $crate::backend::LedgerChange<'_>,
        ) -> diesel::QueryResult<usize> {
            use diesel::prelude::*;
            use $crate::backend::ledger::__diesel_schema_migrations::dsl::*;
            match change {
                $crate::backend::LedgerChange::Record(applied) => {
                    diesel::insert_into(__diesel_schema_migrations)
                        .values(version.eq(applied))
                        .execute(conn)
                }
                $crate::backend::LedgerChange::Erase(reverted) => {
                    diesel::delete(__diesel_schema_migrations.filter(version.eq(reverted)))
                        .execute(conn)
                }
            }
        }
    };
}
pub(crate) use ledger_writer;

#[derive(Debug, QueryableByName)]
pub struct VersionRow {
    #[diesel(sql_type = Text)]
    version: String,
}

/// Applied versions, ascending.
pub fn applied_versions<C>(conn: &mut C) -> QueryResult<Vec<String>>
where
    C: Connection,
    for<'a> SqlQuery: LoadQuery<'a, C, VersionRow>,
{
    let rows: Vec<VersionRow> = diesel::sql_query(APPLIED_VERSIONS).load(conn)?;
    Ok(rows.into_iter().map(|r| r.version).collect())
}

/// Runs a step in a plain transaction when it asks for one (a backend with its own kind of
/// transaction, like SQLite's immediate one, calls [`run_step`] inside it instead).
pub fn apply_step<C>(conn: &mut C, step: &Step<'_>, write: LedgerWriter<C>) -> Result<(), StepError>
where
    C: Connection,
{
    if step.transactional {
        conn.transaction(|conn| run_step(conn, step, write))
    } else {
        run_step(conn, step, write)
    }
}

/// Runs a step's statements one by one, then its ledger change, on the connection as it is
/// (the caller decides whether that is inside a transaction).
pub fn run_step<C>(conn: &mut C, step: &Step<'_>, write: LedgerWriter<C>) -> Result<(), StepError>
where
    C: Connection,
{
    for (index, statement) in step.statements.iter().enumerate() {
        conn.batch_execute(&statement.sql)
            .map_err(|source| StepError::Statement { index, source })?;
    }
    write(conn, step.ledger)?;
    Ok(())
}
