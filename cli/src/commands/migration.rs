//! `strata migration run|revert|redo|list|pending`.

use anyhow::Result;

use super::Progress;
use crate::args::{CountArgs, MigrationCommand};
use crate::context::Context;
use crate::migrate::{source, Count, Migrator};
use crate::schema_file;

pub fn run(ctx: &Context, command: MigrationCommand) -> Result<()> {
    // Migrations are read and checked before connecting, so a mistake on disk never so much
    // as creates a SQLite file.
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let mut conn = ctx.connect()?;
    let changed = {
        let mut migrator = Migrator::with_migrations(conn.migrations(), &dir, migrations);
        match command {
            MigrationCommand::Run => {
                migrator.run_pending(&mut Progress)?;
                true
            }
            MigrationCommand::Revert(count) => {
                migrator.revert(count_of(&count), &mut Progress)?;
                true
            }
            MigrationCommand::Redo(count) => {
                migrator.redo(count_of(&count), &mut Progress)?;
                true
            }
            MigrationCommand::List => {
                println!("Migrations:");
                for status in migrator.status()? {
                    let mark = if status.applied { 'X' } else { ' ' };
                    println!("  [{mark}] {}", status.migration.name);
                }
                false
            }
            MigrationCommand::Pending => {
                println!("{}", !migrator.pending()?.is_empty());
                false
            }
            MigrationCommand::Generate(_) => unreachable!("handled before connecting"),
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
