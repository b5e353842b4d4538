//! Generated code compiles, and drift does not: these tests run `cargo check` on small crates
//! built in temporary directories, against diesel 2.3 (the line the workspace locks) and
//! diesel 2.4 (the first with `view!`).
//!
//! Each line has one target directory under the workspace's `target/` (see
//! `support::scratch`), so its diesel is checked once and reused by every later run.

mod support;

use std::path::{Path, PathBuf};

use support::scratch::{self, workspace_root, DieselLine};
use support::Project;

/// A crate depending on diesel 2.3 as the workspace does (all three backends), with
/// `lib.rs` as given.
fn scratch_crate(dir: &Path, name: &str, lib_rs: &str) {
    scratch::scratch_crate(
        dir,
        name,
        "2021",
        DieselLine::V2_3,
        &[("src/lib.rs", lib_rs)],
    );
}

/// Runs `cargo check` in `dir` against diesel 2.3; returns (success, stderr).
fn cargo_check(dir: &Path) -> (bool, String) {
    scratch::cargo(dir, DieselLine::V2_3, "check")
}

/// Every expected schema.rs fixture, as (case name, backend, text), in a fixed order.
fn expected_fixtures() -> Vec<(String, &'static str, String)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/print_schema");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut found = Vec::new();
    for case in cases {
        for backend in ["sqlite", "postgres", "mysql"] {
            let expected = case.join(backend).join("expected.rs");
            if expected.is_file() {
                let name = case.file_name().unwrap().to_string_lossy().into_owned();
                found.push((name, backend, std::fs::read_to_string(&expected).unwrap()));
            }
        }
    }
    found
}

/// Whether a schema needs diesel 2.4: `view!` and the MariaDB backend's `mariadb_type` are
/// new there.
fn needs_diesel_2_4(schema: &str) -> bool {
    schema.contains("diesel::view!") || schema.contains("mariadb_type(")
}

/// Checks every expected fixture `line` can compile, all in one crate; returns the
/// fixtures left out because they need a later line, as `backend/case`.
fn check_fixtures_against(line: DieselLine) -> Vec<String> {
    let mut lib = String::from("#![allow(non_snake_case, non_camel_case_types)]\n");
    let mut count = 0;
    let mut left_out = Vec::new();
    for (name, backend, schema) in expected_fixtures() {
        if line == DieselLine::V2_3 && needs_diesel_2_4(&schema) {
            left_out.push(format!("{backend}/{name}"));
            continue;
        }
        lib.push_str(&format!("pub mod {backend}_{name} {{\n{schema}\n}}\n"));
        count += 1;
    }
    assert!(count >= 27, "found only {count} fixtures");
    let dir = tempfile::tempdir().unwrap();
    // The edition `cargo new` picks, which reserves `gen`: the schemas must compile there.
    scratch::scratch_crate(
        dir.path(),
        "strata_fixture_check",
        "2024",
        line,
        &[("src/lib.rs", &lib)],
    );
    let (ok, stderr) = scratch::cargo(dir.path(), line, "check");
    assert!(
        ok,
        "the expected schema fixtures do not compile against diesel {}:\n{stderr}",
        line.version()
    );
    left_out
}

/// diesel 2.3 has no `view!` and no `mariadb_type`: the fixtures printed with
/// `include_views` or `mariadb_type_definitions` are the ones it cannot compile, and every
/// other fixture compiles.
#[test]
fn every_expected_schema_fixture_without_views_compiles_against_diesel_2_3() {
    let mut left_out = check_fixtures_against(DieselLine::V2_3);
    left_out.sort();
    let mut view_cases: Vec<String> = [
        "diesel_print_schema_with_view",
        "views_filtered_fk_related_tables",
        "views_included",
    ]
    .iter()
    .flat_map(|case| ["sqlite", "postgres", "mysql"].map(|b| format!("{b}/{case}")))
    .chain(
        [
            "mysql/mariadb_type_definitions",
            "mysql/views_with_comments",
            "postgres/views_with_comments",
            "postgres/views_in_a_named_schema",
        ]
        .map(str::to_owned),
    )
    .collect();
    view_cases.sort();
    assert_eq!(left_out, view_cases);
}

#[test]
fn every_expected_schema_fixture_compiles_against_diesel_2_4() {
    assert_eq!(
        check_fixtures_against(DieselLine::V2_4),
        Vec::<String>::new()
    );
}

/// Why the view fixtures are left out of the 2.3 check: `view!` does not exist there.
#[test]
fn a_schema_with_a_view_does_not_compile_against_diesel_2_3() {
    let (_, _, schema) = expected_fixtures()
        .into_iter()
        .find(|(name, backend, _)| name == "views_included" && *backend == "sqlite")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    scratch_crate(dir.path(), "strata_view_on_2_3", &schema);
    let (ok, stderr) = cargo_check(dir.path());
    assert!(!ok, "a view! compiled against diesel 2.3");
    assert!(
        stderr.contains("cannot find `view` in `diesel`"),
        "{stderr}"
    );
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
    // The app's library with its multi-backend connection; the scratch crate declares none
    // of the app's backend features, so the connection is its SQLite-only build.
    let source = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    scratch::scratch_crate(
        project.path(),
        "strata_drift_app",
        "2021",
        DieselLine::V2_3,
        &[
            ("src/lib.rs", &source("src/lib.rs")),
            ("src/connection.rs", &source("src/connection.rs")),
        ],
    );

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
