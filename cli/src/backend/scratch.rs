//! A throwaway database for proving migrations (`migration verify`, `migration down-sql`):
//! a temporary SQLite file, or a uniquely named database on the same PostgreSQL or MySQL
//! server. It is dropped when the value is, whatever happened in it.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{admin, AdminError, Connection, DatabaseAdmin, DatabaseUrl};

#[derive(Debug)]
pub struct ScratchDatabase {
    /// Closed before the database is dropped (PostgreSQL refuses to drop a database in use).
    connection: Option<Connection>,
    url: DatabaseUrl,
    admin: &'static dyn DatabaseAdmin,
    /// Holds the SQLite file; removed last.
    _dir: tempfile::TempDir,
}

impl ScratchDatabase {
    /// Creates an empty database beside the one `url` names and connects to it.
    pub fn create(url: &DatabaseUrl) -> Result<ScratchDatabase, AdminError> {
        let admin = admin(url.backend())?;
        let dir = tempfile::Builder::new()
            .prefix("strata-scratch-")
            .tempdir()
            .map_err(|source| AdminError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("strata_scratch_{}_{nanos}", std::process::id());
        let scratch_url = admin.scratch_url(url, dir.path(), &name);
        admin.create(&scratch_url)?;
        let connection = match Connection::establish(&scratch_url) {
            Ok(connection) => connection,
            Err(error) => {
                let _ = admin.drop_database(&scratch_url);
                return Err(error.into());
            }
        };
        Ok(ScratchDatabase {
            connection: Some(connection),
            url: scratch_url,
            admin,
            _dir: dir,
        })
    }

    pub fn connection(&mut self) -> &mut Connection {
        self.connection
            .as_mut()
            .expect("the connection lives until the scratch database is dropped")
    }

    /// How the scratch database is named in messages.
    pub fn shown_name(&self) -> String {
        self.admin.shown_name(&self.url)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        self.connection = None;
        if let Err(error) = self.admin.drop_database(&self.url) {
            eprintln!(
                "warning: could not drop the scratch database {}: {error}; drop it by hand",
                self.shown_name()
            );
        }
    }
}
