//! MySQL's and MariaDB's contents beyond the snapshot (`migrate::contents`): table comments
//! carried, routines, events, partitions and column comments refused, rows as INSERTs whose
//! literals read the same under any `sql_mode`, AUTO_INCREMENT counters set where they
//! stand.

use diesel::prelude::*;
use diesel::sql_types::Text;
use strata_schema_gen::quote::Quote;
use strata_schema_gen::Snapshot;

use super::contents::{inserts, lines, rows_query};
use super::ledger::SharedLedger;
use super::mysql::Mysql;
use crate::migrate::contents::{Carried, Contents, Stage};

#[derive(QueryableByName)]
struct Comment {
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = Text)]
    line: String,
}

/// The base name of a column type: `varchar` for `varchar(20)`, `int` for `int(11) unsigned`.
fn base_type(column_type: &str) -> String {
    column_type
        .split(['(', ' '])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The SQL expression that reads a column's value as a literal a migration can hold,
/// whatever the server's `sql_mode`: bytes in hexadecimal, BIT as a number, text quoted
/// with its quotes doubled, or in hexadecimal when it holds a backslash or a NUL (which
/// `NO_BACKSLASH_ESCAPES` reads differently), everything else as `QUOTE()` writes it (no
/// quotes or backslashes in numbers and dates).
fn literal(column: &str, column_type: Option<&str>) -> String {
    let base = column_type.map(base_type).unwrap_or_default();
    let value = match base.as_str() {
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" | "geometry"
        | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring"
        | "multipolygon" | "geometrycollection" => {
            format!("CONCAT('X''', HEX({column}), '''')")
        }
        "bit" => format!("CAST({column} + 0 AS CHAR)"),
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "enum" | "set"
        | "json" => format!(
            "IF(LOCATE(CHAR(92 USING utf8mb4), {column}) > 0 \
             OR LOCATE(CHAR(0 USING utf8mb4), {column}) > 0, \
             CONCAT('CONVERT(X''', HEX(CONVERT({column} USING utf8mb4)), ''' USING utf8mb4)'), \
             CONCAT('''', REPLACE({column}, '''', ''''''), ''''))"
        ),
        _ => return format!("QUOTE({column})"),
    };
    format!("IF({column} IS NULL, 'NULL', {value})")
}

impl Contents for Mysql<'_> {
    fn unexpressed(&mut self, _schema: Option<&str>) -> QueryResult<Vec<String>> {
        lines(
            SharedLedger::conn(self),
            diesel::sql_query(include_str!("mysql_unexpressed.sql")),
        )
    }

    fn carried(&mut self, _schema: Option<&str>) -> QueryResult<Vec<Carried>> {
        let comments: Vec<Comment> =
            diesel::sql_query(include_str!("mysql_carried.sql")).load(SharedLedger::conn(self))?;
        Ok(comments
            .into_iter()
            .map(|c| Carried {
                stage: Stage::Last,
                label: format!("comment on `{}`", c.label),
                create: c.line,
                drop: None,
            })
            .collect())
    }

    fn rows(&mut self, snapshot: &Snapshot, table: &str) -> QueryResult<Vec<String>> {
        let quote = |name: &str| Quote::Backtick.ident(name);
        let Some((columns, query)) = rows_query(snapshot, table, quote, literal, |literals| {
            format!("CONCAT_WS(', ', {})", literals.join(", "))
        }) else {
            return Ok(Vec::new());
        };
        // TIMESTAMP values are read in UTC, which the generated up.sql writes them in.
        let conn = SharedLedger::conn(self);
        diesel::sql_query("SET @strata_time_zone = @@SESSION.time_zone, time_zone = '+00:00'")
            .execute(&mut *conn)?;
        let values = lines(&mut *conn, diesel::sql_query(query));
        diesel::sql_query("SET time_zone = @strata_time_zone").execute(&mut *conn)?;
        Ok(inserts(quote, table, &columns, "", values?))
    }

    fn preamble(&self) -> Vec<String> {
        // The rows' TIMESTAMPs are written in UTC, and an id of 0 stays 0; the session's
        // settings come back at the end (see `postamble`).
        vec![
            "SET @strata_time_zone = @@SESSION.time_zone, @strata_sql_mode = @@SESSION.sql_mode"
                .to_owned(),
            "SET SESSION time_zone = '+00:00', SESSION sql_mode = \
             CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO')"
                .to_owned(),
        ]
    }

    fn postamble(&self) -> Vec<String> {
        vec![
            "SET SESSION time_zone = @strata_time_zone, SESSION sql_mode = @strata_sql_mode"
                .to_owned(),
        ]
    }

    fn counters(&mut self, _schema: Option<&str>) -> QueryResult<Vec<String>> {
        lines(
            SharedLedger::conn(self),
            diesel::sql_query(include_str!("mysql_counters.sql")),
        )
    }
}
