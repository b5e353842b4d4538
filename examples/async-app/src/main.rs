//! A diesel-async application that brings its PostgreSQL database up to date when it starts.
//!
//! strata's runner is blocking, as diesel_migrations' is, and speaks to PostgreSQL through
//! libpq; so the application hands it the URL on a thread where blocking is allowed
//! (`spawn_blocking`), waits for it, and only then opens its async connections. The
//! migrations are the example app's PostgreSQL ones, and the typed queries use its
//! schema.rs.
//!
//! ```sh
//! DATABASE_URL=postgres://localhost/blog cargo run -p strata-async-example -- Ada
//! ```

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use strata::migrate::embedded::EmbeddedMigrations;
use strata::startup::Startup;

#[path = "../../../src/schema.rs"]
mod schema;

use schema::users;

const MIGRATIONS: EmbeddedMigrations = strata::embed_migrations!("../../migrations-postgres");

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "set DATABASE_URL")?;
    let name = std::env::args()
        .nth(1)
        .ok_or("usage: strata-async-example NAME")?;

    // Migrate before serving: every instance waits here for the one holding the lock.
    let migrate_url = url.clone();
    tokio::task::spawn_blocking(move || {
        Startup::embedded(MIGRATIONS)
            .lock_timeout(Duration::from_secs(60))
            .run(&migrate_url)
    })
    .await??;

    let mut conn = AsyncPgConnection::establish(&url).await?;
    diesel::insert_into(users::table)
        .values((
            users::name.eq(&name),
            users::email.eq(format!("{}@example.com", name.to_lowercase())),
        ))
        .execute(&mut conn)
        .await?;
    let count: i64 = users::table.count().get_result(&mut conn).await?;
    println!("{count} users");
    Ok(())
}
