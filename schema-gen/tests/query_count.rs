//! Introspection reads the catalog in a constant number of queries: the same for 10 tables
//! as for 200 (diesel_cli's count grows with the table count). So does a full schema
//! snapshot (`migration verify`, `migration redo`). Queries are counted with
//! diesel's connection instrumentation, on real databases of each backend.
//!
//! PostgreSQL and MySQL come from `STRATA_TEST_POSTGRES_URL` / `STRATA_TEST_MYSQL_URL`
//! (server URLs without a database; the local servers by default). An unreachable server
//! fails the test in CI (`CI` set) and is skipped with a notice elsewhere.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};
use strata_schema_gen::snapshot::{ObjectKind, Snapshot};
use strata_schema_gen::PrintSchemaOptions;

const SIZES: [usize; 2] = [10, 200];

/// `n` tables, each with a key, typed columns, a unique constraint and a foreign key to the
/// previous table, written in SQL all three backends accept.
fn schema_sql(n: usize, enum_type: Option<&str>) -> String {
    let mut sql = String::new();
    for i in 0..n {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(", parent_id INTEGER REFERENCES t{} (id)", i - 1)
        };
        let extra = enum_type.map(|t| format!(", mood {t}")).unwrap_or_default();
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, \
             note TEXT, amount NUMERIC(10, 2){extra}{parent});\n"
        ));
    }
    sql
}

/// A view over each of `schema_sql`'s `n` tables.
fn views_sql(n: usize) -> String {
    (0..n)
        .map(|i| format!("CREATE VIEW v{i} AS SELECT id, code FROM t{i};\n"))
        .collect()
}

/// With `include_views`, the views come with the tables from the same queries.
fn with_views() -> PrintSchemaOptions {
    PrintSchemaOptions {
        include_views: true,
        ..PrintSchemaOptions::default()
    }
}

/// Every table, foreign key and unique constraint of `schema_sql(n, …)` is in the snapshot,
/// with `indexes` unique constraints and indexes in all (MySQL adds one per foreign key).
fn assert_snapshot_of(snapshot: &Snapshot, n: usize, indexes: usize) {
    assert_eq!(snapshot.of_kind(ObjectKind::Table).count(), n);
    assert_eq!(snapshot.of_kind(ObjectKind::ForeignKey).count(), n - 1);
    assert_eq!(snapshot.of_kind(ObjectKind::PrimaryKey).count(), n);
    let uniques =
        snapshot.of_kind(ObjectKind::Unique).count() + snapshot.of_kind(ObjectKind::Index).count();
    assert_eq!(uniques, indexes);
}

/// A counter of statements a connection starts.
fn counter() -> (Arc<AtomicUsize>, impl Instrumentation) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let instrumentation = move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    };
    (count, instrumentation)
}

#[test]
fn sqlite_introspection_issues_a_constant_number_of_queries() {
    for n in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.db");
        let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        conn.batch_execute(&schema_sql(n, None)).unwrap();
        let (count, instrumentation) = counter();
        conn.set_instrumentation(instrumentation);
        let found =
            strata_schema_gen::sqlite::introspect(&mut conn, &PrintSchemaOptions::default())
                .unwrap();
        assert_eq!(found.schema.tables.len(), n);
        assert_eq!(found.schema.foreign_keys.len(), n - 1);
        assert_eq!(
            count.load(Ordering::SeqCst),
            strata_schema_gen::sqlite::QUERY_COUNT,
            "{n} tables"
        );
        count.store(0, Ordering::SeqCst);
        let snapshot = strata_schema_gen::sqlite::snapshot::snapshot(&mut conn).unwrap();
        assert_snapshot_of(&snapshot, n, n);
        assert_eq!(
            count.load(Ordering::SeqCst),
            strata_schema_gen::sqlite::snapshot::SNAPSHOT_QUERY_COUNT,
            "snapshot of {n} tables"
        );
        conn.batch_execute(&views_sql(n)).unwrap();
        count.store(0, Ordering::SeqCst);
        let found = strata_schema_gen::sqlite::introspect(&mut conn, &with_views()).unwrap();
        assert_eq!(found.schema.tables.len(), 2 * n);
        assert_eq!(
            count.load(Ordering::SeqCst),
            strata_schema_gen::sqlite::QUERY_COUNT,
            "{n} tables and {n} views"
        );
    }
}

#[test]
fn postgres_introspection_issues_a_constant_number_of_queries() {
    let Some(server) = server(
        "STRATA_TEST_POSTGRES_URL",
        "postgres://postgres@127.0.0.1:5432",
    ) else {
        return;
    };
    let admin_url = format!("{server}/postgres");
    for n in SIZES {
        let name = unique_name();
        let mut admin = PgConnection::establish(&admin_url).unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let result = std::panic::catch_unwind(|| {
            let mut conn = PgConnection::establish(&format!("{server}/{name}")).unwrap();
            let sql = format!(
                "CREATE TYPE mood AS ENUM ('sad', 'happy');\n{}",
                schema_sql(n, Some("mood"))
            );
            conn.batch_execute(&sql).unwrap();
            let (count, instrumentation) = counter();
            conn.set_instrumentation(instrumentation);
            let found =
                strata_schema_gen::postgres::introspect(&mut conn, &PrintSchemaOptions::default())
                    .unwrap();
            assert_eq!(found.schema.tables.len(), n);
            assert_eq!(found.schema.foreign_keys.len(), n - 1);
            assert_eq!(found.schema.custom_types.len(), 1);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::postgres::QUERY_COUNT,
                "{n} tables"
            );
            count.store(0, Ordering::SeqCst);
            let snapshot =
                strata_schema_gen::postgres::snapshot::snapshot(&mut conn, None).unwrap();
            assert_snapshot_of(&snapshot, n, n);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::postgres::snapshot::SNAPSHOT_QUERY_COUNT,
                "snapshot of {n} tables"
            );
            conn.batch_execute(&views_sql(n)).unwrap();
            count.store(0, Ordering::SeqCst);
            let found = strata_schema_gen::postgres::introspect(&mut conn, &with_views()).unwrap();
            assert_eq!(found.schema.tables.len(), 2 * n);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::postgres::QUERY_COUNT,
                "{n} tables and {n} views"
            );
        });
        admin
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn mysql_introspection_issues_a_constant_number_of_queries() {
    let Some(server) = server("STRATA_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306") else {
        return;
    };
    let admin_url = format!("{server}/information_schema");
    for n in SIZES {
        let name = unique_name();
        let mut admin = MysqlConnection::establish(&admin_url).unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let result = std::panic::catch_unwind(|| {
            let mut conn = MysqlConnection::establish(&format!("{server}/{name}")).unwrap();
            conn.batch_execute(&schema_sql(n, Some("ENUM('sad', 'happy')")))
                .unwrap();
            let (count, instrumentation) = counter();
            conn.set_instrumentation(instrumentation);
            let found =
                strata_schema_gen::mysql::introspect(&mut conn, &PrintSchemaOptions::default())
                    .unwrap();
            assert_eq!(found.schema.tables.len(), n);
            assert_eq!(found.schema.foreign_keys.len(), n - 1);
            // MySQL enums are typed per column.
            assert_eq!(found.schema.custom_types.len(), n);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::mysql::QUERY_COUNT,
                "{n} tables"
            );
            count.store(0, Ordering::SeqCst);
            let snapshot = strata_schema_gen::mysql::snapshot::snapshot(&mut conn).unwrap();
            assert_snapshot_of(&snapshot, n, 2 * n - 1);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::mysql::snapshot::SNAPSHOT_QUERY_COUNT,
                "snapshot of {n} tables"
            );
            conn.batch_execute(&views_sql(n)).unwrap();
            count.store(0, Ordering::SeqCst);
            let found = strata_schema_gen::mysql::introspect(&mut conn, &with_views()).unwrap();
            assert_eq!(found.schema.tables.len(), 2 * n);
            assert_eq!(
                count.load(Ordering::SeqCst),
                strata_schema_gen::mysql::QUERY_COUNT,
                "{n} tables and {n} views"
            );
        });
        admin
            .batch_execute(&format!("DROP DATABASE {name}"))
            .unwrap();
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    }
}

/// The server URL to test against, or `None` (with a notice) when it is unreachable
/// outside CI. In CI an unreachable server fails the test.
fn server(var: &str, default: &str) -> Option<String> {
    let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let url = url.trim_end_matches('/').to_owned();
    let probe = if url.starts_with("mysql") {
        MysqlConnection::establish(&format!("{url}/information_schema")).map(drop)
    } else {
        PgConnection::establish(&format!("{url}/postgres")).map(drop)
    };
    match probe {
        Ok(()) => Some(url),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("{url} is unreachable ({e}); CI tests every backend")
        }
        Err(e) => {
            eprintln!("note: skipping: {url} is unreachable ({e})");
            None
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "strata_qc_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
