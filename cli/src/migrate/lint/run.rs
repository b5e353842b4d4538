//! `Migrator::lint`: the migrations before each selected one applied as usual, the
//! selected ones run statement by statement through the backend's [`LintProbe`].

use super::schema_rules::{self, Attribution};
use super::{allowed_rules, Finding, LintProbe, LockStrength, Observation, Rule};
use crate::migrate::runner::{db, Direction, Migrator};
use crate::migrate::script::Statement;
use crate::migrate::source::Migration;
use crate::migrate::MigrateError;

/// A finding before `strata:allow` comments are applied: line, rule, message, table,
/// column.
type Raw = (usize, Rule, String, Option<String>, Option<String>);

/// What linting one migration found.
#[derive(Debug, Clone)]
pub struct LintedMigration {
    pub version: String,
    pub name: String,
    /// The up.sql linted.
    pub file: std::path::PathBuf,
    /// The findings no `strata:allow` comment silenced, in file order.
    pub findings: Vec<Finding>,
    /// How many findings `strata:allow` comments silenced.
    pub allowed: usize,
    /// `strata:allow(...)` ids that name no rule, with the file and line of their
    /// statement.
    pub unknown_allows: Vec<(usize, String)>,
    /// A statement failed, so the migrations after this one were not linted.
    pub failed: bool,
}

/// Every linted migration, and the selected ones that could not be.
#[derive(Debug, Default)]
pub struct Outcome {
    pub migrations: Vec<LintedMigration>,
    /// Selected migrations not linted, and why (a migration before them failed).
    pub not_linted: Vec<String>,
    pub stopped_by: Option<String>,
}

impl Migrator<'_> {
    /// Lints the migrations `selected` accepts, on this connection, which must be an empty
    /// scratch database: the migrations up to the last selected one are applied to it.
    /// `progress` is told each migration as it is linted.
    pub fn lint(
        &mut self,
        selected: &dyn Fn(&Migration) -> bool,
        progress: &mut dyn FnMut(&LintedMigration),
    ) -> Result<Outcome, MigrateError> {
        self.finish_reading()?;
        self.conn
            .create_state_tables()
            .map_err(db("creating the ledger tables"))?;
        let migrations = self.migrations.clone();
        let mut outcome = Outcome::default();
        let Some(last) = migrations.iter().rposition(|m| selected(m)) else {
            return Ok(outcome);
        };
        let mut order = 1;
        for (index, migration) in migrations[..=last].iter().enumerate() {
            let stop = if selected(migration) {
                let linted = self.lint_one(migration)?;
                progress(&linted);
                let failed = linted.failed;
                outcome.migrations.push(linted);
                failed.then(|| format!("{} failed in the scratch database", migration.name))
            } else {
                self.step(migration, Direction::Up, &mut order)
                    .err()
                    .map(|message| format!("{} failed to apply: {message}", migration.name))
            };
            if let Some(reason) = stop {
                outcome.not_linted = migrations[index + 1..=last]
                    .iter()
                    .filter(|m| selected(m))
                    .map(|m| m.name.clone())
                    .collect();
                if !outcome.not_linted.is_empty() || !selected(migration) {
                    outcome.stopped_by = Some(reason);
                }
                break;
            }
        }
        Ok(outcome)
    }

    fn lint_one(&mut self, migration: &Migration) -> Result<LintedMigration, MigrateError> {
        let schema = self.options.schema.clone();
        let file = &migration.up;
        let statements = self.conn.dialect().split(&file.text);
        let snapshot_error = |source| MigrateError::Snapshot { source };
        let Some(mut probe) = self.conn.lint_probe() else {
            return Err(MigrateError::Scratch {
                migration: migration.name.clone(),
                message: "this connection cannot run migrations statement by statement".into(),
            });
        };
        let baseline = probe.snapshot(schema.as_deref()).map_err(snapshot_error)?;
        probe
            .start(migration.run_in_transaction)
            .map_err(db("starting the migration in the scratch database"))?;
        let mut raw: Vec<Raw> = Vec::new();
        let mut attribution = Attribution::default();
        let mut previous = baseline.clone();
        let mut failed = false;
        let mut rerun = false;
        if crate::migrate::run::is_blank(&file.text) {
            raw.push((
                1,
                Rule::StatementFails,
                format!(
                    "{} has no SQL statements, and `migration run` refuses an empty up.sql",
                    crate::paths::shown(&file.path)
                ),
                None,
                None,
            ));
            failed = true;
        }
        for statement in &statements {
            let observe = !changes_only_rows(&statement.sql);
            match probe.execute(&statement.sql, observe) {
                Ok(observations) => {
                    for (rule, message, table, column) in judge_statement(observations) {
                        raw.push((statement.line, rule, message, Some(table), column));
                    }
                }
                Err(failure) if failure.needs_no_transaction && migration.run_in_transaction => {
                    raw.push((
                        statement.line,
                        Rule::ConcurrentlyInTransaction,
                        failure.message,
                        None,
                        None,
                    ));
                    // The deploy fails here; the migration is still run the way its
                    // author meant (outside a transaction), so the ones after it start
                    // from the schema they expect.
                    probe.abandon();
                    if let Err(failure) = run_outside_a_transaction(&mut *probe, &statements) {
                        raw.push((failure.0, Rule::StatementFails, failure.1, None, None));
                        failed = true;
                    }
                    previous = probe.snapshot(schema.as_deref()).map_err(snapshot_error)?;
                    rerun = true;
                    break;
                }
                Err(failure) => {
                    raw.push((
                        statement.line,
                        Rule::StatementFails,
                        failure.message,
                        None,
                        None,
                    ));
                    failed = true;
                    break;
                }
            }
            if observe {
                let now = probe.snapshot(schema.as_deref()).map_err(snapshot_error)?;
                attribution.record(&previous, &now, statement.line);
                previous = now;
            }
        }
        if failed {
            probe.abandon();
        } else if !rerun {
            probe
                .finish()
                .map_err(db("committing the migration in the scratch database"))?;
        }
        // Up to a failure too: what the statements before it did is still worth knowing.
        let fallback = statements.first().map_or(1, |s| s.line);
        for (rule, line, message, table, column) in
            schema_rules::findings(&baseline, &previous, &attribution, fallback)
        {
            raw.push((line, rule, message, Some(table), column));
        }
        drop(probe);

        let mut findings = Vec::new();
        let mut allowed = 0;
        let mut unknown_allows = Vec::new();
        raw.sort_by_key(|a| (a.0, a.1));
        raw.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
        let mut seen_lines = std::collections::HashSet::new();
        for (line, rule, message, table, column) in raw {
            let (rules, unknown) = allowed_rules(&file.text, line);
            if seen_lines.insert(line) {
                unknown_allows.extend(unknown.into_iter().map(|id| (line, id)));
            }
            if rules.contains(&rule) {
                allowed += 1;
                continue;
            }
            findings.push(Finding {
                rule,
                migration: migration.name.clone(),
                file: file.path.clone(),
                line,
                message,
                table,
                column,
            });
        }
        Ok(LintedMigration {
            version: migration.version.clone(),
            name: migration.name.clone(),
            file: file.path.clone(),
            findings,
            allowed,
            unknown_allows,
            failed,
        })
    }
}

/// Whether a statement only writes rows (`INSERT`, `UPDATE`, `DELETE`): it takes no lock
/// that blocks other writers of a table and changes no schema, so neither the catalog nor
/// a snapshot is read after it. A data migration of thousands of `INSERT`s then costs
/// what running it costs.
fn changes_only_rows(sql: &str) -> bool {
    let first = sql
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|word| !word.is_empty())
        .unwrap_or_default();
    ["insert", "update", "delete"]
        .iter()
        .any(|keyword| first.eq_ignore_ascii_case(keyword))
}

/// Runs a migration's statements one by one outside any transaction; the line and error
/// of the first that fails.
fn run_outside_a_transaction(
    probe: &mut dyn LintProbe,
    statements: &[Statement],
) -> Result<(), (usize, String)> {
    probe.start(false).map_err(|e| (0, e.to_string()))?;
    for statement in statements {
        probe
            .execute(&statement.sql, false)
            .map_err(|failure| (statement.line, failure.message))?;
    }
    Ok(())
}

/// The rules a statement's observations break. A lock is reported on its own only when
/// nothing else the statement did to that table explains it (a rewrite or a scan is
/// reported with what it locks out); the missing lock_timeout always is.
fn judge_statement(observations: Vec<Observation>) -> Vec<(Rule, String, String, Option<String>)> {
    let explained: std::collections::HashSet<String> = observations
        .iter()
        .filter_map(|o| match o {
            Observation::Rewrite { table }
            | Observation::ValidatingConstraint { table, .. }
            | Observation::SetNotNullScan { table, .. }
            | Observation::IndexBuild { table, .. } => Some(table.clone()),
            _ => None,
        })
        .collect();
    observations
        .into_iter()
        .flat_map(judge)
        .filter(|(rule, _, table, _)| {
            !matches!(rule, Rule::AccessExclusiveLock | Rule::BlocksWrites)
                || !explained.contains(table)
        })
        .collect()
}

/// The rules an observation breaks, each with its message, table and column.
fn judge(observation: Observation) -> Vec<(Rule, String, String, Option<String>)> {
    match observation {
        Observation::Lock {
            table,
            mode,
            strength,
            lock_timeout,
        } => {
            // With a lock_timeout, a lock no rewrite or scan comes with is held for an
            // instant and never queues the table's queries for long.
            if lock_timeout {
                return Vec::new();
            }
            let mut found = Vec::new();
            let (rule, blocks) = match strength {
                LockStrength::BlocksReads => (Rule::AccessExclusiveLock, "reads and writes"),
                LockStrength::BlocksWrites => (Rule::BlocksWrites, "writes"),
            };
            found.push((
                rule,
                format!(
                    "takes {mode} on `{table}`: {blocks} wait until the migration commits"
                ),
                table.clone(),
                None,
            ));
            found.push((
                Rule::MissingLockTimeout,
                format!("waits for {mode} on `{table}` with no lock_timeout set"),
                table,
                None,
            ));
            found
        }
        Observation::Rewrite { table } => vec![(
            Rule::TableRewrite,
            format!("rewrites table `{table}` (its storage was replaced)"),
            table,
            None,
        )],
        Observation::ValidatingConstraint { table, constraint } => vec![(
            Rule::ValidatingConstraint,
            format!("adds constraint `{constraint}` to `{table}` validated: every row is read"),
            table,
            None,
        )],
        Observation::SetNotNullScan { table, column } => vec![(
            Rule::SetNotNullScan,
            format!(
                "sets `{table}.{column}` NOT NULL without a validated CHECK ({column} IS NOT \
                 NULL): the table is scanned"
            ),
            table,
            Some(column),
        )],
        Observation::IndexBuild {
            table,
            index,
            blocks_reads,
        } => {
            let blocked = if blocks_reads { "reads and writes" } else { "writes" };
            vec![(
                Rule::IndexWithoutConcurrently,
                format!("builds index `{index}` on `{table}` while {blocked} of `{table}` wait"),
                table,
                None,
            )]
        }
        Observation::TableCopy { table, refusal } => vec![(
            Rule::MysqlTableCopy,
            format!("copies table `{table}`, blocking writes (the server refused INPLACE, LOCK=NONE: {refusal})"),
            table,
            None,
        )],
        Observation::TableRebuild { table } => vec![(
            Rule::SqliteTableRebuild,
            format!("rebuilds table `{table}`: it is copied into a new table"),
            table,
            None,
        )],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_row_writes_go_unobserved() {
        assert!(super::changes_only_rows("INSERT INTO t VALUES (1)"));
        assert!(super::changes_only_rows("\n  update t SET a = 1"));
        assert!(!super::changes_only_rows("ALTER TABLE t ADD COLUMN a INT"));
        assert!(!super::changes_only_rows("SELECT do_ddl()"));
        assert!(!super::changes_only_rows(""));
    }
}
