//! The hazards to the running application, read from snapshots: what the migration as a
//! whole did to pre-existing tables and columns (dropped, renamed, narrowed, a NOT NULL
//! column it must now write), each attributed to the first statement that touched the
//! object. The whole migration decides, not each statement: a SQLite table rebuild drops
//! a table and renames its copy to its name, and only the end says nothing was lost.

use std::collections::HashMap;

use strata_schema_gen::snapshot::diff::{Change, SnapshotDiff};
use strata_schema_gen::snapshot::ObjectKind;
use strata_schema_gen::Snapshot;

use super::Rule;

/// The first statement line at which each table or column changed, from the snapshots
/// taken between statements.
#[derive(Debug, Default)]
pub struct Attribution {
    first: HashMap<(String, Option<String>), usize>,
    /// The first line at which a column's type changed.
    type_changed: HashMap<(String, Option<String>), usize>,
}

impl Attribution {
    pub fn record(&mut self, before: &Snapshot, after: &Snapshot, line: usize) {
        for change in SnapshotDiff::between(before, after).changes {
            let id = change.id();
            let key = match (id.kind, &id.table) {
                (ObjectKind::Table, _) => (id.name.clone(), None),
                (ObjectKind::Column, Some(table)) => (table.clone(), Some(id.name.clone())),
                (_, Some(table)) => (table.clone(), None),
                _ => continue,
            };
            if let Change::Changed { facts, .. } = &change {
                if facts.iter().any(|f| f.fact == "type") {
                    self.type_changed.entry(key.clone()).or_insert(line);
                }
            }
            self.first.entry(key).or_insert(line);
        }
    }

    fn line(&self, table: &str, column: Option<&str>, fallback: usize) -> usize {
        let get = |column: Option<&str>| {
            self.first
                .get(&(table.to_owned(), column.map(str::to_owned)))
                .copied()
        };
        get(column).or_else(|| get(None)).unwrap_or(fallback)
    }
}

/// A hazard found in the snapshots: rule, line, message, table, column.
pub type SchemaFinding = (Rule, usize, String, String, Option<String>);

/// The application-breaking changes between `baseline` (before the migration) and `end`.
pub fn findings(
    baseline: &Snapshot,
    end: &Snapshot,
    attribution: &Attribution,
    fallback: usize,
) -> Vec<SchemaFinding> {
    let existed = |table: &str| {
        baseline
            .of_kind(ObjectKind::Table)
            .any(|(id, _)| id.name == table)
    };
    let exists_now = |table: &str| {
        end.of_kind(ObjectKind::Table)
            .any(|(id, _)| id.name == table)
    };
    let mut found = Vec::new();
    for change in SnapshotDiff::between(baseline, end).changes {
        let id = change.id().clone();
        match (&change, id.kind, id.table.as_deref()) {
            (Change::Missing { .. }, ObjectKind::Table, _) => found.push((
                Rule::DropsTable,
                attribution.line(&id.name, None, fallback),
                format!("drops or renames table `{}`", id.name),
                id.name.clone(),
                None,
            )),
            (Change::Missing { .. }, ObjectKind::Column, Some(table)) if exists_now(table) => found
                .push((
                    Rule::DropsColumn,
                    attribution.line(table, Some(&id.name), fallback),
                    format!("drops or renames column `{table}.{}`", id.name),
                    table.to_owned(),
                    Some(id.name.clone()),
                )),
            (Change::Unexpected { .. }, ObjectKind::Column, Some(table)) if existed(table) => {
                let Some(column) = end.get(&id) else { continue };
                let required = column.get("nullable") == Some("no")
                    && column.get("default").is_none()
                    && column.get("identity").is_none()
                    && column.get("generated").is_none();
                if required {
                    found.push((
                        Rule::NotNullWithoutDefault,
                        attribution.line(table, Some(&id.name), fallback),
                        format!(
                            "adds NOT NULL column `{table}.{}` without a default",
                            id.name
                        ),
                        table.to_owned(),
                        Some(id.name.clone()),
                    ));
                }
            }
            (Change::Changed { facts, .. }, ObjectKind::Column, Some(table)) => {
                let Some(ty) = facts.iter().find(|f| f.fact == "type") else {
                    continue;
                };
                let (Some(old), Some(new)) = (ty.expected.as_deref(), ty.actual.as_deref()) else {
                    continue;
                };
                let rule = match compare_types(old, new) {
                    TypeChange::Widened => continue,
                    TypeChange::Narrowed => Rule::NarrowsColumnType,
                    TypeChange::Other => Rule::ChangesColumnType,
                };
                let key = (table.to_owned(), Some(id.name.clone()));
                found.push((
                    rule,
                    attribution
                        .type_changed
                        .get(&key)
                        .copied()
                        .unwrap_or_else(|| attribution.line(table, Some(&id.name), fallback)),
                    format!(
                        "changes the type of `{table}.{}` from {old} to {new}",
                        id.name
                    ),
                    table.to_owned(),
                    Some(id.name.clone()),
                ));
            }
            _ => {}
        }
    }
    found
}

#[derive(Debug, PartialEq, Eq)]
enum TypeChange {
    Widened,
    Narrowed,
    Other,
}

/// `varchar(100)` to `varchar(200)` widens; to `varchar(50)` narrows; a length or
/// precision dropped (`varchar(100)` to `varchar`) widens; anything else is another type.
fn compare_types(old: &str, new: &str) -> TypeChange {
    let split = |ty: &str| -> (String, Vec<u64>) {
        let lower = ty.to_ascii_lowercase();
        match lower.split_once('(') {
            Some((base, rest)) => {
                let args = rest
                    .trim_end_matches(')')
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect();
                (base.trim().to_owned(), args)
            }
            None => (lower.trim().to_owned(), Vec::new()),
        }
    };
    let ((old_base, old_args), (new_base, new_args)) = (split(old), split(new));
    // Every string fits in `text`, and PostgreSQL changes `varchar` to it without a rewrite.
    let strings = ["character varying", "varchar", "character", "char"];
    if new_base == "text" && strings.contains(&old_base.as_str()) {
        return TypeChange::Widened;
    }
    if old_base != new_base {
        return TypeChange::Other;
    }
    if new_args.is_empty() {
        return TypeChange::Widened;
    }
    if old_args.len() != new_args.len() {
        return TypeChange::Other;
    }
    if new_args.iter().zip(&old_args).any(|(new, old)| new < old) {
        TypeChange::Narrowed
    } else {
        TypeChange::Widened
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_changes_are_classified() {
        assert_eq!(
            compare_types("varchar(100)", "varchar(200)"),
            TypeChange::Widened
        );
        assert_eq!(
            compare_types("varchar(100)", "VARCHAR(50)"),
            TypeChange::Narrowed
        );
        assert_eq!(
            compare_types("numeric(10,2)", "numeric(12,2)"),
            TypeChange::Widened
        );
        assert_eq!(
            compare_types("character varying(10)", "character varying"),
            TypeChange::Widened
        );
        assert_eq!(compare_types("integer", "bigint"), TypeChange::Other);
        assert_eq!(
            compare_types("character varying(255)", "text"),
            TypeChange::Widened
        );
    }
}
