//! The runner's decisions against an in-memory ledger: what is pending, what runs in which
//! order, and what it refuses (out of order, edited, failed) or adopts, through the same
//! traits a backend implements.

use std::path::Path;

use super::{Accepted, Direction, Migrator, Observer, RunOptions};
use crate::migrate::checksum::Checksum;
use crate::migrate::memory::{migration, record, Memory};
use crate::migrate::source::Migration;
use crate::migrate::state::Standing;
use crate::migrate::MigrateError;

/// What the runner told its observer.
#[derive(Debug, Default)]
struct Seen {
    applied: Vec<String>,
    adopted: Vec<String>,
}

impl Observer for Seen {
    fn starting(&mut self, migration: &Migration, direction: Direction) {
        if direction == Direction::Up {
            self.applied.push(migration.name.clone());
        }
    }

    fn adopted(&mut self, versions: &[String]) {
        self.adopted.extend_from_slice(versions);
    }
}

fn migrator(db: &mut Memory, on_disk: Vec<Migration>) -> Migrator<'_> {
    Migrator::with_migrations(db, Path::new("migrations"), on_disk)
}

fn versions(migrations: &[Migration]) -> Vec<&str> {
    migrations.iter().map(|m| m.version.as_str()).collect()
}

/// `run_pending`'s result, with the migrations as their versions.
fn run(
    db: &mut Memory,
    on_disk: Vec<Migration>,
    seen: &mut Seen,
) -> Result<Vec<String>, MigrateError> {
    let applied = migrator(db, on_disk).run_pending(seen)?;
    Ok(applied.into_iter().map(|m| m.version).collect())
}

fn applied(db: &Memory) -> Vec<&str> {
    db.contents.applied.iter().map(String::as_str).collect()
}

#[test]
fn pending_is_what_the_ledger_lacks_and_runs_in_version_order() {
    let mut db = Memory::with(&["1"], vec![record("1", "CREATE TABLE t1", 1, None)]);
    let disk = || {
        vec![
            migration("3", "CREATE TABLE t3"),
            migration("1", "CREATE TABLE t1"),
            migration("2", "CREATE TABLE t2"),
        ]
    };
    let pending = migrator(&mut db, disk()).pending().unwrap();
    assert_eq!(versions(&pending), ["2", "3"]);

    let mut seen = Seen::default();
    assert_eq!(run(&mut db, disk(), &mut seen).unwrap(), ["2", "3"]);
    assert_eq!(seen.applied, ["2_m", "3_m"]);
    assert_eq!(db.contents.executed, ["CREATE TABLE t2", "CREATE TABLE t3"]);
    assert_eq!(applied(&db), ["1", "2", "3"]);
    let third = db.record("3").unwrap();
    assert_eq!(third.up_checksum, Checksum::of("CREATE TABLE t3"));
    assert_eq!(third.applied_order, 3);
    assert_eq!(third.down_sql.as_deref(), Some("DROP TABLE t3"));

    // Settled: a second run does nothing.
    assert!(run(&mut db, disk(), &mut Seen::default())
        .unwrap()
        .is_empty());
    assert_eq!(db.contents.executed.len(), 2);
}

#[test]
fn a_fresh_database_gets_the_state_tables_first() {
    let mut db = Memory::default();
    assert!(!db.contents.tables.ledger);
    let applied = run(
        &mut db,
        vec![migration("1", "CREATE TABLE t1")],
        &mut Seen::default(),
    );
    assert_eq!(applied.unwrap(), ["1"]);
    assert!(db.contents.tables.ledger && db.contents.tables.history);
}

#[test]
fn a_pending_migration_older_than_the_newest_applied_is_refused() {
    let state = || Memory::with(&["2"], vec![record("2", "CREATE TABLE t2", 1, None)]);
    let disk = || {
        vec![
            migration("1", "CREATE TABLE t1"),
            migration("2", "CREATE TABLE t2"),
        ]
    };

    let mut db = state();
    let error = run(&mut db, disk(), &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::OutOfOrder { migration, newest }
            if migration == "1_m" && newest == "2_m"),
        "{error:?}"
    );
    assert!(db.contents.executed.is_empty());
    assert_eq!(applied(&db), ["2"]);

    // On purpose, for the run...
    let mut db = state();
    let options = RunOptions {
        allow_out_of_order: true,
        ..RunOptions::default()
    };
    let applied_now = migrator(&mut db, disk())
        .with_options(options)
        .run_pending(&mut Seen::default())
        .unwrap();
    assert_eq!(versions(&applied_now), ["1"]);

    // ...or for the migration (its metadata.toml).
    let mut db = state();
    let mut early = migration("1", "CREATE TABLE t1");
    early.allow_out_of_order = true;
    let disk = vec![early, migration("2", "CREATE TABLE t2")];
    assert_eq!(run(&mut db, disk, &mut Seen::default()).unwrap(), ["1"]);
}

#[test]
fn an_edited_migration_is_refused_until_its_edit_is_accepted() {
    let mut db = Memory::with(
        &["1"],
        vec![record("1", "CREATE TABLE t1 (a INT)", 1, None)],
    );
    let disk = || {
        vec![
            migration("1", "CREATE TABLE t1"),
            migration("2", "CREATE TABLE t2"),
        ]
    };

    let entries = migrator(&mut db, disk()).entries().unwrap();
    assert_eq!(
        entries[0].standing,
        Standing::Edited {
            recorded: Checksum::of("CREATE TABLE t1 (a INT)").to_string(),
            current: Checksum::of("CREATE TABLE t1").to_string(),
        }
    );
    let error = run(&mut db, disk(), &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::Edited { version, .. } if version == "1"),
        "{error:?}"
    );
    assert!(db.contents.executed.is_empty(), "nothing runs past an edit");

    let accepted = migrator(&mut db, disk())
        .accept("1", &mut Seen::default())
        .unwrap();
    assert_eq!(
        accepted,
        Accepted::Edit {
            old: Checksum::of("CREATE TABLE t1 (a INT)"),
            new: Checksum::of("CREATE TABLE t1"),
        }
    );
    assert_eq!(run(&mut db, disk(), &mut Seen::default()).unwrap(), ["2"]);
}

#[test]
fn a_history_row_of_a_step_that_did_not_finish_blocks_the_run_until_cleared() {
    // What a run killed in a step that commits part by part leaves: the history row it
    // wrote before the step, still marked, and no ledger row.
    let unfinished = "the run did not finish: migrations/2_m/up.sql:1 and the statements \
                      after it may or may not have taken effect";
    let mut db = Memory::with(
        &["1"],
        vec![
            record("1", "CREATE TABLE t1", 1, None),
            record("2", "CREATE TABLE t2", 2, Some(unfinished)),
        ],
    );
    let disk = || {
        vec![
            migration("1", "CREATE TABLE t1"),
            migration("2", "CREATE TABLE t2"),
        ]
    };

    let entries = migrator(&mut db, disk()).entries().unwrap();
    assert!(matches!(
        &entries[1].standing,
        Standing::Failed { failure, reverting: false, .. } if failure == unfinished
    ));
    assert!(entries[1].is_pending());
    let error = run(&mut db, disk(), &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::FailedEarlier { migration, .. } if migration == "2_m"),
        "{error:?}"
    );
    assert!(db.contents.executed.is_empty());

    let cleared = migrator(&mut db, disk())
        .accept("2", &mut Seen::default())
        .unwrap();
    assert_eq!(cleared, Accepted::FailureCleared);
    assert!(db.record("2").is_none());
    assert_eq!(run(&mut db, disk(), &mut Seen::default()).unwrap(), ["2"]);
}

#[test]
fn a_step_that_fails_part_way_outside_a_transaction_is_recorded_as_failed() {
    let mut outside = migration("1", "CREATE TABLE a;\nFAIL");
    outside.run_in_transaction = false;
    let mut db = Memory::default();
    let error = run(&mut db, vec![outside.clone()], &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::Statement { line: 2, .. }),
        "{error:?}"
    );
    assert_eq!(db.contents.executed, ["CREATE TABLE a"]);
    assert!(applied(&db).is_empty());
    let failure = db.record("1").and_then(|r| r.failure.clone()).unwrap();
    assert!(
        failure.starts_with("migrations/1_m/up.sql:2: "),
        "{failure}"
    );

    let again = run(&mut db, vec![outside], &mut Seen::default()).unwrap_err();
    assert!(
        matches!(again, MigrateError::FailedEarlier { .. }),
        "{again:?}"
    );
}

#[test]
fn a_step_that_fails_in_its_transaction_leaves_nothing() {
    let mut db = Memory::default();
    let failing = migration("1", "CREATE TABLE a; FAIL");
    let error = run(&mut db, vec![failing], &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::Statement { line: 1, .. }),
        "{error:?}"
    );
    assert!(db.contents.executed.is_empty());
    assert!(
        db.contents.history.is_empty(),
        "an atomic step tracks nothing"
    );
}

#[test]
fn versions_diesel_applied_are_adopted_and_ones_it_reverted_forgotten() {
    // diesel_cli applied 1 and 2 (no strata history), and reverted 9 after strata applied it.
    let mut db = Memory::with(&["1", "2"], vec![record("9", "CREATE TABLE t9", 1, None)]);
    let disk = vec![
        migration("1", "CREATE TABLE t1"),
        migration("2", "CREATE TABLE t2"),
        migration("3", "CREATE TABLE t3"),
    ];
    let mut seen = Seen::default();
    assert_eq!(run(&mut db, disk, &mut seen).unwrap(), ["3"]);
    assert_eq!(seen.adopted, ["1", "2"]);
    assert_eq!(
        db.contents.executed,
        ["CREATE TABLE t3"],
        "adopting runs nothing"
    );
    assert!(db.record("9").is_none(), "forgotten");
    let adopted = db.record("2").unwrap();
    assert_eq!(adopted.up_checksum, Checksum::of("CREATE TABLE t2"));
    // The forgotten row's order is free again: orders follow the history that remains.
    assert_eq!(
        (db.record("1").unwrap().applied_order, adopted.applied_order),
        (1, 2)
    );
    assert_eq!(db.record("3").unwrap().applied_order, 3);
}

/// A migration squashing versions 1-3 (keeping version 3), as `migration squash` writes it.
fn squashed() -> Migration {
    let mut squashed = migration("3", "CREATE TABLE t1; CREATE TABLE t2; CREATE TABLE t3");
    squashed.replaces = vec!["1".into(), "2".into(), "3".into()];
    squashed
}

#[test]
fn a_database_that_applied_every_squashed_version_adopts_the_squash_without_running_it() {
    let mut db = Memory::with(
        &["1", "2", "3"],
        vec![
            record("1", "CREATE TABLE t1", 1, None),
            record("2", "CREATE TABLE t2", 2, None),
            record("3", "CREATE TABLE t3", 3, None),
        ],
    );
    let disk = || vec![squashed(), migration("4", "CREATE TABLE t4")];
    // Read-only commands already see it as applied.
    let pending = migrator(&mut db, disk()).pending().unwrap();
    assert_eq!(versions(&pending), ["4"]);
    assert_eq!(applied(&db), ["1", "2", "3"]);

    let mut seen = Seen::default();
    assert_eq!(run(&mut db, disk(), &mut seen).unwrap(), ["4"]);
    assert_eq!(db.contents.executed, ["CREATE TABLE t4"]);
    assert_eq!(applied(&db), ["3", "4"]);
    let adopted = db.record("3").unwrap();
    assert_eq!(adopted.up_checksum, *squashed().up_checksum());
    assert_eq!(adopted.applied_order, 3);
    assert!(db.record("1").is_none() && db.record("2").is_none());
    assert!(run(&mut db, disk(), &mut Seen::default())
        .unwrap()
        .is_empty());
}

#[test]
fn a_database_that_applied_some_squashed_versions_is_refused_before_anything_is_written() {
    let mut db = Memory::with(
        &["1", "2"],
        vec![
            record("1", "CREATE TABLE t1", 1, None),
            record("2", "CREATE TABLE t2", 2, None),
        ],
    );
    let error = run(&mut db, vec![squashed()], &mut Seen::default()).unwrap_err();
    assert!(
        matches!(&error, MigrateError::SplitSquash { applied, missing, .. }
            if applied == &["1", "2"] && missing == &["3"]),
        "{error}"
    );
    assert!(db.contents.executed.is_empty());
    assert_eq!(applied(&db), ["1", "2"]);
    assert!(migrator(&mut db, vec![squashed()]).entries().is_err());
}

#[test]
fn a_fresh_database_runs_the_squash_like_any_migration() {
    let mut db = Memory::with(&[], Vec::new());
    assert_eq!(
        run(&mut db, vec![squashed()], &mut Seen::default()).unwrap(),
        ["3"]
    );
    assert_eq!(applied(&db), ["3"]);
    assert_eq!(
        db.contents.executed,
        ["CREATE TABLE t1", "CREATE TABLE t2", "CREATE TABLE t3"]
    );
}

#[test]
fn a_second_squash_is_adopted_where_the_first_was() {
    // The first squash (1-3, kept as 3) was adopted; 4 and 5 followed. A second squash
    // replaces 1-5: versions 1 and 2 are no longer in the ledger, and need not be.
    let mut db = Memory::with(
        &["3", "4", "5"],
        vec![
            record(
                "3",
                "CREATE TABLE t1; CREATE TABLE t2; CREATE TABLE t3",
                3,
                None,
            ),
            record("4", "CREATE TABLE t4", 4, None),
            record("5", "CREATE TABLE t5", 5, None),
        ],
    );
    let mut second = migration("5", "CREATE TABLE t1; CREATE TABLE t5");
    second.replaces = ["1", "2", "3", "4", "5"].map(String::from).to_vec();
    assert!(run(&mut db, vec![second.clone()], &mut Seen::default())
        .unwrap()
        .is_empty());
    assert!(db.contents.executed.is_empty());
    assert_eq!(applied(&db), ["5"]);
    assert_eq!(db.record("5").unwrap().up_checksum, *second.up_checksum());
}
