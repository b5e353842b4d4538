//! Never worse than diesel_cli at keeping what the database holds: a failed redo changes
//! nothing where the database can roll schema changes back, a revert that stops part-way
//! says what became of each migration, an empty down.sql is never a silent "revert", a
//! killed run leaves a ledger that matches the schema, and every refusal names its way out.

#[macro_use]
mod support;

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use support::{Project, TestBackend};

const A: &str = "2024-01-01-000000_a";
const B: &str = "2024-01-02-000000_b";
const C: &str = "2024-01-03-000000_c";

/// The rows of `t`'s `v` column, as text.
fn values(project: &Project, table: &str) -> Vec<String> {
    let cast = match project.backend() {
        TestBackend::Mysql => "CAST(v AS CHAR)",
        _ => "CAST(v AS TEXT)",
    };
    project
        .database()
        .strings(&format!("SELECT {cast} AS value FROM {table} ORDER BY v"))
}

/// Each history row's version and failure, in applied order.
fn history_rows(project: &Project) -> Vec<String> {
    if !has_table(project, "__strata_migrations") {
        return Vec::new();
    }
    let row = match project.backend() {
        TestBackend::Mysql => "CONCAT(version, ':', COALESCE(failure, '-'))",
        _ => "version || ':' || COALESCE(failure, '-')",
    };
    project.database().strings(&format!(
        "SELECT {row} AS value FROM __strata_migrations ORDER BY applied_order, version"
    ))
}

fn has_table(project: &Project, name: &str) -> bool {
    project.database().tables().iter().any(|t| t == name)
}

/// The ledger's versions; none when a killed run had not yet created it.
fn ledger_of(project: &Project) -> Vec<String> {
    if has_table(project, "__diesel_schema_migrations") {
        project.ledger()
    } else {
        Vec::new()
    }
}

/// What a redo must leave untouched when it fails: tables, ledger, history and data.
fn state(project: &Project) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
    (
        project.tables(),
        project.ledger(),
        project.history(),
        values(project, "b_data"),
    )
}

/// `a` creates something its down.sql forgets to drop (a type on PostgreSQL, a table
/// elsewhere), so applying it again fails; `b` is a clean migration with data in its table.
fn forgetful_pair(backend: TestBackend) -> Project {
    let project = Project::on(backend);
    let up = match backend {
        TestBackend::Postgres => {
            "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE a (id INTEGER PRIMARY KEY, m mood);\n"
        }
        _ => "CREATE TABLE keep (id INTEGER PRIMARY KEY);\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n",
    };
    project.migration(A, up, Some("DROP TABLE a;\n")).migration(
        B,
        "CREATE TABLE b_data (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);\n",
        Some("DROP TABLE b_data;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    project.sql("INSERT INTO b_data (id, v) VALUES (1, 10), (2, 20)");
    project
}

/// What re-applying `a` fails with.
fn forgetful_message(backend: TestBackend) -> &'static str {
    match backend {
        TestBackend::Sqlite => "table keep already exists",
        TestBackend::Postgres => "type \"mood\" already exists",
        TestBackend::Mysql => "Table 'keep' already exists",
    }
}

const MYSQL_REDO_WARNING: &str = "warning: MySQL commits schema changes at once, so this redo \
     cannot be undone as a whole if it fails: each migration is reverted and applied again step \
     by step, and a failure says what each was left as\n";

fn failed_redo_changes_nothing(backend: TestBackend) {
    let project = forgetful_pair(backend);
    let before = state(&project);
    assert_eq!(before.1, ["20240101000000", "20240102000000"]);

    let redo = project.strata(&["migration", "redo", "-n", "2"]);

    let failure = format!(
        "error: migration {A} failed at migrations/{A}/up.sql:1: {}\n",
        forgetful_message(backend)
    );
    if backend == TestBackend::Mysql {
        // MySQL cannot take the reverts back: it says so first, then what each became.
        assert_eq!(
            redo.fails(),
            format!(
                "{MYSQL_REDO_WARNING}{failure}  the migration was rolled back: none of its \
                 statements were applied and the ledger is unchanged\n  the redo could not be \
                 rolled back as a whole; stopped applying again: {A} (as said above: its \
                 revert stands); reverted, now pending (`strata migration run` applies them): \
                 {B}\n"
            )
        );
        assert_eq!(project.ledger(), Vec::<String>::new());
        assert_eq!(project.history(), Vec::<String>::new());
        let status = project.strata(&["migration", "list"]);
        assert_eq!(status.ok(), format!("Migrations:\n  [ ] {A}\n  [ ] {B}\n"));
        return;
    }
    assert_eq!(
        redo.fails(),
        format!(
            "{failure}  the whole redo was rolled back: nothing changed (the schema, the data \
             and the ledger are as they were before the command)\n"
        )
    );
    assert_eq!(state(&project), before, "tables, ledger, history and data");
    assert_eq!(values(&project, "b_data"), ["10", "20"]);
    // And the next run has nothing to do.
    project.strata(&["migration", "run"]).ok();
    assert_eq!(state(&project), before);
}

per_backend!(failed_redo_changes_nothing:
    failed_redo_changes_nothing_sqlite => Sqlite,
    failed_redo_changes_nothing_postgres => Postgres,
    failed_redo_changes_nothing_mysql => Mysql,
);

fn revert_that_stops_part_way_says_what_each_became(backend: TestBackend) {
    let project = Project::on(backend);
    project
        .migration(
            A,
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE a;\n"),
        )
        .migration(
            B,
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE no_such_table;\n"),
        )
        .migration(
            C,
            "CREATE TABLE c (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE c;\n"),
        );
    project.strata(&["migration", "run"]).ok();

    let revert = project.strata(&["migration", "revert", "--all"]);

    let stderr = revert.fails();
    let (first, rest) = stderr.split_once('\n').unwrap();
    assert!(
        first.starts_with(&format!(
            "error: migration {B} failed at migrations/{B}/down.sql:1: "
        )),
        "{stderr}"
    );
    assert!(first.contains("no_such_table"), "{stderr}");
    assert_eq!(
        rest,
        format!(
            "  the revert was rolled back: none of its statements took effect and the migration \
             is still applied\n  of the 3 migrations to revert: reverted: {C}; stopped at: {B} \
             (as said above); not reverted, still applied: {A}\n"
        )
    );
    assert_eq!(project.ledger(), ["20240101000000", "20240102000000"]);
    let mut tables = project.tables();
    tables.retain(|t| t != "__diesel_schema_migrations");
    assert_eq!(tables, ["a", "b"]);
}

per_backend!(revert_that_stops_part_way_says_what_each_became:
    revert_that_stops_part_way_says_what_each_became_sqlite => Sqlite,
    revert_that_stops_part_way_says_what_each_became_postgres => Postgres,
    revert_that_stops_part_way_says_what_each_became_mysql => Mysql,
);

fn empty_down_sql_is_refused_unless_nothing_to_undo(backend: TestBackend) {
    for down in ["", "  \n", "-- nothing to undo?\n/* really */\n"] {
        let project = Project::on(backend);
        project.migration(A, "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", Some(down));
        project.strata(&["migration", "run"]).ok();
        let refusal = format!(
            "error: migrations/{A}/down.sql has no SQL statements, so reverting {A} would only \
             remove it from the ledger and leave what its up.sql did\n  write the SQL that \
             undoes up.sql (`strata migration down-sql {A}` can generate it); or, if there is \
             nothing to undo, say so with `nothing_to_undo = true` in its metadata.toml\n"
        );
        for command in ["revert", "redo"] {
            let run = project.strata(&["migration", command]);
            assert_eq!(run.fails(), refusal, "{command} {down:?}");
            assert_eq!(run.stdout, "", "{command}: nothing started");
            assert_eq!(project.ledger(), ["20240101000000"], "{command}");
            assert_eq!(project.tables(), ["__diesel_schema_migrations", "a"]);
        }
        // verify names the empty file, not an error from applying up.sql again.
        let verify = project.strata(&["migration", "verify"]);
        assert_eq!(verify.code, 1, "{verify:#?}");
        let (_header, report) = verify.stdout.split_once('\n').unwrap();
        assert_eq!(
            report,
            format!(
                "FAILED  {A}\n  migrations/{A}/down.sql has no SQL statements, so it undoes \
                 nothing (if there is nothing to undo, say so with `nothing_to_undo = true` in \
                 its metadata.toml)\n  table `a`: present after down.sql, but not before \
                 up.sql\n1 verified: 0 passed, 1 failed\n"
            )
        );

        // Said explicitly, the revert only removes it from the ledger.
        project.file(
            &format!("migrations/{A}/metadata.toml"),
            "nothing_to_undo = true\n",
        );
        project.strata(&["migration", "revert"]).ok();
        assert_eq!(project.ledger(), Vec::<String>::new());
        assert_eq!(project.tables(), ["__diesel_schema_migrations", "a"]);
    }
}

per_backend!(empty_down_sql_is_refused_unless_nothing_to_undo:
    empty_down_sql_is_refused_unless_nothing_to_undo_sqlite => Sqlite,
    empty_down_sql_is_refused_unless_nothing_to_undo_postgres => Postgres,
    empty_down_sql_is_refused_unless_nothing_to_undo_mysql => Mysql,
);

fn comments_only_up_sql_is_applied_as_a_no_op(backend: TestBackend) {
    let project = Project::on(backend);
    project
        .migration(
            A,
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
            Some("DROP TABLE a;\n"),
        )
        .migration(
            B,
            "-- kept for history: this change moved to the application\n/* nothing */\n",
            Some("-- nothing\n"),
        );

    let run = project.strata(&["migration", "run"]);

    assert_eq!(
        run.stdout,
        format!("Running migration {A}\nRunning migration {B}\n")
    );
    assert_eq!(
        run.notes(),
        format!(
            "warning: migrations/{B}/up.sql holds only comments: it is applied as a migration \
             that changes nothing, and recorded\n"
        )
    );
    assert_eq!(project.ledger(), ["20240101000000", "20240102000000"]);
    assert_eq!(project.history(), ["20240101000000", "20240102000000"]);
    assert_eq!(
        project.strata(&["migration", "check"]).ok(),
        "clean: 2 migrations applied, none pending; schema files match the database\n"
    );
}

per_backend!(comments_only_up_sql_is_applied_as_a_no_op:
    comments_only_up_sql_is_applied_as_a_no_op_sqlite => Sqlite,
    comments_only_up_sql_is_applied_as_a_no_op_postgres => Postgres,
    comments_only_up_sql_is_applied_as_a_no_op_mysql => Mysql,
);

/// A statement that takes about a second on each backend.
fn a_second(backend: TestBackend) -> &'static str {
    match backend {
        TestBackend::Postgres => "SELECT pg_sleep(1)",
        TestBackend::Mysql => "DO SLEEP(1)",
        TestBackend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2500000) \
             SELECT count(*) FROM c"
        }
    }
}

/// A migration with a table, a slow statement, another table and another slow statement,
/// so that a kill can land before, inside and between its statements.
fn slow_migration(project: &Project, in_transaction: bool) {
    let slow = a_second(project.backend());
    project.migration(
        A,
        &format!(
            "CREATE TABLE k1 (id INTEGER PRIMARY KEY);\n{slow};\nCREATE TABLE k2 (id INTEGER \
             PRIMARY KEY);\n{slow};\n"
        ),
        Some("DROP TABLE k2;\nDROP TABLE k1;\n"),
    );
    if !in_transaction {
        project.file(
            &format!("migrations/{A}/metadata.toml"),
            "run_in_transaction = false\n",
        );
    }
}

/// Starts `migration run`, kills it with `signal` after `delay` (or once it has finished,
/// for `None`), and waits until the database has stopped working on its behalf (a MySQL
/// server finishes a batch whose client is gone).
fn kill_run_after(project: &Project, delay: Option<Duration>, signal: i32) {
    let mut child = project
        .strata_command(&["migration", "run"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let Some(delay) = delay else {
        assert!(child.wait().unwrap().success());
        return;
    };
    std::thread::sleep(delay);
    // std's Child::kill sends SIGKILL only; kill(1) sends any signal.
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(
        exit.signal().is_some() || exit.code().is_some(),
        "the run ended: {exit:?}"
    );
    if project.backend() != TestBackend::Sqlite {
        wait_until_idle(project);
    }
}

/// Waits until no session but the test's own works in the project's database.
fn wait_until_idle(project: &Project) {
    let busy = match project.backend() {
        TestBackend::Postgres => {
            "SELECT CAST(count(*) AS TEXT) AS value FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
        }
        _ => {
            "SELECT CAST(count(*) AS CHAR) AS value FROM information_schema.PROCESSLIST \
             WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep'"
        }
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while project.database().strings(busy) != ["0"] {
        assert!(Instant::now() < deadline, "the server is still busy");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The ledger matches the schema: recorded as applied with both tables, or not recorded
/// with neither, or recorded as not finished, which `run` refuses naming the way out.
/// Returns which of the three it found.
fn ledger_matches_schema(project: &Project) -> &'static str {
    let tables = project.tables();
    let has = |name: &str| tables.iter().any(|t| t == name);
    let failures: Vec<String> = history_rows(project)
        .into_iter()
        .filter(|row| !row.ends_with(":-"))
        .collect();
    if ledger_of(project) == ["20240101000000"] {
        assert!(has("k1") && has("k2"), "recorded, so applied: {tables:?}");
        assert_eq!(failures, Vec::<String>::new());
        return "applied";
    }
    assert_eq!(ledger_of(project), Vec::<String>::new());
    if failures.is_empty() {
        assert!(
            !has("k1") && !has("k2"),
            "not recorded, so not applied: {tables:?}"
        );
        project.strata(&["migration", "run"]).ok();
        assert_eq!(project.ledger(), ["20240101000000"]);
        return "pending";
    }
    let run = project.strata(&["migration", "run"]);
    let stderr = run.fails();
    assert!(
        stderr.starts_with(&format!("error: migration {A} failed part-way on ")),
        "{stderr}"
    );
    assert!(stderr.contains(": the run did not finish: "), "{stderr}");
    assert!(
        stderr.ends_with(
            "\n  repair the database by hand (undo what took effect; its down.sql may help), \
             then clear the failure with `strata migration accept 20240101000000` and run \
             again\n"
        ),
        "{stderr}"
    );
    let status = project.strata(&["migration", "check"]);
    assert_eq!(status.code, 7, "check reports the failure: {status:#?}");
    "not finished"
}

const SIGKILL: i32 = 9;
const SIGINT: i32 = 2;

fn killed_run_leaves_a_true_ledger(backend: TestBackend) {
    // Before anything ran, in the first table's wake, between the tables, after the last.
    let points = [Some(0), Some(150), Some(600), Some(1700), None];
    let mut seen = Vec::new();
    for (index, millis) in points.into_iter().enumerate() {
        let project = Project::on(backend);
        slow_migration(&project, true);
        let signal = if index == 2 { SIGINT } else { SIGKILL };
        kill_run_after(&project, millis.map(Duration::from_millis), signal);
        seen.push((millis, ledger_matches_schema(&project)));
    }
    // A migration in one transaction is never left half-done where DDL rolls back.
    if backend != TestBackend::Mysql {
        assert!(
            seen.iter().all(|(_, found)| *found != "not finished"),
            "{seen:?}"
        );
    }
    assert_eq!(seen.last().map(|s| s.1), Some("applied"), "{seen:?}");
}

per_backend!(killed_run_leaves_a_true_ledger:
    killed_run_leaves_a_true_ledger_sqlite => Sqlite,
    killed_run_leaves_a_true_ledger_postgres => Postgres,
    killed_run_leaves_a_true_ledger_mysql => Mysql,
);

/// A migration outside a transaction, killed between its statements: the first table is
/// there, so the run must be recorded as not finished, saying what took effect.
fn killed_run_outside_a_transaction_is_recorded(backend: TestBackend) {
    let project = Project::on(backend);
    slow_migration(&project, false);
    kill_run_after(&project, Some(Duration::from_millis(500)), SIGKILL);
    assert_eq!(ledger_matches_schema(&project), "not finished");
    assert_eq!(
        history_rows(&project),
        [format!(
            "20240101000000:the run did not finish: the statements before \
             migrations/{A}/up.sql:2 took effect; it and the statements after it may or may \
             not have"
        )]
    );
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "k1"]);

    // The way out the message names: undo by hand, clear the failure, run again.
    project.sql("DROP TABLE k1");
    project.strata(&["migration", "accept", A]).ok();
    project.strata(&["migration", "run"]).ok();
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(history_rows(&project), ["20240101000000:-"]);
}

per_backend!(killed_run_outside_a_transaction_is_recorded:
    killed_run_outside_a_transaction_is_recorded_sqlite => Sqlite,
    killed_run_outside_a_transaction_is_recorded_postgres => Postgres,
    killed_run_outside_a_transaction_is_recorded_mysql => Mysql,
);

fn forget_is_the_way_out_for_a_version_without_directory_or_down_sql(backend: TestBackend) {
    let project = Project::on(backend);
    project.migration(
        A,
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE a;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    // Applied by another tool, from a directory since deleted: no down.sql was recorded.
    project.sql("INSERT INTO __diesel_schema_migrations (version) VALUES ('20231231000000')");

    let way_out = "restore its directory; or, if it was undone some other way (or should \
                   stay), remove it from the ledger with `strata migration forget \
                   20231231000000` (no down.sql was recorded for it)";
    assert_eq!(
        project.strata(&["migration", "run"]).fails(),
        format!(
            "error: migration version 20231231000000 is recorded as applied, but no directory \
             in migrations has that version\n  {way_out}\n"
        )
    );
    assert!(project
        .strata(&["migration", "revert", "--missing", "--all"])
        .fails()
        .ends_with(
            "\n  restore its directory; or, if it was undone some other way (or should stay), \
             remove it from the ledger with `strata migration forget 20231231000000`\n"
        ));
    // forget refuses what revert is for.
    assert_eq!(
        project.strata(&["migration", "forget", A]).fails(),
        format!(
            "error: migration {A} cannot be forgotten: it is applied and its directory exists: \
             `strata migration revert` undoes it with its down.sql\n"
        )
    );

    assert_eq!(
        project
            .strata(&["migration", "forget", "20231231000000"])
            .ok(),
        "Forgot 20231231000000: it is no longer recorded as applied, and none of its SQL ran\n"
    );
    assert_eq!(project.ledger(), ["20240101000000"]);
    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project.tables(),
        ["__diesel_schema_migrations", "a"],
        "nothing else changed"
    );
}

per_backend!(forget_is_the_way_out_for_a_version_without_directory_or_down_sql:
    forget_is_the_way_out_sqlite => Sqlite,
    forget_is_the_way_out_postgres => Postgres,
    forget_is_the_way_out_mysql => Mysql,
);

/// A MySQL migration bigger than the server's max_allowed_packet (16 MiB on MariaDB 10.11)
/// made the server drop the connection, reported as a ledger error: strata sends the batch
/// in packets under the limit. One statement over the limit is named as such.
#[test]
fn a_mysql_migration_over_max_allowed_packet() {
    if !support::backends().contains(&TestBackend::Mysql) {
        return;
    }
    let project = Project::on(TestBackend::Mysql);
    let limit: usize = project
        .database()
        .strings("SELECT CAST(@@max_allowed_packet AS CHAR) AS value")[0]
        .parse()
        .unwrap();
    let row = "x".repeat(8_000);
    let rows = limit / 8_000 + 200;
    let mut up = String::from("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\n");
    for id in 0..rows {
        up.push_str(&format!("INSERT INTO big VALUES ({id}, '{row}');\n"));
    }
    project.migration(A, &up, Some("DROP TABLE big;\n"));
    project.strata(&["migration", "run"]).ok();
    assert_eq!(
        project
            .database()
            .strings("SELECT CAST(COUNT(*) AS CHAR) AS value FROM big"),
        [rows.to_string()]
    );
    assert_eq!(project.ledger(), ["20240101000000"]);

    let huge = "y".repeat(limit + 10);
    project.migration(
        B,
        &format!("INSERT INTO big VALUES (-1, 'small');\nINSERT INTO big VALUES (-2, '{huge}');\n"),
        Some("DELETE FROM big WHERE id < 0;\n"),
    );
    let run = project.strata(&["migration", "run"]);
    let stderr = run.fails();
    assert!(
        stderr.starts_with(&format!(
            "error: migration {B} failed at migrations/{B}/up.sql:2: the statement is "
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            " bytes, more than the server's max_allowed_packet ({limit} bytes) lets a client \
             send; raise max_allowed_packet, or split the statement\n  the migration was \
             rolled back: none of its statements were applied and the ledger is unchanged\n"
        )),
        "{stderr}"
    );
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(
        project
            .database()
            .strings("SELECT CAST(COUNT(*) AS CHAR) AS value FROM big WHERE id < 0"),
        ["0"]
    );
}
