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
