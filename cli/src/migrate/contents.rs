//! What a database holds beyond its schema snapshot, as `squash` and `baseline` need it:
//! the rows its tables hold, where its counters stand, the objects the snapshot does not
//! model but that can be carried by their definitions (PostgreSQL's functions and
//! comments), and the ones that cannot, which make both commands refuse rather than write a
//! migration that loses them.

use diesel::QueryResult;
use strata_schema_gen::Snapshot;

/// When a carried object is created in a generated up.sql.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Before the tables (functions that defaults, checks, views and triggers call).
    BeforeTables,
    /// After the tables and views, before the rows (functions whose arguments or result
    /// are the schema's own types or tables).
    AfterTables,
    /// After everything else (comments on tables and columns).
    Last,
}

/// An object outside the snapshot, carried into a generated migration by its definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Carried {
    pub stage: Stage,
    /// How a report names it: ``function `touch()` ``.
    pub label: String,
    /// The statement that creates it, as the database writes it.
    pub create: String,
    /// The statement that drops it, when dropping the tables does not.
    pub drop: Option<String>,
}

/// What a backend reads of a database beyond the snapshot.
pub trait Contents {
    /// Objects in `schema` that the snapshot cannot express and that cannot be carried
    /// either, as labels (``materialized view `totals` ``).
    fn unexpressed(&mut self, schema: Option<&str>) -> QueryResult<Vec<String>>;
    /// Objects the snapshot does not hold that are carried by their definitions.
    fn carried(&mut self, schema: Option<&str>) -> QueryResult<Vec<Carried>>;
    /// Each row of `table`, as one INSERT statement of the columns that take values (a
    /// generated column's are computed), in the order the table returns them.
    fn rows(&mut self, snapshot: &Snapshot, table: &str) -> QueryResult<Vec<String>>;
    /// Statements that set the database's counters (PostgreSQL's sequences, MySQL's
    /// AUTO_INCREMENT, SQLite's sqlite_sequence) to where they stand now: inserting the rows
    /// moves a counter only past the largest id, not past rows deleted since.
    fn counters(&mut self, schema: Option<&str>) -> QueryResult<Vec<String>>;
    /// Statements a generated up.sql starts with (PostgreSQL: function bodies are not
    /// checked until the tables they use exist).
    fn preamble(&self) -> Vec<String> {
        Vec::new()
    }
    /// Statements a generated up.sql ends with: the session as the preamble found it.
    fn postamble(&self) -> Vec<String> {
        Vec::new()
    }
}
