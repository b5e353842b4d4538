//! Behaviour diesel_cli's own test suite (`scripts/diesel-cli-suite`) expects, where strata
//! used to differ: each test here failed before its fix.

mod support;

use support::Project;

const USERS: &str = "2024-01-01-000000-0000_create_users";

const USERS_SCHEMA: &str = "// @generated automatically by Diesel CLI.

diesel::table! {
    users (id) {
        id -> Integer,
    }
}
";

fn users_project() -> Project {
    let project = Project::new();
    project.migration(
        USERS,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);",
        Some("DROP TABLE users;"),
    );
    project
}

/// A `[print_schema.NAME]` header makes the `[print_schema]` table on its own, so diesel.toml
/// needs no `[print_schema]` line above it.
#[test]
fn named_sections_load_without_a_print_schema_header() {
    let project = users_project();
    project.file("diesel.toml", "[print_schema.one]\nfile = \"src/one.rs\"\n");
    assert_eq!(
        project.strata(&["migration", "run"]).ok(),
        format!("Running migration {USERS}\n")
    );
    assert_eq!(project.read("src/one.rs"), USERS_SCHEMA);
}

/// With `[print_schema.NAME]` sections, print-schema prints every section in name order
/// (`default` too, even without settings), and each `--schema-key` takes the flags after
/// it, as in diesel_cli.
#[test]
fn several_schema_keys_each_take_the_flags_after_them() {
    let project = Project::new();
    project.migration(
        USERS,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);\n\
         CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL);",
        Some("DROP TABLE posts;\nDROP TABLE users;"),
    );
    project.file(
        "diesel.toml",
        "[print_schema.one]\nfilter = { only_tables = [\"users\"] }\n[print_schema.two]\n",
    );
    project.strata(&["migration", "run"]).ok();
    let run = project.strata(&[
        "print-schema",
        "--schema-key",
        "default",
        "-o",
        "posts",
        "--schema-key",
        "two",
        "-e",
        "users",
    ]);
    let posts = "diesel::table! {\n    posts (id) {\n        id -> Integer,\n    }\n}\n";
    let header = "// @generated automatically by Diesel CLI.\n\n";
    assert_eq!(
        run.ok(),
        format!("{header}{posts}{}{header}{posts}", &USERS_SCHEMA)
    );
}
