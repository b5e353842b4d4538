//! SQLite: the embedded default.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use strata_schema_gen::{Introspection, PrintSchemaOptions};

use super::ledger::{self, ledger_writer};
use super::{
    connect_error, AdminError, ConnectError, DatabaseAdmin, DatabaseUrl, InitialMigration,
    MigrationConnection, Step, StepError,
};
use crate::migrate::script::Dialect;

ledger_writer!(SqliteConnection);

pub struct Sqlite {
    conn: SqliteConnection,
}

impl std::fmt::Debug for Sqlite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sqlite")
    }
}

impl Sqlite {
    pub fn establish(url: &DatabaseUrl) -> Result<Sqlite, ConnectError> {
        let conn =
            SqliteConnection::establish(url.sqlite_path()).map_err(|e| connect_error(url, &e))?;
        Ok(Sqlite { conn })
    }
}

impl MigrationConnection for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn ledger_exists(&mut self) -> QueryResult<bool> {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let count: Count = diesel::sql_query(
            "SELECT COUNT(*) AS n FROM sqlite_schema \
             WHERE type = 'table' AND name = '__diesel_schema_migrations'",
        )
        .get_result(&mut self.conn)?;
        Ok(count.n > 0)
    }

    fn create_ledger(&mut self) -> QueryResult<()> {
        self.conn.batch_execute(ledger::CREATE_LEDGER)
    }

    fn applied_versions(&mut self) -> QueryResult<Vec<String>> {
        ledger::applied_versions(&mut self.conn)
    }

    fn apply(&mut self, step: &Step<'_>) -> Result<(), StepError> {
        if step.transactional {
            // IMMEDIATE takes the write lock up front, so two runners cannot interleave.
            self.conn
                .immediate_transaction(|conn| ledger::run_step(conn, step, write_ledger))
        } else {
            ledger::run_step(&mut self.conn, step, write_ledger)
        }
    }

    fn introspect(
        &mut self,
        options: &PrintSchemaOptions,
    ) -> Result<Introspection, strata_schema_gen::Error> {
        strata_schema_gen::sqlite::introspect(&mut self.conn, options)
    }
}

/// Creating and dropping a SQLite database is creating and deleting its file.
#[derive(Debug)]
pub struct SqliteAdmin;

impl DatabaseAdmin for SqliteAdmin {
    fn shown_name(&self, url: &DatabaseUrl) -> String {
        url.expose().to_owned()
    }

    fn exists(&self, url: &DatabaseUrl) -> Result<bool, AdminError> {
        Ok(Path::new(url.sqlite_path()).exists())
    }

    fn create(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        Sqlite::establish(url)
            .map(drop)
            .map_err(AdminError::Connect)
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let path = url.sqlite_path();
        std::fs::remove_file(path).map_err(|source| AdminError::Io {
            path: path.into(),
            source,
        })?;
        // The write-ahead log and shared-memory files belong to the database too.
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        Ok(())
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        None
    }
}
