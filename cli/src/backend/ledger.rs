//! diesel's migration ledger, `__diesel_schema_migrations`, unchanged.
//!
//! Keeping diesel's table and its exact DDL means diesel_cli and strata read each other's
//! state: a project can switch tools, and switch back, without touching its database.
//!
//! The ledger queries and the step runner are written once here, generic over diesel's
//! connections; each backend supplies only the SQL text whose placeholders differ.

use diesel::connection::Connection;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::query_dsl::methods::{ExecuteDsl, LoadQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::HasSqlType;
use diesel::sql_types::Text;
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::{LedgerChange, Step, StepError};

/// The DDL diesel runs, byte for byte; the same on every backend.
pub const CREATE_LEDGER: &str = include_str!("ledger.sql");

const APPLIED_VERSIONS: &str = "SELECT version FROM __diesel_schema_migrations ORDER BY version";

/// A backend's ledger writes, in its placeholder syntax (`?` or `$1`).
#[derive(Debug, Clone, Copy)]
pub struct LedgerSql {
    pub record: &'static str,
    pub erase: &'static str,
}

/// One ledger row, as the generic query reads it.
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

/// Runs a step's statements one by one, then its ledger change, on the connection as it is
/// (the caller decides whether that is inside a transaction).
pub fn run_step<C>(conn: &mut C, step: &Step<'_>, sql: LedgerSql) -> Result<(), StepError>
where
    C: Connection,
    C::Backend: HasSqlType<Text>,
    String: ToSql<Text, C::Backend>,
    for<'f> BoxedSqlQuery<'f, C::Backend, SqlQuery>: ExecuteDsl<C>,
{
    for (index, statement) in step.statements.iter().enumerate() {
        conn.batch_execute(&statement.sql)
            .map_err(|source| StepError::Statement { index, source })?;
    }
    let (query, version) = match step.ledger {
        LedgerChange::Record(version) => (sql.record, version),
        LedgerChange::Erase(version) => (sql.erase, version),
    };
    diesel::sql_query(query)
        .into_boxed()
        .bind::<Text, _>(version.to_owned())
        .execute(conn)?;
    Ok(())
}
