//! Migrations compiled into an application by [`crate::embed_migrations!`], for running
//! them at startup without the directory ([`crate::startup`]).
//!
//! They become the same [`Migration`] values as a directory read from disk (same versions,
//! checksums, metadata and errors), so a database migrated by the application and one
//! migrated by `strata migration run` are indistinguishable, and either tool can take over.

use std::borrow::Cow;
use std::path::PathBuf;

use super::checksum::Checksum;
use super::error::MigrateError;
use super::source::{self, Migration, SqlText, Texts};

/// One migration directory's files, as the macro embedded them, with the checksums of the
/// SQL files computed at compile time (an application's start need not hash them).
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigration {
    /// The directory name, `<version>_<name>`.
    pub name: &'static str,
    pub up: &'static str,
    pub up_checksum: &'static str,
    pub down: Option<&'static str>,
    pub down_checksum: Option<&'static str>,
    pub metadata: Option<&'static str>,
}

/// A migrations directory compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigrations {
    /// The directory as the macro was given it, for messages.
    dir: &'static str,
    migrations: &'static [EmbeddedMigration],
}

impl EmbeddedMigrations {
    /// Used by the macro's expansion.
    pub const fn new(dir: &'static str, migrations: &'static [EmbeddedMigration]) -> Self {
        EmbeddedMigrations { dir, migrations }
    }

    /// The directory the migrations were embedded from, as the macro was given it.
    pub fn dir(&self) -> &'static str {
        self.dir
    }

    /// The migrations, checked and in version order, as [`source::discover`] reads them.
    pub fn migrations(&self) -> Result<Vec<Migration>, MigrateError> {
        let base = PathBuf::from(self.dir);
        source::by_version(self.migrations.iter().map(|embedded| {
            let dir = base.join(embedded.name);
            let version =
                source::version_of(embedded.name).map_err(|reason| MigrateError::BadName {
                    path: dir.clone(),
                    reason,
                })?;
            let sql = |text: &'static str, checksum: Option<&'static str>| SqlText {
                text: Cow::Borrowed(text),
                checksum: checksum.map(Checksum::precomputed),
            };
            let texts = Texts {
                up: Some(sql(embedded.up, Some(embedded.up_checksum))),
                down: embedded.down.map(|down| sql(down, embedded.down_checksum)),
                metadata: embedded.metadata.map(Cow::Borrowed),
            };
            source::assemble(dir, embedded.name.to_owned(), version, texts)
        }))
    }
}
