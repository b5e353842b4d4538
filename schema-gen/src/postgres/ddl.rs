//! PostgreSQL's DDL for generated down.sql: everything can be altered in place.

use crate::quote::double as quote;
use crate::snapshot::reverse::Ddl;
use crate::snapshot::{Object, ObjectId, ObjectKind, Snapshot};

#[derive(Debug, Clone, Copy)]
pub struct PostgresDdl;

fn column<'a>(snapshot: &'a Snapshot, table: &str, name: &str) -> Option<&'a Object> {
    snapshot.get(&ObjectId::new(ObjectKind::Column, Some(table), name))
}

/// `"name" type …` from a column's facts.
fn column_definition(object: &Object, name: &str) -> String {
    let mut sql = format!("{} {}", quote(name), object.get("type").unwrap_or("text"));
    if let Some(identity) = object.get("identity") {
        sql.push_str(&format!(
            " GENERATED {} AS IDENTITY",
            identity.to_uppercase()
        ));
    }
    let generated = object.get("generated");
    if let Some(expression) = generated.and_then(|g| g.strip_prefix("stored as ")) {
        sql.push_str(&format!(" GENERATED ALWAYS AS {expression} STORED"));
    } else if let Some(expression) = generated.and_then(|g| g.strip_prefix("virtual as ")) {
        sql.push_str(&format!(" GENERATED ALWAYS AS {expression} VIRTUAL"));
    }
    if let Some(default) = object.get("default") {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if object.get("nullable") == Some("no") {
        sql.push_str(" NOT NULL");
    }
    sql
}

/// `ALTER SEQUENCE … OWNED BY` for a `serial` column, so the sequence goes with its table
/// again.
fn owned_sequence(object: &Object, table: &str, name: &str) -> Option<String> {
    let default = object.get("default")?;
    let sequence = default.strip_prefix("nextval('")?.split('\'').next()?;
    let sequence = sequence.trim_matches('"');
    Some(format!(
        "ALTER SEQUENCE {} OWNED BY {}.{}",
        quote(sequence),
        quote(table),
        quote(name)
    ))
}

impl Ddl for PostgresDdl {
    fn quote(&self, name: &str) -> String {
        quote(name)
    }

    fn create_table(&self, target: &Snapshot, table: &str) -> Vec<String> {
        let columns = target.columns_of(table);
        let definitions: Vec<String> = columns
            .iter()
            .filter_map(|c| column(target, table, c).map(|o| column_definition(o, c)))
            .collect();
        let mut out = vec![format!(
            "CREATE TABLE {} (\n    {}\n)",
            quote(table),
            definitions.join(",\n    ")
        )];
        out.extend(
            columns
                .iter()
                .filter_map(|c| column(target, table, c).and_then(|o| owned_sequence(o, table, c))),
        );
        out
    }

    fn add_column(&self, target: &Snapshot, table: &str, name: &str) -> Vec<String> {
        let Some(object) = column(target, table, name) else {
            return Vec::new();
        };
        let mut out = vec![format!(
            "ALTER TABLE {} ADD COLUMN {}",
            quote(table),
            column_definition(object, name)
        )];
        out.extend(owned_sequence(object, table, name));
        out
    }

    fn alter_column(
        &self,
        now: &Snapshot,
        target: &Snapshot,
        table: &str,
        name: &str,
    ) -> Vec<String> {
        let (Some(was), Some(is)) = (column(target, table, name), column(now, table, name)) else {
            return Vec::new();
        };
        let alter = format!("ALTER TABLE {} ALTER COLUMN {}", quote(table), quote(name));
        let mut out = Vec::new();
        let differs = |fact: &str| was.get(fact) != is.get(fact);
        if differs("type") {
            let ty = was.get("type").unwrap_or("text");
            out.push(format!("{alter} TYPE {ty} USING {}::{ty}", quote(name)));
        }
        if differs("default") {
            out.push(match was.get("default") {
                Some(default) => format!("{alter} SET DEFAULT {default}"),
                None => format!("{alter} DROP DEFAULT"),
            });
        }
        if differs("nullable") {
            let set = if was.get("nullable") == Some("no") {
                "SET"
            } else {
                "DROP"
            };
            out.push(format!("{alter} {set} NOT NULL"));
        }
        if differs("identity") || differs("generated") {
            out.push(format!(
                "-- {}: restore its identity or generation expression by hand",
                was.label
            ));
        }
        out
    }

    fn create(&self, _id: &ObjectId, object: &Object) -> Vec<String> {
        object.definition.clone().into_iter().collect()
    }

    fn drop(&self, id: &ObjectId, object: &Object) -> Vec<String> {
        let table = id.table.as_deref().map(quote).unwrap_or_default();
        let name = quote(&id.name);
        vec![match id.kind {
            ObjectKind::PrimaryKey => format!(
                "ALTER TABLE {table} DROP CONSTRAINT {}",
                quote(object.sql_name.as_deref().unwrap_or(&id.name))
            ),
            ObjectKind::Unique | ObjectKind::Check | ObjectKind::ForeignKey => {
                format!("ALTER TABLE {table} DROP CONSTRAINT {name}")
            }
            ObjectKind::Index => format!("DROP INDEX {name}"),
            ObjectKind::Trigger => format!("DROP TRIGGER {name} ON {table}"),
            ObjectKind::View if object.get("materialized").is_some() => {
                format!("DROP MATERIALIZED VIEW {name}")
            }
            ObjectKind::View => format!("DROP VIEW {name}"),
            ObjectKind::Enum => format!("DROP TYPE {name}"),
            ObjectKind::Domain => format!("DROP DOMAIN {name}"),
            // A serial column's sequence goes with its table.
            ObjectKind::Sequence => format!("DROP SEQUENCE IF EXISTS {name}"),
            ObjectKind::Extension => format!("DROP EXTENSION {name}"),
            ObjectKind::Table | ObjectKind::Column => return Vec::new(),
        }]
    }
}
