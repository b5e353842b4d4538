//! The database backends, behind two small traits.
//!
//! [`Connection`] is the one place that matches on the backend: it hands out the backend's
//! [`MigrationConnection`] (the runner's traits, defined in `migrate/`: ledger, steps, lock,
//! snapshots, dialect) and [`Catalog`] (introspection, encryption, environment), and
//! [`admin`] its [`DatabaseAdmin`] (create, drop). Commands and the runner only see the
//! traits, so adding a backend never touches them. SQL that a backend runs lives in its own
//! module.

mod contents;
pub mod dry_run;
pub mod held;
pub mod history;
pub mod ledger;
pub mod lock;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "mysql")]
mod mysql_contents;
#[cfg(feature = "mysql")]
mod mysql_dialect;
#[cfg(feature = "mysql")]
mod mysql_step;
#[cfg(feature = "mysql")]
mod mysql_tls;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "postgres")]
mod postgres_admin;
#[cfg(feature = "postgres")]
mod postgres_contents;
#[cfg(feature = "cli")]
pub mod scratch;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(feature = "sqlite")]
mod sqlite_contents;
pub mod tls;
pub mod url;

use diesel::QueryResult;
use strata_schema_gen::{Introspection, PrintSchemaOptions};

use crate::migrate::MigrationConnection;
pub use tls::Encryption;
pub use url::{Backend, DatabaseUrl, UrlError};

/// The database could not be reached.
#[derive(Debug, thiserror::Error)]
#[error("could not connect to {url}: {message}")]
pub struct ConnectError {
    /// Redacted.
    pub url: String,
    pub message: String,
}

/// A connection error with the URL redacted and the driver's message on one line, plus
/// what to check when the server did not answer at all.
fn connect_error(url: &DatabaseUrl, error: &diesel::ConnectionError) -> ConnectError {
    let message = error
        .to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    // libpq quotes what it could not read (a host name that is a password's tail after an
    // `@`, a percent-escape in the password), so every form of every secret goes.
    let message = url.scrub(&message);
    let unreachable = [
        "Connection refused",
        "Can't connect",
        "could not translate host",
    ]
    .iter()
    .any(|needle| message.contains(needle));
    let missing_database = message.contains("does not exist") && message.contains("database")
        || message.contains("Unknown database");
    let message = if unreachable {
        format!(
            "{message} (is the {} server running?)",
            url.backend().name()
        )
    } else if missing_database {
        format!("{message} (create it with `strata database setup`)")
    } else {
        message
    };
    ConnectError {
        url: url.to_string(),
        message,
    }
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
    #[error("{message}")]
    Unsupported { message: String },
    #[error("{url} names no database: add one after the host, e.g. {url}/app")]
    NoDatabaseName { url: String },
    #[error("failed {action}{hint}")]
    Query {
        action: String,
        /// What to do about it, when the cause is known (with its leading `: `).
        hint: String,
        #[source]
        source: diesel::result::Error,
    },
}

#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
impl AdminError {
    /// A failed create/drop/exists statement, with advice when the user lacks the right.
    fn query(action: String, source: diesel::result::Error) -> AdminError {
        let message = source.to_string();
        let denied = message.contains("permission denied") || message.contains("Access denied");
        let hint = if denied {
            ": the user in the database URL may not create or drop databases; create it as an \
             administrator, or grant the right (PostgreSQL: ALTER ROLE <user> CREATEDB; MySQL: \
             GRANT ALL ON <database>.* TO <user>)"
                .to_owned()
        } else {
            String::new()
        };
        AdminError::Query {
            action,
            hint,
            source,
        }
    }
}

/// A migration the backend's projects start with (diesel_cli's helper functions on
/// PostgreSQL), written by `setup` into `00000000000000_diesel_initial_setup`.
#[derive(Debug, Clone, Copy)]
pub struct InitialMigration {
    pub up: &'static str,
    pub down: &'static str,
}

/// What a database has outside its migrations, that a scratch database copies so that the
/// migrations run there as they do on the real one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// Extensions, each with the schema it is installed in.
    pub extensions: Vec<Extension>,
    /// Settings made for the database (`ALTER DATABASE ... SET name = value`).
    pub settings: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: String,
}

/// Process-wide settings for the embedded engines, made once by the `strata` binary before
/// it opens any connection. A library never calls this: an application's process belongs
/// to the application.
pub fn configure_cli_process() {
    #[cfg(feature = "sqlite")]
    sqlite::configure_cli_process();
}

/// What a connection offers besides migrating: its catalog read for `schema.rs`, its
/// session's encryption, what a scratch copy of its database needs, and how its native
/// client reads a script. Commands reach it through [`Connection::catalog`]; the runner
/// never needs it.
pub trait Catalog {
    /// Reads the live schema for `schema.rs`.
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error>;
    /// Whether this session is encrypted, as the server reports it (see [`tls`]).
    fn encryption(&mut self) -> QueryResult<Encryption>;
    /// What this database has that migrations may rely on without creating it: on
    /// PostgreSQL, extensions and database-level settings a deployment made. Nothing by
    /// default.
    fn environment(&mut self) -> QueryResult<Environment> {
        Ok(Environment::default())
    }
    /// Gives a scratch database `environment`, before any migration runs in it.
    fn adopt_environment(&mut self, _environment: &Environment) -> QueryResult<()> {
        Ok(())
    }
    /// How the backend's native client reads a script (`--dry-run`).
    fn script_syntax(&self) -> &'static dyn dry_run::ScriptSyntax;
}

/// Creating and dropping whole databases.
pub trait DatabaseAdmin: std::fmt::Debug {
    /// How `Creating database:` and `Dropping database:` name it (diesel_cli's wording):
    /// the path for SQLite, the database name on a server.
    fn shown_name(&self, url: &DatabaseUrl) -> String;
    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError>;
    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError>;
    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError>;
    /// Where a scratch database named `name` goes: a file in `dir` for SQLite, a database
    /// of that name on the same server otherwise.
    fn scratch_url(&self, url: &DatabaseUrl, dir: &std::path::Path, name: &str) -> DatabaseUrl;
    /// Drops the database while a connection of this process may still be busy in it (an
    /// interrupt arrived mid-statement): the server's sessions in it are ended first, since
    /// PostgreSQL refuses to drop a database in use and MySQL waits for its locks.
    fn drop_in_use(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        self.drop_database(url)
    }
    /// The databases on the server `url` names whose names start with `prefix`, for
    /// finding scratch databases that a killed run left behind. Empty for SQLite, whose
    /// scratch databases live in temporary directories.
    fn databases_named_like(
        &self,
        _url: &DatabaseUrl,
        _prefix: &str,
    ) -> Result<Vec<String>, AdminError> {
        Ok(Vec::new())
    }
    /// The migration `setup` adds to a new project, if the backend has one.
    fn initial_migration(&self) -> Option<InitialMigration>;
}

/// An open connection to one of the backends.
#[derive(Debug)]
pub enum Connection {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlite::Sqlite<'static>),
    #[cfg(feature = "postgres")]
    Postgres(postgres::Postgres<'static>),
    #[cfg(feature = "mysql")]
    Mysql(mysql::Mysql<'static>),
}

impl Connection {
    pub fn establish(url: &DatabaseUrl) -> Result<Connection, ConnectError> {
        match url.backend() {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite => sqlite::Sqlite::establish(url).map(Connection::Sqlite),
            #[cfg(feature = "postgres")]
            Backend::Postgres => postgres::Postgres::establish(url).map(Connection::Postgres),
            #[cfg(feature = "mysql")]
            Backend::Mysql => mysql::Mysql::establish(url).map(Connection::Mysql),
            #[allow(unreachable_patterns)]
            other => Err(ConnectError {
                url: url.to_string(),
                message: not_built_in(other),
            }),
        }
    }

    /// Connects where connecting creates nothing; `None` where it would create the
    /// database. Connecting never creates a server database, but opening a SQLite file that
    /// does not exist creates it, which a command that may still fail on bad input must not
    /// do (it connects with [`Connection::establish`] once the input is checked).
    pub fn establish_existing(url: &DatabaseUrl) -> Result<Option<Connection>, ConnectError> {
        #[cfg(feature = "sqlite")]
        if url.backend() == Backend::Sqlite && sqlite::connecting_creates_a_file(url) {
            return Ok(None);
        }
        Connection::establish(url).map(Some)
    }

    pub fn migrations(&mut self) -> &mut dyn MigrationConnection {
        match self {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(conn) => conn,
            #[cfg(feature = "postgres")]
            Connection::Postgres(conn) => conn,
            #[cfg(feature = "mysql")]
            Connection::Mysql(conn) => conn,
        }
    }

    pub fn catalog(&mut self) -> &mut dyn Catalog {
        match self {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(conn) => conn,
            #[cfg(feature = "postgres")]
            Connection::Postgres(conn) => conn,
            #[cfg(feature = "mysql")]
            Connection::Mysql(conn) => conn,
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Connection::Postgres(_) => Backend::Postgres,
            #[cfg(feature = "mysql")]
            Connection::Mysql(_) => Backend::Mysql,
        }
    }
}

/// The create/drop implementation for a backend.
pub fn admin(backend: Backend) -> Result<&'static dyn DatabaseAdmin, AdminError> {
    match backend {
        #[cfg(feature = "sqlite")]
        Backend::Sqlite => Ok(&sqlite::SqliteAdmin),
        #[cfg(feature = "postgres")]
        Backend::Postgres => Ok(&postgres::PostgresAdmin),
        #[cfg(feature = "mysql")]
        Backend::Mysql => Ok(&mysql::MysqlAdmin),
        #[allow(unreachable_patterns)]
        other => Err(AdminError::Unsupported {
            message: not_built_in(other),
        }),
    }
}

/// For a URL whose backend this build left out: which backends it has, and how to get the
/// missing one.
fn not_built_in(backend: Backend) -> String {
    let built: Vec<&str> = Backend::ALL
        .iter()
        .filter(|b| b.is_built_in())
        .map(|b| b.scheme())
        .collect();
    format!(
        "{} support is not built into this strata binary (it accepts {} URLs); rebuild it \
         with `--features {}`",
        backend.name(),
        built.join(", "),
        backend.feature()
    )
}
