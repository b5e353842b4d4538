//! A MySQL migration step in as few round trips as the protocol allows.
//!
//! Round trips, not the server, bound a small migration on MySQL. diesel's `batch_execute`
//! switches multi-statement mode on and off around every call (two extra round trips
//! each), and its transaction manager sends BEGIN and COMMIT that way, so running a
//! one-statement revert statement by statement costs 11 round trips where the native
//! client needs 4 (BEGIN, the statement, the ledger row, COMMIT).
//!
//! So a transactional step is sent as one multi-statement batch: `BEGIN`, each statement,
//! and for a revert the ledger and history delete and `COMMIT`: 3 round trips whatever the
//! number of statements. A recorded step's rows (which carry its duration and down.sql)
//! follow as prepared, cached inserts, then a cached `COMMIT`.
//!
//! The server stops a batch at the first failing statement without saying which one it
//! was, and strata's errors name the file and line. Each statement is therefore preceded
//! by `SET @strata_step = <index>`; after a failure, reading the variable names the
//! statement (or, at -1, the bookkeeping).

use std::fmt::Write as _;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::mysql::{Mysql, MysqlConnection};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Nullable, Text};

use super::ledger::LedgerWriter;
use super::mysql_dialect::MysqlDialect;
use crate::migrate::apply::{Step, StepError};
use crate::migrate::dialect::Dialect;
use crate::migrate::history::Stamp;
use crate::migrate::ledger::LedgerChange;

/// The session variable that tracks which statement of a batch is running.
const MARKER: &str = "@strata_step";
/// The marker's value while the ledger rows are written.
const BOOKKEEPING: i64 = -1;

/// Runs a step that asks for a transaction; `write` records a migration's rows.
pub fn apply_transactional(
    conn: &mut MysqlConnection,
    step: &Step<'_>,
    write: LedgerWriter<MysqlConnection>,
) -> Result<(), StepError> {
    if step.progress.is_some() {
        return apply_tracked(conn, step);
    }
    let started = Instant::now();
    let inline_erase = match step.ledger {
        LedgerChange::Erase(version) if is_plain(version) => Some(version),
        _ => None,
    };
    batch_text(step, inline_erase).run(conn)?;
    if inline_erase.is_some() {
        return Ok(());
    }
    let finished =
        write(conn, step.ledger, &Stamp::since(started)).and_then(|()| Commit.execute(conn));
    if let Err(source) = finished {
        let _ = conn.batch_execute("ROLLBACK");
        return Err(StepError::Other(source));
    }
    Ok(())
}

/// Runs a step whose schema changes commit on their own, with its bookkeeping in the same
/// batch. A client killed mid-batch does not stop the server, which runs the batch to its
/// end: with the ledger change inside it, a batch that finishes is recorded however the
/// client fared, and one that stops part-way leaves the progress the history row was
/// given before each commit.
fn apply_tracked(conn: &mut MysqlConnection, step: &Step<'_>) -> Result<(), StepError> {
    tracked_batch_text(step).run(conn)
}

/// A failed batch's error, named after the statement the server stopped at (read from the
/// marker), or as the bookkeeping's when it stopped there or cannot say.
fn attribute(conn: &mut MysqlConnection, error: StepError) -> StepError {
    let StepError::Other(source) = error else {
        return error;
    };
    match failed_statement(conn) {
        Some(index) => StepError::Statement {
            index,
            source: quoting_one_statement(source),
        },
        None => StepError::Other(source),
    }
}

/// The text of [`apply_tracked`]'s batch. After each statement that commits implicitly a
/// new transaction begins, so that a failure rolls back exactly what followed the last
/// commit, as the error then says.
fn tracked_batch_text(step: &Step<'_>) -> Batch {
    let mut batch = Batch {
        pieces: vec!["SET @strata_started = NOW(6); ".to_owned()],
    };
    let mut open = false;
    for (index, statement) in step.statements.iter().enumerate() {
        let mut piece = format!("SET {MARKER} = {index}; ");
        if !open {
            piece.push_str("BEGIN; ");
            open = true;
        }
        if let Some((version, text)) = step.progress_before(index) {
            let _ = write!(
                piece,
                "UPDATE __strata_migrations SET failure = {} WHERE version = {}; ",
                text_literal(text),
                text_literal(version)
            );
        }
        piece.push_str(&statement.sql);
        piece.push_str("\n;\n");
        if MysqlDialect.commits_implicitly(&statement.sql) {
            open = false;
        }
        batch.pieces.push(piece);
    }
    let mut last = format!("SET {MARKER} = {BOOKKEEPING}; ");
    if !open {
        last.push_str("BEGIN; ");
    }
    match step.ledger {
        LedgerChange::Record(applied) => {
            let version = text_literal(applied.version);
            let _ = write!(
                last,
                "INSERT INTO __diesel_schema_migrations (version) VALUES ({version}); \
                 UPDATE __strata_migrations SET failure = NULL, \
                 applied_at = CONCAT(LEFT(DATE_FORMAT(UTC_TIMESTAMP(6), \
                 '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z'), \
                 duration_ms = TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000 \
                 WHERE version = {version}; "
            );
        }
        LedgerChange::Erase(version) => {
            let _ = write!(last, "{ERASE_SQL}{}; ", text_literal(version));
        }
    }
    last.push_str("COMMIT");
    batch.pieces.push(last);
    batch
}

/// A syntax error quotes the batch from the error on (`near '...' at line 1`), which runs
/// past the user's statement into the ones that follow it in the batch: the quote is cut
/// at the statement's end.
fn quoting_one_statement(error: diesel::result::Error) -> diesel::result::Error {
    let diesel::result::Error::DatabaseError(kind, info) = error else {
        return error;
    };
    let message = info.message();
    let (Some(end), Some(close)) = (message.find("\n;\n"), message.rfind("' at line")) else {
        return diesel::result::Error::DatabaseError(kind, info);
    };
    if end > close {
        return diesel::result::Error::DatabaseError(kind, info);
    }
    let cut = format!("{}{}", &message[..end], &message[close..]);
    diesel::result::Error::DatabaseError(kind, Box::new(cut))
}

/// `text` as a MySQL string whatever it holds: hex needs no escaping, whichever
/// `sql_mode` (`NO_BACKSLASH_ESCAPES`) the session has.
fn text_literal(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() * 2 + 30);
    literal.push_str("CONVERT(X'");
    for byte in text.bytes() {
        let _ = write!(literal, "{byte:02X}");
    }
    literal.push_str("' USING utf8mb4)");
    literal
}

/// Removes a reverted version's ledger and history rows in one statement.
pub fn erase(conn: &mut MysqlConnection, version: &str) -> QueryResult<()> {
    EraseVersion(version).execute(conn).map(drop)
}

/// Versions strata and diesel make are letters and digits, safe to write as a literal;
/// anything else goes through a bound parameter after the batch.
fn is_plain(version: &str) -> bool {
    !version.is_empty() && version.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The step as one batch. Each statement ends on a line of its own before its `;`, so a
/// trailing `-- comment` cannot swallow the separator.
fn batch_text(step: &Step<'_>, inline_erase: Option<&str>) -> Batch {
    let mut batch = Batch::default();
    for (index, statement) in step.statements.iter().enumerate() {
        let mut piece = format!("SET {MARKER} = {index}; ");
        if index == 0 {
            piece.push_str("BEGIN; ");
        }
        piece.push_str(&statement.sql);
        piece.push_str("\n;\n");
        batch.pieces.push(piece);
    }
    if step.statements.is_empty() {
        batch.pieces.push("BEGIN;\n".to_owned());
    }
    if let Some(version) = inline_erase {
        batch.pieces.push(format!(
            "SET {MARKER} = {BOOKKEEPING}; {ERASE_SQL}'{version}';\nCOMMIT"
        ));
    }
    batch
}

/// A step's batch, piece by piece: each piece is one statement with what strata sends with
/// it, so the batch can be cut between pieces.
#[derive(Debug, Default)]
struct Batch {
    pieces: Vec<String>,
}

/// Below this, a batch goes as one packet without asking the server for its limit.
const SURELY_FITS: usize = 1 << 20;

impl Batch {
    #[cfg(test)]
    fn text(&self) -> String {
        self.pieces.concat()
    }

    /// Runs the batch; on failure, rolls back what is open and names the statement the
    /// server stopped at. The step's error is the one worth reporting: a ROLLBACK that fails
    /// too (the connection is gone) leaves nothing open to roll back.
    fn run(&self, conn: &mut MysqlConnection) -> Result<(), StepError> {
        let Err(error) = self.send(conn) else {
            return Ok(());
        };
        let error = attribute(conn, error);
        let _ = conn.batch_execute("ROLLBACK");
        Err(error)
    }

    /// Sends the batch in as few packets as the server's `max_allowed_packet` allows: a
    /// bigger packet makes the server drop the connection. The packets run in order on the
    /// one session, so the transaction and the statement marker carry across them.
    fn send(&self, conn: &mut MysqlConnection) -> Result<(), StepError> {
        let total: usize = self.pieces.iter().map(String::len).sum();
        if total <= SURELY_FITS {
            return conn
                .batch_execute(&self.pieces.concat())
                .map_err(StepError::Other);
        }
        let limit = max_allowed_packet(conn).map_err(StepError::Other)?;
        // Room for the packet's header and the client's own additions.
        let room = limit.saturating_sub(1024);
        let mut packet = String::new();
        for (index, piece) in self.pieces.iter().enumerate() {
            if piece.len() > room {
                return Err(StepError::Statement {
                    index,
                    source: diesel::result::Error::QueryBuilderError(
                        format!(
                            "the statement is {} bytes, more than the server's \
                             max_allowed_packet ({limit} bytes) lets a client send; raise \
                             max_allowed_packet, or split the statement",
                            piece.len()
                        )
                        .into(),
                    ),
                });
            }
            if packet.len() + piece.len() > room {
                conn.batch_execute(&packet).map_err(StepError::Other)?;
                packet.clear();
            }
            packet.push_str(piece);
        }
        if !packet.is_empty() {
            conn.batch_execute(&packet).map_err(StepError::Other)?;
        }
        Ok(())
    }
}

#[derive(QueryableByName)]
struct PacketLimit {
    #[diesel(sql_type = BigInt)]
    bytes: i64,
}

fn max_allowed_packet(conn: &mut MysqlConnection) -> QueryResult<usize> {
    let row: PacketLimit =
        diesel::sql_query("SELECT CAST(@@max_allowed_packet AS SIGNED) AS bytes")
            .get_result(conn)?;
    Ok(usize::try_from(row.bytes).unwrap_or(usize::MAX))
}

#[derive(QueryableByName)]
struct Marker {
    #[diesel(sql_type = Nullable<BigInt>)]
    step: Option<i64>,
}

/// Which statement the failed batch stopped at: `None` for the bookkeeping, or when the
/// connection cannot say (it is gone).
fn failed_statement(conn: &mut MysqlConnection) -> Option<usize> {
    let marker: Marker = diesel::sql_query(format!("SELECT CAST({MARKER} AS SIGNED) AS step"))
        .get_result(conn)
        .ok()?;
    usize::try_from(marker.step?).ok()
}

/// `COMMIT` as a query with a static id, so that diesel prepares it once per connection and
/// each migration's commit is one round trip (MySQL and MariaDB both prepare COMMIT).
#[derive(Debug, Clone, Copy, QueryId)]
struct Commit;

impl QueryFragment<Mysql> for Commit {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Mysql>) -> QueryResult<()> {
        out.push_sql("COMMIT");
        Ok(())
    }
}

impl RunQueryDsl<MysqlConnection> for Commit {}

/// Removes a reverted version from diesel's ledger and strata's history at once (MySQL's
/// multi-table DELETE; the history row may be missing).
const ERASE_SQL: &str = "DELETE l, h FROM __diesel_schema_migrations AS l \
     LEFT JOIN __strata_migrations AS h ON h.version = l.version WHERE l.version = ";

/// [`ERASE_SQL`] with the version bound, prepared once per connection.
#[derive(Debug, Clone, Copy)]
struct EraseVersion<'a>(&'a str);

impl QueryId for EraseVersion<'_> {
    // The SQL text is the same for every version, so one id (and one prepared statement)
    // serves them all.
    type QueryId = EraseVersion<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<Mysql> for EraseVersion<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Mysql>) -> QueryResult<()> {
        out.push_sql(ERASE_SQL);
        out.push_bind_param::<Text, _>(self.0)
    }
}

impl RunQueryDsl<MysqlConnection> for EraseVersion<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::script::Statement;
    use std::path::Path;

    fn step<'a>(statements: &'a [Statement], ledger: LedgerChange<'a>) -> Step<'a> {
        Step {
            migration: "1_a",
            file: Path::new("up.sql"),
            statements,
            ledger,
            transactional: true,
            progress: None,
        }
    }

    #[test]
    fn marks_each_statement_and_keeps_line_comments_apart() {
        let statements = [
            Statement {
                sql: "DROP TABLE b -- the child first".into(),
                line: 1,
            },
            Statement {
                sql: "DROP TABLE a".into(),
                line: 2,
            },
        ];
        let erase = step(&statements, LedgerChange::Erase("20240101"));
        assert_eq!(
            batch_text(&erase, Some("20240101")).text(),
            "SET @strata_step = 0; BEGIN; DROP TABLE b -- the child first\n;\n\
             SET @strata_step = 1; DROP TABLE a\n;\n\
             SET @strata_step = -1; DELETE l, h FROM __diesel_schema_migrations AS l \
             LEFT JOIN __strata_migrations AS h ON h.version = l.version \
             WHERE l.version = '20240101';\nCOMMIT"
        );
        assert_eq!(
            batch_text(&erase, None).text(),
            "SET @strata_step = 0; BEGIN; DROP TABLE b -- the child first\n;\n\
             SET @strata_step = 1; DROP TABLE a\n;\n"
        );
    }

    #[test]
    fn only_plain_versions_are_written_inline() {
        assert!(is_plain("20240101000000"));
        assert!(!is_plain("2024'; DROP TABLE x; --"));
        assert!(!is_plain(""));
    }
}
