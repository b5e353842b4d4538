//! The command line, as typed: diesel_cli's commands and flags, plus strata's additions.
//!
//! This module only describes arguments. [`crate::context`] resolves them (with the
//! environment, `.env` and `diesel.toml`) into what commands act on.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{AllowTablesConfig, ColumnSorting, WithDocs};

const AFTER_HELP: &str = "\
Examples:
  strata setup                          create the database and run every migration
  strata migration generate add_users   create migrations/<version>_add_users/{up,down}.sql
  strata migration run                  apply pending migrations, then rewrite schema.rs
  strata migration redo                 revert and re-apply the latest migration
  strata print-schema > src/schema.rs   print the diesel schema of the live database

The database URL comes from --database-url, else DATABASE_URL (from the environment or a .env
file in this directory or a parent). Settings come from diesel.toml, found upward from here.";

/// What `strata --version` prints after the name: strata's version and the diesel_cli release
/// whose print-schema output and migration handling strata reproduces, so a team can tell
/// which diesel_cli it stands in for.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (matches diesel_cli 2.3.14)");

/// Keep a database schema and the Rust code that uses it in lock-step.
///
/// strata applies SQL migrations and regenerates diesel's `schema.rs` from the live database,
/// so application code that no longer matches the schema fails to compile. It is a drop-in
/// for diesel_cli: same commands, flags, diesel.toml and migration ledger.
#[derive(Debug, Parser)]
#[command(
    name = "strata",
    version = VERSION,
    after_help = AFTER_HELP,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Accepted before or after any subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The database URL to connect to [default: $DATABASE_URL]
    #[arg(long, global = true, value_name = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// The configuration file [default: $DIESEL_CONFIG_FILE, else the nearest diesel.toml]
    #[arg(long, global = true, value_name = "CONFIG_FILE")]
    pub config_file: Option<PathBuf>,

    /// The migrations directory [default: $MIGRATION_DIRECTORY, else diesel.toml's
    /// [migrations_directory] dir, else the nearest `migrations` directory]
    #[arg(long, global = true, value_name = "MIGRATION_DIRECTORY")]
    pub migration_dir: Option<PathBuf>,

    /// Fail instead of changing a schema file, printing the difference
    ///
    /// Use it in CI and production: if running the command would change any configured
    /// `[print_schema] file`, strata leaves the file alone, prints a diff, and exits 1.
    #[arg(long, global = true)]
    pub locked_schema: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate, run, revert, verify and list migrations
    ///
    /// A migration is a directory `migrations/<version>_<name>/` holding up.sql and
    /// down.sql (and optionally metadata.toml). Versions order them; the database records
    /// which are applied in diesel's `__diesel_schema_migrations`.
    #[command(
        subcommand,
        arg_required_else_help = true,
        after_help = "Examples:\n  strata migration generate create_users\n  strata migration run\n  strata migration status"
    )]
    Migration(MigrationCommand),

    /// Create the migrations directory, diesel.toml and the database, then run migrations
    ///
    /// Each step is skipped when its result already exists, so `setup` is safe to repeat.
    #[command(after_help = "Example:\n  DATABASE_URL=app.db strata setup")]
    Setup(SetupArgs),

    /// Create, reset or drop the database
    ///
    /// The database is the one --database-url or DATABASE_URL names.
    #[command(
        subcommand,
        visible_alias = "db",
        arg_required_else_help = true,
        after_help = "Examples:\n  strata database setup\n  strata db reset"
    )]
    Database(DatabaseCommand),

    /// Print the diesel schema (table!, joinable!, ...) of the live database
    ///
    /// Flags override the `[print_schema]` section of diesel.toml that --schema-key selects.
    #[command(
        after_help = "Examples:\n  strata print-schema > src/schema.rs\n  strata print-schema -o users posts\n  strata print-schema --with-docs --column-sorting name"
    )]
    PrintSchema(Box<PrintSchemaArgs>),

    /// Draw the live database's schema
    ///
    /// Reads the database the URL names (not schema.rs), with the same catalog queries as
    /// print-schema.
    #[command(
        subcommand,
        arg_required_else_help = true,
        after_help = "Example:\n  strata schema diagram --format svg > docs/schema.svg"
    )]
    Schema(SchemaCommand),

    /// Print a shell completion script
    ///
    /// Source it from your shell's start-up file, or install it where your shell looks for
    /// completions.
    #[command(
        after_help = "Examples:\n  strata completions bash > ~/.local/share/bash-completion/completions/strata\n  strata completions zsh > \"${fpath[1]}/_strata\"\n  strata completions fish > ~/.config/fish/completions/strata.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print an entity-relationship diagram of the live database
    ///
    /// Tables with their columns and types, primary keys, and foreign keys as edges, read
    /// from the database (not from schema.rs). Mermaid renders on GitHub and GitLab in a
    /// ```mermaid block; DOT is for Graphviz; SVG is laid out by strata itself, so it needs
    /// nothing else installed. strata's and diesel's bookkeeping tables are left out.
    #[command(
        after_help = "Examples:\n  strata schema diagram                       # Mermaid, on stdout\n  strata schema diagram --format svg > docs/schema.svg\n  strata schema diagram --format dot | dot -Tpng > schema.png"
    )]
    Diagram(DiagramArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    Mermaid,
    Dot,
    Svg,
}

#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The diagram's language
    #[arg(long, value_enum, default_value_t = DiagramFormat::Mermaid)]
    pub format: DiagramFormat,

    /// The database schema to draw (PostgreSQL schema; default: diesel.toml's
    /// [print_schema] schema, else public)
    #[arg(short, long)]
    pub schema: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MigrationCommand {
    /// Apply every pending migration in version order, then rewrite schema.rs
    ///
    /// Each migration runs in its own transaction together with its ledger row
    /// (unless its metadata.toml says run_in_transaction = false). A failing migration
    /// is rolled back and stops the run; those before it stay applied.
    ///
    /// Before applying anything, strata takes the database's migration lock (so concurrent
    /// deploys apply each migration once) and refuses to go on when an applied migration's
    /// up.sql was edited, an applied migration's directory is gone, an earlier migration
    /// failed part-way, or a pending migration is older than the newest applied one.
    #[command(
        after_help = "Examples:\n  strata migration run --locked-schema   # CI: fail if schema.rs is stale\n  strata migration run --single-transaction --lock-timeout 60\n  strata migration run --dry-run > deploy.sql"
    )]
    Run(RunArgs),

    /// Revert the most recently applied migrations with their down.sql
    ///
    /// Migrations are reverted newest first, in the order they were applied, each in its own
    /// transaction with its ledger row; schema.rs is rewritten afterwards. The same checks
    /// and lock as `run` apply.
    #[command(
        after_help = "Examples:\n  strata migration revert\n  strata migration revert -n 3\n  strata migration revert --all --dry-run\n  strata migration revert --missing   # its directory is gone: use the recorded down.sql"
    )]
    Revert(RevertArgs),

    /// Revert the most recently applied migrations, then apply them again, and check the
    /// schema came back the same
    ///
    /// The full schema (tables, columns with types, defaults and nullability, keys, indexes,
    /// foreign key actions, checks, views, triggers, and on PostgreSQL enums, domains,
    /// sequences and extensions) is read before and after; any difference fails the command
    /// with a report naming each object. `--no-verify` only runs down.sql and up.sql, as
    /// diesel_cli does. To prove a rollback restores the schema the up.sql found, use
    /// `strata migration verify`.
    #[command(
        after_help = "Examples:\n  strata migration redo\n  strata migration redo -n 2\n  strata migration redo --no-verify"
    )]
    Redo(RedoArgs),

    /// Prove, in a scratch database, that each migration's down.sql restores the schema
    ///
    /// A scratch database is created beside the configured one (a temporary SQLite file; a
    /// temporary database on the same PostgreSQL or MySQL server) and dropped afterwards;
    /// the configured database is never changed. Every migration is applied in version
    /// order; for each one verified: snapshot the schema, run up.sql, snapshot, run
    /// down.sql, which must give back the first snapshot, then run up.sql again, which must
    /// give back the second. Exit code 1 if any migration fails.
    #[command(
        after_help = "Examples:\n  strata migration verify            # the newest migration\n  strata migration verify --all      # every migration, as CI should\n  strata migration verify 20240101000000 --format json"
    )]
    Verify(VerifyArgs),

    /// Find migration hazards by running migrations in a scratch database and watching
    ///
    /// Each selected migration runs statement by statement in a scratch database (as
    /// `verify` uses) that holds the schema before it; the configured database is never
    /// changed. What each statement does to tables that existed before the migration is
    /// read from the database: locks taken (PostgreSQL's pg_locks), tables rewritten or
    /// scanned, indexes built without CONCURRENTLY, ALTERs MySQL cannot run online, SQLite
    /// table rebuilds, and dropped, renamed or narrowed columns the running application
    /// still uses. Objects created by the same migration are never hazards. A comment
    /// holding `strata:allow(<rule-id>)` on the lines just before a statement silences
    /// that rule for it. Rules: docs/lint.md. Exit code 1 if any finding is an error.
    #[command(
        after_help = "Examples:\n  strata migration lint                   # the pending migrations\n  strata migration lint --all --format github\n  strata migration lint 20240101000000 --format sarif > lint.sarif"
    )]
    Lint(LintArgs),

    /// Generate a migration's down.sql from what its up.sql does to the schema
    ///
    /// In a scratch database (as `verify` uses), the migrations before VERSION are applied
    /// and the schema read; then its up.sql, and the schema read again. The down.sql is the
    /// SQL from the second schema back to the first: drop what was created, re-create what
    /// was dropped, restore changed columns (on SQLite by rebuilding the table, since its
    /// ALTER TABLE cannot), rename renamed columns back. What cannot be restored (rows of a
    /// dropped table or column, an enum value PostgreSQL cannot remove) is written as a
    /// WARNING comment. The result is run and checked against the first schema before it is
    /// printed; it is written only if it restores it exactly.
    #[command(
        after_help = "Examples:\n  strata migration generate add_email   # write up.sql, then:\n  strata migration down-sql add_email --write\n  strata migration down-sql 20240101000000 > down.sql"
    )]
    DownSql(DownSqlArgs),

    /// Replace the migrations up to VERSION by one that creates the schema they build
    ///
    /// In a scratch database, the migrations up to and including VERSION are applied and
    /// the result read: the schema (every object a snapshot knows), PostgreSQL's functions
    /// and comments, and the rows the migrations wrote. The squashed migration's up.sql
    /// creates all of it in dependency order, its down.sql drops it; it keeps VERSION as its
    /// version and lists the versions it replaces in its metadata.toml. It is then proven in
    /// a new scratch database: up.sql must give the same schema and rows, down.sql an empty
    /// database, and every migration after VERSION must still pass `verify`. What cannot be
    /// carried (e.g. MySQL routines, PostgreSQL partitions or policies) is named, and
    /// nothing is written. Without --write, only the plan is printed.
    ///
    /// A database that applied every replaced migration records the squashed one as applied
    /// on its next `run`, without running it; one that applied only some is refused.
    #[command(after_help = "Examples:
  strata migration squash --up-to 20240601000000            # print the plan
  strata migration squash --up-to 20240601000000 --write    # replace the directories")]
    Squash(SquashArgs),

    /// Write the first migration from an existing database's schema, and record it applied
    ///
    /// For a database that has a schema but no migrations: its schema (and on PostgreSQL its
    /// functions and comments) becomes the up.sql of a new migration, whose down.sql drops
    /// it. The migration is proven in a scratch database (up.sql gives the same schema,
    /// down.sql an empty one), written, and recorded as applied in the database, under the
    /// migration lock, without being run. Rows are not copied: the database keeps its own,
    /// and a new database starts empty.
    #[command(after_help = "Examples:
  strata migration baseline
  strata migration baseline --name initial_schema")]
    Baseline(BaselineArgs),

    /// Record a deliberate edit of an applied migration, or clear a failed one
    ///
    /// After an applied migration's up.sql is changed on purpose (a comment, a fix that the
    /// database already matches), `run` refuses until the edit is accepted: this records the
    /// new checksums, keeping the old one in __strata_accepted_edits. For a migration that
    /// failed part-way (MySQL), it clears the failure once the database has been repaired.
    #[command(after_help = "Example:\n  strata migration accept 20240101000000")]
    Accept(AcceptArgs),

    /// Remove a migration from the ledger without running SQL (a way out, not a revert)
    ///
    /// For a migration recorded as applied whose directory is gone and that was undone some
    /// other way (or has no recorded down.sql), and for a revert that failed part-way and
    /// was finished by hand: its rows in __diesel_schema_migrations and __strata_migrations
    /// are deleted, under the migration lock. It refuses a migration whose directory exists
    /// and is applied (`revert` undoes that one with its down.sql).
    #[command(after_help = "Example:\n  strata migration forget 20240101000000")]
    Forget(AcceptArgs),

    /// Check, read-only, that the database and schema files match the migrations (for CI)
    ///
    /// Exit codes: 0 clean; 3 migrations pending; 4 a schema file differs from what the
    /// database generates; 5 an applied migration was edited; 6 an applied migration's
    /// directory is missing; 7 a migration failed part-way; 8 a pending migration has a
    /// lint error (`strata migration lint`, run in a scratch database). When several
    /// apply, the highest is returned; the report lists them all. 1 is an error (e.g.
    /// unreachable database).
    #[command(
        after_help = "Examples:\n  strata migration check\n  strata migration check --format json"
    )]
    Check(CheckArgs),

    /// Show how every migration stands: applied, pending, edited, missing or failed
    ///
    /// Read-only. Applied migrations show when they were applied and how long they took. Migrations on disk and versions the database records are listed together
    /// in version order; a migration that needs attention (edited after it was applied,
    /// applied but its directory gone, failed part-way) gets a line saying what to do.
    /// Colour on a terminal; plain when piped or when NO_COLOR is set.
    #[command(
        after_help = "Examples:\n  strata migration status\n  strata migration status --format json | jq '.migrations[] | select(.status != \"applied\")'"
    )]
    Status(FormatArgs),

    /// List every migration, marking the applied ones with [X]
    ///
    /// The text is diesel_cli's; `--format json` gives one object per migration.
    #[command(
        after_help = "Examples:\n  strata migration list\n  strata migration list --format json"
    )]
    List(FormatArgs),

    /// Print `true` if any migration is pending, else `false`
    ///
    /// The text is diesel_cli's; `--format json` also names the pending migrations.
    #[command(
        after_help = "Examples:\n  strata migration pending\n  test \"$(strata migration pending)\" = false || echo \"deploy migrations first\""
    )]
    Pending(FormatArgs),

    /// Create a new migration directory with up.sql and down.sql
    ///
    /// The directory is `<version>_<name>`, the version being the current UTC time
    /// (diesel_cli's format) unless --version is given. With --diff-schema, the files are
    /// filled with the SQL that takes the database to what a schema.rs describes.
    #[command(
        after_help = "Examples:\n  strata migration generate create_users\n  strata migration generate --version 20240101000000 create_users\n  strata migration generate add_email --diff-schema"
    )]
    Generate(GenerateArgs),
}

/// How long to wait for the migration lock.
#[derive(Debug, Clone, Args)]
pub struct LockArgs {
    /// Give up after waiting this many seconds for another run's migration lock
    /// [default: wait as long as it takes]
    #[arg(long, value_name = "SECONDS")]
    pub lock_timeout: Option<f64>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Apply every pending migration in one transaction: all of them, or none
    ///
    /// Refused on MySQL (its schema changes commit at once) and when a pending migration
    /// sets run_in_transaction = false.
    #[arg(long)]
    pub single_transaction: bool,

    /// Apply pending migrations even when they are older than the newest applied one
    #[arg(long)]
    pub allow_out_of_order: bool,

    /// Print the SQL that would run, in order, without changing anything
    ///
    /// The output is a script the database's own client can execute (`sqlite3`, `psql`,
    /// `mariadb`): each migration's statements with the ledger rows it writes, inside the
    /// transactions strata would use.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub lock: LockArgs,
}

// diesel_cli names the value after the command; clap's usage errors quote the name.
#[derive(Debug, Args)]
#[command(mut_arg("number", |a| a.value_name("REVERT_NUMBER")))]
pub struct RevertArgs {
    #[command(flatten)]
    pub count: CountArgs,

    /// Revert applied migrations whose directory is gone, with the down.sql recorded when
    /// they were applied
    #[arg(long)]
    pub missing: bool,

    /// Print the SQL that would run, in order, without changing anything (a script the
    /// database's own client can execute)
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
#[command(mut_arg("number", |a| a.value_name("REDO_NUMBER")))]
pub struct RedoArgs {
    #[command(flatten)]
    pub count: CountArgs,

    /// Do not compare the schema before and after (diesel_cli's redo)
    #[arg(long)]
    pub no_verify: bool,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The migration's version, or its directory name
    pub version: String,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// `--format` for read-only commands that scripts consume.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// How to print it: text for people, json for scripts
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How to print the report
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Verify every migration
    #[arg(long, conflicts_with = "versions")]
    pub all: bool,

    /// The migrations to verify, by version or directory name [default: the newest]
    #[arg(value_name = "VERSION")]
    pub versions: Vec<String>,

    /// How to print the verdicts
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Lint every migration
    #[arg(long, conflicts_with_all = ["versions", "pending"])]
    pub all: bool,

    /// Lint the migrations the database has not applied (the default)
    #[arg(long, conflicts_with = "versions")]
    pub pending: bool,

    /// The migrations to lint, by version or directory name [default: the pending ones]
    #[arg(value_name = "VERSION")]
    pub versions: Vec<String>,

    /// How to print the findings
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

#[derive(Debug, Args)]
pub struct DownSqlArgs {
    /// The migration, by version or directory name; a name alone (`add_email`) matches
    /// the directory that ends with it
    pub version: String,

    /// Write it to the migration's down.sql instead of printing it
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct SquashArgs {
    /// The last migration to squash, by version or directory name
    #[arg(long, value_name = "VERSION")]
    pub up_to: String,

    /// The squashed migration's name (its directory is `<VERSION>_<NAME>`)
    #[arg(long, default_value = "squashed")]
    pub name: String,

    /// Replace the migration directories (without it, only the plan is printed)
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The migration's name (its directory is `<now>_<NAME>`)
    #[arg(long, default_value = "baseline")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct CountArgs {
    /// Act on every applied migration
    #[arg(short, long, conflicts_with = "number")]
    pub all: bool,

    /// Act on the last N applied migrations
    #[arg(short, long, value_name = "N", default_value_t = 1)]
    pub number: u64,
}

/// What `--diff-schema` compares the database with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffSchema {
    /// `--diff-schema` without a value: the section's `file`.
    FromConfig,
    /// `--diff-schema=PATH`: a schema file, relative to the project root.
    File(PathBuf),
}

impl DiffSchema {
    /// The value clap passes for `--diff-schema` without one (diesel_cli's).
    const FROM_CONFIG: &'static str = "NOT_SET";

    fn parse(value: &str) -> Result<DiffSchema, std::convert::Infallible> {
        Ok(if value == Self::FROM_CONFIG {
            DiffSchema::FromConfig
        } else {
            DiffSchema::File(PathBuf::from(value))
        })
    }
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The migration's name (the directory is <version>_<name>)
    pub migration_name: String,

    /// Use this version instead of the current UTC time
    #[arg(long, value_name = "MIGRATION_VERSION")]
    pub version: Option<String>,

    /// Do not create down.sql (the migration cannot be reverted)
    #[arg(short = 'u', long)]
    pub no_down: bool,

    /// The migration format
    #[arg(long, value_enum, default_value_t = MigrationFormat::Sql, value_name = "MIGRATION_FORMAT")]
    pub format: MigrationFormat,

    /// Fill up.sql and down.sql with the difference between a schema file (default: the
    /// section's `file`) and the database; read the result before running it
    #[arg(long, value_name = "SCHEMA_RS", num_args = 0..=1, require_equals = true, default_missing_value = DiffSchema::FROM_CONFIG, value_parser = DiffSchema::parse)]
    pub diff_schema: Option<DiffSchema>,

    /// Which diesel.toml section --diff-schema uses (`default` is [print_schema])
    #[arg(
        long,
        value_name = "KEY",
        default_value = "default",
        requires = "diff_schema"
    )]
    pub schema_key: String,

    /// Table name patterns (regexes) for --only-tables / --except-tables
    #[arg(value_name = "TABLE_NAME", requires = "diff_schema")]
    pub table_names: Vec<String>,

    /// Compare only the tables matching TABLE_NAME patterns
    #[arg(short = 'o', long, requires = "diff_schema")]
    pub only_tables: bool,

    /// Compare every table except those matching TABLE_NAME patterns
    #[arg(
        short = 'e',
        long,
        conflicts_with = "only_tables",
        requires = "diff_schema"
    )]
    pub except_tables: bool,

    /// With --diff-schema on SQLite: create single-column BigInt keys as INTEGER (the rowid)
    #[arg(long, requires = "diff_schema")]
    pub sqlite_integer_primary_key_is_bigint: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MigrationFormat {
    Sql,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Do not create diesel's default PostgreSQL migration
    #[arg(long)]
    pub no_default_migration: bool,
}

#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Create the database if it does not exist, then run every pending migration
    ///
    /// Unlike `strata setup`, it does not create the migrations directory or diesel.toml.
    #[command(
        after_help = "Example:\n  strata database setup --database-url postgres://localhost/app"
    )]
    Setup(SetupArgs),
    /// Drop the database, create it again, and run every migration
    ///
    /// Everything in the database is lost; use it in development and tests.
    #[command(after_help = "Example:\n  strata database reset")]
    Reset(SetupArgs),
    /// Drop the database
    ///
    /// A SQLite database is its file, which is removed; on a server, the connection's other
    /// sessions must have ended.
    #[command(after_help = "Example:\n  strata database drop --database-url app.db")]
    Drop,
}

#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct PrintSchemaArgs {
    /// The database schema to print (PostgreSQL schema or MySQL database)
    #[arg(short, long)]
    pub schema: Option<String>,

    /// Table name patterns (regexes) for --only-tables / --except-tables
    #[arg(value_name = "TABLE_NAME")]
    pub table_names: Vec<String>,

    /// Print only the tables matching TABLE_NAME patterns
    #[arg(short = 'o', long)]
    pub only_tables: bool,

    /// Print every table except those matching TABLE_NAME patterns
    #[arg(short = 'e', long, conflicts_with = "only_tables")]
    pub except_tables: bool,

    /// Add doc comments to tables and columns
    #[arg(long)]
    pub with_docs: bool,

    /// Which doc comments to add
    #[arg(long, value_name = "WITH_DOCS_CONFIG", value_enum)]
    pub with_docs_config: Option<WithDocs>,

    /// Column order inside table!
    #[arg(long, value_name = "SORTING", value_enum)]
    pub column_sorting: Option<ColumnSorting>,

    /// Which tables allow_tables_to_appear_in_same_query! lists
    #[arg(long, value_name = "CONFIG", value_enum)]
    pub allow_tables_to_appear_in_same_query_config: Option<AllowTablesConfig>,

    /// A unified diff applied to the generated schema
    #[arg(long, value_name = "PATCH_FILE")]
    pub patch_file: Option<PathBuf>,

    /// `use` lines to put in every table! instead of the defaults
    #[arg(long, value_name = "IMPORT_TYPES", num_args = 1..)]
    pub import_types: Option<Vec<String>>,

    /// Do not define custom SQL types in a sql_types module
    #[arg(long)]
    pub no_generate_missing_sql_type_definitions: bool,

    /// Custom types (regexes) not to define
    #[arg(long, value_name = "REGEX", num_args = 1..)]
    pub except_custom_type_definitions: Vec<String>,

    /// Derives for custom SQL type definitions
    #[arg(long, value_name = "DERIVE", num_args = 1..)]
    pub custom_type_derives: Option<Vec<String>>,

    /// PostgreSQL domains (regexes) to print as custom types
    #[arg(long, value_name = "REGEX", num_args = 1..)]
    pub pg_domains_as_custom_types: Vec<String>,

    /// The diesel.toml section the flags after it apply to (`default` is [print_schema]);
    /// repeat it to set flags for several [print_schema.NAME] sections
    #[arg(long, value_name = "KEY")]
    pub schema_key: Option<String>,

    /// The flags of each `--schema-key` after the first (see `crate::schema_keys`).
    #[arg(skip)]
    pub keyed: Vec<PrintSchemaArgs>,

    /// Print SQLite INTEGER PRIMARY KEY columns as BigInt
    #[arg(long)]
    pub sqlite_integer_primary_key_is_bigint: bool,

    /// Print views too, as diesel::view! (compiles with diesel 2.4 and later)
    #[arg(long)]
    pub include_views: bool,

    /// Define ENUM and SET types with mariadb_type, for diesel 2.4's MariaDB backend
    #[arg(long)]
    pub mariadb_type_definitions: bool,
}
