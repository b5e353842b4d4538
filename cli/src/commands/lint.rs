//! `strata migration lint`: each selected migration's hazards, measured in a scratch
//! database (see `migrate::lint`), printed in the format asked for.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::args::{LintArgs, LintFormat};
use crate::context::Context;
use crate::lint_report::{self, Reported};
use crate::lint_settings::LintSettings;
use crate::migrate::lint::{Outcome, Severity};
use crate::migrate::state::Standing;
use crate::migrate::{source, Migration, Migrator};
use crate::schema_usage::SchemaUsage;

/// What linting found, ready to print.
#[derive(Debug)]
pub struct Linted {
    pub findings: Vec<Reported>,
    pub linted: Vec<String>,
    pub allowed: usize,
    /// `file:line: strata:allow(...) names no rule ...` lines.
    pub notes: Vec<String>,
    pub not_linted: Vec<String>,
    pub stopped_by: Option<String>,
}

impl Linted {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|r| r.severity == severity)
            .count()
    }
}

pub fn run(ctx: &Context, args: &LintArgs) -> Result<ExitCode> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let selected = if args.all {
        migrations.iter().map(|m| m.version.clone()).collect()
    } else if !args.versions.is_empty() {
        source::versions_named(&migrations, &args.versions)?
    } else {
        pending(ctx, &dir, &migrations)?
    };
    let text = args.format == LintFormat::Text;
    let linted = lint(ctx, &dir, migrations, &selected, text)?;
    match args.format {
        LintFormat::Text => {
            print!("{}", lint_report::text(&linted.findings));
            for note in &linted.notes {
                println!("{note}");
            }
            if let Some(reason) = &linted.stopped_by {
                println!("{} not linted: {reason}", linted.not_linted.len());
            }
            println!(
                "{} migration(s) linted: {} error(s), {} warning(s){}",
                linted.linted.len(),
                linted.errors(),
                linted.count(Severity::Warning),
                if linted.allowed > 0 {
                    format!(", {} allowed", linted.allowed)
                } else {
                    String::new()
                }
            );
        }
        LintFormat::Json => {
            let report = json!({
                "passed": linted.errors() == 0 && linted.stopped_by.is_none(),
                "errors": linted.errors(),
                "warnings": linted.count(Severity::Warning),
                "allowed": linted.allowed,
                "linted": linted.linted,
                "not_linted": linted.not_linted,
                "stopped_by": linted.stopped_by,
                "notes": linted.notes,
                "findings": linted.findings.iter().map(Reported::json).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        LintFormat::Sarif => {
            let log = lint_report::sarif(&linted.findings);
            println!("{}", serde_json::to_string_pretty(&log)?);
        }
        LintFormat::Github => print!("{}", lint_report::github(&linted.findings)),
    }
    Ok(if linted.errors() == 0 && linted.stopped_by.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Lints the migrations whose versions are in `selected`, in a scratch database, naming
/// for each finding what the project's schema files declare of its table or column.
pub fn lint(
    ctx: &Context,
    dir: &Path,
    migrations: Vec<Migration>,
    selected: &HashSet<String>,
    announce: bool,
) -> Result<Linted> {
    let count = selected.len();
    let mut scratch_name = None;
    let outcome: Outcome = if count == 0 {
        Outcome::default()
    } else {
        super::in_scratch_database(ctx, dir, migrations, |migrator, scratch| {
            if announce {
                println!("Linting {count} migration(s) in scratch database {scratch}");
            }
            scratch_name = Some(scratch.to_owned());
            Ok(migrator.lint(&|m| selected.contains(&m.version), &mut |_| {})?)
        })?
    };
    // A server's error names the database it ran in: the configured one is what the
    // statement will meet at deploy.
    let url = ctx.database_url()?;
    let configured = crate::backend::admin(url.backend())?.shown_name(&url);
    let unscratched = |message: String| match &scratch_name {
        Some(scratch) => message.replace(scratch.as_str(), &configured),
        None => message,
    };
    let files: Vec<_> = ctx
        .config
        .print_schema
        .iter()
        .filter_map(|section| section.file.clone())
        .collect();
    let usage = SchemaUsage::read(&files);
    let settings = match ctx.config_path.parent() {
        Some(dir) => LintSettings::read(dir)?,
        None => LintSettings::default(),
    };
    let mut linted = Linted {
        findings: Vec::new(),
        linted: Vec::new(),
        allowed: 0,
        notes: Vec::new(),
        not_linted: outcome.not_linted,
        stopped_by: outcome.stopped_by,
    };
    for migration in outcome.migrations {
        linted.linted.push(migration.name.clone());
        linted.allowed += migration.allowed;
        for (line, id) in migration.unknown_allows {
            linted.notes.push(format!(
                "{}:{line}: note: strata:allow({id}) names no rule",
                crate::paths::shown(&migration.file)
            ));
        }
        for mut finding in migration.findings {
            finding.message = unscratched(finding.message);
            if settings.allow.contains(&finding.rule) {
                linted.allowed += 1;
                continue;
            }
            let severity = settings.severity(finding.rule);
            let used_by = match &finding.table {
                Some(table) if finding.rule.breaks_application() => {
                    usage.users(table, finding.column.as_deref())
                }
                _ => Vec::new(),
            };
            linted
                .findings
                .push(Reported::new(finding, used_by, severity));
        }
    }
    Ok(linted)
}

/// The migrations the configured database has not applied, read without changing it; all
/// of them when the database does not exist yet.
fn pending(ctx: &Context, dir: &Path, migrations: &[Migration]) -> Result<HashSet<String>> {
    let all = || migrations.iter().map(|m| m.version.clone()).collect();
    let url = ctx.database_url()?;
    if !crate::backend::admin(url.backend())?.exists(&url)? {
        return Ok(all());
    }
    let Some(mut conn) = ctx.connect_existing()? else {
        return Ok(all());
    };
    let entries =
        Migrator::with_migrations(conn.migrations(), dir, migrations.to_vec()).entries()?;
    Ok(entries
        .into_iter()
        .filter(|e| matches!(e.standing, Standing::Pending))
        .map(|e| e.version)
        .collect())
}
