//! SQLite introspection: the whole catalog in three queries.
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
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{Queryable, RunQueryDsl, SqliteConnection};

use crate::assemble::{assemble, NameOrder, RawForeignKey, RawTable};
use crate::model::{Column, SqlType, TableName, Warning};
use crate::options::PrintSchemaOptions;
use crate::{Error, Introspection};

/// How many queries [`introspect`] issues, whatever the number of tables.
pub const QUERY_COUNT: usize = 3;

// The rows are decoded by position (`Queryable` over a typed SQL literal), not by column
// name: on a 1,000-table schema that is 20,000 rows, and a by-name lookup per field showed
// in profiles. The field order is the order of the query's select list.

/// One row of columns.sql.
#[derive(Queryable)]
struct ColumnRow {
    table_name: String,
    cid: i64,
    column_name: String,
    type_name: String,
    not_null: i64,
    pk_position: i64,
}
type ColumnRowSql = (Text, BigInt, Text, Text, BigInt, BigInt);

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
    let column_rows: Vec<ColumnRow> = sql::<ColumnRowSql>(include_str!("columns.sql"))
        .load(conn)
        .map_err(|source| Error::Query {
            what: "columns",
            source,
        })?;
    let without_rowid: HashSet<String> = sql::<Text>(include_str!("tables.sql"))
        .load::<String>(conn)
        .map_err(|source| Error::Query {
            what: "tables",
            source,
        })?
        .into_iter()
        .collect();
    let fk_rows: Vec<ForeignKeyRow> = sql::<ForeignKeyRowSql>(include_str!("foreign_keys.sql"))
        .load(conn)
        .map_err(|source| Error::Query {
            what: "foreign keys",
            source,
        })?;

    let mut warnings = Vec::new();
    let mut tables = build_tables(column_rows, &without_rowid, &mut warnings);
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

/// Groups column rows (each table's rows together, in any table order) into tables, with
/// the columns in declaration order.
fn build_tables(
    mut rows: Vec<ColumnRow>,
    without_rowid: &HashSet<String>,
    warnings: &mut Vec<Warning>,
) -> Vec<SqliteTable> {
    // The query leaves the order to SQLite; a stable sort by table name and cid costs far
    // less here than an ORDER BY there.
    rows.sort_by(|a, b| (&a.table_name, a.cid).cmp(&(&b.table_name, b.cid)));
    // A schema uses a handful of distinct declared types across thousands of columns: map
    // each once.
    let mut mapped: HashMap<String, (bool, Option<&'static str>)> = HashMap::new();
    let mut tables: Vec<SqliteTable> = Vec::new();
    for row in rows {
        if tables.last().map(|t| &t.table.name.name) != Some(&row.table_name) {
            tables.push(SqliteTable {
                table: RawTable {
                    name: TableName::new(row.table_name.clone()),
                    primary_key: Vec::new(),
                    columns: Vec::new(),
                    comment: None,
                },
                without_rowid: without_rowid.contains(&row.table_name),
                declared_integer: Vec::new(),
            });
        }
        let current = tables.last_mut().expect("pushed above");
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
                    row.table_name,
                    row.column_name,
                    row.type_name,
                    types::FALLBACK_TYPE
                )));
                types::FALLBACK_TYPE
            }
        };
        // Key columns are listed in column order, as diesel_cli lists them.
        if row.pk_position > 0 {
            current.table.primary_key.push(row.column_name.clone());
        }
        current.declared_integer.push(declared_integer);
        current.table.columns.push(Column {
            name: row.column_name,
            sql_type: SqlType::builtin(sql_type),
            nullable: row.not_null == 0,
            max_length: None,
            comment: None,
        });
    }
    for table in &mut tables {
        if table.table.primary_key.is_empty() {
            key_by_rowid(table);
        }
    }
    tables
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
fn key_by_rowid(table: &mut SqliteTable) {
    let taken = |alias: &str| table.table.columns.iter().any(|c| c.name == alias);
    let Some(alias) = ["rowid", "oid", "_rowid_"].into_iter().find(|a| !taken(a)) else {
        return;
    };
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
