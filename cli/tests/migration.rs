//! `strata migration ...`, `strata setup` and `strata database ...`: exact output, ledger
//! and schema file. Each test body runs once per backend, as a test of its own
//! (`per_backend!`), so a failure on one backend does not hide the others.

#[macro_use]
mod support;

use support::{backends, Project, TestBackend};

const USERS: &str = "2024-01-01-000000-0000_create_users";
const POSTS: &str = "2024-01-02-000000-0000_create_posts";

fn blog(backend: TestBackend) -> Project {
    let project = Project::on(backend);
    project
        .file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n")
        .migration(
            USERS,
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
            Some("DROP TABLE users;"),
        )
        .migration(
            POSTS,
            "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY NOT NULL,\n  user_id INTEGER NOT NULL REFERENCES users (id)\n);",
            Some("DROP TABLE posts;"),
        );
    project
}

/// What diesel calls a 32-bit integer on each backend.
fn int(backend: TestBackend) -> &'static str {
    match backend {
        TestBackend::Postgres => "Int4",
        _ => "Integer",
    }
}

fn both_tables(backend: TestBackend) -> String {
    BOTH_TABLES.replace("Integer", int(backend))
}

fn users_only(backend: TestBackend) -> String {
    USERS_ONLY.replace("Integer", int(backend))
}

/// How `Creating database:` names the project's database: its path, or its name on a server.
fn shown_name(project: &Project) -> String {
    match project.backend() {
        TestBackend::Sqlite => project.db_url(),
        _ => project.db_url().rsplit('/').next().unwrap().to_owned(),
    }
}

const BOTH_TABLES: &str = "// @generated automatically by Diesel CLI.

diesel::table! {
    posts (id) {
        id -> Integer,
        user_id -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::joinable!(posts -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(posts, users,);
";

const USERS_ONLY: &str = "// @generated automatically by Diesel CLI.

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
    }
}
";

fn run_applies_pending_in_order_and_writes_the_schema_file(backend: TestBackend) {
    let project = blog(backend);
    let run = project.strata(&["migration", "run"]);
    assert_eq!(
        run.ok(),
        format!("Running migration {USERS}\nRunning migration {POSTS}\n")
    );
    assert_eq!(run.notes(), "", "{backend:?}");
    assert_eq!(
        project.ledger(),
        ["202401010000000000", "202401020000000000"]
    );
    assert_eq!(project.read("src/schema.rs"), both_tables(backend));

    // Nothing pending: nothing printed, nothing changed.
    assert_eq!(project.strata(&["migration", "run"]).ok(), "");
}

per_backend!(run_applies_pending_in_order_and_writes_the_schema_file:
    run_applies_pending_in_order_and_writes_the_schema_file_sqlite => Sqlite,
    run_applies_pending_in_order_and_writes_the_schema_file_postgres => Postgres,
    run_applies_pending_in_order_and_writes_the_schema_file_mysql => Mysql,
);

fn list_and_pending_report_the_ledger(backend: TestBackend) {
    let project = blog(backend);
    assert_eq!(
        project.strata(&["migration", "list"]).ok(),
        format!("Migrations:\n  [ ] {USERS}\n  [ ] {POSTS}\n")
    );
    assert_eq!(project.strata(&["migration", "pending"]).ok(), "true\n");
    // Listing does not create the ledger (or any table).
    assert!(project.tables().is_empty(), "{backend:?}");

    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project.strata(&["migration", "list"]).ok(),
        format!("Migrations:\n  [X] {USERS}\n  [X] {POSTS}\n")
    );
    assert_eq!(project.strata(&["migration", "pending"]).ok(), "false\n");
}

per_backend!(list_and_pending_report_the_ledger:
    list_and_pending_report_the_ledger_sqlite => Sqlite,
    list_and_pending_report_the_ledger_postgres => Postgres,
    list_and_pending_report_the_ledger_mysql => Mysql,
);

fn revert_undoes_the_latest_and_rewrites_the_schema_file(backend: TestBackend) {
    let project = blog(backend);
    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project.strata(&["migration", "revert"]).ok(),
        format!("Rolling back migration {POSTS}\n")
    );
    assert_eq!(project.ledger(), ["202401010000000000"]);
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "users"]);
    assert_eq!(project.read("src/schema.rs"), users_only(backend));

    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project.strata(&["migration", "revert", "--all"]).ok(),
        format!("Rolling back migration {POSTS}\nRolling back migration {USERS}\n")
    );
    assert!(project.ledger().is_empty());
    assert_eq!(project.tables(), ["__diesel_schema_migrations"]);
    // With nothing applied, revert does nothing and succeeds, as diesel_cli does.
    assert_eq!(project.strata(&["migration", "revert"]).ok(), "");
}

per_backend!(revert_undoes_the_latest_and_rewrites_the_schema_file:
    revert_undoes_the_latest_and_rewrites_the_schema_file_sqlite => Sqlite,
    revert_undoes_the_latest_and_rewrites_the_schema_file_postgres => Postgres,
    revert_undoes_the_latest_and_rewrites_the_schema_file_mysql => Mysql,
);

fn redo_reverts_then_reapplies(backend: TestBackend) {
    let project = blog(backend);
    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project.strata(&["migration", "redo", "-n", "2"]).ok(),
        format!(
            "Rolling back migration {POSTS}\nRolling back migration {USERS}\n\
                 Running migration {USERS}\nRunning migration {POSTS}\n"
        )
    );
    assert_eq!(
        project.ledger(),
        ["202401010000000000", "202401020000000000"]
    );
    assert_eq!(project.read("src/schema.rs"), both_tables(backend));
}

per_backend!(redo_reverts_then_reapplies:
    redo_reverts_then_reapplies_sqlite => Sqlite,
    redo_reverts_then_reapplies_postgres => Postgres,
    redo_reverts_then_reapplies_mysql => Mysql,
);

fn reads_a_ledger_written_by_diesel(backend: TestBackend) {
    let project = blog(backend);
    // What diesel_cli leaves behind after running the first migration: its DDL, its row.
    project.sql(
        "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
       version VARCHAR(50) PRIMARY KEY NOT NULL,
       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
INSERT INTO __diesel_schema_migrations (version) VALUES ('202401010000000000');",
    );
    assert_eq!(
        project.strata(&["migration", "list"]).ok(),
        format!("Migrations:\n  [X] {USERS}\n  [ ] {POSTS}\n")
    );
    assert_eq!(
        project.strata(&["migration", "run"]).ok(),
        format!("Running migration {POSTS}\n")
    );
}

per_backend!(reads_a_ledger_written_by_diesel:
    reads_a_ledger_written_by_diesel_sqlite => Sqlite,
    reads_a_ledger_written_by_diesel_postgres => Postgres,
    reads_a_ledger_written_by_diesel_mysql => Mysql,
);

fn writes_a_ledger_diesel_reads(backend: TestBackend) {
    let project = blog(backend);
    project.strata(&["migration", "run"]).ok();
    // diesel reads `version` (dashes removed from the directory prefix) and `run_on`.
    project.sql("SELECT version, run_on FROM __diesel_schema_migrations;");
    assert_eq!(
        project.ledger(),
        ["202401010000000000", "202401020000000000"]
    );
}

per_backend!(writes_a_ledger_diesel_reads:
    writes_a_ledger_diesel_reads_sqlite => Sqlite,
    writes_a_ledger_diesel_reads_postgres => Postgres,
    writes_a_ledger_diesel_reads_mysql => Mysql,
);

#[test]
fn creates_the_ledger_table_as_diesel_does() {
    let project = blog(TestBackend::Sqlite);
    project.strata(&["migration", "run"]).ok();
    let ddl = project_ddl(&project);
    assert!(
        ddl.contains("version VARCHAR(50) PRIMARY KEY NOT NULL"),
        "{ddl}"
    );
}

fn project_ddl(project: &Project) -> String {
    use diesel::{Connection, QueryableByName, RunQueryDsl};
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        sql: String,
    }
    let mut conn = diesel::SqliteConnection::establish(&project.db_url()).unwrap();
    diesel::sql_query("SELECT sql FROM sqlite_schema WHERE name = '__diesel_schema_migrations'")
        .get_result::<Row>(&mut conn)
        .unwrap()
        .sql
}

#[test]
fn run_in_transaction_false_runs_statement_by_statement() {
    let project = Project::new();
    project
        .migration(
            "2024-01-01-000000_vacuum",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\nVACUUM;",
            Some("DROP TABLE t;"),
        )
        .file(
            "migrations/2024-01-01-000000_vacuum/metadata.toml",
            "run_in_transaction = false\n",
        );
    // VACUUM cannot run inside a transaction: this only passes outside one.
    project.strata(&["migration", "run"]).ok();
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "t"]);
}

fn locked_schema_fails_with_a_diff_and_leaves_the_file(backend: TestBackend) {
    let project = blog(backend);
    project.file("src/schema.rs", users_only(backend));
    let run = project.strata(&["migration", "run", "--locked-schema"]);
    let stderr = run.fails();
    assert!(
        stderr.contains("+diesel::joinable!(posts -> users (user_id));"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "but the schema file was not updated\n  caused by: src/schema.rs would change \
                 (--locked-schema): the database schema \
                 differs from the committed file; run the command without --locked-schema \
                 locally and commit the result\n"
        ),
        "{stderr}"
    );
    assert_eq!(project.read("src/schema.rs"), users_only(backend));

    // Once the file is current, --locked-schema passes.
    project.file("src/schema.rs", both_tables(backend));
    project
        .strata(&["migration", "redo", "--locked-schema"])
        .ok();
}

per_backend!(locked_schema_fails_with_a_diff_and_leaves_the_file:
    locked_schema_fails_with_a_diff_and_leaves_the_file_sqlite => Sqlite,
    locked_schema_fails_with_a_diff_and_leaves_the_file_postgres => Postgres,
    locked_schema_fails_with_a_diff_and_leaves_the_file_mysql => Mysql,
);

#[test]
fn generate_creates_a_timestamped_directory() {
    let project = Project::new();
    let run = project.strata_raw(&["migration", "generate", "create_widgets"]);
    let stdout = run.ok();
    let pattern = regex::Regex::new(
        r"^Creating migrations/(\d{4}-\d{2}-\d{2}-\d{6}-0000_create_widgets)/up\.sql\nCreating migrations/(\d{4}-\d{2}-\d{2}-\d{6}-0000_create_widgets)/down\.sql\n$",
    )
    .unwrap();
    let captures = pattern
        .captures(stdout)
        .unwrap_or_else(|| panic!("{stdout}"));
    let dir = &captures[1];
    assert_eq!(
        project.read(&format!("migrations/{dir}/up.sql")),
        "-- Your SQL goes here\n"
    );
    assert_eq!(
        project.read(&format!("migrations/{dir}/down.sql")),
        "-- This file should undo anything in `up.sql`\n"
    );

    let run = project.strata_raw(&[
        "migration",
        "generate",
        "--version",
        "20240101",
        "-u",
        "seed",
    ]);
    assert_eq!(run.ok(), "Creating migrations/20240101_seed/up.sql\n");
    assert!(!project
        .path()
        .join("migrations/20240101_seed/down.sql")
        .exists());
    let again = project.strata_raw(&["migration", "generate", "--version", "20240101", "seed"]);
    assert_eq!(
        again.fails(),
        "error: a migration with version `20240101` already exists in migrations\n"
    );
}

#[test]
fn setup_creates_everything_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let project = Project::new();
    let run = project.strata_in(dir.path(), &["setup", "--database-url", "app.db"]);
    assert_eq!(
        run.ok(),
        format!("Creating migrations directory at: migrations\nCreating database: app.db\n")
    );
    assert!(dir.path().join("migrations/.keep").is_file());
    assert!(dir.path().join("app.db").is_file());
    let config = std::fs::read_to_string(dir.path().join("diesel.toml")).unwrap();
    assert!(config.contains("file = \"src/schema.rs\"\n"), "{config}");
    assert!(
        config.ends_with("[migrations_directory]\ndir = \"migrations\"\n"),
        "{config}"
    );
    // The second time, everything exists: nothing to say.
    assert_eq!(
        project
            .strata_in(dir.path(), &["setup", "--database-url", "app.db"])
            .ok(),
        ""
    );
}

fn database_reset_and_drop(backend: TestBackend) {
    let project = blog(backend);
    project.strata(&["migration", "run"]).ok();
    let name = shown_name(&project);
    assert_eq!(
        project
            .strata(&["database", "reset", "--no-default-migration"])
            .ok(),
        format!(
            "Dropping database: {name}\nCreating database: {name}\n\
                 Running migration {USERS}\nRunning migration {POSTS}\n"
        )
    );
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations", "posts", "users"]
    );
    assert_eq!(
        project.strata(&["database", "drop"]).ok(),
        format!("Dropping database: {name}\n")
    );
    if backend == TestBackend::Sqlite {
        assert!(!project.db().exists());
    }
    // Dropping what is not there is not an error, and says nothing.
    assert_eq!(project.strata(&["database", "drop"]).ok(), "");
}

per_backend!(database_reset_and_drop:
    database_reset_and_drop_sqlite => Sqlite,
    database_reset_and_drop_postgres => Postgres,
    database_reset_and_drop_mysql => Mysql,
);

fn setup_on_a_server_creates_the_database_and_postgres_helpers(backend: TestBackend) {
    let project = Project::on(backend);
    project.strata(&["database", "drop"]).ok();
    let name = shown_name(&project);
    project.file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
    let initial = "migrations/00000000000000_diesel_initial_setup";
    assert_eq!(
        project.strata(&["database", "setup"]).ok(),
        format!("Creating database: {name}\n")
    );
    if backend == TestBackend::Postgres {
        // diesel_cli's helper functions, defined by the initial migration and usable by
        // the next one.
        assert!(project.path().join(initial).join("down.sql").is_file());
        assert_eq!(project.ledger(), ["00000000000000"]);
        project.migration(
            USERS,
            "CREATE TABLE users (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL \
                 DEFAULT '2000-01-01');\nSELECT diesel_manage_updated_at('users');",
            Some("DROP TABLE users;"),
        );
        project.strata(&["migration", "run"]).ok();
        project.sql("INSERT INTO users DEFAULT VALUES; UPDATE users SET id = 2;");
        let stamped = project
            .database()
            .strings("SELECT (updated_at > '2000-01-01')::text AS value FROM users");
        assert_eq!(stamped, ["true"]);
    } else {
        assert!(!project.path().join(initial).exists());
        assert!(project.ledger().is_empty());
    }
    // Set up again: the database exists and nothing is pending: nothing to do.
    assert_eq!(project.strata(&["database", "setup"]).ok(), "");
}

per_backend!(setup_on_a_server_creates_the_database_and_postgres_helpers:
    setup_on_a_server_creates_the_database_and_postgres_helpers_postgres => Postgres,
    setup_on_a_server_creates_the_database_and_postgres_helpers_mysql => Mysql,
);

#[test]
fn database_url_comes_from_dotenv() {
    let project = blog(TestBackend::Sqlite);
    project.file(".env", "# the example database\nDATABASE_URL=from_env.db\n");
    project.strata_raw(&["migration", "run"]).ok();
    assert!(project.path().join("from_env.db").is_file());
}

#[test]
fn mysql_stored_routines_and_triggers_apply_whole() {
    if !backends().contains(&TestBackend::Mysql) {
        return;
    }
    let project = Project::on(TestBackend::Mysql);
    project.migration(
        "2024-01-01-000000-0000_counters",
        "CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL);\n\
         CREATE PROCEDURE bump(IN which INT)\n\
         BEGIN\n\
         \x20 IF NOT EXISTS (SELECT 1 FROM counters WHERE id = which) THEN\n\
         \x20   INSERT INTO counters VALUES (which, 0);\n\
         \x20 END IF;\n\
         \x20 UPDATE counters SET n = n + CASE WHEN which > 0 THEN 1 ELSE 0 END WHERE id = which;\n\
         END;\n\
         CREATE TRIGGER counters_floor BEFORE UPDATE ON counters FOR EACH ROW\n\
         BEGIN\n\
         \x20 IF NEW.n < 0 THEN SET NEW.n = 0; END IF;\n\
         END;\n\
         CALL bump(7);\n\
         CALL bump(7);\n",
        Some("DROP PROCEDURE bump;\nDROP TABLE counters;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    let n = project
        .database()
        .strings("SELECT CAST(n AS CHAR) AS value FROM counters WHERE id = 7");
    assert_eq!(n, ["2"]);
    project.strata(&["migration", "redo"]).ok();
}

/// `generate --diff-schema` writes the SQL that takes the database to a hand-edited
/// schema.rs: after running it, strata regenerates exactly the edited file; reverting it
/// brings the old one back.
fn generate_diff_schema_round_trips_a_hand_edited_schema(backend: TestBackend) {
    let int = int(backend);
    let project = Project::on(backend);
    project
        .file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n")
        .migration(
            USERS,
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, \
                 age INTEGER);\nCREATE TABLE old_stuff (id INTEGER PRIMARY KEY NOT NULL);",
            Some("DROP TABLE old_stuff;\nDROP TABLE users;"),
        );
    project.strata(&["migration", "run"]).ok();
    let before = project.read("src/schema.rs");

    let edited = format!(
        "// @generated automatically by Diesel CLI.

diesel::table! {{
    posts (id) {{
        id -> {int},
        user_id -> {int},
        title -> Text,
    }}
}}

diesel::table! {{
    users (id) {{
        id -> {int},
        name -> Text,
        email -> Nullable<Text>,
    }}
}}

diesel::joinable!(posts -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(posts, users,);
"
    );
    project.file("src/schema.rs", &edited);
    let run = project.strata(&[
        "migration",
        "generate",
        "--version",
        "2024-02-01-000000-0000",
        "add_posts",
        "--diff-schema",
    ]);
    run.ok();
    let dir = "migrations/2024-02-01-000000-0000_add_posts";
    if backend == TestBackend::Postgres {
        assert_eq!(
            project.read(&format!("{dir}/up.sql")),
            "-- Your SQL goes here\nDROP TABLE IF EXISTS \"old_stuff\";\n\
                 ALTER TABLE \"users\" DROP COLUMN \"age\";\n\
                 ALTER TABLE \"users\" ADD COLUMN \"email\" TEXT;\n\n\
                 CREATE TABLE \"posts\"(\n\t\"id\" INT4 NOT NULL PRIMARY KEY,\n\t\"user_id\" \
                 INT4 NOT NULL,\n\t\"title\" TEXT NOT NULL,\n\tFOREIGN KEY (\"user_id\") \
                 REFERENCES \"users\"(\"id\")\n);\n\n"
        );
        assert_eq!(
            project.read(&format!("{dir}/down.sql")),
            "-- This file should undo anything in `up.sql`\n\
                 DROP TABLE IF EXISTS \"posts\";\n\
                 ALTER TABLE \"users\" DROP COLUMN \"email\";\n\
                 ALTER TABLE \"users\" ADD COLUMN \"age\" INT4;\n\n\
                 CREATE TABLE \"old_stuff\"(\n\t\"id\" INT4 NOT NULL PRIMARY KEY\n);\n\n"
        );
    }
    project.strata(&["migration", "run"]).ok();
    assert_eq!(project.read("src/schema.rs"), edited, "{backend:?}");
    project.strata(&["migration", "redo"]).ok();
    assert_eq!(project.read("src/schema.rs"), edited, "{backend:?}");
    project.strata(&["migration", "revert"]).ok();
    assert_eq!(project.read("src/schema.rs"), before, "{backend:?}");
}

per_backend!(generate_diff_schema_round_trips_a_hand_edited_schema:
    generate_diff_schema_round_trips_a_hand_edited_schema_sqlite => Sqlite,
    generate_diff_schema_round_trips_a_hand_edited_schema_postgres => Postgres,
    generate_diff_schema_round_trips_a_hand_edited_schema_mysql => Mysql,
);

/// Named `[print_schema.NAME]` sections: every file is rewritten after migrations,
/// `--locked-schema` guards each of them, and `print-schema` prints every section, as
/// diesel_cli does, `--schema-key` choosing which one the flags after it change.
fn every_named_schema_section_is_written_and_locked(backend: TestBackend) {
    let project = blog(backend);
    project.file(
        "diesel.toml",
        "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { only_tables = [\"^users$\"] }\n\n\
             [print_schema.posts]\nfile = \"src/posts/schema.rs\"\n\
             filter = { only_tables = [\"^posts$\"] }\n",
    );
    project.strata(&["migration", "run"]).ok();
    let int = int(backend);
    let users = format!(
            "// @generated automatically by Diesel CLI.\n\ndiesel::table! {{\n    users (id) {{\n        \
             id -> {int},\n        name -> Text,\n    }}\n}}\n"
        );
    let posts = format!(
            "// @generated automatically by Diesel CLI.\n\ndiesel::table! {{\n    posts (id) {{\n        \
             id -> {int},\n        user_id -> {int},\n    }}\n}}\n"
        );
    assert_eq!(project.read("src/schema.rs"), users);
    assert_eq!(project.read("src/posts/schema.rs"), posts);
    // `-e` replaces the posts section's filter.
    assert_eq!(
        project
            .strata(&["print-schema", "--schema-key", "posts", "-e", "posts"])
            .ok(),
        format!("{users}{users}")
    );

    // A stale second file fails --locked-schema too, and is left alone.
    project.file("src/posts/schema.rs", "// stale\n");
    let run = project.strata(&["migration", "redo", "--locked-schema"]);
    assert!(
        run.fails().ends_with(
            "but the schema file was not updated\n  caused by: src/posts/schema.rs would change \
                 (--locked-schema): the database schema \
                 differs from the committed file; run the command without --locked-schema \
                 locally and commit the result\n"
        ),
        "{run:#?}"
    );
    assert_eq!(project.read("src/posts/schema.rs"), "// stale\n");
}

per_backend!(every_named_schema_section_is_written_and_locked:
    every_named_schema_section_is_written_and_locked_sqlite => Sqlite,
    every_named_schema_section_is_written_and_locked_postgres => Postgres,
    every_named_schema_section_is_written_and_locked_mysql => Mysql,
);

/// The default build bundles libpq, whose only default socket directory is /tmp. A URL that
/// names no host must still reach a Debian server, which listens in /var/run/postgresql: on
/// the admin connection (`database reset`), the migration lock and the migrations'. This
/// machine's server trusts local connections (`local all all trust` in pg_hba.conf), as it
/// trusts 127.0.0.1.
#[test]
fn a_postgres_url_without_a_host_reaches_the_local_socket() {
    let elsewhere = [
        "STRATA_TEST_POSTGRES_URL",
        "PGHOST",
        "PGHOSTADDR",
        "PGSERVICE",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some());
    if !backends().contains(&TestBackend::Postgres) || elsewhere {
        return; // the server is not (only) the local one, or not found by its socket
    }
    let project = Project::on(TestBackend::Postgres);
    let url = project.db_url();
    let name = url.rsplit('/').next().unwrap();
    let hostless = format!("postgres://postgres@/{name}");
    project.migration(
        "2024-01-01-000000_users",
        "CREATE TABLE users (id SERIAL PRIMARY KEY);",
        Some("DROP TABLE users;"),
    );
    project
        .strata_raw(&["database", "reset", "--database-url", &hostless])
        .ok();
    // Reset on PostgreSQL also writes diesel's initial setup migration.
    assert_eq!(project.ledger(), ["00000000000000", "20240101000000"]);
    assert_eq!(
        project
            .strata_raw(&["migration", "run", "--database-url", &hostless])
            .ok(),
        ""
    );
}
