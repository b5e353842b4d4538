//! MySQL/MariaDB introspection: one database's catalog in three queries.
//!
//! diesel_cli reads `information_schema` table by table, and reads the primary key of every
//! referenced table again per foreign key. Here one query reads every table (`tables.sql`),
//! one every column (`columns.sql`), joined here by name, and one every key (`keys.sql`):
//! [`QUERY_COUNT`] queries for any schema.

pub mod ddl;
pub mod snapshot;
mod types;

use std::collections::BTreeSet;

use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::{MysqlConnection, QueryableByName, RunQueryDsl};

use crate::assemble::{
    assemble, key_without_primary_key, NameOrder, RawForeignKey, RawTable, UniqueKey, ViewOrder,
};
use crate::ident::{column_rust_name, rust_name};
use crate::model::{Column, RelationKind, TableName, Warning};
use crate::options::PrintSchemaOptions;
use crate::{Error, Introspection};

/// How many queries [`introspect`] issues, whatever the number of tables.
pub const QUERY_COUNT: usize = 3;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    table_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    column_type: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    nullable: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    max_length: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    column_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    default_schema: Option<String>,
    #[diesel(sql_type = BigInt)]
    versioned: i64,
    #[diesel(sql_type = BigInt)]
    is_view: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    row_end: Option<i64>,
}

/// A row of tables.sql.
#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    table_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    default_schema: Option<String>,
    #[diesel(sql_type = BigInt)]
    versioned: i64,
    #[diesel(sql_type = BigInt)]
    is_view: i64,
}

/// A row of columns.sql.
#[derive(QueryableByName)]
struct ColumnOnlyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    column_type: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    nullable: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    max_length: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    column_comment: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    row_end: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    position: Option<i64>,
}

/// Each table's columns, tables in byte order of their names and columns in their order,
/// as the rows [`build_tables`] reads: the two catalog reads joined by exact table name.
/// A table with no columns (one the server lists but cannot open) is left out.
fn join_tables_and_columns(tables: Vec<TableRow>, columns: Vec<ColumnOnlyRow>) -> Vec<ColumnRow> {
    let mut by_table: std::collections::HashMap<String, Vec<ColumnOnlyRow>> =
        std::collections::HashMap::new();
    for column in columns {
        by_table
            .entry(column.table_name.clone())
            .or_default()
            .push(column);
    }
    let mut tables = tables;
    tables.sort_by(|a, b| a.table_name.as_bytes().cmp(b.table_name.as_bytes()));
    let mut rows = Vec::new();
    for table in tables {
        let Some(mut columns) = by_table.remove(&table.table_name) else {
            continue;
        };
        columns.sort_by_key(|c| c.position);
        for column in columns {
            rows.push(ColumnRow {
                table_name: table.table_name.clone(),
                table_comment: table.table_comment.clone(),
                column_name: column.column_name,
                column_type: column.column_type,
                nullable: column.nullable,
                max_length: column.max_length,
                column_comment: column.column_comment,
                default_schema: table.default_schema.clone(),
                versioned: table.versioned,
                is_view: table.is_view,
                row_end: column.row_end,
            });
        }
    }
    rows
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    /// `PRIMARY KEY`, `UNIQUE` or `FOREIGN KEY`.
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    constraint_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    parent_schema: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_table: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_column: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    default_schema: Option<String>,
}

/// Reads one database (`options.schema`, else the connected one) of a MySQL server.
pub fn introspect(
    conn: &mut MysqlConnection,
    options: &PrintSchemaOptions,
) -> Result<Introspection, Error> {
    let table_rows: Vec<TableRow> = diesel::sql_query(include_str!("tables.sql"))
        .bind::<Nullable<Text>, _>(options.schema.as_deref())
        .bind::<Bool, _>(options.include_views)
        .load(conn)
        .map_err(|source| Error::Query {
            what: "tables",
            source,
        })?;
    let only_columns: Vec<ColumnOnlyRow> = diesel::sql_query(include_str!("columns.sql"))
        .bind::<Nullable<Text>, _>(options.schema.as_deref())
        .load(conn)
        .map_err(|source| Error::Query {
            what: "columns",
            source,
        })?;
    let column_rows = join_tables_and_columns(table_rows, only_columns);
    let key_rows: Vec<KeyRow> = diesel::sql_query(include_str!("keys.sql"))
        .bind::<Nullable<Text>, _>(options.schema.as_deref())
        .load(conn)
        .map_err(|source| Error::Query {
            what: "keys",
            source,
        })?;

    let default_schema = column_rows
        .first()
        .and_then(|r| r.default_schema.clone())
        .or_else(|| key_rows.first().and_then(|r| r.default_schema.clone()));
    // Tables in the connected database are printed unqualified, others as `db.table`.
    let qualify = |name: &str, schema: Option<&str>| match schema {
        Some(schema) if Some(schema) != default_schema.as_deref() => {
            TableName::in_schema(schema, name)
        }
        _ => TableName::new(name),
    };

    let mut warnings = Vec::new();
    let (mut tables, row_ends) = build_tables(column_rows, options, &qualify, &mut warnings);
    let mut foreign_keys: Vec<RawForeignKey> = Vec::new();
    let mut uniques: Vec<(String, UniqueKey)> = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    for row in key_rows {
        let key = (
            row.table_name.clone(),
            row.kind.clone(),
            row.constraint_name.clone(),
        );
        let first_column = current.as_ref() != Some(&key);
        current = Some(key);
        let Some(table) = tables.iter_mut().find(|t| t.name.name == row.table_name) else {
            continue;
        };
        // MariaDB adds a system-versioned table's row end column (invisible when it is
        // implicit) to its primary key and unique keys; rows of the current table are told
        // apart by the declared columns alone.
        let added_row_end = row_ends.contains(&(row.table_name.clone(), row.column_name.clone()))
            || !table.columns.iter().any(|c| c.name == row.column_name);
        if added_row_end && row.kind != "FOREIGN KEY" {
            continue;
        }
        match row.kind.as_str() {
            "PRIMARY KEY" => table.primary_key.push(row.column_name),
            "UNIQUE" => {
                if first_column {
                    uniques.push((
                        row.table_name.clone(),
                        UniqueKey {
                            name: row.constraint_name.clone(),
                            columns: Vec::new(),
                        },
                    ));
                }
                if let Some((_, unique)) = uniques.last_mut() {
                    unique.columns.push(row.column_name);
                }
            }
            "FOREIGN KEY" => {
                let (Some(parent_table), Some(parent_column)) =
                    (row.parent_table, row.parent_column)
                else {
                    continue;
                };
                if first_column {
                    foreign_keys.push(RawForeignKey {
                        child_table: table.name.clone(),
                        parent_table: qualify(&parent_table, row.parent_schema.as_deref()),
                        child_columns: Vec::new(),
                        parent_columns: Vec::new(),
                    });
                }
                if let Some(key) = foreign_keys.last_mut() {
                    key.child_columns.push(row.column_name);
                    key.parent_columns.push(Some(parent_column));
                }
            }
            _ => {}
        }
    }

    for table in tables
        .iter_mut()
        .filter(|t| t.primary_key.is_empty() && !t.is_view())
    {
        let own: Vec<UniqueKey> = uniques
            .iter()
            .filter(|(t, _)| *t == table.name.name)
            .map(|(_, u)| u.clone())
            .collect();
        key_without_primary_key(table, &own, &mut warnings);
    }
    Ok(assemble(
        tables,
        foreign_keys,
        options,
        NameOrder::CaseInsensitive,
        ViewOrder::ByName,
        warnings,
    ))
}

/// Groups column rows (ordered by table, then position) into tables, and lists the row end
/// columns of system-versioned tables as (table, column).
fn build_tables(
    rows: Vec<ColumnRow>,
    options: &PrintSchemaOptions,
    qualify: &dyn Fn(&str, Option<&str>) -> TableName,
    warnings: &mut Vec<Warning>,
) -> (Vec<RawTable>, BTreeSet<(String, String)>) {
    let mut tables: Vec<RawTable> = Vec::new();
    let mut row_ends = BTreeSet::new();
    for row in rows {
        if tables.last().map(|t| &t.name.name) != Some(&row.table_name) {
            if row.versioned == 1 {
                warnings.push(Warning(format!(
                    "table `{}` is system-versioned, which diesel_cli leaves out; printed as \
                     the table it is, keyed without the row end column MariaDB adds to its key",
                    qualify(&row.table_name, options.schema.as_deref())
                )));
            }
            tables.push(RawTable {
                name: qualify(&row.table_name, options.schema.as_deref()),
                kind: if row.is_view == 1 {
                    RelationKind::View
                } else {
                    RelationKind::Table
                },
                primary_key: Vec::new(),
                columns: Vec::new(),
                comment: row.table_comment.clone(),
            });
        }
        let table = tables.last_mut().expect("pushed above");
        let (Some(column_name), Some(column_type)) = (row.column_name, row.column_type) else {
            continue;
        };
        if row.row_end == Some(1) {
            row_ends.insert((row.table_name.clone(), column_name.clone()));
        }
        let (table_ident, _) = rust_name(&table.name.name);
        let (column_ident, _) = column_rust_name(&table_ident, &column_name, false);
        let (sql_type, substitution) =
            types::sql_type(&column_type, &table_ident, &column_ident, options);
        match substitution {
            Some(sub) if sub.why == types::Why::NoSuchType => warnings.push(Warning(format!(
                "column `{}.{column_name}` has type `{}`, which diesel has no MySQL type for \
                 (diesel_cli defines `{}` for it, which does not compile); printed as `{}`, \
                 the type its values load as",
                table.name, sub.sql_name, sub.diesel_cli_name, sub.printed
            ))),
            Some(sub) => warnings.push(Warning(format!(
                "column `{}.{column_name}` has type `{}`, whose `zerofill` diesel_cli takes \
                 for part of the type's name (it prints `{}`, which does not compile); \
                 printed as `{}`, the numeric type",
                table.name, sub.sql_name, sub.diesel_cli_name, sub.printed
            ))),
            None => {}
        }
        // Text and blob types report a maximum length, but diesel_cli prints one only for
        // types declared with a length (`varchar(255)`, `enum(...)`).
        // diesel's main branch prints none on a view's columns.
        let max_length = row
            .max_length
            .filter(|_| column_type.contains('(') && row.is_view == 0)
            .and_then(|n| u64::try_from(n).ok());
        table.columns.push(Column {
            name: column_name,
            sql_type,
            nullable: row.nullable == Some(1),
            max_length,
            comment: row.column_comment,
        });
    }
    (tables, row_ends)
}
