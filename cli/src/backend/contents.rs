//! What the backends share in reading a database beyond its snapshot (`migrate::contents`):
//! queries that return one line of text per row, and the INSERT a row becomes.

use diesel::query_dsl::LoadQuery;
use diesel::sql_types::Text;
use diesel::{Connection, QueryResult, QueryableByName, RunQueryDsl};
use strata_schema_gen::snapshot::{ObjectId, ObjectKind};
use strata_schema_gen::Snapshot;

#[derive(QueryableByName)]
pub(super) struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// The `line` column of every row `query` returns.
pub(super) fn lines<C, Q>(conn: &mut C, query: Q) -> QueryResult<Vec<String>>
where
    C: Connection,
    Q: RunQueryDsl<C> + for<'a> LoadQuery<'a, C, Line>,
{
    Ok(query
        .load::<Line>(conn)?
        .into_iter()
        .map(|l| l.line)
        .collect())
}

/// The columns of `table` that take values (not computed from the others), and the query
/// that returns each row of them as one line of SQL literals: `literal` writes a column's
/// literal from its quoted name and its type, `join` joins a row's literals with `, `.
/// `None` when the table has no such column.
pub(super) fn rows_query<'s>(
    snapshot: &'s Snapshot,
    table: &str,
    quote: impl Fn(&str) -> String,
    literal: impl Fn(&str, Option<&str>) -> String,
    join: impl Fn(&[String]) -> String,
) -> Option<(Vec<&'s str>, String)> {
    let columns: Vec<&str> = snapshot
        .columns_of(table)
        .iter()
        .map(String::as_str)
        .filter(|column| column_fact(snapshot, table, column, "generated").is_none())
        .collect();
    if columns.is_empty() {
        return None;
    }
    let literals: Vec<String> = columns
        .iter()
        .map(|c| literal(&quote(c), column_fact(snapshot, table, c, "type")))
        .collect();
    let query = format!("SELECT {} AS line FROM {}", join(&literals), quote(table));
    Some((columns, query))
}

/// A fact of one of `table`'s columns in the snapshot.
pub(super) fn column_fact<'s>(
    snapshot: &'s Snapshot,
    table: &str,
    column: &str,
    fact: &str,
) -> Option<&'s str> {
    snapshot
        .get(&ObjectId::new(ObjectKind::Column, Some(table), column))
        .and_then(|c| c.get(fact))
}

/// `INSERT INTO t (a, b) VALUES (…)` for each line of values; `overriding` goes between
/// the columns and VALUES (PostgreSQL's identity columns).
pub(super) fn inserts(
    quote: impl Fn(&str) -> String,
    table: &str,
    columns: &[&str],
    overriding: &str,
    values: Vec<String>,
) -> Vec<String> {
    let columns: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let head = format!(
        "INSERT INTO {} ({}) {overriding}VALUES",
        quote(table),
        columns.join(", ")
    );
    values
        .into_iter()
        .map(|values| format!("{head} ({values})"))
        .collect()
}
