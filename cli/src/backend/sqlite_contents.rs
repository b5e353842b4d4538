//! SQLite's contents beyond the snapshot (`migrate::contents`): virtual tables refused, rows
//! as INSERTs of `quote()`d values, AUTOINCREMENT's counters as sqlite_sequence rows.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use strata_schema_gen::quote::Quote;
use strata_schema_gen::Snapshot;

use super::contents::{inserts, lines, rows_query};
use super::ledger::SharedLedger;
use super::sqlite::Sqlite;
use crate::migrate::contents::{Carried, Contents};

#[derive(QueryableByName)]
struct Counter {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

impl Contents for Sqlite<'_> {
    fn unexpressed(&mut self, _schema: Option<&str>) -> QueryResult<Vec<String>> {
        lines(
            SharedLedger::conn(self),
            diesel::sql_query(
                "SELECT 'virtual table `' || name || '`' AS line FROM sqlite_schema \
                 WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
            ),
        )
    }

    fn carried(&mut self, _schema: Option<&str>) -> QueryResult<Vec<Carried>> {
        Ok(Vec::new())
    }

    fn rows(&mut self, snapshot: &Snapshot, table: &str) -> QueryResult<Vec<String>> {
        let quote = |name: &str| Quote::Double.ident(name);
        let Some((columns, query)) = rows_query(
            snapshot,
            table,
            quote,
            |column, _| format!("quote({column})"),
            |literals| literals.join(" || ', ' || "),
        ) else {
            return Ok(Vec::new());
        };
        let values = lines(SharedLedger::conn(self), diesel::sql_query(query))?;
        Ok(inserts(quote, table, &columns, "", values))
    }

    fn counters(&mut self, _schema: Option<&str>) -> QueryResult<Vec<String>> {
        // AUTOINCREMENT's counters live in sqlite_sequence, which exists once a table with
        // AUTOINCREMENT does; inserting the rows moves them only as far as the largest id.
        let exists = lines(
            SharedLedger::conn(self),
            diesel::sql_query(
                "SELECT name AS line FROM sqlite_schema WHERE name = 'sqlite_sequence'",
            ),
        )?;
        if exists.is_empty() {
            return Ok(Vec::new());
        }
        let counters: Vec<Counter> =
            diesel::sql_query("SELECT name, seq FROM sqlite_sequence ORDER BY name")
                .load(SharedLedger::conn(self))?;
        Ok(counters
            .iter()
            .flat_map(|c| {
                let name = format!("'{}'", c.name.replace('\'', "''"));
                [
                    format!("DELETE FROM sqlite_sequence WHERE name = {name}"),
                    format!(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES ({name}, {})",
                        c.seq
                    ),
                ]
            })
            .collect())
    }
}
