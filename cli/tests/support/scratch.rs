//! Small crates that depend on diesel, checked or run by the tests: one line of diesel each
//! (2.3, which the workspace locks, and 2.4, the first with `view!`), each line with its own
//! target directory under the workspace's `target/`, so its diesel is built once and reused
//! by every later run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A released line of diesel the generated code is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DieselLine {
    /// diesel 2.3, the line diesel_cli 2.3.14 writes for: no `view!`.
    V2_3,
    /// diesel 2.4: `view!`, which `include_views` output needs, and the MariaDB backend that
    /// `mariadb_type_definitions` output is for.
    V2_4,
}

impl DieselLine {
    pub const ALL: [DieselLine; 2] = [DieselLine::V2_3, DieselLine::V2_4];

    pub fn version(self) -> &'static str {
        match self {
            DieselLine::V2_3 => "2.3",
            DieselLine::V2_4 => "2.4",
        }
    }

    /// The line's own dependencies: diesel with all its backends, and a bundled SQLite
    /// its libsqlite3-sys range accepts; on 2.3 also r2d2, which the example app's pool
    /// needs (the drift test builds the app).
    fn dependencies(self) -> &'static str {
        match self {
            DieselLine::V2_3 => {
                "diesel = { version = \"2.3\", default-features = false, features = \
                 [\"sqlite\", \"postgres\", \"mysql\", \"64-column-tables\", \"r2d2\"] }\n\
                 libsqlite3-sys = { version = \">=0.30, <0.36\", features = [\"bundled\"] }\n"
            }
            DieselLine::V2_4 => {
                "diesel = { version = \"2.4\", default-features = false, features = \
                 [\"std\", \"sqlite\", \"postgres\", \"mysql\", \"mariadb\", \"64-column-tables\"] }\n\
                 libsqlite3-sys = { version = \">=0.30, <0.37\", features = [\"bundled\"] }\n"
            }
        }
    }

    /// The lock file that pins the line's versions: the workspace's for 2.3 (the same
    /// diesel strata builds with, so the check runs offline), a committed one for 2.4.
    fn lock_file(self) -> PathBuf {
        match self {
            DieselLine::V2_3 => workspace_root().join("Cargo.lock"),
            DieselLine::V2_4 => workspace_root().join("cli/tests/diesel-2.4.lock"),
        }
    }

    /// Where the line's crates build: one directory per line, shared by its crates.
    pub fn target_dir(self) -> PathBuf {
        match self {
            DieselLine::V2_3 => workspace_root().join("target/compile-tests"),
            DieselLine::V2_4 => workspace_root().join("target/compile-tests-diesel-2.4"),
        }
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Writes a crate named `name` in `dir` against `line`, with `src/lib.rs` (or, for a name
/// ending in `.rs`, another file) as given. Files whose text is unchanged are not
/// rewritten, so cargo's fingerprints stay fresh between runs.
pub fn scratch_crate(
    dir: &Path,
    name: &str,
    edition: &str,
    line: DieselLine,
    files: &[(&str, &str)],
) {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\n\
         publish = false\n\n[dependencies]\n{}\n[workspace]\n",
        line.dependencies()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    for (path, text) in files {
        write_if_changed(&dir.join(path), text);
    }
    let lock = std::fs::read_to_string(line.lock_file()).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `cargo <subcommand>` (`check`, `build`) in `dir` with the line's target directory;
/// returns (success, stderr). 2.3 runs offline (the workspace's own build fetched it); 2.4
/// may fetch its crates once.
pub fn cargo(dir: &Path, line: DieselLine, subcommand: &str) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args([subcommand, "--quiet", "--message-format", "short"]);
    if line == DieselLine::V2_3 {
        command.arg("--offline");
    }
    let output = command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", line.target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
