//! The diesel-async example against a real PostgreSQL database: it migrates on a blocking
//! thread at start-up, then queries through its async connection; instances started at
//! once apply each migration once.

#[allow(dead_code)]
#[path = "../../../cli/tests/support/db.rs"]
mod db;

use db::{backends, TestBackend, TestDb};

#[test]
fn migrates_at_startup_then_queries_asynchronously() {
    if !backends().contains(&TestBackend::Postgres) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::create(TestBackend::Postgres, dir.path());
    let start = |name: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_strata-async-example"))
            .arg(name)
            .env("DATABASE_URL", db.url())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let outputs: Vec<_> = [start("Ada"), start("Bob"), start("Eve")]
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    let mut running = Vec::new();
    let mut counts = Vec::new();
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            match line.strip_prefix("Running migration ") {
                Some(name) => running.push(name.to_owned()),
                None => counts.push(line.to_owned()),
            }
        }
    }
    running.sort();
    assert_eq!(
        running,
        [
            "2026-01-10-090000-0000_create_users",
            "2026-01-11-090000-0000_create_posts",
            "2026-01-12-090000-0000_create_comments",
        ]
    );
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert_eq!(
        db.strings("SELECT name AS value FROM users ORDER BY name"),
        ["Ada", "Bob", "Eve"]
    );
}
