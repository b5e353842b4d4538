//! Concurrency and faults: the migration lock, and what a killed run leaves behind.
//!
//! These run the real binary as several processes at once against real databases. The
//! SQLite database is a file in the project directory; the servers get a fresh database
//! per test.

#[macro_use]
mod support;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::{Project, Run, TestBackend};

const MIGRATIONS: usize = 5;

fn versions() -> Vec<String> {
    (1..=MIGRATIONS)
        .map(|i| format!("2024010{i}000000"))
        .collect()
}

fn with_migrations(project: &Project) {
    for i in 1..=MIGRATIONS {
        project.migration(
            &format!("2024-01-0{i}-000000_t{i}"),
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);\n"),
            Some(&format!("DROP TABLE t{i};\n")),
        );
    }
}

/// Eight deploys start at once: each migration is applied exactly once, by one of them, and
/// every one of them succeeds.
fn eight_concurrent_runs_apply_each_migration_once(backend: TestBackend) {
    let project = Project::on(backend);
    project.file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
    with_migrations(&project);
    let children: Vec<Child> = (0..8)
        .map(|_| {
            project
                .strata_command(&["migration", "run"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let runs: Vec<Run> = children
        .into_iter()
        .map(|child| Run::from_output(child.wait_with_output().unwrap()))
        .collect();
    for run in &runs {
        assert_eq!(run.code, 0, "{backend:?}: {run:#?}");
    }
    let mut applied: Vec<&str> = runs
        .iter()
        .flat_map(|r| r.stdout.lines())
        .filter_map(|line| line.strip_prefix("Running migration "))
        .collect();
    applied.sort();
    let expected: Vec<String> = (1..=MIGRATIONS)
        .map(|i| format!("2024-01-0{i}-000000_t{i}"))
        .collect();
    assert_eq!(applied, expected, "{backend:?}");
    // One process applied them all, in order; the others found nothing pending.
    let appliers: Vec<&Run> = runs.iter().filter(|r| !r.stdout.is_empty()).collect();
    assert_eq!(appliers.len(), 1, "{backend:?}");
    assert_eq!(project.ledger(), versions());
    assert_eq!(project.history(), versions());
    assert!(project.read("src/schema.rs").contains("t5 (id)"));
}

per_backend!(eight_concurrent_runs_apply_each_migration_once:
    eight_concurrent_runs_apply_each_migration_once_sqlite => Sqlite,
    eight_concurrent_runs_apply_each_migration_once_postgres => Postgres,
    eight_concurrent_runs_apply_each_migration_once_mysql => Mysql,
);

/// A long migration: a statement that runs for many seconds on each backend.
fn slow_statement(backend: TestBackend) -> &'static str {
    match backend {
        TestBackend::Sqlite => {
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) \
             SELECT count(*) FROM n;\n"
        }
        TestBackend::Postgres => "SELECT pg_sleep(60);\n",
        TestBackend::Mysql => "SELECT SLEEP(60);\n",
    }
}

/// Waits until `ready` holds, for at most 20 seconds.
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A run started in the background, killed when dropped: a failing assertion must not
/// leave it running its slow statement for minutes after the test.
struct Background(Child);

impl std::ops::Deref for Background {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Background {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a run whose only migration is slow, and waits until it is inside it (in this
/// test's database: the tests run in parallel, each with a slow run of its own).
fn start_slow_run(project: &Project) -> Background {
    let backend = project.backend();
    project.migration(
        "2024-01-01-000000_slow",
        &format!(
            "CREATE TABLE slow (id INTEGER PRIMARY KEY);\n{}",
            slow_statement(backend)
        ),
        Some("DROP TABLE slow;\n"),
    );
    let child = project
        .strata_command(&["migration", "run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let child = Background(child);
    let db = project.database();
    wait_until("the slow statement to start", || match backend {
        TestBackend::Sqlite => project.path().join("test.db-journal").exists(),
        TestBackend::Postgres => !db
            .strings(
                "SELECT pid::text AS value FROM pg_stat_activity \
                 WHERE query LIKE 'SELECT pg_sleep(60)%' AND pid <> pg_backend_pid() \
                 AND datname = current_database()",
            )
            .is_empty(),
        TestBackend::Mysql => !db
            .strings(
                "SELECT CAST(ID AS CHAR) AS value FROM information_schema.PROCESSLIST \
                 WHERE INFO LIKE 'SELECT SLEEP(60)%' AND DB = DATABASE()",
            )
            .is_empty(),
    });
    child
}

fn a_second_run_waits_for_the_lock_and_says_who_holds_it(backend: TestBackend) {
    let project = Project::on(backend);
    let mut slow = start_slow_run(&project);

    let waiting = project.strata(&["migration", "run", "--lock-timeout", "0.5"]);
    let stderr = waiting.fails();
    let holder = match backend {
        TestBackend::Sqlite => format!("process {} (", slow.id()),
        TestBackend::Postgres => format!("(strata (pid {}), from ", slow.id()),
        TestBackend::Mysql => "MySQL connection ".to_owned(),
    };
    assert!(
        stderr.starts_with("Waiting for the migration lock, held by ")
            && stderr.contains(&holder)
            && stderr.contains(
                "\nerror: gave up waiting for the migration lock after 0s: it is held by "
            )
            && stderr.ends_with("; wait for that run to finish, or raise --lock-timeout\n"),
        "{backend:?}: {stderr}"
    );
    assert_eq!(waiting.stdout, "");
    slow.kill().unwrap();
    slow.wait().unwrap();
}

per_backend!(a_second_run_waits_for_the_lock_and_says_who_holds_it:
    a_second_run_waits_for_the_lock_and_says_who_holds_it_sqlite => Sqlite,
    a_second_run_waits_for_the_lock_and_says_who_holds_it_postgres => Postgres,
    a_second_run_waits_for_the_lock_and_says_who_holds_it_mysql => Mysql,
);

/// The files are read while strata connects; a mistake among them is reported at once,
/// not after waiting out (or timing out on) another run's lock.
fn a_mistake_on_disk_is_not_hidden_behind_the_lock(backend: TestBackend) {
    let project = Project::on(backend);
    let mut slow = start_slow_run(&project);
    project.file(
        "migrations/2024-02-01-000000_bad/up.sql",
        b"CREATE TABLE bad (id INTEGER PRIMARY KEY);\n\xff\n",
    );

    let run = project.strata(&["migration", "run", "--lock-timeout", "5"]);
    assert_eq!(
        run.fails(),
        "error: migrations/2024-02-01-000000_bad/up.sql:2: the file is not valid UTF-8; \
             save it as UTF-8\n",
        "{backend:?}"
    );
    slow.kill().unwrap();
    slow.wait().unwrap();
}

per_backend!(a_mistake_on_disk_is_not_hidden_behind_the_lock:
    a_mistake_on_disk_is_not_hidden_behind_the_lock_sqlite => Sqlite,
    a_mistake_on_disk_is_not_hidden_behind_the_lock_postgres => Postgres,
    a_mistake_on_disk_is_not_hidden_behind_the_lock_mysql => Mysql,
);

/// On PostgreSQL and MySQL, where the lock is a connection of its own, nothing to do is
/// decided without the lock: a start-up whose migrations are all applied does not wait
/// behind another runner's work, which cannot concern it. SQLite's lock is a `flock`, and
/// it is taken first as before.
fn a_run_with_nothing_to_do_does_not_wait_for_the_lock(backend: TestBackend) {
    let project = Project::on(backend);
    let first = "CREATE TABLE first (id INTEGER PRIMARY KEY);\n";
    project.migration(
        "2023-01-01-000000_first",
        first,
        Some("DROP TABLE first;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    // The same applied migration, in a directory without the slow one.
    project.file("applied_only/2023-01-01-000000_first/up.sql", first);
    project.file(
        "applied_only/2023-01-01-000000_first/down.sql",
        "DROP TABLE first;\n",
    );
    let mut slow = start_slow_run(&project);

    let up_to_date = project.strata(&[
        "migration",
        "run",
        "--migration-dir",
        "applied_only",
        "--lock-timeout",
        "0.5",
    ]);
    if backend == TestBackend::Sqlite {
        assert!(
            up_to_date
                .fails()
                .contains("gave up waiting for the migration lock"),
            "{up_to_date:?}"
        );
    } else {
        assert_eq!(up_to_date.ok(), "", "{backend:?}");
        assert_eq!(up_to_date.stderr, "", "{backend:?}");
    }
    // With the slow migration on disk there is something to do: that run waits.
    let waiting = project.strata(&["migration", "run", "--lock-timeout", "0.5"]);
    assert!(
        waiting
            .fails()
            .contains("gave up waiting for the migration lock"),
        "{backend:?}: {waiting:?}"
    );
    slow.kill().unwrap();
    slow.wait().unwrap();
}

per_backend!(a_run_with_nothing_to_do_does_not_wait_for_the_lock:
    a_run_with_nothing_to_do_does_not_wait_for_the_lock_sqlite => Sqlite,
    a_run_with_nothing_to_do_does_not_wait_for_the_lock_postgres => Postgres,
    a_run_with_nothing_to_do_does_not_wait_for_the_lock_mysql => Mysql,
);

/// SIGKILL in the middle of a migration leaves nothing half-applied, releases the lock, and
/// the next run completes. (On MySQL, whose DDL commits at once, the CREATE TABLE before
/// the slow statement stays: that case is the failure record's, tested in integrity.rs.)
fn a_run_killed_mid_migration_leaves_nothing_applied_and_the_next_completes(backend: TestBackend) {
    let project = Project::on(backend);
    let mut slow = start_slow_run(&project);
    slow.kill().unwrap(); // SIGKILL
    slow.wait().unwrap();

    project.file(
        "migrations/2024-01-01-000000_slow/up.sql",
        "CREATE TABLE slow (id INTEGER PRIMARY KEY);\n",
    );
    let started = Instant::now();
    let run = project.strata(&["migration", "run", "--lock-timeout", "10"]);
    assert_eq!(
        run.ok(),
        "Running migration 2024-01-01-000000_slow\n",
        "{backend:?}"
    );
    // PostgreSQL notices the dead client within a second (client_connection_check_interval)
    // instead of sleeping out the minute while holding the table's name.
    assert!(started.elapsed() < Duration::from_secs(10), "{backend:?}");
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(project.tables(), ["__diesel_schema_migrations", "slow"]);
}

per_backend!(a_run_killed_mid_migration_leaves_nothing_applied_and_the_next_completes:
    a_run_killed_mid_migration_leaves_nothing_applied_and_the_next_completes_sqlite => Sqlite,
    a_run_killed_mid_migration_leaves_nothing_applied_and_the_next_completes_postgres => Postgres,
);
