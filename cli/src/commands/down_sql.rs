//! `strata migration down-sql VERSION [--write]`: down.sql generated from the schema
//! before and after up.sql, proven in a scratch database before it is shown or written.

use std::process::ExitCode;

use anyhow::Result;

use crate::args::DownSqlArgs;
use crate::context::Context;
use crate::migrate::source;
use crate::migrate::verify::AFTER_DOWN;
use crate::paths::shown;

pub fn run(ctx: &Context, args: &DownSqlArgs) -> Result<ExitCode> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    // `add_email` names the directory `<version>_add_email`.
    let suffix = format!("_{}", args.version);
    let by_name: Vec<_> = migrations
        .iter()
        .filter(|m| m.name.ends_with(&suffix))
        .collect();
    let wanted = match by_name.as_slice() {
        [only] => only.version.clone(),
        _ => args.version.clone(),
    };
    let generated = super::in_scratch_database(ctx, &dir, migrations, |migrator, _| {
        Ok(migrator.generate_down(&wanted)?)
    })?;

    let path = generated.migration.dir.join("down.sql");
    match &generated.restored {
        Ok(diff) if diff.is_empty() => {
            if args.write {
                // Never a half-written down.sql: the old one stays until the new one is whole.
                crate::schema_file::write_atomically(&path, &generated.text)?;
                println!(
                    "Wrote {} ({} statement(s), checked: it restores the schema up.sql found)",
                    shown(&path),
                    generated.down.statements.len()
                );
            } else {
                print!("{}", generated.text);
            }
            for warning in &generated.down.warnings {
                eprintln!("warning: {warning}");
            }
            Ok(ExitCode::SUCCESS)
        }
        restored => {
            print!("{}", generated.text);
            let why = match restored {
                Ok(diff) => format!(
                    "it does not restore the schema exactly:\n{}",
                    diff.report(AFTER_DOWN, "  ")
                ),
                Err(message) => format!("it fails: {message}\n"),
            };
            eprintln!(
                "error: the down.sql generated for {} was run in a scratch database, and {why}  \
                 {} was not written; finish the SQL above by hand",
                generated.migration.name,
                shown(&path)
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
