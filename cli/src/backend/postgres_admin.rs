//! Creating and dropping PostgreSQL databases.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use strata_schema_gen::quote;

use super::postgres::connect;
use super::{AdminError, DatabaseAdmin, DatabaseUrl, InitialMigration};

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

#[derive(QueryableByName)]
struct CurrentUser {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Databases are created and dropped from a maintenance database on the same server:
/// `postgres`, or `template1` when the target is `postgres` itself.
#[derive(Debug)]
pub struct PostgresAdmin;

/// The longest name PostgreSQL keeps (NAMEDATALEN - 1 bytes); it cuts longer names, in
/// `CREATE DATABASE` and when connecting alike.
const MAX_NAME_BYTES: usize = 63;

impl PostgresAdmin {
    /// The database's name as the server stores it, and a connection to a maintenance
    /// database on the same server.
    fn maintenance(url: &DatabaseUrl) -> Result<(String, PgConnection), AdminError> {
        let named = url.database_name().or_else(|| {
            std::env::var("PGDATABASE")
                .ok()
                .filter(|name| !name.is_empty())
        });
        let connect_to = |maintenance: &str| connect(&url.with_database(maintenance));
        let (name, conn) = match named {
            Some(name) => {
                let name = stored_name(name);
                let maintenance = if name == "postgres" {
                    "template1"
                } else {
                    "postgres"
                };
                (name, connect_to(maintenance)?)
            }
            // libpq connects to the database named like the user when the URL names none.
            None => {
                let mut conn = connect_to("postgres")?;
                let user: CurrentUser = diesel::sql_query("SELECT current_user AS name")
                    .get_result(&mut conn)
                    .map_err(|source| {
                        AdminError::query("reading the user name".to_owned(), source)
                    })?;
                let name = stored_name(user.name);
                if name == "postgres" {
                    (name, connect_to("template1")?)
                } else {
                    (name, conn)
                }
            }
        };
        Ok((name, conn))
    }
}

/// `name` cut to what PostgreSQL keeps of it, at a character boundary, as the server cuts it.
fn stored_name(mut name: String) -> String {
    if name.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
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
        conn.batch_execute(&format!("CREATE DATABASE {}", quote::double(&name)))
            .map_err(|source| AdminError::query(format!("creating database `{name}`"), source))
    }

    fn drop_database(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::maintenance(url)?;
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {}", quote::double(&name)))
            .map_err(|source| AdminError::query(format!("dropping database `{name}`"), source))
    }

    fn scratch_url(&self, url: &DatabaseUrl, _dir: &std::path::Path, name: &str) -> DatabaseUrl {
        url.with_database(name)
    }

    fn drop_in_use(&self, url: &DatabaseUrl) -> Result<(), AdminError> {
        let (name, mut conn) = Self::maintenance(url)?;
        // pg_terminate_backend rather than `WITH (FORCE)`: that needs PostgreSQL 13.
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind::<Text, _>(&name)
        .execute(&mut conn)
        .map_err(|source| AdminError::query(format!("ending the sessions in `{name}`"), source))?;
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {}", quote::double(&name)))
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
            datname: String,
        }
        let (_, mut conn) = Self::maintenance(url)?;
        let rows: Vec<Name> = diesel::sql_query(
            "SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1",
        )
        .bind::<Text, _>(prefix)
        .load(&mut conn)
        .map_err(|source| AdminError::query("listing databases".to_owned(), source))?;
        Ok(rows.into_iter().map(|row| row.datname).collect())
    }

    fn initial_migration(&self) -> Option<InitialMigration> {
        Some(InitialMigration {
            up: include_str!("postgres_initial_setup/up.sql"),
            down: include_str!("postgres_initial_setup/down.sql"),
        })
    }
}
