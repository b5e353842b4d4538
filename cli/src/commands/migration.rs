//! `strata migration run|revert|redo|accept|forget`, and their `--dry-run`.

use std::time::Duration;

use anyhow::{bail, Context as _, Result};

use crate::args::{CountArgs, LockArgs, MigrationCommand};
use crate::backend::dry_run::DryRun;
use crate::backend::lock::LockWait;
use crate::backend::Connection;
use crate::context::Context;
use crate::migrate::source::OnDisk;
use crate::migrate::{
    source, Accepted, Count, MigrateError, Migration, Migrator, Observer, Quiet, RunOptions,
};
use crate::progress::Progress;
use crate::schema_file;

pub fn run(ctx: &Context, command: MigrationCommand) -> Result<()> {
    // A mistyped option is reported before anything is read.
    let lock = lock_wait(lock_args(&command))?;
    // The files are read while strata connects and asks the database what it has applied:
    // with 1,000 migrations, reading them takes as long as the rest of a run with nothing
    // to do. A mistake on disk is still reported before anything is written, and a
    // connection that would create the database (a new SQLite file) waits for the files.
    let dir = ctx.migrations_dir()?;
    let reading = source::read_in_background(dir.clone());
    let (mut conn, migrations) = match ctx.connect_existing() {
        Ok(Some(conn)) => (conn, OnDisk::Reading(reading)),
        Ok(None) => {
            let migrations = reading.finish()?;
            (ctx.connect()?, OnDisk::Read(migrations))
        }
        Err(error) => {
            reading.finish()?;
            return Err(error);
        }
    };
    let changing = Changing {
        ctx,
        conn: &mut conn,
        dir: &dir,
        migrations,
    };
    match command {
        MigrationCommand::Run(args) => {
            let options = RunOptions {
                lock,
                single_transaction: args.single_transaction,
                allow_out_of_order: args.allow_out_of_order,
                ..RunOptions::default()
            };
            let mode = Mode::dry_run_if(args.dry_run, "run", "apply");
            changing.carry_out(mode, |migrator, observer| {
                migrator.with_options(options).run_pending(observer)
            })
        }
        MigrationCommand::Revert(args) => {
            let options = RunOptions {
                lock,
                revert_missing: args.missing,
                ..RunOptions::default()
            };
            let mode = Mode::dry_run_if(args.dry_run, "revert", "revert");
            changing.carry_out(mode, |migrator, observer| {
                migrator
                    .with_options(options)
                    .revert(count_of(&args.count), observer)
            })
        }
        MigrationCommand::Redo(args) => {
            let options = RunOptions {
                lock,
                verify_redo: !args.no_verify,
                schema: ctx.snapshot_schema(),
                ..RunOptions::default()
            };
            changing.carry_out(Mode::Real, |migrator, observer| {
                migrator
                    .with_options(options)
                    .redo(count_of(&args.count), observer)
            })
        }
        MigrationCommand::Accept(args) => {
            let options = RunOptions {
                lock,
                ..RunOptions::default()
            };
            let accepted = Migrator::on(changing.conn.migrations(), &dir, changing.migrations)
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
            Ok(())
        }
        MigrationCommand::Forget(args) => {
            let options = RunOptions {
                lock,
                ..RunOptions::default()
            };
            let name = Migrator::on(changing.conn.migrations(), &dir, changing.migrations)
                .with_options(options)
                .forget(&args.version, &mut Progress::new())?;
            println!("Forgot {name}: it is no longer recorded as applied, and none of its SQL ran");
            Ok(())
        }
        MigrationCommand::Generate(_)
        | MigrationCommand::Status(_)
        | MigrationCommand::List(_)
        | MigrationCommand::Pending(_)
        | MigrationCommand::Check(_)
        | MigrationCommand::Verify(_)
        | MigrationCommand::Lint(_)
        | MigrationCommand::DownSql(_)
        | MigrationCommand::Squash(_)
        | MigrationCommand::Baseline(_) => {
            unreachable!("routed to its own module")
        }
    }
}

/// How a command that changes the database is carried out.
enum Mode {
    /// For real: progress shown, schema files rewritten afterwards.
    Real,
    /// `--dry-run`: the script printed on stdout, nothing changed, schema files untouched.
    DryRun {
        command: &'static str,
        verb: &'static str,
    },
}

impl Mode {
    fn dry_run_if(dry_run: bool, command: &'static str, verb: &'static str) -> Mode {
        if dry_run {
            Mode::DryRun { command, verb }
        } else {
            Mode::Real
        }
    }
}

/// What `run`, `revert` and `redo` act on.
struct Changing<'a> {
    ctx: &'a Context,
    conn: &'a mut Connection,
    dir: &'a std::path::Path,
    migrations: OnDisk,
}

impl Changing<'_> {
    /// Runs `work` (one of the runner's operations) for real, or against a [`DryRun`]
    /// connection: the same algorithm either way, so a dry run refuses what a run would.
    fn carry_out(
        self,
        mode: Mode,
        work: impl FnOnce(Migrator<'_>, &mut dyn Observer) -> Result<Vec<Migration>, MigrateError>,
    ) -> Result<()> {
        match mode {
            Mode::Real => {
                let migrator = Migrator::on(self.conn.migrations(), self.dir, self.migrations);
                let done = work(migrator, &mut Progress::new())?;
                schema_file::regenerate_all(self.ctx, self.conn).with_context(|| {
                    let names: Vec<&str> = done.iter().map(|m| m.name.as_str()).collect();
                    if names.is_empty() {
                        "the schema file was not updated".to_owned()
                    } else {
                        format!(
                            "the database changes are made and recorded in the ledger ({}), \
                             but the schema file was not updated",
                            names.join(", ")
                        )
                    }
                })
            }
            Mode::DryRun { command, verb } => {
                let syntax = self.conn.catalog().script_syntax();
                let mut dry = DryRun::new(self.conn.migrations(), syntax);
                let migrator = Migrator::on(&mut dry, self.dir, self.migrations);
                let count = work(migrator, &mut Quiet)?.len();
                println!(
                    "-- strata migration {command} --dry-run: the SQL it would execute to \
                     {verb} {count} migration(s); nothing was changed"
                );
                print!("{}", dry.script());
                Ok(())
            }
        }
    }
}

fn lock_args(command: &MigrationCommand) -> &LockArgs {
    match command {
        MigrationCommand::Run(args) => &args.lock,
        MigrationCommand::Revert(args) => &args.lock,
        MigrationCommand::Redo(args) => &args.lock,
        MigrationCommand::Accept(args) | MigrationCommand::Forget(args) => &args.lock,
        _ => unreachable!("routed to its own module"),
    }
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
