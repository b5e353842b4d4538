//! Generated code compiles, and drift does not: these tests run `cargo check` on small crates
//! built in temporary directories, against the same diesel this workspace locks.
//!
//! They share one target directory under the workspace's `target/`, so diesel is checked
//! once and reused by every later run.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::Project;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A crate depending on diesel as the workspace does (all three backends), with `lib.rs`
/// as given.
fn scratch_crate(dir: &Path, name: &str, lib_rs: &str) {
    scratch_crate_in_edition(dir, name, "2021", lib_rs);
}

fn scratch_crate_in_edition(dir: &Path, name: &str, edition: &str, lib_rs: &str) {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\n\
         [dependencies]\ndiesel = {{ version = \"2.3\", default-features = false, features = \
         [\"sqlite\", \"postgres\", \"mysql\", \"64-column-tables\"] }}\n\
         libsqlite3-sys = {{ version = \">=0.30, <0.36\", features = [\"bundled\"] }}\n\n[workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
    // The workspace's lock file pins the same diesel, and lets the check run offline.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Runs `cargo check` in `dir`; returns (success, stderr).
fn cargo_check(dir: &Path) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format", "short"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/compile-tests"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_expected_schema_fixture_compiles_against_diesel() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/print_schema");
    let mut lib = String::from("#![allow(non_snake_case, non_camel_case_types)]\n");
    let mut count = 0;
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        for backend in ["sqlite", "postgres", "mysql"] {
            let expected = case.join(backend).join("expected.rs");
            if expected.is_file() {
                let name = case.file_name().unwrap().to_string_lossy().into_owned();
                lib.push_str(&format!(
                    "pub mod {backend}_{name} {{\n{}\n}}\n",
                    std::fs::read_to_string(&expected).unwrap()
                ));
                count += 1;
            }
        }
    }
    assert!(count >= 27, "found only {count} fixtures");
    let dir = tempfile::tempdir().unwrap();
    // The edition `cargo new` picks, which reserves `gen`: the schemas must compile there.
    scratch_crate_in_edition(dir.path(), "strata_fixture_check", "2024", &lib);
    let (ok, stderr) = cargo_check(dir.path());
    assert!(ok, "the expected schema fixtures do not compile:\n{stderr}");
}

/// The example app, with one more migration that renames a column the app uses.
#[test]
fn renaming_a_used_column_breaks_the_app_build_naming_the_column() {
    let root = workspace_root();
    let project = Project::new();
    for entry in std::fs::read_dir(root.join("migrations")).unwrap() {
        let entry = entry.unwrap();
        for file in ["up.sql", "down.sql"] {
            let text = std::fs::read_to_string(entry.path().join(file)).unwrap();
            project.file(
                &format!("migrations/{}/{file}", entry.file_name().to_string_lossy()),
                text,
            );
        }
    }
    project.file(
        "diesel.toml",
        std::fs::read_to_string(root.join("diesel.toml")).unwrap(),
    );
    scratch_crate(
        project.path(),
        "strata_drift_app",
        &std::fs::read_to_string(root.join("src/lib.rs")).unwrap(),
    );
    // The app's multi-backend connection, with its backends on and the pool it needs.
    std::fs::copy(
        root.join("src/connection.rs"),
        project.path().join("src/connection.rs"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(project.path().join("Cargo.toml"))
        .unwrap()
        .replace("\"64-column-tables\"]", "\"64-column-tables\", \"r2d2\"]")
        .replace(
            "\n[dependencies]",
            "\n[features]\ndefault = [\"postgres\", \"mysql\"]\npostgres = []\nmysql = []\n\n[dependencies]",
        );
    std::fs::write(project.path().join("Cargo.toml"), manifest).unwrap();

    // The app as it is compiles against the schema strata generates: the control.
    project.strata(&["migration", "run"]).ok();
    let (ok, stderr) = cargo_check(project.path());
    assert!(
        ok,
        "the example app should compile before the drift:\n{stderr}"
    );

    project.migration(
        "2099-01-01-000000-0000_rename_email",
        "ALTER TABLE users RENAME COLUMN email TO email_address;",
        Some("ALTER TABLE users RENAME COLUMN email_address TO email;"),
    );
    project.strata(&["migration", "run"]).ok();
    assert!(project
        .read("src/schema.rs")
        .contains("email_address -> Text,"));
    let (ok, stderr) = cargo_check(project.path());
    assert!(!ok, "the app still compiled after `email` was renamed");
    assert!(
        stderr.contains("cannot find value `email` in module `users`"),
        "the compile error should name the column:\n{stderr}"
    );
}

/// What the print-schema warning about long `allow_tables_to_appear_in_same_query!` lists
/// claims: 128 tables in one list compile under rustc's default `recursion_limit`, 129 do
/// not, and the limit strata suggests compiles them.
#[test]
fn a_long_table_list_needs_the_recursion_limit_strata_suggests() {
    let project = Project::new();
    let creates: String = (0..129)
        .map(|i| format!("CREATE TABLE t{i:03} (id INTEGER PRIMARY KEY NOT NULL);\n"))
        .collect();
    project.migration("2024-01-01-000000_tables", &creates, None);
    project.strata(&["migration", "run"]).ok();
    let crate_dir = project.path().join("app");
    scratch_crate(&crate_dir, "strata_long_list", "pub mod schema;\n");
    let check_printed = |expected_warning: &str| {
        let printed = project.strata(&["print-schema"]);
        std::fs::write(crate_dir.join("src/schema.rs"), printed.ok()).unwrap();
        if expected_warning.is_empty() {
            assert_eq!(printed.stderr, "", "{printed:?}");
        } else {
            assert!(printed.stderr.contains(expected_warning), "{printed:?}");
        }
        cargo_check(&crate_dir)
    };

    let (ok, stderr) = check_printed("needs #![recursion_limit = \"256\"] in its root module");
    assert!(!ok, "129 tables compiled under the default recursion limit");
    assert!(stderr.contains("recursion limit reached"), "{stderr}");

    std::fs::write(
        crate_dir.join("src/lib.rs"),
        "#![recursion_limit = \"256\"]\npub mod schema;\n",
    )
    .unwrap();
    let (ok, stderr) = cargo_check(&crate_dir);
    assert!(
        ok,
        "the suggested recursion limit should be enough:\n{stderr}"
    );

    // One table fewer needs no warning and no attribute.
    std::fs::write(crate_dir.join("src/lib.rs"), "pub mod schema;\n").unwrap();
    project.sql("DROP TABLE t128");
    let (ok, stderr) = check_printed("");
    assert!(
        ok,
        "128 tables should compile with the default limit:\n{stderr}"
    );
}
