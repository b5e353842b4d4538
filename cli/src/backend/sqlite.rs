//! SQLite: the embedded default.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use strata_schema_gen::quote::Quote;
use strata_schema_gen::{Introspection, PrintSchemaOptions};

mod lint;

use super::held::Held;
use super::ledger::{self, SharedLedger};
use super::lock::{self, HeldLock, LockError, LockWait, NoLock};
use super::{
    connect_error, AdminError, Catalog, ConnectError, DatabaseAdmin, DatabaseUrl, InitialMigration,
};
use crate::migrate::apply::{Step, StepError, StepRunner};
use crate::migrate::connection::{MigrationConnection, Snapshots};
use crate::migrate::contents::Contents;
use crate::migrate::dialect::Dialect;
use crate::migrate::lock::Locking;
use crate::migrate::script::{Bodies, SplitRules};

pub struct Sqlite<'c> {
    conn: Held<'c, SqliteConnection>,
    /// The database file; `None` for an in-memory database.
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Sqlite<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sqlite")
    }
}

impl Sqlite<'_> {
    pub fn establish(url: &DatabaseUrl) -> Result<Sqlite<'static>, ConnectError> {
        // The URL goes to SQLite as written: `file:` and `sqlite://` URLs are URIs, whose
        // parameters (`?mode=ro`, `?cache=shared`) SQLite honours.
        let mut conn =
            SqliteConnection::establish(url.expose()).map_err(|e| connect_error(url, &e))?;
        // Readers (`list`, `check`) may meet a runner's write transaction: wait for it
        // rather than fail with "database is locked".
        conn.batch_execute("PRAGMA busy_timeout = 10000")
            .map_err(|e| ConnectError {
                url: url.to_string(),
                message: e.to_string(),
            })?;
        let path = (!in_memory(url)).then(|| PathBuf::from(url.sqlite_path()));
        Ok(Sqlite {
            conn: Held::Owned(conn),
            path,
        })
    }
}

impl<'c> Sqlite<'c> {
    /// The application's own connection. The lock is a `flock` on the database's file
    /// (`PRAGMA database_list` names it); an in-memory database has no other connection to
    /// fear.
    pub fn borrow(conn: &'c mut SqliteConnection) -> QueryResult<Sqlite<'c>> {
        #[derive(QueryableByName)]
        struct File {
            #[diesel(sql_type = diesel::sql_types::Text)]
            file: String,
        }
        let files: Vec<File> =
            diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .load(conn)?;
        let path = files
            .into_iter()
            .map(|f| f.file)
            .find(|file| !file.is_empty())
            .map(PathBuf::from);
        Ok(Sqlite {
            conn: Held::Borrowed(conn),
            path,
        })
    }
}

/// Whether opening `url` would create a database file: it names a file (not memory) that
/// does not exist.
pub fn connecting_creates_a_file(url: &DatabaseUrl) -> bool {
    !in_memory(url) && !Path::new(url.sqlite_path()).exists()
}

fn in_memory(url: &DatabaseUrl) -> bool {
    url.sqlite_path() == ":memory:" || url.expose().contains("mode=memory")
}

/// The CLI's SQLite settings, before its first connection. The bundled SQLite is built
/// serialized (a mutex around every call) and keeping memory statistics (a global mutex
/// around every allocation); the CLI uses each connection from one thread at a time, which
/// diesel's `!Sync` connection guarantees, and reads no statistics, so neither mutex buys it
/// anything (docs/PERFORMANCE.md has what they cost a large print-schema).
#[allow(unsafe_code)]
pub fn configure_cli_process() {
    // SAFETY: sqlite3_config is only valid before SQLite initialises, i.e. before the first
    // connection opens; main calls this first thing. Were SQLite already initialised, the
    // calls would return SQLITE_MISUSE and change nothing, which is harmless: these are
    // speed settings only, so their results are not checked.
    unsafe {
        libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MULTITHREAD);
        libsqlite3_sys::sqlite3_config(
            libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
            std::ffi::c_int::from(0u8),
        );
    }
}

/// The migration lock on SQLite: an exclusive `flock` on the database file itself, so no
/// extra file is left beside it. SQLite's own locks are POSIX record locks, which `flock`
/// does not interact with on Linux; the lock is released when the handle is dropped, which
/// happens only between transactions.
#[derive(Debug)]
struct FileLock {
    _file: File,
}
impl HeldLock for FileLock {}

/// Who holds an exclusive `flock` on `file` (Linux: from /proc/locks).
fn flock_holder(file: &File) -> String {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = file.metadata() else {
        return "another process".to_owned();
    };
    let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
    let inode = format!(":{}", meta.ino());
    locks
        .lines()
        .filter(|line| line.contains("FLOCK") && !line.contains("->"))
        .find_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
            let device_inode = fields.get(5)?;
            if !device_inode.ends_with(&inode) {
                return None;
            }
            let pid = fields.get(4)?;
            let command = std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|raw| {
                    raw.split(|&b| b == 0)
                        .filter(|part| !part.is_empty())
                        .map(|part| String::from_utf8_lossy(part).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            Some(if command.is_empty() {
                format!("process {pid}")
            } else {
                format!("process {pid} ({command})")
            })
        })
        .unwrap_or_else(|| "another process".to_owned())
}

/// SQLite's SQL: brackets and backticks quote names, a trigger's body holds `;`, and
/// everything, schema changes included, rolls back.
#[derive(Debug)]
pub struct SqliteDialect;

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        "SQLite"
    }

    fn split_rules(&self) -> SplitRules {
        SplitRules {
            backtick_identifiers: true,
            bracket_identifiers: true,
            bodies: Bodies::Triggers,
            ..SplitRules::STANDARD
        }
    }

    fn identifier_quote(&self) -> Quote {
        Quote::Backtick
    }
}

impl MigrationConnection for Sqlite<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        &SqliteDialect
    }

    fn lint_probe(&mut self) -> Option<Box<dyn crate::migrate::lint::LintProbe + '_>> {
        Some(Box::new(lint::Probe::new(self)))
    }

    fn contents(&mut self) -> Option<&mut dyn Contents> {
        Some(self)
    }
}

impl SharedLedger for Sqlite<'_> {
    type Conn = SqliteConnection;

    fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }

    const STATE_TABLES: &'static str = "SELECT name FROM sqlite_schema WHERE type = 'table' \
         AND name IN ('__diesel_schema_migrations', '__strata_migrations')";
}

impl StepRunner for Sqlite<'_> {
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        if step.transactional {
            // IMMEDIATE takes the write lock up front, so two runners cannot interleave.
            self.conn
                .immediate_transaction(|conn| ledger::run_step(conn, step, ledger::write_ledger))
        } else {
            ledger::run_step(&mut *self.conn, step, ledger::write_ledger)
        }
    }

    fn begin_all(&mut self) -> QueryResult<()> {
        // IMMEDIATE takes the write lock up front, so no other writer slips in between.
        diesel::connection::AnsiTransactionManager::begin_transaction_sql(
            &mut *self.conn,
            "BEGIN IMMEDIATE",
        )
    }

    fn commit_all(&mut self) -> QueryResult<()> {
        ledger::commit(&mut *self.conn)
    }

    fn rollback_all(&mut self) -> QueryResult<()> {
        ledger::rollback(&mut *self.conn)
    }
}

impl Locking for Sqlite<'_> {
    fn lock(
        &mut self,
        wait: &LockWait,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError> {
        let Some(path) = &self.path else {
            return Ok(Box::new(NoLock));
        };
        let file = File::open(path)
            .map_err(|e| LockError::Failed(format!("cannot open {}: {e}", path.display())))?;
        let mut file = file;
        lock::wait_for(
            wait,
            waiting,
            &mut file,
            |file| match file.try_lock() {
                Ok(()) => Ok(true),
                Err(TryLockError::WouldBlock) => Ok(false),
                Err(TryLockError::Error(e)) => Err(LockError::Failed(format!(
                    "cannot lock {}: {e}",
                    path.display()
                ))),
            },
            |file| flock_holder(file),
        )?;
        Ok(Box::new(FileLock { _file: file }))
    }
}

impl Snapshots for Sqlite<'_> {
    fn read_snapshot(
        &mut self,
        _schema: Option<&str>,
    ) -> Result<strata_schema_gen::Snapshot, strata_schema_gen::Error> {
        strata_schema_gen::sqlite::snapshot::snapshot(&mut self.conn)
    }

    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl {
        &strata_schema_gen::sqlite::ddl::SqliteDdl
    }
}

impl Catalog for Sqlite<'_> {
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::sqlite::introspect(&mut self.conn, options)
    }

    /// A local file: nothing travels over a network to encrypt.
    fn encryption(&mut self) -> QueryResult<super::Encryption> {
        Ok(super::Encryption::none())
    }

    fn script_syntax(&self) -> &'static dyn super::dry_run::ScriptSyntax {
        &SqliteScript
    }
}

/// Creating and dropping a SQLite database is creating and deleting its file.
#[derive(Debug)]
pub struct SqliteAdmin;

impl DatabaseAdmin for SqliteAdmin {
    fn shown_name(&self, url: &DatabaseUrl) -> String {
        url.expose().to_owned()
    }

    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError> {
        Ok(Path::new(url.sqlite_path()).exists())
    }

    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        Sqlite::establish(url)
            .map(drop)
            .map_err(AdminError::Connect)
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let path = url.sqlite_path();
        std::fs::remove_file(path).map_err(|source| AdminError::Io {
            path: path.into(),
            source,
        })?;
        // The write-ahead log and shared-memory files belong to the database too.
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        Ok(())
    }

    fn scratch_url(&self, _url: &DatabaseUrl, dir: &std::path::Path, name: &str) -> DatabaseUrl {
        let path = dir.join(format!("{name}.db"));
        DatabaseUrl::parse(&path.to_string_lossy()).expect("a file path is a SQLite URL")
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        None
    }
}

/// `--dry-run` scripts for the `sqlite3` shell.
#[derive(Debug)]
struct SqliteScript;

impl super::dry_run::ScriptSyntax for SqliteScript {
    fn begin(&self) -> &'static str {
        "BEGIN IMMEDIATE"
    }

    fn literal(&self, text: &str) -> String {
        super::dry_run::standard_literal(text)
    }
}
