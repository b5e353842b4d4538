//! `lint`'s observer on MySQL and MariaDB: the server says itself how it would run a
//! schema change. Each `ALTER TABLE` or `CREATE INDEX` on a pre-existing table is tried
//! with `ALGORITHM=INSTANT`, then `ALGORITHM=INPLACE, LOCK=NONE`, in the scratch database;
//! the server refuses a clause it cannot honour (without changing anything), and a change
//! that needs the plain statement copies the table while writes wait.

use std::collections::HashSet;

use diesel::connection::SimpleConnection;
use diesel::mysql::MysqlConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use strata_schema_gen::Snapshot;

use super::Mysql;
use crate::migrate::lint::{LintProbe, Observation, ProbeFailure};

const TABLES: &str = include_str!("lint_tables.sql");

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    name: String,
}

fn tables(conn: &mut MysqlConnection) -> QueryResult<HashSet<String>> {
    Ok(diesel::sql_query(TABLES)
        .load::<Table>(conn)?
        .into_iter()
        .map(|t| t.name)
        .collect())
}

/// Which statements the server can be asked about, and how its clauses are written.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// `ALTER TABLE t ...`: clauses follow a comma.
    AlterTable(String),
    /// `CREATE [UNIQUE] INDEX i ON t (...)`: clauses follow a space.
    CreateIndex(String),
}

impl Shape {
    fn table(&self) -> &str {
        match self {
            Shape::AlterTable(table) | Shape::CreateIndex(table) => table,
        }
    }

    /// The statement with `clauses` appended, on a line of their own: a `--` or `#`
    /// comment at the statement's end would otherwise swallow them.
    fn with(&self, sql: &str, clauses: &[&str]) -> String {
        match self {
            Shape::AlterTable(_) => format!("{sql}\n, {}", clauses.join(", ")),
            Shape::CreateIndex(_) => format!("{sql}\n{}", clauses.join(" ")),
        }
    }
}

/// An identifier as written (backticks, a database prefix) to the table's bare name.
fn bare(token: &str) -> String {
    let token = token.split('(').next().unwrap_or_default();
    let last = token.rsplit('.').next().unwrap_or(token);
    last.trim_matches('`').to_owned()
}

fn shape(sql: &str) -> Option<Shape> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    if upper
        .iter()
        .any(|w| w.contains("ALGORITHM") || w.starts_with("LOCK="))
    {
        return None;
    }
    match *upper.first()? {
        "ALTER" => {
            let at = upper.iter().position(|w| *w == "TABLE")?;
            let mut at = at + 1;
            if upper.get(at..at + 2) == Some(&["IF", "EXISTS"]) {
                at += 2;
            }
            Some(Shape::AlterTable(bare(words.get(at)?)))
        }
        "CREATE" => {
            let index = upper.iter().position(|w| *w == "INDEX")?;
            if upper[1..index]
                .iter()
                .any(|w| !matches!(*w, "OR" | "REPLACE" | "UNIQUE" | "FULLTEXT" | "SPATIAL"))
            {
                return None;
            }
            let on = upper.iter().skip(index).position(|w| *w == "ON")? + index;
            Some(Shape::CreateIndex(bare(words.get(on + 1)?)))
        }
        _ => None,
    }
}

pub(super) struct Probe<'a, 'c> {
    backend: &'a mut Mysql<'c>,
    before: HashSet<String>,
}

impl<'a, 'c> Probe<'a, 'c> {
    pub(super) fn new(backend: &'a mut Mysql<'c>) -> Probe<'a, 'c> {
        Probe {
            backend,
            before: HashSet::new(),
        }
    }
}

fn one_line(error: &diesel::result::Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

impl LintProbe for Probe<'_, '_> {
    /// MySQL commits each schema change on its own, so there is no transaction to open:
    /// the migration's statements run as `migration run` runs them.
    fn start(&mut self, _transactional: bool) -> QueryResult<()> {
        self.before = tables(&mut self.backend.conn)?;
        Ok(())
    }

    fn execute(&mut self, sql: &str, _observe: bool) -> Result<Vec<Observation>, ProbeFailure> {
        let sql = sql.trim();
        let conn = &mut self.backend.conn;
        let fail = |error: diesel::result::Error| ProbeFailure {
            message: one_line(&error),
            needs_no_transaction: false,
        };
        let Some(shape) = shape(sql).filter(|s| self.before.contains(s.table())) else {
            conn.batch_execute(sql).map_err(fail)?;
            return Ok(Vec::new());
        };
        if conn
            .batch_execute(&shape.with(sql, &["ALGORITHM=INSTANT"]))
            .is_ok()
        {
            return Ok(Vec::new());
        }
        let refusal =
            match conn.batch_execute(&shape.with(sql, &["ALGORITHM=INPLACE", "LOCK=NONE"])) {
                Ok(()) => return Ok(Vec::new()),
                Err(error) => one_line(&error),
            };
        conn.batch_execute(sql).map_err(fail)?;
        // Only the server's "<clause> is not supported" says how it runs the change; any
        // other refusal (a clause the statement's syntax does not take) says nothing.
        if !refusal.contains("is not supported") {
            return Ok(Vec::new());
        }
        Ok(vec![Observation::TableCopy {
            table: shape.table().to_owned(),
            refusal,
        }])
    }

    fn finish(&mut self) -> QueryResult<()> {
        Ok(())
    }

    fn abandon(&mut self) {}

    fn snapshot(&mut self, schema: Option<&str>) -> Result<Snapshot, strata_schema_gen::Error> {
        crate::migrate::connection::snapshot(&mut *self.backend, schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_table_a_statement_alters() {
        assert_eq!(
            shape("ALTER TABLE `app`.`users` ADD COLUMN x INT"),
            Some(Shape::AlterTable("users".into()))
        );
        assert_eq!(
            shape("create unique index i on users(email)"),
            Some(Shape::CreateIndex("users".into()))
        );
        assert_eq!(shape("ALTER TABLE users ADD x INT, ALGORITHM=COPY"), None);
        assert_eq!(shape("CREATE TABLE t (id INT)"), None);
        assert_eq!(shape("UPDATE users SET x = 1"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(sql in "(\\PC|ALTER|TABLE|CREATE|INDEX|ON|IF|EXISTS| |`|\\.|\\()*") {
            let _ = shape(&sql).map(|s| s.with(&sql, &["ALGORITHM=INSTANT"]));
        }
    }
}
