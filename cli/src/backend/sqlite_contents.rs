//! SQLite's contents beyond the snapshot (`migrate::contents`): virtual tables refused, rows
//! as INSERTs of `quote()`d values. Inserting the rows moves AUTOINCREMENT's counters.

use diesel::QueryResult;
use strata_schema_gen::quote::Quote;
use strata_schema_gen::Snapshot;

use super::contents::{inserts, lines, rows_query};
use super::ledger::SharedLedger;
use super::sqlite::Sqlite;
use crate::migrate::contents::{Carried, Contents};

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
        Ok(Vec::new())
    }
}
