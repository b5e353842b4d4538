//! Database URLs: which backend they name, and how to show them without their password.
//!
//! `server.rs` reads the parts of a server URL (database, host, query) as libpq and diesel
//! read them; `secrets.rs` finds every password in one, to keep it out of output.

use std::fmt;

mod secrets;
mod server;

pub use secrets::redact;

/// The database systems strata speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

    /// The cargo feature that builds this backend in.
    pub fn feature(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// How its URLs start, for messages.
    pub fn scheme(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite file",
            Backend::Postgres => "postgres://",
            Backend::Mysql => "mysql://",
        }
    }

    /// Whether this build of strata can connect to it.
    pub fn is_built_in(self) -> bool {
        match self {
            Backend::Sqlite => cfg!(feature = "sqlite"),
            Backend::Postgres => cfg!(feature = "postgres"),
            Backend::Mysql => cfg!(feature = "mysql"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
            Backend::Mysql => "MySQL",
        }
    }
}

/// The URL forms strata accepts, for error messages.
pub const ACCEPTED_FORMS: &str =
    "postgres://, postgresql://, mysql://, sqlite:// or a SQLite file path";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("the database URL is empty")]
    Empty,
    #[error("unsupported database URL scheme `{scheme}://` in {url}; expected {ACCEPTED_FORMS}")]
    UnknownScheme { scheme: String, url: String },
}

/// A database URL with the backend it names.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    raw: String,
    backend: Backend,
}

impl DatabaseUrl {
    /// Reads the backend from the scheme. Anything without a `scheme://` is a SQLite path
    /// (including `file:` URIs and `:memory:`); an unknown scheme is an error, not a file name.
    pub fn parse(raw: &str) -> Result<DatabaseUrl, UrlError> {
        if raw.trim().is_empty() {
            return Err(UrlError::Empty);
        }
        let backend = match scheme(raw) {
            None => Backend::Sqlite,
            Some("sqlite") | Some("file") => Backend::Sqlite,
            Some("postgres") | Some("postgresql") => Backend::Postgres,
            Some("mysql") | Some("mariadb") => Backend::Mysql,
            Some(other) => {
                return Err(UrlError::UnknownScheme {
                    scheme: other.to_owned(),
                    url: redact(raw),
                })
            }
        };
        Ok(DatabaseUrl {
            raw: raw.to_owned(),
            backend,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL as given, password included: only for opening connections, never for output.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// For SQLite: the file the URL names (`sqlite://` and `file:` stripped, query dropped).
    pub fn sqlite_path(&self) -> &str {
        let path = self
            .raw
            .strip_prefix("sqlite://")
            .or_else(|| self.raw.strip_prefix("file://"))
            .or_else(|| self.raw.strip_prefix("file:"))
            .unwrap_or(&self.raw);
        path.split('?').next().unwrap_or(path)
    }
}

/// Shown with the password replaced by `***`.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.raw))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// `scheme` of `scheme://...`, if the text has one.
fn scheme(raw: &str) -> Option<&str> {
    let (scheme, _) = raw.split_once("://")?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_scheme() {
        let cases = [
            ("db.sqlite", Backend::Sqlite),
            ("sqlite://db.sqlite", Backend::Sqlite),
            ("file:db.sqlite?mode=rwc", Backend::Sqlite),
            (":memory:", Backend::Sqlite),
            ("postgres://u@localhost/db", Backend::Postgres),
            ("postgresql://u@localhost/db", Backend::Postgres),
            ("mysql://root@127.0.0.1/db", Backend::Mysql),
        ];
        for (url, backend) in cases {
            assert_eq!(DatabaseUrl::parse(url).unwrap().backend(), backend, "{url}");
        }
    }

    #[test]
    fn unknown_scheme_is_an_error_with_the_password_hidden() {
        let err = DatabaseUrl::parse("redis://u:secret@localhost/0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported database URL scheme `redis://` in redis://u:***@localhost/0; expected \
             postgres://, postgresql://, mysql://, sqlite:// or a SQLite file path"
        );
    }

    #[test]
    fn sqlite_paths() {
        let path = |u: &str| DatabaseUrl::parse(u).unwrap().sqlite_path().to_owned();
        assert_eq!(path("sqlite://a/b.db"), "a/b.db");
        assert_eq!(path("file:x.db?mode=ro"), "x.db");
        assert_eq!(path("x.db"), "x.db");
    }
}
