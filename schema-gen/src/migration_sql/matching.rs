//! Matching the database's tables and columns with the declared ones: by SQL name,
//! case-insensitively, types compared through diesel's aliases, and new tables ordered so
//! that each comes after the tables it refers to.

use crate::ident::rust_name;
use crate::model::{Column, ForeignKey, Table};
use crate::schema_rs::{Declared, DeclaredTable};

use super::DiffError;

pub(super) fn find_column<'a>(columns: &'a [Column], name: &str) -> Option<&'a Column> {
    columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

pub(super) fn check_primary_key(table: &Table, declared: &DeclaredTable) -> Result<(), DiffError> {
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
pub(super) fn same_type(database: &Column, declared: &Column) -> bool {
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
pub(super) fn database_foreign_keys(
    keys: &[ForeignKey],
    table: &Table,
) -> Vec<(String, String, String)> {
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
pub(super) fn declared_foreign_keys(
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
pub(super) type NewTable<'a> = (&'a DeclaredTable, Vec<(String, String, String)>);

/// New tables in an order where every table comes after the new tables it refers to
/// (a cycle keeps the remaining tables in name order).
pub(super) fn order_by_references(mut pending: Vec<NewTable<'_>>) -> Vec<NewTable<'_>> {
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
