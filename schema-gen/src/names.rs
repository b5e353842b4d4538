//! One distinct Rust identifier per table, and per column within its table.
//!
//! diesel_cli maps each name on its own ([`crate::ident`]), so two names that differ only in
//! characters it replaces (`a b` and `a-b`, `ä1` and `ö1`, `id_` and `id?`) print as the
//! same identifier, and two `table!`s (or two columns) of one name do not compile. Where
//! that happens, the name that is already the identifier (else the first, in printed order)
//! keeps it, and each other gets the first free `<identifier>_<n>` from `n = 2`, with its
//! SQL name in `#[sql_name]`. Only these renamings are stored: every other name is the one
//! [`crate::ident`] gives, which keeps the lookup free for the usual schema.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::ident::{column_rust_name, rust_name};
use crate::model::{Table, TableName, Warning};

/// The identifiers that differ from [`crate::ident`]'s because two names met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    tables: BTreeMap<TableName, String>,
    columns: BTreeMap<(TableName, String), String>,
}

impl Names {
    /// Whether every name is the one [`crate::ident`] gives.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.columns.is_empty()
    }

    /// The Rust name of a table.
    pub fn table<'a>(&'a self, name: &'a TableName) -> Cow<'a, str> {
        match self.tables.get(name) {
            Some(ident) => Cow::Borrowed(ident),
            None => rust_name(&name.name).0,
        }
    }

    /// The Rust name of one of `table`'s columns, named by its SQL name.
    pub fn column<'a>(&'a self, table: &Table, column: &'a str) -> Cow<'a, str> {
        if !self.columns.is_empty() {
            if let Some(ident) = self.columns.get(&(table.name.clone(), column.to_owned())) {
                return Cow::Borrowed(ident);
            }
        }
        let has_max_length = table
            .columns
            .iter()
            .any(|c| c.name == column && c.max_length.is_some());
        column_rust_name(&self.table(&table.name), column, has_max_length).0
    }
}

/// Gives every table and column of `tables` (sorted, columns in printed order) a distinct
/// identifier, with a warning for each name that had to change.
pub fn assign(tables: &[Table], warnings: &mut Vec<Warning>) -> Names {
    let mut names = Names::default();
    let table_idents: Vec<Cow<'_, str>> =
        tables.iter().map(|t| rust_name(&t.name.name).0).collect();
    let renamed = distinct(
        tables.iter().map(|t| t.name.name.as_str()),
        &table_idents,
        &BTreeSet::new(),
    );
    for (index, ident) in renamed {
        let table = &tables[index];
        let name = &table_idents[index];
        warnings.push(Warning(format!(
            "table `{}` maps to the Rust name `{name}`, like {}; diesel_cli prints both \
             as `{name}`, which does not compile; printed as `{ident}` with #[sql_name]",
            table.name,
            others(
                tables.iter().map(|t| t.name.name.as_str()),
                &table_idents,
                index
            ),
        )));
        names.tables.insert(table.name.clone(), ident);
    }

    for table in tables {
        let table_ident = names.table(&table.name).into_owned();
        let idents: Vec<Cow<'_, str>> = table
            .columns
            .iter()
            .map(|c| column_rust_name(&table_ident, &c.name, c.max_length.is_some()).0)
            .collect();
        let reserved = BTreeSet::from([table_ident.clone()]);
        let renamed = distinct(
            table.columns.iter().map(|c| c.name.as_str()),
            &idents,
            &reserved,
        );
        for (index, ident) in renamed {
            let column = &table.columns[index].name;
            let name = &idents[index];
            warnings.push(Warning(format!(
                "column `{}.{column}` maps to the Rust name `{name}`, like {}; diesel_cli \
                 prints both as `{name}`, which does not compile; printed as `{ident}` with \
                 #[sql_name]",
                table.name,
                others(
                    table.columns.iter().map(|c| c.name.as_str()),
                    &idents,
                    index
                ),
            )));
            names
                .columns
                .insert((table.name.clone(), column.clone()), ident);
        }
    }
    names
}

/// For names whose identifiers (`idents`, same order) repeat: the index and new identifier of
/// each name that gives its identifier up. `reserved` holds identifiers no name may take.
fn distinct<'a>(
    sql_names: impl Iterator<Item = &'a str>,
    idents: &[Cow<'_, str>],
    reserved: &BTreeSet<String>,
) -> Vec<(usize, String)> {
    let sql_names: Vec<&str> = sql_names.collect();
    let mut by_ident: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, ident) in idents.iter().enumerate() {
        by_ident.entry(ident).or_default().push(index);
    }
    if by_ident.len() == idents.len() {
        return Vec::new();
    }
    let mut taken: BTreeSet<String> = reserved.clone();
    taken.extend(idents.iter().map(|i| i.to_string()));
    let mut renamed = Vec::new();
    for (ident, indexes) in by_ident.iter().filter(|(_, indexes)| indexes.len() > 1) {
        let keeper = indexes
            .iter()
            .copied()
            .find(|&i| sql_names[i] == *ident)
            .unwrap_or(indexes[0]);
        let mut n = 2;
        for &index in indexes.iter().filter(|&&i| i != keeper) {
            let new = loop {
                let candidate = format!("{ident}_{n}");
                n += 1;
                if !taken.contains(&candidate) {
                    break candidate;
                }
            };
            taken.insert(new.clone());
            renamed.push((index, new));
        }
    }
    renamed.sort();
    renamed
}

/// The other names that share `index`'s identifier, for a warning: "`a-b`", "`a-b` and `a.b`".
fn others<'a>(
    sql_names: impl Iterator<Item = &'a str>,
    idents: &[Cow<'_, str>],
    index: usize,
) -> String {
    let names: Vec<String> = sql_names
        .enumerate()
        .filter(|&(i, _)| i != index && idents[i] == idents[index])
        .map(|(_, name)| format!("`{name}`"))
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(names: &[&str]) -> Vec<(usize, String)> {
        let idents: Vec<Cow<'_, str>> = names.iter().map(|n| rust_name(n).0).collect();
        distinct(names.iter().copied(), &idents, &BTreeSet::new())
    }

    #[test]
    fn the_name_that_is_its_identifier_keeps_it() {
        assert_eq!(idents(&["id?", "id_"]), vec![(0, "id__2".to_owned())]);
        assert_eq!(idents(&["a b", "a-b"]), vec![(1, "a_b_2".to_owned())]);
        assert_eq!(
            idents(&["a b", "a-b", "a_b"]),
            vec![(0, "a_b_2".to_owned()), (1, "a_b_3".to_owned())]
        );
    }

    #[test]
    fn a_new_identifier_is_not_one_already_taken() {
        assert_eq!(idents(&["ä1", "ö1", "_1_2"]), vec![(1, "_1_3".to_owned())]);
        assert!(idents(&["a", "b"]).is_empty());
    }
}
