//! `lint`'s observer on SQLite: SQLite takes no table locks (a write locks the whole file,
//! which `migration run` holds anyway), so what matters is how much a statement copies.
//! A table rebuilt (the documented copy, drop and rename) is seen as its name pointing at
//! another b-tree (`sqlite_schema.rootpage`) than before the migration.

use std::collections::{HashMap, HashSet};

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use strata_schema_gen::Snapshot;

use super::Sqlite;
use crate::migrate::lint::{LintProbe, Observation, ProbeFailure};

const TABLES: &str = include_str!("lint_tables.sql");

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    rootpage: i64,
}

fn root_pages(conn: &mut SqliteConnection) -> QueryResult<HashMap<String, i64>> {
    Ok(diesel::sql_query(TABLES)
        .load::<Table>(conn)?
        .into_iter()
        .map(|t| (t.name, t.rootpage))
        .collect())
}

type Manager = <SqliteConnection as diesel::Connection>::TransactionManager;

pub(super) struct Probe<'a, 'c> {
    backend: &'a mut Sqlite<'c>,
    transactional: bool,
    before: HashMap<String, i64>,
    reported: HashSet<String>,
}

impl<'a, 'c> Probe<'a, 'c> {
    pub(super) fn new(backend: &'a mut Sqlite<'c>) -> Probe<'a, 'c> {
        Probe {
            backend,
            transactional: false,
            before: HashMap::new(),
            reported: HashSet::new(),
        }
    }
}

fn failure(error: diesel::result::Error) -> ProbeFailure {
    ProbeFailure {
        message: error
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
        needs_no_transaction: false,
    }
}

impl LintProbe for Probe<'_, '_> {
    fn start(&mut self, transactional: bool) -> QueryResult<()> {
        self.before = root_pages(&mut self.backend.conn)?;
        self.reported.clear();
        self.transactional = transactional;
        if transactional {
            Manager::begin_transaction(&mut *self.backend.conn)?;
        }
        Ok(())
    }

    fn execute(&mut self, sql: &str, observe: bool) -> Result<Vec<Observation>, ProbeFailure> {
        self.backend.conn.batch_execute(sql).map_err(failure)?;
        if !observe {
            return Ok(Vec::new());
        }
        let now = root_pages(&mut self.backend.conn).map_err(failure)?;
        let mut found = Vec::new();
        for (name, root) in &now {
            let rebuilt = self.before.get(name).is_some_and(|before| before != root);
            if rebuilt && self.reported.insert(name.clone()) {
                found.push(Observation::TableRebuild {
                    table: name.clone(),
                });
            }
        }
        Ok(found)
    }

    fn finish(&mut self) -> QueryResult<()> {
        if self.transactional {
            Manager::commit_transaction(&mut *self.backend.conn)?;
        }
        Ok(())
    }

    fn abandon(&mut self) {
        if self.transactional {
            let _ = Manager::rollback_transaction(&mut *self.backend.conn);
        }
    }

    fn snapshot(&mut self, schema: Option<&str>) -> Result<Snapshot, strata_schema_gen::Error> {
        crate::migrate::connection::snapshot(&mut *self.backend, schema)
    }
}
