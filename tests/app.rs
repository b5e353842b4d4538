//! The example app against a real database built by its own migrations, applied through
//! strata's library API (the way an application runs them at startup).

use strata::backend::{Connection as StrataConnection, DatabaseUrl};
use strata::migrate::{Count, Migrator, Quiet};
use strata_example::{
    comment, create_user, emails, front_page, publish, write_post, AppConnection,
};

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
    let mut conn = AppConnection::connect(&url).unwrap();

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
    let mut conn = AppConnection::connect(&url).unwrap();
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
