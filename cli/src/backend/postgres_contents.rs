//! PostgreSQL's contents beyond the snapshot (`migrate::contents`): functions and comments
//! carried by their definitions, what cannot be carried, rows and sequence positions.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use strata_schema_gen::quote::Quote;
use strata_schema_gen::Snapshot;

use super::contents::{column_fact, inserts, lines, rows_query};
use super::ledger::SharedLedger;
use super::postgres::Postgres;
use crate::migrate::contents::{Carried, Contents, Stage};

const DEFAULT_SCHEMA: &str = "public";

#[derive(QueryableByName)]
struct CarriedRow {
    #[diesel(sql_type = Integer)]
    stage: i32,
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = Text)]
    create: String,
    #[diesel(sql_type = Nullable<Text>)]
    drop: Option<String>,
}

impl Contents for Postgres<'_> {
    fn unexpressed(&mut self, schema: Option<&str>) -> QueryResult<Vec<String>> {
        let query = diesel::sql_query(include_str!("postgres_unexpressed.sql"))
            .bind::<Text, _>(schema.unwrap_or(DEFAULT_SCHEMA).to_owned());
        lines(SharedLedger::conn(self), query)
    }

    fn carried(&mut self, schema: Option<&str>) -> QueryResult<Vec<Carried>> {
        let rows: Vec<CarriedRow> = diesel::sql_query(include_str!("postgres_carried.sql"))
            .bind::<Text, _>(schema.unwrap_or(DEFAULT_SCHEMA).to_owned())
            .load(SharedLedger::conn(self))?;
        Ok(rows
            .into_iter()
            .map(|row| Carried {
                stage: if row.stage == 0 {
                    Stage::BeforeTables
                } else {
                    Stage::Last
                },
                label: row.label,
                create: row.create.trim_end().to_owned(),
                drop: row.drop,
            })
            .collect())
    }

    fn rows(&mut self, snapshot: &Snapshot, table: &str) -> QueryResult<Vec<String>> {
        let quote = |name: &str| Quote::Double.ident(name);
        let Some((columns, query)) = rows_query(
            snapshot,
            table,
            quote,
            |column, _| format!("quote_nullable({column})"),
            |literals| format!("concat_ws(', ', {})", literals.join(", ")),
        ) else {
            return Ok(Vec::new());
        };
        let values = lines(SharedLedger::conn(self), diesel::sql_query(query))?;
        // An identity column GENERATED ALWAYS takes a value only when told to.
        let identity = columns
            .iter()
            .any(|c| column_fact(snapshot, table, c, "identity").is_some());
        let overriding = if identity {
            "OVERRIDING SYSTEM VALUE "
        } else {
            ""
        };
        Ok(inserts(quote, table, &columns, overriding, values))
    }

    fn counters(&mut self, schema: Option<&str>) -> QueryResult<Vec<String>> {
        let query = diesel::sql_query(include_str!("postgres_counters.sql"))
            .bind::<Text, _>(schema.unwrap_or(DEFAULT_SCHEMA).to_owned());
        lines(SharedLedger::conn(self), query)
    }

    fn preamble(&self) -> Vec<String> {
        // A function's body may use tables created after it, as pg_dump's output does.
        vec!["SET LOCAL check_function_bodies = false".to_owned()]
    }
}
