//! Reading MySQL's ledger and strata's history without first asking which tables exist.
//!
//! A MySQL query costs diesel two round trips (prepare, execute), and a run with nothing to
//! do is mostly round trips: the connection's own session settings, then which state tables
//! exist, the ledger and the history. Both tables exist on every run but the first, so the
//! ledger and the history are read straight away; when that fails (a table is missing), the
//! caller reads them the careful way, tables first.
//!
//! (One `UNION ALL` of the two tables would save two more round trips, but MariaDB
//! materialises it, `TEXT` columns and all: 3.8 ms against 2.2 ms for the two reads at
//! 1,000 migrations, `SHOW PROFILES`.)

use diesel::mysql::MysqlConnection;
use diesel::QueryResult;

use super::{ledger, Recorded, StateTables};

/// Both tables' rows, or an error when either table is missing (or anything else fails).
pub fn read_both(conn: &mut MysqlConnection) -> QueryResult<Recorded> {
    Ok(Recorded {
        tables: StateTables {
            ledger: true,
            history: true,
        },
        applied: ledger::applied_versions(conn)?,
        history: ledger::history(conn)?,
    })
}
