//! From what a backend read to the [`Schema`] that is printed.
//!
//! Every backend ends its introspection here, so filtering, ordering and foreign key
//! resolution behave the same on all of them.

use std::collections::BTreeMap;

use crate::ident::{column_rust_name, rust_name};
use crate::model::{Column, CustomType, ForeignKey, Joinable, Schema, Table, TableName, Warning};
use crate::options::{ColumnSorting, PrintSchemaOptions};
use crate::render::string_literal;
use crate::type_alias::same_type;
use crate::Introspection;
use crate::{names, type_names};

/// A table as a backend read it (its columns in declaration order).
pub type RawTable = Table;

/// A foreign key as a backend read it: a `None` parent column refers to the parent's
/// primary key implicitly (SQLite's `REFERENCES parent` without a column list).
#[derive(Debug, Clone)]
pub struct RawForeignKey {
    pub child_table: TableName,
    pub parent_table: TableName,
    pub child_columns: Vec<String>,
    pub parent_columns: Vec<Option<String>>,
}

/// A unique constraint, by name, with its columns in key order.
#[cfg(any(feature = "postgres", feature = "mysql"))]
#[derive(Debug, Clone)]
pub struct UniqueKey {
    pub name: String,
    pub columns: Vec<String>,
}

/// diesel needs a key for every `table!`, and diesel_cli stops at a table without a primary
/// key. strata keys it by its first unique constraint over NOT NULL columns (which identifies
/// rows as well as a primary key would), else by all its columns, and says so.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn key_without_primary_key(
    table: &mut RawTable,
    uniques: &[UniqueKey],
    warnings: &mut Vec<Warning>,
) {
    let not_null = |name: &String| table.columns.iter().any(|c| &c.name == name && !c.nullable);
    if let Some(unique) = uniques.iter().find(|u| u.columns.iter().all(not_null)) {
        table.primary_key = unique.columns.clone();
        warnings.push(Warning(format!(
            "table `{}` has no primary key (diesel_cli stops here); keyed by its unique \
             constraint `{}` ({})",
            table.name,
            unique.name,
            unique.columns.join(", ")
        )));
    } else {
        key_by_all_columns(
            table,
            "no unique NOT NULL columns",
            "diesel_cli stops here",
            warnings,
        );
    }
}

/// The last resort for a table without a primary key (`lacking` says what else it lacks, and
/// `diesel_cli` what diesel_cli 2.3.14 does there):
/// all its columns, which compiles wherever the table does (diesel implements keys of as
/// many columns as a table may have).
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub fn key_by_all_columns(
    table: &mut RawTable,
    lacking: &str,
    diesel_cli: &str,
    warnings: &mut Vec<Warning>,
) {
    if table.columns.is_empty() {
        return;
    }
    table.primary_key = table.columns.iter().map(|c| c.name.clone()).collect();
    warnings.push(Warning(format!(
        "table `{}` has no primary key and {lacking} ({diesel_cli}); keyed by all \
         its columns: rows it cannot tell apart share a key, so add a primary key before \
         finding or updating rows by key",
        table.name
    )));
}

/// Applies the table filter and column sorting, resolves implicit foreign key columns, drops
/// foreign keys that leave the printed set, and sorts everything.
/// How the database orders column names for `column_sorting = "name"`: diesel_cli asks it to
/// (`ORDER BY column_name`), so the order is the catalog's collation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    /// Byte order (SQLite, and PostgreSQL's `name` type).
    #[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
    Binary,
    /// Case-insensitive (MySQL's `information_schema`, collated `utf8mb3_general_ci`).
    #[cfg_attr(not(feature = "mysql"), allow(dead_code))]
    CaseInsensitive,
}

/// Where views go among the tables, as diesel's main branch lists them per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewOrder {
    /// Tables and views together, by name (`information_schema.tables`, PostgreSQL and
    /// MySQL).
    #[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
    ByName,
    /// The tables by name, then the views by name (SQLite, which diesel reads with a query
    /// for each kind).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    AfterTables,
}

pub fn assemble(
    tables: Vec<RawTable>,
    foreign_keys: Vec<RawForeignKey>,
    options: &PrintSchemaOptions,
    name_order: NameOrder,
    view_order: ViewOrder,
    mut warnings: Vec<Warning>,
) -> Introspection {
    let mut tables: Vec<Table> = tables
        .into_iter()
        .filter(|t| options.filter.keeps(&t.name.name))
        .filter(|t| {
            // table! needs a column and a key; diesel_cli stops at such a table (it has no
            // primary key) or prints `name () {}`, which does not compile.
            let printable = !t.columns.is_empty();
            if !printable {
                warnings.push(Warning(format!(
                    "table `{}` has no columns, and table! needs one (diesel_cli stops here); \
                     left out",
                    t.name
                )));
            }
            printable
        })
        .collect();
    match view_order {
        ViewOrder::ByName => tables.sort_by(|a, b| a.name.cmp(&b.name)),
        ViewOrder::AfterTables => tables.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name))),
    }
    if options.column_sorting == ColumnSorting::Name {
        for table in &mut tables {
            match name_order {
                NameOrder::Binary => table.columns.sort_by(|a, b| a.name.cmp(&b.name)),
                NameOrder::CaseInsensitive => table
                    .columns
                    .sort_by_key(|c: &Column| c.name.to_lowercase()),
            }
        }
    }

    let names = names::assign(&tables, &mut warnings);
    type_names::follow_renames(&mut tables, &names);
    type_names::make_distinct(&mut tables, &mut warnings);

    // Looked up by name, not scanned: a scan per foreign key is quadratic on big schemas.
    let kept: BTreeMap<&TableName, &Table> = tables.iter().map(|t| (&t.name, t)).collect();
    let mut resolved: Vec<ForeignKey> = foreign_keys
        .into_iter()
        .filter(|fk| kept.contains_key(&fk.child_table))
        .filter_map(|fk| {
            let parent = kept.get(&fk.parent_table)?;
            let parent_columns = fk
                .parent_columns
                .iter()
                .enumerate()
                .map(|(i, column)| match column {
                    Some(column) => Some(column.clone()),
                    None => parent.primary_key.get(i).cloned(),
                })
                .collect::<Option<Vec<_>>>()?;
            Some(ForeignKey {
                child_table: fk.child_table,
                parent_table: fk.parent_table,
                child_columns: fk.child_columns,
                parent_columns,
                joinable: Joinable::No,
            })
        })
        .collect();
    resolved.sort();
    resolved.dedup();
    warnings.extend(ambiguous_pair_warnings(&resolved));
    mark_joinable(&kept, &mut resolved, &mut warnings);

    warnings.extend(naming_warnings(&tables));
    let custom_types = custom_types(&tables);
    warnings.sort();
    warnings.dedup();

    Introspection {
        schema: Schema {
            tables,
            foreign_keys: resolved,
            custom_types,
            names,
        },
        warnings,
    }
}

/// The `sql_types` definitions the printed tables use: sorted by Rust name, one per name.
fn custom_types(tables: &[Table]) -> Vec<CustomType> {
    let mut types: Vec<CustomType> = tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter_map(|c| {
            Some(CustomType {
                rust_name: c.sql_type.name.to_string(),
                definition: c.sql_type.custom.clone()?,
            })
        })
        .collect();
    types.sort();
    types.dedup_by(|a, b| a.rust_name == b.rust_name);
    types
}

/// A warning for every name strata prints differently from diesel_cli (whose output would
/// not compile there).
fn naming_warnings(tables: &[Table]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut renamed_schemas: Vec<&str> = Vec::new();
    for table in tables {
        // diesel_cli prints a schema under its Rust name, and `table!` queries the schema it
        // names: the code compiles, and its queries name a schema that does not exist.
        if let Some(schema) = table.name.schema.as_deref() {
            let (schema_ident, _) = rust_name(schema);
            if schema_ident != schema && !renamed_schemas.contains(&schema) {
                renamed_schemas.push(schema);
                warnings.push(Warning(format!(
                    "schema `{schema}` is printed as `{schema_ident}`, as diesel_cli prints it; \
                     diesel's queries then name schema `{schema_ident}`, so rename the schema \
                     to a Rust identifier, or correct the table! paths with a patch_file"
                )));
            }
        }
        let (table_ident, divergence) = rust_name(&table.name.name);
        if table.name.schema.is_some() && table_ident != table.name.name {
            warnings.push(Warning(format!(
                "table `{}` is printed with #[sql_name = {}]: diesel_cli writes the schema \
                 into it too, and table! quotes it as one name, so its queries name a table \
                 that does not exist",
                table.name,
                string_literal(&table.name.name)
            )));
        }
        if let Some(divergence) = divergence {
            warnings.push(Warning(format!(
                "table `{}` {}; printed as `{table_ident}` with #[sql_name]",
                table.name,
                divergence.reason()
            )));
        }
        if table_ident != table.name.name && has_unescaped_backslash(&table.name.to_string()) {
            warnings.push(Warning(format!("table `{}` {BACKSLASH}", table.name)));
        }
        for column in &table.columns {
            let (ident, divergence) =
                column_rust_name(&table_ident, &column.name, column.max_length.is_some());
            if let Some(divergence) = divergence {
                warnings.push(Warning(format!(
                    "column `{}.{}` {}; printed as `{ident}` with #[sql_name]",
                    table.name,
                    column.name,
                    divergence.reason()
                )));
            }
            if ident != column.name && has_unescaped_backslash(&column.name) {
                warnings.push(Warning(format!(
                    "column `{}.{}` {BACKSLASH}",
                    table.name, column.name
                )));
            }
        }
    }
    warnings
}

const BACKSLASH: &str = "has a `\\`, which diesel_cli leaves unescaped in #[sql_name] (code \
    that does not compile, or names another column); printed escaped";

/// Whether diesel_cli writes the name as a plain string with a bare `\` in it (a name with
/// a `"` is a raw string, where `\` is literal).
fn has_unescaped_backslash(name: &str) -> bool {
    name.contains('\\') && !name.contains('"')
}

/// Which foreign keys diesel_cli prints as `joinable!`: those of one column that refer to
/// the parent's whole single-column primary key, not to their own table, and are the only
/// foreign key between their two tables in either direction (with two, diesel could not pick
/// one). Of those, a key whose column's type differs from the referenced column's (after
/// diesel's aliases: `Varchar` is `Text`) gives a `joinable!` that does not compile; it is
/// left out, with a warning.
fn mark_joinable(
    tables: &BTreeMap<&TableName, &Table>,
    foreign_keys: &mut [ForeignKey],
    warnings: &mut Vec<Warning>,
) {
    let mut per_pair: BTreeMap<(TableName, TableName), usize> = BTreeMap::new();
    for fk in foreign_keys.iter() {
        let (a, b) = fk.table_pair();
        // A composite key counts once per column, as diesel counts them.
        *per_pair.entry((a.clone(), b.clone())).or_default() += fk.child_columns.len();
    }
    for fk in foreign_keys.iter_mut() {
        let (Some(child), Some(parent)) =
            (tables.get(&fk.child_table), tables.get(&fk.parent_table))
        else {
            continue;
        };
        let (a, b) = fk.table_pair();
        let printed = fk.child_table != fk.parent_table
            && fk.child_columns.len() == 1
            && per_pair.get(&(a.clone(), b.clone())) == Some(&1)
            && parent.primary_key == fk.parent_columns;
        if !printed {
            continue;
        }
        let column_type = |table: &Table, name: &str| {
            table
                .columns
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.sql_type.clone())
        };
        let child_type = column_type(child, &fk.child_columns[0]);
        let parent_type = column_type(parent, &fk.parent_columns[0]);
        fk.joinable = match (child_type, parent_type) {
            (Some(child_type), Some(parent_type)) if !same_type(&child_type, &parent_type) => {
                warnings.push(Warning(format!(
                    "foreign key `{}({})` is `{}` and refers to `{}({})`, which is `{}`: \
                     diesel_cli prints a joinable! for it, which does not compile; none is \
                     printed, so write the join condition with .on(...)",
                    fk.child_table,
                    fk.child_columns[0],
                    child_type.rendered(),
                    fk.parent_table,
                    fk.parent_columns[0],
                    parent_type.rendered()
                )));
                Joinable::TypesDiffer
            }
            _ => Joinable::Yes,
        };
    }
}

/// diesel cannot pick between several foreign keys linking the same two tables, so no
/// `joinable!` is printed for them (as diesel_cli does); say so, naming the keys.
fn ambiguous_pair_warnings(foreign_keys: &[ForeignKey]) -> Vec<Warning> {
    let mut pairs: BTreeMap<(&TableName, &TableName), Vec<&ForeignKey>> = BTreeMap::new();
    for fk in foreign_keys
        .iter()
        .filter(|fk| fk.child_table != fk.parent_table)
    {
        let pair = fk.table_pair();
        pairs.entry(pair).or_default().push(fk);
    }
    pairs
        .into_iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|((a, b), keys)| {
            let keys: Vec<String> = keys
                .iter()
                .map(|fk| format!("{}({})", fk.child_table, fk.child_columns.join(", ")))
                .collect();
            Warning(format!(
                "tables `{a}` and `{b}` are linked by {} foreign keys ({}); no joinable! is \
                 printed for them: write the join condition with .on(...)",
                keys.len(),
                keys.join(", ")
            ))
        })
        .collect()
}
