//! Finding migrations on disk and checking them before anything runs.
//!
//! A migration is a directory `<version>_<name>` holding `up.sql`, optionally `down.sql`
//! and `metadata.toml`. The version is the part before the first `_` with dashes removed,
//! exactly as diesel computes it, so both tools agree on what the ledger means. Every
//! directory is read and checked up front: a problem anywhere is reported before a single
//! statement is sent.

use std::borrow::{Borrow, Cow};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::checksum::Checksum;
use super::error::MigrateError;

/// The ledger's `version` column is `VARCHAR(50)`.
const MAX_VERSION_LEN: usize = 50;

/// One migration directory, fully read.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The ledger version: the directory prefix with dashes removed.
    pub version: String,
    /// The full directory name, as printed (`2024-01-01-000000-0000_create_users`).
    pub name: String,
    pub dir: PathBuf,
    pub up: SqlFile,
    pub down: Option<SqlFile>,
    /// `metadata.toml`'s `run_in_transaction` (default true).
    pub run_in_transaction: bool,
    /// `metadata.toml`'s `allow_out_of_order` (default false): this migration may be
    /// applied after migrations with later versions.
    pub allow_out_of_order: bool,
    /// `metadata.toml`'s `nothing_to_undo` (default false): the migration's down.sql is
    /// empty on purpose, so reverting it only removes it from the ledger.
    pub nothing_to_undo: bool,
    /// `metadata.toml`'s `replaces` (default empty): the versions this migration squashes
    /// (`strata migration squash`), its own among them. A database that applied all of them
    /// records this migration as applied instead, without running it.
    pub replaces: Vec<String>,
}

impl Migration {
    pub fn up_checksum(&self) -> &Checksum {
        &self.up.checksum
    }

    pub fn down_checksum(&self) -> Option<&Checksum> {
        self.down.as_ref().map(|d| &d.checksum)
    }
}

/// A migration's SQL file, its text and the text's checksum. The text is borrowed when it
/// was compiled into the binary ([`crate::embed_migrations!`]): an application's start
/// does not copy it.
#[derive(Debug, Clone)]
pub struct SqlFile {
    pub path: PathBuf,
    pub text: Cow<'static, str>,
    pub checksum: Checksum,
}

impl SqlFile {
    pub fn new(path: PathBuf, text: impl Into<Cow<'static, str>>) -> SqlFile {
        let text = text.into();
        let checksum = Checksum::of(&text);
        SqlFile {
            path,
            text,
            checksum,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    #[serde(default = "default_true")]
    run_in_transaction: bool,
    #[serde(default)]
    allow_out_of_order: bool,
    #[serde(default)]
    nothing_to_undo: bool,
    #[serde(default)]
    replaces: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// Where the migration `wanted` names (by version or directory name) stands among
/// `migrations`.
pub fn position_of<M: Borrow<Migration>>(
    migrations: &[M],
    wanted: &str,
) -> Result<usize, MigrateError> {
    migrations
        .iter()
        .map(Borrow::borrow)
        .position(|m| m.version == wanted || m.name == wanted)
        .ok_or_else(|| MigrateError::UnknownVersion {
            version: wanted.to_owned(),
        })
}

/// The versions of the migrations `wanted` names, each by version or directory name; an
/// error for a name no migration has.
pub fn versions_named(
    migrations: &[Migration],
    wanted: &[String],
) -> Result<HashSet<String>, MigrateError> {
    wanted
        .iter()
        .map(|w| position_of(migrations, w).map(|i| migrations[i].version.clone()))
        .collect()
}

/// The version diesel derives from a directory name: what comes before the first `_` (the
/// whole name when there is none), without its `-`. Any name is a version to diesel
/// (`2019-09-11-164500`, `7letters`, `!wow_migration`, even `_name`, whose version is
/// empty); the one refusal is a version the ledger's `VARCHAR(50)` cannot hold, which
/// diesel_cli only finds out when its ledger insert fails on PostgreSQL and MySQL.
pub fn version_of(dir_name: &str) -> Result<String, &'static str> {
    let prefix = dir_name.split('_').next().unwrap_or_default();
    let version: String = prefix.chars().filter(|&c| c != '-').collect();
    if version.chars().count() > MAX_VERSION_LEN {
        return Err("the version is longer than the ledger's 50 characters");
    }
    Ok(version)
}

/// Reads every migration in `dir`, sorted by version.
pub fn discover(dir: &Path) -> Result<Vec<Migration>, MigrateError> {
    list(dir)?.read()
}

/// Starts reading the migrations in `dir` on a thread of its own: listing it, then every
/// migration's up.sql and metadata.toml. The caller connects and reads the ledger
/// meanwhile: with 1,000 migrations, each takes about as long as the other.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn read_in_background(dir: PathBuf) -> Reading {
    Reading(std::thread::spawn(move || list(&dir)?.read_partly()))
}

/// The migration directories in `dir`, named and checked, their files not read yet.
#[derive(Debug)]
struct Listing {
    /// `(directory, name, version)`, in directory-name order.
    candidates: Vec<(PathBuf, String, String)>,
}

/// Lists `dir`: every error a name can have is found here, before any file is read.
fn list(dir: &Path) -> Result<Listing, MigrateError> {
    let io = |source| MigrateError::Io {
        path: dir.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => MigrateError::MissingDirectory {
            path: dir.to_owned(),
        },
        _ => io(source),
    })?;
    if !metadata.is_dir() {
        return Err(MigrateError::NotADirectory {
            path: dir.to_owned(),
        });
    }

    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    let mut candidates = Vec::new();
    for entry in entries {
        let file_name = entry.file_name();
        let name = file_name.to_string_lossy().into_owned();
        let path = entry.path();
        // Hidden entries (.keep, .git) and plain files (README.md) are not migrations. The
        // directory listing already knows each entry's type; a symlink is followed, and one
        // that leads nowhere (dangling, or a loop) is an error, not a silently skipped
        // migration.
        if name.starts_with('.') {
            continue;
        }
        let is_dir = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => match std::fs::metadata(&path) {
                Ok(target) => target.is_dir(),
                Err(source) => return Err(MigrateError::BrokenLink { path, source }),
            },
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        if !is_dir {
            continue;
        }
        let version = version_of(&name).map_err(|reason| MigrateError::BadName {
            path: path.clone(),
            reason,
        })?;
        candidates.push((path, name, version));
    }
    Ok(Listing { candidates })
}

impl Listing {
    /// Reads and checks every listed migration; sorted by version.
    fn read(self) -> Result<Vec<Migration>, MigrateError> {
        self.read_partly()?.complete()
    }

    /// Every migration's up.sql and metadata.toml, read and checked (errors in directory
    /// order), sorted by version.
    fn read_partly(self) -> Result<PartlyRead, MigrateError> {
        // Reading the files is most of the work at start-up with many migrations (every
        // applied up.sql is read to verify its checksum), and it is independent per
        // directory: spread it over the cores.
        let read = in_parallel(self.candidates, |(dir, name, version)| {
            read_partial(dir, name, version)
        });
        let partials = read.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(PartlyRead(sorted_by_version(partials, |p| {
            (&p.version, &p.dir)
        })?))
    }
}

/// The migrations a [`crate::migrate::Migrator`] works on: read, or still being read while
/// it asks the database whether there is anything to do.
#[derive(Debug)]
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) enum OnDisk {
    Read(Vec<Migration>),
    Reading(Reading),
}

/// Migrations being read in the background ([`read_in_background`]).
#[derive(Debug)]
pub(crate) struct Reading(std::thread::JoinHandle<Result<PartlyRead, MigrateError>>);

impl Reading {
    /// Waits for the up.sql and metadata.toml files, or the first error among them.
    pub fn wait(self) -> Result<PartlyRead, MigrateError> {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// Waits for the reading and completes it ([`PartlyRead::complete`]).
    pub fn finish(self) -> Result<Vec<Migration>, MigrateError> {
        self.wait()?.complete()
    }
}

/// Every migration with its up.sql and metadata.toml read and checked, sorted by version;
/// their down.sql files not read yet. That is all a run needs to know whether it has
/// anything to do, and the down.sql files are half the files.
#[derive(Debug)]
pub(crate) struct PartlyRead(Vec<Partial>);

impl PartlyRead {
    /// Each migration's version and its up.sql's checksum, in version order.
    pub fn up_checksums(&self) -> impl ExactSizeIterator<Item = (&str, &Checksum)> {
        self.0.iter().map(|p| (p.version.as_str(), &p.up.checksum))
    }

    /// Reads and checks the down.sql files; errors in version order.
    pub fn complete(self) -> Result<Vec<Migration>, MigrateError> {
        in_parallel(self.0, Partial::complete).into_iter().collect()
    }
}

/// A migration with its up.sql and metadata.toml read and checked.
#[derive(Debug)]
struct Partial {
    version: String,
    name: String,
    dir: PathBuf,
    up: SqlFile,
    metadata: Metadata,
}

fn read_partial(dir: PathBuf, name: String, version: String) -> Result<Partial, MigrateError> {
    let up = read_text(&dir.join("up.sql"))?.map(SqlText::read);
    let metadata = read_text(&dir.join("metadata.toml"))?.map(Cow::Owned);
    Ok(Partial {
        up: up_file(&dir, up)?,
        metadata: parse_metadata(&dir, metadata)?,
        version,
        name,
        dir,
    })
}

impl Partial {
    fn complete(self) -> Result<Migration, MigrateError> {
        let down = read_text(&self.dir.join("down.sql"))?.map(SqlText::read);
        Ok(self.with_down(down))
    }

    fn with_down(self, down: Option<SqlText>) -> Migration {
        Migration {
            down: down.map(|text| text.into_file(self.dir.join("down.sql"))),
            version: self.version,
            name: self.name,
            dir: self.dir,
            up: self.up,
            run_in_transaction: self.metadata.run_in_transaction,
            allow_out_of_order: self.metadata.allow_out_of_order,
            nothing_to_undo: self.metadata.nothing_to_undo,
            replaces: self.metadata.replaces,
        }
    }
}

/// `work` on each item, results in the items' order, on up to four threads.
fn in_parallel<T: Send, U: Send>(items: Vec<T>, work: impl Fn(T) -> U + Sync) -> Vec<U> {
    const SMALL: usize = 64;
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(4);
    if items.len() < SMALL || threads < 2 {
        return items.into_iter().map(work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut rest = items;
    while !rest.is_empty() {
        let tail = rest.split_off(chunk.min(rest.len()));
        chunks.push(rest);
        rest = tail;
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(work).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reading migrations does not panic"))
            .collect()
    })
}

/// A migration directory's files, as read from disk or compiled into the binary.
pub(super) struct Texts {
    pub up: Option<SqlText>,
    pub down: Option<SqlText>,
    pub metadata: Option<Cow<'static, str>>,
}

/// An SQL file's text, with its checksum when it was computed at compile time.
pub(super) struct SqlText {
    pub text: Cow<'static, str>,
    pub checksum: Option<Checksum>,
}

impl SqlText {
    fn read(text: String) -> SqlText {
        SqlText {
            text: Cow::Owned(text),
            checksum: None,
        }
    }

    fn into_file(self, path: PathBuf) -> SqlFile {
        let checksum = self.checksum.unwrap_or_else(|| Checksum::of(&self.text));
        SqlFile {
            path,
            text: self.text,
            checksum,
        }
    }
}

/// A migration from its files' texts: the same checks whether they came from disk or were
/// embedded, so both give the same checksums and errors.
pub(super) fn assemble(
    dir: PathBuf,
    name: String,
    version: String,
    texts: Texts,
) -> Result<Migration, MigrateError> {
    let partial = Partial {
        up: up_file(&dir, texts.up)?,
        metadata: parse_metadata(&dir, texts.metadata)?,
        version,
        name,
        dir,
    };
    Ok(partial.with_down(texts.down))
}

fn up_file(dir: &Path, up: Option<SqlText>) -> Result<SqlFile, MigrateError> {
    up.map(|text| text.into_file(dir.join("up.sql")))
        .ok_or_else(|| MigrateError::MissingUpSql {
            dir: dir.to_owned(),
        })
}

fn parse_metadata(dir: &Path, text: Option<Cow<'_, str>>) -> Result<Metadata, MigrateError> {
    match text {
        None => Ok(Metadata {
            run_in_transaction: true,
            allow_out_of_order: false,
            nothing_to_undo: false,
            replaces: Vec::new(),
        }),
        Some(text) => toml::from_str(&text).map_err(|e| MigrateError::BadMetadata {
            path: dir.join("metadata.toml"),
            message: e.message().to_owned(),
        }),
    }
}

/// Migrations in version order; two with the same version are an error (naming the one
/// met first as `first`).
pub(super) fn by_version(
    migrations: impl IntoIterator<Item = Result<Migration, MigrateError>>,
) -> Result<Vec<Migration>, MigrateError> {
    let migrations = migrations.into_iter().collect::<Result<Vec<_>, _>>()?;
    sorted_by_version(migrations, |m| (&m.version, &m.dir))
}

/// `items` in version order (`key` gives each one's version and directory); two with the
/// same version are an error.
fn sorted_by_version<T>(
    mut items: Vec<T>,
    key: impl Fn(&T) -> (&String, &PathBuf),
) -> Result<Vec<T>, MigrateError> {
    // Stable, and directories usually come in version order already: a sort of a sorted
    // list is one pass.
    items.sort_by(|a, b| key(a).0.cmp(key(b).0));
    if let Some(at) = items
        .windows(2)
        .position(|pair| key(&pair[0]).0 == key(&pair[1]).0)
    {
        let (version, second) = key(&items[at + 1]);
        let (_, first) = key(&items[at]);
        return Err(MigrateError::DuplicateVersion {
            version: version.clone(),
            first: first.clone(),
            second: second.clone(),
        });
    }
    Ok(items)
}

/// The file's text, `None` when it does not exist, an error when it is not UTF-8.
fn read_text(path: &Path) -> Result<Option<String>, MigrateError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(MigrateError::Io {
                path: path.to_owned(),
                source,
            })
        }
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        MigrateError::NotUtf8 {
            path: path.to_owned(),
            line,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::version_of;

    #[test]
    fn versions_as_diesel_computes_them() {
        assert_eq!(version_of("2017-11-23-064836_x").unwrap(), "20171123064836");
        assert_eq!(
            version_of("2025-09-12-101530-0000_create_users").unwrap(),
            "202509121015300000"
        );
        assert_eq!(
            version_of("00000000000000_diesel_initial_setup").unwrap(),
            "00000000000000"
        );
        assert_eq!(version_of("20240101_add_x_y").unwrap(), "20240101");
    }

    #[test]
    fn every_name_diesel_accepts_is_a_version() {
        for (name, version) in [
            ("2019-09-11-164500", "20190911164500"),
            ("nounderscore", "nounderscore"),
            ("7letters", "7letters"),
            ("!wow_migration", "!wow"),
            ("create_users", "create"),
            ("_name", ""),
            ("2024_", "2024"),
            ("2024 01_x", "2024 01"),
            ("é-é_x", "éé"),
        ] {
            assert_eq!(version_of(name).unwrap(), version, "{name}");
        }
        assert_eq!(version_of(&"é".repeat(50)).unwrap(), "é".repeat(50));
    }

    #[test]
    fn a_version_the_ledger_cannot_hold_is_refused() {
        assert!(version_of(&format!("{}_x", "1".repeat(51))).is_err());
        assert!(version_of(&format!("{}-_x", "1".repeat(50))).is_ok());
    }
}
