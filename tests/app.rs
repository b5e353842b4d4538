//! The example app against a real database built by its own migrations, applied through
//! strata's library API (the way an application runs them at startup).

use diesel::{Connection, SqliteConnection};
use strata::backend::{Connection as StrataConnection, DatabaseUrl};
use strata::migrate::{Count, Migrator, Quiet};
use strata_example::{comment, create_user, emails, front_page, publish, write_post};

fn migrated_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("app.db").display().to_string();
    let mut conn = StrataConnection::establish(&DatabaseUrl::parse(&url).unwrap()).unwrap();
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let applied = Migrator::new(conn.migrations(), &migrations)
        .unwrap()
        .run_pending(&mut Quiet)
        .unwrap();
    assert_eq!(applied.len(), 3);
    (dir, url)
}

#[test]
fn typed_queries_run_against_the_migrated_schema() {
    let (_dir, url) = migrated_database();
    let mut conn = SqliteConnection::establish(&url).unwrap();

    let ada = create_user(&mut conn, "Ada", "ada@example.com").unwrap();
    let bob = create_user(&mut conn, "Bob", "bob@example.com").unwrap();
    let draft = write_post(&mut conn, &ada, "Draft", "not yet").unwrap();
    let post = write_post(&mut conn, &bob, "Hello", "first post").unwrap();
    publish(&mut conn, &post).unwrap();
    comment(&mut conn, &post, Some(&ada), "welcome").unwrap();
    comment(&mut conn, &post, None, "anonymous").unwrap();
    comment(&mut conn, &draft, Some(&bob), "early").unwrap();

    assert_eq!(
        front_page(&mut conn).unwrap(),
        vec![("Hello".to_owned(), "Bob".to_owned(), 2)]
    );
    assert_eq!(
        emails(&mut conn).unwrap(),
        vec!["ada@example.com".to_owned(), "bob@example.com".to_owned()]
    );
}

#[test]
fn the_unique_email_constraint_from_the_migrations_holds() {
    let (_dir, url) = migrated_database();
    let mut conn = SqliteConnection::establish(&url).unwrap();
    create_user(&mut conn, "Ada", "ada@example.com").unwrap();
    let duplicate = create_user(&mut conn, "Ada again", "ada@example.com");
    assert!(duplicate.is_err(), "{duplicate:?}");
}

#[test]
fn every_migration_reverts_cleanly() {
    let (_dir, url) = migrated_database();
    let mut conn = StrataConnection::establish(&DatabaseUrl::parse(&url).unwrap()).unwrap();
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut migrator = Migrator::new(conn.migrations(), &migrations).unwrap();
    let reverted = migrator.revert(Count::All, &mut Quiet).unwrap();
    assert_eq!(reverted.len(), 3);
    assert_eq!(migrator.pending().unwrap().len(), 3);
    // And they apply again on the emptied database.
    assert_eq!(migrator.run_pending(&mut Quiet).unwrap().len(), 3);
}

/// Eight instances of the app starting at once on a new database, each migrating through a
/// connection from its own pool: the migrations are applied once, by one of them, and every
/// instance then serves.
#[test]
fn eight_instances_starting_at_once_migrate_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("app.db").display().to_string();
    let children: Vec<_> = (0..8)
        .map(|n| {
            std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
                .args([format!("Author{n}"), format!("Post {n}")])
                .env("DATABASE_URL", &url)
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
    let mut running = 0;
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        running += stdout
            .lines()
            .filter(|l| l.starts_with("Running migration "))
            .count();
    }
    assert_eq!(running, 3, "each of the three migrations applied once");
    let mut conn = SqliteConnection::establish(&url).unwrap();
    assert_eq!(front_page(&mut conn).unwrap().len(), 8);
}
