//! `strata migration squash` and `strata migration baseline` on every backend: the
//! generated migration is proven in scratch databases before anything is written, a
//! database that applied the squashed versions adopts it without running it, one that
//! applied only some is refused, a fresh database gets the same schema and rows, and what
//! cannot be carried is named and refused.

#[macro_use]
mod support;

use std::path::Path;

use support::{Project, TestBackend};

/// `(directory, up.sql, down.sql)`.
type Fixture = [(&'static str, &'static str, &'static str)];

const SQLITE: &Fixture = &[
    (
        "2024-01-01-000000_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
    email TEXT, score REAL NOT NULL DEFAULT 0.5);
CREATE UNIQUE INDEX users_email ON users (email);
",
        "DROP TABLE users;\n",
    ),
    (
        "2024-01-02-000000_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT 'untitled', body BLOB);
CREATE INDEX posts_user ON posts (user_id);
CREATE VIEW titles AS SELECT title FROM posts;
CREATE TRIGGER posts_count AFTER INSERT ON posts
BEGIN UPDATE users SET score = score + 1 WHERE id = NEW.user_id; END;
",
        "DROP VIEW titles;\nDROP TABLE posts;\n",
    ),
    (
        "2024-01-03-000000_seed",
        "INSERT INTO users (name, email) VALUES ('ann', 'ann@example.com'), ('bob''s', NULL);
INSERT INTO posts (user_id, title, body) VALUES (1, 'hello', X'00FF'), (2, 'C:\\temp ''quoted''', NULL);
INSERT INTO users (name) VALUES ('temporary');
DELETE FROM users WHERE name = 'temporary';
",
        "DELETE FROM posts;\nDELETE FROM users;\n",
    ),
    (
        "2024-01-04-000000_bio",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
];

const POSTGRES: &Fixture = &[
    (
        "2024-01-01-000000_users",
        "CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE tickets;
CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE,
    mood mood NOT NULL DEFAULT 'happy', tags TEXT[] NOT NULL DEFAULT '{}');
COMMENT ON TABLE users IS 'People who write';
COMMENT ON COLUMN users.name IS 'Display name';
",
        "DROP TABLE users;\nDROP SEQUENCE tickets;\nDROP TYPE mood;\n",
    ),
    (
        "2024-01-02-000000_posts",
        "CREATE TABLE posts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title VARCHAR(100) NOT NULL CHECK (title <> ''), body BYTEA, score NUMERIC(10, 2),
    title_length INTEGER GENERATED ALWAYS AS (length(title)) STORED);
CREATE INDEX posts_scored ON posts (user_id) WHERE score IS NOT NULL;
CREATE VIEW titles AS SELECT title FROM posts;
CREATE FUNCTION count_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET tags = array_append(tags, 'writer') WHERE id = NEW.user_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER posts_count AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION count_post();
",
        "DROP VIEW titles;\nDROP TABLE posts;\nDROP FUNCTION count_post();\n",
    ),
    (
        "2024-01-03-000000_seed",
        "INSERT INTO users (name, email) VALUES ('ann', 'ann@example.com'), ('bob''s', NULL);
INSERT INTO posts (user_id, title, body, score) VALUES (1, 'hello', '\\x00ff', 1.5), (2, 'C:\\temp ''quoted''', NULL, NULL);
INSERT INTO users (name) VALUES ('temporary');
DELETE FROM users WHERE name = 'temporary';
SELECT setval('tickets', 500, false);
",
        "DELETE FROM posts;\nDELETE FROM users;\n",
    ),
    (
        "2024-01-04-000000_bio",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
];

const MYSQL: &Fixture = &[
    (
        "2024-01-01-000000_users",
        "CREATE TABLE users (id INTEGER AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
    email VARCHAR(200) UNIQUE, mood ENUM('happy', 'sad') NOT NULL DEFAULT 'happy',
    admin BIT(1) NOT NULL DEFAULT b'0', joined TIMESTAMP NULL)
    COMMENT = 'People who write';
",
        "DROP TABLE users;\n",
    ),
    (
        "2024-01-02-000000_posts",
        "CREATE TABLE posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id INTEGER NOT NULL,
    title VARCHAR(100) NOT NULL CHECK (title <> ''), body BLOB, score DECIMAL(10, 2),
    title_length INTEGER AS (CHAR_LENGTH(title)) STORED,
    CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);
CREATE INDEX posts_score ON posts (score);
CREATE VIEW titles AS SELECT title FROM posts;
CREATE TRIGGER posts_count AFTER INSERT ON posts FOR EACH ROW
    UPDATE users SET name = CONCAT(name, '+') WHERE id = NEW.user_id;
",
        "DROP VIEW titles;\nDROP TABLE posts;\n",
    ),
    (
        "2024-01-03-000000_seed",
        "INSERT INTO users (name, email, admin, joined)
    VALUES ('ann', 'ann@example.com', b'1', '2024-01-02 03:04:05'), ('bob''s', NULL, b'0', NULL);
INSERT INTO posts (user_id, title, body, score) VALUES (1, 'hello', X'00FF', 1.5), (2, 'C:\\\\temp ''quoted''', NULL, NULL);
INSERT INTO users (name) VALUES ('temporary');
DELETE FROM users WHERE name = 'temporary';
",
        "DELETE FROM posts;\nDELETE FROM users;\n",
    ),
    (
        "2024-01-04-000000_bio",
        "ALTER TABLE users ADD COLUMN bio TEXT;\n",
        "ALTER TABLE users DROP COLUMN bio;\n",
    ),
];

fn fixture(backend: TestBackend) -> &'static Fixture {
    match backend {
        TestBackend::Sqlite => SQLITE,
        TestBackend::Postgres => POSTGRES,
        TestBackend::Mysql => MYSQL,
    }
}

/// A project on `backend` with the fixture's first `count` migrations.
fn project(backend: TestBackend, count: usize) -> Project {
    let project = Project::on(backend);
    for (dir, up, down) in &fixture(backend)[..count] {
        project.migration(dir, up, Some(down));
    }
    project
}

/// The migration directories, sorted.
fn directories(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies the migrations of `from` into a new project on the same backend.
fn copy_of(from: &Project) -> Project {
    let to = Project::on(from.backend());
    for name in directories(from) {
        for file in ["up.sql", "down.sql", "metadata.toml"] {
            let path = from.path().join("migrations").join(&name).join(file);
            if path.exists() {
                to.file(
                    &format!("migrations/{name}/{file}"),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    to
}

/// Compares a generated file with its reviewed copy in `cli/tests/squash/`, or writes the
/// copy when STRATA_BLESS is set.
fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/squash")
        .join(name);
    if std::env::var_os("STRATA_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (STRATA_BLESS=1 writes it)", path.display()));
    assert_eq!(actual, expected, "{} differs", path.display());
}

/// The rows a test compares: users and posts, as text.
fn rows(project: &Project) -> Vec<String> {
    let (users, posts) = match project.backend() {
        TestBackend::Sqlite => (
            "SELECT id || ' ' || name || ' ' || score AS value FROM users ORDER BY id",
            "SELECT id || ' ' || title AS value FROM posts ORDER BY id",
        ),
        TestBackend::Postgres => (
            "SELECT id || ' ' || name || ' ' || array_to_string(tags, ',') AS value \
             FROM users ORDER BY id",
            "SELECT id || ' ' || title AS value FROM posts ORDER BY id",
        ),
        TestBackend::Mysql => (
            "SELECT CONCAT(id, ' ', name, ' ', admin + 0, ' ', IFNULL(joined, '-')) AS value \
             FROM users ORDER BY id",
            "SELECT CONCAT(id, ' ', title) AS value FROM posts ORDER BY id",
        ),
    };
    let mut rows = project.database().strings(users);
    rows.extend(project.database().strings(posts));
    rows
}

/// What `squash` without `--write` prints: the plan, then the proof.
fn plan(backend: TestBackend) -> &'static str {
    match backend {
        TestBackend::Sqlite => {
            "Squashing 3 migrations (2024-01-01-000000_users to 2024-01-03-000000_seed) into \
2024-01-03-000000_squashed:
  up.sql: 12 statements creating 2 tables, 8 columns, 2 primary keys, 1 foreign key, 2 \
indexes, 1 view, 1 trigger
  rows: 4 written by the migrations, carried as INSERTs:
    users: 2
    posts: 2
  counters: 2 statements setting them where they stand
  metadata.toml: replaces 3 versions; migrations after it, kept as they are: 1
Proven in scratch databases: up.sql gives the schema and rows of the 3 migrations, down.sql \
an empty database, and the migration after it passes `strata migration verify`
Nothing was written: run again with --write to replace the 3 directories by \
2024-01-03-000000_squashed
"
        }
        TestBackend::Postgres => {
            "Squashing 3 migrations (2024-01-01-000000_users to 2024-01-03-000000_seed) into \
2024-01-03-000000_squashed:
  up.sql: 26 statements creating 1 enum, 3 sequences, 2 tables, 11 columns, 2 primary \
keys, 1 unique constraint, 1 check constraint, 1 foreign key, 1 index, 1 view, 1 trigger
    and function `count_post()`
    and comment on `users`
    and comment on column `users.name`
  rows: 4 written by the migrations, carried as INSERTs:
    users: 2
    posts: 2
  counters: 3 statements setting them where they stand
  metadata.toml: replaces 3 versions; migrations after it, kept as they are: 1
Proven in scratch databases: up.sql gives the schema and rows of the 3 migrations, down.sql \
an empty database, and the migration after it passes `strata migration verify`
Nothing was written: run again with --write to replace the 3 directories by \
2024-01-03-000000_squashed
"
        }
        TestBackend::Mysql => {
            "Squashing 3 migrations (2024-01-01-000000_users to 2024-01-03-000000_seed) into \
2024-01-03-000000_squashed:
  up.sql: 19 statements creating 2 tables, 12 columns, 2 primary keys, 1 check \
constraint, 1 foreign key, 3 indexes, 1 view, 1 trigger
    and comment on `users`
  rows: 4 written by the migrations, carried as INSERTs:
    users: 2
    posts: 2
  counters: 2 statements setting them where they stand
  metadata.toml: replaces 3 versions; migrations after it, kept as they are: 1
Proven in scratch databases: up.sql gives the schema and rows of the 3 migrations, down.sql \
an empty database, and the migration after it passes `strata migration verify`
Nothing was written: run again with --write to replace the 3 directories by \
2024-01-03-000000_squashed
"
        }
    }
}

fn squash_is_proven_written_and_adopted(backend: TestBackend) {
    let project = project(backend, 4);
    project.strata(&["migration", "run"]).ok();
    let schema_before = project.strata(&["print-schema"]).ok().to_owned();
    let rows_before = rows(&project);

    // Without --write: the plan and the proof, and nothing changes on disk.
    let dry = project.strata(&["migration", "squash", "--up-to", "2024-01-03-000000_seed"]);
    assert_eq!(dry.ok(), plan(backend));
    assert_eq!(directories(&project).len(), 4);

    let written = project.strata(&[
        "migration",
        "squash",
        "--up-to",
        "20240103000000",
        "--write",
    ]);
    assert!(
        written.ok().ends_with(
            "Wrote migrations/2024-01-03-000000_squashed and removed the 3 directories it \
             replaces. A database that applied all of them records it as applied on its next \
             `strata migration run`, without running it.\n"
        ),
        "{written:#?}"
    );
    assert_eq!(
        directories(&project),
        ["2024-01-03-000000_squashed", "2024-01-04-000000_bio"]
    );
    let squashed = "migrations/2024-01-03-000000_squashed";
    assert_eq!(
        project.read(&format!("{squashed}/metadata.toml")),
        "# Written by `strata migration squash`: this migration replaces the versions below.\n\
         # A database that applied all of them records it as applied without running it.\n\
         replaces = [\n    \"20240101000000\",\n    \"20240102000000\",\n    \"20240103000000\",\n]\n"
    );
    let key = backend.key();
    assert_snapshot(
        &format!("{key}.up.sql"),
        &project.read(&format!("{squashed}/up.sql")),
    );
    assert_snapshot(
        &format!("{key}.down.sql"),
        &project.read(&format!("{squashed}/down.sql")),
    );

    // The database that applied the three adopts the squashed migration without running it.
    let adopted = project.strata(&["migration", "run"]);
    adopted.ok();
    assert_eq!(
        adopted.stderr,
        "Recorded 2024-01-03-000000_squashed as applied without running it: this database had \
         applied the 3 migrations it squashes, whose other 2 version(s) leave the ledger\n"
    );
    assert_eq!(project.ledger(), ["20240103000000", "20240104000000"]);
    assert_eq!(project.history(), ["20240103000000", "20240104000000"]);
    assert_eq!(rows(&project), rows_before);
    assert_eq!(project.strata(&["print-schema"]).ok(), schema_before);
    // Adopted once: the next run has nothing to do.
    let again = project.strata(&["migration", "run"]);
    assert_eq!((again.ok(), again.stderr.as_str()), ("", ""));
    project.strata(&["migration", "check"]).ok();

    // A new database gets the same schema and rows from the squashed migration.
    let fresh = copy_of(&project);
    fresh.strata(&["migration", "run"]).ok();
    assert_eq!(fresh.ledger(), ["20240103000000", "20240104000000"]);
    assert_eq!(fresh.strata(&["print-schema"]).ok(), schema_before);
    assert_eq!(rows(&fresh), rows_before);
    let verified = fresh.strata(&["migration", "verify", "--all"]);
    assert!(
        verified.ok().ends_with("2 verified: 2 passed, 0 failed\n"),
        "{verified:#?}"
    );
    // The counters stand where the original chain left them: past the deleted row's id,
    // and a sequence set back and not used since, where it was set.
    for database in [&project, &fresh] {
        if backend == TestBackend::Postgres {
            assert_eq!(
                database
                    .database()
                    .strings("SELECT nextval('tickets')::text AS value"),
                ["500"]
            );
        }
        database.sql("INSERT INTO users (name) VALUES ('next')");
        assert_eq!(
            database
                .database()
                .strings("SELECT name AS value FROM users WHERE id = 4"),
            ["next"],
            "{backend:?}"
        );
    }
}

per_backend!(squash_is_proven_written_and_adopted:
    squash_is_proven_written_and_adopted_sqlite => Sqlite,
    squash_is_proven_written_and_adopted_postgres => Postgres,
    squash_is_proven_written_and_adopted_mysql => Mysql,
);

fn a_partly_applied_database_is_refused(backend: TestBackend) {
    let project = project(backend, 2);
    project.strata(&["migration", "run"]).ok();
    for (dir, up, down) in &fixture(backend)[2..] {
        project.migration(dir, up, Some(down));
    }
    project
        .strata(&[
            "migration",
            "squash",
            "--up-to",
            "20240103000000",
            "--write",
        ])
        .ok();
    let refused = project.strata(&["migration", "run"]);
    assert_eq!(
        refused.fails(),
        "error: migration 2024-01-03-000000_squashed squashes 3 migrations, and this database \
         applied only some of them (applied: 20240101000000, 20240102000000; not applied: \
         20240103000000)\n  a squash must not split a deployed history: bring this database to \
         the squash's last version with the original migrations (from before the squash) \
         first, or squash only up to a version every database has applied\n"
    );
    assert_eq!(project.ledger(), ["20240101000000", "20240102000000"]);
    let status = project.strata(&["migration", "status"]);
    assert_eq!(status.code, 1, "{status:#?}");
}

per_backend!(a_partly_applied_database_is_refused:
    a_partly_applied_database_is_refused_sqlite => Sqlite,
    a_partly_applied_database_is_refused_postgres => Postgres,
    a_partly_applied_database_is_refused_mysql => Mysql,
);

/// A migration creating what a generated migration cannot carry, and how it is named.
fn uncarried(backend: TestBackend) -> (&'static str, &'static str, &'static str) {
    match backend {
        TestBackend::Sqlite => (
            "CREATE VIRTUAL TABLE places USING rtree(id, min_x, max_x);\n",
            "DROP TABLE places;\n",
            "virtual table `places`",
        ),
        TestBackend::Postgres => (
            "CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at);\n\
             ALTER TABLE users ENABLE ROW LEVEL SECURITY;\n\
             CREATE SCHEMA audit;\n",
            "DROP SCHEMA audit;\nDROP TABLE events;\n\
             ALTER TABLE users DISABLE ROW LEVEL SECURITY;\n",
            "partitioned table `events`, row level security on `users`, schema `audit`",
        ),
        TestBackend::Mysql => (
            "CREATE PROCEDURE touch_users() UPDATE users SET name = name;\n",
            "DROP PROCEDURE touch_users;\n",
            "procedure `touch_users`",
        ),
    }
}

fn what_cannot_be_carried_is_refused(backend: TestBackend) {
    let project = project(backend, 1);
    let (up, down, named) = uncarried(backend);
    project.migration("2024-01-05-000000_uncarried", up, Some(down));
    let refused = project.strata(&[
        "migration",
        "squash",
        "--up-to",
        "2024-01-05-000000_uncarried",
        "--write",
    ]);
    assert_eq!(
        refused.fails(),
        format!(
            "error: could not read the schema the migrations up to 2024-01-05-000000_uncarried \
             build\n  caused by: the schema holds objects a generated migration cannot carry: \
             {named}\n  write a migration for them by hand, or leave them out of the squash \
             (squash up to a version before they were created)\n"
        )
    );
    assert_eq!(
        directories(&project),
        ["2024-01-01-000000_users", "2024-01-05-000000_uncarried"]
    );
}

per_backend!(what_cannot_be_carried_is_refused:
    what_cannot_be_carried_is_refused_sqlite => Sqlite,
    what_cannot_be_carried_is_refused_postgres => Postgres,
    what_cannot_be_carried_is_refused_mysql => Mysql,
);

fn baseline_round_trips(backend: TestBackend) {
    // A database whose schema predates its migrations: the fixture's SQL, run by hand.
    let legacy = project(backend, 0);
    for (_, up, _) in &fixture(backend)[..3] {
        legacy.sql(up);
    }
    let schema = legacy.strata(&["print-schema"]).ok().to_owned();
    let rows_before = rows(&legacy);
    let baseline = legacy.strata(&["migration", "baseline", "--name", "initial"]);
    let out = baseline.ok();
    assert!(
        out.starts_with("Wrote migrations/") && out.contains("-0000_initial ("),
        "{baseline:#?}"
    );
    assert!(
        out.ends_with(&format!(
            "proven in a scratch database: it creates this schema, and its down.sql drops \
             it) and recorded it as applied in {}, without running it\n",
            legacy.db_url()
        )),
        "{baseline:#?}"
    );
    let dirs = directories(&legacy);
    assert_eq!(dirs.len(), 1);
    let version: String = dirs[0].split('_').next().unwrap().replace('-', "");
    assert_eq!(legacy.ledger(), std::slice::from_ref(&version));
    assert_eq!(rows(&legacy), rows_before, "the database keeps its rows");
    let run = legacy.strata(&["migration", "run"]);
    assert_eq!((run.ok(), run.stderr.as_str()), ("", ""));
    let verified = legacy.strata(&["migration", "verify", "--all"]);
    assert!(
        verified.ok().ends_with("1 verified: 1 passed, 0 failed\n"),
        "{verified:#?}"
    );

    // A new database built from the baseline has the same schema, and no rows.
    let fresh = copy_of(&legacy);
    fresh.strata(&["migration", "run"]).ok();
    assert_eq!(fresh.ledger(), [version]);
    assert_eq!(fresh.strata(&["print-schema"]).ok(), schema);
    assert_eq!(rows(&fresh), Vec::<String>::new());

    // A second baseline is refused: the project has a migration now.
    let again = legacy.strata(&["migration", "baseline"]);
    assert_eq!(
        again.fails(),
        "error: migrations already holds 1 migration(s): a baseline is the first migration of \
         a database that has none (to replace old migrations by one, use `strata migration \
         squash`)\n"
    );
}

per_backend!(baseline_round_trips:
    baseline_round_trips_sqlite => Sqlite,
    baseline_round_trips_postgres => Postgres,
    baseline_round_trips_mysql => Mysql,
);

/// A migration that may be applied out of order could be missing from a database that
/// applied the ones after it: the squash would be adopted without it, so it is refused.
#[test]
fn a_migration_applied_out_of_order_is_not_squashed() {
    let project = project(TestBackend::Sqlite, 3);
    project.file(
        "migrations/2024-01-02-000000_posts/metadata.toml",
        "allow_out_of_order = true\n",
    );
    let refused = project.strata(&["migration", "squash", "--up-to", "20240103000000"]);
    assert_eq!(
        refused.fails(),
        "error: 2024-01-02-000000_posts may be applied out of order (`allow_out_of_order = \
         true` in its metadata.toml): a database could have applied the migrations after it \
         but not it, and would record the squash as applied without it; squash up to a \
         version before it\n"
    );
    assert_eq!(directories(&project).len(), 3);
}
