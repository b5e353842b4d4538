//! Showing paths the way a user typed them: relative to the working directory when inside it.

use std::path::{Path, PathBuf};

/// `path` relative to the current directory when it lies below it, else as it is.
pub fn shown(path: &Path) -> String {
    let relative: Option<PathBuf> = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_owned));
    match relative {
        Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    }
}
