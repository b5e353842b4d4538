//! PostgreSQL's contents beyond the snapshot (`migrate::contents`): functions and comments
//! carried by their definitions, what cannot be carried, rows and sequence positions.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use strata_schema_gen::quote::Quote;
use strata_schema_gen::Snapshot;

use super::contents::{column_fact, inserts, lines, rows_query};
use super::ledger::SharedLedger;
use super::postgres::Postgres;
use crate::migrate::contents::{Carried, Contents, Stage};

const DEFAULT_SCHEMA: &str = "public";

#[derive(QueryableByName)]
struct Sequence {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    start: i64,
}

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
                stage: match row.stage {
                    0 => Stage::BeforeTables,
                    2 => Stage::AfterTables,
                    _ => Stage::Last,
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
            // An array, not concat_ws: a function takes at most 100 arguments.
            |literals| format!("array_to_string(ARRAY[{}], ', ')", literals.join(", ")),
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
        let schema = schema.unwrap_or(DEFAULT_SCHEMA).to_owned();
        let sequences: Vec<Sequence> = diesel::sql_query(include_str!("postgres_counters.sql"))
            .bind::<Text, _>(&schema)
            .load(SharedLedger::conn(self))?;
        if sequences.is_empty() {
            return Ok(Vec::new());
        }
        // One query for all of them; a sequence still at its start needs no statement.
        let quote = |name: &str| Quote::Double.ident(name);
        let reads: Vec<String> = sequences
            .iter()
            .map(|s| {
                let literal = format!("'{}'", quote(&s.name).replace('\'', "''"));
                format!(
                    "SELECT 'SELECT setval(' || quote_literal({literal}) || ', ' || last_value \
                     || ', ' || is_called || ')' AS line FROM {}.{} \
                     WHERE is_called OR last_value <> {}",
                    quote(&schema),
                    quote(&s.name),
                    s.start
                )
            })
            .collect();
        lines(
            SharedLedger::conn(self),
            diesel::sql_query(reads.join(" UNION ALL ")),
        )
    }

    fn preamble(&self) -> Vec<String> {
        // A function's body may use tables created after it, as pg_dump's output does.
        vec!["SET LOCAL check_function_bodies = false".to_owned()]
    }

    fn postamble(&self) -> Vec<String> {
        // Under --single-transaction the migrations after this one share the transaction.
        vec!["SET LOCAL check_function_bodies = DEFAULT".to_owned()]
    }
}
