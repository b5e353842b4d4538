//! The backend-neutral schema model.
//!
//! Introspection (one module per backend) produces these values; rendering turns them into
//! `schema.rs` text. Nothing here knows which database it came from: backend-specific facts
//! (how a type name maps to a diesel SQL type, what a primary key is) are settled before a
//! value of this model exists.

use std::borrow::Cow;
use std::fmt;

/// A table's name, qualified by its schema when it is not in the default one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableName {
    /// `None` for the backend's default schema (`main`, `public`, the connected database).
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            schema: None,
            name: name.into(),
        }
    }

    pub fn in_schema(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            schema: Some(schema.into()),
            name: name.into(),
        }
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The diesel SQL type of a column, without its nullability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlType {
    /// The type's name as written in `table!`: `Integer`, `Text`, or a custom type's
    /// Rust name such as `MoodEnum`. Borrowed for diesel's own types: a big schema has
    /// tens of thousands of columns and a handful of type names.
    pub name: Cow<'static, str>,
    /// `Array<Nullable<T>>` on PostgreSQL.
    pub is_array: bool,
    /// `Unsigned<T>` on MySQL.
    pub is_unsigned: bool,
    /// Set for a type that `schema.rs` defines in its `sql_types` module (and imports into
    /// the tables that use it). `None` for diesel's own types, and for custom types the user
    /// defines elsewhere (`except_custom_type_definitions`, or no generated definitions).
    pub custom: Option<TypeDefinition>,
}

impl SqlType {
    /// A type from `diesel::sql_types` (imported by `use diesel::sql_types::*`).
    pub fn builtin(name: &'static str) -> Self {
        Self {
            name: Cow::Borrowed(name),
            is_array: false,
            is_unsigned: false,
            custom: None,
        }
    }

    /// The type as written after `->` for a NOT NULL column: `Text`, `Array<Nullable<Int4>>`.
    pub fn rendered(&self) -> String {
        let mut ty = String::new();
        self.write_to(&mut ty);
        ty
    }

    /// Appends [`SqlType::rendered`] to `out`, without a `String` of its own: the printer
    /// writes one per column.
    pub fn write_to(&self, out: &mut String) {
        if self.is_array {
            out.push_str("Array<Nullable<");
        }
        if self.is_unsigned {
            out.push_str("Unsigned<");
        }
        out.push_str(&self.name);
        if self.is_unsigned {
            out.push('>');
        }
        if self.is_array {
            out.push_str(">>");
        }
    }

    /// Whether `schema.rs` defines this type itself.
    pub fn is_custom(&self) -> bool {
        self.custom.is_some()
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name in the database.
    pub name: String,
    pub sql_type: SqlType,
    pub nullable: bool,
    /// `#[max_length = N]` for `varchar(N)`-like types where diesel prints it.
    pub max_length: Option<u64>,
    /// The database's comment on the column, if any.
    pub comment: Option<String>,
}

impl Column {
    /// The type as written after `->`: `Nullable<Text>`, `Array<Nullable<Int4>>`, ...
    pub fn rendered_type(&self) -> String {
        let mut ty = String::new();
        self.write_type(&mut ty);
        ty
    }

    /// Appends [`Column::rendered_type`] to `out`.
    pub fn write_type(&self, out: &mut String) {
        if self.nullable {
            out.push_str("Nullable<");
        }
        self.sql_type.write_to(out);
        if self.nullable {
            out.push('>');
        }
    }
}

/// Whether a relation is a table or a view: `schema.rs` prints a view as `diesel::view!`,
/// which has no key and takes no part in `joinable!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub enum RelationKind {
    #[default]
    Table,
    View,
}

impl RelationKind {
    /// The word diesel's generated doc comments use: "the `x` table", "the `x` view".
    pub fn word(self) -> &'static str {
        match self {
            RelationKind::Table => "table",
            RelationKind::View => "view",
        }
    }
}

/// A table (or, with `include_views`, a view) with its columns in the order the database
/// reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: TableName,
    pub kind: RelationKind,
    /// The primary key's columns, in key order. Never empty for a table once introspection
    /// is done: a table without a declared key gets a substitute (and a warning) from its
    /// backend. Always empty for a view.
    pub primary_key: Vec<String>,
    pub columns: Vec<Column>,
    pub comment: Option<String>,
}

/// A foreign key between two tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub child_table: TableName,
    pub parent_table: TableName,
    pub child_columns: Vec<String>,
    /// The referenced columns. Resolved to the parent's primary key when the database
    /// leaves them implicit.
    pub parent_columns: Vec<String>,
    /// Whether diesel_cli prints a `joinable!` for it, and whether that compiles.
    pub joinable: Joinable,
}

/// Whether a foreign key is printed as `joinable!(child -> parent (column))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Joinable {
    /// diesel_cli prints none: the key has several columns, refers to its own table, to
    /// something other than the parent's whole primary key, or shares its two tables with
    /// another foreign key (diesel could not pick one).
    #[default]
    No,
    Yes,
    /// diesel_cli prints one, and it does not compile: the column's type is not the
    /// referenced column's. Not printed; the two tables still count as related.
    TypesDiffer,
}

impl Table {
    pub fn is_view(&self) -> bool {
        self.kind == RelationKind::View
    }
}

impl ForeignKey {
    /// The two tables it links, in a fixed order whichever way the key points: keys
    /// between the same two tables share this value.
    pub fn table_pair(&self) -> (&TableName, &TableName) {
        if self.child_table <= self.parent_table {
            (&self.child_table, &self.parent_table)
        } else {
            (&self.parent_table, &self.child_table)
        }
    }
}

/// A custom SQL type that `schema.rs` defines in its `sql_types` module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CustomType {
    /// The Rust name of the type, e.g. `Mood` or `ShirtsSizeEnum`.
    pub rust_name: String,
    pub definition: TypeDefinition,
}

/// How diesel is told which database type a custom SQL type stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeDefinition {
    /// `#[diesel(postgres_type(name = "...", schema = "..."))]`
    Postgres {
        name: String,
        schema: Option<String>,
    },
    /// `#[diesel(mysql_type(name = "..."))]`: `Enum`, `Set`, ... MySQL types are per column,
    /// so the definition remembers which column it was made for (its doc comment links it).
    Mysql {
        /// The capitalised name diesel expects, e.g. `Enum`.
        name: String,
        /// The type as the database names it, e.g. `enum`.
        sql_name: String,
        /// The Rust names of the table and column it types.
        table: String,
        column: String,
    },
}

/// Everything `schema.rs` is generated from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Sorted by name (on SQLite, the tables by name and then the views by name, as diesel
    /// lists them).
    pub tables: Vec<Table>,
    /// Sorted by (child, parent, columns).
    pub foreign_keys: Vec<ForeignKey>,
    pub custom_types: Vec<CustomType>,
    /// The Rust names that differ from diesel_cli's mapping because two names met.
    pub names: crate::names::Names,
}

/// Something introspection did differently from diesel_cli so that the generated code
/// compiles: the CLI prints these on stderr.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning(pub String);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
