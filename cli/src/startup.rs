//! Running pending migrations when an application starts.
//!
//! This is `strata migration run` as a library call: the same runner, so the same lock
//! (instances starting together apply each migration once; the others wait, then find
//! nothing to do), the same checksums (an edited, missing or failed migration stops the
//! start-up with the CLI's error), the same ledger, and by default the same output. The
//! migrations come from the binary itself ([`crate::embed_migrations!`]) or from a
//! directory.
//!
//! ```no_run
//! use strata::migrate::embedded::EmbeddedMigrations;
//! use strata::startup::Startup;
//!
//! const MIGRATIONS: EmbeddedMigrations = strata::embed_migrations!();
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let url = std::env::var("DATABASE_URL")?;
//!     let applied = Startup::embedded(MIGRATIONS)
//!         .lock_timeout(std::time::Duration::from_secs(60))
//!         .run(&url)?;
//!     eprintln!("{} migration(s) applied", applied.len());
//!     Ok(())
//! }
//! ```

use std::path::PathBuf;
use std::time::Duration;

use crate::backend::{ConnectError, Connection, DatabaseUrl, UrlError};
use crate::migrate::embedded::EmbeddedMigrations;
use crate::migrate::{
    source, Count, MigrateError, Migration, MigrationConnection, Migrator, Observer, Quiet,
    RunOptions,
};
use crate::progress::Progress;

/// Why the migrations could not be run; each names what to fix, as the CLI's errors do.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Migrate(#[from] MigrateError),
    /// The application's connection could not say which database file it has open.
    #[error("could not read which database file the connection has open")]
    Inspect(#[source] diesel::result::Error),
}

/// A diesel connection strata can run migrations on, borrowed from the application:
/// `SqliteConnection`, `PgConnection` or `MysqlConnection` (as the backend features allow),
/// and so a pooled connection of one, through `&mut *pooled`.
///
/// strata uses it as the CLI uses its own: the migration lock is taken on it (a session
/// advisory lock on PostgreSQL, `GET_LOCK` on MySQL, a `flock` on the SQLite file; none for
/// an in-memory database, which no other connection can see) and released before the call
/// returns.
pub trait MigrationTarget: sealed::Sealed {
    #[doc(hidden)]
    fn with_migrations<T>(
        &mut self,
        work: impl FnOnce(&mut dyn MigrationConnection) -> T,
    ) -> Result<T, StartupError>;
}

mod sealed {
    pub trait Sealed {}
}

#[cfg(feature = "sqlite")]
impl sealed::Sealed for diesel::SqliteConnection {}
#[cfg(feature = "sqlite")]
impl MigrationTarget for diesel::SqliteConnection {
    fn with_migrations<T>(
        &mut self,
        work: impl FnOnce(&mut dyn MigrationConnection) -> T,
    ) -> Result<T, StartupError> {
        let mut conn =
            crate::backend::sqlite::Sqlite::borrow(self).map_err(StartupError::Inspect)?;
        Ok(work(&mut conn))
    }
}

#[cfg(feature = "postgres")]
impl sealed::Sealed for diesel::PgConnection {}
#[cfg(feature = "postgres")]
impl MigrationTarget for diesel::PgConnection {
    fn with_migrations<T>(
        &mut self,
        work: impl FnOnce(&mut dyn MigrationConnection) -> T,
    ) -> Result<T, StartupError> {
        Ok(work(&mut crate::backend::postgres::Postgres::borrow(self)))
    }
}

#[cfg(feature = "mysql")]
impl sealed::Sealed for diesel::MysqlConnection {}
#[cfg(feature = "mysql")]
impl MigrationTarget for diesel::MysqlConnection {
    fn with_migrations<T>(
        &mut self,
        work: impl FnOnce(&mut dyn MigrationConnection) -> T,
    ) -> Result<T, StartupError> {
        Ok(work(&mut crate::backend::mysql::Mysql::borrow(self)))
    }
}

/// Where the migrations come from.
#[derive(Debug, Clone)]
enum Source {
    Embedded(EmbeddedMigrations),
    Directory(PathBuf),
}

/// What to run at startup, and how.
#[derive(Debug, Clone)]
pub struct Startup {
    source: Source,
    options: RunOptions,
    quiet: bool,
}

impl Startup {
    /// Migrations compiled into the binary by [`crate::embed_migrations!`].
    pub fn embedded(migrations: EmbeddedMigrations) -> Startup {
        Startup::from_source(Source::Embedded(migrations))
    }

    /// Migrations read from a directory when [`Startup::run`] is called.
    pub fn from_dir(dir: impl Into<PathBuf>) -> Startup {
        Startup::from_source(Source::Directory(dir.into()))
    }

    fn from_source(source: Source) -> Startup {
        Startup {
            source,
            options: RunOptions::default(),
            quiet: false,
        }
    }

    /// Give up when another instance has held the migration lock this long (default: wait
    /// as long as it takes, as a deploy usually wants).
    pub fn lock_timeout(mut self, timeout: Duration) -> Startup {
        self.options.lock.timeout = Some(timeout);
        self
    }

    /// Apply pending migrations older than the newest applied one (`--allow-out-of-order`).
    pub fn allow_out_of_order(mut self) -> Startup {
        self.options.allow_out_of_order = true;
        self
    }

    /// Print nothing (by default, the CLI's lines: `Running migration ...` on stdout and
    /// the time each took on stderr).
    pub fn quiet(mut self) -> Startup {
        self.quiet = true;
        self
    }

    /// Connects to `database_url` (a SQLite path, `postgres://`, `mysql://`) and applies
    /// every pending migration; returns the names of those applied, in order.
    pub fn run(&self, database_url: &str) -> Result<Vec<String>, StartupError> {
        let url = DatabaseUrl::parse(database_url)?;
        let mut conn = Connection::establish(&url)?;
        self.run_on(&mut conn)
    }

    /// As [`Startup::run`], on a connection strata opened ([`Connection::establish`]).
    pub fn run_on(&self, conn: &mut Connection) -> Result<Vec<String>, StartupError> {
        self.run_pending(conn.migrations())
    }

    /// As [`Startup::run`], on the application's own diesel connection (from its pool, its
    /// tests' in-memory SQLite database, with its TLS options and pragmas):
    ///
    /// ```no_run
    /// # use diesel::Connection;
    /// # use strata::startup::Startup;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut conn = diesel::SqliteConnection::establish(":memory:")?;
    /// Startup::from_dir("migrations").quiet().run_with(&mut conn)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn run_with(&self, conn: &mut impl MigrationTarget) -> Result<Vec<String>, StartupError> {
        conn.with_migrations(|conn| self.run_pending(conn))?
    }

    /// The migrations not applied yet, by name, on the application's own connection; an
    /// edited, missing or failed migration is an error, as it is for [`Startup::run_with`].
    /// For health checks and "migrate or refuse to start" policies. Takes no lock and
    /// writes nothing.
    pub fn pending_with(
        &self,
        conn: &mut impl MigrationTarget,
    ) -> Result<Vec<String>, StartupError> {
        conn.with_migrations(|conn| self.pending_on(conn))?
    }

    /// Reverts the most recently applied migration with its down.sql, under the lock;
    /// returns its name, or `None` when nothing is applied (diesel_migrations'
    /// `revert_last_migration`).
    pub fn revert_last_with(
        &self,
        conn: &mut impl MigrationTarget,
    ) -> Result<Option<String>, StartupError> {
        conn.with_migrations(|conn| {
            let (dir, migrations) = self.migrations()?;
            let reverted = Migrator::with_migrations(conn, &dir, migrations)
                .with_options(self.options.clone())
                .revert(Count::Last(1), self.observer().as_mut())?;
            Ok(reverted.into_iter().next().map(|m| m.name))
        })?
    }

    fn run_pending(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<String>, StartupError> {
        let (dir, migrations) = self.migrations()?;
        let applied = Migrator::with_migrations(conn, &dir, migrations)
            .with_options(self.options.clone())
            .run_pending(self.observer().as_mut())?;
        Ok(applied.into_iter().map(|m| m.name).collect())
    }

    fn pending_on(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<String>, StartupError> {
        let (dir, migrations) = self.migrations()?;
        let mut migrator = Migrator::with_migrations(conn, &dir, migrations);
        let entries = migrator.entries()?;
        if let Some(refusal) = entries
            .iter()
            .find_map(|e| crate::migrate::refusal(e, &dir))
        {
            return Err(StartupError::Migrate(refusal));
        }
        Ok(entries
            .into_iter()
            .filter(|e| e.is_pending())
            .map(|e| e.name().to_owned())
            .collect())
    }

    fn observer(&self) -> Box<dyn Observer> {
        if self.quiet {
            Box::new(Quiet)
        } else {
            Box::new(Progress::new())
        }
    }

    fn migrations(&self) -> Result<(PathBuf, Vec<Migration>), MigrateError> {
        match &self.source {
            Source::Embedded(embedded) => {
                Ok((PathBuf::from(embedded.dir()), embedded.migrations()?))
            }
            Source::Directory(dir) => Ok((dir.clone(), source::discover(dir)?)),
        }
    }
}
