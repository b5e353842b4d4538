//! `migration lint`: hazards measured in a scratch database. Each backend has a corpus of
//! migrations after a base one; every hazardous fixture must report exactly its rules at
//! its lines, and the safe ones (objects created in the same migration, online changes,
//! the NOT VALID / VALIDATE pattern, a lock_timeout) nothing. Also: the SARIF and GitHub
//! formats, `check`'s exit code 8, and the example app linting clean.

#[macro_use]
mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::{Project, TestBackend};

/// `(directory, up.sql, run_in_transaction)`.
type Fixture = (&'static str, &'static str, bool);

/// `(migration, rule, line)`.
type Expected = (&'static str, &'static str, u64);

const POSTGRES: &[Fixture] = &[
    (
        "01_base",
        "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT, email VARCHAR(100), age INT, bio TEXT);
CREATE TABLE orgs (id SERIAL PRIMARY KEY, name TEXT);
CREATE TABLE events (id SERIAL PRIMARY KEY, payload TEXT, kind TEXT);
",
        true,
    ),
    ("02_add_nullable_column", "ALTER TABLE users ADD COLUMN nick TEXT;\n", true),
    (
        "03_lock_timeout_set",
        "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;\n",
        true,
    ),
    ("04_index", "CREATE INDEX users_name_idx ON users (name);\n", true),
    (
        "05_index_concurrently",
        "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
        false,
    ),
    (
        "06_concurrently_in_transaction",
        "CREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n",
        true,
    ),
    (
        "07_type_change",
        "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN age TYPE BIGINT;\n",
        true,
    ),
    (
        "08_foreign_key_validated",
        "SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN org_id INT;
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);
",
        true,
    ),
    (
        "09_foreign_key_not_valid",
        "SET lock_timeout = '2s';
ALTER TABLE events ADD COLUMN org_id INT;
ALTER TABLE events ADD CONSTRAINT events_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;
",
        true,
    ),
    (
        "10_validate_separately",
        "ALTER TABLE events VALIDATE CONSTRAINT events_org_fk;\n",
        true,
    ),
    (
        "11_validate_in_same_transaction",
        "SET lock_timeout = '2s';
ALTER TABLE events ADD CONSTRAINT events_kind_check CHECK (kind <> '') NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_kind_check;
",
        true,
    ),
    (
        "12_set_not_null",
        "SET lock_timeout = '2s';\nALTER TABLE orgs ALTER COLUMN name SET NOT NULL;\n",
        true,
    ),
    (
        "13_not_null_check_not_valid",
        "SET lock_timeout = '2s';
ALTER TABLE events ADD CONSTRAINT events_kind_nn CHECK (kind IS NOT NULL) NOT VALID;
",
        true,
    ),
    (
        "14_validate_not_null_check",
        "ALTER TABLE events VALIDATE CONSTRAINT events_kind_nn;\n",
        true,
    ),
    (
        "15_set_not_null_proven",
        "SET lock_timeout = '2s';\nALTER TABLE events ALTER COLUMN kind SET NOT NULL;\n",
        true,
    ),
    (
        "16_drop_column",
        "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN bio;\n",
        true,
    ),
    (
        "17_not_null_without_default",
        "SET lock_timeout = '2s';\nALTER TABLE orgs ADD COLUMN plan TEXT NOT NULL;\n",
        true,
    ),
    (
        "18_new_table",
        "CREATE TABLE teams (id SERIAL PRIMARY KEY, org_id INT NOT NULL REFERENCES orgs (id));
CREATE INDEX teams_org_idx ON teams (org_id);
ALTER TABLE teams ADD COLUMN name TEXT NOT NULL;
ALTER TABLE teams ADD CONSTRAINT teams_name_check CHECK (name <> '');
ALTER TABLE teams ALTER COLUMN org_id TYPE BIGINT;
",
        true,
    ),
    (
        "19_rename_column",
        "SET lock_timeout = '2s';\nALTER TABLE events RENAME COLUMN payload TO body;\n",
        true,
    ),
    (
        "20_allowed",
        "SET lock_timeout = '2s';
-- strata:allow(drops-table) archived, no code reads it
DROP TABLE teams;
",
        true,
    ),
    ("21_fails", "ALTER TABLE nope ADD COLUMN x INT;\n", true),
];

const POSTGRES_EXPECTED: &[Expected] = &[
    ("02_add_nullable_column", "pg-access-exclusive-lock", 1),
    ("02_add_nullable_column", "missing-lock-timeout", 1),
    ("04_index", "index-without-concurrently", 1),
    ("04_index", "missing-lock-timeout", 1),
    (
        "06_concurrently_in_transaction",
        "concurrently-in-transaction",
        1,
    ),
    ("07_type_change", "table-rewrite", 2),
    ("07_type_change", "changes-column-type", 2),
    ("08_foreign_key_validated", "validating-constraint", 3),
    (
        "11_validate_in_same_transaction",
        "validating-constraint",
        3,
    ),
    ("12_set_not_null", "set-not-null-scan", 2),
    ("16_drop_column", "drops-column", 2),
    ("17_not_null_without_default", "not-null-without-default", 2),
    ("19_rename_column", "drops-column", 2),
    ("21_fails", "statement-fails", 1),
];

const SQLITE: &[Fixture] = &[
    (
        "01_base",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email VARCHAR(100));
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));
",
        true,
    ),
    ("02_add_column", "ALTER TABLE users ADD COLUMN bio TEXT;\n", true),
    (
        "03_rebuild",
        "CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(100), bio TEXT);
INSERT INTO users_new SELECT id, name, email, bio FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
",
        true,
    ),
    ("04_drop_column", "ALTER TABLE users DROP COLUMN bio;\n", true),
    (
        "05_new_table",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
CREATE INDEX tags_label ON tags (label);
ALTER TABLE tags ADD COLUMN color TEXT NOT NULL DEFAULT 'red';
",
        true,
    ),
    (
        "06_not_null_with_default",
        "ALTER TABLE posts ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';\n",
        true,
    ),
    (
        "07_allowed",
        "-- strata:allow(drops-table) replaced by labels\nDROP TABLE tags;\n",
        true,
    ),
    (
        "08_not_null_without_default",
        "ALTER TABLE users ADD COLUMN x TEXT NOT NULL;\n",
        true,
    ),
    ("09_fails", "ALTER TABLE nope ADD COLUMN y INT;\n", true),
];

const SQLITE_EXPECTED: &[Expected] = &[
    ("03_rebuild", "sqlite-table-rebuild", 4),
    ("04_drop_column", "drops-column", 1),
    ("08_not_null_without_default", "not-null-without-default", 1),
    ("09_fails", "statement-fails", 1),
];

const MYSQL: &[Fixture] = &[
    (
        "01_base",
        "CREATE TABLE users (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100), email VARCHAR(100), age INT, bio TEXT);
CREATE TABLE orgs (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50));
",
        true,
    ),
    ("02_add_column", "ALTER TABLE users ADD COLUMN nick TEXT;\n", true),
    ("03_index", "CREATE INDEX users_name_idx ON users (name);\n", true),
    (
        "04_type_change",
        // A trailing comment must not swallow the ALGORITHM clause lint appends.
        "ALTER TABLE users MODIFY COLUMN age BIGINT -- wider ids\n;\n",
        true,
    ),
    (
        "05_narrow",
        "ALTER TABLE users MODIFY COLUMN email VARCHAR(50);\n",
        true,
    ),
    ("06_drop_column", "ALTER TABLE users DROP COLUMN bio;\n", true),
    (
        "07_not_null_without_default",
        "ALTER TABLE orgs ADD COLUMN plan VARCHAR(10) NOT NULL;\n",
        true,
    ),
    (
        "08_new_table",
        "CREATE TABLE teams (id INT PRIMARY KEY, org_id INT NOT NULL, FOREIGN KEY (org_id) REFERENCES orgs (id));
CREATE INDEX teams_org_idx ON teams (org_id);
ALTER TABLE teams ADD COLUMN name VARCHAR(10) NOT NULL;
",
        true,
    ),
    (
        "09_allowed",
        "-- strata:allow(mysql-table-copy) tiny table\nALTER TABLE orgs MODIFY COLUMN name TEXT;\n",
        true,
    ),
    ("10_fails", "ALTER TABLE nope ADD COLUMN x INT;\n", true),
];

const MYSQL_EXPECTED: &[Expected] = &[
    ("04_type_change", "mysql-table-copy", 1),
    ("04_type_change", "changes-column-type", 1),
    ("05_narrow", "mysql-table-copy", 1),
    ("05_narrow", "narrows-column-type", 1),
    ("06_drop_column", "drops-column", 1),
    ("07_not_null_without_default", "not-null-without-default", 1),
    ("10_fails", "statement-fails", 1),
];

fn corpus(backend: TestBackend) -> (&'static [Fixture], &'static [Expected]) {
    match backend {
        TestBackend::Sqlite => (SQLITE, SQLITE_EXPECTED),
        TestBackend::Postgres => (POSTGRES, POSTGRES_EXPECTED),
        TestBackend::Mysql => (MYSQL, MYSQL_EXPECTED),
    }
}

fn project(backend: TestBackend, fixtures: &[Fixture]) -> Project {
    let project = Project::on(backend);
    for (dir, up, transactional) in fixtures {
        project.migration(dir, up, Some("SELECT 1;\n"));
        if !transactional {
            project.file(
                &format!("migrations/{dir}/metadata.toml"),
                "run_in_transaction = false\n",
            );
        }
    }
    project
}

/// The findings of a JSON report as `(migration, rule, line)`.
fn findings(report: &Value) -> BTreeSet<(String, String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["migration"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn every_fixture_reports_exactly_its_hazards(backend: TestBackend) {
    let (fixtures, expected) = corpus(backend);
    let project = project(backend, fixtures);
    let run = project.strata(&["migration", "lint", "--all", "--format", "json"]);
    assert_eq!(run.code, 1, "error findings fail the command: {run:#?}");
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let expected: BTreeSet<(String, String, u64)> = expected
        .iter()
        .map(|(m, r, l)| (m.to_string(), r.to_string(), *l))
        .collect();
    assert_eq!(findings(&report), expected, "{}", run.stdout);
    assert_eq!(report["allowed"].as_u64(), Some(1), "{}", run.stdout);
    // Linting never touches the configured database.
    assert!(project.tables().is_empty(), "{:?}", project.tables());
}

per_backend!(every_fixture_reports_exactly_its_hazards:
    every_fixture_reports_exactly_its_hazards_sqlite => Sqlite,
    every_fixture_reports_exactly_its_hazards_postgres => Postgres,
    every_fixture_reports_exactly_its_hazards_mysql => Mysql,
);

/// The example app's migrations (the repository's `migrations*/`) lint clean.
fn the_example_app_lints_clean(backend: TestBackend) {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join(match backend {
            TestBackend::Sqlite => "migrations",
            TestBackend::Postgres => "migrations-postgres",
            TestBackend::Mysql => "migrations-mysql",
        });
    let project = Project::on(backend);
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(entry.path()).unwrap() {
            let file = file.unwrap();
            project.file(
                &format!(
                    "migrations/{}/{}",
                    entry.file_name().to_str().unwrap(),
                    file.file_name().to_str().unwrap()
                ),
                std::fs::read(file.path()).unwrap(),
            );
        }
    }
    let run = project.strata(&["migration", "lint", "--all"]);
    let out = run.ok();
    assert!(
        out.ends_with("3 migration(s) linted: 0 error(s), 0 warning(s)\n"),
        "{out}"
    );
}

per_backend!(the_example_app_lints_clean:
    the_example_app_lints_clean_sqlite => Sqlite,
    the_example_app_lints_clean_postgres => Postgres,
    the_example_app_lints_clean_mysql => Mysql,
);

const SMALL: &[Fixture] = &[
    (
        "01_base",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n",
        true,
    ),
    (
        "02_drop",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nALTER TABLE users DROP COLUMN email;\n",
        true,
    ),
];

#[test]
fn sarif_is_a_valid_2_1_0_log() {
    let project = project(TestBackend::Sqlite, SMALL);
    let run = project.strata(&["migration", "lint", "--all", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &log["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "strata");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string()));
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    let result = &results[0];
    assert_eq!(result["ruleId"], "drops-column");
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .contains("users.email"));
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "drops-column");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "migrations/02_drop/up.sql"
    );
    assert_eq!(location["region"]["startLine"], 2);
}

#[test]
fn github_format_prints_workflow_commands() {
    let project = project(TestBackend::Sqlite, SMALL);
    let run = project.strata(&["migration", "lint", "--all", "--format", "github"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let pattern =
        regex::Regex::new(r"^::(error|warning) file=[^,:]+,line=\d+,title=[a-z-]+::\S.*$").unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(pattern.is_match(lines[0]), "{}", lines[0]);
    assert!(
        lines[0].starts_with("::error file=migrations/02_drop/up.sql,line=2,title=drops-column::"),
        "{}",
        lines[0]
    );
}

#[test]
fn findings_name_what_schema_rs_declares_and_allow_comments_silence_them() {
    let project = project(TestBackend::Sqlite, SMALL);
    project.file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
    project.file(
        "src/schema.rs",
        "diesel::table! {\n    users (id) {\n        id -> Integer,\n        name -> Nullable<Text>,\n        email -> Nullable<Text>,\n    }\n}\n",
    );
    let run = project.strata(&["migration", "lint", "--all"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stdout.contains(
            "migrations/02_drop/up.sql:2: error[drops-column] drops or renames column \
             `users.email` (used by src/schema.rs: table! users, column email)"
        ),
        "{}",
        run.stdout
    );
    project.migration(
        "02_drop",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- strata:allow(drops-column, no-such-rule) unused since 1.4\nALTER TABLE users DROP COLUMN email;\n",
        None,
    );
    let run = project.strata(&["migration", "lint", "--all"]);
    let out = run.ok();
    assert!(
        out.contains("02_drop/up.sql:3: note: strata:allow(no-such-rule) names no rule"),
        "{out}"
    );
    assert!(
        out.ends_with("2 migration(s) linted: 0 error(s), 0 warning(s), 1 allowed\n"),
        "{out}"
    );
}

#[test]
fn lint_selects_pending_migrations_by_default() {
    let project = project(TestBackend::Sqlite, SMALL);
    project.migration(
        "03_drop_name",
        "ALTER TABLE users DROP COLUMN name;\n",
        Some("SELECT 1;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    project.migration("04_drop_users", "DROP TABLE users;\n", Some("SELECT 1;\n"));
    let run = project.strata(&["migration", "lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["linted"], serde_json::json!(["04_drop_users"]));
    assert_eq!(
        findings(&report),
        BTreeSet::from([("04_drop_users".to_owned(), "drops-table".to_owned(), 1)])
    );
}

fn check_reports_lint_errors_with_exit_code_8(backend: TestBackend) {
    let project = project(
        backend,
        &[(
            "01_base",
            "CREATE TABLE users (id INT PRIMARY KEY, email TEXT);\n",
            true,
        )],
    );
    project.strata(&["migration", "run"]).ok();
    project.migration(
        "02_safe",
        "CREATE TABLE tags (id INT PRIMARY KEY);\n",
        Some("SELECT 1;\n"),
    );
    let run = project.strata(&["migration", "check"]);
    assert_eq!(run.code, 3, "a pending, clean migration: {run:#?}");
    assert!(!run.stdout.contains("lint:"), "{}", run.stdout);

    project.migration(
        "03_drop",
        "ALTER TABLE users DROP COLUMN email;\n",
        Some("SELECT 1;\n"),
    );
    let run = project.strata(&["migration", "check"]);
    assert_eq!(run.code, 8, "{run:#?}");
    assert!(
        run.stdout
            .contains("lint:    migrations/03_drop/up.sql:1: error[drops-column]"),
        "{}",
        run.stdout
    );
    let run = project.strata(&["migration", "check", "--format", "json"]);
    assert_eq!(run.code, 8);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["exit_code"], 8);
    let rules: Vec<&Value> = report["lint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["rule"])
        .collect();
    assert!(rules.contains(&&Value::from("drops-column")), "{rules:?}");
    // Still read-only: the pending migrations were not applied.
    assert_eq!(project.ledger().len(), 1);
}

per_backend!(check_reports_lint_errors_with_exit_code_8:
    check_reports_lint_errors_with_exit_code_8_sqlite => Sqlite,
    check_reports_lint_errors_with_exit_code_8_postgres => Postgres,
    check_reports_lint_errors_with_exit_code_8_mysql => Mysql,
);

#[test]
fn strata_lint_toml_allows_and_downgrades_rules_project_wide() {
    let project = project(TestBackend::Sqlite, SMALL);
    project.file(
        "diesel.toml",
        "[migrations_directory]\ndir = \"migrations\"\n",
    );
    project.file("strata-lint.toml", "warn = [\"drops-column\"]\n");
    let run = project.strata(&["migration", "lint", "--all", "--format", "github"]);
    assert_eq!(
        run.ok(),
        "::warning file=migrations/02_drop/up.sql,line=2,title=drops-column::drops or renames \
         column `users.email` (fix: deploy code that no longer uses it first (remove it from \
         schema.rs), then drop it in a later migration)\n"
    );

    project.file("strata-lint.toml", "allow = [\"drops-column\"]\n");
    let out = project
        .strata(&["migration", "lint", "--all"])
        .ok()
        .to_owned();
    assert!(
        out.ends_with("2 migration(s) linted: 0 error(s), 0 warning(s), 1 allowed\n"),
        "{out}"
    );

    project.file("strata-lint.toml", "allow = [\"drop-column\"]\n");
    let error = project.strata(&["migration", "lint", "--all"]).fails();
    assert!(
        error.contains("strata-lint.toml: `allow` names `drop-column`, which is no rule"),
        "{error}"
    );
}

/// A CI user that may not create databases cannot lint, but still gets `check`'s report.
#[test]
fn check_without_the_right_to_create_a_scratch_database_warns_and_reports_the_rest() {
    let backend = TestBackend::Postgres;
    if !support::backends().contains(&backend) {
        return;
    }
    let project = project(backend, SMALL);
    let role = format!("strata_lint_nocreate_{}", std::process::id());
    project.sql(&format!("CREATE ROLE {role} LOGIN NOCREATEDB"));
    let url = project
        .db_url()
        .replacen("postgres@", &format!("{role}@"), 1);
    let run = project.strata_raw(&["migration", "check", "--database-url", &url]);
    project.sql(&format!("DROP ROLE {role}"));
    assert_eq!(run.code, 3, "{run:#?}");
    assert!(
        run.stderr
            .contains("warning: the pending migrations were not linted"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("pending: 02_drop"), "{}", run.stdout);
}
