//! A generated migration's directory (`squash`, `baseline`): its name checked, its files
//! written whole under a hidden name before anything takes its place, or kept aside for
//! reading when its proof failed.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::migrate::{source, Migration};
use crate::paths::shown;

/// `<prefix>_<name>` and the ledger version it gives, refused when `name` would not stay
/// one directory or the result is no migration directory name.
pub fn directory_name(prefix: &str, name: &str) -> Result<(String, String)> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        bail!("--name `{name}` cannot be part of a directory name");
    }
    let dir_name = format!("{prefix}_{name}");
    let version = source::version_of(&dir_name).map_err(|reason| {
        anyhow::anyhow!("`{dir_name}` cannot be a migration directory name: {reason}")
    })?;
    Ok((dir_name, version))
}

/// The migration's files: up.sql, down.sql and, for a squash, metadata.toml.
fn files(migration: &Migration) -> Vec<(&'static str, String)> {
    let mut files = vec![("up.sql", migration.up.text.to_string())];
    if let Some(down) = &migration.down {
        files.push(("down.sql", down.text.to_string()));
    }
    if !migration.replaces.is_empty() {
        files.push(("metadata.toml", metadata(migration)));
    }
    files
}

fn metadata(migration: &Migration) -> String {
    let mut text = String::from(
        "# Written by `strata migration squash`: this migration replaces the versions below.\n\
         # A database that applied all of them records it as applied without running it.\n\
         replaces = [\n",
    );
    for version in &migration.replaces {
        text.push_str(&format!("    {},\n", toml::Value::from(version.as_str())));
    }
    text.push_str("]\n");
    text
}

/// Writes the migration's files into `dir/<hidden>` (a leftover of an interrupted run is
/// replaced), where `discover` does not see them; returns that directory.
pub fn stage(dir: &Path, hidden: &str, migration: &Migration) -> Result<PathBuf> {
    let staging = dir.join(hidden);
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot remove {}", shown(&staging)))?;
    }
    std::fs::create_dir(&staging).with_context(|| format!("cannot create {}", shown(&staging)))?;
    write_files(&staging, migration)?;
    Ok(staging)
}

fn write_files(into: &Path, migration: &Migration) -> Result<()> {
    for (file, text) in files(migration) {
        let path = into.join(file);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", shown(&path)))?;
    }
    Ok(())
}

/// Writes a generated migration that failed its proof to a temporary directory, so that
/// its SQL can be read; says where, or nothing when it cannot be written.
pub fn keep_for_inspection(migration: &Migration) -> String {
    let kept = tempfile::Builder::new()
        .prefix("strata-squash-")
        .tempdir()
        .map(tempfile::TempDir::keep);
    match kept.map(|kept| (write_files(&kept, migration), kept)) {
        Ok((Ok(()), kept)) => format!(
            " (the generated files are in {} for inspection)",
            kept.display()
        ),
        _ => String::new(),
    }
}
