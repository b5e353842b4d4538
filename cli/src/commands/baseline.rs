//! `strata migration baseline [--name NAME]`: the first migration of a database that has a
//! schema but no migrations, written from that schema, proven in a scratch database, and
//! recorded as applied in the database without being run.

use std::time::SystemTime;

use anyhow::{bail, Context as _, Result};

use super::generated_dir;
use crate::args::BaselineArgs;
use crate::context::Context;
use crate::migrate::squash::Rows;
use crate::migrate::{source, Migrator, RunOptions};
use crate::paths::shown;
use crate::progress::Progress;

pub fn run(ctx: &Context, args: &BaselineArgs) -> Result<()> {
    let stamp = super::generate::utc_timestamp(SystemTime::now());
    let (name, version) = generated_dir::directory_name(&format!("{stamp}-0000"), &args.name)?;
    let dir = ctx.migrations_dir_for_setup();
    let on_disk = if dir.is_dir() {
        source::discover(&dir)?
    } else {
        Vec::new()
    };
    if !on_disk.is_empty() {
        bail!(
            "{} already holds {} migration(s): a baseline is the first migration of a database \
             that has none (to replace old migrations by one, use `strata migration squash`)",
            shown(&dir),
            on_disk.len()
        );
    }
    let url = ctx.database_url()?;
    let Some(mut conn) = ctx.connect_existing()? else {
        bail!("{url} does not exist: a baseline is written from an existing database's schema");
    };
    let options = RunOptions {
        schema: ctx.snapshot_schema(),
        ..RunOptions::default()
    };
    let mut migrator = Migrator::with_migrations(conn.migrations(), &dir, Vec::new())
        .with_options(options.clone());
    let applied = migrator
        .entries()?
        .iter()
        .filter(|e| e.is_applied())
        .count();
    if applied > 0 {
        return Err(crate::migrate::MigrateError::AlreadyMigrated { applied }.into());
    }
    let image = migrator.image(Rows::Left)?;
    if image.is_empty() {
        bail!("{url} has no schema to write a baseline from");
    }
    let header = "-- Written by `strata migration baseline` from the schema of the database it \
                  is recorded in.\n";
    let generated = migrator.generate(&image, header)?;
    let migration = generated.migration(&dir, version.clone(), name, Vec::new());
    let migration_dir = migration.dir.clone();
    let proof = super::in_scratch_database(ctx, &dir, vec![migration.clone()], |scratch, _| {
        Ok(scratch.prove_generated(&image, Rows::Left)?)
    })?;
    if !proof.passed() {
        for failure in &proof.failures {
            eprintln!("  {failure}");
        }
        bail!(
            "the baseline written from {url} does not reproduce its schema in a scratch \
             database; nothing was written"
        );
    }

    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", shown(&dir)))?;
    let staging = generated_dir::stage(
        &dir,
        &format!(".strata-baseline-{}", migration.name),
        &migration,
    )?;
    std::fs::rename(&staging, &migration_dir)
        .with_context(|| format!("cannot create {}", shown(&migration_dir)))?;

    let recorded = Migrator::with_migrations(conn.migrations(), &dir, vec![migration])
        .with_options(options)
        .record_baseline(&version, &mut Progress::new());
    if let Err(error) = recorded {
        // Without its ledger row, the next run would apply it to a database that has it.
        let outcome = match std::fs::remove_dir_all(&migration_dir) {
            Ok(()) => "so it was removed again".to_owned(),
            Err(e) => format!("and could not be removed ({e}): remove it before the next run"),
        };
        return Err(error).with_context(|| {
            format!(
                "{} was not recorded as applied in {url}, {outcome}",
                shown(&migration_dir)
            )
        });
    }
    println!(
        "Wrote {} ({}; proven in a scratch database: it creates this schema, and its \
         down.sql drops it) and recorded it as applied in {url}, without running it",
        shown(&migration_dir),
        super::squash::counted(generated.statements, "statement")
    );
    Ok(())
}
