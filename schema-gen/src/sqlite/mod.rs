//! SQLite introspection: the whole catalog in three queries, in one read transaction.
//!
//! diesel_cli runs `PRAGMA table_info` and `PRAGMA foreign_key_list` once per table (and
//! again per foreign key), so its query count grows with the schema. Here the table-valued
//! pragma functions are joined against `sqlite_schema`, so reading any schema costs exactly
//! [`QUERY_COUNT`] queries.

pub mod ddl;
pub mod snapshot;
mod types;

use std::collections::{HashMap, HashSet};

use diesel::dsl::sql;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::{Connection, Queryable, RunQueryDsl, SqliteConnection};

use crate::assemble::{
    assemble, key_by_all_columns, NameOrder, RawForeignKey, RawTable, ViewOrder,
};
use crate::model::{Column, RelationKind, SqlType, TableName, Warning};
use crate::options::PrintSchemaOptions;
use crate::{Error, Introspection};

/// How many queries [`introspect`] issues, whatever the number of tables: three catalog
/// reads between a `BEGIN` and a `COMMIT`.
pub const QUERY_COUNT: usize = 5;

// The rows are decoded by position (`Queryable` over a typed SQL literal), not by column
// name: a big schema has tens of thousands of rows, and a by-name lookup per field is a
// string search per value. The field order is the order of the query's select list.

/// One row of tables.sql.
#[derive(Queryable)]
struct TableRow {
    table_id: i64,
    table_name: String,
    without_rowid: bool,
    is_view: bool,
}
type TableRowSql = (BigInt, Text, Bool, Bool);

/// One row of columns.sql.
#[derive(Queryable)]
struct ColumnRow {
    table_id: i64,
    cid: i64,
    column_name: String,
    type_name: String,
    not_null: i64,
    pk_position: i64,
}
type ColumnRowSql = (BigInt, BigInt, Text, Text, BigInt, BigInt);

/// One row of foreign_keys.sql.
#[derive(Queryable)]
struct ForeignKeyRow {
    child_table: String,
    fk_id: i64,
    parent_table: String,
    child_column: String,
    parent_column: Option<String>,
}
type ForeignKeyRowSql = (Text, BigInt, Text, Text, Nullable<Text>);

/// A query cut at its one `?`, where `include_views` is bound: diesel binds a value to a SQL
/// literal where it is appended.
fn cut_at_placeholder(text: &'static str) -> (&'static str, &'static str) {
    text.split_once('?').expect("the query has one `?`")
}

/// Reads the schema of the `main` database of a SQLite connection.
pub fn introspect(
    conn: &mut SqliteConnection,
    options: &PrintSchemaOptions,
) -> Result<Introspection, Error> {
    if let Some(schema) = &options.schema {
        return Err(Error::SchemaNotSupported {
            backend: "SQLite",
            schema: schema.clone(),
        });
    }
    // One read transaction: the column rows name their table by rowid, and between two
    // separate reads another connection's VACUUM (which renumbers sqlite_schema) or DROP
    // and CREATE could give that id to another table.
    let columns_sql = cut_at_placeholder(include_str!("columns.sql"));
    let tables_sql = cut_at_placeholder(include_str!("tables.sql"));
    let mut what = "catalog";
    let read = conn.transaction(|conn| {
        what = "columns";
        let column_rows: Vec<ColumnRow> = sql::<ColumnRowSql>(columns_sql.0)
            .bind::<Bool, _>(options.include_views)
            .sql(columns_sql.1)
            .load(conn)?;
        what = "tables";
        let table_rows: Vec<TableRow> = sql::<TableRowSql>(tables_sql.0)
            .bind::<Bool, _>(options.include_views)
            .sql(tables_sql.1)
            .load(conn)?;
        what = "foreign keys";
        let fk_rows: Vec<ForeignKeyRow> =
            sql::<ForeignKeyRowSql>(include_str!("foreign_keys.sql")).load(conn)?;
        what = "catalog";
        diesel::QueryResult::Ok((column_rows, table_rows, fk_rows))
    });
    let (column_rows, table_rows, fk_rows) =
        read.map_err(|source| Error::Query { what, source })?;

    let mut warnings = Vec::new();
    let mut tables = build_tables(table_rows, column_rows, &mut warnings);
    let foreign_keys = build_foreign_keys(fk_rows);
    if options.sqlite_integer_primary_key_is_bigint {
        widen_rowid_columns(&mut tables, &foreign_keys);
    }
    let tables = tables.into_iter().map(|t| t.table).collect();
    Ok(assemble(
        tables,
        foreign_keys,
        options,
        NameOrder::Binary,
        // diesel lists the tables by name, then the views by name.
        ViewOrder::AfterTables,
        warnings,
    ))
}

/// A table with the SQLite facts that `sqlite_integer_primary_key_is_bigint` needs.
struct SqliteTable {
    table: RawTable,
    without_rowid: bool,
    /// Per column, in column order: whether its declared type is exactly `INTEGER` (any
    /// case), which makes a single-column primary key the rowid.
    declared_integer: Vec<bool>,
}

/// Pairs each table with its column rows (all tables' rows together, in any order), the
/// columns in declaration order.
fn build_tables(
    mut table_rows: Vec<TableRow>,
    mut rows: Vec<ColumnRow>,
    warnings: &mut Vec<Warning>,
) -> Vec<SqliteTable> {
    // The queries leave the order to SQLite; sorting by integer ids here costs far less
    // than an ORDER BY there. Tables are put in name order later, by `assemble`.
    table_rows.sort_unstable_by_key(|t| t.table_id);
    rows.sort_unstable_by_key(|r| (r.table_id, r.cid));
    // A schema uses a handful of distinct declared types across thousands of columns: map
    // each once.
    let mut mapped: HashMap<String, (bool, Option<&'static str>)> = HashMap::new();
    let mut rows = rows.into_iter().peekable();
    let mut tables = Vec::with_capacity(table_rows.len());
    for table_row in table_rows {
        // Column rows whose id names no listed table are skipped. The reads share a
        // transaction, so this is only a guard.
        while rows.next_if(|r| r.table_id < table_row.table_id).is_some() {}
        let mut table = SqliteTable {
            table: RawTable {
                name: TableName::new(table_row.table_name),
                kind: if table_row.is_view {
                    RelationKind::View
                } else {
                    RelationKind::Table
                },
                primary_key: Vec::new(),
                columns: Vec::new(),
                comment: None,
            },
            without_rowid: table_row.without_rowid,
            declared_integer: Vec::new(),
        };
        let mut key: Vec<(i64, String)> = Vec::new();
        while let Some(row) = rows.next_if(|r| r.table_id == table_row.table_id) {
            let (declared_integer, diesel_type) = match mapped.get(&row.type_name) {
                Some(known) => *known,
                None => {
                    let declared = declared_type(&row.type_name).to_lowercase();
                    let known = (declared == "integer", types::diesel_type_for(&declared));
                    mapped.insert(row.type_name.clone(), known);
                    known
                }
            };
            let sql_type = match diesel_type {
                Some(name) => name,
                None => {
                    warnings.push(Warning(format!(
                        "column `{}.{}` has type `{}`, which diesel has no SQLite mapping for \
                         (diesel_cli stops here); printed as `{}`",
                        table.table.name.name,
                        row.column_name,
                        row.type_name,
                        types::FALLBACK_TYPE
                    )));
                    types::FALLBACK_TYPE
                }
            };
            if row.pk_position > 0 {
                key.push((row.pk_position, row.column_name.clone()));
            }
            table.declared_integer.push(declared_integer);
            table.table.columns.push(Column {
                name: row.column_name,
                sql_type: SqlType::builtin(sql_type),
                nullable: row.not_null == 0,
                max_length: None,
                comment: None,
            });
        }
        // A table no column row names (a guard, as above) is left out.
        if table.table.columns.is_empty() {
            continue;
        }
        // A view has no key, and diesel gives it no rowid.
        if table.table.is_view() {
            tables.push(table);
            continue;
        }
        table.table.primary_key = key_in_declared_order(&table.table.name, key, warnings);
        if table.table.primary_key.is_empty() {
            key_by_rowid(&mut table, warnings);
        }
        tables.push(table);
    }
    tables
}

/// The primary key's columns (given in column order, with their position in the key) in the
/// key's order: the order `find()` takes values in, and the order SQLite matches a
/// `REFERENCES parent` without columns against. diesel_cli 2.3.14 prints them in column
/// order; where that differs, a warning says so.
fn key_in_declared_order(
    table: &TableName,
    mut key: Vec<(i64, String)>,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    let column_order: Vec<String> = key.iter().map(|(_, name)| name.clone()).collect();
    key.sort_by_key(|(position, _)| *position);
    let key_order: Vec<String> = key.into_iter().map(|(_, name)| name).collect();
    if key_order != column_order {
        warnings.push(Warning(format!(
            "table `{table}` has the primary key ({}); diesel_cli prints its columns in table \
             order ({}), so find() would take the values in that order; printed in the key's \
             order",
            key_order.join(", "),
            column_order.join(", ")
        )));
    }
    key_order
}

/// SQLite reports a generated column without a declared type as `GENERATED ALWAYS`.
fn declared_type(type_name: &str) -> &str {
    if type_name.eq_ignore_ascii_case("generated always") {
        ""
    } else {
        type_name
    }
}

/// A rowid table without a declared primary key is keyed by its implicit rowid, under the
/// first of its names (`rowid`, `oid`, `_rowid_`) that no real column takes, as diesel_cli
/// does.
fn key_by_rowid(table: &mut SqliteTable, warnings: &mut Vec<Warning>) {
    const ALIASES: [&str; 3] = ["rowid", "oid", "_rowid_"];
    let columns = &table.table.columns;
    // SQLite compares names without regard to ASCII case: a column `ROWID` hides the rowid.
    // diesel_cli compares them exactly.
    let hiding = |alias: &str| columns.iter().find(|c| c.name.eq_ignore_ascii_case(alias));
    let diesel_alias = ALIASES
        .into_iter()
        .find(|a| !columns.iter().any(|c| c.name == *a));
    let Some(alias) = ALIASES.into_iter().find(|a| hiding(a).is_none()) else {
        let diesel_cli = match diesel_alias {
            None => "diesel_cli stops here".to_owned(),
            Some(a) => format!(
                "diesel_cli keys it by a column `{a}`, which reads `{}`",
                hiding(a).map_or(a, |c| c.name.as_str())
            ),
        };
        key_by_all_columns(
            &mut table.table,
            "its columns hide the rowid's names `rowid`, `oid` and `_rowid_`",
            &diesel_cli,
            warnings,
        );
        return;
    };
    if let Some(diesel_alias) = diesel_alias.filter(|a| *a != alias) {
        let column = hiding(diesel_alias).map_or(diesel_alias, |c| c.name.as_str());
        warnings.push(Warning(format!(
            "table `{}` has no primary key, and its column `{column}` hides the rowid's \
             name `{diesel_alias}`; diesel_cli keys it by a column `{diesel_alias}`, which \
             reads `{column}`; keyed by the rowid as `{alias}`",
            table.table.name
        )));
    }
    table.table.primary_key = vec![alias.to_owned()];
    table.table.columns.insert(
        0,
        Column {
            name: alias.to_owned(),
            sql_type: SqlType::builtin("Integer"),
            nullable: false,
            max_length: None,
            comment: None,
        },
    );
    table.declared_integer.insert(0, true);
}

/// With `sqlite_integer_primary_key_is_bigint`, the 64-bit rowid is printed as `BigInt`:
/// a single-column key declared exactly `INTEGER` in a rowid table (it is the rowid), and a
/// single-column foreign key to a rowid table's single-column key (it holds one).
fn widen_rowid_columns(tables: &mut [SqliteTable], foreign_keys: &[RawForeignKey]) {
    let rowid_parents: HashSet<TableName> = tables
        .iter()
        .filter(|t| !t.without_rowid && t.table.primary_key.len() == 1)
        .map(|t| t.table.name.clone())
        .collect();
    // (table, column) of every single-column foreign key to a rowid parent: a set, not a
    // scan of the keys per column, which was quadratic on big schemas.
    let rowid_holders: HashSet<(&TableName, &str)> = foreign_keys
        .iter()
        .filter(|fk| fk.child_columns.len() == 1 && rowid_parents.contains(&fk.parent_table))
        .map(|fk| (&fk.child_table, fk.child_columns[0].as_str()))
        .collect();
    for table in tables.iter_mut() {
        for (i, column) in table.table.columns.iter_mut().enumerate() {
            if column.sql_type.name != "Integer" {
                continue;
            }
            let is_rowid = !table.without_rowid
                && table.table.primary_key == [column.name.as_str()]
                && table.declared_integer[i];
            let holds_rowid = rowid_holders.contains(&(&table.table.name, column.name.as_str()));
            if is_rowid || holds_rowid {
                column.sql_type = SqlType::builtin("BigInt");
            }
        }
    }
}

/// Groups foreign key rows (ordered by table, key id, position) into keys.
fn build_foreign_keys(rows: Vec<ForeignKeyRow>) -> Vec<RawForeignKey> {
    let mut keys: Vec<(String, i64, RawForeignKey)> = Vec::new();
    for row in rows {
        let same_key = keys
            .last()
            .is_some_and(|(table, id, _)| *table == row.child_table && *id == row.fk_id);
        if !same_key {
            keys.push((
                row.child_table.clone(),
                row.fk_id,
                RawForeignKey {
                    child_table: TableName::new(row.child_table.clone()),
                    parent_table: TableName::new(row.parent_table.clone()),
                    child_columns: Vec::new(),
                    parent_columns: Vec::new(),
                },
            ));
        }
        let (.., key) = keys.last_mut().expect("pushed above");
        key.child_columns.push(row.child_column);
        key.parent_columns.push(row.parent_column);
    }
    keys.into_iter().map(|(.., key)| key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(id: i64, name: &str) -> TableRow {
        TableRow {
            table_id: id,
            table_name: name.to_owned(),
            without_rowid: false,
            is_view: false,
        }
    }

    fn column(table_id: i64, cid: i64, name: &str, type_name: &str, pk: i64) -> ColumnRow {
        ColumnRow {
            table_id,
            cid,
            column_name: name.to_owned(),
            type_name: type_name.to_owned(),
            not_null: 1,
            pk_position: pk,
        }
    }

    fn shape(tables: &[SqliteTable]) -> Vec<(String, Vec<String>, Vec<String>)> {
        tables
            .iter()
            .map(|t| {
                (
                    t.table.name.name.clone(),
                    t.table.columns.iter().map(|c| c.name.clone()).collect(),
                    t.table.primary_key.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn column_rows_join_their_tables_by_id_in_any_order() {
        let tables = vec![table(9, "b"), table(4, "a"), table(12, "empty")];
        // Out of order across and within tables, one row for an id no table has.
        let columns = vec![
            column(9, 1, "y", "TEXT", 0),
            column(4, 0, "id", "INTEGER", 1),
            column(7, 0, "ghost", "TEXT", 0),
            column(9, 0, "x", "INTEGER", 0),
            column(4, 1, "name", "TEXT", 0),
        ];
        let mut warnings = Vec::new();
        let built = build_tables(tables, columns, &mut warnings);
        assert!(warnings.is_empty());
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            shape(&built),
            vec![
                ("a".to_owned(), s(&["id", "name"]), s(&["id"])),
                // No declared key: keyed by the rowid, listed first.
                ("b".to_owned(), s(&["rowid", "x", "y"]), s(&["rowid"])),
            ]
        );
    }
}
