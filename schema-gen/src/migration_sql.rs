//! `migration generate --diff-schema`: SQL that takes the database to what `schema.rs`
//! declares (up.sql), and back (down.sql).
//!
//! Tables and columns are matched by SQL name, case-insensitively, as diesel_cli matches
//! them. A table only in the database is dropped (and re-created by down.sql from the
//! catalog); a table only in `schema.rs` is created, with the foreign keys its `joinable!`
//! lines declare; a column that is added, removed or changes type is added or dropped.
//! The result is a starting point, to be read before it is run: types are spelled from
//! diesel's names (`INT4`, `VARCHAR(40)`), and renames look like a drop and an add.

mod matching;
mod statements;

use crate::model::{Column, Schema, Table};
use crate::options::TableFilter;
use crate::quote::Quote;
use crate::schema_rs::{Declared, DeclaredTable};
use matching::{
    check_primary_key, database_foreign_keys, declared_foreign_keys, find_column,
    order_by_references, same_type,
};
use statements::{down, up};

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
