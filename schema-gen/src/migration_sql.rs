//! `migration generate --diff-schema`: SQL that takes the database to what `schema.rs`
//! declares (up.sql), and back (down.sql).
//!
//! Tables and columns are matched by SQL name, case-insensitively, as diesel_cli matches
//! them. A table only in the database is dropped (and re-created by down.sql from the
//! catalog); a table only in `schema.rs` is created, with the foreign keys its `joinable!`
//! lines declare; a column that is added, removed or changes type is added or dropped.
//! The result is a starting point, to be read before it is run: types are spelled from
//! diesel's names (`INT4`, `VARCHAR(40)`), and renames look like a drop and an add.

use crate::declared_type::{create_records, drop_records, DeclaredType};
use crate::ident::rust_name;
use crate::model::{Column, ForeignKey, Schema, Table};
use crate::options::TableFilter;
use crate::schema_rs::{Declared, DeclaredTable};

/// How the target database quotes identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"name"`: PostgreSQL.
    Double,
    /// `` `name` ``: MySQL, and SQLite (which accepts both), as diesel writes it there.
    Backtick,
}

impl Quote {
    pub(crate) fn ident(self, name: &str) -> String {
        match self {
            Quote::Double => format!("\"{}\"", name.replace('"', "\"\"")),
            Quote::Backtick => format!("`{}`", name.replace('`', "``")),
        }
    }
}

/// The two files' SQL (without the template's first line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationSql {
    pub up: String,
    pub down: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiffError {
    #[error(
        "table `{table}`: its primary key is ({in_database}) in the database but ({in_schema}) \
         in the schema file; --diff-schema cannot change a primary key: write that migration \
         by hand"
    )]
    PrimaryKeyChanged {
        table: String,
        in_database: String,
        in_schema: String,
    },
    #[error("column `{table}.{column}` has a type --diff-schema cannot spell in SQL")]
    UnsupportedType { table: String, column: String },
}

/// What to do to one table.
enum Change<'a> {
    Create {
        table: &'a DeclaredTable,
        /// (column, parent table, parent column), by SQL name.
        foreign_keys: Vec<(String, String, String)>,
    },
    Drop {
        table: &'a Table,
        foreign_keys: Vec<(String, String, String)>,
    },
    Alter {
        table: String,
        declared: &'a DeclaredTable,
        added: Vec<&'a Column>,
        removed: Vec<&'a Column>,
        /// (as in the database, as declared)
        changed: Vec<(&'a Column, &'a Column)>,
    },
}

/// The SQL between the live `database` and what `declared` says, for the tables `filter`
/// keeps. `bigint_rowid` spells a single-column `BigInt` key as `INTEGER` (SQLite, where
/// that makes it the rowid).
pub fn diff(
    database: &Schema,
    declared: &Declared,
    filter: &TableFilter,
    quote: Quote,
    bigint_rowid: bool,
) -> Result<MigrationSql, DiffError> {
    let mut wanted: Vec<&DeclaredTable> = declared
        .tables
        .iter()
        .filter(|t| filter.keeps(&t.name.name))
        .collect();
    for table in &wanted {
        if let Some(column) = table.unsupported.first() {
            return Err(DiffError::UnsupportedType {
                table: table.name.name.clone(),
                column: column.clone(),
            });
        }
    }

    let mut changes: Vec<Change<'_>> = Vec::new();
    // Views are not the tables a migration creates or drops: with `include_views`, the
    // database's views are left alone, as diesel's main branch leaves them.
    for table in database
        .tables
        .iter()
        .filter(|t| !t.is_view() && filter.keeps(&t.name.name))
    {
        let position = wanted
            .iter()
            .position(|w| w.name.name.eq_ignore_ascii_case(&table.name.name));
        let Some(position) = position else {
            changes.push(Change::Drop {
                table,
                foreign_keys: database_foreign_keys(&database.foreign_keys, table),
            });
            continue;
        };
        let declared = wanted.remove(position);
        check_primary_key(table, declared)?;
        let mut removed = Vec::new();
        let mut changed = Vec::new();
        for column in &table.columns {
            match find_column(&declared.columns, &column.name) {
                Some(wanted) if !same_type(column, wanted) => changed.push((column, wanted)),
                Some(_) => {}
                None => removed.push(column),
            }
        }
        let added: Vec<&Column> = declared
            .columns
            .iter()
            .filter(|c| find_column(&table.columns, &c.name).is_none())
            .collect();
        // An unchanged table stays in the list: its empty SQL is the blank line diesel_cli
        // writes for it.
        changes.push(Change::Alter {
            table: table.name.name.clone(),
            declared,
            added,
            removed,
            changed,
        });
    }
    // New tables, parents before the tables that refer to them.
    wanted.sort_by_key(|t| t.name.name.to_lowercase());
    let new_tables = wanted
        .into_iter()
        .map(|table| (table, declared_foreign_keys(table, declared)))
        .collect();
    for (table, foreign_keys) in order_by_references(new_tables) {
        changes.push(Change::Create {
            table,
            foreign_keys,
        });
    }

    let mut sql = MigrationSql::default();
    for change in &changes {
        sql.up.push_str(&up(change, quote, bigint_rowid));
        sql.up.push('\n');
    }
    // Undone in the opposite order, so references are dropped before what they refer to.
    // Unchanged tables keep their places, so that with one change the file is diesel_cli's.
    let mut undone = changes.iter().rev().filter(|c| !c.is_unchanged());
    for change in &changes {
        let change = match change.is_unchanged() {
            true => change,
            false => undone.next().unwrap_or(change),
        };
        sql.down.push_str(&down(change, quote, bigint_rowid));
        sql.down.push('\n');
    }
    Ok(sql)
}

impl Change<'_> {
    fn is_unchanged(&self) -> bool {
        matches!(
            self,
            Change::Alter { added, removed, changed, .. }
                if added.is_empty() && removed.is_empty() && changed.is_empty()
        )
    }
}

fn find_column<'a>(columns: &'a [Column], name: &str) -> Option<&'a Column> {
    columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

fn check_primary_key(table: &Table, declared: &DeclaredTable) -> Result<(), DiffError> {
    let sorted = |keys: &[String]| {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_lowercase()).collect();
        keys.sort();
        keys
    };
    if sorted(&table.primary_key) != sorted(&declared.primary_key) {
        return Err(DiffError::PrimaryKeyChanged {
            table: table.name.name.clone(),
            in_database: table.primary_key.join(", "),
            in_schema: declared.primary_key.join(", "),
        });
    }
    Ok(())
}

/// Whether two columns have the same SQL type, allowing diesel's aliases (`Integer` is
/// `int4`, `Text` is `varchar` without a length, ...).
fn same_type(database: &Column, declared: &Column) -> bool {
    let (a, b) = (&database.sql_type, &declared.sql_type);
    if database.nullable != declared.nullable
        || a.is_array != b.is_array
        || a.is_unsigned != b.is_unsigned
        || database.max_length != declared.max_length
    {
        return false;
    }
    let (a, b) = (a.name.to_lowercase(), b.name.to_lowercase());
    const ALIASES: [(&str, &str); 4] = [
        ("integer", "int4"),
        ("bigint", "int8"),
        ("smallint", "int2"),
        ("text", "varchar"),
    ];
    a == b
        || ALIASES
            .iter()
            .any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
}

/// Single-column foreign keys of a database table, for re-creating it.
fn database_foreign_keys(keys: &[ForeignKey], table: &Table) -> Vec<(String, String, String)> {
    keys.iter()
        .filter(|fk| fk.child_table == table.name && fk.child_columns.len() == 1)
        .map(|fk| {
            (
                fk.child_columns[0].clone(),
                fk.parent_table.name.clone(),
                fk.parent_columns[0].clone(),
            )
        })
        .collect()
}

/// The `joinable!` lines of a declared table, resolved to SQL names; a parent with a
/// composite key cannot be referenced by one column and is skipped.
fn declared_foreign_keys(
    table: &DeclaredTable,
    declared: &Declared,
) -> Vec<(String, String, String)> {
    let ident = rust_name(&table.name.name).0;
    declared
        .joins
        .iter()
        .filter(|j| j.child == ident)
        .filter_map(|j| {
            let parent = declared
                .tables
                .iter()
                .find(|t| rust_name(&t.name.name).0 == j.parent)?;
            let [parent_key] = parent.primary_key.as_slice() else {
                return None;
            };
            let column = table.columns.iter().find(|c| {
                crate::ident::column_rust_name(&ident, &c.name, c.max_length.is_some()).0
                    == j.column
            })?;
            Some((
                column.name.clone(),
                parent.name.name.clone(),
                parent_key.clone(),
            ))
        })
        .collect()
}

/// A table to create, with its foreign keys as (column, parent table, parent column).
type NewTable<'a> = (&'a DeclaredTable, Vec<(String, String, String)>);

/// New tables in an order where every table comes after the new tables it refers to
/// (a cycle keeps the remaining tables in name order).
fn order_by_references(mut pending: Vec<NewTable<'_>>) -> Vec<NewTable<'_>> {
    let mut ordered = Vec::new();
    while !pending.is_empty() {
        let ready = pending.iter().position(|(table, foreign_keys)| {
            foreign_keys.iter().all(|(_, parent, _)| {
                parent == &table.name.name || !pending.iter().any(|(p, _)| &p.name.name == parent)
            })
        });
        ordered.push(pending.remove(ready.unwrap_or(0)));
    }
    ordered
}

/// `VARCHAR(40)[] UNSIGNED NOT NULL`: the type's SQL name in capitals (as diesel_cli spells
/// a declared one, else diesel's type name), its length, array, sign and nullability, in
/// the order SQL wants them.
fn column_type(column: &Column, declared: Option<&DeclaredType>, quote: Quote) -> String {
    if let Some(declared) = declared {
        return declared
            .sql(&column.name, column.max_length, quote)
            .trim_start()
            .to_owned();
    }
    let ty = &column.sql_type;
    let mut out = match &ty.custom {
        // In capitals, as diesel_cli writes every type, where that is the same name
        // (unquoted names fold to lower case); a name that needs quotes keeps its case.
        Some(crate::model::TypeDefinition::Postgres { name, .. }) => match name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            true => name.to_uppercase(),
            false => name.clone(),
        },
        _ if ty.name == "PgLsn" => "PG_LSN".to_owned(),
        _ => ty.name.to_uppercase(),
    };
    if let Some(length) = column.max_length {
        out.push_str(&format!("({length})"));
    }
    if ty.is_array {
        out.push_str("[]");
    }
    if ty.is_unsigned {
        out.push_str(" UNSIGNED");
    }
    if !column.nullable {
        out.push_str(" NOT NULL");
    }
    out
}

/// The declared columns among `columns` whose types are records, with those types.
fn records<'a>(
    declared: &'a DeclaredTable,
    columns: impl IntoIterator<Item = &'a Column>,
) -> Vec<(&'a str, &'a DeclaredType)> {
    columns
        .into_iter()
        .filter_map(|c| Some((c.name.as_str(), declared.type_of(c)?)))
        .filter(|(_, ty)| ty.record.is_some())
        .collect()
}

fn create_table(
    name: &str,
    columns: &[Column],
    declared: Option<&DeclaredTable>,
    primary_key: &[String],
    foreign_keys: &[(String, String, String)],
    quote: Quote,
    bigint_rowid: bool,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    let single_key = match primary_key {
        [key] => Some(key.as_str()),
        _ => None,
    };
    for column in columns {
        let is_key = single_key.is_some_and(|k| k.eq_ignore_ascii_case(&column.name));
        let mut ty = column_type(column, declared.and_then(|d| d.type_of(column)), quote);
        if is_key && bigint_rowid && column.sql_type.name.eq_ignore_ascii_case("BigInt") {
            ty = ty.replacen("BIGINT", "INTEGER", 1);
        }
        let key = if is_key { " PRIMARY KEY" } else { "" };
        lines.push(format!("\t{} {ty}{key}", quote.ident(&column.name)));
    }
    if primary_key.len() > 1 {
        let keys: Vec<String> = primary_key.iter().map(|k| quote.ident(k)).collect();
        lines.push(format!("\tPRIMARY KEY({})", keys.join(", ")));
    }
    for (column, parent, parent_column) in foreign_keys {
        lines.push(format!(
            "\tFOREIGN KEY ({}) REFERENCES {}({})",
            quote.ident(column),
            quote.ident(parent),
            quote.ident(parent_column)
        ));
    }
    format!(
        "CREATE TABLE {}(\n{}\n);\n",
        quote.ident(name),
        lines.join(",\n")
    )
}

/// Like diesel_cli's, the only statement not followed by a blank line.
fn drop_table(name: &str, quote: Quote) -> String {
    format!("DROP TABLE IF EXISTS {};", quote.ident(name))
}

fn add_column(
    table: &str,
    column: &Column,
    declared: Option<&DeclaredType>,
    quote: Quote,
) -> String {
    format!(
        "ALTER TABLE {} ADD COLUMN {} {};\n",
        quote.ident(table),
        quote.ident(&column.name),
        column_type(column, declared, quote)
    )
}

fn drop_column(table: &str, column: &Column, quote: Quote) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {};\n",
        quote.ident(table),
        quote.ident(&column.name)
    )
}

fn up(change: &Change<'_>, quote: Quote, bigint_rowid: bool) -> String {
    match change {
        Change::Create {
            table,
            foreign_keys,
        } => {
            let mut out = create_records(&records(table, &table.columns), quote);
            out.push_str(&create_table(
                &table.name.name,
                &table.columns,
                Some(table),
                &table.primary_key,
                foreign_keys,
                quote,
                bigint_rowid,
            ));
            out
        }
        Change::Drop { table, .. } => drop_table(&table.name.name, quote),
        Change::Alter {
            table,
            declared,
            added,
            removed,
            changed,
        } => {
            let mut out = String::new();
            for column in removed.iter().chain(changed.iter().map(|(old, _)| old)) {
                out.push_str(&drop_column(table, column, quote));
            }
            out.push_str(&create_records(
                &records(declared, added.iter().copied()),
                quote,
            ));
            for column in added.iter().chain(changed.iter().map(|(_, new)| new)) {
                out.push_str(&add_column(table, column, declared.type_of(column), quote));
            }
            out
        }
    }
}

fn down(change: &Change<'_>, quote: Quote, bigint_rowid: bool) -> String {
    match change {
        Change::Create { table, .. } => {
            let mut out = drop_table(&table.name.name, quote);
            out.push_str(&drop_records(&records(table, &table.columns), quote));
            out
        }
        Change::Drop {
            table,
            foreign_keys,
        } => create_table(
            &table.name.name,
            &table.columns,
            None,
            &table.primary_key,
            foreign_keys,
            quote,
            bigint_rowid,
        ),
        Change::Alter {
            table,
            declared,
            added,
            removed,
            changed,
        } => {
            let mut out = String::new();
            for column in added.iter().chain(changed.iter().map(|(_, new)| new)) {
                out.push_str(&drop_column(table, column, quote));
            }
            out.push_str(&drop_records(
                &records(declared, added.iter().copied()),
                quote,
            ));
            for column in removed.iter().chain(changed.iter().map(|(old, _)| old)) {
                out.push_str(&add_column(table, column, None, quote));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RelationKind, SqlType, TableName};
    use crate::schema_rs;

    fn column(name: &str, ty: &'static str, nullable: bool) -> Column {
        Column {
            name: name.into(),
            sql_type: SqlType::builtin(ty),
            nullable,
            max_length: None,
            comment: None,
        }
    }

    #[test]
    fn creates_alters_and_drops() {
        let database = Schema {
            tables: vec![
                Table {
                    name: TableName::new("old_stuff"),
                    kind: RelationKind::Table,
                    primary_key: vec!["id".into()],
                    columns: vec![column("id", "Int4", false)],
                    comment: None,
                },
                Table {
                    name: TableName::new("users"),
                    kind: RelationKind::Table,
                    primary_key: vec!["id".into()],
                    columns: vec![
                        column("id", "Int4", false),
                        column("name", "Text", false),
                        column("age", "Int4", true),
                    ],
                    comment: None,
                },
            ],
            ..Schema::default()
        };
        let declared = schema_rs::parse(
            "diesel::table! { users (id) { id -> Integer, name -> Varchar, age -> Int8, \
             #[max_length = 100] email -> Nullable<Varchar>, } }\n\
             diesel::table! { posts (id) { id -> Int4, user_id -> Int4, } }\n\
             diesel::joinable!(posts -> users (user_id));\n",
        )
        .unwrap();
        let sql = diff(
            &database,
            &declared,
            &TableFilter::All,
            Quote::Double,
            false,
        )
        .unwrap();
        assert_eq!(
            sql.up,
            "DROP TABLE IF EXISTS \"old_stuff\";\n\
             ALTER TABLE \"users\" DROP COLUMN \"age\";\n\
             ALTER TABLE \"users\" ADD COLUMN \"email\" VARCHAR(100);\n\
             ALTER TABLE \"users\" ADD COLUMN \"age\" INT8 NOT NULL;\n\n\
             CREATE TABLE \"posts\"(\n\t\"id\" INT4 NOT NULL PRIMARY KEY,\n\t\"user_id\" INT4 \
             NOT NULL,\n\tFOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\")\n);\n\n"
        );
        assert_eq!(
            sql.down,
            "DROP TABLE IF EXISTS \"posts\";\n\
             ALTER TABLE \"users\" DROP COLUMN \"email\";\n\
             ALTER TABLE \"users\" DROP COLUMN \"age\";\n\
             ALTER TABLE \"users\" ADD COLUMN \"age\" INT4;\n\n\
             CREATE TABLE \"old_stuff\"(\n\t\"id\" INT4 NOT NULL PRIMARY KEY\n);\n\n"
        );
    }

    /// With `include_views`, the database's views are in the model and schema.rs holds
    /// `view!` blocks: neither is a table to create or drop.
    #[test]
    fn views_are_left_alone() {
        let database = Schema {
            tables: vec![Table {
                name: TableName::new("recent"),
                kind: RelationKind::View,
                primary_key: Vec::new(),
                columns: vec![column("id", "Int4", true)],
                comment: None,
            }],
            ..Schema::default()
        };
        let declared = schema_rs::parse(
            "diesel::view! { recent { id -> Nullable<Int4>, } }\n\
             diesel::view! { other { id -> Nullable<Int4>, } }\n",
        )
        .unwrap();
        let sql = diff(
            &database,
            &declared,
            &TableFilter::All,
            Quote::Double,
            false,
        )
        .unwrap();
        assert_eq!((sql.up.as_str(), sql.down.as_str()), ("", ""));
    }

    #[test]
    fn a_changed_primary_key_is_refused() {
        let database = Schema {
            tables: vec![Table {
                name: TableName::new("t"),
                kind: RelationKind::Table,
                primary_key: vec!["id".into()],
                columns: vec![column("id", "Int4", false), column("k", "Text", false)],
                comment: None,
            }],
            ..Schema::default()
        };
        let declared =
            schema_rs::parse("diesel::table! { t (k) { id -> Int4, k -> Text, } }").unwrap();
        let err = diff(
            &database,
            &declared,
            &TableFilter::All,
            Quote::Double,
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "table `t`: its primary key is (id) in the database but (k) in the schema file; \
             --diff-schema cannot change a primary key: write that migration by hand"
        );
    }
}
