//! Eight instances of the example app starting at once on a new database, on each backend,
//! each migrating through a connection from its own pool: every migration is applied once,
//! by one of them, the ledger holds it once, and every instance then serves.

#![cfg(all(feature = "postgres", feature = "mysql"))]

#[allow(dead_code)]
#[path = "../cli/tests/support/db.rs"]
mod db;

use db::{backends, TestBackend, TestDb};
use strata_example::{front_page, AppConnection};

const INSTANCES: usize = 8;

fn eight_instances_starting_at_once_migrate_once(backend: TestBackend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::create(backend, dir.path());
    let children: Vec<_> = (0..INSTANCES)
        .map(|n| {
            std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
                .args([format!("Author{n}"), format!("Post {n}")])
                .env("DATABASE_URL", db.url())
                .current_dir(dir.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    let mut running = Vec::new();
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        running.extend(
            stdout
                .lines()
                .filter_map(|l| l.strip_prefix("Running migration "))
                .map(str::to_owned),
        );
    }
    running.sort();
    assert_eq!(
        running,
        [
            "2026-01-10-090000-0000_create_users",
            "2026-01-11-090000-0000_create_posts",
            "2026-01-12-090000-0000_create_comments",
        ],
        "each migration applied by exactly one instance"
    );
    assert_eq!(
        db.strings("SELECT version AS value FROM __diesel_schema_migrations ORDER BY version"),
        [
            "202601100900000000",
            "202601110900000000",
            "202601120900000000"
        ]
    );
    let mut conn = AppConnection::connect(db.url()).unwrap();
    assert_eq!(front_page(&mut conn).unwrap().len(), INSTANCES);
}

macro_rules! on_each_backend {
    ($($name:ident => $backend:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                if backends().contains(&TestBackend::$backend) {
                    eight_instances_starting_at_once_migrate_once(TestBackend::$backend);
                }
            }
        )*
    };
}

on_each_backend!(sqlite => Sqlite, postgres => Postgres, mysql => Mysql);
