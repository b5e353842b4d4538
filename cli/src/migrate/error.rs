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
        "{} is a symbolic link that cannot be followed; fix or remove it",
        shown(path)
    )]
    BrokenLink {
        path: PathBuf,
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
        "{} is empty; write the migration, or delete its directory",
        shown(path)
    )]
    EmptyMigration { path: PathBuf },

    #[error(
        "{} has no SQL statements, so reverting {migration} would only remove it from the \
         ledger and leave what its up.sql did\n  write the SQL that undoes up.sql (`strata \
         migration down-sql {migration}` can generate it); or, if there is nothing to undo, \
         say so with `nothing_to_undo = true` in its metadata.toml",
        shown(path)
    )]
    EmptyDownSql { migration: String, path: PathBuf },

    #[error(
        "the schema after `migration redo` differs from the schema before it (redone: {}):\n\
         {report}  {outcome}\n  fix the down.sql that does not undo its up.sql, and prove it \
         with `strata migration verify`; `--no-verify` skips this check",
        migrations.join(", ")
    )]
    RedoChangedSchema {
        migrations: Vec<String>,
        report: String,
        /// What the failed redo left.
        outcome: String,
    },

    #[error("migration {migration} failed in the scratch database: {message}")]
    Scratch { migration: String, message: String },

    #[error("reading the schema snapshot failed")]
    Snapshot {
        #[source]
        source: strata_schema_gen::Error,
    },

    #[error("migration {migration} has no down.sql, so it cannot be reverted")]
    MissingDownSql { migration: String },

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

    #[error(
        "migration {migration} was edited after it was applied: {} now has checksum \
         {current}, but the applied one had {recorded}\n  undo the edit and put the change \
         in a new migration; or, if the edit is deliberate and the database already matches \
         it, record it with `strata migration accept {version}`",
        shown(path)
    )]
    Edited {
        migration: String,
        version: String,
        path: PathBuf,
        recorded: String,
        current: String,
    },

    #[error(
        "migration version {version} is recorded as applied, but no directory in {} has that \
         version\n  {next}",
        shown(dir)
    )]
    AppliedButMissing {
        version: String,
        dir: PathBuf,
        /// What to do about it.
        next: String,
    },

    #[error("migration {migration} failed part-way on {at}: {failure}\n  {next}")]
    FailedEarlier {
        migration: String,
        at: String,
        failure: String,
        /// What to do about it.
        next: String,
    },

    #[error("{error}\n  {summary}")]
    Stopped {
        error: Box<MigrateError>,
        /// What the command did to each migration before it stopped.
        summary: String,
    },

    #[error("migration {migration} cannot be forgotten: {reason}")]
    NotForgettable { migration: String, reason: String },

    #[error(
        "migration {migration} is pending but older than {newest}, which is already \
         applied\n  give it a version after {newest} (rename its directory), or apply it \
         out of order on purpose with --allow-out-of-order or `allow_out_of_order = true` in \
         its metadata.toml"
    )]
    OutOfOrder { migration: String, newest: String },

    #[error(
        "migration {migration} squashes {replaced} migrations, and this database applied only \
         some of them (applied: {}; not applied: {})\n  a squash must not split a deployed \
         history: bring this database to the squash's last version with the original \
         migrations (from before the squash) first, or squash only up to a version every \
         database has applied",
        list_versions(applied),
        list_versions(missing)
    )]
    SplitSquash {
        migration: String,
        replaced: usize,
        applied: Vec<String>,
        missing: Vec<String>,
    },

    #[error(
        "the schema holds objects a generated migration cannot carry: {}\n  write a \
         migration for them by hand, or leave them out of the squash (squash up to a version \
         before they were created)",
        objects.join(", ")
    )]
    Unexpressed { objects: Vec<String> },

    #[error(
        "this database has applied {applied} migration(s) already: a baseline is the first \
         migration of a database that has none (to replace old migrations, use `strata \
         migration squash`)"
    )]
    AlreadyMigrated { applied: usize },

    #[error("{what} is not supported on this connection")]
    Unsupported { what: &'static str },

    #[error("--single-transaction cannot be used here: {reason}")]
    SingleTransaction { reason: String },

    #[error(transparent)]
    Lock(#[from] super::lock::LockError),

    #[error("no migration has the version {version}; `strata migration list` shows them")]
    UnknownVersion { version: String },

    #[error("migration {migration} is not applied, so there is nothing to accept")]
    NotApplied { migration: String },

    #[error(
        "migration version {version} has no directory and no down.sql was recorded when it \
         was applied (it was applied by diesel_cli or had none), so it cannot be reverted \
         without its directory\n  restore its directory; or, if it was undone some other \
         way (or should stay), remove it from the ledger with `strata migration forget \
         {version}`"
    )]
    NoRecordedDownSql { version: String },

    #[error("{action} failed")]
    Database {
        action: String,
        #[source]
        source: diesel::result::Error,
    },
}

/// On MySQL, after a schema change on `line` committed itself and everything before it.
pub fn partly_committed(line: usize, next: &str) -> String {
    format!(
        "MySQL commits a schema change at once, with everything before it, so the statements \
         up to line {line} took effect; later ones were rolled back. It is recorded as failed: \
         {next}"
    )
}

/// After a failed statement outside a transaction, with statements before it.
pub fn not_rolled_back(next: &str) -> String {
    format!(
        "this migration runs outside a transaction (run_in_transaction = false), so the \
         statements before that line took effect. It is recorded as failed: {next}"
    )
}

/// After a failed statement under `--single-transaction`.
pub const WHOLE_RUN_ROLLED_BACK: &str = "the whole run was rolled back (--single-transaction): \
     no migration of this run was applied and the ledger is unchanged";

/// What a failed statement left behind, said after the error.
pub const ROLLED_BACK: &str =
    "the migration was rolled back: none of its statements were applied and the ledger is unchanged";
/// After a failed statement of a revert that rolled back.
pub const REVERT_ROLLED_BACK: &str =
    "the revert was rolled back: none of its statements took effect and the migration is still applied";

/// After a failure inside the one transaction of a redo.
pub const WHOLE_REDO_ROLLED_BACK: &str = "the whole redo was rolled back: nothing changed (the \
     schema, the data and the ledger are as they were before the command)";

/// Versions for an error message: all of a few, the first and last of many.
fn list_versions(versions: &[String]) -> String {
    match versions {
        [] => "none".to_owned(),
        [one] => one.clone(),
        [first, second] => format!("{first}, {second}"),
        [first, second, third] => format!("{first}, {second}, {third}"),
        [first, .., last] => format!("{first} … {last}, {} in all", versions.len()),
    }
}
