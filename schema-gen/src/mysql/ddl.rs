//! MySQL's DDL for generated down.sql: columns are restored with MODIFY COLUMN from the
//! definition the catalog gives (type, nullability, default, EXTRA).

use crate::quote::backtick as quote;
use crate::snapshot::reverse::Ddl;
use crate::snapshot::{Object, ObjectId, ObjectKind, Snapshot};

#[derive(Debug, Clone, Copy)]
pub struct MysqlDdl;

fn column_definition(snapshot: &Snapshot, table: &str, name: &str) -> Option<String> {
    snapshot
        .get(&ObjectId::new(ObjectKind::Column, Some(table), name))
        .and_then(|c| c.definition.clone())
}

impl Ddl for MysqlDdl {
    fn quote(&self, name: &str) -> String {
        quote(name)
    }

    fn creates_with_table(&self, kind: ObjectKind) -> bool {
        kind == ObjectKind::PrimaryKey
    }

    fn create_table(&self, target: &Snapshot, table: &str) -> Vec<String> {
        let mut parts: Vec<String> = target
            .columns_of(table)
            .iter()
            .filter_map(|c| column_definition(target, table, c))
            .collect();
        let primary_key = ObjectId::new(ObjectKind::PrimaryKey, Some(table), "primary key");
        parts.extend(target.get(&primary_key).and_then(|k| k.definition.clone()));
        let mut sql = format!(
            "CREATE TABLE {} (\n    {}\n)",
            quote(table),
            parts.join(",\n    ")
        );
        if let Some(t) = target.get(&ObjectId::new(ObjectKind::Table, None, table)) {
            if let Some(engine) = t.get("engine") {
                sql.push_str(&format!(" ENGINE={engine}"));
            }
            if let Some(collation) = t.get("collation") {
                sql.push_str(&format!(" COLLATE={collation}"));
            }
        }
        vec![sql]
    }

    fn add_column(&self, target: &Snapshot, table: &str, name: &str) -> Vec<String> {
        column_definition(target, table, name)
            .map(|d| format!("ALTER TABLE {} ADD COLUMN {d}", quote(table)))
            .into_iter()
            .collect()
    }

    fn alter_column(
        &self,
        _now: &Snapshot,
        target: &Snapshot,
        table: &str,
        name: &str,
    ) -> Vec<String> {
        column_definition(target, table, name)
            .map(|d| format!("ALTER TABLE {} MODIFY COLUMN {d}", quote(table)))
            .into_iter()
            .collect()
    }

    fn create(&self, id: &ObjectId, object: &Object) -> Vec<String> {
        let Some(definition) = object.definition.clone() else {
            return Vec::new();
        };
        let table = id.table.as_deref().map(quote).unwrap_or_default();
        vec![match id.kind {
            ObjectKind::PrimaryKey | ObjectKind::ForeignKey | ObjectKind::Check => {
                format!("ALTER TABLE {table} ADD {definition}")
            }
            _ => definition,
        }]
    }

    fn drop(&self, id: &ObjectId, object: &Object) -> Vec<String> {
        let table = id.table.as_deref().map(quote).unwrap_or_default();
        let name = quote(object.sql_name.as_deref().unwrap_or(&id.name));
        vec![match id.kind {
            ObjectKind::PrimaryKey => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
            ObjectKind::Index | ObjectKind::Unique => format!("DROP INDEX {name} ON {table}"),
            ObjectKind::ForeignKey => format!("ALTER TABLE {table} DROP FOREIGN KEY {name}"),
            ObjectKind::Check => format!("ALTER TABLE {table} DROP CONSTRAINT {name}"),
            ObjectKind::View => format!("DROP VIEW {name}"),
            ObjectKind::Trigger => format!("DROP TRIGGER {name}"),
            _ => return Vec::new(),
        }]
    }
}
