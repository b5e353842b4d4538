//! One function per command: each resolves what it needs from the [`Context`] and calls the
//! library (runner, schema generation). No backend appears here by name.

mod baseline;
mod check;
mod database;
mod diagram;
mod down_sql;
mod generate;
mod generated_dir;
mod lint;
mod migration;
mod print_schema;
mod squash;
mod status;
mod verify;

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::args::{Cli, Command, MigrationCommand, SchemaCommand};
use crate::context::Context;
use crate::migrate::Migration;

/// Runs the parsed command line; returns the exit code of a command that succeeded (only
/// `migration check` has others than 0).
pub fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Migration(MigrationCommand::Check(args)) = &cli.command {
        let ctx = Context::resolve(&cli.global, false)?;
        return check::run(&ctx, args);
    }
    if let Command::Migration(MigrationCommand::DownSql(args)) = &cli.command {
        let ctx = Context::resolve(&cli.global, false)?;
        return down_sql::run(&ctx, args);
    }
    if let Command::Migration(MigrationCommand::Lint(args)) = &cli.command {
        let ctx = Context::resolve(&cli.global, false)?;
        return lint::run(&ctx, args);
    }
    if let Command::Migration(MigrationCommand::Squash(args)) = &cli.command {
        let ctx = Context::resolve(&cli.global, false)?;
        return squash::run(&ctx, args);
    }
    if let Command::Migration(MigrationCommand::Verify(args)) = &cli.command {
        let ctx = Context::resolve(&cli.global, false)?;
        return verify::run(&ctx, args);
    }
    run_command(cli).map(|()| ExitCode::SUCCESS)
}

fn run_command(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Completions { shell } => {
            // Into a buffer, then printed: clap_complete panics with its own message when
            // stdout is closed, and `print!` is what `main` handles a closed stdout for.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "strata", &mut script);
            print!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
        Command::Migration(MigrationCommand::Status(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            status::run(&ctx, status::View::Status, args.format)
        }
        Command::Migration(MigrationCommand::List(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            status::run(&ctx, status::View::List, args.format)
        }
        Command::Migration(MigrationCommand::Pending(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            status::run(&ctx, status::View::Pending, args.format)
        }
        Command::Migration(MigrationCommand::Generate(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            generate::run(&ctx, &args)
        }
        Command::Migration(MigrationCommand::Baseline(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            baseline::run(&ctx, &args)
        }
        Command::Migration(command) => {
            let ctx = Context::resolve(&cli.global, false)?;
            migration::run(&ctx, command)
        }
        Command::Setup(args) => {
            let ctx = Context::resolve(&cli.global, true)?;
            database::setup_project(&ctx, &args)
        }
        Command::Database(command) => {
            let ctx = Context::resolve(&cli.global, false)?;
            database::run(&ctx, command)
        }
        Command::Schema(SchemaCommand::Diagram(args)) => {
            let ctx = Context::resolve(&cli.global, false)?;
            diagram::run(&ctx, &args)
        }
        Command::PrintSchema(args) => {
            let ctx = Context::resolve(&cli.global, false)?;
            print_schema::run(&ctx, &args)
        }
    }
}

/// Runs `work` with a migrator over a new scratch database beside the configured one
/// (`verify`, `down-sql`), told the scratch database's name; the database is dropped
/// afterwards, whatever `work` returns.
/// What the user's database has outside its migrations (PostgreSQL's extensions, for one)
/// and the migrations do not create themselves: a project whose deployment creates
/// `pg_trgm` has migrations that need it. Nothing when the database does not exist yet.
fn environment_for_scratch(
    url: &crate::backend::DatabaseUrl,
    migrations: &[Migration],
) -> Result<crate::backend::Environment> {
    use anyhow::Context as _;
    let Ok(Some(mut conn)) = crate::backend::Connection::establish_existing(url) else {
        return Ok(crate::backend::Environment::default());
    };
    let mut environment = conn
        .catalog()
        .environment()
        .with_context(|| format!("could not read the extensions and settings of {url}"))?;
    let created =
        crate::migrate::verify::extensions_created(migrations, conn.migrations().dialect());
    environment
        .extensions
        .retain(|extension| !created.contains(&extension.name));
    Ok(environment)
}

fn in_scratch_database<T>(
    ctx: &Context,
    dir: &std::path::Path,
    migrations: Vec<Migration>,
    work: impl FnOnce(&mut crate::migrate::Migrator<'_>, &str) -> Result<T>,
) -> Result<T> {
    use anyhow::Context as _;
    let url = ctx.database_url()?;
    let environment = environment_for_scratch(&url, &migrations)?;
    let mut scratch = crate::backend::scratch::ScratchDatabase::create(&url)
        .with_context(|| format!("could not create a scratch database beside {url}"))?;
    let name = scratch.shown_name();
    scratch
        .connection()
        .catalog()
        .adopt_environment(&environment)
        .with_context(|| {
            format!(
                "could not give the scratch database {name} what {url} has outside its migrations"
            )
        })?;
    let options = crate::migrate::RunOptions {
        schema: ctx.snapshot_schema(),
        ..crate::migrate::RunOptions::default()
    };
    let mut migrator = crate::migrate::Migrator::with_migrations(
        scratch.connection().migrations(),
        dir,
        migrations,
    )
    .with_options(options);
    work(&mut migrator, &name)
}
