//! `strata migration generate NAME`: a new migration directory, empty or (with
//! `--diff-schema`) holding the SQL between the database and a schema file.

use std::path::Path;
use std::time::SystemTime;

use anyhow::{anyhow, bail, Context as _, Result};
use regex::Regex;
use strata_schema_gen::migration_sql::{self, MigrationSql};
use strata_schema_gen::options::{ColumnSorting, DocComments, TableFilter};
use strata_schema_gen::schema_rs;

use crate::args::{DiffSchema, GenerateArgs};
use crate::backend::Backend;
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::migrate::version_of;
use crate::paths::shown;
use crate::print_options;
use crate::time::UtcTime;

const UP_TEMPLATE: &str = "-- Your SQL goes here\n";
const DOWN_TEMPLATE: &str = "-- This file should undo anything in `up.sql`\n";

pub fn run(ctx: &Context, args: &GenerateArgs) -> Result<()> {
    let dir = ctx.migrations_dir()?;
    if !dir.is_dir() {
        bail!(
            "migrations directory {} does not exist; create it with `strata setup`",
            shown(&dir)
        );
    }
    let name = args.migration_name.trim();
    if name.is_empty() || name.contains(['/', '\\']) {
        bail!(
            "`{}` cannot be a migration name: it must be non-empty and hold no path separators",
            args.migration_name
        );
    }
    let existing: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", shown(&dir)))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();

    let version = match &args.version {
        Some(version) => {
            if existing.iter().any(|e| e.starts_with(version.as_str())) {
                bail!(
                    "a migration with version `{version}` already exists in {}",
                    shown(&dir)
                );
            }
            version.clone()
        }
        None => {
            let stamp = utc_timestamp(SystemTime::now());
            unique_version(&stamp, &existing).with_context(|| {
                format!(
                    "too many migrations generated at {stamp} in {}",
                    shown(&dir)
                )
            })?
        }
    };
    let dir_name = format!("{version}_{name}");
    version_of(&dir_name).map_err(|reason| {
        anyhow::anyhow!("`{dir_name}` cannot be a migration directory name: {reason}")
    })?;

    // Compute the SQL before creating anything: a failure leaves no empty directory.
    let sql = match &args.diff_schema {
        Some(given) => diff_schema(ctx, args, given)?,
        None => MigrationSql::default(),
    };

    let migration_dir = dir.join(&dir_name);
    std::fs::create_dir(&migration_dir)
        .with_context(|| format!("cannot create {}", shown(&migration_dir)))?;
    write_new(
        &migration_dir.join("up.sql"),
        &format!("{UP_TEMPLATE}{}", sql.up),
    )?;
    if !args.no_down {
        write_new(
            &migration_dir.join("down.sql"),
            &format!("{DOWN_TEMPLATE}{}", sql.down),
        )?;
    }
    Ok(())
}

/// `--diff-schema`: the SQL from the live database to what the schema file declares.
fn diff_schema(ctx: &Context, args: &GenerateArgs, given: &DiffSchema) -> Result<MigrationSql> {
    let section = match ctx.config.section(&args.schema_key) {
        Some(section) => section.clone(),
        None if args.schema_key == "default" => PrintSchemaSection::default(),
        None => bail!(
            "no [print_schema.{}] section in {}",
            args.schema_key,
            shown(&ctx.config_path)
        ),
    };
    // An explicit path is relative to the project root, as diesel_cli takes it.
    let file = match given {
        DiffSchema::FromConfig => section.file.clone().with_context(|| {
            format!(
                "--diff-schema needs a schema file: give one (--diff-schema=src/schema.rs) or \
                 set `file` in the [print_schema] section of {}",
                shown(&ctx.config_path)
            )
        })?,
        DiffSchema::File(path) => ctx.project_root.as_deref().unwrap_or(&ctx.cwd).join(path),
    };
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", shown(&file)))?;
    let declared = schema_rs::parse(&text).map_err(|e| anyhow!("{}: {e}", shown(&file)))?;

    let mut options = print_options::from_section(&section)?;
    options.with_docs = DocComments::None;
    options.column_sorting = ColumnSorting::OrdinalPosition;
    if args.only_tables || args.except_tables {
        let patterns = args
            .table_names
            .iter()
            .map(|p| Regex::new(p).with_context(|| format!("`{p}` is not a valid regex")))
            .collect::<Result<Vec<_>>>()?;
        options.filter = if args.only_tables {
            TableFilter::OnlyTables(patterns)
        } else {
            TableFilter::ExceptTables(patterns)
        };
    }

    let mut conn = ctx.connect()?;
    let quote = conn.migrations().dialect().identifier_quote();
    let live = conn
        .catalog()
        .introspect(&options)
        .context("cannot read the database schema")?;
    // The flag and the key only mean something on SQLite, where INTEGER makes the rowid.
    let bigint_rowid = conn.backend() == Backend::Sqlite
        && (args.sqlite_integer_primary_key_is_bigint
            || options.sqlite_integer_primary_key_is_bigint);
    Ok(migration_sql::diff(
        &live.schema,
        &declared,
        &options.filter,
        quote,
        bigint_rowid,
    )?)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    println!("Creating {}", shown(path));
    std::fs::write(path, text).with_context(|| format!("cannot write {}", shown(path)))
}

/// `YYYY-MM-DD-HHMMSS-xxxx` in UTC, where `xxxx` is the first 4-hex-digit counter no
/// existing directory starts with (two migrations generated in the same second differ).
fn unique_version(stamp: &str, existing: &[String]) -> Option<String> {
    (0..=0xffff_u32)
        .map(|n| format!("{stamp}-{n:04x}"))
        .find(|candidate| !existing.iter().any(|e| e.starts_with(candidate.as_str())))
}

/// `YYYY-MM-DD-HHMMSS` for a time, in UTC.
pub(super) fn utc_timestamp(time: SystemTime) -> String {
    let t = UtcTime::of(time);
    format!(
        "{:04}-{:02}-{:02}-{:02}{:02}{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        let at = |secs| utc_timestamp(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01-000000");
        assert_eq!(at(951_782_400), "2000-02-29-000000");
        assert_eq!(at(1_795_000_000), "2026-11-18-110640");
    }

    #[test]
    fn counter_skips_taken_prefixes() {
        let stamp = "2026-01-02-030405";
        let existing = vec![format!("{stamp}-0000_a"), format!("{stamp}-0001_b")];
        assert_eq!(
            unique_version(stamp, &existing).as_deref(),
            Some("2026-01-02-030405-0002")
        );
    }
}
