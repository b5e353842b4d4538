//! One Rust name per custom SQL type.
//!
//! diesel_cli names a custom type after its own name alone, so PostgreSQL types of one name
//! in different schemas (`a.mood`, `b.mood`) share the Rust name `Mood`: it defines one of
//! them and types every such column with it, so the others' values are sent as the wrong
//! type. Here the type in the default schema (else the first) keeps the name, and each other
//! is named after its schema too (`BMood`), with a warning.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use crate::model::{Table, TypeDefinition, Warning};

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
            warnings.push(Warning(format!(
                "types {} and {} both get the Rust name `{name}`; diesel_cli defines one of \
                 them and types every such column with it; {} is printed as `{new}`",
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
