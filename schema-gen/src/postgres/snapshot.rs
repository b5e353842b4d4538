//! A PostgreSQL schema's full physical schema in [`SNAPSHOT_QUERY_COUNT`] queries.
//!
//! Constraints, indexes, views and triggers are compared in the form PostgreSQL itself
//! writes them (`pg_get_constraintdef`, `pg_get_indexdef`, …), which is canonical: the
//! same object always prints the same text, however its DDL was spelled.

use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel::{PgConnection, QueryableByName, RunQueryDsl};

use super::DEFAULT_SCHEMA;
use crate::quote::double as quote;
use crate::snapshot::{label, yes_no, Object, ObjectId, ObjectKind, Snapshot};
use crate::Error;

/// How many queries [`snapshot`] issues, whatever the size of the schema.
pub const SNAPSHOT_QUERY_COUNT: usize = 6;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Integer>)]
    position: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    type_name: Option<String>,
    #[diesel(sql_type = Bool)]
    not_null: bool,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    identity: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    generated: Option<String>,
}

/// A constraint, index or trigger: what table, what name, how PostgreSQL writes it.
#[derive(QueryableByName)]
struct DefinitionRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

#[derive(QueryableByName)]
struct ConstraintRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Nullable<Text>)]
    parent_table: Option<String>,
}

/// A view or a type-like object (enum, domain, sequence, extension).
#[derive(QueryableByName)]
struct NamedRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    definition: Option<String>,
}

/// A view, with its definition as compared (see snapshot_views.sql).
#[derive(QueryableByName)]
struct ViewRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    definition: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    compared: Option<String>,
}

fn load<T: QueryableByName<diesel::pg::Pg> + 'static>(
    conn: &mut PgConnection,
    sql: &str,
    schema: &str,
    what: &'static str,
) -> Result<Vec<T>, Error> {
    diesel::sql_query(sql)
        .bind::<Text, _>(schema)
        .load(conn)
        .map_err(|source| Error::Query { what, source })
}

/// Reads one schema (`schema`, else `public`).
pub fn snapshot(conn: &mut PgConnection, schema: Option<&str>) -> Result<Snapshot, Error> {
    let schema = schema.unwrap_or(DEFAULT_SCHEMA);
    let mut columns: Vec<ColumnRow> = load(
        conn,
        include_str!("snapshot_columns.sql"),
        schema,
        "columns",
    )?;
    let constraints: Vec<ConstraintRow> = load(
        conn,
        include_str!("snapshot_constraints.sql"),
        schema,
        "constraints",
    )?;
    let indexes: Vec<DefinitionRow> = load(
        conn,
        include_str!("snapshot_indexes.sql"),
        schema,
        "indexes",
    )?;
    let views: Vec<ViewRow> = load(conn, include_str!("snapshot_views.sql"), schema, "views")?;
    let triggers: Vec<DefinitionRow> = load(
        conn,
        include_str!("snapshot_triggers.sql"),
        schema,
        "triggers",
    )?;
    let types: Vec<NamedRow> = load(conn, include_str!("snapshot_types.sql"), schema, "types")?;

    let mut snapshot = Snapshot::new();
    columns.sort_by(|a, b| (&a.table_name, a.position).cmp(&(&b.table_name, b.position)));
    for c in columns {
        let table = &c.table_name;
        let table_id = ObjectId::new(ObjectKind::Table, None, table);
        if snapshot.get(&table_id).is_none() {
            snapshot.insert(table_id, Object::new(label::table(table)));
        }
        let Some(name) = &c.column_name else { continue };
        // PostgreSQL 18 adds virtual generated columns (computed when read) beside stored.
        let generated = c.generated.as_deref().map(|g| match g {
            "s" => "stored".to_owned(),
            "v" => "virtual".to_owned(),
            other => other.to_owned(),
        });
        let identity = c.identity.as_deref().map(|i| match i {
            "a" => "always".to_owned(),
            "d" => "by default".to_owned(),
            other => other.to_owned(),
        });
        let (default, expression) = if generated.is_some() {
            (None, c.default_value)
        } else {
            (c.default_value, None)
        };
        let object = Object::new(label::column(table, name))
            .fact("type", c.type_name)
            .fact("nullable", yes_no(!c.not_null))
            .fact("default", default)
            .fact("identity", identity)
            .fact(
                "generated",
                generated.map(|g| match expression {
                    Some(e) => format!("{g} as ({e})"),
                    None => g,
                }),
            );
        snapshot.insert_column(table, name, object);
    }

    for k in constraints {
        let table = k.table_name.as_str();
        let (kind, id_name, label) = match k.kind.as_str() {
            "p" => {
                let columns = k.definition.trim_start_matches("PRIMARY KEY ");
                (
                    ObjectKind::PrimaryKey,
                    "primary key".to_owned(),
                    label::primary_key(table, columns),
                )
            }
            "u" | "x" => (
                ObjectKind::Unique,
                k.name.clone(),
                label::constraint(ObjectKind::Unique, table, &k.name),
            ),
            "f" => (
                ObjectKind::ForeignKey,
                k.name.clone(),
                label::constraint(ObjectKind::ForeignKey, table, &k.name),
            ),
            _ => (
                ObjectKind::Check,
                k.name.clone(),
                label::constraint(ObjectKind::Check, table, &k.name),
            ),
        };
        let mut object = Object::new(label).fact("definition", k.definition.clone());
        if let Some(parent) = &k.parent_table {
            object = object.references(parent.clone());
        }
        if kind == ObjectKind::PrimaryKey {
            object = object.fact("name", k.name.clone()).sql_name(k.name.clone());
        }
        snapshot.insert(
            ObjectId::new(kind, Some(table), id_name),
            object.definition(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                quote(table),
                quote(&k.name),
                k.definition
            )),
        );
    }

    for i in indexes {
        let keys = index_keys(&i.definition);
        snapshot.insert(
            ObjectId::new(ObjectKind::Index, Some(&i.table_name), &i.name),
            Object::new(label::index(&i.table_name, &i.name, keys))
                .fact("definition", i.definition.clone())
                .definition(i.definition),
        );
    }

    for v in views {
        let definition = v.definition.unwrap_or_default();
        let materialized = v.kind == "m";
        let create = if materialized {
            "CREATE MATERIALIZED VIEW"
        } else {
            "CREATE VIEW"
        };
        snapshot.insert(
            ObjectId::new(ObjectKind::View, None, &v.name),
            Object::new(label::named(ObjectKind::View, &v.name))
                .fact("materialized", materialized.then(|| yes_no(true)))
                .fact("definition", v.compared.unwrap_or_default())
                .definition(format!("{create} {} AS\n{definition}", quote(&v.name))),
        );
    }

    for t in triggers {
        snapshot.insert(
            ObjectId::new(ObjectKind::Trigger, Some(&t.table_name), &t.name),
            Object::new(label::trigger(&t.table_name, &t.name))
                .fact("definition", t.definition.clone())
                .definition(t.definition),
        );
    }

    for t in types {
        let definition = t.definition.unwrap_or_default();
        let name = quote(&t.name);
        // An identity column's sequence is created by its table, not by a statement.
        let by_table = t.kind == "identity sequence";
        let (kind, fact, create) = match t.kind.as_str() {
            "enum" => (
                ObjectKind::Enum,
                "labels",
                format!("CREATE TYPE {name} AS ENUM ({definition})"),
            ),
            "domain" => (
                ObjectKind::Domain,
                "definition",
                format!("CREATE DOMAIN {name} AS {definition}"),
            ),
            "sequence" | "identity sequence" => (
                ObjectKind::Sequence,
                "definition",
                format!("CREATE SEQUENCE {name} {definition}"),
            ),
            _ => (
                ObjectKind::Extension,
                "version",
                format!("CREATE EXTENSION IF NOT EXISTS {name}"),
            ),
        };
        snapshot.insert(
            ObjectId::new(kind, None, &t.name),
            Object::new(label::named(kind, &t.name))
                .fact(fact, definition)
                .definition((!by_table).then_some(create)),
        );
    }
    Ok(snapshot)
}

/// The key list of `CREATE INDEX … USING btree (email) WHERE …`: `(email)`.
fn index_keys(definition: &str) -> &str {
    let Some(using) = definition.find(" USING ") else {
        return "";
    };
    let rest = &definition[using + " USING ".len()..];
    let rest = rest.find('(').map_or(rest, |open| &rest[open..]);
    rest.find(" WHERE ").map_or(rest, |end| &rest[..end])
}
