//! What people and scripts read: `migration status`, `--format json` of `list`, `pending`
//! and `status` (the documented shapes), progress lines, and `--dry-run` scripts, which
//! must run in each backend's own client and leave the database exactly as a real run
//! would. Every test runs on every backend.

#[macro_use]
mod support;

use serde_json::{json, Value};
use support::{Project, TestBackend};

const USERS: &str = "2024-01-01-000000-0000_create_users";
const POSTS: &str = "2024-01-02-000000-0000_create_posts";
const TAGS: &str = "2024-01-03-000000-0000_create_tags";

fn project(backend: TestBackend) -> Project {
    let project = Project::on(backend);
    project
        .migration(
            USERS,
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL DEFAULT 'it''s');",
            Some("DROP TABLE users;"),
        )
        .migration(
            POSTS,
            "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY NOT NULL,\n  user_id INTEGER NOT NULL REFERENCES users (id)\n);\nCREATE INDEX posts_user_id ON posts (user_id) -- by author\n;",
            Some("DROP TABLE posts;"),
        )
        .migration(
            TAGS,
            "CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL, label VARCHAR(20) NOT NULL);",
            Some("DROP TABLE tags;"),
        );
    project
}

/// Times vary from run to run; everything else is compared exactly.
fn without_times(text: &str) -> String {
    let times = regex::Regex::new(r"\d+ ms|\d+\.\d\d s").unwrap();
    let stamps = regex::Regex::new(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{3}Z)?").unwrap();
    let text = times.replace_all(text, "<time>");
    stamps.replace_all(&text, "<stamp>").into_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn status_shows_every_migration_with_when_and_how_long(backend: TestBackend) {
    let sums = regex::Regex::new(r"sha256:[0-9a-f]{64}").unwrap();
    let project = project(backend);
    project.strata(&["migration", "run"]).ok();
    project.strata(&["migration", "revert"]).ok();
    // An applied migration edited afterwards, and a version whose directory is gone.
    project.file(
            &format!("migrations/{USERS}/up.sql"),
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL DEFAULT 'it''s'); -- edited",
        );
    project.sql("INSERT INTO __diesel_schema_migrations (version) VALUES ('20231231000000')");

    let status = project.strata(&["migration", "status"]);
    let shown = without_times(&sums.replace_all(status.ok(), "<sum>"));
    assert_eq!(
            shown,
            format!(
                "STATUS   MIGRATION                           APPLIED AT (UTC)    TOOK
missing  20231231000000                      -                   -
         applied, but no directory has this version; restore its directory; or, if it was undone some other way (or should stay), remove it from the ledger with `strata migration forget 20231231000000` (no down.sql was recorded for it)
edited   {USERS} <stamp> <time>
         up.sql changed since it was applied (<sum> -> <sum>); `strata migration accept 202401010000000000` if that was deliberate
applied  {POSTS} <stamp> <time>
pending  {TAGS}  -                   -
4 migrations: 3 applied, 1 pending, 2 need attention (`strata migration check` exits non-zero)
"
            ),
            "{backend:?}"
        );

    let report = json(
        project
            .strata(&["migration", "status", "--format", "json"])
            .ok(),
    );
    let rows = report["migrations"].as_array().unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r["name"].as_str().unwrap(), r["status"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        [
            ("20231231000000", "missing"),
            (USERS, "edited"),
            (POSTS, "applied"),
            (TAGS, "pending")
        ],
        "{backend:?}"
    );
    // Applied rows carry when and how long; others null.
    assert!(rows[2]["applied_at"].as_str().unwrap().ends_with('Z'));
    assert!(rows[2]["duration_ms"].is_i64());
    assert_eq!(rows[2]["version"], "202401020000000000");
    assert_eq!(rows[2]["detail"], Value::Null);
    assert_eq!(rows[3]["applied_at"], Value::Null);
    assert_eq!(rows[3]["duration_ms"], Value::Null);
    assert!(rows[1]["detail"]
        .as_str()
        .unwrap()
        .starts_with("up.sql changed since it was applied"));
    assert_eq!(
        (&report["applied"], &report["pending"], &report["problems"]),
        (&json!(3), &json!(1), &json!(2))
    );
}

per_backend!(status_shows_every_migration_with_when_and_how_long:
    status_shows_every_migration_with_when_and_how_long_sqlite => Sqlite,
    status_shows_every_migration_with_when_and_how_long_postgres => Postgres,
    status_shows_every_migration_with_when_and_how_long_mysql => Mysql,
);

fn list_and_pending_keep_diesels_text_and_have_json(backend: TestBackend) {
    let project = project(backend);
    project.strata(&["migration", "run"]).ok();
    project.strata(&["migration", "revert"]).ok();

    assert_eq!(
        project.strata(&["migration", "list"]).ok(),
        format!("Migrations:\n  [X] {USERS}\n  [X] {POSTS}\n  [ ] {TAGS}\n")
    );
    assert_eq!(
        json(
            project
                .strata(&["migration", "list", "--format", "json"])
                .ok()
        ),
        json!([
            {"version": "202401010000000000", "name": USERS, "applied": true},
            {"version": "202401020000000000", "name": POSTS, "applied": true},
            {"version": "202401030000000000", "name": TAGS, "applied": false},
        ]),
        "{backend:?}"
    );
    assert_eq!(project.strata(&["migration", "pending"]).ok(), "true\n");
    assert_eq!(
        json(
            project
                .strata(&["migration", "pending", "--format", "json"])
                .ok()
        ),
        json!({"pending": true, "migrations": [TAGS]})
    );
    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        json(
            project
                .strata(&["migration", "pending", "--format", "json"])
                .ok()
        ),
        json!({"pending": false, "migrations": []})
    );
}

per_backend!(list_and_pending_keep_diesels_text_and_have_json:
    list_and_pending_keep_diesels_text_and_have_json_sqlite => Sqlite,
    list_and_pending_keep_diesels_text_and_have_json_postgres => Postgres,
    list_and_pending_keep_diesels_text_and_have_json_mysql => Mysql,
);

fn each_migration_reports_its_time_on_stderr(backend: TestBackend) {
    let project = project(backend);
    let run = project.strata(&["migration", "run"]);
    assert_eq!(
        run.ok(),
        format!("Running migration {USERS}\nRunning migration {POSTS}\nRunning migration {TAGS}\n"),
        "stdout stays diesel_cli's: {backend:?}"
    );
    assert_eq!(
        without_times(&run.stderr),
        "  applied in <time>\n".repeat(3),
        "{backend:?}"
    );
    let revert = project.strata(&["migration", "revert", "-n", "2"]);
    assert_eq!(
        revert.ok(),
        format!("Rolling back migration {TAGS}\nRolling back migration {POSTS}\n")
    );
    assert_eq!(
        without_times(&revert.stderr),
        "  reverted in <time>\n".repeat(2)
    );
}

per_backend!(each_migration_reports_its_time_on_stderr:
    each_migration_reports_its_time_on_stderr_sqlite => Sqlite,
    each_migration_reports_its_time_on_stderr_postgres => Postgres,
    each_migration_reports_its_time_on_stderr_mysql => Mysql,
);

/// The ledger and history as a real run leaves them (times aside).
fn recorded(project: &Project) -> Vec<String> {
    let columns = [
        "version",
        "up_checksum",
        "COALESCE(down_checksum, '-')",
        "COALESCE(down_sql, '-')",
        "applied_order",
    ];
    let value = match project.backend() {
        TestBackend::Mysql => format!("CONCAT_WS(' ', {})", columns.join(", ")),
        _ => columns.join(" || ' ' || "),
    };
    project.database().strings(&format!(
        "SELECT {value} AS value FROM __strata_migrations ORDER BY applied_order"
    ))
}

/// A migration whose body holds `;` of its own: a trigger (and its function).
fn with_trigger(project: &Project) {
    let up = match project.backend() {
        TestBackend::Sqlite => {
            "CREATE TRIGGER tags_trim AFTER INSERT ON tags BEGIN\n  UPDATE tags SET label = trim(label) WHERE id = NEW.id;\nEND;"
        }
        TestBackend::Postgres => {
            "CREATE FUNCTION tags_trim() RETURNS trigger AS $$\nBEGIN\n  NEW.label := trim(NEW.label);\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nCREATE TRIGGER tags_trim BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION tags_trim();"
        }
        TestBackend::Mysql => {
            "CREATE TRIGGER tags_trim BEFORE INSERT ON tags FOR EACH ROW\nBEGIN\n  SET NEW.label = TRIM(NEW.label);\nEND;"
        }
    };
    let down = match project.backend() {
        TestBackend::Postgres => "DROP TRIGGER tags_trim ON tags;\nDROP FUNCTION tags_trim();",
        _ => "DROP TRIGGER tags_trim;",
    };
    project.migration("2024-01-04-000000-0000_trim_tags", up, Some(down));
}

fn dry_run_prints_a_script_the_native_client_runs_to_the_same_state(backend: TestBackend) {
    // The reference: a real run on one database...
    let real = project(backend);
    with_trigger(&real);
    real.strata(&["migration", "run"]).ok();

    // ...and the dry run's script, run by the database's own client, on another.
    let dry = project(backend);
    with_trigger(&dry);
    let run = dry.strata(&["migration", "run", "--dry-run"]);
    let script = run.ok().to_owned();
    assert_eq!(run.stderr, "", "a dry run prints nothing else: {backend:?}");
    assert_eq!(
        dry.tables(),
        Vec::<String>::new(),
        "a dry run changes nothing: {backend:?}"
    );
    let begin = if backend == TestBackend::Sqlite {
        "BEGIN IMMEDIATE;"
    } else {
        "BEGIN;"
    };
    let posts = script
        .split_once(&format!("-- {POSTS} (migrations/{POSTS}/up.sql)\n"))
        .unwrap_or_else(|| panic!("{script}"))
        .1;
    let posts = posts.split("\n\n").next().unwrap();
    assert!(
        posts.starts_with(&format!("{begin}\nCREATE TABLE posts (\n")),
        "{backend:?}: {posts}"
    );
    assert!(
            posts.contains("\n);\nCREATE INDEX posts_user_id ON posts (user_id) -- by author\n;\nINSERT INTO __diesel_schema_migrations (version) VALUES ('202401020000000000');\n"),
            "{backend:?}: {posts}"
        );
    assert!(posts.ends_with("\nCOMMIT;"), "{backend:?}: {posts}");

    let (ok, output) = dry.database().native_client(&script);
    assert!(
        ok,
        "{backend:?}: the client refused the script: {output}\n{script}"
    );
    assert_eq!(dry.tables(), real.tables(), "{backend:?}");
    assert_eq!(dry.ledger(), real.ledger(), "{backend:?}");
    assert_eq!(recorded(&dry), recorded(&real), "{backend:?}");
    // strata sees the script's work as its own: nothing pending, checksums match.
    assert_eq!(
        dry.strata(&["migration", "check"]).ok(),
        "clean: 4 migrations applied, none pending; schema files match the database\n",
        "{backend:?}"
    );

    // And back: revert --dry-run undoes it, through the client again.
    let revert = dry.strata(&["migration", "revert", "--all", "--dry-run"]);
    assert!(revert.ok().starts_with(
            "-- strata migration revert --dry-run: the SQL it would execute to revert 4 migration(s); nothing was changed\n"
        ));
    assert_eq!(dry.ledger().len(), 4, "{backend:?}: still applied");
    let (ok, output) = dry.database().native_client(revert.ok());
    assert!(ok, "{backend:?}: {output}");
    assert_eq!(dry.tables(), ["__diesel_schema_migrations"], "{backend:?}");
    assert_eq!(dry.history(), Vec::<String>::new());
}

per_backend!(dry_run_prints_a_script_the_native_client_runs_to_the_same_state:
    dry_run_prints_a_script_the_native_client_runs_to_the_same_state_sqlite => Sqlite,
    dry_run_prints_a_script_the_native_client_runs_to_the_same_state_postgres => Postgres,
    dry_run_prints_a_script_the_native_client_runs_to_the_same_state_mysql => Mysql,
);
