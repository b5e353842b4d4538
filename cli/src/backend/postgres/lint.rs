//! `lint`'s observer on PostgreSQL: after each statement, inside the migration's
//! transaction, the catalog says which locks this session holds (`pg_locks`), which
//! relations got new storage files (`relfilenode`: a rewrite), which constraints were
//! added validated, and which columns became NOT NULL; compared with what existed before
//! the migration.

use std::collections::{HashMap, HashSet};

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use strata_schema_gen::Snapshot;

use super::Postgres;
use crate::migrate::lint::{LintProbe, LockStrength, Observation, ProbeFailure};

const OBSERVE: &str = include_str!("lint_observe.sql");

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    what: String,
    #[diesel(sql_type = BigInt)]
    oid: i64,
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
    #[diesel(sql_type = Text)]
    c: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    parent: i64,
    #[diesel(sql_type = Bool)]
    flag: bool,
}

#[derive(Debug, Clone)]
struct Relation {
    kind: String,
    name: String,
    /// An index's table; 0 for a table.
    table: i64,
    filenode: i64,
}

#[derive(Debug, Clone)]
struct Constraint {
    kind: String,
    name: String,
    definition: String,
    table: i64,
    referenced: i64,
    validated: bool,
}

/// The catalog at one moment.
#[derive(Debug, Default)]
struct State {
    relations: HashMap<i64, Relation>,
    locks: Vec<(i64, String)>,
    constraints: HashMap<i64, Constraint>,
    not_null: HashMap<(i64, String), bool>,
    lock_timeout: bool,
}

fn read_state(conn: &mut PgConnection) -> QueryResult<State> {
    let mut state = State::default();
    for row in diesel::sql_query(OBSERVE).load::<Row>(conn)? {
        match row.what.as_str() {
            "relation" => {
                state.relations.insert(
                    row.oid,
                    Relation {
                        kind: row.a,
                        name: row.b,
                        table: row.parent,
                        filenode: row.n,
                    },
                );
            }
            "lock" => state.locks.push((row.oid, row.a)),
            "constraint" => {
                state.constraints.insert(
                    row.oid,
                    Constraint {
                        kind: row.a,
                        name: row.b,
                        definition: row.c,
                        table: row.parent,
                        referenced: row.n,
                        validated: row.flag,
                    },
                );
            }
            "column" => {
                state.not_null.insert((row.oid, row.a), row.flag);
            }
            _ => state.lock_timeout = row.a != "0",
        }
    }
    Ok(state)
}

/// What a lock mode keeps other sessions from doing; `None` for modes that let reads and
/// writes go on.
fn strength(mode: &str) -> Option<LockStrength> {
    match mode {
        "AccessExclusiveLock" => Some(LockStrength::BlocksReads),
        "ExclusiveLock" | "ShareRowExclusiveLock" | "ShareLock" => Some(LockStrength::BlocksWrites),
        _ => None,
    }
}

/// The SQL name of a lock mode (`AccessExclusiveLock` → `ACCESS EXCLUSIVE`).
fn mode_name(mode: &str) -> String {
    let mut name = String::new();
    for c in mode.trim_end_matches("Lock").chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push(' ');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

pub(super) struct Probe<'a, 'c> {
    backend: &'a mut Postgres<'c>,
    transactional: bool,
    /// Relations that existed before the migration.
    before: HashMap<i64, Relation>,
    /// The catalog after the last statement.
    last: State,
    /// The strongest lock the migration's transaction holds on each pre-existing table.
    held: HashMap<i64, LockStrength>,
}

impl<'a, 'c> Probe<'a, 'c> {
    pub(super) fn new(backend: &'a mut Postgres<'c>) -> Probe<'a, 'c> {
        Probe {
            backend,
            transactional: false,
            before: HashMap::new(),
            last: State::default(),
            held: HashMap::new(),
        }
    }

    fn conn(&mut self) -> &mut PgConnection {
        &mut self.backend.conn
    }

    fn is_table(&self, oid: i64) -> bool {
        self.before
            .get(&oid)
            .is_some_and(|r| matches!(r.kind.as_str(), "r" | "p" | "m"))
    }

    fn table_name(&self, oid: i64) -> String {
        self.before
            .get(&oid)
            .map_or_else(|| oid.to_string(), |r| r.name.clone())
    }

    /// What changed between the last state and `now`, for pre-existing objects.
    fn compare(&mut self, now: State) -> Vec<Observation> {
        let mut found = Vec::new();
        let mut rewritten = HashSet::new();
        for (oid, relation) in &self.before {
            let (Some(was), Some(is)) = (self.last.relations.get(oid), now.relations.get(oid))
            else {
                continue;
            };
            if was.filenode != is.filenode {
                let table = if relation.table == 0 {
                    *oid
                } else {
                    relation.table
                };
                if rewritten.insert(table) {
                    found.push(Observation::Rewrite {
                        table: self.table_name(table),
                    });
                }
            }
        }
        // Foreign keys of tables this statement created lock the tables they reference,
        // but validate an empty table: nothing waits for long.
        let referenced_by_new: HashSet<i64> = now
            .constraints
            .iter()
            .filter(|(oid, c)| {
                !self.last.constraints.contains_key(oid)
                    && c.kind == "f"
                    && !self.before.contains_key(&c.table)
            })
            .map(|(_, c)| c.referenced)
            .collect();
        // The strongest mode held on each pre-existing table (a session can hold several).
        let mut strongest: HashMap<i64, (LockStrength, &str)> = HashMap::new();
        for (oid, mode) in &now.locks {
            let Some(strength) = strength(mode) else {
                continue;
            };
            if !self.is_table(*oid) {
                continue;
            }
            let entry = strongest.entry(*oid).or_insert((strength, mode));
            if strength > entry.0 {
                *entry = (strength, mode);
            }
        }
        let locked_out_writes: HashMap<i64, LockStrength> =
            strongest.iter().map(|(oid, (s, _))| (*oid, *s)).collect();
        for (oid, (strength, mode)) in &strongest {
            let strength = *strength;
            if self.held.get(oid).is_some_and(|held| *held >= strength) {
                continue;
            }
            self.held.insert(*oid, strength);
            if referenced_by_new.contains(oid) {
                continue;
            }
            found.push(Observation::Lock {
                table: self.table_name(*oid),
                mode: mode_name(mode),
                strength,
                lock_timeout: now.lock_timeout,
            });
        }
        for (oid, relation) in &now.relations {
            let new_index = matches!(relation.kind.as_str(), "i" | "I")
                && !self.last.relations.contains_key(oid)
                && self.is_table(relation.table);
            let Some(lock) = locked_out_writes.get(&relation.table) else {
                continue;
            };
            if new_index && !rewritten.contains(&relation.table) {
                found.push(Observation::IndexBuild {
                    table: self.table_name(relation.table),
                    index: relation.name.clone(),
                    blocks_reads: *lock == LockStrength::BlocksReads,
                });
            }
        }
        for (oid, constraint) in &now.constraints {
            if !constraint.validated || !self.is_table(constraint.table) {
                continue;
            }
            // Added validated; or validated (VALIDATE CONSTRAINT, which alone lets writes
            // go on) while the migration's transaction still locks writes out: both read
            // every row under a lock that blocks writes.
            let scanned = match self.last.constraints.get(oid) {
                None => true,
                Some(was) => !was.validated && self.held.contains_key(&constraint.table),
            };
            if scanned {
                found.push(Observation::ValidatingConstraint {
                    table: self.table_name(constraint.table),
                    constraint: constraint.name.clone(),
                });
            }
        }
        for ((table, column), not_null) in &now.not_null {
            let was_nullable = self.last.not_null.get(&(*table, column.clone())) == Some(&false);
            if !(*not_null && was_nullable && self.is_table(*table)) {
                continue;
            }
            let proven = self.last.constraints.values().any(|c| {
                c.table == *table
                    && c.kind == "c"
                    && c.validated
                    && (c.definition == format!("CHECK (({column} IS NOT NULL))")
                        || c.definition == format!("CHECK (((\"{column}\") IS NOT NULL))")
                        || c.definition == format!("CHECK ((\"{column}\" IS NOT NULL))"))
            });
            if !proven {
                found.push(Observation::SetNotNullScan {
                    table: self.table_name(*table),
                    column: column.clone(),
                });
            }
        }
        self.last = now;
        found
    }

    fn observe(&mut self) -> Result<Vec<Observation>, ProbeFailure> {
        let now = read_state(self.conn()).map_err(failure)?;
        Ok(self.compare(now))
    }
}

fn failure(error: diesel::result::Error) -> ProbeFailure {
    let text = error.to_string();
    ProbeFailure {
        needs_no_transaction: text.contains("cannot run inside a transaction block"),
        message: text.lines().next().unwrap_or_default().to_owned(),
    }
}

type Manager = <PgConnection as diesel::Connection>::TransactionManager;

impl LintProbe for Probe<'_, '_> {
    fn start(&mut self, transactional: bool) -> QueryResult<()> {
        // A deploy may run this migration in a session of its own: a lock_timeout an
        // earlier migration SET does not count for it (the database's own setting does).
        self.conn().batch_execute("RESET lock_timeout")?;
        let state = read_state(self.conn())?;
        self.before = state.relations.clone();
        self.last = state;
        self.held.clear();
        self.transactional = transactional;
        if transactional {
            Manager::begin_transaction(self.conn())?;
        }
        Ok(())
    }

    fn execute(&mut self, sql: &str, observe: bool) -> Result<Vec<Observation>, ProbeFailure> {
        if self.transactional || !observe {
            self.conn().batch_execute(sql).map_err(failure)?;
            return if observe {
                self.observe()
            } else {
                Ok(Vec::new())
            };
        }
        // Outside the migration's transaction, each statement's locks are held only while
        // it runs: a transaction of its own keeps them visible until they are read.
        Manager::begin_transaction(self.conn()).map_err(failure)?;
        match self.conn().batch_execute(sql) {
            Ok(()) => {
                let observed = self.observe();
                self.held.clear();
                Manager::commit_transaction(self.conn()).map_err(failure)?;
                observed
            }
            Err(error) if failure(error_ref(&error)).needs_no_transaction => {
                Manager::rollback_transaction(self.conn()).map_err(failure)?;
                self.conn().batch_execute(sql).map_err(failure)?;
                self.observe()
            }
            Err(error) => {
                let _ = Manager::rollback_transaction(self.conn());
                Err(failure(error))
            }
        }
    }

    fn finish(&mut self) -> QueryResult<()> {
        if self.transactional {
            Manager::commit_transaction(self.conn())?;
        }
        Ok(())
    }

    fn abandon(&mut self) {
        if self.transactional {
            let _ = Manager::rollback_transaction(self.conn());
        }
    }

    fn snapshot(&mut self, schema: Option<&str>) -> Result<Snapshot, strata_schema_gen::Error> {
        crate::migrate::connection::snapshot(&mut *self.backend, schema)
    }
}

/// The error again, as a value `failure` can take (diesel's errors are not `Clone`).
fn error_ref(error: &diesel::result::Error) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(error.to_string().into())
}
