//! The database backends, behind two small traits.
//!
//! [`Connection`] is the one place that matches on the backend: it hands out the backend's
//! [`MigrationConnection`] (ledger, applying SQL, introspection), and [`admin`] its
//! [`DatabaseAdmin`] (create, drop). Commands and the runner only see the traits, so adding
//! a backend never touches them. SQL that a backend runs lives in its own module.

pub mod dry_run;
pub mod held;
pub mod history;
pub mod ledger;
pub mod lock;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "mysql")]
mod mysql_step;
#[cfg(feature = "mysql")]
mod mysql_tls;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "cli")]
pub mod scratch;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod tls;
pub mod url;

use diesel::QueryResult;
use strata_schema_gen::{Introspection, PrintSchemaOptions, Snapshot};

use crate::migrate::script::{Dialect, Statement};
use history::{HistoryDigest, HistoryRecord, HistoryWrite, NewApplied};
use lock::{HeldLock, LockError, LockWait};
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

/// The ledger and history rows a step writes or deletes, in the same transaction as its
/// SQL.
#[derive(Debug, Clone, Copy)]
pub enum LedgerChange<'a> {
    Record(&'a NewApplied<'a>),
    Erase(&'a str),
}

/// Which of the tables that record migrations exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StateTables {
    /// diesel's `__diesel_schema_migrations`.
    pub ledger: bool,
    /// strata's `__strata_migrations`.
    pub history: bool,
}

impl StateTables {
    /// From the names of the tables found.
    fn from_names(names: impl IntoIterator<Item = String>) -> StateTables {
        let mut tables = StateTables::default();
        for name in names {
            if name.eq_ignore_ascii_case(ledger::LEDGER_TABLE) {
                tables.ledger = true;
            } else if name.eq_ignore_ascii_case(history::HISTORY_TABLE) {
                tables.history = true;
            }
        }
        tables
    }
}

/// A table name, as the backends' `state_tables` queries return them.
#[derive(Debug, diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
struct TableNameRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// One migration direction applied: its statements, then the ledger change.
#[derive(Debug)]
pub struct Step<'a> {
    /// The migration's directory name, and the file the statements come from.
    pub migration: &'a str,
    pub file: &'a std::path::Path,
    pub statements: &'a [Statement],
    pub ledger: LedgerChange<'a>,
    /// All of it in one transaction (the default), or statement by statement.
    pub transactional: bool,
    /// For a step that cannot be undone as a whole (outside a transaction, or with MySQL's
    /// implicit commits): what to record before the statements that commit, so that a run
    /// killed part-way leaves a true account of how far it got. `None` for an atomic step.
    pub progress: Option<Progress<'a>>,
}

/// How far a step that commits part by part has got, as strata's history row for its
/// version says while it runs. The row exists (with the text for the first statement)
/// before the step starts; the backend writes `before[i]`, when there is one, just before
/// statement `i`, where it commits with everything before it.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    pub version: &'a str,
    pub before: Vec<Option<String>>,
}

impl Step<'_> {
    /// The history row's text to commit before statement `index`, if any.
    pub fn progress_before(&self, index: usize) -> Option<(&str, &str)> {
        let progress = self.progress.as_ref()?;
        let text = progress.before.get(index)?.as_deref()?;
        Some((progress.version, text))
    }
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

/// The tables that record migrations, as they stand: which exist and what they hold. The
/// history is full [`HistoryRecord`]s, or [`HistoryDigest`]s where only "is anything to
/// do?" is asked.
#[derive(Debug, Clone, Default)]
pub struct Recorded<H = HistoryRecord> {
    pub tables: StateTables,
    /// diesel's ledger: applied versions, ascending.
    pub applied: Vec<String>,
    /// strata's history: full records in applied order, digests in no particular order.
    pub history: Vec<H>,
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

/// [`MigrationConnection::recorded`] in three reads: which tables exist, then each that does.
pub fn read_recorded(conn: &mut (impl MigrationConnection + ?Sized)) -> QueryResult<Recorded> {
    read_recorded_with(conn, |c| c.history())
}

/// [`read_recorded`], with the history read by `read_history`.
pub fn read_recorded_with<C: MigrationConnection + ?Sized, H>(
    conn: &mut C,
    read_history: impl FnOnce(&mut C) -> QueryResult<Vec<H>>,
) -> QueryResult<Recorded<H>> {
    let tables = conn.state_tables()?;
    Ok(Recorded {
        tables,
        applied: if tables.ledger {
            conn.applied_versions()?
        } else {
            Vec::new()
        },
        history: if tables.history {
            read_history(conn)?
        } else {
            Vec::new()
        },
    })
}

/// [`MigrationConnection::recorded`] in two reads, as if both tables existed: an error when
/// either is missing. For a backend where a query costs round trips, with
/// [`read_recorded_with`] as the fallback (both tables exist on every run but the first).
pub fn read_recorded_assuming_tables<C: MigrationConnection + ?Sized, H>(
    conn: &mut C,
    read_history: impl FnOnce(&mut C) -> QueryResult<Vec<H>>,
) -> QueryResult<Recorded<H>> {
    Ok(Recorded {
        tables: StateTables {
            ledger: true,
            history: true,
        },
        applied: conn.applied_versions()?,
        history: read_history(conn)?,
    })
}

/// What the migration runner needs from a connected database.
pub trait MigrationConnection {
    fn dialect(&self) -> Dialect;
    /// Which of diesel's ledger and strata's history exist (one query).
    fn state_tables(&mut self) -> QueryResult<StateTables>;
    /// Creates diesel's ledger (diesel's DDL) and strata's history if they are missing.
    fn create_state_tables(&mut self) -> QueryResult<()>;
    /// Applied versions, ascending.
    fn applied_versions(&mut self) -> QueryResult<Vec<String>>;
    /// strata's history, in applied order.
    fn history(&mut self) -> QueryResult<Vec<HistoryRecord>>;
    /// Which state tables exist, the applied versions and the history: what every run
    /// reads first. By default [`read_recorded`]; a backend where a query costs round trips
    /// may read it all at once.
    fn recorded(&mut self) -> QueryResult<Recorded> {
        read_recorded(self)
    }
    /// strata's history as digests, in no particular order.
    fn history_digest(&mut self) -> QueryResult<Vec<HistoryDigest>>;
    /// As [`MigrationConnection::recorded`], with the history as digests: what a run reads
    /// to decide whether it has anything to do.
    fn recorded_digest(&mut self) -> QueryResult<Recorded<HistoryDigest>> {
        read_recorded_with(self, |c| c.history_digest())
    }
    /// Changes strata's history outside a migration step.
    fn write_history(&mut self, change: HistoryWrite<'_>) -> QueryResult<()>;
    /// Runs a step's statements and ledger change; atomically when `step.transactional`.
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError>;
    /// Whether steps that commit part by part record their progress (see [`Progress`]).
    fn tracks_progress(&self) -> bool {
        true
    }
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
    /// Starts, commits or rolls back the one transaction of an all-or-nothing run, in which
    /// steps then run with `transactional: false`.
    fn begin_all(&mut self) -> QueryResult<()>;
    fn commit_all(&mut self) -> QueryResult<()>;
    fn rollback_all(&mut self) -> QueryResult<()>;
    /// Whether taking the lock costs enough (a connection of its own, on the servers) that a
    /// run should first check, unlocked, whether it has anything to do. SQLite's lock is a
    /// `flock`, and an unlocked read there could wait out the busy timeout behind a
    /// committing writer, silently and past `--lock-timeout`.
    fn read_before_locking(&self) -> bool {
        false
    }
    /// Releases a lock [`MigrationConnection::lock`] took: dropping it, unless it lives on
    /// this connection's own session.
    fn unlock(&mut self, lock: Box<dyn HeldLock>) -> QueryResult<()> {
        drop(lock);
        Ok(())
    }
    /// Takes the migration lock for this database, waiting as `wait` says and telling
    /// `waiting` who holds it meanwhile.
    fn lock(
        &mut self,
        wait: &LockWait,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError>;
    /// Reads the full physical schema (`schema`: the PostgreSQL schema; others have one),
    /// bookkeeping tables included; see [`snapshot`].
    fn read_snapshot(&mut self, schema: Option<&str>)
        -> Result<Snapshot, strata_schema_gen::Error>;
    /// The backend's DDL, for down.sql generated from two snapshots.
    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl;
    /// How the backend's native client reads a script (`--dry-run`).
    fn script_syntax(&self) -> &'static dyn dry_run::ScriptSyntax;
    /// Whether this session is encrypted, as the server reports it (see [`tls`]).
    fn encryption(&mut self) -> QueryResult<Encryption>;
    /// Reads the live schema for `schema.rs`.
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error>;
}

/// The database's schema as migrations shape it: the full snapshot without the tables
/// that record migrations (diesel's ledger and strata's history), which exist before the
/// first migration and are changed by every one.
pub fn snapshot(
    conn: &mut dyn MigrationConnection,
    schema: Option<&str>,
) -> Result<Snapshot, strata_schema_gen::Error> {
    let mut snapshot = conn.read_snapshot(schema)?;
    snapshot.retain_tables(|table| {
        ![
            ledger::LEDGER_TABLE,
            history::HISTORY_TABLE,
            history::ACCEPTED_EDITS_TABLE,
        ]
        .iter()
        .any(|own| table.eq_ignore_ascii_case(own))
    });
    Ok(snapshot)
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
