//! PostgreSQL.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use strata_schema_gen::{Introspection, PrintSchemaOptions};

use super::ledger::{self, ledger_writer};
use super::{
    connect_error, AdminError, ConnectError, DatabaseAdmin, DatabaseUrl, InitialMigration,
    MigrationConnection, Step, StepError,
};
use crate::migrate::script::Dialect;

ledger_writer!(PgConnection);

pub struct Postgres {
    conn: PgConnection,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Postgres")
    }
}

impl Postgres {
    pub fn establish(url: &DatabaseUrl) -> Result<Postgres, ConnectError> {
        let conn = PgConnection::establish(url.expose()).map_err(|e| connect_error(url, &e))?;
        Ok(Postgres { conn })
    }
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

impl MigrationConnection for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn ledger_exists(&mut self) -> QueryResult<bool> {
        // to_regclass resolves the name through search_path, as the unqualified
        // CREATE TABLE and INSERT of the ledger do.
        let row: Exists = diesel::sql_query(
            "SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists",
        )
        .get_result(&mut self.conn)?;
        Ok(row.exists)
    }

    fn create_ledger(&mut self) -> QueryResult<()> {
        self.conn.batch_execute(ledger::CREATE_LEDGER)
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        ledger::applied_versions(&mut self.conn)
    }

    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        // PostgreSQL rolls DDL back with everything else: a failed migration leaves nothing.
        ledger::apply_step(&mut self.conn, step, write_ledger)
    }

    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::postgres::introspect(&mut self.conn, options)
    }
}

/// Databases are created and dropped from a maintenance database on the same server:
/// `postgres`, or `template1` when the target is `postgres` itself.
#[derive(Debug)]
pub struct PostgresAdmin;

impl PostgresAdmin {
    fn maintenance(url: &DatabaseUrl) -> Result<(String, PgConnection), AdminError> {
        let name = url
            .database_name()
            .ok_or_else(|| AdminError::NoDatabaseName {
                url: url.to_string(),
            })?;
        let maintenance = if name == "postgres" {
            "template1"
        } else {
            "postgres"
        };
        let server = url.with_database(maintenance);
        let conn = PgConnection::establish(server.expose())
            .map_err(|e| AdminError::Connect(connect_error(&server, &e)))?;
        Ok((name, conn))
    }
}

impl DatabaseAdmin for PostgresAdmin {
    fn shown_name(&self, url: &DatabaseUrl) -> String {
        url.database_name().unwrap_or_else(|| url.to_string())
    }

    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError> {
        let (name, mut conn) = Self::maintenance(url)?;
        let row: Exists = diesel::sql_query(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND NOT datistemplate) \
             AS exists",
        )
        .bind::<Text, _>(&name)
        .get_result(&mut conn)
        .map_err(|source| {
            AdminError::query(format!("checking whether database `{name}` exists"), source)
        })?;
        Ok(row.exists)
    }

    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::maintenance(url)?;
        conn.batch_execute(&format!("CREATE DATABASE {}", quote_identifier(&name)))
            .map_err(|source| AdminError::query(format!("creating database `{name}`"), source))
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::maintenance(url)?;
        conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {}",
            quote_identifier(&name)
        ))
        .map_err(|source| AdminError::query(format!("dropping database `{name}`"), source))
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        Some(InitialMigration {
            up: include_str!("postgres_initial_setup/up.sql"),
            down: include_str!("postgres_initial_setup/down.sql"),
        })
    }
}

/// `"name"`, with embedded quotes doubled: database names cannot be bound as parameters.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
