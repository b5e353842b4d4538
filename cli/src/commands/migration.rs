//! `strata migration run|revert|redo|accept|list|pending`.

use std::time::Duration;

use anyhow::{bail, Result};

use super::Progress;
use crate::args::{CountArgs, LockArgs, MigrationCommand};
use crate::backend::lock::LockWait;
use crate::context::Context;
use crate::migrate::{source, Accepted, Count, Migrator, RunOptions};
use crate::schema_file;

pub fn run(ctx: &Context, command: MigrationCommand) -> Result<()> {
    // Migrations are read and checked before connecting, so a mistake on disk never so much
    // as creates a SQLite file.
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let mut conn = ctx.connect()?;
    let changed = {
        let migrator = Migrator::with_migrations(conn.migrations(), &dir, migrations);
        match command {
            MigrationCommand::Run(args) => {
                let options = RunOptions {
                    lock: lock_wait(&args.lock)?,
                    single_transaction: args.single_transaction,
                    allow_out_of_order: args.allow_out_of_order,
                    ..RunOptions::default()
                };
                migrator.with_options(options).run_pending(&mut Progress)?;
                true
            }
            MigrationCommand::Revert(args) => {
                let options = RunOptions {
                    lock: lock_wait(&args.lock)?,
                    revert_missing: args.missing,
                    ..RunOptions::default()
                };
                migrator
                    .with_options(options)
                    .revert(count_of(&args.count), &mut Progress)?;
                true
            }
            MigrationCommand::Redo(args) => {
                let options = RunOptions {
                    lock: lock_wait(&args.lock)?,
                    verify_redo: !args.no_verify,
                    schema: ctx.snapshot_schema(),
                    ..RunOptions::default()
                };
                migrator
                    .with_options(options)
                    .redo(count_of(&args.count), &mut Progress)?;
                true
            }
            MigrationCommand::Accept(args) => {
                let options = RunOptions {
                    lock: lock_wait(&args.lock)?,
                    ..RunOptions::default()
                };
                let accepted = migrator
                    .with_options(options)
                    .accept(&args.version, &mut Progress)?;
                match accepted {
                    Accepted::Edit { old, new } => {
                        println!("Accepted the edit of {}: {old} -> {new}", args.version)
                    }
                    Accepted::FailureCleared => println!(
                        "Cleared the failure of {}; `strata migration run` applies it again",
                        args.version
                    ),
                    Accepted::Unchanged => println!(
                        "Nothing to accept: {} matches what was applied",
                        args.version
                    ),
                }
                false
            }
            MigrationCommand::List => {
                let mut migrator = migrator;
                println!("Migrations:");
                for status in migrator.status()? {
                    let mark = if status.applied { 'X' } else { ' ' };
                    println!("  [{mark}] {}", status.migration.name);
                }
                false
            }
            MigrationCommand::Pending => {
                let mut migrator = migrator;
                println!("{}", !migrator.pending()?.is_empty());
                false
            }
            MigrationCommand::Generate(_)
            | MigrationCommand::Check(_)
            | MigrationCommand::Verify(_)
            | MigrationCommand::DownSql(_) => {
                unreachable!("handled before connecting")
            }
        }
    };
    if changed {
        schema_file::regenerate_all(ctx, &mut conn)?;
    }
    Ok(())
}

fn count_of(args: &CountArgs) -> Count {
    if args.all {
        Count::All
    } else {
        Count::Last(args.number)
    }
}

fn lock_wait(args: &LockArgs) -> Result<LockWait> {
    let timeout = match args.lock_timeout {
        None => None,
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Some(Duration::from_secs_f64(seconds))
        }
        Some(seconds) => {
            bail!("--lock-timeout must be a number of seconds, 0 or more, not {seconds}")
        }
    };
    Ok(LockWait { timeout })
}
