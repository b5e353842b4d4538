//! `strata migration status|list|pending`: how every migration stands, read-only.
//!
//! `list` and `pending` print diesel_cli's text unchanged; all three have `--format json`,
//! whose shapes are documented in docs/reference.md and fixed by the tests.

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::args::OutputFormat;
use crate::backend::Encryption;
use crate::context::Context;
use crate::migrate::state::{Entry, Standing};
use crate::migrate::{source, Migrator};
use crate::term::{Colour, Painter, Stream};

/// Which of the three commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Status,
    List,
    Pending,
}

/// One migration in `status --format json`.
#[derive(Debug, Serialize)]
struct StatusRow<'a> {
    version: &'a str,
    name: &'a str,
    /// applied, pending, edited, missing or failed.
    status: &'static str,
    applied_at: Option<&'a str>,
    duration_ms: Option<i64>,
    /// For `failed`: the file, line and error; for `edited`: what changed.
    detail: Option<String>,
}

#[derive(Debug, Serialize)]
struct StatusReport<'a> {
    migrations: Vec<StatusRow<'a>>,
    applied: usize,
    pending: usize,
    problems: usize,
    /// Whether the session is encrypted, so that CI can assert it.
    connection: Encryption,
}

#[derive(Debug, Serialize)]
struct ListRow<'a> {
    version: &'a str,
    name: &'a str,
    applied: bool,
}

#[derive(Debug, Serialize)]
struct PendingReport<'a> {
    pending: bool,
    migrations: Vec<&'a str>,
}

pub fn run(ctx: &Context, view: View, format: OutputFormat) -> Result<()> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let mut conn = ctx.connect()?;
    let entries = Migrator::with_migrations(conn.migrations(), &dir, migrations).entries()?;
    match (view, format) {
        (View::Status, OutputFormat::Text) => print_status(&entries),
        (View::Status, OutputFormat::Json) => {
            let connection = conn
                .catalog()
                .encryption()
                .context("failed to ask the server whether the connection is encrypted")?;
            print_json(&status_report(&entries, connection))?
        }
        (View::List, OutputFormat::Text) => {
            println!("Migrations:");
            for entry in entries.iter().filter(|e| e.migration.is_some()) {
                let mark = if entry.is_applied() { 'X' } else { ' ' };
                println!("  [{mark}] {}", entry.name());
            }
        }
        (View::List, OutputFormat::Json) => {
            let rows: Vec<ListRow> = entries
                .iter()
                .filter(|e| e.migration.is_some())
                .map(|e| ListRow {
                    version: &e.version,
                    name: e.name(),
                    applied: e.is_applied(),
                })
                .collect();
            print_json(&rows)?;
        }
        (View::Pending, format) => {
            let pending: Vec<&str> = entries
                .iter()
                .filter(|e| e.is_pending() && e.migration.is_some())
                .map(Entry::name)
                .collect();
            match format {
                OutputFormat::Text => println!("{}", !pending.is_empty()),
                OutputFormat::Json => print_json(&PendingReport {
                    pending: !pending.is_empty(),
                    migrations: pending,
                })?,
            }
        }
    }
    Ok(())
}

fn print_json(value: &impl Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn status_word(standing: &Standing) -> &'static str {
    match standing {
        Standing::Applied => "applied",
        Standing::Pending => "pending",
        Standing::Edited { .. } => "edited",
        Standing::Missing => "missing",
        Standing::Failed { .. } => "failed",
    }
}

fn colour_of(entry: &Entry) -> Colour {
    if entry.needs_attention() {
        Colour::Red
    } else if entry.is_applied() {
        Colour::Green
    } else {
        Colour::Yellow
    }
}

/// What a person needs to know beyond the status word.
fn detail(entry: &Entry) -> Option<String> {
    let next = entry.next_step()?;
    Some(match &entry.standing {
        Standing::Edited { recorded, current } => format!(
            "up.sql changed since it was applied ({recorded} -> {current}); \
             `strata migration accept {}` if that was deliberate",
            entry.version
        ),
        Standing::Missing => format!("applied, but no directory has this version; {next}"),
        Standing::Failed { failure, .. } => format!("{failure}; {next}"),
        Standing::Applied | Standing::Pending => next,
    })
}

fn status_report(entries: &[Entry], connection: Encryption) -> StatusReport<'_> {
    let migrations = entries
        .iter()
        .map(|e| {
            let applied = e.record.as_ref().filter(|_| e.is_applied());
            StatusRow {
                version: &e.version,
                name: e.name(),
                status: status_word(&e.standing),
                applied_at: applied.map(|r| r.applied_at.as_str()),
                duration_ms: applied.map(|r| r.duration_ms),
                detail: detail(e),
            }
        })
        .collect();
    StatusReport {
        migrations,
        applied: entries.iter().filter(|e| e.is_applied()).count(),
        pending: entries.iter().filter(|e| e.is_pending()).count(),
        problems: entries.iter().filter(|e| e.needs_attention()).count(),
        connection,
    }
}

/// The table: one row per migration, aligned, coloured by status on a terminal.
fn print_status(entries: &[Entry]) {
    let painter = Painter::for_stream(Stream::Stdout);
    // The text table does not show the connection, so it is not asked for.
    let report = status_report(entries, Encryption::none());
    if report.migrations.is_empty() {
        println!("No migrations.");
        return;
    }
    let name_width = report
        .migrations
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("MIGRATION".len());
    println!(
        "{:<8} {:<name_width$} {:<19} TOOK",
        "STATUS", "MIGRATION", "APPLIED AT (UTC)"
    );
    for (row, entry) in report.migrations.iter().zip(entries) {
        let status = painter.paint(colour_of(entry), &format!("{:<8}", row.status));
        let applied_at = row.applied_at.map_or("-".to_owned(), shown_timestamp);
        let took = row
            .duration_ms
            .map_or("-".to_owned(), |ms| format!("{ms} ms"));
        let line = format!("{status} {:<name_width$} {applied_at:<19} {took}", row.name);
        println!("{}", line.trim_end());
        if let Some(detail) = &row.detail {
            println!("         {}", painter.paint(Colour::Dim, detail));
        }
    }
    let mut summary = format!(
        "{} migrations: {} applied, {} pending",
        report.migrations.len(),
        report.applied,
        report.pending
    );
    if report.problems > 0 {
        summary.push_str(&format!(
            ", {} need attention (`strata migration check` exits non-zero)",
            report.problems
        ));
    }
    println!("{summary}");
}

/// `2026-11-22T10:00:01.123Z` as `2026-11-22 10:00:01`.
fn shown_timestamp(stamp: &str) -> String {
    let seconds = stamp.split('.').next().unwrap_or(stamp);
    seconds.trim_end_matches('Z').replacen('T', " ", 1)
}
