//! A MySQL or MariaDB database's full physical schema in [`SNAPSHOT_QUERY_COUNT`] queries.

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{MysqlConnection, QueryableByName, RunQueryDsl};

use crate::quote::backtick as quote;
use crate::snapshot::{label, list, yes_no, Object, ObjectId, ObjectKind, Snapshot};
use crate::Error;

/// How many queries [`snapshot`] issues, whatever the size of the schema (on MySQL, the
/// check constraint query is retried in MySQL's form after MariaDB's fails).
pub const SNAPSHOT_QUERY_COUNT: usize = 8;

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    engine: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    table_collation: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    position: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    column_type: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    nullable: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    extra: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    generation_expression: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    collation: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = BigInt)]
    non_unique: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    sub_part: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    collation: Option<String>,
    #[diesel(sql_type = Text)]
    index_type: String,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    parent_table: String,
    #[diesel(sql_type = Text)]
    parent_column: String,
}

#[derive(QueryableByName)]
struct ForeignKeyRulesRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    on_update: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

#[derive(QueryableByName)]
struct CheckRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    expression: String,
}

#[derive(QueryableByName)]
struct ViewRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Text)]
    check_option: String,
}

#[derive(QueryableByName)]
struct TriggerRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    timing: String,
    #[diesel(sql_type = Text)]
    event: String,
    #[diesel(sql_type = Text)]
    body: String,
}

fn load<T: QueryableByName<diesel::mysql::Mysql> + 'static>(
    conn: &mut MysqlConnection,
    sql: &str,
    what: &'static str,
) -> Result<Vec<T>, Error> {
    diesel::sql_query(sql)
        .load(conn)
        .map_err(|source| Error::Query { what, source })
}

/// Reads the connected database.
pub fn snapshot(conn: &mut MysqlConnection) -> Result<Snapshot, Error> {
    let tables: Vec<TableRow> = load(conn, include_str!("snapshot_tables.sql"), "tables")?;
    let mut columns: Vec<ColumnRow> = load(conn, include_str!("snapshot_columns.sql"), "columns")?;
    // Base tables only (the columns of views come too), by exact name.
    let tables: std::collections::HashMap<String, TableRow> = tables
        .into_iter()
        .map(|t| (t.table_name.clone(), t))
        .collect();
    columns.retain(|c| tables.contains_key(&c.table_name));
    let mut indexes: Vec<IndexRow> = load(conn, include_str!("snapshot_indexes.sql"), "indexes")?;
    let mut foreign_keys: Vec<ForeignKeyRow> = load(
        conn,
        include_str!("snapshot_foreign_keys.sql"),
        "foreign keys",
    )?;
    let rules: Vec<ForeignKeyRulesRow> = load(
        conn,
        include_str!("snapshot_foreign_key_rules.sql"),
        "foreign key rules",
    )?;
    let rules: std::collections::HashMap<(String, String), ForeignKeyRulesRow> = rules
        .into_iter()
        .map(|r| ((r.table_name.clone(), r.name.clone()), r))
        .collect();
    let checks: Vec<CheckRow> = match load(conn, include_str!("snapshot_checks.sql"), "checks") {
        Ok(rows) => rows,
        Err(_) => load(conn, include_str!("snapshot_checks_mysql.sql"), "checks")?,
    };
    let views: Vec<ViewRow> = load(conn, include_str!("snapshot_views.sql"), "views")?;
    let triggers: Vec<TriggerRow> = load(conn, include_str!("snapshot_triggers.sql"), "triggers")?;

    let mut snapshot = Snapshot::new();
    columns.sort_by(|a, b| (&a.table_name, a.position).cmp(&(&b.table_name, b.position)));
    for c in columns {
        let table = &c.table_name;
        let table_id = ObjectId::new(ObjectKind::Table, None, table);
        if snapshot.get(&table_id).is_none() {
            let facts = &tables[table];
            snapshot.insert(
                table_id,
                Object::new(label::table(table))
                    .fact("engine", facts.engine.clone())
                    .fact("collation", facts.table_collation.clone()),
            );
        }
        let (Some(name), Some(column_type)) = (&c.column_name, c.column_type) else {
            continue;
        };
        let nullable = c.nullable == Some(1);
        let mut definition = format!("{} {column_type}", quote(name));
        if let Some(expression) = &c.generation_expression {
            let stored = c.extra.as_deref().is_some_and(|e| e.contains("STORED"));
            definition.push_str(&format!(
                " AS ({expression}) {}",
                if stored { "STORED" } else { "VIRTUAL" }
            ));
        } else {
            definition.push_str(if nullable { " NULL" } else { " NOT NULL" });
            if let Some(default) = &c.default_value {
                definition.push_str(&format!(" DEFAULT {}", default_sql(default)));
            }
            if let Some(extra) = &c.extra {
                definition.push_str(&format!(" {}", extra.replace("DEFAULT_GENERATED", "")));
            }
        }
        let object = Object::new(label::column(table, name))
            .fact("type", column_type)
            .fact("nullable", yes_no(nullable))
            .fact("default", c.default_value)
            .fact("extra", c.extra)
            .fact("generated", c.generation_expression)
            .fact("collation", c.collation)
            .definition(definition.trim_end().to_owned());
        snapshot.insert_column(table, name, object);
    }

    indexes.sort_by(|a, b| {
        (&a.table_name, &a.index_name, a.seq).cmp(&(&b.table_name, &b.index_name, b.seq))
    });
    for group in
        indexes.chunk_by(|a, b| (&a.table_name, &a.index_name) == (&b.table_name, &b.index_name))
    {
        let first = &group[0];
        let table = first.table_name.as_str();
        let key = |r: &IndexRow, name: &dyn Fn(&str) -> String| {
            let mut key = r
                .column_name
                .as_deref()
                .map_or("<expression>".to_owned(), name);
            if let Some(length) = r.sub_part {
                key.push_str(&format!("({length})"));
            }
            if r.collation.as_deref() == Some("D") {
                key.push_str(" DESC");
            }
            key
        };
        let keys = list(group.iter().map(|r| key(r, &str::to_owned)));
        let quoted_keys = list(group.iter().map(|r| key(r, &quote)));
        if first.index_name == "PRIMARY" {
            snapshot.insert(
                ObjectId::new(ObjectKind::PrimaryKey, Some(table), "primary key"),
                Object::new(label::primary_key(table, &keys))
                    .fact("columns", keys.clone())
                    .definition(format!("PRIMARY KEY {quoted_keys}")),
            );
            continue;
        }
        let unique = first.non_unique == 0;
        let kind = match first.index_type.as_str() {
            "FULLTEXT" => "FULLTEXT ",
            "SPATIAL" => "SPATIAL ",
            _ if unique => "UNIQUE ",
            _ => "",
        };
        snapshot.insert(
            ObjectId::new(ObjectKind::Index, Some(table), &first.index_name),
            Object::new(label::index(table, &first.index_name, &keys))
                .fact("columns", keys.clone())
                .fact("unique", yes_no(unique))
                .fact("type", first.index_type.clone())
                .definition(format!(
                    "CREATE {kind}INDEX {} ON {} {quoted_keys}",
                    quote(&first.index_name),
                    quote(table)
                )),
        );
    }

    foreign_keys.sort_by(|a, b| {
        (&a.table_name, &a.name, a.position).cmp(&(&b.table_name, &b.name, b.position))
    });
    for group in foreign_keys.chunk_by(|a, b| (&a.table_name, &a.name) == (&b.table_name, &b.name))
    {
        let first = &group[0];
        let table = first.table_name.as_str();
        // A key without rules of its own is not a foreign key of this database's tables.
        let Some(rules) = rules.get(&(first.table_name.clone(), first.name.clone())) else {
            continue;
        };
        let children = list(group.iter().map(|r| r.column_name.clone()));
        let parents = list(group.iter().map(|r| r.parent_column.clone()));
        let description = format!("{children} → {}{parents}", first.parent_table);
        // `<table>_ibfk_<n>` is the server's name for an unnamed key: not compared.
        let generated = first
            .name
            .strip_prefix(&format!("{table}_ibfk_"))
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        let quoted_list = |columns: &[&str]| list(columns.iter().map(|c| quote(c)));
        let child_columns: Vec<&str> = group.iter().map(|r| r.column_name.as_str()).collect();
        let parent_columns: Vec<&str> = group.iter().map(|r| r.parent_column.as_str()).collect();
        snapshot.insert(
            ObjectId::new(ObjectKind::ForeignKey, Some(table), &description),
            Object::new(label::foreign_key(table, None, &description))
                .fact("name", (!generated).then(|| first.name.clone()))
                .sql_name(first.name.clone())
                .references(first.parent_table.clone())
                .fact("on update", rules.on_update.to_lowercase())
                .fact("on delete", rules.on_delete.to_lowercase())
                .definition(format!(
                    "CONSTRAINT {} FOREIGN KEY {} REFERENCES {} {} ON DELETE {} ON UPDATE {}",
                    quote(&first.name),
                    quoted_list(&child_columns),
                    quote(&first.parent_table),
                    quoted_list(&parent_columns),
                    rules.on_delete,
                    rules.on_update
                )),
        );
    }

    for c in checks {
        snapshot.insert(
            ObjectId::new(ObjectKind::Check, Some(&c.table_name), &c.name),
            Object::new(label::constraint(ObjectKind::Check, &c.table_name, &c.name))
                .fact("expression", c.expression.clone())
                .definition(format!(
                    "CONSTRAINT {} CHECK ({})",
                    quote(&c.name),
                    c.expression
                )),
        );
    }

    for v in views {
        let check = Some(v.check_option).filter(|o| o != "NONE");
        snapshot.insert(
            ObjectId::new(ObjectKind::View, None, &v.name),
            Object::new(label::named(ObjectKind::View, &v.name))
                .fact("definition", v.definition.clone())
                .fact("check option", check)
                .definition(format!(
                    "CREATE VIEW {} AS {}",
                    quote(&v.name),
                    v.definition
                )),
        );
    }

    for t in triggers {
        let when = format!("{} {}", t.timing, t.event);
        snapshot.insert(
            ObjectId::new(ObjectKind::Trigger, Some(&t.table_name), &t.name),
            Object::new(label::trigger(&t.table_name, &t.name))
                .fact("when", when.clone())
                .fact("body", t.body.clone())
                .definition(format!(
                    "CREATE TRIGGER {} {when} ON {} FOR EACH ROW {}",
                    quote(&t.name),
                    quote(&t.table_name),
                    t.body
                )),
        );
    }
    Ok(snapshot)
}

/// A default as SQL: MariaDB reports it as an expression (`'abc'`, `NULL`,
/// `current_timestamp()`, a BIT column's `b'0'`); MySQL reports string defaults bare.
fn default_sql(default: &str) -> String {
    let bit_or_hex = default.len() > 2
        && matches!(&default[..2], "b'" | "B'" | "x'" | "X'")
        && default.ends_with('\'');
    let expression = bit_or_hex
        || default.starts_with('\'')
        || default.eq_ignore_ascii_case("NULL")
        || default.contains('(')
        || default.parse::<f64>().is_ok()
        || default.eq_ignore_ascii_case("CURRENT_TIMESTAMP");
    if expression {
        default.to_owned()
    } else {
        format!("'{}'", default.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::default_sql;

    #[test]
    fn defaults_are_written_as_sql() {
        assert_eq!(default_sql("'abc'"), "'abc'");
        assert_eq!(default_sql("abc"), "'abc'");
        assert_eq!(default_sql("it's"), "'it''s'");
        assert_eq!(default_sql("NULL"), "NULL");
        assert_eq!(default_sql("current_timestamp()"), "current_timestamp()");
        assert_eq!(default_sql("1.5"), "1.5");
        // A BIT column's default, as MariaDB and MySQL report it.
        assert_eq!(default_sql("b'0'"), "b'0'");
        assert_eq!(default_sql("x'0F'"), "x'0F'");
    }
}
