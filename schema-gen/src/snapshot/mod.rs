//! Schema snapshots: the full physical schema, far more than `schema.rs` needs, in a
//! canonical form two snapshots can be compared in.
//!
//! A snapshot is a set of named objects (tables, columns, keys, indexes, checks, views,
//! triggers, and PostgreSQL's enums, domains, sequences and extensions), each with the
//! facts that define it: a column's type, nullability and default; an index's columns,
//! uniqueness and predicate; a foreign key's actions. Each backend reads its snapshot from
//! the catalog in a constant number of queries (`<backend>/snapshot.rs`). Objects whose
//! names the database made up (`sqlite_autoindex_users_1`, MySQL's `posts_ibfk_1`) are
//! identified by what they are, not by that name, so re-creating one never shows as a
//! difference.
//!
//! [`diff::SnapshotDiff`] compares two snapshots and writes the readable report that
//! `migration redo` and `migration verify` print.

pub mod diff;
pub mod reverse;
pub mod sql_text;

use std::collections::BTreeMap;
use std::fmt;

/// What kind of schema object an [`ObjectId`] names. The order is the order of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    Extension,
    Enum,
    Domain,
    Sequence,
    Table,
    Column,
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
    Index,
    View,
    Trigger,
}

impl ObjectKind {
    /// How a report names the kind.
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Extension => "extension",
            ObjectKind::Enum => "enum",
            ObjectKind::Domain => "domain",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Table => "table",
            ObjectKind::Column => "column",
            ObjectKind::PrimaryKey => "primary key",
            ObjectKind::Unique => "unique constraint",
            ObjectKind::Check => "check constraint",
            ObjectKind::ForeignKey => "foreign key",
            ObjectKind::Index => "index",
            ObjectKind::View => "view",
            ObjectKind::Trigger => "trigger",
        }
    }

    /// The key `--format json` uses.
    pub fn key(self) -> &'static str {
        match self {
            ObjectKind::PrimaryKey => "primary_key",
            ObjectKind::Unique => "unique",
            ObjectKind::Check => "check",
            ObjectKind::ForeignKey => "foreign_key",
            other => other.noun(),
        }
    }
}

/// Identifies an object across snapshots: its kind, the table it belongs to (for columns,
/// keys, checks, indexes and triggers) and its name, or for objects whose names the
/// database generates, a description of what it is (`(author_id) → users(id)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId {
    pub kind: ObjectKind,
    pub table: Option<String>,
    pub name: String,
}

impl ObjectId {
    pub fn new(kind: ObjectKind, table: Option<&str>, name: impl Into<String>) -> ObjectId {
        ObjectId {
            kind,
            table: table.map(str::to_owned),
            name: name.into(),
        }
    }
}

/// One object: the facts that are compared, how a report names it, and the SQL that
/// creates it (when the catalog has it), which down.sql generation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// Fact name to value, e.g. `type` → `varchar(255)`. Absent facts are absent, so "no
    /// default" and "default NULL" stay different when the database says they are.
    pub facts: BTreeMap<&'static str, String>,
    /// E.g. ``index `users_email_idx` on `users(email)` ``.
    pub label: String,
    /// `CREATE …` as the database has it; not compared (formatting is not schema).
    pub definition: Option<String>,
    /// The name DDL refers to it by, where the id does not hold it (a primary key's, a
    /// MySQL foreign key's generated name); not compared.
    pub sql_name: Option<String>,
    /// For a foreign key, the table it points to (what must exist first); not compared.
    pub references: Option<String>,
}

impl Object {
    pub fn new(label: impl Into<String>) -> Object {
        Object {
            facts: BTreeMap::new(),
            label: label.into(),
            definition: None,
            sql_name: None,
            references: None,
        }
    }

    /// Adds a fact (skipped when `value` is `None`).
    pub fn fact(mut self, name: &'static str, value: impl Into<Option<String>>) -> Object {
        if let Some(value) = value.into() {
            self.facts.insert(name, value);
        }
        self
    }

    pub fn definition(mut self, sql: impl Into<Option<String>>) -> Object {
        self.definition = sql.into();
        self
    }

    pub fn sql_name(mut self, name: impl Into<String>) -> Object {
        self.sql_name = Some(name.into());
        self
    }

    pub fn references(mut self, table: impl Into<String>) -> Object {
        self.references = Some(table.into());
        self
    }

    pub fn get(&self, fact: &str) -> Option<&str> {
        self.facts.get(fact).map(String::as_str)
    }
}

/// The physical schema of one database (or one PostgreSQL schema).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    objects: BTreeMap<ObjectId, Object>,
    /// Each table's columns in physical order. Kept apart from the objects because order
    /// differences are reported as warnings.
    column_order: BTreeMap<String, Vec<String>>,
}

impl Snapshot {
    pub fn new() -> Snapshot {
        Snapshot::default()
    }

    /// Adds an object; a second object with the same id replaces the first.
    pub fn insert(&mut self, id: ObjectId, object: Object) {
        self.objects.insert(id, object);
    }

    /// Adds a column, in order after the table's columns added before it.
    pub fn insert_column(&mut self, table: &str, name: &str, object: Object) {
        self.column_order
            .entry(table.to_owned())
            .or_default()
            .push(name.to_owned());
        self.insert(ObjectId::new(ObjectKind::Column, Some(table), name), object);
    }

    pub fn objects(&self) -> impl Iterator<Item = (&ObjectId, &Object)> {
        self.objects.iter()
    }

    pub fn get(&self, id: &ObjectId) -> Option<&Object> {
        self.objects.get(id)
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The table's columns in physical order.
    pub fn columns_of(&self, table: &str) -> &[String] {
        self.column_order.get(table).map_or(&[], Vec::as_slice)
    }

    /// Objects of one kind.
    pub fn of_kind(&self, kind: ObjectKind) -> impl Iterator<Item = (&ObjectId, &Object)> {
        self.objects.iter().filter(move |(id, _)| id.kind == kind)
    }

    /// This snapshot without its objects of the `kinds` given (the foreign keys and
    /// triggers a generated migration creates after it has filled the tables, say).
    pub fn without_kinds(&self, kinds: &[ObjectKind]) -> Snapshot {
        let mut out = self.clone();
        out.objects.retain(|id, _| !kinds.contains(&id.kind));
        out
    }

    /// This snapshot without the objects `base` holds as they are here: what was made on
    /// top of a database that already had `base` (a scratch database's extensions).
    pub fn beyond(&self, base: &Snapshot) -> Snapshot {
        let mut out = self.clone();
        out.objects
            .retain(|id, object| base.objects.get(id) != Some(object));
        out
    }

    /// The tables' names, parents before the tables whose foreign keys point to them.
    pub fn tables_in_dependency_order(&self) -> Vec<String> {
        let tables = self
            .of_kind(ObjectKind::Table)
            .map(|(id, _)| id.name.clone())
            .collect();
        reverse::dependency_order(self, &tables)
    }

    /// Drops tables `keep` rejects, with everything that belongs to them (a migration
    /// tool's own bookkeeping tables, say).
    pub fn retain_tables(&mut self, keep: impl Fn(&str) -> bool) {
        self.objects.retain(|id, _| {
            let table = match id.kind {
                ObjectKind::Table => Some(id.name.as_str()),
                _ => id.table.as_deref(),
            };
            table.is_none_or(&keep)
        });
        self.column_order.retain(|table, _| keep(table));
    }
}

/// `yes` or `no`, as facts say it.
pub(crate) fn yes_no(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_owned()
}

/// `(a, b)`: a key's columns as facts and labels write them.
#[cfg_attr(not(any(feature = "sqlite", feature = "mysql")), allow(dead_code))]
pub(crate) fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("({})", items.into_iter().collect::<Vec<_>>().join(", "))
}

/// Writes an identifier for a report, in backticks.
pub(crate) struct Tick<'a>(pub &'a str);

impl fmt::Display for Tick<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

/// Labels shared by the backends, so reports read the same on each.
pub mod label {
    use super::Tick;

    pub fn table(name: &str) -> String {
        format!("table {}", Tick(name))
    }

    pub fn column(table: &str, name: &str) -> String {
        format!("column {}", Tick(&format!("{table}.{name}")))
    }

    pub fn primary_key(table: &str, columns: &str) -> String {
        format!("primary key of {}", Tick(&format!("{table}{columns}")))
    }

    pub fn unique(table: &str, name: Option<&str>, columns: &str) -> String {
        match name {
            Some(name) => format!(
                "unique constraint {} on {}",
                Tick(name),
                Tick(&format!("{table}{columns}"))
            ),
            None => format!(
                "unique constraint on {}",
                Tick(&format!("{table}{columns}"))
            ),
        }
    }

    pub fn index(table: &str, name: &str, columns: &str) -> String {
        format!(
            "index {} on {}",
            Tick(name),
            Tick(&format!("{table}{columns}"))
        )
    }

    pub fn foreign_key(table: &str, name: Option<&str>, description: &str) -> String {
        let on = Tick(&format!("{table}{description}"));
        match name {
            Some(name) => format!("foreign key {} {on}", Tick(name)),
            None => format!("foreign key {on}"),
        }
    }

    pub fn check(table: &str, name: Option<&str>, expression: &str) -> String {
        match name {
            Some(name) => format!("check constraint {} on {}", Tick(name), Tick(table)),
            None => format!("check constraint {} on {}", Tick(expression), Tick(table)),
        }
    }

    pub fn trigger(table: &str, name: &str) -> String {
        format!("trigger {} on {}", Tick(name), Tick(table))
    }

    /// A constraint known by its name: ``foreign key `posts_author_id_fkey` on `posts` ``.
    pub fn constraint(kind: super::ObjectKind, table: &str, name: &str) -> String {
        format!("{} {} on {}", kind.noun(), Tick(name), Tick(table))
    }

    pub fn named(kind: super::ObjectKind, name: &str) -> String {
        format!("{} {}", kind.noun(), Tick(name))
    }
}
