//! The example application's binary: it brings its database up to date at startup, from
//! migrations compiled into it, then serves a (tiny) request.
//!
//! `strata::embed_migrations!` embeds each backend's migrations as diesel_migrations' macro
//! of the same name does; `Startup` applies what is pending, on a connection from the
//! application's own pool, with the CLI's lock, checksums and output, so several instances
//! starting at once apply each migration once, and an applied migration edited since makes
//! the start fail instead of the data drift.
//!
//! ```sh
//! DATABASE_URL=blog.db cargo run --bin blog -- "Ada" "Hello"
//! DATABASE_URL=postgres://localhost/blog cargo run --bin blog -- "Ada" "Hello"
//! ```

use std::process::ExitCode;
use std::time::Duration;

use strata::migrate::embedded::EmbeddedMigrations;
use strata::startup::{Startup, StartupError};
use strata_example::AppConnection;

/// Each backend's migrations, compiled into the binary.
const SQLITE: EmbeddedMigrations = strata::embed_migrations!("migrations");
#[cfg(feature = "postgres")]
const POSTGRES: EmbeddedMigrations = strata::embed_migrations!("migrations-postgres");
#[cfg(feature = "mysql")]
const MYSQL: EmbeddedMigrations = strata::embed_migrations!("migrations-mysql");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Applies what is pending of the connection's backend's migrations, on that connection.
fn migrate(conn: &mut AppConnection) -> Result<Vec<String>, StartupError> {
    let startup = |migrations| Startup::embedded(migrations).lock_timeout(Duration::from_secs(60));
    match conn {
        AppConnection::Sqlite(conn) => startup(SQLITE).run_with(conn),
        #[cfg(feature = "postgres")]
        AppConnection::Postgres(conn) => startup(POSTGRES).run_with(conn),
        #[cfg(feature = "mysql")]
        AppConnection::Mysql(conn) => startup(MYSQL).run_with(conn),
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "set DATABASE_URL (e.g. blog.db)")?;
    let pool = strata_example::connection::pool(&url, 4)?;
    migrate(&mut *pool.get()?)?;

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
