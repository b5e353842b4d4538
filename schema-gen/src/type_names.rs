//! One Rust name per custom SQL type.
//!
//! diesel_cli names a PostgreSQL type after its own name alone, so types of one name in
//! different schemas (`a.mood`, `b.mood`) share the Rust name `Mood`: it defines one of them
//! and types every such column with it, so the others' values are sent as the wrong type.
//! It names a MySQL type after its table and column, whose Rust names can meet (`t.a_b` and
//! `t_a.b` both give `TABEnum`), and defines each, which does not compile. Here the type in
//! the default schema (else the first) keeps the name, and each other is named after its
//! schema too (`BMood`), else numbered (`TABEnum2`), with a warning.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use crate::model::{Table, TypeDefinition, Warning};
use crate::names::Names;

/// A MySQL type is defined per column and named after the column's table and column
/// (`<Table><Column><Type>`); where [`crate::names`] gave either a new Rust name, the type
/// follows it, so two columns that met keep types of their own.
pub fn follow_renames(tables: &mut [Table], names: &Names) {
    if names.is_empty() {
        return;
    }
    for table in tables.iter_mut() {
        let table_ident = names.table(&table.name).into_owned();
        let column_idents: Vec<String> = table
            .columns
            .iter()
            .map(|c| names.column(table, &c.name).into_owned())
            .collect();
        for (column, column_ident) in table.columns.iter_mut().zip(column_idents) {
            let Some(TypeDefinition::Mysql {
                sql_name,
                table,
                column: typed_column,
                ..
            }) = &mut column.sql_type.custom
            else {
                continue;
            };
            if *table == table_ident && *typed_column == column_ident {
                continue;
            }
            let type_name = sql_name.to_upper_camel_case();
            column.sql_type.name = format!("{table_ident} {column_ident} {type_name}")
                .to_upper_camel_case()
                .into();
            *table = table_ident.clone();
            *typed_column = column_ident;
        }
    }
}

/// Renames, in every column of `tables`, the custom types that share a Rust name with
/// another type.
pub fn make_distinct(tables: &mut [Table], warnings: &mut Vec<Warning>) {
    let mut by_name: BTreeMap<String, BTreeSet<TypeDefinition>> = BTreeMap::new();
    for column in tables.iter().flat_map(|t| &t.columns) {
        if let Some(definition) = &column.sql_type.custom {
            by_name
                .entry(column.sql_type.name.to_string())
                .or_default()
                .insert(definition.clone());
        }
    }
    if by_name.values().all(|definitions| definitions.len() < 2) {
        return;
    }
    let mut taken: BTreeSet<String> = by_name.keys().cloned().collect();
    let mut renamed: BTreeMap<(String, TypeDefinition), String> = BTreeMap::new();
    for (name, definitions) in by_name.iter().filter(|(_, d)| d.len() > 1) {
        // `None` sorts first: the default schema's type keeps the name.
        let keeper = definitions.iter().next().expect("two or more");
        for definition in definitions.iter().filter(|d| *d != keeper) {
            let base = match definition {
                TypeDefinition::Postgres {
                    schema: Some(schema),
                    ..
                } => format!("{schema} {name}").to_upper_camel_case(),
                _ => name.clone(),
            };
            let mut new = base.clone();
            let mut n = 2;
            while taken.contains(&new) {
                new = format!("{base}{n}");
                n += 1;
            }
            taken.insert(new.clone());
            let diesel_cli = match definition {
                TypeDefinition::Postgres { .. } => {
                    "diesel_cli defines one of them and types every such column with it"
                }
                TypeDefinition::Mysql { .. } => {
                    "diesel_cli defines each under that name, which does not compile"
                }
            };
            warnings.push(Warning(format!(
                "types {} and {} both get the Rust name `{name}`; {diesel_cli}; {} is printed \
                 as `{new}`",
                describe(keeper),
                describe(definition),
                describe(definition),
            )));
            renamed.insert((name.clone(), definition.clone()), new);
        }
    }
    for column in tables.iter_mut().flat_map(|t| &mut t.columns) {
        let Some(definition) = &column.sql_type.custom else {
            continue;
        };
        let key = (column.sql_type.name.to_string(), definition.clone());
        if let Some(new) = renamed.get(&key) {
            column.sql_type.name = new.clone().into();
        }
    }
}

fn describe(definition: &TypeDefinition) -> String {
    match definition {
        TypeDefinition::Postgres {
            name,
            schema: Some(schema),
        } => format!("`{schema}.{name}`"),
        TypeDefinition::Postgres { name, schema: None } => format!("`{name}`"),
        TypeDefinition::Mysql {
            sql_name,
            table,
            column,
            ..
        } => format!("`{sql_name}` of `{table}.{column}`"),
    }
}
