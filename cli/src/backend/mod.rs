//! The database backends, behind two small traits.
//!
//! [`Connection`] is the one place that matches on the backend: it hands out the backend's
//! [`MigrationConnection`] (ledger, applying SQL, introspection), and [`admin`] its
//! [`DatabaseAdmin`] (create, drop). Commands and the runner only see the traits, so adding
//! a backend never touches them. SQL that a backend runs lives in its own module.

pub mod ledger;
mod sqlite;
pub mod url;

use diesel::QueryResult;
use strata_schema_gen::{Introspection, PrintSchemaOptions};

use crate::migrate::script::{Dialect, Statement};
pub use url::{Backend, DatabaseUrl, UrlError};

/// The database could not be reached.
#[derive(Debug, thiserror::Error)]
#[error("could not connect to {url}: {message}")]
pub struct ConnectError {
    /// Redacted.
    pub url: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("cannot remove {}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{backend} support is not built into this strata binary")]
    Unsupported { backend: &'static str },
}

/// The ledger row a step writes or deletes, in the same transaction as its SQL.
#[derive(Debug, Clone, Copy)]
pub enum LedgerChange<'a> {
    Record(&'a str),
    Erase(&'a str),
}

/// One migration direction applied: its statements, then the ledger change.
#[derive(Debug)]
pub struct Step<'a> {
    pub statements: &'a [Statement],
    pub ledger: LedgerChange<'a>,
    /// All of it in one transaction (the default), or statement by statement.
    pub transactional: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("statement {index} failed: {source}")]
    Statement {
        index: usize,
        source: diesel::result::Error,
    },
    #[error(transparent)]
    Other(#[from] diesel::result::Error),
}

/// What the migration runner needs from a connected database.
pub trait MigrationConnection {
    fn dialect(&self) -> Dialect;
    fn ledger_exists(&mut self) -> QueryResult<bool>;
    /// Creates the ledger if it is missing (diesel's DDL).
    fn create_ledger(&mut self) -> QueryResult<()>;
    /// Applied versions, ascending.
    fn applied_versions(&mut self) -> QueryResult<Vec<String>>;
    /// Runs a step's statements and ledger change; atomically when `step.transactional`.
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError>;
    /// Reads the live schema for `schema.rs`.
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error>;
}

/// Creating and dropping whole databases.
pub trait DatabaseAdmin {
    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError>;
    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError>;
    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError>;
}

/// An open connection to one of the backends.
#[derive(Debug)]
pub enum Connection {
    Sqlite(sqlite::Sqlite),
}

impl Connection {
    pub fn establish(url: &DatabaseUrl) -> Result<Connection, ConnectError> {
        match url.backend() {
            Backend::Sqlite => sqlite::Sqlite::establish(url).map(Connection::Sqlite),
            other => Err(ConnectError {
                url: url.to_string(),
                message: format!(
                    "{} support is not built into this strata binary",
                    other.name()
                ),
            }),
        }
    }

    pub fn migrations(&mut self) -> &mut dyn MigrationConnection {
        match self {
            Connection::Sqlite(conn) => conn,
        }
    }
}

/// The create/drop implementation for a backend.
pub fn admin(backend: Backend) -> Result<&'static dyn DatabaseAdmin, AdminError> {
    match backend {
        Backend::Sqlite => Ok(&sqlite::SqliteAdmin),
        other => Err(AdminError::Unsupported {
            backend: other.name(),
        }),
    }
}
