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

/// The columns of `table` that take values: those not computed from the others.
pub(super) fn stored_columns<'s>(snapshot: &'s Snapshot, table: &str) -> Vec<&'s str> {
    snapshot
        .columns_of(table)
        .iter()
        .filter(|column| {
            let id = ObjectId::new(ObjectKind::Column, Some(table), column.as_str());
            snapshot
                .get(&id)
                .is_none_or(|c| c.get("generated").is_none())
        })
        .map(String::as_str)
        .collect()
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
