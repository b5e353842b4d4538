//! PostgreSQL introspection: one schema's catalog in two queries.
//!
//! diesel_cli reads `information_schema` table by table (columns, primary key, comment) and
//! looks up each referenced table's key again per foreign key, about four queries per table.
//! Here one query reads every column with its table (`columns.sql`) and one every key
//! (`keys.sql`), so reading any schema costs exactly [`QUERY_COUNT`] queries.

pub mod ddl;
pub mod snapshot;
mod types;

use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel::{PgConnection, QueryableByName, RunQueryDsl};

use crate::assemble::{
    assemble, key_without_primary_key, NameOrder, RawForeignKey, RawTable, UniqueKey, ViewOrder,
};
use crate::model::{Column, RelationKind, TableName, Warning};
use crate::options::PrintSchemaOptions;
use crate::{Error, Introspection};

/// How many queries [`introspect`] issues, whatever the number of tables.
pub const QUERY_COUNT: usize = 2;

/// The schema diesel_cli treats as the default: its tables are printed unqualified.
pub const DEFAULT_SCHEMA: &str = "public";

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Bool)]
    is_view: bool,
    #[diesel(sql_type = Nullable<Text>)]
    table_comment: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    type_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    type_schema: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    domain_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    domain_schema: Option<String>,
    #[diesel(sql_type = Bool)]
    not_null: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    max_length: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    column_comment: Option<String>,
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    /// `p`rimary, `u`nique or `f`oreign.
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
}

/// Reads one schema (`options.schema`, else `public`) of a PostgreSQL database.
pub fn introspect(
    conn: &mut PgConnection,
    options: &PrintSchemaOptions,
) -> Result<Introspection, Error> {
    let schema = options.schema.as_deref().unwrap_or(DEFAULT_SCHEMA);
    let column_rows: Vec<ColumnRow> = diesel::sql_query(include_str!("columns.sql"))
        .bind::<Text, _>(schema)
        .bind::<Bool, _>(options.include_views)
        .load(conn)
        .map_err(|source| Error::Query {
            what: "tables and columns",
            source,
        })?;
    let key_rows: Vec<KeyRow> = diesel::sql_query(include_str!("keys.sql"))
        .bind::<Text, _>(schema)
        .load(conn)
        .map_err(|source| Error::Query {
            what: "keys",
            source,
        })?;

    let qualify = |name: &str, in_schema: &str| {
        if in_schema == DEFAULT_SCHEMA {
            TableName::new(name)
        } else {
            TableName::in_schema(in_schema, name)
        }
    };
    let mut warnings = Vec::new();
    let mut tables = build_tables(column_rows, options, &qualify, &mut warnings);
    let keys = group_keys(key_rows);

    let mut foreign_keys = Vec::new();
    for key in &keys {
        let Some(table) = tables.iter_mut().find(|t| t.name.name == key.table) else {
            continue;
        };
        match key.kind.as_str() {
            "p" => table.primary_key = key.columns.clone(),
            "f" => foreign_keys.push(RawForeignKey {
                child_table: table.name.clone(),
                parent_table: qualify(&key.parent_table, &key.parent_schema),
                child_columns: key.columns.clone(),
                parent_columns: key.parent_columns.iter().cloned().map(Some).collect(),
            }),
            _ => {}
        }
    }
    for table in tables
        .iter_mut()
        .filter(|t| t.primary_key.is_empty() && !t.is_view())
    {
        let uniques: Vec<UniqueKey> = keys
            .iter()
            .filter(|k| k.kind == "u" && k.table == table.name.name)
            .map(|k| UniqueKey {
                name: k.name.clone(),
                columns: k.columns.clone(),
            })
            .collect();
        key_without_primary_key(table, &uniques, &mut warnings);
    }
    Ok(assemble(
        tables,
        foreign_keys,
        options,
        NameOrder::Binary,
        ViewOrder::ByName,
        warnings,
    ))
}

/// Groups column rows (ordered by table, then column number) into tables.
fn build_tables(
    rows: Vec<ColumnRow>,
    options: &PrintSchemaOptions,
    qualify: &dyn Fn(&str, &str) -> TableName,
    warnings: &mut Vec<Warning>,
) -> Vec<RawTable> {
    let schema = options.schema.as_deref().unwrap_or(DEFAULT_SCHEMA);
    let mut tables: Vec<RawTable> = Vec::new();
    for row in rows {
        if tables.last().map(|t| &t.name.name) != Some(&row.table_name) {
            tables.push(RawTable {
                name: qualify(&row.table_name, schema),
                kind: if row.is_view {
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
        let (Some(column_name), Some(type_name), Some(type_schema)) =
            (row.column_name, row.type_name, row.type_schema)
        else {
            continue;
        };
        // A domain the user asked to keep is typed by its own name, else by its base type.
        let (type_name, type_schema) = match (row.domain_name, row.domain_schema) {
            (Some(domain), Some(domain_schema))
                if options
                    .pg_domains_as_custom_types
                    .iter()
                    .any(|re| re.is_match(&domain)) =>
            {
                (domain, domain_schema)
            }
            _ => (type_name, type_schema),
        };
        let sql_type = types::sql_type(&type_name, &type_schema, options);
        if let Some(element) = types::uncoerced_array_element(&type_name) {
            warnings.push(Warning(format!(
                "column `{}.{column_name}` is `{element}[]`: PostgreSQL does not compare it with \
                 the text[] values diesel sends, so filters on it fail at run time; printed as \
                 diesel_cli prints it ({}); change the column to text[] to use it from diesel",
                table.name,
                sql_type.rendered()
            )));
        }
        // diesel's main branch prints no `max_length` on a view's columns.
        let max_length = row
            .max_length
            .filter(|_| !row.is_view)
            .and_then(|n| u64::try_from(n).ok());
        table.columns.push(Column {
            name: column_name,
            sql_type,
            nullable: !row.not_null,
            max_length,
            comment: row.column_comment,
        });
    }
    tables
}

/// One constraint with its columns in key order.
struct Key {
    table: String,
    kind: String,
    name: String,
    columns: Vec<String>,
    parent_schema: String,
    parent_table: String,
    parent_columns: Vec<String>,
}

/// Groups key rows (ordered by table, kind, constraint, position) into constraints.
fn group_keys(rows: Vec<KeyRow>) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for row in rows {
        let same = keys.last().is_some_and(|k| {
            k.table == row.table_name && k.kind == row.kind && k.name == row.constraint_name
        });
        if !same {
            keys.push(Key {
                table: row.table_name,
                kind: row.kind,
                name: row.constraint_name,
                columns: Vec::new(),
                parent_schema: row.parent_schema.unwrap_or_default(),
                parent_table: row.parent_table.unwrap_or_default(),
                parent_columns: Vec::new(),
            });
        }
        let key = keys.last_mut().expect("pushed above");
        key.columns.push(row.column_name);
        if let Some(parent_column) = row.parent_column {
            key.parent_columns.push(parent_column);
        }
    }
    keys
}
