//! `strata setup` and `strata database setup|reset|drop`.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::args::{DatabaseCommand, SetupArgs};
use crate::backend::{self, DatabaseUrl};
use crate::context::Context;
use crate::migrate::Migrator;
use crate::paths::shown;
use crate::progress::Progress;
use crate::schema_file;

/// What `strata setup` writes as diesel.toml when there is none: diesel_cli's default.
const DEFAULT_CONFIG: &str = "\
# For documentation on how to configure this file,
# see https://diesel.rs/guides/configuring-diesel-cli

[print_schema]
file = \"src/schema.rs\"
custom_type_derives = [\"diesel::query_builder::QueryId\", \"Clone\"]

[migrations_directory]
dir = \"{dir}\"
";

pub fn run(ctx: &Context, command: DatabaseCommand) -> Result<()> {
    match command {
        DatabaseCommand::Setup(args) => setup_database(ctx, &ctx.migrations_dir()?, &args),
        DatabaseCommand::Reset(args) => {
            let dir = ctx.migrations_dir()?;
            drop_if_exists(&ctx.database_url()?)?;
            setup_database(ctx, &dir, &args)
        }
        DatabaseCommand::Drop => drop_if_exists(&ctx.database_url()?),
    }
}

/// `strata setup`: the migrations directory and diesel.toml when missing, then the
/// database and its migrations.
pub fn setup_project(ctx: &Context, args: &SetupArgs) -> Result<()> {
    let dir = ctx.migrations_dir_for_setup();
    if !dir.exists() {
        println!("Creating migrations directory at: {}", shown(&dir));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", shown(&dir)))?;
        std::fs::write(dir.join(".keep"), "")
            .with_context(|| format!("cannot write {}", shown(&dir.join(".keep"))))?;
    }
    if !ctx.config_path.exists() {
        let base = ctx.config_path.parent().unwrap_or(&ctx.cwd);
        let relative = dir.strip_prefix(base).unwrap_or(&dir);
        let text = DEFAULT_CONFIG.replace(
            "{dir}",
            &relative.display().to_string().replace('\\', "\\\\"),
        );
        std::fs::write(&ctx.config_path, text)
            .with_context(|| format!("cannot write {}", shown(&ctx.config_path)))?;
        // Read back what was written, so this run uses it like any later one.
        let ctx = ctx.with_config(crate::config::Config::load(&ctx.config_path)?);
        return setup_database(&ctx, &dir, args);
    }
    setup_database(ctx, &dir, args)
}

/// Where `setup` puts the backend's initial migration, under diesel_cli's name.
const INITIAL_MIGRATION_DIR: &str = "00000000000000_diesel_initial_setup";

/// Creates the database when it does not exist, adds the backend's initial migration (unless
/// told not to), applies pending migrations and rewrites the schema files.
fn setup_database(ctx: &Context, dir: &Path, args: &SetupArgs) -> Result<()> {
    let url = ctx.database_url()?;
    let admin = backend::admin(url.backend())?;
    if !admin.exists(&url)? {
        println!("Creating database: {}", admin.shown_name(&url));
        admin.create(&url)?;
    }
    if let Some(initial) = admin
        .initial_migration()
        .filter(|_| !args.no_default_migration)
    {
        let path = dir.join(INITIAL_MIGRATION_DIR);
        if !path.exists() {
            std::fs::create_dir_all(&path)
                .with_context(|| format!("cannot create {}", shown(&path)))?;
            for (file, text) in [("up.sql", initial.up), ("down.sql", initial.down)] {
                std::fs::write(path.join(file), text)
                    .with_context(|| format!("cannot write {}", shown(&path.join(file))))?;
            }
        }
    }
    let mut conn = ctx.connect()?;
    Migrator::new(conn.migrations(), dir)?.run_pending(&mut Progress::new())?;
    schema_file::regenerate_all(ctx, &mut conn)
}

fn drop_if_exists(url: &DatabaseUrl) -> Result<()> {
    let admin = backend::admin(url.backend())?;
    if admin.exists(url)? {
        println!("Dropping database: {}", admin.shown_name(url));
        admin.drop_database(url)?;
    }
    Ok(())
}
