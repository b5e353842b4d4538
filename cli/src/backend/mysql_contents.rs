//! MySQL's and MariaDB's contents beyond the snapshot (`migrate::contents`): table comments
//! carried, routines, events, partitions and column comments refused, rows as INSERTs.
//! AUTO_INCREMENT counters need nothing: inserting the rows moves them.

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

/// Whether a column of this type holds bytes, which travel as hexadecimal literals.
fn holds_bytes(column_type: &str) -> bool {
    let base = column_type
        .split(['(', ' '])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        base.as_str(),
        "binary"
            | "varbinary"
            | "tinyblob"
            | "blob"
            | "mediumblob"
            | "longblob"
            | "bit"
            | "geometry"
            | "point"
            | "linestring"
            | "polygon"
            | "multipoint"
            | "multilinestring"
            | "multipolygon"
            | "geometrycollection"
    )
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
        let Some((columns, query)) = rows_query(
            snapshot,
            table,
            quote,
            |column, column_type| {
                if column_type.is_some_and(holds_bytes) {
                    format!("IF({column} IS NULL, 'NULL', CONCAT('X''', HEX({column}), ''''))")
                } else {
                    format!("QUOTE({column})")
                }
            },
            |literals| format!("CONCAT_WS(', ', {})", literals.join(", ")),
        ) else {
            return Ok(Vec::new());
        };
        let values = lines(SharedLedger::conn(self), diesel::sql_query(query))?;
        Ok(inserts(quote, table, &columns, "", values))
    }

    fn counters(&mut self, _schema: Option<&str>) -> QueryResult<Vec<String>> {
        Ok(Vec::new())
    }
}
