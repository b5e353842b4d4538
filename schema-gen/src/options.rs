//! What a caller can ask of introspection and rendering.
//!
//! These mirror the keys of a `[print_schema]` section of `diesel.toml`, but this crate does not
//! read that file: the CLI maps the file (and its flags) onto these values.

use regex::Regex;

/// Which tables to print.
#[derive(Debug, Clone, Default)]
pub enum TableFilter {
    #[default]
    All,
    /// Keep tables whose name matches at least one of these (unanchored) patterns.
    OnlyTables(Vec<Regex>),
    /// Drop tables whose name matches at least one of these (unanchored) patterns.
    ExceptTables(Vec<Regex>),
}

impl TableFilter {
    /// Whether a table (by its unqualified name) is printed.
    pub fn keeps(&self, table_name: &str) -> bool {
        match self {
            TableFilter::All => true,
            TableFilter::OnlyTables(patterns) => patterns.iter().any(|p| p.is_match(table_name)),
            TableFilter::ExceptTables(patterns) => !patterns.iter().any(|p| p.is_match(table_name)),
        }
    }
}

/// The order of columns inside each `table!`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColumnSorting {
    /// The order the database declares them in.
    #[default]
    OrdinalPosition,
    /// Alphabetical by column name.
    Name,
}

/// Which doc comments to print on tables and columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocComments {
    /// No doc comments at all (`with_docs = false`).
    #[default]
    None,
    /// Database comments only, nothing where there is none.
    OnlyDatabaseComments,
    /// Database comments, falling back to generated sentences (`with_docs = true`).
    DatabaseCommentsFallbackToGenerated,
}

/// Which tables `allow_tables_to_appear_in_same_query!` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AllowTablesInSameQuery {
    #[default]
    AllTables,
    /// Only tables connected to another by a foreign key.
    FkRelatedTables,
    /// No `allow_tables_to_appear_in_same_query!` at all.
    None,
}

/// Options for introspection (what to read) and rendering (how to print it).
#[derive(Debug, Clone)]
pub struct PrintSchemaOptions {
    pub filter: TableFilter,
    /// The database schema to read (PostgreSQL schema, or MySQL database); `None` = default.
    pub schema: Option<String>,
    pub column_sorting: ColumnSorting,
    pub with_docs: DocComments,
    pub import_types: Option<Vec<String>>,
    pub generate_missing_sql_type_definitions: bool,
    pub custom_type_derives: Vec<String>,
    pub except_custom_type_definitions: Vec<Regex>,
    pub pg_domains_as_custom_types: Vec<Regex>,
    pub sqlite_integer_primary_key_is_bigint: bool,
    pub allow_tables_to_appear_in_same_query: AllowTablesInSameQuery,
    /// Print views as `diesel::view!` (`include_views`, a key of diesel's main branch;
    /// `view!` needs diesel 2.4). Off, no view is read.
    pub include_views: bool,
    /// Define MySQL-like custom types (`ENUM`, `SET`) with `#[diesel(mariadb_type(...))]`,
    /// for diesel 2.4's MariaDB backend, as diesel's main branch does for a `mariadb://`
    /// URL; else `mysql_type`, for diesel's `mysql` backend.
    pub mariadb_type_definitions: bool,
}

impl Default for PrintSchemaOptions {
    fn default() -> Self {
        Self {
            filter: TableFilter::All,
            schema: None,
            column_sorting: ColumnSorting::OrdinalPosition,
            with_docs: DocComments::None,
            import_types: None,
            generate_missing_sql_type_definitions: true,
            custom_type_derives: Vec::new(),
            except_custom_type_definitions: Vec::new(),
            pg_domains_as_custom_types: Vec::new(),
            sqlite_integer_primary_key_is_bigint: false,
            allow_tables_to_appear_in_same_query: AllowTablesInSameQuery::AllTables,
            include_views: false,
            mariadb_type_definitions: false,
        }
    }
}
