//! diesel's migration ledger, `__diesel_schema_migrations`, unchanged.
//!
//! Keeping diesel's table and its exact DDL means diesel_cli and strata read each other's
//! state: a project can switch tools, and switch back, without touching its database.

diesel::table! {
    /// One row per applied migration.
    __diesel_schema_migrations (version) {
        version -> VarChar,
        run_on -> Timestamp,
    }
}

/// The DDL diesel runs, byte for byte; the same on every backend.
pub const CREATE_LEDGER: &str = include_str!("ledger.sql");

pub use __diesel_schema_migrations as table;
