//! `strata migration run|revert|redo|accept`, and their `--dry-run`.

use std::time::Duration;

use anyhow::{bail, Result};

use crate::args::{CountArgs, LockArgs, MigrationCommand};
use crate::backend::dry_run::DryRun;
use crate::backend::lock::LockWait;
use crate::context::Context;
use crate::migrate::{source, Accepted, Count, Migration, Migrator, Quiet, RunOptions};
use crate::progress::Progress;
use crate::schema_file;

pub fn run(ctx: &Context, command: MigrationCommand) -> Result<()> {
    // Migrations are read and checked before connecting, so a mistake on disk never so much
    // as creates a SQLite file.
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let mut conn = ctx.connect()?;
    if let Some(action) = DryRunAction::of(&command)? {
        let mut dry = DryRun::new(conn.migrations());
        let migrator = Migrator::with_migrations(&mut dry, &dir, migrations);
        let changed = action.run(migrator)?;
        print_script(&action, dry.script(), changed.len());
        return Ok(());
    }
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
                migrator
                    .with_options(options)
                    .run_pending(&mut Progress::new())?;
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
                    .revert(count_of(&args.count), &mut Progress::new())?;
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
                    .redo(count_of(&args.count), &mut Progress::new())?;
                true
            }
            MigrationCommand::Accept(args) => {
                let options = RunOptions {
                    lock: lock_wait(&args.lock)?,
                    ..RunOptions::default()
                };
                let accepted = migrator
                    .with_options(options)
                    .accept(&args.version, &mut Progress::new())?;
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
            MigrationCommand::Generate(_)
            | MigrationCommand::Status(_)
            | MigrationCommand::List(_)
            | MigrationCommand::Pending(_)
            | MigrationCommand::Check(_)
            | MigrationCommand::Verify(_)
            | MigrationCommand::DownSql(_) => {
                unreachable!("routed to its own module")
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

/// What `--dry-run` stands in for.
enum DryRunAction {
    Run(RunOptions),
    Revert(RunOptions, Count),
}

impl DryRunAction {
    fn of(command: &MigrationCommand) -> Result<Option<DryRunAction>> {
        Ok(match command {
            MigrationCommand::Run(args) if args.dry_run => Some(DryRunAction::Run(RunOptions {
                lock: lock_wait(&args.lock)?,
                single_transaction: args.single_transaction,
                allow_out_of_order: args.allow_out_of_order,
                ..RunOptions::default()
            })),
            MigrationCommand::Revert(args) if args.dry_run => Some(DryRunAction::Revert(
                RunOptions {
                    revert_missing: args.missing,
                    ..RunOptions::default()
                },
                count_of(&args.count),
            )),
            _ => None,
        })
    }

    /// The runner's own algorithm, so every check a real run makes refuses here too.
    fn run(&self, migrator: Migrator<'_>) -> Result<Vec<Migration>> {
        Ok(match self {
            DryRunAction::Run(options) => migrator
                .with_options(options.clone())
                .run_pending(&mut Quiet)?,
            DryRunAction::Revert(options, count) => migrator
                .with_options(options.clone())
                .revert(*count, &mut Quiet)?,
        })
    }
}

/// The script on stdout, to read or to pipe into the database's client; schema files are
/// not touched.
fn print_script(action: &DryRunAction, script: &str, count: usize) {
    let (command, verb) = match action {
        DryRunAction::Run(_) => ("run", "apply"),
        DryRunAction::Revert(..) => ("revert", "revert"),
    };
    println!(
        "-- strata migration {command} --dry-run: the SQL it would execute to {verb} {count} \
         migration(s); nothing was changed"
    );
    print!("{script}");
}
