//! Migrations written from a database's schema, and proven equal to it: `squash` (one
//! migration for a chain of them) and `baseline` (the first migration of a database that
//! has none).
//!
//! Both read an [`Image`] of a database: its schema snapshot, the objects carried by their
//! definitions, and (for a squash) its rows and counters. The up.sql creates that image
//! from nothing, in dependency order, in the backend's DDL; the down.sql drops it. Then,
//! in a new scratch database, up.sql must give the same image, down.sql an empty database,
//! and (for a squash) the migrations after it must still pass `verify`. Nothing is written
//! before all of that holds.

use std::path::Path;

use strata_schema_gen::snapshot::diff::SnapshotDiff;
use strata_schema_gen::snapshot::reverse::{self, script};
use strata_schema_gen::snapshot::ObjectKind;
use strata_schema_gen::Snapshot;

use super::contents::{Carried, Stage};
use super::runner::{db, Direction, Migrator};
use super::source::{Migration, SqlFile};
use super::verify::Verdict;
use super::MigrateError;

/// What a generated migration must reproduce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub snapshot: Snapshot,
    pub carried: Vec<Carried>,
    /// The tables that hold rows, parents first, each with its rows as INSERTs.
    pub data: Vec<TableRows>,
    /// Statements that put the counters where they stand.
    pub counters: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    pub table: String,
    pub inserts: Vec<String>,
}

impl Image {
    pub fn rows(&self) -> usize {
        self.data.iter().map(|t| t.inserts.len()).sum()
    }

    /// Whether the database has no schema of its own.
    pub fn is_empty(&self) -> bool {
        self.snapshot.is_empty() && self.carried.is_empty()
    }
}

/// A generated migration's two files.
#[derive(Debug, Clone)]
pub struct Generated {
    pub up: String,
    pub down: String,
    /// How many statements up.sql holds, rows included.
    pub statements: usize,
}

impl Generated {
    /// The generated files as the migration `name` (`<version>_…`) of `dir`, not yet on
    /// disk; `replaces` for a squash.
    pub fn migration(
        &self,
        dir: &Path,
        version: String,
        name: String,
        replaces: Vec<String>,
    ) -> Migration {
        let migration_dir = dir.join(&name);
        Migration {
            version,
            name,
            up: SqlFile::new(migration_dir.join("up.sql"), self.up.clone()),
            down: Some(SqlFile::new(
                migration_dir.join("down.sql"),
                self.down.clone(),
            )),
            dir: migration_dir,
            run_in_transaction: true,
            allow_out_of_order: false,
            nothing_to_undo: false,
            replaces,
        }
    }
}

/// What the proof of a generated migration found: empty `failures` and passing `rest`
/// mean proven.
#[derive(Debug, Default)]
pub struct Proof {
    /// One line per difference or error.
    pub failures: Vec<String>,
    /// `verify`'s verdicts on the migrations after the generated one.
    pub rest: Vec<Verdict>,
}

impl Proof {
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.rest.iter().all(|v| v.result.passed())
    }
}

/// Whether an image includes the rows (a squash's) or only the schema (a baseline's: the
/// database keeps its rows, and a new one starts empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    Carried,
    Left,
}

impl Migrator<'_> {
    /// The image of the database this migrator is on; refuses what it cannot carry.
    pub fn image(&mut self, rows: Rows) -> Result<Image, MigrateError> {
        self.image_beyond(rows, &Snapshot::new())
    }

    /// [`Migrator::image`] of what was made on top of `base` (a scratch database's
    /// extensions): objects `base` has, and the rows of its tables, are not the image's.
    fn image_beyond(&mut self, rows: Rows, base: &Snapshot) -> Result<Image, MigrateError> {
        let schema = self.options.schema.clone();
        // The generated DDL names objects without a schema, as the migrations do.
        if let Some(other) = schema.as_deref().filter(|s| *s != "public") {
            return Err(MigrateError::Unexpressed {
                objects: vec![format!(
                    "schema `{other}` (diesel.toml's print_schema schema): only `public` can \
                     be written from"
                )],
            });
        }
        let snapshot = self.snapshot()?.beyond(base);
        let contents = self.conn.contents().ok_or(MigrateError::Unsupported {
            what: "reading a database's contents",
        })?;
        let action = "reading what the schema snapshot does not hold";
        let unexpressed = contents
            .unexpressed(schema.as_deref())
            .map_err(db(action))?;
        if !unexpressed.is_empty() {
            return Err(MigrateError::Unexpressed {
                objects: unexpressed,
            });
        }
        let mut carried = contents.carried(schema.as_deref()).map_err(db(action))?;
        carried.sort();
        let mut data = Vec::new();
        let mut counters = Vec::new();
        if rows == Rows::Carried {
            for table in snapshot.tables_in_dependency_order() {
                let inserts =
                    contents
                        .rows(&snapshot, &table)
                        .map_err(|source| MigrateError::Database {
                            action: format!("reading the rows of `{table}`"),
                            source,
                        })?;
                if !inserts.is_empty() {
                    data.push(TableRows { table, inserts });
                }
            }
            counters = contents
                .counters(schema.as_deref())
                .map_err(db("reading where the sequences stand"))?;
        }
        Ok(Image {
            snapshot,
            carried,
            data,
            counters,
        })
    }

    /// Applies the migrations up to and including `up_to` (a version or directory name)
    /// to this empty scratch database, and returns its image with its rows.
    pub fn image_after(&mut self, up_to: &str) -> Result<Image, MigrateError> {
        self.finish_reading()?;
        let index = self.position_of(up_to)?;
        self.conn
            .create_state_tables()
            .map_err(db("creating the ledger tables"))?;
        let chain: Vec<Migration> = self.migrations[..=index]
            .iter()
            .map(|m| Migration::clone(m))
            .collect();
        let base = self.snapshot()?;
        let mut order = 0;
        for migration in &chain {
            self.step(migration, Direction::Up, &mut order)
                .map_err(|message| MigrateError::Scratch {
                    migration: migration.name.clone(),
                    message,
                })?;
        }
        self.image_beyond(Rows::Carried, &base)
    }

    /// Writes the migration that creates `image` from an empty database, and drops it.
    /// `header` starts both files (comment lines).
    pub fn generate(&mut self, image: &Image, header: &str) -> Result<Generated, MigrateError> {
        let ddl = self.conn.ddl();
        let (preamble, postamble) = self
            .conn
            .contents()
            .map(|c| (c.preamble(), c.postamble()))
            .unwrap_or_default();
        let empty = Snapshot::new();
        // Foreign keys (where the table's CREATE does not hold them) and triggers come after
        // the rows, so that the rows go in as they are: no trigger fires twice, no key
        // waits for rows inserted later.
        let mut deferred = vec![ObjectKind::Trigger];
        if !ddl.creates_with_table(ObjectKind::ForeignKey) {
            deferred.push(ObjectKind::ForeignKey);
        }
        let tables_first = image.snapshot.without_kinds(&deferred);
        let carried = |stage: Stage| {
            image
                .carried
                .iter()
                .filter(move |c| c.stage == stage)
                .map(|c| c.create.clone())
        };
        let mut up: Vec<String> = preamble;
        up.extend(carried(Stage::BeforeTables));
        // The only warnings creating from nothing gives are "re-created empty", which say
        // nothing here: the rows follow.
        up.extend(reverse::down_sql(&empty, &tables_first, ddl).statements);
        up.extend(carried(Stage::AfterTables));
        for table in &image.data {
            up.extend(table.inserts.iter().cloned());
        }
        up.extend(image.counters.iter().cloned());
        up.extend(reverse::down_sql(&tables_first, &image.snapshot, ddl).statements);
        up.extend(carried(Stage::Last));
        up.extend(postamble);
        let mut down = reverse::down_sql(&image.snapshot, &empty, ddl).statements;
        down.extend(image.carried.iter().rev().filter_map(|c| c.drop.clone()));
        Ok(Generated {
            statements: up.len(),
            up: format!("{header}{}", script(&up)),
            down: format!("{header}{}", script(&down)),
        })
    }

    /// Proves the first migration of this migrator (a generated one) in this empty
    /// scratch database: its up.sql gives `expected`, its down.sql an empty database, and
    /// then every migration after it passes `verify`.
    pub fn prove_generated(&mut self, expected: &Image, rows: Rows) -> Result<Proof, MigrateError> {
        self.finish_reading()?;
        self.conn
            .create_state_tables()
            .map_err(db("creating the ledger tables"))?;
        let Some(generated) = self.migrations.first().map(|m| Migration::clone(m)) else {
            return Ok(Proof::default());
        };
        let mut proof = Proof::default();
        let before = self.image(Rows::Left)?;
        let mut order = 0;
        let dialect = self.conn.dialect();
        let explained = |file: &str, message: String| match dialect.explain(&message) {
            Some(meaning) => format!("{file} failed: {message} ({meaning})"),
            None => format!("{file} failed: {message}"),
        };
        if let Err(message) = self.step(&generated, Direction::Up, &mut order) {
            proof.failures.push(explained("up.sql", message));
            return Ok(proof);
        }
        let after_up = self.image_beyond(rows, &before.snapshot)?;
        compare(
            expected,
            &after_up,
            "the original migrations",
            &mut proof.failures,
        );
        if let Err(message) = self.step(&generated, Direction::Down, &mut order) {
            proof.failures.push(explained("down.sql", message));
            return Ok(proof);
        }
        let after_down = self.image(Rows::Left)?;
        compare(
            &before,
            &after_down,
            "an empty database",
            &mut proof.failures,
        );
        if proof.failures.is_empty() && self.migrations.len() > 1 {
            let own = generated.version.clone();
            proof.rest = self.verify(&|m| m.version != own, &mut |_| {})?;
        }
        Ok(proof)
    }
}

/// The differences between the image a generated migration gave and the one expected, as
/// report lines.
fn compare(expected: &Image, actual: &Image, source: &str, failures: &mut Vec<String>) {
    let diff = SnapshotDiff::between(&expected.snapshot, &actual.snapshot);
    for change in diff.reported_changes() {
        failures.push(format!("schema differs from {source}: {}", change.label()));
    }
    for warning in diff.warnings() {
        failures.push(format!("schema differs from {source}: {warning}"));
    }
    for carried in &expected.carried {
        if !actual.carried.contains(carried) {
            failures.push(format!(
                "{} differs from {source}'s or is missing",
                carried.label
            ));
        }
    }
    for carried in &actual.carried {
        if !expected.carried.iter().any(|c| c.label == carried.label) {
            failures.push(format!("{} is not in {source}", carried.label));
        }
    }
    let rows = |image: &Image, table: &str| -> Vec<String> {
        let mut rows = image
            .data
            .iter()
            .find(|t| t.table == table)
            .map(|t| t.inserts.clone())
            .unwrap_or_default();
        rows.sort();
        rows
    };
    let mut tables: Vec<&str> = expected
        .data
        .iter()
        .chain(&actual.data)
        .map(|t| t.table.as_str())
        .collect();
    tables.sort_unstable();
    tables.dedup();
    for table in tables {
        let (want, got) = (rows(expected, table), rows(actual, table));
        if want != got {
            failures.push(format!(
                "the rows of `{table}` differ from {source}'s ({} there, {} here)",
                want.len(),
                got.len()
            ));
        }
    }
    if expected.counters != actual.counters {
        failures.push(format!("the sequences stand elsewhere than in {source}"));
    }
}
