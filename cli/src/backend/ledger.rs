//! diesel's migration ledger, `__diesel_schema_migrations`, unchanged, and the code every
//! backend shares to read and write it together with strata's history.
//!
//! Keeping diesel's table and its exact DDL means diesel_cli and strata read each other's
//! state: a project can switch tools, and switch back, without touching its database.
//!
//! The code is written once, generic over diesel's connections ([`LedgerConn`]). A backend
//! implements [`SharedLedger`] (its diesel connection and the SQL that differs) and gets
//! [`Ledger`] from the blanket impl below. Writes are [`Bookkeeping`] statements whose text
//! is the same for every migration, so the connection prepares each once and caches it (a
//! raw `sql_query` would be prepared again for every migration, one more round trip each).

use std::time::Instant;

use diesel::backend::Backend;
use diesel::connection::{Connection, SimpleConnection, TransactionManager};
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::query_builder::{AstPass, QueryFragment, QueryId, SqlQuery};
use diesel::query_dsl::methods::{ExecuteDsl, LoadQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Nullable, Text};
use diesel::{QueryResult, RunQueryDsl};

use super::history::{
    self, HistoryDigestRow, HistoryDigestRowSql, HistoryRow, HistoryRowSql, CREATE_ACCEPTED_EDITS,
    CREATE_HISTORY,
};
use crate::migrate::apply::{Step, StepError};
use crate::migrate::history::{HistoryDigest, HistoryRecord, HistoryWrite, Stamp};
use crate::migrate::ledger::{
    read_recorded, read_recorded_assuming_tables, read_recorded_with, Ledger, LedgerChange,
    Recorded, StateTables,
};

/// The DDL diesel runs, byte for byte; the same on every backend.
pub const CREATE_LEDGER: &str = include_str!("ledger.sql");

const APPLIED_VERSIONS: &str = "SELECT version FROM __diesel_schema_migrations ORDER BY version";

/// A table name, as the backends' state-tables queries return them.
#[derive(Debug, diesel::QueryableByName)]
pub struct TableNameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

/// A value bound into a [`Bookkeeping`] statement.
#[derive(Debug, Clone, Copy)]
pub enum Bind<'a> {
    Text(&'a str),
    NullableText(Option<&'a str>),
    BigInt(i64),
}

/// A bookkeeping statement: fixed SQL pieces with a bound value between each two. diesel
/// writes each backend's placeholders (`?`, `$1`), and caches the prepared statement by its
/// text, which is the same for every migration.
#[derive(Debug)]
pub struct Bookkeeping<'a> {
    /// One more piece than there are binds.
    pieces: &'static [&'static str],
    binds: Vec<Bind<'a>>,
}

impl<'a> Bookkeeping<'a> {
    fn new(pieces: &'static [&'static str], binds: Vec<Bind<'a>>) -> Self {
        debug_assert_eq!(pieces.len(), binds.len() + 1);
        Bookkeeping { pieces, binds }
    }
}

impl QueryId for Bookkeeping<'_> {
    type QueryId = ();
    // No static id: diesel then caches the prepared statement by its SQL text.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for Bookkeeping<'_>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt>,
    str: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let (last, pieces) = self.pieces.split_last().expect("at least one piece");
        for (piece, bind) in pieces.iter().zip(&self.binds) {
            out.push_sql(piece);
            match bind {
                Bind::Text(text) => out.push_bind_param::<Text, str>(text)?,
                Bind::NullableText(text) => out.push_bind_param::<Nullable<Text>, _>(text)?,
                Bind::BigInt(n) => out.push_bind_param::<BigInt, i64>(n)?,
            }
        }
        out.push_sql(last);
        Ok(())
    }
}

/// The diesel connections the shared code runs on. The blanket impl carries every bound
/// diesel needs, so that generic code names this one trait.
pub trait LedgerConn: Connection {
    fn run(&mut self, statement: Bookkeeping<'_>) -> QueryResult<()>;
    fn applied_versions(&mut self) -> QueryResult<Vec<String>>;
    fn history_rows(&mut self) -> QueryResult<Vec<HistoryRow>>;
    fn history_digest_rows(&mut self) -> QueryResult<Vec<HistoryDigestRow>>;
    /// The `name` column of `query`'s rows.
    fn table_names(&mut self, query: &str) -> QueryResult<Vec<String>>;
}

impl<C> LedgerConn for C
where
    C: Connection,
    for<'q> Bookkeeping<'q>: ExecuteDsl<C>,
    for<'q> SqlLiteral<Text>: LoadQuery<'q, C, String>,
    for<'q> SqlLiteral<HistoryRowSql>: LoadQuery<'q, C, HistoryRow>,
    for<'q> SqlLiteral<HistoryDigestRowSql>: LoadQuery<'q, C, HistoryDigestRow>,
    for<'q> SqlQuery: LoadQuery<'q, C, TableNameRow>,
{
    fn run(&mut self, statement: Bookkeeping<'_>) -> QueryResult<()> {
        ExecuteDsl::execute(statement, self).map(drop)
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        sql::<Text>(APPLIED_VERSIONS).load(self)
    }

    fn history_rows(&mut self) -> QueryResult<Vec<HistoryRow>> {
        sql::<HistoryRowSql>(history::SELECT_HISTORY).load(self)
    }

    fn history_digest_rows(&mut self) -> QueryResult<Vec<HistoryDigestRow>> {
        sql::<HistoryDigestRowSql>(history::SELECT_HISTORY_DIGEST).load(self)
    }

    fn table_names(&mut self, query: &str) -> QueryResult<Vec<String>> {
        let rows: Vec<TableNameRow> = diesel::sql_query(query).load(self)?;
        Ok(rows.into_iter().map(|row| row.name).collect())
    }
}

/// A backend whose ledger is the shared one: its diesel connection and the little that
/// differs. [`Ledger`] follows from the blanket impl.
pub trait SharedLedger {
    type Conn: LedgerConn;
    fn conn(&mut self) -> &mut Self::Conn;
    /// Which of `__diesel_schema_migrations` and `__strata_migrations` exist, as rows with
    /// a `name` column.
    const STATE_TABLES: &'static str;
    /// Whether to read the ledger and history straight away, as if both tables existed, and
    /// ask which exist only when that fails (a first run): for a backend where each query
    /// costs round trips.
    const READ_STRAIGHT_AWAY: bool = false;
}

impl<B: SharedLedger> Ledger for B {
    fn state_tables(&mut self) -> QueryResult<StateTables> {
        let names = self.conn().table_names(B::STATE_TABLES)?;
        Ok(StateTables::from_names(names))
    }

    fn create_state_tables(&mut self) -> QueryResult<()> {
        // One transaction, so SQLite commits (and syncs its journal) once, not three
        // times; MySQL commits each CREATE anyway, which `IF NOT EXISTS` makes safe.
        self.conn().transaction(|conn| {
            conn.batch_execute(CREATE_LEDGER)?;
            conn.batch_execute(CREATE_HISTORY)?;
            conn.batch_execute(CREATE_ACCEPTED_EDITS)
        })
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        self.conn().applied_versions()
    }

    /// In applied order (then by version: failure records share order 0), sorted here:
    /// see `SELECT_HISTORY` in `backend/history.rs`.
    fn history(&mut self) -> QueryResult<Vec<HistoryRecord>> {
        let rows = self.conn().history_rows()?;
        let mut records: Vec<HistoryRecord> = rows.into_iter().map(HistoryRecord::from).collect();
        records.sort_by(|a, b| (a.applied_order, &a.version).cmp(&(b.applied_order, &b.version)));
        Ok(records)
    }

    fn history_digest(&mut self) -> QueryResult<Vec<HistoryDigest>> {
        let rows = self.conn().history_digest_rows()?;
        Ok(rows.into_iter().map(HistoryDigest::from).collect())
    }

    fn write_history(&mut self, change: HistoryWrite<'_>) -> QueryResult<()> {
        write_history(self.conn(), change)
    }

    fn recorded(&mut self) -> QueryResult<Recorded> {
        if B::READ_STRAIGHT_AWAY {
            read_straight_away(self, |c| c.history())
        } else {
            read_recorded(self)
        }
    }

    fn recorded_digest(&mut self) -> QueryResult<Recorded<HistoryDigest>> {
        if B::READ_STRAIGHT_AWAY {
            read_straight_away(self, |c| c.history_digest())
        } else {
            read_recorded_with(self, |c| c.history_digest())
        }
    }
}

/// The ledger and the history (as `read_history` reads it), read straight away; only when
/// that fails (a table missing: a first run) does the careful way ask which tables exist,
/// and report a real problem as its own error.
fn read_straight_away<L: Ledger, H>(
    conn: &mut L,
    read_history: fn(&mut L) -> QueryResult<Vec<H>>,
) -> QueryResult<Recorded<H>> {
    read_recorded_assuming_tables(conn, read_history)
        .or_else(|_| read_recorded_with(conn, read_history))
}

const INSERT_LEDGER: &[&str] = &[
    "INSERT INTO __diesel_schema_migrations (version) VALUES (",
    ")",
];
const DELETE_LEDGER: &[&str] = &[
    "DELETE FROM __diesel_schema_migrations WHERE version = ",
    "",
];
const INSERT_HISTORY: &[&str] = &[
    "INSERT INTO __strata_migrations (version, up_checksum, down_checksum, down_sql, \
     applied_at, applied_order, duration_ms, failure) VALUES (",
    ", ",
    ", ",
    ", ",
    ", ",
    ", ",
    ", ",
    ", ",
    ")",
];
const DELETE_HISTORY: &[&str] = &["DELETE FROM __strata_migrations WHERE version = ", ""];
const SET_FAILURE: &[&str] = &[
    "UPDATE __strata_migrations SET failure = ",
    " WHERE version = ",
    "",
];
const ACCEPT_HISTORY: &[&str] = &[
    "UPDATE __strata_migrations SET up_checksum = ",
    ", down_checksum = ",
    ", down_sql = ",
    " WHERE version = ",
    "",
];
const INSERT_ACCEPTED_EDIT: &[&str] = &[
    "INSERT INTO __strata_accepted_edits (version, old_checksum, new_checksum, accepted_at) \
     VALUES (",
    ", ",
    ", ",
    ", ",
    ")",
];

/// Writes a step's ledger and history rows (or removes them).
pub type LedgerWriter<C> = fn(&mut C, LedgerChange<'_>, &Stamp) -> QueryResult<()>;

/// A step's rows in diesel's ledger and strata's history, or their removal.
pub fn write_ledger<C: LedgerConn>(
    conn: &mut C,
    change: LedgerChange<'_>,
    stamp: &Stamp,
) -> QueryResult<()> {
    match change {
        LedgerChange::Record(applied) => {
            conn.run(Bookkeeping::new(
                INSERT_LEDGER,
                vec![Bind::Text(applied.version)],
            ))?;
            if applied.replaces_progress {
                write_history(conn, HistoryWrite::Delete(applied.version))?;
            }
            let record = applied.record(stamp);
            write_history(conn, HistoryWrite::Insert(&record))
        }
        LedgerChange::Erase(reverted) => {
            conn.run(Bookkeeping::new(DELETE_LEDGER, vec![Bind::Text(reverted)]))?;
            write_history(conn, HistoryWrite::Delete(reverted))
        }
    }
}

/// Records a step's progress in its history row (see [`crate::migrate::apply::Progress`]).
pub fn mark_progress<C: LedgerConn>(conn: &mut C, version: &str, text: &str) -> QueryResult<()> {
    write_history(
        conn,
        HistoryWrite::SetFailure {
            version,
            failure: Some(text),
        },
    )
}

/// A change to strata's history.
pub fn write_history<C: LedgerConn>(conn: &mut C, change: HistoryWrite<'_>) -> QueryResult<()> {
    match change {
        HistoryWrite::Insert(record) => conn.run(Bookkeeping::new(
            INSERT_HISTORY,
            vec![
                Bind::Text(&record.version),
                Bind::Text(record.up_checksum.as_str()),
                Bind::NullableText(record.down_checksum.as_ref().map(|c| c.as_str())),
                Bind::NullableText(record.down_sql.as_deref()),
                Bind::Text(&record.applied_at),
                Bind::BigInt(record.applied_order),
                Bind::BigInt(record.duration_ms),
                Bind::NullableText(record.failure.as_deref()),
            ],
        )),
        HistoryWrite::Delete(version) => {
            conn.run(Bookkeeping::new(DELETE_HISTORY, vec![Bind::Text(version)]))
        }
        HistoryWrite::SetFailure { version, failure } => conn.run(Bookkeeping::new(
            SET_FAILURE,
            vec![Bind::NullableText(failure), Bind::Text(version)],
        )),
        HistoryWrite::Accept(acceptance) => {
            let accepted_at = crate::migrate::history::timestamp_now();
            conn.transaction(|conn| {
                conn.run(Bookkeeping::new(
                    ACCEPT_HISTORY,
                    vec![
                        Bind::Text(acceptance.up_checksum.as_str()),
                        Bind::NullableText(acceptance.down_checksum.map(|c| c.as_str())),
                        Bind::NullableText(acceptance.down_sql),
                        Bind::Text(acceptance.version),
                    ],
                ))?;
                conn.run(Bookkeeping::new(
                    INSERT_ACCEPTED_EDIT,
                    vec![
                        Bind::Text(acceptance.version),
                        Bind::Text(acceptance.old_checksum.as_str()),
                        Bind::Text(acceptance.up_checksum.as_str()),
                        Bind::Text(&accepted_at),
                    ],
                ))
            })
        }
    }
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
pub fn apply_step<C: LedgerConn>(
    conn: &mut C,
    step: &Step<'_>,
    write: LedgerWriter<C>,
) -> Result<(), StepError> {
    if step.transactional {
        conn.transaction(|conn| run_step(conn, step, write))
    } else {
        run_step(conn, step, write)
    }
}

/// Runs a step's statements one by one, then its ledger change, on the connection as it is
/// (the caller decides whether that is inside a transaction). A step that tracks its
/// progress records it before each statement that says so.
pub fn run_step<C: LedgerConn>(
    conn: &mut C,
    step: &Step<'_>,
    write: LedgerWriter<C>,
) -> Result<(), StepError> {
    let started = Instant::now();
    for (index, statement) in step.statements.iter().enumerate() {
        if let Some((version, text)) = step.progress_before(index) {
            mark_progress(conn, version, text)?;
        }
        conn.batch_execute(&statement.sql)
            .map_err(|source| StepError::Statement { index, source })?;
    }
    write(conn, step.ledger, &Stamp::since(started))?;
    Ok(())
}
