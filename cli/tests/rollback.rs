//! Rollbacks proven by schema snapshots: `migration verify` in a scratch database and the
//! comparing `migration redo`, on every backend. Each fixture's down.sql is wrong in one
//! way, and the report must name the object and what differs; correct migrations pass.

#[macro_use]
mod support;

use support::{Project, TestBackend};

/// Fixture migrations for one backend: `(directory, up.sql, down.sql)`.
type Fixture = [(&'static str, &'static str, &'static str)];

const SQLITE: &Fixture = &[
    (
        "2024-01-01-000000_base",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email TEXT);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_name_idx ON users (name);
CREATE TABLE posts (id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT 'empty');
CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);
",
        "DROP TABLE tags;\nDROP TABLE notes;\nDROP TABLE posts;\nDROP TABLE users;\n",
    ),
    (
        "2024-01-02-000000_forgets_an_index",
        "DROP INDEX IF EXISTS users_email_idx;\n",
        "-- the index is not re-created\n",
    ),
    (
        "2024-01-03-000000_forgets_a_default",
        "DROP TABLE notes;\n",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n",
    ),
    (
        "2024-01-04-000000_forgets_a_foreign_key_action",
        "DROP TABLE posts;\n",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id));\n",
    ),
    (
        "2024-01-05-000000_restores_another_type",
        "DROP TABLE tags;\n",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL);\n",
    ),
    (
        "2024-01-06-000000_drops_what_up_did_not_create",
        "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE audit;\nDROP INDEX users_name_idx;\n",
    ),
    (
        "2024-01-07-000000_empty_after_if_not_exists",
        "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT);\n",
        "-- nothing: the table may have been there before\n",
    ),
    (
        "2024-01-08-000000_add_column",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
    (
        "2024-01-09-000000_check_and_view",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty > 0));
CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 10;
CREATE TRIGGER orders_qty AFTER UPDATE ON orders BEGIN SELECT 1; END;
",
        "DROP VIEW big_orders;\nDROP TABLE orders;\n",
    ),
];

const SQLITE_REPORT: &str = "\
ok      2024-01-01-000000_base
FAILED  2024-01-02-000000_forgets_an_index
  migrations/2024-01-02-000000_forgets_an_index/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  index `users_email_idx` on `users(email)`: missing after down.sql, but present before up.sql
FAILED  2024-01-03-000000_forgets_a_default
  column `notes.body`: default 'empty' → none
FAILED  2024-01-04-000000_forgets_a_foreign_key_action
  foreign key `posts(user_id) → users(id)`: on delete cascade → no action
FAILED  2024-01-05-000000_restores_another_type
  column `tags.label`: type varchar(50) → varchar(40)
FAILED  2024-01-06-000000_drops_what_up_did_not_create
  index `users_name_idx` on `users(name)`: missing after down.sql, but present before up.sql
  index `users_name_idx` on `users(name)`: missing after up.sql ran again, but present after up.sql ran first
FAILED  2024-01-07-000000_empty_after_if_not_exists
  migrations/2024-01-07-000000_empty_after_if_not_exists/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  table `cache`: present after down.sql, but not before up.sql
ok      2024-01-08-000000_add_column
ok      2024-01-09-000000_check_and_view
9 verified: 3 passed, 6 failed
";

const POSTGRES: &Fixture = &[
    (
        "2024-01-01-000000_base",
        "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, email TEXT);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_name_idx ON users (name);
CREATE TABLE posts (id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE);
CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL DEFAULT 'empty');
CREATE TABLE tags (id SERIAL PRIMARY KEY, label VARCHAR(50) NOT NULL);
CREATE TYPE mood AS ENUM ('sad', 'ok');
",
        "DROP TABLE tags, notes, posts, users;\nDROP TYPE mood;\n",
    ),
    (
        "2024-01-02-000000_forgets_an_index",
        "DROP INDEX IF EXISTS users_email_idx;\n",
        "-- the index is not re-created\n",
    ),
    (
        "2024-01-03-000000_forgets_a_default",
        "ALTER TABLE notes ALTER COLUMN body DROP DEFAULT;\n",
        "-- the default is not restored\n",
    ),
    (
        "2024-01-04-000000_forgets_a_foreign_key_action",
        "ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;\n",
        "ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users (id);\n",
    ),
    (
        "2024-01-05-000000_restores_another_type",
        "ALTER TABLE tags ALTER COLUMN label TYPE VARCHAR(255);\n",
        "ALTER TABLE tags ALTER COLUMN label TYPE VARCHAR(40);\n",
    ),
    (
        "2024-01-06-000000_drops_what_up_did_not_create",
        "CREATE TABLE audit (id SERIAL PRIMARY KEY);\n",
        "DROP TABLE audit;\nDROP INDEX users_name_idx;\n",
    ),
    (
        "2024-01-07-000000_empty_after_if_not_exists",
        "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT);\n",
        "-- nothing: the table may have been there before\n",
    ),
    (
        "2024-01-08-000000_forgets_an_enum_value",
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n",
        "-- PostgreSQL cannot drop an enum value\n",
    ),
    (
        "2024-01-09-000000_add_column",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
    (
        "2024-01-10-000000_check_view_trigger_domain",
        "CREATE DOMAIN positive AS INTEGER CHECK (VALUE > 0);
CREATE TABLE orders (id SERIAL PRIMARY KEY, qty positive, CHECK (qty < 1000));
CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 10;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
",
        "DROP VIEW big_orders;\nDROP TABLE orders;\nDROP FUNCTION touch();\nDROP DOMAIN positive;\n",
    ),
];

const POSTGRES_REPORT: &str = "\
ok      2024-01-01-000000_base
FAILED  2024-01-02-000000_forgets_an_index
  migrations/2024-01-02-000000_forgets_an_index/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  index `users_email_idx` on `users(email)`: missing after down.sql, but present before up.sql
FAILED  2024-01-03-000000_forgets_a_default
  migrations/2024-01-03-000000_forgets_a_default/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  column `notes.body`: default 'empty'::text → none
FAILED  2024-01-04-000000_forgets_a_foreign_key_action
  foreign key `posts_user_id_fkey` on `posts`: definition FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE → FOREIGN KEY (user_id) REFERENCES users(id)
FAILED  2024-01-05-000000_restores_another_type
  column `tags.label`: type character varying(50) → character varying(40)
FAILED  2024-01-06-000000_drops_what_up_did_not_create
  index `users_name_idx` on `users(name)`: missing after down.sql, but present before up.sql
  index `users_name_idx` on `users(name)`: missing after up.sql ran again, but present after up.sql ran first
FAILED  2024-01-07-000000_empty_after_if_not_exists
  migrations/2024-01-07-000000_empty_after_if_not_exists/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  table `cache`: present after down.sql, but not before up.sql
FAILED  2024-01-08-000000_forgets_an_enum_value
  migrations/2024-01-08-000000_forgets_an_enum_value/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  enum `mood`: labels 'sad', 'ok' → 'sad', 'ok', 'happy'
ok      2024-01-09-000000_add_column
ok      2024-01-10-000000_check_view_trigger_domain
10 verified: 3 passed, 7 failed
";

const MYSQL: &Fixture = &[
    (
        "2024-01-01-000000_base",
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL,
    email VARCHAR(255));
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_name_idx ON users (name);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTO_INCREMENT, user_id INTEGER NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(100) NOT NULL DEFAULT 'empty');
CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);
",
        "DROP TABLE tags, notes, posts, users;\n",
    ),
    (
        "2024-01-02-000000_forgets_an_index",
        "DROP INDEX IF EXISTS users_email_idx ON users;\n",
        "-- the index is not re-created\n",
    ),
    (
        "2024-01-03-000000_forgets_a_default",
        "ALTER TABLE notes ALTER COLUMN body DROP DEFAULT;\n",
        "-- the default is not restored\n",
    ),
    (
        "2024-01-04-000000_forgets_a_foreign_key_action",
        "ALTER TABLE posts DROP FOREIGN KEY posts_ibfk_1;\n",
        "ALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users (id);\n",
    ),
    (
        "2024-01-05-000000_restores_another_type",
        "ALTER TABLE tags MODIFY label VARCHAR(255) NOT NULL;\n",
        "ALTER TABLE tags MODIFY label VARCHAR(40) NOT NULL;\n",
    ),
    (
        "2024-01-06-000000_drops_what_up_did_not_create",
        "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE audit;\nDROP INDEX users_name_idx ON users;\n",
    ),
    (
        "2024-01-07-000000_empty_after_if_not_exists",
        "CREATE TABLE IF NOT EXISTS cache (`key` VARCHAR(50) PRIMARY KEY, value TEXT);\n",
        "-- nothing: the table may have been there before\n",
    ),
    (
        "2024-01-08-000000_add_column",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
    (
        "2024-01-09-000000_check_view_trigger",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty > 0));
CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 10;
CREATE TRIGGER orders_qty BEFORE UPDATE ON orders FOR EACH ROW SET NEW.qty = NEW.qty;
",
        "DROP VIEW big_orders;\nDROP TABLE orders;\n",
    ),
];

const MYSQL_REPORT: &str = "\
ok      2024-01-01-000000_base
FAILED  2024-01-02-000000_forgets_an_index
  migrations/2024-01-02-000000_forgets_an_index/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  index `users_email_idx` on `users(email)`: missing after down.sql, but present before up.sql
FAILED  2024-01-03-000000_forgets_a_default
  migrations/2024-01-03-000000_forgets_a_default/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  column `notes.body`: default 'empty' → none
FAILED  2024-01-04-000000_forgets_a_foreign_key_action
  foreign key `posts(user_id) → users(id)`: on delete cascade → restrict
FAILED  2024-01-05-000000_restores_another_type
  column `tags.label`: type varchar(50) → varchar(40)
FAILED  2024-01-06-000000_drops_what_up_did_not_create
  index `users_name_idx` on `users(name)`: missing after down.sql, but present before up.sql
  index `users_name_idx` on `users(name)`: missing after up.sql ran again, but present after up.sql ran first
FAILED  2024-01-07-000000_empty_after_if_not_exists
  migrations/2024-01-07-000000_empty_after_if_not_exists/down.sql has no SQL statements, so it undoes nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml)
  table `cache`: present after down.sql, but not before up.sql
ok      2024-01-08-000000_add_column
ok      2024-01-09-000000_check_view_trigger
9 verified: 3 passed, 6 failed
";

fn fixture(backend: TestBackend) -> (&'static Fixture, &'static str) {
    match backend {
        TestBackend::Sqlite => (SQLITE, SQLITE_REPORT),
        TestBackend::Postgres => (POSTGRES, POSTGRES_REPORT),
        TestBackend::Mysql => (MYSQL, MYSQL_REPORT),
    }
}

fn project_with(backend: TestBackend, migrations: &Fixture) -> Project {
    let project = Project::on(backend);
    for (dir, up, down) in migrations {
        project.migration(dir, up, Some(down));
    }
    project
}

/// The verdicts, without the first line (which names the random scratch database).
fn verdicts(stdout: &str, count: usize) -> &str {
    let (first, rest) = stdout.split_once('\n').unwrap();
    assert!(
        first.starts_with(&format!(
            "Verifying {count} migration(s) in scratch database "
        )),
        "{first}"
    );
    rest
}

fn verify_names_every_wrong_down_sql_and_passes_correct_ones(backend: TestBackend) {
    let (migrations, report) = fixture(backend);
    let project = project_with(backend, migrations);
    let tables_before = project.tables();

    let run = project.strata(&["migration", "verify", "--all"]);
    assert_eq!(run.code, 1, "{backend:?}: {run:#?}");
    assert_eq!(
        verdicts(&run.stdout, migrations.len()),
        report,
        "{backend:?}"
    );
    assert_eq!(run.notes(), "", "{backend:?}");
    // The user's database was never touched: nothing applied, no ledger.
    assert_eq!(project.tables(), tables_before, "{backend:?}");
    assert_eq!(project.tables(), Vec::<String>::new(), "{backend:?}");
}

per_backend!(verify_names_every_wrong_down_sql_and_passes_correct_ones:
    verify_names_every_wrong_down_sql_and_passes_correct_ones_sqlite => Sqlite,
    verify_names_every_wrong_down_sql_and_passes_correct_ones_postgres => Postgres,
    verify_names_every_wrong_down_sql_and_passes_correct_ones_mysql => Mysql,
);

fn verify_selects_migrations_and_reports_json(backend: TestBackend) {
    let (migrations, _) = fixture(backend);
    let project = project_with(backend, migrations);

    // The newest migration by default (a correct one).
    let newest = project.strata(&["migration", "verify"]);
    assert_eq!(
        verdicts(newest.ok(), 1),
        format!(
            "ok      {}\n1 verified: 1 passed, 0 failed\n",
            migrations.last().unwrap().0
        ),
        "{backend:?}"
    );

    let json = project.strata(&[
        "migration",
        "verify",
        "2024-01-03-000000_forgets_a_default",
        "20240101000000",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 1, "{json:#?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["passed"], false);
    assert_eq!(value["verified"], 2);
    assert_eq!(value["failed"], 1, "{backend:?}");
    assert_eq!(value["migrations"][0]["version"], "20240101000000");
    assert_eq!(value["migrations"][0]["result"], "passed");
    let first = &value["migrations"][1];
    assert_eq!(first["name"], "2024-01-03-000000_forgets_a_default");
    assert_eq!(first["result"], "failed");
    let change = &first["after_down"][0];
    assert_eq!(change["change"], "changed", "{backend:?}");
    assert_eq!(change["kind"], "column");
    assert_eq!(change["table"], "notes");
    assert_eq!(change["name"], "body");
    assert_eq!(change["facts"][0]["fact"], "default");
    assert_eq!(change["facts"][0]["actual"], serde_json::Value::Null);

    let unknown = project.strata(&["migration", "verify", "20990101000000"]);
    assert_eq!(
        unknown.fails(),
        "error: no migration has the version 20990101000000; `strata migration list` shows them\n",
        "{backend:?}"
    );
}

per_backend!(verify_selects_migrations_and_reports_json:
    verify_selects_migrations_and_reports_json_sqlite => Sqlite,
    verify_selects_migrations_and_reports_json_postgres => Postgres,
    verify_selects_migrations_and_reports_json_mysql => Mysql,
);

/// A migration whose down.sql fails to run leaves the scratch database in a state no deploy
/// has; verify reports it and goes on with the next ones in a new scratch database.
fn verify_goes_on_past_a_migration_that_fails_to_run(backend: TestBackend) {
    let project = Project::on(backend);
    project
        .migration(
            "2024-01-01-000000_a",
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE a;\n"),
        )
        .migration(
            "2024-01-02-000000_b",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE nope;\n"),
        )
        .migration(
            "2024-01-03-000000_c",
            "CREATE TABLE c (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE c;\n"),
        )
        .migration(
            "2024-01-04-000000_d",
            "CREATE TABLE d (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE nope_either;\n"),
        );
    let run = project.strata(&["migration", "verify", "--all"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let out = verdicts(&run.stdout, 4);
    let (b, rest) = out
        .split_once(
            "\nVerifying the 2 migration(s) after 2024-01-02-000000_b in a new scratch database, ",
        )
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        b.starts_with(
            "ok      2024-01-01-000000_a\nERROR   2024-01-02-000000_b\n  migration \
             2024-01-02-000000_b failed at migrations/2024-01-02-000000_b/down.sql:1: "
        ),
        "{out}"
    );
    let (_, rest) = rest.split_once('\n').unwrap();
    assert!(
        rest.starts_with("ok      2024-01-03-000000_c\nERROR   2024-01-04-000000_d\n  migration 2024-01-04-000000_d failed at migrations/2024-01-04-000000_d/down.sql:1: "),
        "{out}"
    );
    assert!(out.ends_with("\n4 verified: 2 passed, 2 failed\n"), "{out}");
}

per_backend!(verify_goes_on_past_a_migration_that_fails_to_run:
    verify_goes_on_past_a_migration_that_fails_to_run_sqlite => Sqlite,
    verify_goes_on_past_a_migration_that_fails_to_run_postgres => Postgres,
    verify_goes_on_past_a_migration_that_fails_to_run_mysql => Mysql,
);

/// A migration before the selected ones that fails to apply is reported as what stops the
/// verification, not as a failed verdict of its own.
fn verify_names_a_failure_before_the_selected_migrations(backend: TestBackend) {
    let project = Project::on(backend);
    project
        .migration(
            "2024-01-01-000000_a",
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE a (id INTEGER);\n",
            Some("DROP TABLE a;\n"),
        )
        .migration(
            "2024-01-02-000000_b",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE b;\n"),
        );
    let run = project.strata(&["migration", "verify", "2024-01-02-000000_b"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let out = verdicts(&run.stdout, 1);
    assert!(
        out.starts_with(
            "ERROR   2024-01-01-000000_a\n  migration 2024-01-01-000000_a failed at \
             migrations/2024-01-01-000000_a/up.sql:2: "
        ),
        "{out}"
    );
    assert!(
        out.ends_with(
            " (it runs before the migrations being verified)\n0 verified: 0 passed, 0 \
             failed\n1 not verified: 2024-01-01-000000_a, which runs before them, failed to \
             apply\n"
        ),
        "{out}"
    );
    let json = project.strata(&[
        "migration",
        "verify",
        "2024-01-02-000000_b",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["verified"], 0);
    assert_eq!(report["migrations"][0]["result"], "blocked");
}

per_backend!(verify_names_a_failure_before_the_selected_migrations:
    verify_names_a_failure_before_the_selected_migrations_sqlite => Sqlite,
    verify_names_a_failure_before_the_selected_migrations_postgres => Postgres,
    verify_names_a_failure_before_the_selected_migrations_mysql => Mysql,
);

fn redo_fails_when_the_schema_comes_back_different(backend: TestBackend) {
    let project = Project::on(backend);
    let (index, drop_index) = match backend {
        TestBackend::Mysql => (
            "CREATE INDEX a_n_idx ON a (n);\n",
            "DROP TABLE b;\nDROP INDEX a_n_idx ON a;\n",
        ),
        _ => (
            "CREATE INDEX a_n_idx ON a (n);\n",
            "DROP TABLE b;\nDROP INDEX a_n_idx;\n",
        ),
    };
    project
        .migration(
            "2024-01-01-000000_a",
            &format!("CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER);\n{index}"),
            Some("DROP TABLE a;\n"),
        )
        .migration(
            "2024-01-02-000000_b",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
            Some(drop_index),
        );
    project.strata(&["migration", "run"]).ok();

    let redo = project.strata(&["migration", "redo"]);
    // Where DDL rolls back, the redo is one transaction and the failed check undoes all
    // of it; on MySQL it says so first, and what it left afterwards.
    let (warning, outcome, summary) = match backend {
        TestBackend::Mysql => (
            MYSQL_REDO_WARNING,
            "the database is left as down.sql and up.sql made it, and the ledger records \
                 every redone migration as applied",
            "\n  the redo could not be rolled back as a whole; reverted and applied again: \
                 2024-01-02-000000_b",
        ),
        _ => (
            "",
            "the whole redo was rolled back: nothing changed (the schema, the data and the \
                 ledger are as they were before the command)",
            "",
        ),
    };
    assert_eq!(
        redo.fails(),
        format!(
            "{warning}error: the schema after `migration redo` differs from the schema \
                 before it (redone: 2024-01-02-000000_b):\n  index `a_n_idx` on `a(n)`: missing \
                 after redo, but present before redo\n  {outcome}\n  fix the down.sql that \
                 does not undo its up.sql, and prove it with `strata migration verify`; \
                 `--no-verify` skips this check{summary}\n"
        ),
        "{backend:?}"
    );
    assert_eq!(
        redo.stdout,
        "Rolling back migration 2024-01-02-000000_b\nRunning migration 2024-01-02-000000_b\n"
    );
    if backend == TestBackend::Mysql {
        // diesel_cli's behaviour on request.
        project.sql(index);
    }
    project.strata(&["migration", "redo", "--no-verify"]).ok();

    // A correct down.sql passes, and redo -n 2 spans both.
    project.file("migrations/2024-01-02-000000_b/down.sql", "DROP TABLE b;\n");
    project.sql(index);
    let redo = project.strata(&["migration", "redo", "-n", "2"]);
    assert_eq!(
        redo.ok(),
        "Rolling back migration 2024-01-02-000000_b\nRolling back migration \
             2024-01-01-000000_a\nRunning migration 2024-01-01-000000_a\nRunning migration \
             2024-01-02-000000_b\n",
        "{backend:?}"
    );
    let warning = if backend == TestBackend::Mysql {
        MYSQL_REDO_WARNING
    } else {
        ""
    };
    assert_eq!(redo.notes(), warning, "{backend:?}");
}

per_backend!(redo_fails_when_the_schema_comes_back_different:
    redo_fails_when_the_schema_comes_back_different_sqlite => Sqlite,
    redo_fails_when_the_schema_comes_back_different_postgres => Postgres,
    redo_fails_when_the_schema_comes_back_different_mysql => Mysql,
);

/// What a redo on MySQL says before it starts.
const MYSQL_REDO_WARNING: &str = "warning: MySQL commits schema changes at once, so this redo \
     cannot be undone as a whole if it fails: each migration is reverted and applied again step \
     by step, and a failure says what each was left as\n";

#[test]
fn names_the_database_made_up_never_show_as_differences() {
    // SQLite names the index behind each UNIQUE by position (sqlite_autoindex_t_1, _2);
    // re-creating the table with its constraints in another order swaps them. The columns
    // come back in another order too, which is a warning, not a failure.
    let project = Project::new();
    project
        .migration(
            "2024-01-01-000000_t",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT UNIQUE);\n",
            Some("DROP TABLE t;\n"),
        )
        .migration(
            "2024-01-02-000000_rebuild",
            "DROP TABLE t;\n",
            Some("CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT UNIQUE, a TEXT UNIQUE);\n"),
        );
    let run = project.strata(&["migration", "verify", "--all"]);
    assert_eq!(
        verdicts(run.ok(), 2),
        "ok      2024-01-01-000000_t\nok      2024-01-02-000000_rebuild\n  warning: table `t`: \
         column order (id, a, b) → (id, b, a); harmless to the database, but it changes the \
         order of `table!` in schema.rs\n2 verified: 2 passed, 0 failed\n"
    );
}

#[test]
fn the_example_apps_migrations_pass_verify() {
    let project = Project::new();
    let migrations = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
    let run = project.strata(&[
        "migration",
        "verify",
        "--all",
        "--migration-dir",
        migrations,
    ]);
    let out = run.ok();
    assert!(out.ends_with(" passed, 0 failed\n"), "{out}");
    assert!(!out.contains("FAILED"), "{out}");
}

/// Migrations whose down.sql is generated: create/drop table, add/drop column, add/drop
/// index, add/drop foreign key, rename column, change type. `(directory, up.sql)`.
fn generated_fixture(backend: TestBackend) -> Vec<(&'static str, &'static str)> {
    let common_tail = [
        (
            "2024-02-09-000000_drop_index",
            "DROP INDEX users_email_idx;\n",
        ),
        (
            "2024-02-10-000000_drop_column",
            "ALTER TABLE users DROP COLUMN bio;\n",
        ),
        ("2024-02-11-000000_drop_table", "DROP TABLE comments;\n"),
    ];
    let mut migrations = match backend {
        TestBackend::Sqlite => vec![
            (
                "2024-02-01-000000_create_tables",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL DEFAULT '');
CREATE INDEX posts_user_idx ON posts (user_id);
",
            ),
            ("2024-02-02-000000_add_column", "ALTER TABLE users ADD COLUMN bio TEXT;\n"),
            ("2024-02-03-000000_add_index", "CREATE INDEX users_email_idx ON users (email);\n"),
            (
                "2024-02-04-000000_create_comments",
                "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL);\n",
            ),
            (
                "2024-02-05-000000_add_foreign_key",
                "CREATE TABLE comments_new (id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE);
INSERT INTO comments_new SELECT * FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
",
            ),
            (
                "2024-02-06-000000_rename_column",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
            ),
            (
                "2024-02-07-000000_change_type",
                "CREATE TABLE posts_new (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(200) NOT NULL DEFAULT '');
INSERT INTO posts_new SELECT * FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
CREATE INDEX posts_user_idx ON posts (user_id);
",
            ),
            (
                "2024-02-08-000000_drop_foreign_key",
                "CREATE TABLE comments_new (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL);
INSERT INTO comments_new SELECT * FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
",
            ),
        ],
        TestBackend::Postgres => vec![
            (
                "2024-02-01-000000_create_tables",
                "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, email TEXT);
CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL DEFAULT '');
CREATE INDEX posts_user_idx ON posts (user_id);
",
            ),
            ("2024-02-02-000000_add_column", "ALTER TABLE users ADD COLUMN bio TEXT;\n"),
            ("2024-02-03-000000_add_index", "CREATE INDEX users_email_idx ON users (email);\n"),
            (
                "2024-02-04-000000_create_comments",
                "CREATE TABLE comments (id SERIAL PRIMARY KEY, post_id INTEGER NOT NULL);\n",
            ),
            (
                "2024-02-05-000000_add_foreign_key",
                "ALTER TABLE comments ADD CONSTRAINT comments_post_fk
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;\n",
            ),
            (
                "2024-02-06-000000_rename_column",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
            ),
            (
                "2024-02-07-000000_change_type",
                "ALTER TABLE posts ALTER COLUMN title TYPE VARCHAR(200);\n",
            ),
            (
                "2024-02-08-000000_drop_foreign_key",
                "ALTER TABLE comments DROP CONSTRAINT comments_post_fk;\n",
            ),
        ],
        TestBackend::Mysql => vec![
            (
                "2024-02-01-000000_create_tables",
                "CREATE TABLE users (id INTEGER PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL,
    email VARCHAR(255));
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTO_INCREMENT, user_id INTEGER NOT NULL,
    title VARCHAR(100) NOT NULL DEFAULT '', FOREIGN KEY (user_id) REFERENCES users (id));
CREATE INDEX posts_title_idx ON posts (title);
",
            ),
            ("2024-02-02-000000_add_column", "ALTER TABLE users ADD COLUMN bio TEXT;\n"),
            ("2024-02-03-000000_add_index", "CREATE INDEX users_email_idx ON users (email);\n"),
            (
                "2024-02-04-000000_create_comments",
                "CREATE TABLE comments (id INTEGER PRIMARY KEY AUTO_INCREMENT, post_id INTEGER NOT NULL);\n",
            ),
            (
                "2024-02-05-000000_add_foreign_key",
                "ALTER TABLE comments ADD CONSTRAINT comments_post_fk
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;\n",
            ),
            (
                "2024-02-06-000000_rename_column",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
            ),
            (
                "2024-02-07-000000_change_type",
                "ALTER TABLE posts MODIFY title VARCHAR(200) NOT NULL DEFAULT '';\n",
            ),
            (
                "2024-02-08-000000_drop_foreign_key",
                "ALTER TABLE comments DROP FOREIGN KEY comments_post_fk;\n",
            ),
        ],
    };
    for (dir, up) in common_tail {
        let up = if backend == TestBackend::Mysql && dir.ends_with("drop_index") {
            "DROP INDEX users_email_idx ON users;\n"
        } else {
            up
        };
        migrations.push((dir, up));
    }
    migrations
}

fn generated_down_sql_passes_verify_for_every_kind_of_change(backend: TestBackend) {
    let project = Project::on(backend);
    let migrations = generated_fixture(backend);
    for (dir, up) in &migrations {
        project.migration(dir, up, Some("-- replaced by migration down-sql\n"));
    }
    for (dir, _) in &migrations {
        let name = dir.split_once('_').unwrap().1;
        let run = project.strata(&["migration", "down-sql", name, "--write"]);
        let out = run.ok();
        assert!(
            out.starts_with(&format!("Wrote migrations/{dir}/down.sql (")),
            "{backend:?} {dir}: {run:#?}"
        );
    }
    let rename = project.read("migrations/2024-02-06-000000_rename_column/down.sql");
    let quote = if backend == TestBackend::Mysql {
        '`'
    } else {
        '"'
    };
    assert_eq!(
        rename,
        format!(
            "-- Generated by `strata migration down-sql` from the schema before and after \
                 up.sql.\nALTER TABLE {quote}users{quote} RENAME COLUMN {quote}full_name{quote} \
                 TO {quote}name{quote};\n"
        ),
        "{backend:?}"
    );
    let dropped = project.read("migrations/2024-02-11-000000_drop_table/down.sql");
    assert!(
        dropped.contains(
            "-- WARNING: up.sql dropped table `comments`; this re-creates it empty: its \
                 rows cannot be restored\n"
        ),
        "{backend:?}: {dropped}"
    );

    let run = project.strata(&["migration", "verify", "--all"]);
    let out = verdicts(run.ok(), migrations.len());
    assert!(
        out.ends_with(&format!(
            "{0} verified: {0} passed, 0 failed\n",
            migrations.len()
        )),
        "{backend:?}: {out}"
    );
    // Only scratch databases were used.
    assert_eq!(project.tables(), Vec::<String>::new(), "{backend:?}");
}

per_backend!(generated_down_sql_passes_verify_for_every_kind_of_change:
    generated_down_sql_passes_verify_for_every_kind_of_change_sqlite => Sqlite,
    generated_down_sql_passes_verify_for_every_kind_of_change_postgres => Postgres,
    generated_down_sql_passes_verify_for_every_kind_of_change_mysql => Mysql,
);

/// A deployment that creates an extension and sets a database setting outside the
/// migrations: the scratch database gets both, so the migrations run there as on the real
/// database, and an extension a migration creates itself is left to that migration.
#[test]
fn verify_gives_the_scratch_database_what_the_deployment_made() {
    if !support::backends().contains(&TestBackend::Postgres) {
        return;
    }
    let project = Project::on(TestBackend::Postgres);
    let database = project.db_url().rsplit('/').next().unwrap().to_owned();
    project.sql("CREATE EXTENSION pg_trgm");
    project.sql("CREATE EXTENSION citext");
    project.sql(&format!(
        "ALTER DATABASE \"{database}\" SET app.mode = 'strict'"
    ));
    project
        .migration(
            "2024-01-01-000000_words",
            "CREATE TABLE words (w TEXT NOT NULL);\n\
             CREATE INDEX words_trgm ON words USING gin (w gin_trgm_ops);\n\
             DO $$ BEGIN\n\
               IF current_setting('app.mode', true) IS DISTINCT FROM 'strict' THEN\n\
                 RAISE EXCEPTION 'app.mode is not strict';\n\
               END IF;\n\
             END $$;\n",
            Some("DROP TABLE words;\n"),
        )
        .migration(
            "2024-01-02-000000_citext",
            "CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE emails (e citext);\n",
            Some("DROP TABLE emails;\nDROP EXTENSION citext;\n"),
        );
    let run = project.strata(&["migration", "verify", "--all"]);
    assert_eq!(
        verdicts(run.ok(), 2),
        "ok      2024-01-01-000000_words\nok      2024-01-02-000000_citext\n2 verified: 2 passed, 0 failed\n"
    );
}

/// PostgreSQL folds `'now'` into a constant when it creates a view: the view made again by
/// a redo a moment later reads differently, and that is not a fault of its down.sql.
#[test]
fn a_view_with_a_folded_now_is_not_a_difference() {
    if !support::backends().contains(&TestBackend::Postgres) {
        return;
    }
    let project = Project::on(TestBackend::Postgres);
    project.migration(
        "2024-01-01-000000_recent",
        "CREATE TABLE events (at TIMESTAMPTZ NOT NULL, day DATE NOT NULL);\n\
         CREATE VIEW recent AS SELECT * FROM events\n\
           WHERE at > 'now'::timestamptz - interval '1 day' AND day >= 'today'::date;\n",
        Some("DROP VIEW recent;\nDROP TABLE events;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    std::thread::sleep(std::time::Duration::from_millis(20));
    project.strata(&["migration", "redo"]).ok();
    let run = project.strata(&["migration", "verify"]);
    assert_eq!(
        verdicts(run.ok(), 1),
        "ok      2024-01-01-000000_recent\n1 verified: 1 passed, 0 failed\n"
    );
}

/// PostgreSQL 18's virtual generated columns: a down.sql generated for dropping one puts it
/// back as virtual, and verify proves it. Runs where the server is 18 or later (the CI pass
/// on PostgreSQL 18); the server's version decides, not the test's configuration.
#[test]
fn virtual_generated_columns_come_back_virtual() {
    if !support::backends().contains(&TestBackend::Postgres) {
        return;
    }
    let project = Project::on(TestBackend::Postgres);
    let version = project
        .database()
        .strings("SELECT current_setting('server_version_num') AS value");
    if version[0].parse::<u32>().unwrap() < 180_000 {
        return;
    }
    project
        .migration(
            "2024-01-01-000000_prices",
            "CREATE TABLE prices (net INTEGER NOT NULL, \
             gross INTEGER GENERATED ALWAYS AS (net * 2) VIRTUAL);\n",
            Some("DROP TABLE prices;\n"),
        )
        .migration(
            "2024-01-02-000000_drop_gross",
            "ALTER TABLE prices DROP COLUMN gross;\n",
            Some("-- replaced by migration down-sql\n"),
        );
    let run = project.strata(&["migration", "down-sql", "drop_gross", "--write"]);
    run.ok();
    assert_eq!(
        project.read("migrations/2024-01-02-000000_drop_gross/down.sql"),
        "-- Generated by `strata migration down-sql` from the schema before and after \
         up.sql.\nALTER TABLE \"prices\" ADD COLUMN \"gross\" integer GENERATED ALWAYS AS \
         ((net * 2)) VIRTUAL;\n"
    );
    let verify = project.strata(&["migration", "verify", "--all"]);
    assert_eq!(
        verdicts(verify.ok(), 2),
        "ok      2024-01-01-000000_prices\nok      2024-01-02-000000_drop_gross\n2 verified: 2 passed, 0 failed\n"
    );
}

/// A table or view that up.sql drops comes back from the generated down.sql as it was: an
/// identity column's sequence is created by its table (not by a statement of its own, which
/// would leave the table a second one), and a MySQL view's definition names its tables
/// without the scratch database's name.
fn down_sql_recreates_identity_tables_and_views(backend: TestBackend) {
    let project = Project::on(backend);
    let (create, drop) = match backend {
        TestBackend::Sqlite => (
            "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL);
CREATE VIEW kinds AS SELECT kind FROM events;\n",
            "DROP VIEW kinds;\nDROP TABLE events;\n",
        ),
        TestBackend::Postgres => (
            "CREATE TABLE events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL);
CREATE VIEW kinds AS SELECT kind FROM events;\n",
            "DROP VIEW kinds;\nDROP TABLE events;\n",
        ),
        TestBackend::Mysql => (
            "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(20) NOT NULL);
CREATE VIEW kinds AS SELECT kind FROM events;\n",
            "DROP VIEW kinds;\nDROP TABLE events;\n",
        ),
    };
    project.migration("2024-03-01-000000_create", create, Some(drop));
    project.migration("2024-03-02-000000_drop", drop, Some("-- generated\n"));
    let run = project.strata(&["migration", "down-sql", "drop", "--write"]);
    assert!(
        run.ok()
            .starts_with("Wrote migrations/2024-03-02-000000_drop/down.sql ("),
        "{run:#?}"
    );
    let down = project.read("migrations/2024-03-02-000000_drop/down.sql");
    assert!(!down.contains("strata_scratch"), "{down}");
    let verified = project.strata(&["migration", "verify", "--all"]);
    assert!(
        verified.ok().ends_with("2 verified: 2 passed, 0 failed\n"),
        "{verified:#?}"
    );
}

per_backend!(down_sql_recreates_identity_tables_and_views:
    down_sql_recreates_identity_tables_and_views_sqlite => Sqlite,
    down_sql_recreates_identity_tables_and_views_postgres => Postgres,
    down_sql_recreates_identity_tables_and_views_mysql => Mysql,
);
