//! MySQL and MariaDB.

use diesel::connection::SimpleConnection;
use diesel::mysql::MysqlConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use strata_schema_gen::quote;
use strata_schema_gen::{Introspection, PrintSchemaOptions};

mod lint;

use super::held::Held;
use super::ledger::{self, SharedLedger};
use super::lock::{self, ConnectionLock, HeldLock, LockError, LockWait};
use super::mysql_dialect::MysqlDialect;
use super::{mysql_step, mysql_tls};
use super::{AdminError, Catalog, ConnectError, DatabaseAdmin, DatabaseUrl, InitialMigration};
use crate::migrate::apply::{Step, StepError, StepRunner};
use crate::migrate::connection::{MigrationConnection, Snapshots};
use crate::migrate::contents::Contents;
use crate::migrate::dialect::Dialect;
use crate::migrate::history::Stamp;
use crate::migrate::ledger::LedgerChange;
use crate::migrate::lock::Locking;

/// A step's ledger rows, with a revert's two deletes made one (see [`mysql_step`]).
fn write_step_ledger(
    conn: &mut MysqlConnection,
    change: LedgerChange<'_>,
    stamp: &Stamp,
) -> QueryResult<()> {
    match change {
        LedgerChange::Erase(version) => mysql_step::erase(conn, version),
        recorded => ledger::write_ledger(conn, recorded, stamp),
    }
}

pub struct Mysql<'c> {
    conn: Held<'c, MysqlConnection>,
    /// Where a connection of its own for the lock goes; `None` for the application's own
    /// connection, which then holds the lock itself.
    url: Option<DatabaseUrl>,
}

/// `GET_LOCK` names are server-wide, so the lock is named after the database (at most 64
/// characters, MySQL's limit).
const LOCK_NAME: &str = "LEFT(CONCAT('strata:', DATABASE()), 64)";

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    taken: Option<i64>,
}

#[derive(QueryableByName)]
struct LockHolder {
    #[diesel(sql_type = Text)]
    holder: String,
}

/// Who holds the named lock: connection id, user and host, and for how long its current
/// statement (or idleness) has lasted.
fn named_lock_holder(conn: &mut MysqlConnection) -> String {
    let query = format!(
        "SELECT CONCAT('MySQL connection ', p.ID, ' (', p.USER, '@', p.HOST, ', ', \
         COALESCE(p.COMMAND, ''), ' for ', p.TIME, 's)') AS holder \
         FROM information_schema.PROCESSLIST AS p WHERE p.ID = IS_USED_LOCK({LOCK_NAME})"
    );
    diesel::sql_query(query)
        .get_result::<LockHolder>(conn)
        .map(|row| row.holder)
        .unwrap_or_else(|_| "another connection".to_owned())
}

/// Takes the named lock if it is free.
fn try_named_lock(conn: &mut MysqlConnection) -> Result<bool, LockError> {
    let row: Taken = diesel::sql_query(format!(
        "SELECT CAST(GET_LOCK({LOCK_NAME}, 0) AS SIGNED) AS taken"
    ))
    .get_result(conn)
    .map_err(|e| LockError::Failed(e.to_string()))?;
    match row.taken {
        Some(taken) => Ok(taken == 1),
        None => Err(LockError::Failed("GET_LOCK returned NULL".to_owned())),
    }
}

impl std::fmt::Debug for Mysql<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mysql")
    }
}

impl Mysql<'_> {
    pub fn establish(url: &DatabaseUrl) -> Result<Mysql<'static>, ConnectError> {
        let conn = mysql_tls::connect(url)?;
        Ok(Mysql {
            conn: Held::Owned(conn),
            url: Some(url.clone()),
        })
    }
}

impl<'c> Mysql<'c> {
    /// The application's own connection, which then also holds the migration lock.
    pub fn borrow(conn: &'c mut MysqlConnection) -> Mysql<'c> {
        Mysql {
            conn: Held::Borrowed(conn),
            url: None,
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl MigrationConnection for Mysql<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        &MysqlDialect
    }

    fn lint_probe(&mut self) -> Option<Box<dyn crate::migrate::lint::LintProbe + '_>> {
        Some(Box::new(lint::Probe::new(self)))
    }

    fn contents(&mut self) -> Option<&mut dyn Contents> {
        Some(self)
    }
}

impl SharedLedger for Mysql<'_> {
    type Conn = MysqlConnection;

    fn conn(&mut self) -> &mut MysqlConnection {
        &mut self.conn
    }

    // One equality lookup per table: MariaDB answers `TABLE_NAME = '...'` from the table's
    // definition alone, but with `IN (...)` or `OR` it reads every table of the database.
    const STATE_TABLES: &'static str = "SELECT TABLE_NAME AS name FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '__diesel_schema_migrations' \
         UNION ALL \
         SELECT TABLE_NAME FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '__strata_migrations'";

    // Each query is two round trips here (diesel prepares, then executes), and a run with
    // nothing to do is mostly round trips. (One UNION ALL of the two tables would save two
    // more, but MariaDB materialises it, TEXT columns and all, which costs more than they
    // do.)
    const READ_STRAIGHT_AWAY: bool = true;
}

impl StepRunner for Mysql<'_> {
    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        // MySQL commits DDL implicitly, so the transaction protects data changes and the
        // ledger row, not CREATE/ALTER/DROP: the error for a failed migration says so.
        if step.transactional {
            mysql_step::apply_transactional(&mut self.conn, step, write_step_ledger)
        } else {
            ledger::run_step(&mut *self.conn, step, write_step_ledger)
        }
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

impl Locking for Mysql<'_> {
    fn read_before_locking(&self) -> bool {
        // Where the lock is a connection of its own, an unlocked read saves opening it.
        self.url.is_some()
    }

    fn lock(
        &mut self,
        wait: &LockWait,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError> {
        let Some(url) = &self.url else {
            // The application's connection holds the lock itself, until `unlock`.
            lock::wait_for(
                wait,
                waiting,
                &mut *self.conn,
                try_named_lock,
                named_lock_holder,
            )?;
            return Ok(Box::new(lock::SessionLock));
        };
        let mut conn = mysql_tls::connect(url).map_err(|e| LockError::Failed(e.to_string()))?;
        lock::wait_for(wait, waiting, &mut conn, try_named_lock, named_lock_holder)?;
        Ok(Box::new(ConnectionLock(conn)))
    }

    fn unlock(&mut self, lock: Box<dyn HeldLock>) -> QueryResult<()> {
        if self.url.is_none() {
            diesel::sql_query(format!("DO RELEASE_LOCK({LOCK_NAME})")).execute(&mut *self.conn)?;
        }
        drop(lock);
        Ok(())
    }
}

impl Snapshots for Mysql<'_> {
    fn read_snapshot(
        &mut self,
        _schema: Option<&str>,
    ) -> Result<strata_schema_gen::Snapshot, strata_schema_gen::Error> {
        strata_schema_gen::mysql::snapshot::snapshot(&mut self.conn)
    }

    fn ddl(&self) -> &'static dyn strata_schema_gen::snapshot::reverse::Ddl {
        &strata_schema_gen::mysql::ddl::MysqlDdl
    }
}

impl Catalog for Mysql<'_> {
    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::mysql::introspect(&mut self.conn, options)
    }

    fn encryption(&mut self) -> QueryResult<super::Encryption> {
        mysql_tls::encryption(&mut self.conn)
    }

    fn script_syntax(&self) -> &'static dyn super::dry_run::ScriptSyntax {
        &MysqlScript
    }
}

/// Databases are created and dropped over a connection to `information_schema`, which
/// every server has and every user may open.
#[derive(Debug)]
pub struct MysqlAdmin;

impl MysqlAdmin {
    fn server(url: &DatabaseUrl) -> Result<(String, MysqlConnection), AdminError> {
        let name = url
            .database_name()
            .ok_or_else(|| AdminError::NoDatabaseName {
                url: url.to_string(),
            })?;
        let server = url.with_database("information_schema");
        let conn = mysql_tls::connect(&server)?;
        Ok((name, conn))
    }
}

impl DatabaseAdmin for MysqlAdmin {
    fn shown_name(&self, url: &DatabaseUrl) -> String {
        url.database_name().unwrap_or_else(|| url.to_string())
    }

    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError> {
        let (name, mut conn) = Self::server(url)?;
        let row: Count = diesel::sql_query(
            "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        )
        .bind::<Text, _>(&name)
        .get_result(&mut conn)
        .map_err(|source| {
            AdminError::query(format!("checking whether database `{name}` exists"), source)
        })?;
        Ok(row.n > 0)
    }

    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::server(url)?;
        conn.batch_execute(&format!("CREATE DATABASE {}", quote::backtick(&name)))
            .map_err(|source| AdminError::query(format!("creating database `{name}`"), source))
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::server(url)?;
        conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {}",
            quote::backtick(&name)
        ))
        .map_err(|source| AdminError::query(format!("dropping database `{name}`"), source))
    }

    fn scratch_url(&self, url: &DatabaseUrl, _dir: &std::path::Path, name: &str) -> DatabaseUrl {
        url.with_database(name)
    }

    fn drop_in_use(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = BigInt)]
            id: i64,
        }
        let (name, mut conn) = Self::server(url)?;
        let ids: Vec<Id> = diesel::sql_query(
            "SELECT CAST(ID AS SIGNED) AS id FROM information_schema.PROCESSLIST \
             WHERE DB = ? AND ID <> CONNECTION_ID()",
        )
        .bind::<Text, _>(&name)
        .load(&mut conn)
        .map_err(|source| AdminError::query(format!("listing the sessions in `{name}`"), source))?;
        for Id { id } in ids {
            // A session that ended meanwhile makes KILL fail, which is what was wanted.
            let _ = conn.batch_execute(&format!("KILL {id}"));
        }
        conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {}",
            quote::backtick(&name)
        ))
        .map_err(|source| AdminError::query(format!("dropping database `{name}`"), source))
    }

    fn databases_named_like(
        &self,
        url: &DatabaseUrl,
        prefix: &str,
    ) -> Result<Vec<String>, AdminError> {
        #[derive(QueryableByName)]
        struct Name {
            #[diesel(sql_type = Text)]
            name: String,
        }
        let (_, mut conn) = Self::server(url)?;
        let rows: Vec<Name> = diesel::sql_query(
            "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA \
             WHERE LEFT(SCHEMA_NAME, CHAR_LENGTH(?)) = ?",
        )
        .bind::<Text, _>(prefix)
        .bind::<Text, _>(prefix)
        .load(&mut conn)
        .map_err(|source| AdminError::query("listing databases".to_owned(), source))?;
        Ok(rows.into_iter().map(|row| row.name).collect())
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        None
    }
}

/// `--dry-run` scripts for the `mariadb`/`mysql` client.
#[derive(Debug)]
struct MysqlScript;

impl super::dry_run::ScriptSyntax for MysqlScript {
    fn begin(&self) -> &'static str {
        "BEGIN"
    }

    /// A backslash starts an escape in MySQL's literals (unless NO_BACKSLASH_ESCAPES).
    fn literal(&self, text: &str) -> String {
        super::dry_run::standard_literal(&text.replace('\\', "\\\\"))
    }

    /// The client ends a statement at the first `;`, so a body holding its own (a
    /// trigger's `BEGIN ... END`) is sent between DELIMITER lines, as mysqldump does.
    fn statement(&self, sql: &str) -> String {
        if sql.contains(';') {
            format!("DELIMITER //\n{sql}\n//\nDELIMITER ;")
        } else {
            super::dry_run::terminated(sql)
        }
    }
}
