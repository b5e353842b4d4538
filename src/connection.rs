//! One connection type for the three backends, and a pool of it.
//!
//! diesel's `MultiConnection` lets the typed queries in this crate run on whichever backend
//! the URL names. Its own `establish` tries each backend in turn and, when all fail,
//! reports only that the URL fits none of them; [`AppConnection::connect`] picks the
//! backend from the URL's scheme instead, so a wrong password or a server that is down is
//! reported as such.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, R2D2Connection};
#[cfg(feature = "mysql")]
use diesel::MysqlConnection;
#[cfg(feature = "postgres")]
use diesel::PgConnection;
use diesel::{Connection, ConnectionError, ConnectionResult, SqliteConnection};

/// A connection to the app's database, on the backend its URL names.
#[derive(diesel::MultiConnection)]
pub enum AppConnection {
    #[cfg(feature = "postgres")]
    Postgres(PgConnection),
    #[cfg(feature = "mysql")]
    Mysql(MysqlConnection),
    Sqlite(SqliteConnection),
}

/// How long a SQLite connection waits for another connection's write before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl AppConnection {
    /// Connects to `url`: `postgres://` or `postgresql://`, `mysql://`, or else a SQLite
    /// file (or `:memory:`). Every SQLite connection waits for another's write instead of
    /// failing at once, as anything sharing a SQLite file between connections should.
    pub fn connect(url: &str) -> ConnectionResult<AppConnection> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            #[cfg(feature = "postgres")]
            return PgConnection::establish(url).map(AppConnection::Postgres);
            #[cfg(not(feature = "postgres"))]
            return Err(not_built_in("postgres"));
        }
        if url.starts_with("mysql://") {
            #[cfg(feature = "mysql")]
            return MysqlConnection::establish(url).map(AppConnection::Mysql);
            #[cfg(not(feature = "mysql"))]
            return Err(not_built_in("mysql"));
        }
        let mut conn = SqliteConnection::establish(url)?;
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {}",
            SQLITE_BUSY_TIMEOUT.as_millis()
        ))
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
        Ok(AppConnection::Sqlite(conn))
    }
}

#[cfg(any(not(feature = "postgres"), not(feature = "mysql")))]
fn not_built_in(feature: &str) -> ConnectionError {
    ConnectionError::BadConnection(format!(
        "this build of the app leaves {feature} out; build it with `--features {feature}`"
    ))
}

/// Hands out [`AppConnection`]s to an r2d2 pool.
#[derive(Debug)]
pub struct AppConnectionManager {
    url: String,
}

impl ManageConnection for AppConnectionManager {
    type Connection = AppConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AppConnection, r2d2::Error> {
        AppConnection::connect(&self.url).map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut AppConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AppConnection) -> bool {
        conn.is_broken()
    }
}

impl std::fmt::Debug for AppConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match self {
            #[cfg(feature = "postgres")]
            AppConnection::Postgres(_) => "PostgreSQL",
            #[cfg(feature = "mysql")]
            AppConnection::Mysql(_) => "MySQL",
            AppConnection::Sqlite(_) => "SQLite",
        };
        write!(f, "AppConnection({backend})")
    }
}

/// A pool of connections to `url`.
pub fn pool(url: &str, max_size: u32) -> Result<Pool<AppConnectionManager>, r2d2::PoolError> {
    Pool::builder()
        .max_size(max_size)
        .build(AppConnectionManager {
            url: url.to_owned(),
        })
}
