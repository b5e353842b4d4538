//! Bad input: every way a user can hand strata something wrong. Each test runs the real
//! binary and checks three things: it exits 1 (2 for a command line that does not parse),
//! the exact message it prints, and that nothing was applied — no table, no ledger row, no
//! schema file written or changed.

#[macro_use]
mod support;

use support::{Project, TestBackend};

const LEDGER: &str = "__diesel_schema_migrations";
const SCHEMA_TOML: &str = "[print_schema]\nfile = \"src/schema.rs\"\n";

/// A project whose diesel.toml asks for `src/schema.rs`, so a run that got as far as
/// regenerating the schema would leave that file behind.
fn project() -> Project {
    let project = Project::new();
    project.file("diesel.toml", SCHEMA_TOML);
    project
}

/// `text` with the project's absolute path (as given and as the OS resolves it) replaced
/// by `<project>`, for messages that print absolute paths.
fn scrub(project: &Project, text: &str) -> String {
    let canonical = project.path().canonicalize().unwrap();
    text.replace(&canonical.display().to_string(), "<project>")
        .replace(&project.path().display().to_string(), "<project>")
}

fn schema_rs_exists(project: &Project) -> bool {
    project.path().join("src/schema.rs").exists()
}

/// Nothing at all happened to the database: not even the ledger table was created.
#[track_caller]
fn assert_database_untouched(project: &Project) {
    // Migrations are checked before a connection could create the file: not even an empty
    // database file appears.
    assert!(!project.db().exists(), "the database file was created");
    assert!(!schema_rs_exists(project), "src/schema.rs was created");
}

/// A valid migration that sorts before the bad one, so a runner that applied migrations
/// before checking them all would leave table `ok` behind.
fn with_valid_first(project: &Project) {
    project.migration(
        "2023-12-31-000000_ok",
        "CREATE TABLE ok (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE ok;\n"),
    );
}

#[test]
fn migration_without_up_sql() {
    let project = project();
    with_valid_first(&project);
    project.file("migrations/2024-01-01-000000_a/down.sql", "DROP TABLE a;\n");

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: migration directory migrations/2024-01-01-000000_a has no up.sql\n"
    );
    assert_eq!(run.stdout, "");
    assert_database_untouched(&project);
}

/// A directory whose version (51 characters) the ledger's `VARCHAR(50)` cannot hold: the one
/// name diesel_cli accepts and then fails on (at its ledger insert, on PostgreSQL and MySQL).
const TOO_LONG: &str = "111111111111111111111111111111111111111111111111111_too_long";

#[test]
fn badly_named_migration_directory() {
    let project = project();
    with_valid_first(&project);
    project.migration(TOO_LONG, "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", None);

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        format!(
            "error: migration directory migrations/{TOO_LONG} is badly named: the version is \
             longer than the ledger's 50 characters; name it <version>_<name>, as `strata \
             migration generate` does\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert_database_untouched(&project);
}

/// Directory names diesel_cli accepts although they are not `<version>_<name>`: a version
/// with no name (Mozilla's syncstorage-rs has `2019-09-11-164500`), a name with no version
/// before it, an odd first character. Their versions are diesel's: what precedes the first
/// `_`, dashes removed; diesel_cli 2.3.14 records exactly these ledger rows on SQLite.
const DIESEL_ACCEPTS: [(&str, &str); 3] = [
    ("!wow_migration", "!wow"),
    ("2019-09-11-164500", "20190911164500"),
    ("7letters", "7letters"),
];

fn names_diesel_cli_accepts(backend: TestBackend) {
    let project = Project::on(backend);
    for (i, (dir, _)) in DIESEL_ACCEPTS.iter().enumerate() {
        project.migration(
            dir,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);\n"),
            Some(&format!("DROP TABLE t{i};\n")),
        );
    }
    let listed = "Migrations:\n  [X] !wow_migration\n  [X] 2019-09-11-164500\n  [X] 7letters\n";
    let versions: Vec<&str> = DIESEL_ACCEPTS.iter().map(|(_, v)| *v).collect();

    // Applied by strata: diesel's versions, in diesel's order.
    let run = project.strata(&["migration", "run"]);
    assert_eq!(
        run.ok(),
        "Running migration !wow_migration\nRunning migration 2019-09-11-164500\n\
         Running migration 7letters\n"
    );
    assert_eq!(project.ledger(), versions);
    assert_eq!(project.strata(&["migration", "list"]).ok(), listed);

    // A database diesel_cli migrated: strata lists it and finds nothing to do.
    let project = Project::on(backend);
    for (i, (dir, _)) in DIESEL_ACCEPTS.iter().enumerate() {
        project.migration(
            dir,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);\n"),
            Some(&format!("DROP TABLE t{i};\n")),
        );
    }
    project.sql(
        "CREATE TABLE __diesel_schema_migrations (
       version VARCHAR(50) PRIMARY KEY NOT NULL,
       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE t0 (id INTEGER PRIMARY KEY);
CREATE TABLE t1 (id INTEGER PRIMARY KEY);
CREATE TABLE t2 (id INTEGER PRIMARY KEY);
INSERT INTO __diesel_schema_migrations (version) VALUES ('!wow'), ('20190911164500'), ('7letters');",
    );
    assert_eq!(project.strata(&["migration", "list"]).ok(), listed);
    assert_eq!(project.strata(&["migration", "run"]).ok(), "");
    assert_eq!(project.ledger(), versions);
}

per_backend!(names_diesel_cli_accepts:
    names_diesel_cli_accepts_sqlite => Sqlite,
    names_diesel_cli_accepts_postgres => Postgres,
    names_diesel_cli_accepts_mysql => Mysql,
);

#[test]
fn empty_migration_stops_every_pending_one() {
    let project = project();
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE a;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    let schema_before = project.read("src/schema.rs");
    assert_eq!(project.tables(), [LEDGER, "a"]);

    // A valid pending migration, then one with nothing but whitespace (diesel_cli refuses
    // it too; one with comments is applied, see `comments_only_up_sql_is_applied_as_a_no_op`).
    project.migration(
        "2024-01-02-000000_b",
        "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE b;\n"),
    );
    project.migration(
        "2024-01-03-000000_c",
        "\u{feff}\n\n  \t\n\n",
        Some("-- nothing\n"),
    );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: migrations/2024-01-03-000000_c/up.sql is empty; write the migration, or delete \
         its directory\n"
    );
    // Every pending migration is checked before any runs: b was not applied either.
    assert_eq!(run.stdout, "");
    assert_eq!(project.tables(), [LEDGER, "a"]);
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(project.read("src/schema.rs"), schema_before);
}

#[test]
fn up_sql_that_is_not_utf8() {
    let project = project();
    with_valid_first(&project);
    project.file(
        "migrations/2024-01-01-000000_a/up.sql",
        b"CREATE TABLE a (id INTEGER PRIMARY KEY);\n\xff\xfe\n",
    );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: migrations/2024-01-01-000000_a/up.sql:2: the file is not valid UTF-8; save it \
         as UTF-8\n"
    );
    assert_eq!(run.stdout, "");
    assert_database_untouched(&project);
}

#[test]
fn two_migrations_with_the_same_version() {
    let project = project();
    with_valid_first(&project);
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        None,
    );
    project.migration(
        "20240101000000_b",
        "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
        None,
    );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: migrations migrations/2024-01-01-000000_a and migrations/20240101000000_b share \
         the version 20240101000000; rename one so every version is unique\n"
    );
    assert_eq!(run.stdout, "");
    assert_database_untouched(&project);
}

fn syntax_error_names_the_line_and_rolls_back(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\
             INSERT INTO a VALUES (1);\n\
             \n\
             CREATE TABLE b (\n\
             \x20 id INTEGER PRIMARY KEY\n\
             );\n\
             CREAT TABLE c (id INTEGER);\n",
        Some("DROP TABLE b;\nDROP TABLE a;\n"),
    );

    let run = project.strata(&["migration", "run"]);

    let (database_message, outcome, tables_left): (&str, &str, &[&str]) = match backend {
        TestBackend::Sqlite => ("near \"CREAT\": syntax error", ROLLED_BACK, &[LEDGER]),
        TestBackend::Postgres => ("syntax error at or near \"CREAT\"", ROLLED_BACK, &[LEDGER]),
        TestBackend::Mysql => (
            "You have an error in your SQL syntax; check the manual that corresponds to your \
                 MariaDB server version for the right syntax to use near 'CREAT TABLE c (id \
                 INTEGER)' at line 1",
            "MySQL commits a schema change at once, with everything before it, so the \
                 statements up to line 4 took effect; later ones were rolled back. It is \
                 recorded as failed: repair the database by hand (undo what took effect; its \
                 down.sql may help), then clear the failure with `strata migration accept \
                 20240101000000` and run again",
            &[LEDGER, "a", "b"],
        ),
    };
    assert_eq!(
        run.fails(),
        format!(
            "error: migration 2024-01-01-000000_a failed at \
                 migrations/2024-01-01-000000_a/up.sql:7: {database_message}\n  {outcome}\n"
        )
    );
    assert_eq!(run.stdout, "Running migration 2024-01-01-000000_a\n");
    // Lines 1-6 ran inside the migration's transaction, and were rolled back with it
    // (but on MySQL, whose CREATE TABLE on line 4 committed lines 1-6 itself).
    assert_eq!(project.tables(), tables_left, "{backend:?}");
    assert_eq!(project.ledger(), Vec::<String>::new());
    if backend == TestBackend::Mysql {
        // The INSERT before it was committed with it.
        let rows = project
            .database()
            .strings("SELECT CAST(COUNT(*) AS CHAR) AS value FROM a");
        assert_eq!(rows, ["1"]);
    }
    assert!(!schema_rs_exists(&project));
}

per_backend!(syntax_error_names_the_line_and_rolls_back:
    syntax_error_names_the_line_and_rolls_back_sqlite => Sqlite,
    syntax_error_names_the_line_and_rolls_back_postgres => Postgres,
    syntax_error_names_the_line_and_rolls_back_mysql => Mysql,
);

const ROLLED_BACK: &str = "the migration was rolled back: none of its statements were applied \
                           and the ledger is unchanged";

#[test]
fn server_that_is_not_running() {
    let project = project();
    let cases = [
        (
            "postgres://app:secret@127.0.0.1:9/app",
            "error: could not connect to postgres://app:***@127.0.0.1:9/app: connection to \
             server at \"127.0.0.1\", port 9 failed: Connection refused; Is the server running \
             on that host and accepting TCP/IP connections? (is the PostgreSQL server running?)\n",
        ),
        (
            // The client library's errno in parentheses varies between systems.
            "mysql://app:secret@127.0.0.1:9/app",
            "error: could not connect to mysql://app:***@127.0.0.1:9/app: Can't connect to \
             server on '127.0.0.1' (<errno>) (is the MySQL server running?)\n",
        ),
    ];
    let errno = regex::Regex::new(r"\(\d+\) \(is the").unwrap();
    for (url, message) in cases {
        let run = project.strata_raw(&["migration", "run", "--database-url", url]);
        assert_eq!(errno.replace(&run.fails(), "(<errno>) (is the"), message);
        assert!(!schema_rs_exists(&project));
    }
}

fn server_database_that_does_not_exist(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    with_valid_first(&project);
    let url = project.db_url().replace("strata_test_", "strata_missing_");
    let run = project.strata_raw(&["migration", "run", "--database-url", &url]);
    let name = url.rsplit('/').next().unwrap();
    // The server the tests use (STRATA_TEST_POSTGRES_URL may name another port).
    let port = url
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next())
        .unwrap();
    let server_says = match backend {
        TestBackend::Postgres => format!(
            "connection to server at \"127.0.0.1\", port {port} failed: FATAL:  database \
                 \"{name}\" does not exist"
        ),
        _ => format!("Unknown database '{name}'"),
    };
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: {server_says} (create it with `strata \
                 database setup`)\n"
        )
    );
    assert!(!schema_rs_exists(&project));
}

per_backend!(server_database_that_does_not_exist:
    server_database_that_does_not_exist_postgres => Postgres,
    server_database_that_does_not_exist_mysql => Mysql,
);

#[test]
fn missing_migrations_directory() {
    let project = project();
    with_valid_first(&project);

    let run = project.strata(&["migration", "run", "--migration-dir", "does_not_exist"]);

    assert_eq!(
        run.fails(),
        "error: migrations directory does_not_exist does not exist; create it with `strata \
         setup` or name another with --migration-dir\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.path().join("does_not_exist").exists());
    assert_database_untouched(&project);
}

#[test]
fn diesel_toml_that_is_not_toml() {
    let project = Project::new();
    with_valid_first(&project);
    project.file(
        "diesel.toml",
        "[print_schema]\nfile = \"src/schema.rs\"\n[oops\n",
    );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        scrub(&project, &run.fails()),
        "error: diesel.toml:3: not valid TOML: invalid table header; expected `.`, `]`\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists(), "the database was opened");
    assert!(!schema_rs_exists(&project));
}

#[test]
fn diesel_toml_with_an_unknown_key() {
    let project = Project::new();
    with_valid_first(&project);
    project.file("diesel.toml", "[print_schema]\n\nfille = \"x\"\n");

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        scrub(&project, &run.fails()),
        "error: diesel.toml:3: unknown key `fille` in [print_schema] (did you mean \
         `file`?)\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists(), "the database was opened");
    assert!(!project.path().join("x").exists());
}

#[test]
fn diesel_toml_with_a_wrong_typed_value() {
    let project = Project::new();
    with_valid_first(&project);
    project.file("diesel.toml", "[print_schema]\nfile = 3\n");

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        scrub(&project, &run.fails()),
        "error: diesel.toml:2: invalid value for `file`: expected a path string, \
         found the integer 3\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists(), "the database was opened");
    assert!(!project.path().join("3").exists());
}

#[test]
fn malformed_dotenv() {
    let project = project();
    with_valid_first(&project);
    // A valid DATABASE_URL before the bad line must not be used: the whole file is refused.
    project.file(".env", "DATABASE_URL=test.db\nTHIS IS NOT VALID\n");

    let run = project.strata_raw(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: .env:2: cannot parse `THIS IS NOT VALID`; each line must be KEY=value, with \
         quotes around values that contain spaces (and every quote closed)\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists(), "the database was opened");
    assert!(!schema_rs_exists(&project));
}

#[test]
fn sqlite_file_in_a_missing_directory() {
    let project = project();
    with_valid_first(&project);

    let run = project.strata_raw(&["migration", "run", "--database-url", "no_such_dir/test.db"]);

    assert_eq!(
        run.fails(),
        "error: could not connect to no_such_dir/test.db: Unable to open the database file\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.path().join("no_such_dir").exists());
    assert!(!project.db().exists());
    assert!(!schema_rs_exists(&project));

    // The same with an absolute path, as DATABASE_URL often is.
    let url = project
        .path()
        .join("no_such_dir/test.db")
        .display()
        .to_string();
    let run = project.strata_raw(&["migration", "run", "--database-url", &url]);

    assert_eq!(
        scrub(&project, &run.fails()),
        "error: could not connect to <project>/no_such_dir/test.db: Unable to open the database \
         file\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.path().join("no_such_dir").exists());
    assert!(!schema_rs_exists(&project));
}

#[test]
fn unknown_url_scheme_hides_the_password() {
    let project = project();
    with_valid_first(&project);

    let run = project.strata_raw(&[
        "migration",
        "run",
        "--database-url",
        "redis://user:secret@localhost/0",
    ]);

    assert_eq!(
        run.fails(),
        "error: unsupported database URL scheme `redis://` in redis://user:***@localhost/0; \
         expected postgres://, postgresql://, mysql://, sqlite:// or a SQLite file path\n"
    );
    assert!(!run.stderr.contains("secret"), "password leaked: {run:#?}");
    assert!(!run.stdout.contains("secret"), "password leaked: {run:#?}");
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists());
    assert!(!schema_rs_exists(&project));
}

#[test]
fn no_database_url() {
    let project = project();
    with_valid_first(&project);

    let run = project.strata_raw(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: no database URL: pass --database-url, or set DATABASE_URL in the environment or \
         in a .env file (for example `DATABASE_URL=app.db` for SQLite)\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!project.db().exists());
    assert!(!schema_rs_exists(&project));
}

#[test]
fn usage_errors_exit_2() {
    let project = project();
    with_valid_first(&project);

    let run = project.strata(&["migration", "revert", "-n", "abc"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(
        run.stderr,
        "error: invalid value 'abc' for '--number <REVERT_NUMBER>': invalid digit found in string\n\
         \n\
         For more information, try '--help'.\n"
    );
    assert_eq!(run.stdout, "");

    let run = project.strata(&["migration", "frobnicate"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(
        run.stderr,
        "error: unrecognized subcommand 'frobnicate'\n\
         \n\
         Usage: strata migration [OPTIONS] <COMMAND>\n\
         \n\
         For more information, try '--help'.\n"
    );
    assert_eq!(run.stdout, "");

    // Nothing was even opened.
    assert!(!project.db().exists());
    assert!(!schema_rs_exists(&project));
}

fn database_setup_without_the_right_to_create_databases(backend: TestBackend) {
    let user_in_url = regex::Regex::new(r"//[^@]+@").unwrap();
    // A database on the server, and a user that may log in but not create databases.
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    let admin = project.database();
    let user = format!("strata_user_{}", std::process::id());
    let (create_user, drop_user) = match backend {
        TestBackend::Postgres => (
            format!("CREATE ROLE {user} LOGIN"),
            format!("DROP ROLE {user}"),
        ),
        _ => (
            format!("CREATE USER '{user}'@'%' IDENTIFIED BY 'secret'"),
            format!("DROP USER '{user}'@'%'"),
        ),
    };
    admin.execute(&create_user);
    let url = user_in_url
        .replace(admin.url(), format!("//{user}:secret@").as_str())
        .replace("strata_test_", "strata_new_");
    let name = url.rsplit('/').next().unwrap().to_owned();
    let run = project.strata_raw(&["database", "setup", "--database-url", &url]);
    admin.execute(&drop_user);

    let server_says = match backend {
        TestBackend::Postgres => "permission denied to create database".to_owned(),
        _ => format!("Access denied for user '{user}'@'%' to database '{name}'"),
    };
    assert_eq!(
        run.stdout,
        format!("Creating database: {name}\n"),
        "{run:#?}"
    );
    assert_eq!(
        run.fails(),
        format!(
            "error: failed creating database `{name}`: the user in the database URL may not \
                 create or drop databases; create it as an administrator, or grant the right \
                 (PostgreSQL: ALTER ROLE <user> CREATEDB; MySQL: GRANT ALL ON <database>.* TO \
                 <user>)\n  caused by: {server_says}\n"
        )
    );
    assert!(!schema_rs_exists(&project));
}

per_backend!(database_setup_without_the_right_to_create_databases:
    database_setup_without_the_right_to_create_databases_postgres => Postgres,
    database_setup_without_the_right_to_create_databases_mysql => Mysql,
);

#[test]
fn patch_file_that_no_longer_applies() {
    let project = project();
    project
        .file(
            "diesel.toml",
            "[print_schema]\nfile = \"src/schema.rs\"\npatch_file = \"schema.patch\"\n",
        )
        .file(
            "schema.patch",
            "--- a/src/schema.rs\n+++ b/src/schema.rs\n@@ -3,6 +3,6 @@\n diesel::table! {\n     \
             users (id) {\n         id -> Integer,\n-        email -> Text,\n+        email -> \
             Binary,\n     }\n }\n",
        )
        .file("src/schema.rs", "// the committed file\n")
        .migration(
            "2024-01-01-000000_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
            Some("DROP TABLE users;"),
        );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.fails(),
        "error: the database changes are made and recorded in the ledger \
         (2024-01-01-000000_users), but the schema file was not updated\n  caused by: \
         schema.patch: hunk #1 (`@@ -3,6 +3,6 @@`, line 3) no longer applies to the \
         generated schema: it expects these lines at line 3:\n  | diesel::table! {\n  |     \
         users (id) {\n  |         id -> Integer,\n  |         email -> Text,\n  |     }\n  | \
         }\nbut the generated schema has there:\n  | diesel::table! {\n  |     users (id) {\n  \
         |         id -> Integer,\n  |         name -> Text,\n  |     }\n  | }\nthe schema \
         changed under the patch; regenerate without patch_file, edit the result again, and \
         save a new diff\n"
    );
    // The migration itself ran; the schema file was left as it was.
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(project.read("src/schema.rs"), "// the committed file\n");

    // A file that is not a unified diff is reported before the database is read.
    project.file("schema.patch", "this is not a diff\n");
    assert_eq!(
        project.strata(&["print-schema"]).fails(),
        "error: schema.patch has no hunks (no `@@` lines): is it a unified diff?\n"
    );
}

#[test]
fn diff_schema_with_a_schema_file_that_does_not_parse() {
    let project = project();
    project.file(
        "src/schema.rs",
        "diesel::table! {\n    users (id) {\n        id -> ,\n    }\n}\n",
    );
    let run = project.strata(&["migration", "generate", "users", "--diff-schema"]);
    assert_eq!(
        run.fails(),
        "error: src/schema.rs: line 3: expected identifier\n"
    );
    // Nothing was created: no half-made migration directory.
    assert_eq!(
        std::fs::read_dir(project.path().join("migrations"))
            .unwrap()
            .count(),
        0
    );
}

fn wrong_password_is_refused_and_never_printed(backend: TestBackend) {
    // The local PostgreSQL trusts every connection, so only MySQL can refuse a password.
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    with_valid_first(&project);
    let url = project
        .db_url()
        .replacen("mysql://root@", "mysql://root:s3cret-pw@", 1);
    assert_ne!(url, project.db_url(), "the test URL has no root@ user");
    let run = project.strata_raw(&["migration", "run", "--database-url", &url]);
    let shown = url.replace("s3cret-pw", "***");
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {shown}: Access denied for user 'root'@'127.0.0.1' \
             (using password: YES)\n"
        )
    );
    assert!(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"));
    assert_eq!(project.tables(), Vec::<String>::new());
    assert!(!schema_rs_exists(&project));
}

per_backend!(wrong_password_is_refused_and_never_printed:
    wrong_password_is_refused_and_never_printed_mysql => Mysql,
);

fn read_only_database(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    with_valid_first(&project);
    project.strata(&["migration", "run"]).ok();
    let schema = project.read("src/schema.rs");
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE a;\n"),
    );
    let (url, message) = match backend {
        TestBackend::Sqlite => (
            format!("file:{}?mode=ro", project.db().display()),
            "attempt to write a readonly database".to_owned(),
        ),
        _ => {
            let name = project.db_url().rsplit('/').next().unwrap().to_owned();
            project.sql(&format!(
                "ALTER DATABASE \"{name}\" SET default_transaction_read_only = on"
            ));
            (
                project.db_url(),
                "cannot execute CREATE TABLE in a read-only transaction".to_owned(),
            )
        }
    };
    let run = project.strata_raw(&["migration", "run", "--database-url", &url]);
    assert_eq!(
        run.fails(),
        format!(
            "error: migration 2024-01-01-000000_a failed at \
                 migrations/2024-01-01-000000_a/up.sql:1: {message}\n  {ROLLED_BACK}\n"
        ),
        "{backend:?}"
    );
    assert_eq!(project.ledger(), ["20231231000000"]);
    assert_eq!(project.read("src/schema.rs"), schema);
}

per_backend!(read_only_database:
    read_only_database_sqlite => Sqlite,
    read_only_database_postgres => Postgres,
);

/// A full disk while schema.rs is written (simulated with a file size limit of 0, which
/// makes every write fail with EFBIG): the old file stays whole and the error says so.
fn disk_full_while_writing_schema_rs_leaves_the_old_file(backend: TestBackend) {
    // SQLite's own file could not be written either; a server database can.
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    with_valid_first(&project);
    project.strata(&["migration", "run"]).ok();
    let schema = project.read("src/schema.rs");
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE a;\n"),
    );
    let output = std::process::Command::new("bash")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 0; exec \"$0\" migration run --database-url \"$1\"",
            env!("CARGO_BIN_EXE_strata"),
            &project.db_url(),
        ])
        .current_dir(project.path())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let run = support::Run::from_output(output);
    assert_eq!(
        run.fails(),
        "error: the database changes are made and recorded in the ledger \
         (2024-01-01-000000_a), but the schema file was not updated\n  caused by: \
         cannot write src/schema.rs; the previous file was left unchanged (run the command \
         again once the problem is fixed)\n  caused by: File too large (os error 27)\n"
    );
    assert_eq!(run.stdout, "Running migration 2024-01-01-000000_a\n");
    assert_eq!(project.read("src/schema.rs"), schema);
    let leftovers: Vec<_> = std::fs::read_dir(project.path().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["schema.rs"], "a temporary file was left behind");
    // Once there is room again, the next run writes it.
    project.strata(&["migration", "run"]).ok();
    assert!(project.read("src/schema.rs").contains("a (id)"));
}

per_backend!(disk_full_while_writing_schema_rs_leaves_the_old_file:
    disk_full_while_writing_schema_rs_leaves_the_old_file_postgres => Postgres,
    disk_full_while_writing_schema_rs_leaves_the_old_file_mysql => Mysql,
);

#[test]
fn migration_dir_that_is_a_file() {
    let project = project();
    project.file("not_a_dir", "");
    let run = project.strata(&["migration", "run", "--migration-dir", "not_a_dir"]);
    assert_eq!(
        run.fails(),
        "error: not_a_dir is not a directory; --migration-dir must name a directory\n"
    );
    assert_database_untouched(&project);
}

#[test]
fn migration_directory_that_is_a_symlink_loop() {
    let project = project();
    with_valid_first(&project);
    let link = project.path().join("migrations/2024-01-01-000000_loop");
    std::os::unix::fs::symlink(&link, &link).unwrap();
    let run = project.strata(&["migration", "run"]);
    assert_eq!(
        run.fails(),
        "error: migrations/2024-01-01-000000_loop is a symbolic link that cannot be followed; \
         fix or remove it\n  caused by: Too many levels of symbolic links (os error 40)\n"
    );
    assert_database_untouched(&project);
}

/// On a database that exists, `migration run` reads the files while it connects and reads
/// the ledger. A mistake on disk must still be reported first, with the database as it was:
/// no ledger row, no history row, no table, on every backend.
fn mistake_on_disk_with_an_existing_database(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", SCHEMA_TOML);
    with_valid_first(&project);
    project.strata(&["migration", "run"]).ok();
    std::fs::remove_file(project.path().join("src/schema.rs")).unwrap();
    let ledger = project.ledger();
    let history = project.history();
    let tables = project.tables();

    // One mistake found while listing, two while reading (a missing up.sql, and a
    // pending migration's down.sql that is not UTF-8, read once there is work to do).
    let too_long_up = format!("migrations/{TOO_LONG}/up.sql");
    let too_long_message = format!(
        "error: migration directory migrations/{TOO_LONG} is badly named: the version is \
             longer than the ledger's 50 characters; name it <version>_<name>, as `strata \
             migration generate` does\n"
    );
    let cases: [(&str, &[u8], &str); 3] = [
        (
            &too_long_up,
            b"CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
            &too_long_message,
        ),
        (
            "migrations/2024-01-02-000000_b/down.sql",
            b"DROP TABLE b;\n",
            "error: migration directory migrations/2024-01-02-000000_b has no up.sql\n",
        ),
        (
            "migrations/2024-01-03-000000_c/down.sql",
            b"DROP TABLE c;\n\xff\n",
            "error: migrations/2024-01-03-000000_c/down.sql:2: the file is not valid \
                 UTF-8; save it as UTF-8\n",
        ),
    ];
    for (file, text, message) in cases {
        let dir = project.path().join(file).parent().unwrap().to_owned();
        project.file(file, text);
        if file.ends_with("_c/down.sql") {
            project.file(
                "migrations/2024-01-03-000000_c/up.sql",
                "CREATE TABLE c (id INTEGER PRIMARY KEY);\n",
            );
        }
        let run = project.strata(&["migration", "run"]);
        assert_eq!(scrub(&project, &run.fails()), message, "{backend:?} {file}");
        assert_eq!(project.ledger(), ledger, "{backend:?} {file}");
        assert_eq!(project.history(), history, "{backend:?} {file}");
        assert_eq!(project.tables(), tables, "{backend:?} {file}");
        assert!(!schema_rs_exists(&project), "{backend:?} {file}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

per_backend!(mistake_on_disk_with_an_existing_database:
    mistake_on_disk_with_an_existing_database_sqlite => Sqlite,
    mistake_on_disk_with_an_existing_database_postgres => Postgres,
    mistake_on_disk_with_an_existing_database_mysql => Mysql,
);

/// A run with nothing to do needs each migration's up.sql (its checksum) and metadata.toml,
/// not its down.sql: a down.sql that turned unreadable is reported by the command that
/// uses it.
#[test]
fn applied_down_sql_is_read_when_it_is_used() {
    let project = project();
    project.migration(
        "2024-01-01-000000_a",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE a;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    project.file(
        "migrations/2024-01-01-000000_a/down.sql",
        b"DROP TABLE a;\n\xff\n",
    );

    assert_eq!(project.strata(&["migration", "run"]).ok(), "");

    let revert = project.strata(&["migration", "revert"]);
    assert_eq!(
        revert.fails(),
        "error: migrations/2024-01-01-000000_a/down.sql:2: the file is not valid UTF-8; save \
         it as UTF-8\n"
    );
    assert_eq!(project.ledger(), ["20240101000000"]);

    // metadata.toml is still read by every run, as diesel_cli does.
    project.file(
        "migrations/2024-01-01-000000_a/metadata.toml",
        "run_in_transaction = maybe\n",
    );
    project.file("migrations/2024-01-01-000000_a/down.sql", "DROP TABLE a;\n");
    let run = project.strata(&["migration", "run"]);
    assert!(
        run.fails()
            .starts_with("error: migrations/2024-01-01-000000_a/metadata.toml"),
        "{}",
        run.stderr
    );
}

/// Connecting starts while the files are read; a mistake on disk still wins over a server
/// that cannot be reached, as it did when the files were read first.
#[test]
fn mistake_on_disk_and_a_server_that_is_not_running() {
    let project = project();
    with_valid_first(&project);
    project.file("migrations/2024-01-01-000000_a/down.sql", "DROP TABLE a;\n");
    for url in [
        "postgres://app@127.0.0.1:9/app",
        "mysql://app@127.0.0.1:9/app",
    ] {
        let run = project.strata_raw(&["migration", "run", "--database-url", url]);
        assert_eq!(
            run.fails(),
            "error: migration directory migrations/2024-01-01-000000_a has no up.sql\n",
            "{url}"
        );
    }
}

#[test]
fn generate_with_a_name_that_is_a_path() {
    let project = project();
    project.file("migrations/.keep", "");

    let run = project.strata(&["migration", "generate", "a/b"]);

    assert_eq!(
        run.fails(),
        "error: `a/b` cannot be a migration name: it must be non-empty and hold no path \
         separators\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_dir(project.path().join("migrations"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn diff_schema_with_no_schema_file_to_read() {
    let project = Project::new();
    project.file("diesel.toml", "[print_schema]\nwith_docs = true\n");
    project.file("migrations/.keep", "");

    let run = project.strata(&["migration", "generate", "a", "--diff-schema"]);

    assert_eq!(
        scrub(&project, &run.fails()),
        "error: --diff-schema needs a schema file: give one (--diff-schema=src/schema.rs) or \
         set `file` in the [print_schema] section of diesel.toml\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_dir(project.path().join("migrations"))
            .unwrap()
            .count(),
        1
    );
    assert!(!project.db().exists(), "the database was opened");
}
