//! The startup API (`strata::startup`): an application applying its own migrations, embedded
//! with `strata::embed_migrations!` or read from a directory, must leave the database exactly
//! as `strata migration run` would (the CLI then finds it clean), take the same lock, and
//! refuse what the CLI refuses. Runs on every backend.

#[macro_use]
mod support;

use std::path::{Path, PathBuf};

use strata::migrate::checksum::Checksum;
use strata::migrate::embedded::EmbeddedMigrations;
use strata::migrate::MigrateError;
use strata::startup::{Startup, StartupError};
use support::{Project, TestBackend};

const EMBEDDED: EmbeddedMigrations = strata::embed_migrations!("tests/startup_migrations");

const USERS: &str = "2024-01-01-000000_create_users";
const POSTS: &str = "2024-01-02-000000_create_posts";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/startup_migrations")
}

/// The fixture migrations copied into the project, for tests that change them.
fn copy_fixture(project: &Project) {
    for name in [USERS, POSTS] {
        for file in ["up.sql", "down.sql"] {
            let text = std::fs::read_to_string(fixture_dir().join(name).join(file)).unwrap();
            project.file(&format!("migrations/{name}/{file}"), text);
        }
    }
}

/// embed_migrations! computes the checksums at compile time: they must be the ones the CLI
/// computes from the files on disk, or every start-up would find its migrations edited.
#[test]
fn embedded_checksums_are_the_ones_the_cli_computes() {
    let migrations = EMBEDDED.migrations().unwrap();
    assert_eq!(migrations.len(), 2);
    for migration in migrations {
        let on_disk = |file: &str| {
            let path = fixture_dir().join(&migration.name).join(file);
            Checksum::of(&std::fs::read_to_string(path).unwrap())
        };
        assert_eq!(
            *migration.up_checksum(),
            on_disk("up.sql"),
            "{}",
            migration.name
        );
        assert_eq!(
            migration.down_checksum(),
            Some(&on_disk("down.sql")),
            "{}",
            migration.name
        );
    }
}

fn embedded_migrations_apply_once_and_the_cli_agrees(backend: TestBackend) {
    let project = Project::on(backend);
    let url = project.db_url();
    let applied = Startup::embedded(EMBEDDED).quiet().run(&url).unwrap();
    assert_eq!(applied, [USERS, POSTS], "{backend:?}");
    assert_eq!(project.ledger(), ["20240101000000", "20240102000000"]);

    // Nothing pending at the next start.
    let again = Startup::embedded(EMBEDDED).quiet().run(&url).unwrap();
    assert!(again.is_empty(), "{backend:?}: {again:?}");

    // The CLI, reading the same migrations from disk, sees its own work: same
    // versions, same checksums.
    let dir = fixture_dir().display().to_string();
    let check = project.strata(&["migration", "check", "--migration-dir", &dir]);
    assert_eq!(
        check.ok(),
        "clean: 2 migrations applied, none pending; schema files match the database\n",
        "{backend:?}"
    );
}

per_backend!(embedded_migrations_apply_once_and_the_cli_agrees:
    embedded_migrations_apply_once_and_the_cli_agrees_sqlite => Sqlite,
    embedded_migrations_apply_once_and_the_cli_agrees_postgres => Postgres,
    embedded_migrations_apply_once_and_the_cli_agrees_mysql => Mysql,
);

fn startup_refuses_an_edited_migration_as_the_cli_does(backend: TestBackend) {
    let project = Project::on(backend);
    copy_fixture(&project);
    let dir = project.path().join("migrations");
    Startup::from_dir(&dir)
        .quiet()
        .run(&project.db_url())
        .unwrap();

    project.file(
        &format!("migrations/{USERS}/up.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(80) NOT NULL);\n",
    );
    let error = Startup::from_dir(&dir)
        .quiet()
        .run(&project.db_url())
        .unwrap_err();
    assert!(
        matches!(&error, StartupError::Migrate(MigrateError::Edited { migration, .. }) if migration == USERS),
        "{backend:?}: {error:?}"
    );
    let cli = project.strata(&["migration", "run"]).fails();
    // The same message (the CLI shows paths relative to where it runs).
    let prefix = format!("{}/", project.path().display());
    assert_eq!(
        format!("error: {error}\n").replace(&prefix, ""),
        cli,
        "{backend:?}"
    );
}

per_backend!(startup_refuses_an_edited_migration_as_the_cli_does:
    startup_refuses_an_edited_migration_as_the_cli_does_sqlite => Sqlite,
    startup_refuses_an_edited_migration_as_the_cli_does_postgres => Postgres,
    startup_refuses_an_edited_migration_as_the_cli_does_mysql => Mysql,
);

fn instances_starting_together_apply_each_migration_once(backend: TestBackend) {
    let project = Project::on(backend);
    copy_fixture(&project);
    let dir = project.path().join("migrations");
    let url = project.db_url();
    let applied: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| Startup::from_dir(&dir).quiet().run(&url).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<String> = applied.into_iter().flatten().collect();
    all.sort();
    assert_eq!(
        all,
        [USERS, POSTS],
        "{backend:?}: each applied exactly once"
    );
    assert_eq!(project.history(), ["20240101000000", "20240102000000"]);
}

per_backend!(instances_starting_together_apply_each_migration_once:
    instances_starting_together_apply_each_migration_once_sqlite => Sqlite,
    instances_starting_together_apply_each_migration_once_postgres => Postgres,
    instances_starting_together_apply_each_migration_once_mysql => Mysql,
);

/// The application's own diesel connection for the project's database.
fn with_app_connection<T>(
    project: &Project,
    work: impl FnOnce(&mut dyn FnMut(&Startup, Op) -> Result<Vec<String>, StartupError>) -> T,
) -> T {
    use diesel::Connection;
    let url = project.db_url();
    match project.backend() {
        TestBackend::Sqlite => {
            let mut conn = diesel::SqliteConnection::establish(&url).unwrap();
            // As an application sharing a SQLite file between connections sets it.
            diesel::connection::SimpleConnection::batch_execute(
                &mut conn,
                "PRAGMA busy_timeout = 10000",
            )
            .unwrap();
            work(&mut |startup, op| op.on(startup, &mut conn))
        }
        TestBackend::Postgres => {
            let mut conn = diesel::PgConnection::establish(&url).unwrap();
            work(&mut |startup, op| op.on(startup, &mut conn))
        }
        TestBackend::Mysql => {
            let mut conn = diesel::MysqlConnection::establish(&url).unwrap();
            work(&mut |startup, op| op.on(startup, &mut conn))
        }
    }
}

/// What the application asks of strata on its connection.
#[derive(Clone, Copy)]
enum Op {
    Run,
    Pending,
    RevertLast,
}

impl Op {
    fn on(
        self,
        startup: &Startup,
        conn: &mut impl strata::startup::MigrationTarget,
    ) -> Result<Vec<String>, StartupError> {
        match self {
            Op::Run => startup.run_with(conn),
            Op::Pending => startup.pending_with(conn),
            Op::RevertLast => Ok(startup.revert_last_with(conn)?.into_iter().collect()),
        }
    }
}

/// On the application's own connection: pending, run, nothing pending, revert the last,
/// pending again, an edited migration refused with a typed error, and the CLI agrees with
/// what the connection did.
fn the_applications_own_connection(backend: TestBackend) {
    let project = Project::on(backend);
    copy_fixture(&project);
    let dir = project.path().join("migrations");
    let startup = Startup::from_dir(&dir).quiet();
    with_app_connection(&project, |call| {
        assert_eq!(call(&startup, Op::Pending).unwrap(), [USERS, POSTS]);
        assert_eq!(call(&startup, Op::Run).unwrap(), [USERS, POSTS]);
        assert_eq!(call(&startup, Op::Pending).unwrap(), Vec::<String>::new());
        assert_eq!(call(&startup, Op::Run).unwrap(), Vec::<String>::new());
        assert_eq!(call(&startup, Op::RevertLast).unwrap(), [POSTS]);
        assert_eq!(call(&startup, Op::Pending).unwrap(), [POSTS]);
    });
    assert_eq!(project.ledger(), ["20240101000000"]);
    assert_eq!(
        project.strata(&["migration", "list"]).ok(),
        format!("Migrations:\n  [X] {USERS}\n  [ ] {POSTS}\n")
    );
    project.file(
        &format!("migrations/{USERS}/up.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL); -- edited\n",
    );
    with_app_connection(&project, |call| {
        for op in [Op::Pending, Op::Run] {
            let error = call(&startup, op).unwrap_err();
            assert!(
                matches!(&error, StartupError::Migrate(MigrateError::Edited { migration, .. }) if migration == USERS),
                "{error:?}"
            );
        }
    });
}

per_backend!(the_applications_own_connection:
    the_applications_own_connection_sqlite => Sqlite,
    the_applications_own_connection_postgres => Postgres,
    the_applications_own_connection_mysql => Mysql,
);

/// Eight instances, each with its own connection from the application, starting at once:
/// the lock lives on those connections, and each migration is applied once.
fn eight_instances_on_their_own_connections(backend: TestBackend) {
    let project = Project::on(backend);
    copy_fixture(&project);
    let dir = project.path().join("migrations");
    let applied: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    let startup = Startup::from_dir(&dir).quiet();
                    with_app_connection(&project, |call| call(&startup, Op::Run).unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<String> = applied.into_iter().flatten().collect();
    all.sort();
    assert_eq!(all, [USERS, POSTS], "each applied exactly once");
    assert_eq!(project.history(), ["20240101000000", "20240102000000"]);
}

per_backend!(eight_instances_on_their_own_connections:
    eight_instances_on_their_own_connections_sqlite => Sqlite,
    eight_instances_on_their_own_connections_postgres => Postgres,
    eight_instances_on_their_own_connections_mysql => Mysql,
);

/// Tests use an in-memory SQLite database: strata runs on it as on a file.
#[test]
fn an_in_memory_sqlite_database() {
    use diesel::Connection;
    let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
    let startup = Startup::embedded(EMBEDDED).quiet();
    assert_eq!(startup.run_with(&mut conn).unwrap(), [USERS, POSTS]);
    assert_eq!(
        startup.pending_with(&mut conn).unwrap(),
        Vec::<String>::new()
    );
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    use diesel::RunQueryDsl;
    let versions: Vec<Version> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load(&mut conn)
            .unwrap();
    let versions: Vec<String> = versions.into_iter().map(|v| v.version).collect();
    assert_eq!(versions, ["20240101000000", "20240102000000"]);
}
