//! Integrity: checksums of applied migrations, missing and failed migrations, out-of-order
//! versions, adoption of diesel_cli's rows, all-or-nothing runs, and the read-only
//! `migration check` gate. Every test runs the real binary on each backend and checks exact
//! output, exit codes, and what the database holds afterwards.

#[macro_use]
mod support;

use strata::migrate::checksum::Checksum;
use support::{Project, TestBackend};

const A: &str = "2024-01-01-000000_a";
const B: &str = "2024-01-02-000000_b";
const C: &str = "2024-01-03-000000_c";
const A_UP: &str = "CREATE TABLE a (id INTEGER PRIMARY KEY);\n";
const B_UP: &str = "CREATE TABLE b (id INTEGER PRIMARY KEY);\n";
const C_UP: &str = "CREATE TABLE c (id INTEGER PRIMARY KEY);\n";

fn with_abc(project: &Project, names: &[&str]) {
    for &name in names {
        let (up, down) = match name {
            A => (A_UP, "DROP TABLE a;\n"),
            B => (B_UP, "DROP TABLE b;\n"),
            C => (C_UP, "DROP TABLE c;\n"),
            other => panic!("{other}"),
        };
        project.migration(name, up, Some(down));
    }
}

fn an_edited_applied_migration_stops_the_run_until_accepted(backend: TestBackend) {
    let project = Project::on(backend);
    with_abc(&project, &[A, B]);
    project.strata(&["migration", "run"]).ok();

    let edited = "CREATE TABLE a (id INTEGER PRIMARY KEY); -- reviewed\n";
    project.file(&format!("migrations/{A}/up.sql"), edited);
    with_abc(&project, &[C]);
    let run = project.strata(&["migration", "run"]);
    let (old, new) = (Checksum::of(A_UP), Checksum::of(edited));
    assert_eq!(
        run.fails(),
        format!(
            "error: migration {A} was edited after it was applied: migrations/{A}/up.sql now \
                 has checksum {new}, but the applied one had {old}\n  undo the edit and put the \
                 change in a new migration; or, if the edit is deliberate and the database \
                 already matches it, record it with `strata migration accept 20240101000000`\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations", "a", "b"],
        "{backend:?}"
    );

    let check = project.strata(&["migration", "check"]);
    assert_eq!(check.code, 5, "{check:#?}");
    assert_eq!(
        check.stdout,
        format!(
            "edited:  {A} was edited after it was applied (migrations/{A}/up.sql: applied \
                 {old}, now {new})\npending: {C}\n"
        )
    );

    let accept = project.strata(&["migration", "accept", "20240101000000"]);
    assert_eq!(
        accept.ok(),
        format!("Accepted the edit of 20240101000000: {old} -> {new}\n")
    );
    assert_eq!(
        project.database().strings(
            "SELECT CONCAT(version, ' ', old_checksum, ' ', new_checksum) AS value \
                 FROM __strata_accepted_edits"
        ),
        [format!("20240101000000 {old} {new}")]
    );
    assert_eq!(
        project.strata(&["migration", "run"]).ok(),
        format!("Running migration {C}\n")
    );
    assert_eq!(
        project.history(),
        ["20240101000000", "20240102000000", "20240103000000"]
    );

    // Line ends and a byte-order mark are not edits.
    let crlf = format!("\u{feff}{}", B_UP.replace('\n', "\r\n"));
    project.file(&format!("migrations/{B}/up.sql"), crlf);
    let check = project.strata(&["migration", "check"]);
    assert_eq!(
        check.ok(),
        "clean: 3 migrations applied, none pending; schema files match the database\n"
    );
}

per_backend!(an_edited_applied_migration_stops_the_run_until_accepted:
    an_edited_applied_migration_stops_the_run_until_accepted_sqlite => Sqlite,
    an_edited_applied_migration_stops_the_run_until_accepted_postgres => Postgres,
    an_edited_applied_migration_stops_the_run_until_accepted_mysql => Mysql,
);

fn an_applied_migration_whose_directory_is_gone(backend: TestBackend) {
    let project = Project::on(backend);
    with_abc(&project, &[A, B]);
    project.strata(&["migration", "run"]).ok();
    std::fs::remove_dir_all(project.path().join("migrations").join(B)).unwrap();
    with_abc(&project, &[C]);

    let missing = "error: migration version 20240102000000 is recorded as applied, but no \
                       directory in migrations has that version\n  restore its directory; or \
                       revert it with the down.sql recorded when it was applied: `strata \
                       migration revert --missing`; or, if it was undone some other way, \
                       remove it from the ledger with `strata migration forget \
                       20240102000000`\n";
    let run = project.strata(&["migration", "run"]);
    assert_eq!(run.fails(), missing);
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "a", "b"]);
    let check = project.strata(&["migration", "check"]);
    assert_eq!(check.code, 6);
    assert_eq!(
        check.stdout,
        format!("missing: 20240102000000 is applied but has no directory\npending: {C}\n")
    );
    assert_eq!(project.strata(&["migration", "revert"]).fails(), missing);

    let revert = project.strata(&["migration", "revert", "--missing"]);
    assert_eq!(revert.ok(), "Rolling back migration 20240102000000\n");
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations", "a"],
        "{backend:?}"
    );
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(project.history(), ["20240101000000"]);
}

per_backend!(an_applied_migration_whose_directory_is_gone:
    an_applied_migration_whose_directory_is_gone_sqlite => Sqlite,
    an_applied_migration_whose_directory_is_gone_postgres => Postgres,
    an_applied_migration_whose_directory_is_gone_mysql => Mysql,
);

fn a_pending_migration_older_than_the_newest_applied_one(backend: TestBackend) {
    let project = Project::on(backend);
    with_abc(&project, &[B]);
    project.strata(&["migration", "run"]).ok();
    with_abc(&project, &[A]);

    let run = project.strata(&["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: migration {A} is pending but older than {B}, which is already \
                 applied\n  give it a version after {B} (rename its directory), or apply it out \
                 of order on purpose with --allow-out-of-order or `allow_out_of_order = true` in \
                 its metadata.toml\n"
        )
    );
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "b"]);

    // Allowed in the migration's metadata.toml, or with the flag.
    project.file(
        &format!("migrations/{A}/metadata.toml"),
        "allow_out_of_order = true\n",
    );
    assert_eq!(
        project.strata(&["migration", "run"]).ok(),
        format!("Running migration {A}\n")
    );
    // revert undoes the migration applied last, not the one with the highest version.
    assert_eq!(
        project.strata(&["migration", "revert"]).ok(),
        format!("Rolling back migration {A}\n")
    );
    std::fs::remove_file(project.path().join(format!("migrations/{A}/metadata.toml"))).unwrap();
    assert_eq!(
        project
            .strata(&["migration", "run", "--allow-out-of-order"])
            .ok(),
        format!("Running migration {A}\n")
    );
    assert_eq!(project.history(), ["20240102000000", "20240101000000"]);
}

per_backend!(a_pending_migration_older_than_the_newest_applied_one:
    a_pending_migration_older_than_the_newest_applied_one_sqlite => Sqlite,
    a_pending_migration_older_than_the_newest_applied_one_postgres => Postgres,
    a_pending_migration_older_than_the_newest_applied_one_mysql => Mysql,
);

fn rows_applied_by_diesel_cli_are_adopted_without_running_again(backend: TestBackend) {
    let project = Project::on(backend);
    with_abc(&project, &[A, B]);
    // What diesel_cli leaves after `diesel migration run` of A alone.
    project.sql(&format!(
        "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
       version VARCHAR(50) PRIMARY KEY NOT NULL,
       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
{A_UP}INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000');"
    ));

    let run = project.strata(&["migration", "run"]);
    assert_eq!(run.ok(), format!("Running migration {B}\n"));
    assert_eq!(
        run.notes(),
        "Recorded checksums for 1 migration(s) applied by diesel_cli: 20240101000000\n"
    );
    assert_eq!(project.history(), ["20240101000000", "20240102000000"]);
    assert_eq!(
        project
            .database()
            .strings("SELECT up_checksum AS value FROM __strata_migrations ORDER BY version"),
        [
            Checksum::of(A_UP).to_string(),
            Checksum::of(B_UP).to_string()
        ]
    );
    // Adopted once: the next run has nothing to say.
    let again = project.strata(&["migration", "run"]);
    assert_eq!((again.ok(), again.stderr.as_str()), ("", ""));
}

per_backend!(rows_applied_by_diesel_cli_are_adopted_without_running_again:
    rows_applied_by_diesel_cli_are_adopted_without_running_again_sqlite => Sqlite,
    rows_applied_by_diesel_cli_are_adopted_without_running_again_postgres => Postgres,
    rows_applied_by_diesel_cli_are_adopted_without_running_again_mysql => Mysql,
);

fn single_transaction_applies_all_or_nothing(backend: TestBackend) {
    let project = Project::on(backend);
    with_abc(&project, &[A, B]);
    project.migration(
        C,
        "CREATE TABLE c (id INTEGER PRIMARY KEY);\nSELECT * FROM no_such_table;\n",
        Some("DROP TABLE c;\n"),
    );
    let run = project.strata(&["migration", "run", "--single-transaction"]);
    if backend == TestBackend::Mysql {
        assert_eq!(
            run.fails(),
            "error: --single-transaction cannot be used here: MySQL commits every schema \
                 change at once, so a failed run could not be rolled back\n"
        );
        assert_eq!(run.stdout, "");
        assert_eq!(project.tables(), Vec::<String>::new());
        return;
    }
    let message = match backend {
        TestBackend::Sqlite => "no such table: no_such_table",
        _ => "relation \"no_such_table\" does not exist",
    };
    assert_eq!(
        run.fails(),
        format!(
            "error: migration {C} failed at migrations/{C}/up.sql:2: {message}\n  the whole \
                 run was rolled back (--single-transaction): no migration of this run was \
                 applied and the ledger is unchanged\n"
        )
    );
    assert_eq!(
        run.stdout,
        format!("Running migration {A}\nRunning migration {B}\nRunning migration {C}\n")
    );
    assert_eq!(project.ledger(), Vec::<String>::new(), "{backend:?}");
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations"],
        "{backend:?}"
    );

    project.file(&format!("migrations/{C}/up.sql"), C_UP);
    project.file(
        &format!("migrations/{C}/metadata.toml"),
        "run_in_transaction = false\n",
    );
    assert_eq!(
        project
            .strata(&["migration", "run", "--single-transaction"])
            .fails(),
        format!(
            "error: --single-transaction cannot be used here: migration {C} sets \
                 run_in_transaction = false in its metadata.toml\n"
        )
    );
    std::fs::remove_file(project.path().join(format!("migrations/{C}/metadata.toml"))).unwrap();
    project
        .strata(&["migration", "run", "--single-transaction"])
        .ok();
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations", "a", "b", "c"]
    );
    assert_eq!(
        project.ledger(),
        ["20240101000000", "20240102000000", "20240103000000"]
    );
}

per_backend!(single_transaction_applies_all_or_nothing:
    single_transaction_applies_all_or_nothing_sqlite => Sqlite,
    single_transaction_applies_all_or_nothing_postgres => Postgres,
    single_transaction_applies_all_or_nothing_mysql => Mysql,
);

fn check_reports_a_stale_schema_file_as_text_and_json(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
    with_abc(&project, &[A]);
    project.strata(&["migration", "run"]).ok();
    let generated = project.read("src/schema.rs");
    assert_eq!(project.strata(&["migration", "check"]).code, 0);

    // Someone changed the database by hand.
    project.sql("CREATE TABLE extra (id INTEGER PRIMARY KEY);");
    with_abc(&project, &[B]);
    let check = project.strata(&["migration", "check"]);
    assert_eq!(check.code, 4, "{check:#?}");
    let diff_start = "schema:  src/schema.rs differs from what the database generates:\n\
                          --- src/schema.rs\n+++ generated from the database\n";
    assert!(check.stdout.starts_with(diff_start), "{}", check.stdout);
    assert!(check
        .stdout
        .contains("\n+diesel::table! {\n+    extra (id) {\n"));
    assert!(check.stdout.ends_with(&format!("pending: {B}\n")));
    assert_eq!(
        project.read("src/schema.rs"),
        generated,
        "check wrote the file"
    );

    let json = project.strata(&["migration", "check", "--format", "json"]);
    assert_eq!(json.code, 4);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["clean"], false);
    assert_eq!(report["exit_code"], 4);
    assert_eq!(report["applied"], 1);
    assert_eq!(report["pending"], serde_json::json!([B]));
    assert_eq!(report["edited"], serde_json::json!([]));
    assert_eq!(report["missing"], serde_json::json!([]));
    assert_eq!(report["failed"], serde_json::json!([]));
    assert_eq!(report["schema_drift"][0]["file"], "src/schema.rs");
    assert!(report["schema_drift"][0]["diff"]
        .as_str()
        .unwrap()
        .contains("+    extra (id) {"));
    // Nothing was applied or recorded by the check.
    assert_eq!(project.ledger(), ["20240101000000"]);
}

per_backend!(check_reports_a_stale_schema_file_as_text_and_json:
    check_reports_a_stale_schema_file_as_text_and_json_sqlite => Sqlite,
    check_reports_a_stale_schema_file_as_text_and_json_postgres => Postgres,
    check_reports_a_stale_schema_file_as_text_and_json_mysql => Mysql,
);

/// MySQL commits DDL as it goes: a migration that fails after a CREATE TABLE is marked
/// failed, and the next run stops until the database is repaired and the failure cleared.
fn a_migration_that_failed_part_way_blocks_the_next_run_until_cleared(backend: TestBackend) {
    let project = Project::on(backend);
    project.migration(
        A,
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREAT TABLE oops (id INTEGER);\n",
        Some("DROP TABLE a;\n"),
    );
    project.strata(&["migration", "run"]).fails();
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "a"]);

    let run = project.strata(&["migration", "run"]);
    let stderr = run.fails();
    assert!(
        stderr.starts_with(&format!("error: migration {A} failed part-way on 20")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!(
        ": migrations/{A}/up.sql:2: You have an error in your SQL syntax"
    )));
    assert!(stderr.ends_with(
        "\n  repair the database by hand (undo what took effect; its down.sql may help), \
             then clear the failure with `strata migration accept 20240101000000` and run \
             again\n"
    ));
    let check = project.strata(&["migration", "check", "--format", "json"]);
    assert_eq!(check.code, 7);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["failed"][0]["migration"], A);

    // Repair: undo the applied part, fix the migration, clear the failure, run again.
    project.sql("DROP TABLE a;");
    project.file(&format!("migrations/{A}/up.sql"), A_UP);
    assert_eq!(
        project.strata(&["migration", "accept", A]).ok(),
        format!("Cleared the failure of {A}; `strata migration run` applies it again\n")
    );
    assert_eq!(
        project.strata(&["migration", "run"]).ok(),
        format!("Running migration {A}\n")
    );
    assert_eq!(project.history(), ["20240101000000"]);
}

per_backend!(a_migration_that_failed_part_way_blocks_the_next_run_until_cleared:
    a_migration_that_failed_part_way_blocks_the_next_run_until_cleared_mysql => Mysql,
);
