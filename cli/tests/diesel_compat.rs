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

fn generate_diff(project: &Project, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "migration",
        "generate",
        "--version",
        "2024-02-01-000000-0000",
        "change",
        "--diff-schema=src/schema.rs",
    ];
    args.extend(extra);
    project.strata(&args).ok();
    let dir = "migrations/2024-02-01-000000-0000_change";
    (
        project.read(&format!("{dir}/up.sql")),
        project.read(&format!("{dir}/down.sql")),
    )
}

/// SQLite identifiers in backticks, and a blank line for each table that does not change,
/// as diesel_cli writes them.
#[test]
fn diff_schema_on_sqlite_writes_what_diesel_cli_writes() {
    let project = users_project();
    project.strata(&["migration", "run"]).ok();
    project.file(
        "src/schema.rs",
        "diesel::table! { users (id) { id -> Integer, } }\n\
         diesel::table! { posts (id) { id -> Integer, user_id -> Integer, } }\n\
         diesel::joinable!(posts -> users (user_id));\n",
    );
    let (up, down) = generate_diff(&project, &[]);
    assert_eq!(
        up,
        "-- Your SQL goes here\n\nCREATE TABLE `posts`(\n\t`id` INTEGER NOT NULL PRIMARY KEY,\n\t\
         `user_id` INTEGER NOT NULL,\n\tFOREIGN KEY (`user_id`) REFERENCES `users`(`id`)\n);\n\n"
    );
    assert_eq!(
        down,
        "-- This file should undo anything in `up.sql`\n\nDROP TABLE IF EXISTS `posts`;\n"
    );
}

/// PostgreSQL types as diesel_cli spells them (`PG_LSN`, `TIMETZ`, a record as a composite
/// type of its own), and the SQLite-only rowid flag left out: the generated migration runs.
#[test]
fn diff_schema_on_postgres_writes_sql_that_runs() {
    let backend = support::TestBackend::Postgres;
    if !support::backends().contains(&backend) {
        return;
    }
    let project = Project::on(backend);
    project.migration(
        USERS,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);\n\
         CREATE TABLE old (id INTEGER PRIMARY KEY NOT NULL, at TIMETZ);",
        Some("DROP TABLE old;\nDROP TABLE users;"),
    );
    project.strata(&["migration", "run"]).ok();
    project.file(
        "src/schema.rs",
        "diesel::table! { users (id) { id -> Int4, lsn -> PgLsn, r -> Record<(Integer, Text)>, } }\n\
         diesel::table! { t (id) { id -> BigInt, at -> Nullable<Timetz>, } }\n",
    );
    let (up, down) = generate_diff(&project, &["--sqlite-integer-primary-key-is-bigint"]);
    assert_eq!(
        up,
        "-- Your SQL goes here\n\
         DROP TABLE IF EXISTS \"old\";\n\
         CREATE TYPE \"R_RECORD\" AS (\n\t\"FIELD_0\"  INTEGER,\n\t\"FIELD_1\"  TEXT\n);\n\n\
         ALTER TABLE \"users\" ADD COLUMN \"lsn\" PG_LSN NOT NULL;\n\
         ALTER TABLE \"users\" ADD COLUMN \"r\" \"R_RECORD\" NOT NULL;\n\n\
         CREATE TABLE \"t\"(\n\t\"id\" BIGINT NOT NULL PRIMARY KEY,\n\t\"at\" TIMETZ\n);\n\n"
    );
    assert_eq!(
        down,
        "-- This file should undo anything in `up.sql`\n\
         DROP TABLE IF EXISTS \"t\";\n\
         ALTER TABLE \"users\" DROP COLUMN \"lsn\";\n\
         ALTER TABLE \"users\" DROP COLUMN \"r\";\n\n\n\
         DROP TYPE IF EXISTS \"R_RECORD\";\n\n\n\
         CREATE TABLE \"old\"(\n\t\"id\" INT4 NOT NULL PRIMARY KEY,\n\t\"at\" TIMETZ\n);\n\n"
    );
    project.strata(&["migration", "run"]).ok();
    project.strata(&["migration", "revert"]).ok();
}

/// The server part of a PostgreSQL test URL, with `user@` in place of its user.
fn postgres_server_as(project: &Project, user: &str) -> String {
    let url = project.db_url();
    let (server, _) = url.rsplit_once('/').unwrap();
    let (scheme, rest) = server.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

/// PostgreSQL keeps the first 63 bytes of a database name: `setup` finds the database it
/// created under that name instead of creating it again.
#[test]
fn setup_twice_with_a_postgres_name_longer_than_63_bytes() {
    let backend = support::TestBackend::Postgres;
    if !support::backends().contains(&backend) {
        return;
    }
    let project = Project::on(backend);
    let long = format!("strata_long_{}_{}", std::process::id(), "x".repeat(60));
    let url = format!("{}/{long}", postgres_server_as(&project, "postgres"));
    let first = project.strata_raw(&["setup", "--no-default-migration", "--database-url", &url]);
    assert_eq!(first.ok(), format!("Creating database: {long}\n"));
    let again = project.strata_raw(&["setup", "--no-default-migration", "--database-url", &url]);
    assert_eq!(again.ok(), "");
    project
        .strata_raw(&["database", "drop", "--database-url", &url])
        .ok();
}

/// `postgres://user@host` names no database; libpq then connects to the one named like the
/// user, and so do `setup` and `database drop`.
#[test]
fn a_postgres_url_without_a_database_means_the_users_database() {
    let backend = support::TestBackend::Postgres;
    if !support::backends().contains(&backend) {
        return;
    }
    let project = Project::on(backend);
    let user = format!("strata_nameless_{}", std::process::id());
    project.sql(&format!("CREATE ROLE {user} LOGIN CREATEDB"));
    let url = postgres_server_as(&project, &user);
    let setup = project.strata_raw(&["setup", "--no-default-migration", "--database-url", &url]);
    let drop = project.strata_raw(&["database", "drop", "--database-url", &url]);
    project.sql(&format!("DROP DATABASE IF EXISTS {user}"));
    project.sql(&format!("DROP ROLE {user}"));
    assert_eq!(setup.ok(), format!("Creating database: {url}\n"));
    assert_eq!(drop.ok(), format!("Dropping database: {url}\n"));
}

/// A count that is not a number is refused with diesel_cli's words, value name included.
#[test]
fn a_count_that_is_not_a_number_is_named_as_diesel_cli_names_it() {
    let project = Project::new();
    for (command, name) in [("revert", "REVERT_NUMBER"), ("redo", "REDO_NUMBER")] {
        let run = project.strata(&["migration", command, "-n", "infinite"]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            format!(
                "error: invalid value 'infinite' for '--number <{name}>': invalid digit found \
                 in string\n\nFor more information, try '--help'.\n"
            )
        );
    }
}
