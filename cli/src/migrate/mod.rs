//! The migration runner, as a library: what `strata migration ...` does, callable from an
//! application at startup. It is the same code the CLI runs: `run_pending` takes the
//! database's migration lock (so several instances starting at once apply each migration
//! once), verifies the checksums of applied migrations, and refuses edited, missing, failed
//! or out-of-order migrations with the same errors. [`RunOptions`] sets the lock timeout,
//! `--single-transaction` and `--allow-out-of-order`.
//!
//! ```no_run
//! use strata::backend::{Connection, DatabaseUrl};
//! use strata::migrate::{Migrator, Quiet};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let url = DatabaseUrl::parse("app.db")?;
//! let mut conn = Connection::establish(&url)?;
//! let mut migrator = Migrator::new(conn.migrations(), "migrations".as_ref())?;
//! let applied = migrator.run_pending(&mut Quiet)?;
//! println!("applied {} migrations", applied.len());
//! # Ok(())
//! # }
//! ```

pub mod apply;
mod baseline;
pub mod checksum;
pub mod connection;
pub mod contents;
pub mod dialect;
pub mod embedded;
pub mod error;
pub mod history;
pub mod ledger;
pub mod lint;
pub mod lock;
#[cfg(test)]
mod memory;
mod repair;
mod run;
mod runner;
pub mod script;
pub mod source;
pub mod squash;
mod squashed;
pub mod state;
mod step;
mod undo;
pub mod verify;

pub use connection::MigrationConnection;
pub use error::MigrateError;
pub use run::refusal;
pub use runner::{Accepted, Count, Direction, Migrator, Observer, Quiet, RunOptions};
pub use source::{version_of, Migration, SqlFile};
