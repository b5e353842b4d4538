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
use crate::migrate::{source, MigrateError, Migration, Migrator, Observer, Quiet, RunOptions};
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

    /// As [`Startup::run`], on a connection the application already has.
    pub fn run_on(&self, conn: &mut Connection) -> Result<Vec<String>, StartupError> {
        let (dir, migrations) = self.migrations()?;
        let mut observer: Box<dyn Observer> = if self.quiet {
            Box::new(Quiet)
        } else {
            Box::new(Progress::new())
        };
        let applied = Migrator::with_migrations(conn.migrations(), &dir, migrations)
            .with_options(self.options.clone())
            .run_pending(observer.as_mut())?;
        Ok(applied.into_iter().map(|m| m.name).collect())
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
