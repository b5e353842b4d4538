//! Database catalog introspection and `schema.rs` rendering for strata.
//!
//! ```text
//! live database ──► introspect (one module per backend, a constant number of queries)
//!               ──► Schema (backend-neutral model)
//!               ──► render ──► schema.rs text, byte for byte what diesel_cli prints
//! ```
//!
//! This crate knows nothing of the command line, `diesel.toml`, stdout or exit codes: its
//! inputs are a connection and a [`PrintSchemaOptions`]; its outputs are values, text and
//! [`Warning`]s that the caller decides how to show.

mod assemble;
pub mod declared_type;
pub mod diagram;
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod diesel_types;
pub mod ident;
pub mod migration_sql;
pub mod model;
#[cfg(feature = "mysql")]
pub mod mysql;
pub mod names;
pub mod options;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod quote;
pub mod render;
pub mod schema_rs;
pub mod snapshot;
#[cfg(feature = "sqlite")]
pub mod sqlite;
mod type_alias;
mod type_names;

pub use model::{Schema, Warning};
pub use options::PrintSchemaOptions;
pub use snapshot::Snapshot;

/// What introspection found, and what it did differently from diesel_cli to get there.
#[derive(Debug, Clone)]
pub struct Introspection {
    pub schema: Schema,
    pub warnings: Vec<Warning>,
}

/// Everything that can go wrong between a connection and `schema.rs` text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("failed to read the {what} from the database catalog")]
    Query {
        what: &'static str,
        #[source]
        source: diesel::result::Error,
    },
    #[error("`{0}` in custom_type_derives is not a Rust path")]
    InvalidDerive(String),
    #[error("internal error while rendering schema.rs: {0}")]
    Render(String),
    #[error("{backend} has no schema `{schema}` to print: it has one schema per database file; remove the `schema` setting")]
    SchemaNotSupported {
        backend: &'static str,
        schema: String,
    },
}
