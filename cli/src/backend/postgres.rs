//! PostgreSQL.

use std::borrow::Cow;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use strata_schema_gen::quote::{self, Quote};
use strata_schema_gen::{Introspection, PrintSchemaOptions};

mod lint;

use super::held::Held;
use super::ledger::{self, SharedLedger};
use super::lock::{self, ConnectionLock, HeldLock, LockError, LockWait};
pub use super::postgres_admin::PostgresAdmin;
use super::{connect_error, Catalog, ConnectError, DatabaseUrl};
use crate::migrate::apply::{Step, StepError, StepRunner};
use crate::migrate::connection::{MigrationConnection, Snapshots};
use crate::migrate::contents::Contents;
use crate::migrate::dialect::Dialect;
use crate::migrate::lock::Locking;
use crate::migrate::script::SplitRules;

pub struct Postgres<'c> {
    conn: Held<'c, PgConnection>,
    /// Where a connection of its own for the lock goes; `None` for the application's own
    /// connection, which then holds the lock itself.
    url: Option<DatabaseUrl>,
}

/// The advisory lock's key, "strata" in ASCII plus 1. Advisory locks are per database, so
/// one constant serves every database on a server. pg_locks shows a bigint key as its high
/// and low halves.
const LOCK_KEY: i64 = 0x7374_7261_7461_0001;
const LOCK_KEY_HIGH: i64 = LOCK_KEY >> 32;
const LOCK_KEY_LOW: i64 = LOCK_KEY & 0xffff_ffff;

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Bool)]
    taken: bool,
}

#[derive(QueryableByName)]
struct LockHolder {
    #[diesel(sql_type = Text)]
    holder: String,
}

/// Who holds the advisory lock: pid, application name, client, and since when its
/// connection is open.
fn advisory_lock_holder(conn: &mut PgConnection) -> String {
    let query = format!(
        "SELECT format('PostgreSQL backend pid %s (%s, from %s, connected since %s)', a.pid, \
         COALESCE(NULLIF(a.application_name, ''), 'no application name'), \
         COALESCE(host(a.client_addr), 'a local socket'), \
         to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')) AS holder \
         FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted \
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND l.classid = {LOCK_KEY_HIGH}::oid AND l.objid = {LOCK_KEY_LOW}::oid \
         AND l.objsubid = 1"
    );
    diesel::sql_query(query)
        .get_result::<LockHolder>(conn)
        .map(|row| row.holder)
        .unwrap_or_else(|_| "another session".to_owned())
}

/// Where a bundled libpq (the default build, see ARCHITECTURE.md) looks for a local server's
/// socket when the URL names no host: Debian's, Ubuntu's and Fedora's servers listen in
/// /var/run/postgresql, upstream's default (the only one the bundled libpq knows) is /tmp.
const LOCAL_SOCKET_DIRS: &str = "/var/run/postgresql,/tmp";

/// The connection URL handed to libpq. A URL that names no host (`postgres:///app`) gets
/// both socket directories, tried in that order, so that the bundled libpq finds the
/// server a distribution's own libpq would. A host or service in the URL, or
/// PGHOST/PGHOSTADDR/PGSERVICE, speaks for itself.
fn libpq_url(url: &DatabaseUrl) -> Cow<'_, str> {
    let libpq_knows_the_distribution = !cfg!(feature = "bundled-libpq");
    let environment_names_host = ["PGHOST", "PGHOSTADDR", "PGSERVICE"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if libpq_knows_the_distribution || environment_names_host || url.names_host() {
        return Cow::Borrowed(url.expose());
    }
    Cow::Owned(with_socket_dirs(url))
}

/// `url` with `host=` the local socket directories added to its query.
fn with_socket_dirs(url: &DatabaseUrl) -> String {
    let separator = match url.query() {
        None => "?",
        Some(query) if query.is_empty() || query.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{}{separator}host={LOCAL_SOCKET_DIRS}", url.expose())
}

/// The first libpq release that knows `sslrootcert=system` (the system's CA store, and
/// `verify-full` at least). An older one reads `system` as a file name, and under
/// `sslmode=require` goes on unverified when that file is missing.
const LIBPQ_WITH_SYSTEM_ROOTS: i32 = 160_000;

/// The linked libpq's version (`PQlibVersion`: 180006 for 18.6).
#[allow(unsafe_code)]
fn libpq_version() -> i32 {
    // SAFETY: PQlibVersion takes nothing and only returns a constant.
    unsafe { pq_sys::PQlibVersion() }
}

/// Why a libpq of `version` (`PQlibVersion`'s number) is not asked to read
/// `sslrootcert=system`.
fn old_libpq_refuses_system_roots(version: i32) -> String {
    format!(
        "sslrootcert=system needs libpq 16 or later, and this strata is linked with libpq {}, \
         which would read `system` as a file name (and, under sslmode=require, go on without \
         checking the certificate when that file is missing); name the CA file with \
         sslrootcert=<file>, or use a strata built with its own libpq (the default build)",
        version / 10_000
    )
}

/// Connects as `url` says. libpq enforces `sslmode` and `sslrootcert` itself; strata only
/// refuses what an old libpq would read differently from the documentation.
pub(super) fn connect(url: &DatabaseUrl) -> Result<PgConnection, ConnectError> {
    let wants_system_roots = url
        .query_param("sslrootcert")
        .is_some_and(|value| value == "system");
    if wants_system_roots && libpq_version() < LIBPQ_WITH_SYSTEM_ROOTS {
        return Err(ConnectError {
            url: url.to_string(),
            message: old_libpq_refuses_system_roots(libpq_version()),
        });
    }
    PgConnection::establish(&libpq_url(url)).map_err(|e| connect_error(url, &e))
}

#[derive(QueryableByName)]
struct SslRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    tls_version: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    cipher: Option<String>,
}

impl std::fmt::Debug for Postgres<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Postgres")
    }
}

impl Postgres<'_> {
    pub fn establish(url: &DatabaseUrl) -> Result<Postgres<'static>, ConnectError> {
        let mut conn = connect(url)?;
        // If strata is killed during a long statement, the server would otherwise run the
        // statement to its end, holding its locks, before noticing the client is gone
        // (PostgreSQL 14+; older servers reject the setting, and keep their old behaviour).
        let _ = conn.batch_execute("SET client_connection_check_interval = '1s'");
        Ok(Postgres {
            conn: Held::Owned(conn),
            url: Some(url.clone()),
        })
    }
}

impl<'c> Postgres<'c> {
    /// The application's own connection, which then also holds the migration lock.
    pub fn borrow(conn: &'c mut PgConnection) -> Postgres<'c> {
        Postgres {
            conn: Held::Borrowed(conn),
            url: None,
        }
    }
}

/// Takes the advisory lock if it is free.
fn try_advisory_lock(conn: &mut PgConnection) -> Result<bool, LockError> {
    diesel::sql_query(format!("SELECT pg_try_advisory_lock({LOCK_KEY}) AS taken"))
        .get_result::<Taken>(conn)
        .map(|row| row.taken)
        .map_err(|e| LockError::Failed(e.to_string()))
}

#[derive(QueryableByName)]
struct ExtensionRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    schema: String,
}

#[derive(QueryableByName)]
struct SettingRow {
    #[diesel(sql_type = Text)]
    setting: String,
}

/// PostgreSQL's SQL: dollar quotes hide `;`, and schema changes roll back with everything
/// else.
#[derive(Debug)]
pub struct PostgresDialect;

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn explain(&self, error: &str) -> Option<&'static str> {
        error.contains("out of shared memory").then_some(
            "one transaction that creates or drops this many objects needs more locks than the \
             server's max_locks_per_transaction allows: raise it, or work on fewer objects at \
             once",
        )
    }

    fn split_rules(&self) -> SplitRules {
        SplitRules {
            dollar_quotes: true,
            ..SplitRules::STANDARD
        }
    }

    fn identifier_quote(&self) -> Quote {
        Quote::Double
    }
}

impl MigrationConnection for Postgres<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        &PostgresDialect
    }

    fn lint_probe(&mut self) -> Option<Box<dyn crate::migrate::lint::LintProbe + '_>> {
        Some(Box::new(lint::Probe::new(self)))
    }

    fn contents(&mut self) -> Option<&mut dyn Contents> {
        Some(self)
    }
}

impl SharedLedger for Postgres<'_> {
    type Conn = PgConnection;

    fn conn(&mut self) -> &mut PgConnection {
        &mut self.conn
    }

    // to_regclass resolves the names through search_path, as the unqualified CREATE TABLE
    // and INSERT of the ledger do.
    const STATE_TABLES: &'static str =
        "SELECT name FROM unnest(ARRAY['__diesel_schema_migrations', \
         '__strata_migrations']) AS name WHERE to_regclass(name) IS NOT NULL";
}

impl StepRunner for Postgres<'_> {
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        // PostgreSQL rolls DDL back with everything else: a failed migration leaves nothing.
        ledger::apply_step(&mut *self.conn, step, ledger::write_ledger)
    }

    fn begin_all(&mut self) -> QueryResult<()> {
        ledger::begin(&mut *self.conn)
    }

    fn commit_all(&mut self) -> QueryResult<()> {
        ledger::commit(&mut *self.conn)
    }

    fn rollback_all(&mut self) -> QueryResult<()> {
        ledger::rollback(&mut *self.conn)
    }
}

impl Locking for Postgres<'_> {
    fn read_before_locking(&self) -> bool {
        // Where the lock is a connection of its own, an unlocked read saves opening it.
        self.url.is_some()
    }

    fn lock(
        &mut self,
        wait: &LockWait,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError> {
        let failed = |e: &dyn std::fmt::Display| LockError::Failed(e.to_string());
        let Some(url) = &self.url else {
            // The application's connection holds the lock itself, until `unlock`.
            lock::wait_for(
                wait,
                waiting,
                &mut *self.conn,
                try_advisory_lock,
                advisory_lock_holder,
            )?;
            return Ok(Box::new(lock::SessionLock));
        };
        let mut conn = connect(url).map_err(|e| failed(&e))?;
        // Named, so that whoever waits for this lock is told who holds it.
        conn.batch_execute(&format!(
            "SET application_name = 'strata (pid {})'",
            std::process::id()
        ))
        .map_err(|e| failed(&e))?;
        lock::wait_for(
            wait,
            waiting,
            &mut conn,
            try_advisory_lock,
            advisory_lock_holder,
        )?;
        Ok(Box::new(ConnectionLock(conn)))
    }

    fn unlock(&mut self, lock: Box<dyn HeldLock>) -> QueryResult<()> {
        if self.url.is_none() {
            diesel::sql_query(format!("SELECT pg_advisory_unlock({LOCK_KEY})"))
                .execute(&mut *self.conn)?;
        }
        drop(lock);
        Ok(())
    }
}

impl Snapshots for Postgres<'_> {
    fn read_snapshot(
        &mut self,
        schema: Option<&str>,
    ) -> Result<strata_schema_gen::Snapshot, strata_schema_gen::Error> {
        strata_schema_gen::postgres::snapshot::snapshot(&mut self.conn, schema)
    }

    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl {
        &strata_schema_gen::postgres::ddl::PostgresDdl
    }
}

impl Catalog for Postgres<'_> {
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::postgres::introspect(&mut self.conn, options)
    }

    fn encryption(&mut self) -> QueryResult<super::Encryption> {
        let rows: Vec<SslRow> = diesel::sql_query(
            "SELECT version AS tls_version, cipher FROM pg_stat_ssl \
             WHERE pid = pg_backend_pid() AND ssl",
        )
        .load(&mut *self.conn)?;
        Ok(rows
            .into_iter()
            .next()
            .map_or_else(super::Encryption::none, |row| {
                super::Encryption::from_server(row.tls_version, row.cipher)
            }))
    }

    fn environment(&mut self) -> QueryResult<super::Environment> {
        let extensions: Vec<ExtensionRow> =
            diesel::sql_query(include_str!("postgres_extensions.sql")).load(&mut *self.conn)?;
        let settings: Vec<SettingRow> =
            diesel::sql_query(include_str!("postgres_settings.sql")).load(&mut *self.conn)?;
        Ok(super::Environment {
            extensions: extensions
                .into_iter()
                .map(|e| super::Extension {
                    name: e.name,
                    schema: e.schema,
                })
                .collect(),
            settings: settings
                .into_iter()
                .filter_map(|row| {
                    let (name, value) = row.setting.split_once('=')?;
                    Some((name.to_owned(), value.to_owned()))
                })
                .collect(),
        })
    }

    fn adopt_environment(&mut self, environment: &super::Environment) -> QueryResult<()> {
        for extension in &environment.extensions {
            let schema = quote::double(&extension.schema);
            self.conn.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}; CREATE EXTENSION IF NOT EXISTS {} WITH \
                 SCHEMA {schema}",
                quote::double(&extension.name)
            ))?;
        }
        for (name, value) in &environment.settings {
            diesel::sql_query("SELECT set_config($1, $2, false)")
                .bind::<Text, _>(name)
                .bind::<Text, _>(value)
                .execute(&mut *self.conn)?;
        }
        Ok(())
    }

    fn script_syntax(&self) -> &'static dyn super::dry_run::ScriptSyntax {
        &PostgresScript
    }
}

/// `--dry-run` scripts for `psql` (standard_conforming_strings is on, PostgreSQL's default
/// since 9.1, so a backslash in a literal is just a backslash).
#[derive(Debug)]
struct PostgresScript;

impl super::dry_run::ScriptSyntax for PostgresScript {
    fn begin(&self) -> &'static str {
        "BEGIN"
    }

    fn literal(&self, text: &str) -> String {
        super::dry_run::standard_literal(text)
    }
}

#[cfg(test)]
mod tests {
    use super::{old_libpq_refuses_system_roots, with_socket_dirs, DatabaseUrl};

    #[test]
    fn an_old_libpq_is_refused_in_one_sentence() {
        assert_eq!(
            old_libpq_refuses_system_roots(150_008),
            "sslrootcert=system needs libpq 16 or later, and this strata is linked with \
             libpq 15, which would read `system` as a file name (and, under sslmode=require, \
             go on without checking the certificate when that file is missing); name the CA \
             file with sslrootcert=<file>, or use a strata built with its own libpq (the \
             default build)"
        );
    }

    #[test]
    fn socket_directories_join_the_query() {
        let added = |raw: &str| with_socket_dirs(&DatabaseUrl::parse(raw).unwrap());
        let dirs = "host=/var/run/postgresql,/tmp";
        assert_eq!(added("postgres:///db"), format!("postgres:///db?{dirs}"));
        assert_eq!(added("postgres:///db?"), format!("postgres:///db?{dirs}"));
        assert_eq!(
            added("postgres://u@/db?sslmode=disable"),
            format!("postgres://u@/db?sslmode=disable&{dirs}")
        );
        assert_eq!(
            added("postgres://u@/db?sslmode=disable&"),
            format!("postgres://u@/db?sslmode=disable&{dirs}")
        );
        assert_eq!(
            added("postgres://:pa?ss@/db"),
            format!("postgres://:pa?ss@/db?{dirs}")
        );
    }
}
