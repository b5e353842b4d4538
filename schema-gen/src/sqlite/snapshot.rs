//! A SQLite database's full schema in [`SNAPSHOT_QUERY_COUNT`] queries.
//!
//! The pragmas give columns, keys, indexes and foreign keys; checks, index expressions,
//! partial-index predicates and table options exist only in the stored `CREATE` text, so
//! they are read from it (see [`crate::snapshot::sql_text`]).

use std::collections::{BTreeMap, HashMap};

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl, SqliteConnection};

use crate::snapshot::sql_text::{canonical, sqlite_index, sqlite_table};
use crate::snapshot::{label, list, yes_no, Object, ObjectId, ObjectKind, Snapshot};
use crate::Error;

/// How many queries [`snapshot`] issues, whatever the size of the schema.
pub const SNAPSHOT_QUERY_COUNT: usize = 4;

#[derive(QueryableByName)]
struct ObjectRow {
    #[diesel(sql_type = Text)]
    object_type: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    cid: i64,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    type_name: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = BigInt)]
    pk_position: i64,
    #[diesel(sql_type = BigInt)]
    hidden: i64,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = BigInt)]
    is_unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
    #[diesel(sql_type = BigInt)]
    seqno: i64,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    fk_id: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    parent_table: String,
    #[diesel(sql_type = Text)]
    child_column: String,
    #[diesel(sql_type = Nullable<Text>)]
    parent_column: Option<String>,
    #[diesel(sql_type = Text)]
    on_update: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

fn load<T: QueryableByName<diesel::sqlite::Sqlite> + 'static>(
    conn: &mut SqliteConnection,
    sql: &str,
    what: &'static str,
) -> Result<Vec<T>, Error> {
    diesel::sql_query(sql)
        .load(conn)
        .map_err(|source| Error::Query { what, source })
}

/// Reads the schema of the `main` database.
pub fn snapshot(conn: &mut SqliteConnection) -> Result<Snapshot, Error> {
    let objects: Vec<ObjectRow> =
        load(conn, include_str!("snapshot_objects.sql"), "schema objects")?;
    let mut columns: Vec<ColumnRow> = load(conn, include_str!("snapshot_columns.sql"), "columns")?;
    let mut indexes: Vec<IndexRow> = load(conn, include_str!("snapshot_indexes.sql"), "indexes")?;
    let mut foreign_keys: Vec<ForeignKeyRow> = load(
        conn,
        include_str!("snapshot_foreign_keys.sql"),
        "foreign keys",
    )?;

    let mut snapshot = Snapshot::new();
    let mut index_sql = HashMap::new();
    for row in objects {
        let sql = row.sql.unwrap_or_default();
        match row.object_type.as_str() {
            "table" => add_table(&mut snapshot, &row.name, sql),
            "view" => snapshot.insert(
                ObjectId::new(ObjectKind::View, None, &row.name),
                Object::new(label::named(ObjectKind::View, &row.name))
                    .fact("definition", canonical(&sql))
                    .definition(sql),
            ),
            "trigger" => snapshot.insert(
                ObjectId::new(ObjectKind::Trigger, Some(&row.table_name), &row.name),
                Object::new(label::trigger(&row.table_name, &row.name))
                    .fact("definition", canonical(&sql))
                    .definition(sql),
            ),
            "index" => {
                index_sql.insert(row.name, sql);
            }
            _ => {}
        }
    }

    columns.sort_by(|a, b| (&a.table_name, a.cid).cmp(&(&b.table_name, b.cid)));
    let mut primary_keys: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for c in columns {
        if c.pk_position > 0 {
            primary_keys
                .entry(c.table_name.clone())
                .or_default()
                .push((c.pk_position, c.column_name.clone()));
        }
        let generated = match c.hidden {
            2 => Some("virtual".to_owned()),
            3 => Some("stored".to_owned()),
            _ => None,
        };
        let object = Object::new(label::column(&c.table_name, &c.column_name))
            .fact("type", canonical(&c.type_name))
            .fact("nullable", yes_no(c.not_null == 0))
            .fact("default", c.default_value.as_deref().map(canonical))
            .fact("generated", generated);
        snapshot.insert_column(&c.table_name, &c.column_name, object);
    }
    for (table, mut key) in primary_keys {
        key.sort();
        let columns = list(key.into_iter().map(|(_, c)| c));
        snapshot.insert(
            ObjectId::new(ObjectKind::PrimaryKey, Some(&table), "primary key"),
            Object::new(label::primary_key(&table, &columns)).fact("columns", columns),
        );
    }

    indexes.sort_by(|a, b| {
        (&a.table_name, &a.index_name, a.seqno).cmp(&(&b.table_name, &b.index_name, b.seqno))
    });
    for group in
        indexes.chunk_by(|a, b| (&a.table_name, &a.index_name) == (&b.table_name, &b.index_name))
    {
        let first = &group[0];
        let table = &first.table_name;
        let names = list(group.iter().map(|r| {
            r.column_name
                .clone()
                .unwrap_or_else(|| "<expression>".into())
        }));
        match first.origin.as_str() {
            // The primary key is read from the columns.
            "pk" => {}
            // The name (sqlite_autoindex_<table>_<n>) is SQLite's, numbered by position:
            // the constraint is identified by its columns.
            "u" => snapshot.insert(
                ObjectId::new(ObjectKind::Unique, Some(table), &names),
                Object::new(label::unique(table, None, &names)).fact("columns", names.clone()),
            ),
            _ => {
                let sql = index_sql.remove(&first.index_name).unwrap_or_default();
                let (keys, predicate) = sqlite_index(&sql);
                let keys = if keys.is_empty() { names } else { keys };
                snapshot.insert(
                    ObjectId::new(ObjectKind::Index, Some(table), &first.index_name),
                    Object::new(label::index(table, &first.index_name, &keys))
                        .fact("columns", keys)
                        .fact("unique", yes_no(first.is_unique != 0))
                        .fact("where", predicate)
                        .definition(sql),
                );
            }
        }
    }

    foreign_keys
        .sort_by(|a, b| (&a.table_name, a.fk_id, a.seq).cmp(&(&b.table_name, b.fk_id, b.seq)));
    for group in foreign_keys.chunk_by(|a, b| (&a.table_name, a.fk_id) == (&b.table_name, b.fk_id))
    {
        let first = &group[0];
        let children = list(group.iter().map(|r| r.child_column.clone()));
        let parents: Vec<String> = group
            .iter()
            .filter_map(|r| r.parent_column.clone())
            .collect();
        let parent = if parents.is_empty() {
            first.parent_table.clone()
        } else {
            format!("{}{}", first.parent_table, list(parents))
        };
        let description = format!("{children} → {parent}");
        snapshot.insert(
            ObjectId::new(
                ObjectKind::ForeignKey,
                Some(&first.table_name),
                &description,
            ),
            Object::new(label::foreign_key(&first.table_name, None, &description))
                .fact("on update", first.on_update.to_lowercase())
                .fact("on delete", first.on_delete.to_lowercase())
                .references(first.parent_table.clone()),
        );
    }
    Ok(snapshot)
}

/// The table, its checks and its options (`WITHOUT ROWID`, `STRICT`) from its `CREATE`.
fn add_table(snapshot: &mut Snapshot, name: &str, sql: String) {
    let text = sqlite_table(&sql);
    for (check_name, expression) in text.checks {
        snapshot.insert(
            ObjectId::new(
                ObjectKind::Check,
                Some(name),
                check_name.clone().unwrap_or_else(|| expression.clone()),
            ),
            Object::new(label::check(name, check_name.as_deref(), &expression))
                .fact("expression", expression),
        );
    }
    let options = Some(text.options).filter(|o| !o.is_empty());
    snapshot.insert(
        ObjectId::new(ObjectKind::Table, None, name),
        Object::new(label::table(name))
            .fact("options", options)
            .definition(sql),
    );
}
