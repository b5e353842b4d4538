//! MySQL and MariaDB.

use diesel::connection::SimpleConnection;
use diesel::mysql::MysqlConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use strata_schema_gen::{Introspection, PrintSchemaOptions};

use super::ledger::{self, ledger_writer};
use super::{
    connect_error, AdminError, ConnectError, DatabaseAdmin, DatabaseUrl, InitialMigration,
    MigrationConnection, Step, StepError,
};
use crate::migrate::script::Dialect;

ledger_writer!(MysqlConnection);

pub struct Mysql {
    conn: MysqlConnection,
}

impl std::fmt::Debug for Mysql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mysql")
    }
}

impl Mysql {
    pub fn establish(url: &DatabaseUrl) -> Result<Mysql, ConnectError> {
        let conn = MysqlConnection::establish(url.expose()).map_err(|e| connect_error(url, &e))?;
        Ok(Mysql { conn })
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl MigrationConnection for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn ledger_exists(&mut self) -> QueryResult<bool> {
        let row: Count = diesel::sql_query(
            "SELECT COUNT(*) AS n FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '__diesel_schema_migrations'",
        )
        .get_result(&mut self.conn)?;
        Ok(row.n > 0)
    }

    fn create_ledger(&mut self) -> QueryResult<()> {
        self.conn.batch_execute(ledger::CREATE_LEDGER)
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        ledger::applied_versions(&mut self.conn)
    }

    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        // MySQL commits DDL implicitly, so the transaction protects data changes and the
        // ledger row, not CREATE/ALTER/DROP: the error for a failed migration says so.
        ledger::apply_step(&mut self.conn, step, write_ledger)
    }

    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::mysql::introspect(&mut self.conn, options)
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
        let conn = MysqlConnection::establish(server.expose())
            .map_err(|e| AdminError::Connect(connect_error(&server, &e)))?;
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
        conn.batch_execute(&format!("CREATE DATABASE {}", quote_identifier(&name)))
            .map_err(|source| AdminError::query(format!("creating database `{name}`"), source))
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::server(url)?;
        conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {}",
            quote_identifier(&name)
        ))
        .map_err(|source| AdminError::query(format!("dropping database `{name}`"), source))
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        None
    }
}

/// `` `name` ``, with embedded backticks doubled: database names cannot be bound.
fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}
