//! Everything that can stop a migration command, each naming what is at fault.

use std::path::PathBuf;

use crate::paths::shown;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(
        "migrations directory {} does not exist; create it with `strata setup` or name \
         another with --migration-dir",
        shown(path)
    )]
    MissingDirectory { path: PathBuf },

    #[error(
        "no migrations directory found in {} or any parent directory; run `strata setup` \
         to create one, or name it with --migration-dir",
        shown(start)
    )]
    NoDirectoryFound { start: PathBuf },

    #[error(
        "{} is not a directory; --migration-dir must name a directory",
        shown(path)
    )]
    NotADirectory { path: PathBuf },

    #[error("cannot read {}", shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "migration directory {} is badly named: {reason}; name it <version>_<name>, as \
         `strata migration generate` does",
        shown(path)
    )]
    BadName { path: PathBuf, reason: &'static str },

    #[error(
        "migrations {} and {} share the version {version}; rename one so every version is unique",
        shown(first),
        shown(second)
    )]
    DuplicateVersion {
        version: String,
        first: PathBuf,
        second: PathBuf,
    },

    #[error("migration directory {} has no up.sql", shown(dir))]
    MissingUpSql { dir: PathBuf },

    #[error(
        "{}:{line}: the file is not valid UTF-8; save it as UTF-8",
        shown(path)
    )]
    NotUtf8 { path: PathBuf, line: usize },

    #[error("{}: {message}", shown(path))]
    BadMetadata { path: PathBuf, message: String },

    #[error(
        "{} contains no SQL statements; write the migration, or delete its directory",
        shown(path)
    )]
    EmptyMigration { path: PathBuf },

    #[error("migration {migration} has no down.sql, so it cannot be reverted")]
    MissingDownSql { migration: String },

    #[error(
        "migration version {version} is recorded as applied, but no directory in {} has that \
         version; restore its directory to revert it",
        shown(dir)
    )]
    UnknownAppliedVersion { version: String, dir: PathBuf },

    #[error(
        "migration {migration} failed at {}:{line}: {message}\n  {outcome}",
        shown(path)
    )]
    Statement {
        migration: String,
        path: PathBuf,
        line: usize,
        message: String,
        outcome: String,
    },

    #[error("{action} failed: {source}")]
    Database {
        action: String,
        #[source]
        source: diesel::result::Error,
    },
}

/// On MySQL, after a schema change on `line` committed itself and everything before it.
pub fn partly_committed(line: usize) -> String {
    format!(
        "MySQL commits a schema change at once, with everything before it, so the statements \
         up to line {line} stayed applied; later ones were rolled back and the ledger is \
         unchanged: undo the applied part by hand (the migration's down.sql may help), then \
         run the migration again"
    )
}

/// What a failed statement left behind, said after the error.
pub const ROLLED_BACK: &str =
    "the migration was rolled back: none of its statements were applied and the ledger is unchanged";
pub const NOT_ROLLED_BACK: &str = "this migration runs outside a transaction \
     (run_in_transaction = false), so the statements before that line stayed applied; the \
     ledger is unchanged: fix the database by hand, then run the migration again";
