//! From a [`Schema`] to the text of `schema.rs`.
//!
//! The file is a sequence of items separated by blank lines: the custom type module, one
//! `table!` per table, the `joinable!` lines, and `allow_tables_to_appear_in_same_query!`.
//! When a schema is named, all of it sits in `pub mod <schema> { ... }`.

mod layout;
mod sql_types;
mod table;

pub(crate) use table::string_literal;

use std::collections::BTreeMap;

use crate::ident::{column_rust_name, rust_name};
use crate::model::{self, Schema, TableName};
use crate::options::{AllowTablesInSameQuery, DocComments, PrintSchemaOptions};
use crate::Error;

/// The first line of every generated file, as diesel_cli writes it (so switching tools
/// makes no diff).
pub const HEADER: &str = "// @generated automatically by Diesel CLI.";

/// A rendered `schema.rs` and what the compiler will need to build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The file, ending with a newline.
    pub text: String,
    /// When the longest `allow_tables_to_appear_in_same_query!` list is too long for
    /// rustc's default `recursion_limit`: that list's length and a limit that compiles it
    /// (see [`recursion_limit_for`]).
    pub recursion_limit: Option<(usize, usize)>,
}

/// Renders the whole `schema.rs`.
pub fn render(schema: &Schema, options: &PrintSchemaOptions) -> Result<Rendered, Error> {
    let mut items: Vec<String> = Vec::new();

    if !schema.custom_types.is_empty() && options.generate_missing_sql_type_definitions {
        items.push(sql_types::render(
            &schema.custom_types,
            &options.custom_type_derives,
            options.with_docs == DocComments::DatabaseCommentsFallbackToGenerated,
            options.mariadb_type_definitions,
        )?);
    }

    for table in &schema.tables {
        items.push(table::render(table, &schema.names, options));
    }

    let joinables = joinables(schema);
    if joinables.iter().any(|j| j.printed) {
        let lines: Vec<String> = joinables
            .iter()
            .filter(|j| j.printed)
            .map(|j| {
                format!(
                    "diesel::joinable!({} -> {} ({}));",
                    schema.names.table(&j.child),
                    schema.names.table(&j.parent),
                    j.column
                )
            })
            .collect();
        items.push(lines.join("\n"));
    }

    let groups = allowed_together(
        schema,
        &joinables,
        options.allow_tables_to_appear_in_same_query,
    );
    let recursion_limit = recursion_limit_for(&groups);
    if !groups.is_empty() {
        let calls: Vec<String> = groups
            .iter()
            .map(|group| {
                layout::macro_call(0, "diesel::allow_tables_to_appear_in_same_query!", group)
            })
            .collect();
        items.push(calls.join("\n"));
    }

    let body = items.join("\n\n");
    let body = match (&options.schema, body.is_empty()) {
        (None, true) => None,
        (None, false) => Some(body),
        (Some(name), true) => Some(format!("pub mod {} {{}}", rust_name(name).0)),
        (Some(name), false) => Some(format!(
            "pub mod {} {{\n{}\n}}",
            rust_name(name).0,
            layout::indent(&body, 1)
        )),
    };
    let text = match body {
        None => format!("{HEADER}\n"),
        Some(body) => format!("{HEADER}\n\n{body}\n"),
    };
    Ok(Rendered {
        text,
        recursion_limit,
    })
}

/// A foreign key diesel can express as `joinable!(child -> parent (column))`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Joinable {
    child: TableName,
    parent: TableName,
    /// The child column's Rust name.
    column: String,
    /// Whether it is printed (see [`model::Joinable`]); one that is not still relates its
    /// two tables, as it does for diesel_cli.
    printed: bool,
}

/// The foreign keys diesel_cli prints as `joinable!` (assemble decides which).
fn joinables(schema: &Schema) -> Vec<Joinable> {
    let mut out: Vec<Joinable> = schema
        .foreign_keys
        .iter()
        .filter(|fk| fk.joinable != model::Joinable::No)
        .map(|fk| Joinable {
            child: fk.child_table.clone(),
            parent: fk.parent_table.clone(),
            column: match schema.tables.iter().find(|t| t.name == fk.child_table) {
                Some(child) => schema
                    .names
                    .column(child, &fk.child_columns[0])
                    .into_owned(),
                None => column_rust_name(
                    &schema.names.table(&fk.child_table),
                    &fk.child_columns[0],
                    false,
                )
                .0
                .into_owned(),
            },
            printed: fk.joinable == model::Joinable::Yes,
        })
        .collect();
    out.sort();
    out
}

/// The most tables one `allow_tables_to_appear_in_same_query!` can list in a crate with
/// rustc's default `recursion_limit` (128): diesel's macro recurses once per table, so 128
/// tables compile and 129 stop with "recursion limit reached" (diesel 2.3; the compile
/// tests check both sides).
pub const TABLES_WITHIN_DEFAULT_RECURSION_LIMIT: usize = 128;

/// For `allow_tables_to_appear_in_same_query!` lists too long for rustc's default
/// `recursion_limit`: the longest one's length and a limit that compiles it (the next power
/// of two at or above it, since N tables need a limit of N). `None` when the default is
/// enough.
fn recursion_limit_for(groups: &[Vec<String>]) -> Option<(usize, usize)> {
    let largest = groups.iter().map(Vec::len).max()?;
    (largest > TABLES_WITHIN_DEFAULT_RECURSION_LIMIT)
        .then(|| (largest, largest.next_power_of_two()))
}

/// The table lists for `allow_tables_to_appear_in_same_query!`, one per invocation.
fn allowed_together(
    schema: &Schema,
    joinables: &[Joinable],
    mode: AllowTablesInSameQuery,
) -> Vec<Vec<String>> {
    let names: Vec<&TableName> = schema.tables.iter().map(|t| &t.name).collect();
    let groups: Vec<Vec<usize>> = match mode {
        AllowTablesInSameQuery::None => Vec::new(),
        AllowTablesInSameQuery::AllTables => vec![(0..names.len()).collect()],
        AllowTablesInSameQuery::FkRelatedTables => {
            // Connected components of the joinable graph (union-find over table indexes).
            let positions: BTreeMap<&TableName, usize> =
                names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
            let index = |name: &TableName| positions.get(name).copied();
            let mut parent: Vec<usize> = (0..names.len()).collect();
            fn root(parent: &mut [usize], mut i: usize) -> usize {
                while parent[i] != i {
                    parent[i] = parent[parent[i]];
                    i = parent[i];
                }
                i
            }
            for j in joinables {
                if let (Some(a), Some(b)) = (index(&j.child), index(&j.parent)) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
            let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for i in 0..names.len() {
                let r = root(&mut parent, i);
                components.entry(r).or_default().push(i);
            }
            components.into_values().collect()
        }
    };
    groups
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| {
            group
                .into_iter()
                .map(|i| schema.names.table(names[i]).into_owned())
                .collect()
        })
        .collect()
}
