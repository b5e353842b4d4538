//! What the runner reads and writes to know which migrations are applied: diesel's ledger
//! (`__diesel_schema_migrations`: applied versions) and strata's history beside it. The
//! [`Ledger`] trait is how the runner reaches them; each backend implements it
//! (`backend/ledger.rs` holds the code they share), and `--dry-run` writes it as a script.

use diesel::QueryResult;

use super::history::{HistoryDigest, HistoryRecord, HistoryWrite, NewApplied};

/// diesel's ledger, whose name and DDL strata keeps so that diesel_cli reads its state.
pub const LEDGER_TABLE: &str = "__diesel_schema_migrations";
/// strata's history: checksums, down.sql, order, duration and failures per version.
pub const HISTORY_TABLE: &str = "__strata_migrations";
/// Each deliberate edit of an applied migration (`strata migration accept`).
pub const ACCEPTED_EDITS_TABLE: &str = "__strata_accepted_edits";

/// Which of the tables that record migrations exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StateTables {
    /// diesel's `__diesel_schema_migrations`.
    pub ledger: bool,
    /// strata's `__strata_migrations`.
    pub history: bool,
}

impl StateTables {
    /// Both tables, as after [`Ledger::create_state_tables`].
    pub const BOTH: StateTables = StateTables {
        ledger: true,
        history: true,
    };

    /// From the names of the tables found.
    pub fn from_names(names: impl IntoIterator<Item = String>) -> StateTables {
        let mut tables = StateTables::default();
        for name in names {
            if name.eq_ignore_ascii_case(LEDGER_TABLE) {
                tables.ledger = true;
            } else if name.eq_ignore_ascii_case(HISTORY_TABLE) {
                tables.history = true;
            }
        }
        tables
    }
}

/// The tables that record migrations, as they stand: which exist and what they hold. The
/// history is full [`HistoryRecord`]s, or [`HistoryDigest`]s where only "is anything to
/// do?" is asked.
#[derive(Debug, Clone, Default)]
pub struct Recorded<H = HistoryRecord> {
    pub tables: StateTables,
    /// diesel's ledger: applied versions, ascending.
    pub applied: Vec<String>,
    /// strata's history: full records in applied order, digests in no particular order.
    pub history: Vec<H>,
}

/// The ledger and history rows a step writes or deletes, in the same transaction as its
/// SQL.
#[derive(Debug, Clone, Copy)]
pub enum LedgerChange<'a> {
    Record(&'a NewApplied<'a>),
    Erase(&'a str),
}

/// diesel's ledger and strata's history, read and changed outside a step (a step's own
/// ledger change goes with its SQL: see [`super::apply::StepRunner`]).
pub trait Ledger {
    /// Which of diesel's ledger and strata's history exist (one query).
    fn state_tables(&mut self) -> QueryResult<StateTables>;
    /// Creates diesel's ledger (diesel's DDL) and strata's history if they are missing.
    fn create_state_tables(&mut self) -> QueryResult<()>;
    /// Applied versions, ascending.
    fn applied_versions(&mut self) -> QueryResult<Vec<String>>;
    /// strata's history, in applied order.
    fn history(&mut self) -> QueryResult<Vec<HistoryRecord>>;
    /// strata's history as digests, in no particular order.
    fn history_digest(&mut self) -> QueryResult<Vec<HistoryDigest>>;
    /// Changes strata's history outside a migration step.
    fn write_history(&mut self, change: HistoryWrite<'_>) -> QueryResult<()>;
    /// Which state tables exist, the applied versions and the history: what every run
    /// reads first. By default [`read_recorded`]; a backend where a query costs round trips
    /// may read it all at once.
    fn recorded(&mut self) -> QueryResult<Recorded> {
        read_recorded(self)
    }
    /// As [`Ledger::recorded`], with the history as digests: what a run reads to decide
    /// whether it has anything to do.
    fn recorded_digest(&mut self) -> QueryResult<Recorded<HistoryDigest>> {
        read_recorded_with(self, |c| c.history_digest())
    }
}

/// [`Ledger::recorded`] in three reads: which tables exist, then each that does.
pub fn read_recorded(conn: &mut (impl Ledger + ?Sized)) -> QueryResult<Recorded> {
    read_recorded_with(conn, |c| c.history())
}

/// [`read_recorded`], with the history read by `read_history`.
pub fn read_recorded_with<C: Ledger + ?Sized, H>(
    conn: &mut C,
    read_history: impl FnOnce(&mut C) -> QueryResult<Vec<H>>,
) -> QueryResult<Recorded<H>> {
    let tables = conn.state_tables()?;
    Ok(Recorded {
        tables,
        applied: if tables.ledger {
            conn.applied_versions()?
        } else {
            Vec::new()
        },
        history: if tables.history {
            read_history(conn)?
        } else {
            Vec::new()
        },
    })
}

/// [`Ledger::recorded`] in two reads, as if both tables existed: an error when either is
/// missing. For a backend where a query costs round trips, with [`read_recorded_with`] as
/// the fallback (both tables exist on every run but the first).
pub fn read_recorded_assuming_tables<C: Ledger + ?Sized, H>(
    conn: &mut C,
    read_history: impl FnOnce(&mut C) -> QueryResult<Vec<H>>,
) -> QueryResult<Recorded<H>> {
    Ok(Recorded {
        tables: StateTables::BOTH,
        applied: conn.applied_versions()?,
        history: read_history(conn)?,
    })
}
