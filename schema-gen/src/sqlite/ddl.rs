//! SQLite's DDL for generated down.sql. Its ALTER TABLE can rename and drop columns but not
//! change them, their keys or their checks, so a table whose columns changed is rebuilt
//! from the CREATE TABLE it had: new table, copy, drop, rename (SQLite's documented
//! procedure; strata's connections leave foreign key enforcement off, as diesel's do).

use crate::quote::double as quote;
use crate::snapshot::reverse::Ddl;
use crate::snapshot::{Object, ObjectId, ObjectKind, Snapshot};

#[derive(Debug, Clone, Copy)]
pub struct SqliteDdl;

fn table_definition(target: &Snapshot, table: &str) -> Option<String> {
    target
        .get(&ObjectId::new(ObjectKind::Table, None, table))
        .and_then(|t| t.definition.clone())
}

impl Ddl for SqliteDdl {
    fn quote(&self, name: &str) -> String {
        quote(name)
    }

    fn rebuilds_tables(&self) -> bool {
        true
    }

    fn creates_with_table(&self, kind: ObjectKind) -> bool {
        matches!(
            kind,
            ObjectKind::PrimaryKey
                | ObjectKind::Unique
                | ObjectKind::Check
                | ObjectKind::ForeignKey
        )
    }

    fn create_table(&self, target: &Snapshot, table: &str) -> Vec<String> {
        table_definition(target, table).into_iter().collect()
    }

    // Never called: any column change makes the planner rebuild the table.
    fn add_column(&self, _target: &Snapshot, _table: &str, _column: &str) -> Vec<String> {
        Vec::new()
    }

    // Never called, as add_column.
    fn alter_column(&self, _: &Snapshot, _: &Snapshot, _table: &str, _column: &str) -> Vec<String> {
        Vec::new()
    }

    fn rebuild_table(&self, target: &Snapshot, table: &str, keep: &[String]) -> Vec<String> {
        let Some(sql) = table_definition(target, table) else {
            return vec![format!(
                "-- {table}: no CREATE TABLE recorded; rebuild it by hand"
            )];
        };
        let Some(open) = sql.find('(') else {
            return vec![format!(
                "-- {table}: unreadable CREATE TABLE; rebuild it by hand"
            )];
        };
        let scratch = quote(&format!("_strata_new_{table}"));
        let columns = keep.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        vec![
            format!("CREATE TABLE {scratch} {}", &sql[open..]),
            format!(
                "INSERT INTO {scratch} ({columns}) SELECT {columns} FROM {}",
                quote(table)
            ),
            format!("DROP TABLE {}", quote(table)),
            format!("ALTER TABLE {scratch} RENAME TO {}", quote(table)),
        ]
    }

    fn create(&self, _id: &ObjectId, object: &Object) -> Vec<String> {
        object.definition.clone().into_iter().collect()
    }

    fn drop(&self, id: &ObjectId, _object: &Object) -> Vec<String> {
        let what = match id.kind {
            ObjectKind::Index => "INDEX",
            ObjectKind::View => "VIEW",
            ObjectKind::Trigger => "TRIGGER",
            // Keys and checks change only with their table, which is rebuilt.
            _ => return Vec::new(),
        };
        vec![format!("DROP {what} {}", quote(&id.name))]
    }
}
