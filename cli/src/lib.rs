//! strata: keep a database schema and the Rust code that uses it in lock-step.
//!
//! The binary is a drop-in for diesel_cli. This library is what it is built from, and what
//! an application can call to run its migrations at startup with the same algorithm:
//!
//! - [`migrate`]: discovering migrations on disk and applying them (the runner);
//! - [`backend`]: database URLs, connections, and each backend's ledger and SQL;
//! - [`config`]: reading `diesel.toml`.
//!
//! The command line itself ([`args`], [`commands`]) is thin: it resolves flags, environment
//! and config once ([`context`]) and calls into the modules above. It is the default `cli`
//! feature: an application that only runs migrations at start-up turns it off, and builds
//! the runner, the backends and [`startup`] without clap, the diff and JSON libraries.

#[cfg(feature = "cli")]
pub mod args;
pub mod backend;
#[cfg(feature = "cli")]
pub mod commands;
#[cfg(feature = "cli")]
pub mod config;
#[cfg(feature = "cli")]
pub mod context;
#[cfg(feature = "cli")]
mod lint_report;
#[cfg(feature = "cli")]
mod lint_settings;
pub mod migrate;
#[cfg(feature = "cli")]
pub mod patch;
mod paths;
#[cfg(feature = "cli")]
mod print_options;
pub mod progress;
#[cfg(feature = "cli")]
pub mod schema_file;
#[cfg(feature = "cli")]
pub mod schema_keys;
#[cfg(feature = "cli")]
mod schema_usage;
pub mod startup;
#[cfg(feature = "cli")]
mod suggest;
pub mod term;
mod time;

/// Embeds a migrations directory into the binary, for [`startup::Startup::embedded`]; see
/// [`migrate::embedded`].
pub use strata_macros::embed_migrations;
