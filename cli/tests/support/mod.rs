//! Test fixtures: a throw-away project directory with its own database on one of the
//! backends, and a way to run the real `strata` binary in it, with none of the developer's
//! environment leaking in.

#![allow(dead_code, unused_imports, unused_macros)]

mod db;
pub mod scratch;

/// One `#[test]` per backend, so that a failing backend does not hide the others; a backend
/// this run does not test (see `support::backends`) passes without running. A test file
/// that uses it declares `#[macro_use] mod support;`.
macro_rules! per_backend {
    ($body:ident: $($name:ident => $backend:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let backend = crate::support::TestBackend::$backend;
                if crate::support::backends().contains(&backend) {
                    $body(backend);
                }
            }
        )*
    };
}

pub use db::{backends, TestBackend, TestDb};

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        &self.stdout
    }

    /// Asserts exit code 1 (a reported error) and returns stderr without the timing lines
    /// of the migrations that did run before the error (`  applied in 3 ms`).
    #[track_caller]
    pub fn fails(&self) -> String {
        assert_eq!(self.code, 1, "expected exit code 1, got {self:#?}");
        self.notes()
    }

    /// stderr without the lines that time each migration.
    pub fn notes(&self) -> String {
        self.stderr
            .lines()
            .filter(|line| {
                !(line.starts_with("  applied in ") || line.starts_with("  reverted in "))
            })
            .map(|line| format!("{line}\n"))
            .collect()
    }
}

/// A temporary project directory and its database; both removed when dropped.
pub struct Project {
    // Field order: the database is dropped before the directory that may hold it.
    db: TestDb,
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty project on SQLite, with a `migrations/` directory and a `Cargo.toml` marking
    /// its root.
    pub fn new() -> Project {
        Project::on(TestBackend::Sqlite)
    }

    /// An empty project whose database is a new, uniquely named database on `backend`.
    pub fn on(backend: TestBackend) -> Project {
        let dir = tempfile::Builder::new()
            .prefix("strata-test")
            .tempdir()
            .unwrap();
        std::fs::create_dir(dir.path().join("migrations")).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"t\"\n").unwrap();
        let db = TestDb::create(backend, dir.path());
        Project { db, dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn backend(&self) -> TestBackend {
        self.db.backend()
    }

    pub fn database(&self) -> &TestDb {
        &self.db
    }

    /// The project's SQLite database file.
    pub fn db(&self) -> PathBuf {
        self.path().join("test.db")
    }

    pub fn db_url(&self) -> String {
        self.db.url().to_owned()
    }

    /// Writes a file (creating directories), relative to the project.
    pub fn file(&self, relative: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    /// Adds `migrations/<dir>/up.sql` and, if given, `down.sql`.
    pub fn migration(&self, dir: &str, up: &str, down: Option<&str>) -> &Self {
        self.file(&format!("migrations/{dir}/up.sql"), up);
        if let Some(down) = down {
            self.file(&format!("migrations/{dir}/down.sql"), down);
        }
        self
    }

    /// Runs `strata ARGS` in the project directory with `--database-url` set to the
    /// project's database.
    pub fn strata(&self, args: &[&str]) -> Run {
        let mut full = args.to_vec();
        let url = self.db_url();
        full.extend(["--database-url", &url]);
        self.strata_raw(&full)
    }

    /// Runs `strata ARGS` exactly as given (no database URL added).
    pub fn strata_raw(&self, args: &[&str]) -> Run {
        self.strata_in(self.path(), args)
    }

    /// The command `strata ARGS --database-url <project's>` in the project directory, for
    /// tests that start it themselves (in parallel, or to kill it).
    pub fn strata_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
        command
            .args(args)
            .args(["--database-url", self.db.url()])
            .current_dir(self.path())
            .env_remove("DATABASE_URL")
            .env_remove("DIESEL_CONFIG_FILE")
            .env_remove("MIGRATION_DIRECTORY")
            .env("NO_COLOR", "1");
        command
    }

    pub fn strata_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(args)
            .current_dir(cwd)
            .env_remove("DATABASE_URL")
            .env_remove("DIESEL_CONFIG_FILE")
            .env_remove("MIGRATION_DIRECTORY")
            .env("NO_COLOR", "1")
            .output()
            .expect("the strata binary runs");
        Run::from_output(output)
    }
}

impl Run {
    pub fn from_output(output: std::process::Output) -> Run {
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        };
        assert!(
            !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
            "strata panicked: {run:#?}"
        );
        run
    }
}

impl Project {
    /// Runs SQL against the project's database directly (not through strata).
    pub fn sql(&self, sql: &str) {
        self.db.execute(sql);
    }

    /// The names of the user tables in the project's database, sorted.
    /// The database's tables: the user's and diesel's ledger. strata's own bookkeeping
    /// tables (`__strata_*`, created with the ledger) are left out; [`Project::history`]
    /// reads them.
    pub fn tables(&self) -> Vec<String> {
        self.db
            .tables()
            .into_iter()
            .filter(|t| !t.starts_with("__strata_"))
            .collect()
    }

    /// Versions in strata's history, in applied order.
    pub fn history(&self) -> Vec<String> {
        self.db.strings(
            "SELECT version AS value FROM __strata_migrations ORDER BY applied_order, version",
        )
    }

    /// The ledger's versions, ascending.
    pub fn ledger(&self) -> Vec<String> {
        self.db
            .strings("SELECT version AS value FROM __diesel_schema_migrations ORDER BY version")
    }
}
