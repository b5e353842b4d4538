//! Proving rollbacks: each migration's down.sql must restore the schema its up.sql found,
//! compared as full schema snapshots, not "both files ran".
//!
//! Run against a scratch database (the CLI's `backend::scratch`), never the user's:
//! for each migration k in version order, with S(k-1) the schema before it,
//! up → S(k); down → must equal S(k-1); up again → must equal S(k). Migrations that are
//! not selected are only applied, to build the schema the selected ones start from.

use strata_schema_gen::snapshot::diff::{Moments, SnapshotDiff};
use strata_schema_gen::snapshot::reverse::{self, DownSql};

use super::dialect::Dialect;
use super::runner::{db, Direction, Migrator, Quiet};
use super::source::{Migration, SqlFile};
use super::MigrateError;

/// What verifying one migration found.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub version: String,
    pub name: String,
    pub result: VerdictResult,
}

#[derive(Debug, Clone)]
pub enum VerdictResult {
    /// down.sql restored the schema exactly and up.sql applied again to the same result.
    /// Column order differences, if any, are in the diffs.
    Passed {
        after_down: SnapshotDiff,
        after_up_again: SnapshotDiff,
    },
    /// The schema after down.sql differs from before up.sql, or up.sql applied again gave
    /// another schema.
    Failed {
        after_down: SnapshotDiff,
        after_up_again: SnapshotDiff,
    },
    /// down.sql has no SQL statements (and metadata.toml does not say there is nothing to
    /// undo): it was not run, and `after_down` is what up.sql left that nothing undoes.
    /// The migration stays applied, so the ones after it start from the schema they expect.
    EmptyDown {
        message: String,
        after_down: SnapshotDiff,
        after_up_again: SnapshotDiff,
    },
    /// A file failed to run (or is missing). The scratch database's schema is not one a
    /// deploy ever has, so this verification stops here; when up.sql had applied first
    /// (`resumable`), the caller can go on in a new scratch database with the migrations
    /// up to this one applied.
    Error { message: String, resumable: bool },
    /// A migration before the selected ones failed to apply: nothing after it can be
    /// verified.
    Blocked { message: String },
}

impl VerdictResult {
    pub fn passed(&self) -> bool {
        matches!(self, VerdictResult::Passed { .. })
    }

    /// Whether the migration was put to the proof at all (a blocked one was not).
    pub fn verified(&self) -> bool {
        !matches!(self, VerdictResult::Blocked { .. })
    }

    /// The comparisons after down.sql and after up.sql again, when both files ran.
    pub fn diffs(&self) -> Option<(&SnapshotDiff, &SnapshotDiff)> {
        match self {
            VerdictResult::Passed {
                after_down,
                after_up_again,
            }
            | VerdictResult::Failed {
                after_down,
                after_up_again,
            }
            | VerdictResult::EmptyDown {
                after_down,
                after_up_again,
                ..
            } => Some((after_down, after_up_again)),
            VerdictResult::Error { .. } | VerdictResult::Blocked { .. } => None,
        }
    }
}

/// How the two comparisons of a verdict are named in its report.
pub const AFTER_DOWN: Moments<'static> = Moments {
    actual: "after down.sql",
    expected: "before up.sql",
};
pub const AFTER_UP_AGAIN: Moments<'static> = Moments {
    actual: "after up.sql ran again",
    expected: "after up.sql ran first",
};

/// A generated down.sql and how it fared when run.
#[derive(Debug, Clone)]
pub struct GeneratedDown {
    pub migration: Migration,
    pub down: DownSql,
    /// The file to write.
    pub text: String,
    /// What still differs from the schema before up.sql after running it (empty: exact), or
    /// the error it failed with.
    pub restored: Result<SnapshotDiff, String>,
}

impl Migrator<'_> {
    /// Verifies the migrations `selected` accepts, on this connection, which must be an
    /// empty scratch database: every migration is applied to it. `progress` is told each
    /// verdict as it is reached.
    pub fn verify(
        &mut self,
        selected: &dyn Fn(&Migration) -> bool,
        progress: &mut dyn FnMut(&Verdict),
    ) -> Result<Vec<Verdict>, MigrateError> {
        self.finish_reading()?;
        self.conn
            .create_state_tables()
            .map_err(db("creating the ledger tables"))?;
        let migrations = self.migrations.clone();
        let mut verdicts = Vec::new();
        let mut order = 1;
        for migration in &migrations {
            let result = if selected(migration) {
                self.prove(migration, &mut order)?
            } else {
                match self.step(migration, Direction::Up, &mut order) {
                    Ok(()) => continue,
                    Err(message) => VerdictResult::Blocked { message },
                }
            };
            let stop = matches!(
                result,
                VerdictResult::Error { .. } | VerdictResult::Blocked { .. }
            );
            let verdict = Verdict {
                version: migration.version.clone(),
                name: migration.name.clone(),
                result,
            };
            progress(&verdict);
            verdicts.push(verdict);
            if stop {
                break;
            }
        }
        Ok(verdicts)
    }

    /// Generates the down.sql of the migration `version` (or directory name): applies the
    /// migrations before it and snapshots, applies its up.sql and snapshots, writes the SQL
    /// from the second schema back to the first, then runs that SQL and compares, so the
    /// caller knows whether it restores the schema exactly. On a scratch database only.
    pub fn generate_down(&mut self, version: &str) -> Result<GeneratedDown, MigrateError> {
        self.finish_reading()?;
        let index = self.position_of(version)?;
        self.conn
            .create_state_tables()
            .map_err(db("creating the ledger tables"))?;
        let migrations = self.migrations.clone();
        let mut order = 1;
        let scratch_error = |migration: &Migration, message: String| MigrateError::Scratch {
            migration: migration.name.clone(),
            message,
        };
        for migration in &migrations[..index] {
            self.step(migration, Direction::Up, &mut order)
                .map_err(|m| scratch_error(migration, m))?;
        }
        let target = &migrations[index];
        let before = self.snapshot()?;
        self.step(target, Direction::Up, &mut order)
            .map_err(|m| scratch_error(target, m))?;
        let after = self.snapshot()?;
        let down = reverse::down_sql(&after, &before, self.conn.ddl());

        // Prove it: run the generated file as the migration's down.sql.
        let text = down.text();
        let mut trial = Migration::clone(target);
        trial.down = Some(SqlFile::new(
            target.dir.join("down.sql (generated)"),
            text.clone(),
        ));
        let restored = match self.step(&trial, Direction::Down, &mut order) {
            Ok(()) => Ok(SnapshotDiff::between(&before, &self.snapshot()?)),
            Err(message) => Err(message),
        };
        Ok(GeneratedDown {
            migration: Migration::clone(target),
            down,
            text,
            restored,
        })
    }

    /// up, down, up again, with a snapshot before and after each.
    fn prove(
        &mut self,
        migration: &Migration,
        order: &mut i64,
    ) -> Result<VerdictResult, MigrateError> {
        let before = self.snapshot()?;
        if let Err(message) = self.step(migration, Direction::Up, order) {
            return Ok(VerdictResult::Error {
                message,
                resumable: false,
            });
        }
        let after_up = self.snapshot()?;
        if let Some(message) = empty_down(migration, self.conn.dialect()) {
            return Ok(VerdictResult::EmptyDown {
                message,
                after_down: SnapshotDiff::between(&before, &after_up),
                after_up_again: SnapshotDiff::default(),
            });
        }
        if let Err(message) = self.step(migration, Direction::Down, order) {
            return Ok(VerdictResult::Error {
                message,
                resumable: true,
            });
        }
        let after_down = SnapshotDiff::between(&before, &self.snapshot()?);
        if let Err(message) = self.step(migration, Direction::Up, order) {
            return Ok(VerdictResult::Error {
                message: format!("after down.sql, {message}"),
                resumable: true,
            });
        }
        let after_up_again = SnapshotDiff::between(&after_up, &self.snapshot()?);
        Ok(if after_down.is_empty() && after_up_again.is_empty() {
            VerdictResult::Passed {
                after_down,
                after_up_again,
            }
        } else {
            VerdictResult::Failed {
                after_down,
                after_up_again,
            }
        })
    }

    /// Applies one direction of a migration with its ledger rows; the error as one line.
    pub(super) fn step(
        &mut self,
        migration: &Migration,
        direction: Direction,
        order: &mut i64,
    ) -> Result<(), String> {
        let file = match direction {
            Direction::Up => &migration.up,
            Direction::Down => migration
                .down
                .as_ref()
                .ok_or_else(|| "it has no down.sql".to_owned())?,
        };
        let statements = self.conn.dialect().split(&file.text);
        if direction == Direction::Up && super::run::is_blank(&file.text) {
            return Err(format!("{} is empty", crate::paths::shown(&file.path)));
        }
        *order += 1;
        self.apply(migration, direction, file, &statements, *order, &mut Quiet)
            .map_err(|error| {
                let text = error.to_string();
                text.lines().next().unwrap_or_default().to_owned()
            })
    }
}

/// Why a migration's down.sql cannot be proven, when it has no SQL statements and its
/// metadata.toml does not say that there is nothing to undo.
fn empty_down(migration: &Migration, dialect: &dyn Dialect) -> Option<String> {
    let down = migration.down.as_ref()?;
    if migration.nothing_to_undo || !dialect.split(&down.text).is_empty() {
        return None;
    }
    Some(format!(
        "{} has no SQL statements, so it undoes nothing (if there is nothing to undo, say so \
         with `nothing_to_undo = true` in its metadata.toml)",
        crate::paths::shown(&down.path)
    ))
}

/// The extensions the migrations create themselves (`CREATE EXTENSION [IF NOT EXISTS]
/// name`, in any up.sql): a scratch database must not have them before the migration that
/// creates them runs.
pub fn extensions_created(migrations: &[Migration], dialect: &dyn Dialect) -> Vec<String> {
    let mut names = Vec::new();
    for migration in migrations {
        for statement in dialect.split(&migration.up.text) {
            let words: Vec<&str> = statement.sql.split_whitespace().take(6).collect();
            let lowered: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
            if lowered.len() < 3 || lowered[0] != "create" || lowered[1] != "extension" {
                continue;
            }
            let at = if lowered.get(2..5) == Some(&["if".into(), "not".into(), "exists".into()]) {
                5
            } else {
                2
            };
            if let Some(name) = words.get(at) {
                let name = name.trim_end_matches(';');
                names.push(
                    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
                        Some(quoted) => quoted.replace("\"\"", "\""),
                        None => name.to_ascii_lowercase(),
                    },
                );
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn finds_the_extensions_migrations_create() {
        let migration = |up: &'static str| Migration {
            version: "1".into(),
            name: "1_a".into(),
            dir: PathBuf::from("migrations/1_a"),
            up: SqlFile::new(PathBuf::from("up.sql"), up),
            down: None,
            run_in_transaction: true,
            allow_out_of_order: false,
            nothing_to_undo: false,
            replaces: Vec::new(),
        };
        let migrations = [
            migration("CREATE EXTENSION pg_trgm;\n-- CREATE EXTENSION hstore;\n"),
            migration("create extension if not exists \"uuid-ossp\" with schema public;"),
            migration("CREATE TABLE extension (id int); CREATE EXTENSION IF NOT EXISTS CITEXT"),
        ];
        assert_eq!(
            extensions_created(&migrations, &crate::migrate::dialect::fake::ROLLS_BACK),
            ["pg_trgm", "uuid-ossp", "citext"]
        );
    }
}
