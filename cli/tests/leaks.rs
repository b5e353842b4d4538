//! Leaks, panics and secrets: an interrupted `verify` drops its scratch database, a killed
//! one's is dropped by the next run, a closed stdout ends strata quietly, and no form of a
//! password in a database URL is ever printed.

#[macro_use]
mod support;

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::{Project, TestBackend};

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// A migration that takes seconds to apply, so that a signal arrives while it runs in the
/// scratch database.
fn slow_project(backend: TestBackend) -> Project {
    let project = Project::on(backend);
    let sleep = match backend {
        TestBackend::Postgres => "SELECT pg_sleep(4);",
        TestBackend::Mysql => "DO SLEEP(4);",
        TestBackend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) \
             SELECT count(*) FROM c;"
        }
    };
    project.migration(
        "2024-01-01-000000_slow",
        &format!("CREATE TABLE slow (id INTEGER PRIMARY KEY);\n{sleep}\n"),
        Some("DROP TABLE slow;\n"),
    );
    project
}

/// The scratch databases (server) or scratch directories (SQLite) that belong to `pid`.
fn scratch_of(project: &Project, pid: u32) -> Vec<String> {
    match project.backend() {
        TestBackend::Sqlite => {
            // The SQLite file the process has open, whatever its directory is named.
            let tmp = std::env::temp_dir().join("strata-scratch-");
            let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
                return Vec::new();
            };
            fds.flatten()
                .filter_map(|fd| std::fs::read_link(fd.path()).ok())
                .filter(|target| {
                    target
                        .to_string_lossy()
                        .starts_with(&*tmp.to_string_lossy())
                })
                .filter_map(|target| target.parent().map(|dir| dir.display().to_string()))
                .collect()
        }
        _ => scratch_databases(project)
            .into_iter()
            .filter(|name| name.starts_with(&format!("strata_scratch_{pid}_")))
            .collect(),
    }
}

/// Every database on the project's server whose name starts with `strata_scratch_`.
fn scratch_databases(project: &Project) -> Vec<String> {
    let sql = match project.backend() {
        TestBackend::Postgres => "SELECT datname::text AS value FROM pg_database",
        TestBackend::Mysql => "SELECT SCHEMA_NAME AS value FROM information_schema.SCHEMATA",
        TestBackend::Sqlite => unreachable!("SQLite scratch databases are files"),
    };
    let mut names: Vec<String> = project
        .database()
        .strings(sql)
        .into_iter()
        .filter(|name| name.starts_with("strata_scratch_"))
        .collect();
    names.sort();
    names
}

fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for the child to end (killing it after 30 s, which fails the test).
fn finish(mut child: Child) -> (std::process::ExitStatus, String) {
    let status = wait_until("strata to end after the signal", || {
        child.try_wait().unwrap()
    });
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status, stderr)
}

fn interrupted_verify_drops_its_scratch_database(backend: TestBackend, signal: i32) {
    let project = slow_project(backend);
    let child = project
        .strata_command(&["migration", "verify", "--all"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let scratch = wait_until("the scratch database", || {
        let found = scratch_of(&project, pid);
        (!found.is_empty()).then_some(found)
    });
    // Into the slow statement.
    std::thread::sleep(Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (status, stderr) = finish(child);
    assert_eq!(
        status.signal(),
        Some(signal),
        "strata dies of the signal, as without a handler; {status:?}, stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    match backend {
        TestBackend::Sqlite => {
            for dir in &scratch {
                assert!(!PathBuf::from(dir).exists(), "{dir} is left behind");
            }
        }
        _ => assert_eq!(
            scratch_databases(&project)
                .into_iter()
                .filter(|name| scratch.contains(name))
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "scratch databases left behind"
        ),
    }
}

fn sigint_drops_scratch(backend: TestBackend) {
    interrupted_verify_drops_its_scratch_database(backend, SIGINT);
}

fn sigterm_drops_scratch(backend: TestBackend) {
    interrupted_verify_drops_its_scratch_database(backend, SIGTERM);
}

per_backend!(sigint_drops_scratch:
    sigint_during_verify_drops_the_scratch_database_sqlite => Sqlite,
    sigint_during_verify_drops_the_scratch_database_postgres => Postgres,
    sigint_during_verify_drops_the_scratch_database_mysql => Mysql,
);

per_backend!(sigterm_drops_scratch:
    sigterm_during_verify_drops_the_scratch_database_sqlite => Sqlite,
    sigterm_during_verify_drops_the_scratch_database_postgres => Postgres,
    sigterm_during_verify_drops_the_scratch_database_mysql => Mysql,
);

/// The `<pid>_<start>_<host>` marks of a process that has ended, of this test process, and
/// of a process that ran under this test's pid before it (another start time).
fn marks() -> (String, String, String) {
    let mut sleeper = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let dead = strata::backend::scratch::process_mark(sleeper.id()).expect("/proc is readable");
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();
    let live = strata::backend::scratch::process_mark(std::process::id()).unwrap();
    let mut parts = live.split('_');
    let (pid, start, host) = (
        parts.next().unwrap(),
        parts.next().unwrap().parse::<u64>().unwrap(),
        parts.next().unwrap(),
    );
    let reused = format!("{pid}_{}_{host}", start + 1);
    (dead, live, reused)
}

fn leftovers_of_killed_runs_are_dropped(backend: TestBackend) {
    let project = Project::on(backend);
    project.migration(
        "2024-01-01-000000_t",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE t;\n"),
    );
    let (dead, live, reused) = marks();
    let names = [dead, live.clone(), reused].map(|mark| format!("strata_scratch_{mark}_0"));
    let live_name = &names[1];
    match backend {
        TestBackend::Sqlite => {
            let tmp = std::env::temp_dir();
            for name in &names {
                let dir = tmp.join(name.replace("strata_scratch_", "strata-scratch-"));
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("scratch.db"), "").unwrap();
            }
            project.strata(&["migration", "verify", "--all"]).ok();
            let left: Vec<bool> = names
                .iter()
                .map(|name| {
                    tmp.join(name.replace("strata_scratch_", "strata-scratch-"))
                        .exists()
                })
                .collect();
            let _ = std::fs::remove_dir_all(
                tmp.join(live_name.replace("strata_scratch_", "strata-scratch-")),
            );
            assert_eq!(left, [false, true, false], "{names:?}");
        }
        _ => {
            for name in &names {
                project.sql(&format!("CREATE DATABASE {name}"));
            }
            let run = project.strata(&["migration", "verify", "--all"]);
            let left: Vec<bool> = {
                let all = scratch_databases(&project);
                names.iter().map(|name| all.contains(name)).collect()
            };
            project.sql(&format!("DROP DATABASE {live_name}"));
            run.ok();
            assert_eq!(left, [false, true, false], "{names:?}");
        }
    }
}

per_backend!(leftovers_of_killed_runs_are_dropped:
    scratch_left_by_a_killed_run_is_dropped_by_the_next_sqlite => Sqlite,
    scratch_left_by_a_killed_run_is_dropped_by_the_next_postgres => Postgres,
    scratch_left_by_a_killed_run_is_dropped_by_the_next_mysql => Mysql,
);

const SIGPIPE: i32 = 13;

/// Runs strata with stdout a pipe whose reading end is already closed, so its first write
/// fails with EPIPE; returns how it ended and its stderr, after checking that it left no
/// scratch database behind.
fn with_closed_stdout(project: &Project, args: &[&str]) -> (std::process::ExitStatus, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = project
        .strata_command(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let output = child.wait_with_output().unwrap();
    let left = match project.backend() {
        TestBackend::Sqlite => std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&format!("strata-scratch-{pid}_")))
            .collect(),
        _ => scratch_of(project, pid),
    };
    assert_eq!(left, Vec::<String>::new(), "strata {args:?} left scratch");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn closed_stdout_ends_quietly(backend: TestBackend) {
    let project = Project::on(backend);
    project.migration(
        "2024-01-01-000000_t",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE t;\n"),
    );
    project.strata(&["migration", "run"]).ok();
    for args in [
        &["print-schema"][..],
        &["completions", "bash"],
        &["migration", "check", "--format", "json"],
        &["migration", "check"],
        &["migration", "list"],
        &["migration", "list", "--format", "json"],
        &["migration", "status"],
        &["migration", "pending"],
        &["migration", "verify", "--all"],
        &["migration", "down-sql", "20240101000000"],
        &["migration", "redo"],
        &["schema", "diagram"],
    ] {
        let (status, stderr) = with_closed_stdout(&project, args);
        // A redo on MySQL warns on stderr before its first line of progress.
        let warned = backend == TestBackend::Mysql && args == ["migration", "redo"];
        let stderr = if warned {
            stderr
                .strip_prefix("warning: MySQL commits schema changes at once")
                .map_or(stderr.clone(), |rest| {
                    rest.split_once('\n')
                        .map_or("", |(_, after)| after)
                        .to_owned()
                })
        } else {
            stderr
        };
        assert_eq!(
            (status.code(), status.signal(), stderr.as_str()),
            (None, Some(SIGPIPE), ""),
            "strata {args:?} with stdout closed"
        );
    }
    // clap prints help itself and ignores the failed write: quiet too, with its exit 0.
    let (status, stderr) = with_closed_stdout(&project, &["--help"]);
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""));
}

per_backend!(closed_stdout_ends_quietly:
    a_closed_stdout_ends_strata_quietly_sqlite => Sqlite,
    a_closed_stdout_ends_strata_quietly_postgres => Postgres,
    a_closed_stdout_ends_strata_quietly_mysql => Mysql,
);

/// Runs each command that connects with each URL (none of which can connect, so nothing is
/// created), and checks that no piece of a password
/// (`s3cr...`, and `t4il`, the part after an `@` in it) is printed anywhere.
fn no_secret_is_printed(urls: &[&str]) {
    let project = Project::new();
    for url in urls {
        for args in [
            &["migration", "run"][..],
            &["migration", "list"],
            &["migration", "list", "--format", "json"],
            &["migration", "check", "--format", "json"],
            &["database", "setup"],
            &["migration", "verify", "--all"],
        ] {
            let mut full = args.to_vec();
            full.extend(["--database-url", url]);
            let run = project.strata_raw(&full);
            assert_ne!(run.code, 0, "strata {full:?}: {run:#?}");
            for secret in ["s3cr", "t4il"] {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "strata {full:?} printed {secret}: {run:#?}"
                );
            }
        }
    }
}

fn secrets_postgres(_: TestBackend) {
    no_secret_is_printed(&[
        "postgres://nobody@127.0.0.1/x?password=s3cretq",
        "postgres://nobody@127.0.0.1/x?PassWord=s3cretq",
        "postgres://nobody@127.0.0.1/x?pass%77ord=s3cretq",
        "postgres://nobody@127.0.0.1:1/x?sslpassword=s3cretq&password=s3cretz",
        "postgres://us:er:s3cr@t4il@127.0.0.1/x",
        "postgres://postgres:s3cr@t4il@127.0.0.1/x",
        "postgres://nobody:s3cr%40t4il@127.0.0.1/x",
        "postgres://nobody:s3cr%zzt4il@127.0.0.1/x",
        "postgres://nobody:s3cr?t4il@127.0.0.1/x",
    ]);
    // The shape of the message: the URL redacted, libpq's host name too.
    let run = Project::new().strata_raw(&[
        "migration",
        "run",
        "--database-url",
        "postgres://us:er:s3cr@t4il@127.0.0.1/x",
    ]);
    assert!(
        run.fails().starts_with(
            "error: could not connect to postgres://us:***@127.0.0.1/x: could not translate host \
             name \"***@127.0.0.1\" to address: "
        ),
        "{run:#?}"
    );
}

fn secrets_mysql(_: TestBackend) {
    no_secret_is_printed(&[
        "mysql://us:s3cr@t4il@127.0.0.1/x",
        "mysql://nobody:s3cretq@127.0.0.1/x",
        "mysql://nobody:s3cr%40t4il@127.0.0.1/x",
        "mysql://nobody@127.0.0.1:1/x?password=s3cretq",
        "mysql://nobody@127.0.0.1/x?PASSWORD=s3cretq",
    ]);
}

per_backend!(secrets_postgres:
    no_form_of_a_password_is_printed_postgres => Postgres,
);

per_backend!(secrets_mysql:
    no_form_of_a_password_is_printed_mysql => Mysql,
);
