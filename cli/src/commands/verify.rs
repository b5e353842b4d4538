//! `strata migration verify`: every selected migration's rollback proven in a scratch
//! database, with a verdict per migration.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;
use strata_schema_gen::snapshot::diff::{Change, Moments, SnapshotDiff};

use crate::args::{OutputFormat, VerifyArgs};
use crate::context::Context;
use crate::migrate::verify::{Verdict, VerdictResult, AFTER_DOWN, AFTER_UP_AGAIN};
use crate::migrate::{source, MigrateError, Migration};

#[derive(Debug, Serialize)]
struct Report {
    passed: bool,
    verified: usize,
    failed: usize,
    migrations: Vec<VerdictJson>,
}

#[derive(Debug, Serialize)]
struct VerdictJson {
    version: String,
    name: String,
    /// `passed`, `failed`, `error`, or `blocked` (a migration before the selected ones
    /// failed to apply).
    result: &'static str,
    error: Option<String>,
    /// Differences between the schema after down.sql and before up.sql.
    after_down: Vec<ChangeJson>,
    /// Differences between the schema after up.sql ran again and after it ran first.
    after_up_again: Vec<ChangeJson>,
    /// Column order differences (not failures).
    warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ChangeJson {
    /// `missing`, `unexpected` or `changed`.
    change: &'static str,
    kind: &'static str,
    table: Option<String>,
    name: String,
    /// The report's line for it.
    text: String,
    facts: Vec<FactJson>,
}

#[derive(Debug, Serialize)]
struct FactJson {
    fact: &'static str,
    expected: Option<String>,
    actual: Option<String>,
}

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<ExitCode> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let selected = select(&migrations, args)?;
    let text = args.format == OutputFormat::Text;
    let mut verdicts: Vec<Verdict> = Vec::new();
    // A migration that fails to run leaves the scratch database in a state no deploy has.
    // The ones after it are verified in a new scratch database, with the migrations up to
    // it applied, so one run reports every broken down.sql.
    loop {
        let done: HashSet<String> = verdicts.iter().map(|v| v.version.clone()).collect();
        let to_verify = |m: &Migration| selected.contains(&m.version) && !done.contains(&m.version);
        let remaining = migrations.iter().filter(|m| to_verify(m)).count();
        let resumed_after = verdicts.last().map(|v| v.name.clone());
        let round =
            super::in_scratch_database(ctx, &dir, migrations.clone(), |migrator, scratch| {
                if text {
                    match &resumed_after {
                        None => println!(
                            "Verifying {remaining} migration(s) in scratch database {scratch}"
                        ),
                        Some(name) => println!(
                            "Verifying the {remaining} migration(s) after {name} in a new scratch \
                         database, {scratch}, with the migrations up to {name} applied"
                        ),
                    }
                }
                Ok(migrator.verify(&to_verify, &mut |verdict| {
                    if text {
                        print_verdict(verdict);
                    }
                })?)
            })?;
        let resume = matches!(
            round.last().map(|v| &v.result),
            Some(VerdictResult::Error {
                resumable: true,
                ..
            })
        );
        verdicts.extend(round);
        let done = verdicts.len();
        let more = migrations
            .iter()
            .filter(|m| selected.contains(&m.version))
            .count()
            > done;
        if !(resume && more) {
            break;
        }
    }

    let blocked = verdicts.iter().find(|v| !v.result.verified());
    let verified = verdicts.iter().filter(|v| v.result.verified()).count();
    let failed = verdicts
        .iter()
        .filter(|v| v.result.verified() && !v.result.passed())
        .count();
    let unverified = selected.len().saturating_sub(verified);
    match args.format {
        OutputFormat::Text => {
            let passed = verified - failed;
            println!("{verified} verified: {passed} passed, {failed} failed");
            if let Some(blocked) = blocked {
                println!(
                    "{unverified} not verified: {}, which runs before them, failed to apply",
                    blocked.name
                );
            }
        }
        OutputFormat::Json => {
            let report = Report {
                passed: failed == 0 && blocked.is_none(),
                verified,
                failed,
                migrations: verdicts.iter().map(verdict_json).collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(if failed == 0 && blocked.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The versions to verify: those named (each must exist), all, or the newest.
fn select(migrations: &[Migration], args: &VerifyArgs) -> Result<HashSet<String>, MigrateError> {
    if args.all {
        return Ok(migrations.iter().map(|m| m.version.clone()).collect());
    }
    if args.versions.is_empty() {
        return Ok(migrations
            .last()
            .map(|m| m.version.clone())
            .into_iter()
            .collect());
    }
    source::versions_named(migrations, &args.versions)
}

/// `passed`, `failed` or `error`, as JSON says it.
fn result_key(result: &VerdictResult) -> &'static str {
    match result {
        VerdictResult::Passed { .. } => "passed",
        VerdictResult::Failed { .. } | VerdictResult::EmptyDown { .. } => "failed",
        VerdictResult::Error { .. } => "error",
        VerdictResult::Blocked { .. } => "blocked",
    }
}

fn print_verdict(verdict: &Verdict) {
    let mark = match verdict.result {
        VerdictResult::Passed { .. } => "ok",
        VerdictResult::Failed { .. } | VerdictResult::EmptyDown { .. } => "FAILED",
        VerdictResult::Error { .. } | VerdictResult::Blocked { .. } => "ERROR",
    };
    println!("{mark:<7} {}", verdict.name);
    if let VerdictResult::EmptyDown { message, .. } = &verdict.result {
        println!("  {message}");
    }
    match (&verdict.result, verdict.result.diffs()) {
        (_, Some((after_down, after_up_again))) => {
            print!("{}", after_down.report(AFTER_DOWN, "  "));
            print!("{}", after_up_again.report(AFTER_UP_AGAIN, "  "));
        }
        (VerdictResult::Error { message, .. }, None) => println!("  {message}"),
        (VerdictResult::Blocked { message }, None) => {
            println!("  {message} (it runs before the migrations being verified)")
        }
        _ => {}
    }
}

fn verdict_json(verdict: &Verdict) -> VerdictJson {
    let empty = SnapshotDiff::default();
    let (down, up) = verdict.result.diffs().unwrap_or((&empty, &empty));
    let error = match &verdict.result {
        VerdictResult::Error { message, .. }
        | VerdictResult::Blocked { message }
        | VerdictResult::EmptyDown { message, .. } => Some(message.clone()),
        _ => None,
    };
    VerdictJson {
        version: verdict.version.clone(),
        name: verdict.name.clone(),
        result: result_key(&verdict.result),
        error,
        after_down: changes_json(down, AFTER_DOWN),
        after_up_again: changes_json(up, AFTER_UP_AGAIN),
        warnings: down.warnings().chain(up.warnings()).collect(),
    }
}

fn changes_json(diff: &SnapshotDiff, moments: Moments<'_>) -> Vec<ChangeJson> {
    diff.reported_changes()
        .map(|change| {
            let (kind, facts) = match change {
                Change::Missing { .. } => ("missing", &[][..]),
                Change::Unexpected { .. } => ("unexpected", &[][..]),
                Change::Changed { facts, .. } => ("changed", &facts[..]),
            };
            let id = change.id();
            ChangeJson {
                change: kind,
                kind: id.kind.key(),
                table: id.table.clone(),
                name: id.name.clone(),
                text: change.line(moments),
                facts: facts
                    .iter()
                    .map(|f| FactJson {
                        fact: f.fact,
                        expected: f.expected.clone(),
                        actual: f.actual.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}
