//! The example application's binary: it brings its database up to date at startup, from
//! migrations compiled into it, then serves a (tiny) request.
//!
//! `strata::embed_migrations!()` embeds `migrations/` as diesel_migrations' macro of the same
//! name does; `Startup` applies what is pending, on a connection from the application's own
//! pool, with the CLI's lock, checksums and output, so several instances starting at once
//! apply each migration once, and an applied migration edited since makes the start fail
//! instead of the data drift.
//!
//! ```sh
//! DATABASE_URL=blog.db cargo run --bin blog -- "Ada" "Hello"
//! ```

use std::process::ExitCode;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::SqliteConnection;
use strata::migrate::embedded::EmbeddedMigrations;
use strata::startup::Startup;

const MIGRATIONS: EmbeddedMigrations = strata::embed_migrations!();

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Every pooled connection waits for another's write instead of failing at once, as
/// anything sharing a SQLite file between connections should.
#[derive(Debug)]
struct BusyTimeout;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for BusyTimeout {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute("PRAGMA busy_timeout = 10000")
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "set DATABASE_URL (e.g. blog.db)")?;
    let pool = Pool::builder()
        .max_size(4)
        .connection_customizer(Box::new(BusyTimeout))
        .build(ConnectionManager::<SqliteConnection>::new(&url))?;
    Startup::embedded(MIGRATIONS)
        .lock_timeout(Duration::from_secs(60))
        .run_with(&mut *pool.get()?)?;

    let mut args = std::env::args().skip(1);
    let (Some(name), Some(title)) = (args.next(), args.next()) else {
        return Err("usage: blog NAME TITLE".into());
    };
    let mut conn = pool.get()?;
    let email = format!("{}@example.com", name.to_lowercase());
    let author = strata_example::create_user(&mut conn, &name, &email)?;
    let post = strata_example::write_post(&mut conn, &author, &title, "")?;
    strata_example::publish(&mut conn, &post)?;
    for (title, author, comments) in strata_example::front_page(&mut conn)? {
        println!("{title} by {author} ({comments} comments)");
    }
    Ok(())
}
