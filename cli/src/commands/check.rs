//! `strata migration check`: the read-only CI gate.
//!
//! It reports everything that `run` would refuse or do, and every schema file that
//! differs from what the database generates, without changing anything. Each kind of
//! finding has its own exit code, so a pipeline can tell "deploy pending migrations" from
//! "someone edited an applied migration".

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::args::{CheckArgs, OutputFormat};
use crate::backend::Encryption;
use crate::context::Context;
use crate::lint_report::Reported;
use crate::migrate::state::{Entry, Standing};
use crate::migrate::{source, Migrator};
use crate::paths::shown;
use crate::schema_file;

/// Exit codes, from least to most severe; the most severe finding wins.
pub const PENDING: u8 = 3;
pub const SCHEMA_DRIFT: u8 = 4;
pub const EDITED: u8 = 5;
pub const MISSING: u8 = 6;
pub const FAILED: u8 = 7;
/// A pending migration has an error-severity lint finding (`migration lint`, run in a
/// scratch database: the checked database stays untouched).
pub const LINT: u8 = 8;

#[derive(Debug, Serialize)]
struct Report {
    clean: bool,
    exit_code: u8,
    applied: usize,
    pending: Vec<String>,
    edited: Vec<Edited>,
    missing: Vec<String>,
    failed: Vec<Failed>,
    schema_drift: Vec<Drift>,
    /// The pending migrations' lint findings (see `strata migration lint`).
    lint: Vec<serde_json::Value>,
    /// Whether the session is encrypted, so that CI can assert it.
    connection: Encryption,
}

#[derive(Debug, Serialize)]
struct Edited {
    migration: String,
    file: String,
    applied_checksum: String,
    current_checksum: String,
}

#[derive(Debug, Serialize)]
struct Failed {
    migration: String,
    failed_at: String,
    error: String,
}

#[derive(Debug, Serialize)]
struct Drift {
    file: String,
    diff: String,
}

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<ExitCode> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let mut conn = ctx.connect()?;
    let entries =
        Migrator::with_migrations(conn.migrations(), &dir, migrations.clone()).entries()?;
    let drift = schema_file::drift(ctx, &mut conn)?;
    let connection = conn
        .catalog()
        .encryption()
        .context("failed to ask the server whether the connection is encrypted")?;
    let pending: HashSet<String> = entries
        .iter()
        .filter(|e| matches!(e.standing, Standing::Pending))
        .map(|e| e.version.clone())
        .collect();
    let mut report = report(&entries, drift, connection);
    // Linting needs a scratch database; a CI user that may not create one still gets the
    // rest of the report, with a warning instead of the lint.
    let linted = match super::lint::lint(ctx, &dir, migrations, &pending, false) {
        Ok(linted) => Some(linted),
        Err(error) => {
            eprintln!("warning: the pending migrations were not linted: {error:#}");
            None
        }
    };
    let mut lint_lines: Vec<String> = Vec::new();
    if let Some(linted) = &linted {
        if linted.errors() > 0 || linted.stopped_by.is_some() {
            report.exit_code = report.exit_code.max(LINT);
            report.clean = false;
        }
        report.lint = linted.findings.iter().map(Reported::json).collect();
        lint_lines = linted.findings.iter().map(Reported::line).collect();
        if let Some(reason) = &linted.stopped_by {
            lint_lines.push(format!("not every pending migration was linted: {reason}"));
        }
    }
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        OutputFormat::Text => {
            for line in &lint_lines {
                println!("lint:    {line}");
            }
            print_text(&report);
        }
    }
    Ok(ExitCode::from(report.exit_code))
}

fn report(
    entries: &[Entry],
    drift: Vec<schema_file::SchemaDrift>,
    connection: Encryption,
) -> Report {
    let mut report = Report {
        clean: true,
        exit_code: 0,
        applied: entries.iter().filter(|e| e.is_applied()).count(),
        pending: Vec::new(),
        edited: Vec::new(),
        missing: Vec::new(),
        failed: Vec::new(),
        schema_drift: drift
            .into_iter()
            .map(|d| Drift {
                file: d.file,
                diff: d.diff,
            })
            .collect(),
        lint: Vec::new(),
        connection,
    };
    for entry in entries {
        match &entry.standing {
            Standing::Applied => {}
            Standing::Pending => report.pending.push(entry.name().to_owned()),
            Standing::Missing => report.missing.push(entry.version.clone()),
            Standing::Edited { recorded, current } => report.edited.push(Edited {
                migration: entry.name().to_owned(),
                file: entry
                    .migration
                    .as_ref()
                    .map(|m| shown(&m.up.path))
                    .unwrap_or_default(),
                applied_checksum: recorded.clone(),
                current_checksum: current.clone(),
            }),
            Standing::Failed { at, failure, .. } => report.failed.push(Failed {
                migration: entry.name().to_owned(),
                failed_at: at.clone(),
                error: failure.clone(),
            }),
        }
    }
    let findings = [
        (!report.pending.is_empty(), PENDING),
        (!report.schema_drift.is_empty(), SCHEMA_DRIFT),
        (!report.edited.is_empty(), EDITED),
        (!report.missing.is_empty(), MISSING),
        (!report.failed.is_empty(), FAILED),
    ];
    report.exit_code = findings
        .iter()
        .filter(|(found, _)| *found)
        .map(|&(_, code)| code)
        .max()
        .unwrap_or(0);
    report.clean = report.exit_code == 0;
    report
}

fn print_text(report: &Report) {
    for failed in &report.failed {
        println!(
            "failed:  {} failed part-way on {}: {}",
            failed.migration, failed.failed_at, failed.error
        );
    }
    for version in &report.missing {
        println!("missing: {version} is applied but has no directory");
    }
    for edited in &report.edited {
        println!(
            "edited:  {} was edited after it was applied ({}: applied {}, now {})",
            edited.migration, edited.file, edited.applied_checksum, edited.current_checksum
        );
    }
    for drift in &report.schema_drift {
        println!(
            "schema:  {} differs from what the database generates:",
            drift.file
        );
        print!("{}", drift.diff);
    }
    for name in &report.pending {
        println!("pending: {name}");
    }
    if report.clean {
        println!(
            "clean: {} migrations applied, none pending; schema files match the database",
            report.applied
        );
    }
}
