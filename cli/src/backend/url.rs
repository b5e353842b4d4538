//! Database URLs: which backend they name, and how to show them without their password.

use std::fmt;

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

impl DatabaseUrl {
    /// For a server URL: the database it names (the last path segment, percent-decoded),
    /// or `None` when it names none.
    pub fn database_name(&self) -> Option<String> {
        let (_, path, _) = self.split_server_url()?;
        let name = path.trim_start_matches('/');
        (!name.is_empty()).then(|| percent_decode(name))
    }

    /// For a server URL: the same server, user and options with another database, for the
    /// statements (`CREATE DATABASE`, `DROP DATABASE`) that cannot run inside the database
    /// they act on.
    pub fn with_database(&self, database: &str) -> DatabaseUrl {
        let raw = match self.split_server_url() {
            Some((base, _, query)) => format!("{base}/{database}{query}"),
            None => self.raw.clone(),
        };
        DatabaseUrl {
            raw,
            backend: self.backend,
        }
    }

    /// For a server URL: whether it says where the server is, as libpq reads it: a host in
    /// the authority (`user@host:port`), or a `host=`, `hostaddr=` or `service=` query
    /// parameter (a service names its host in pg_service.conf). `postgres:///app` and
    /// `postgres://user@/app` do not: the client library's default applies.
    pub fn names_host(&self) -> bool {
        let Some((host, query)) = self.host_and_query() else {
            return true;
        };
        let in_authority = !host.is_empty() && !host.starts_with(':');
        let in_query = query.unwrap_or("").split('&').any(|pair| {
            ["host=", "hostaddr=", "service="]
                .iter()
                .any(|key| pair.starts_with(key))
        });
        in_authority || in_query
    }

    /// For a server URL: the text after its `?` (possibly empty), or `None` without one.
    pub fn query(&self) -> Option<&str> {
        self.host_and_query()?.1
    }

    /// The host part (with the port) and the query of a server URL (see
    /// [`Self::split_server_url`]).
    fn host_and_query(&self) -> Option<(&str, Option<&str>)> {
        let (base, _, query) = self.split_server_url()?;
        let authority = &base[base.find("://")? + 3..];
        let host = authority
            .split_once('@')
            .map_or(authority, |(_, host)| host);
        Some((host, query.strip_prefix('?')))
    }

    /// `scheme://authority`, `/path`, `?query` (each possibly empty), split as libpq splits
    /// a URL: the user part runs to the first `@` before the first `/`, whatever it holds (a
    /// password may hold `?`), and the host to the first `/`, `?` or `#` after it.
    fn split_server_url(&self) -> Option<(&str, &str, &str)> {
        let authority_start = self.raw.find("://")? + 3;
        let rest = &self.raw[authority_start..];
        let user_end = rest[..rest.find('/').unwrap_or(rest.len())]
            .find('@')
            .map_or(0, |at| at + 1);
        let host_start = authority_start + user_end;
        let after_user = &self.raw[host_start..];
        let path_start = host_start + after_user.find(['/', '?', '#']).unwrap_or(after_user.len());
        let after = &self.raw[path_start..];
        let query_start = path_start + after.find(['?', '#']).unwrap_or(after.len());
        Some((
            &self.raw[..path_start],
            &self.raw[path_start..query_start],
            &self.raw[query_start..],
        ))
    }
}

/// Decodes `%XX` escapes (a database name may hold characters a URL cannot).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

/// Replaces the password of `scheme://user:password@host/...` with `***`.
pub fn redact(raw: &str) -> String {
    let Some(scheme_end) = raw.find("://").map(|i| i + 3) else {
        return raw.to_owned();
    };
    let rest = &raw[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return raw.to_owned();
    };
    let userinfo = &authority[..at];
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{}{user}:***{}", &raw[..scheme_end], &rest[at..]),
        None => raw.to_owned(),
    }
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
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("mysql://u:p@ss@h/db"), "mysql://u:***@h/db");
        assert_eq!(redact("plain.db"), "plain.db");
    }

    #[test]
    fn server_urls_that_name_no_host() {
        let names = |raw: &str| DatabaseUrl::parse(raw).unwrap().names_host();
        assert!(names("postgres://u@localhost/db"));
        assert!(names("postgres://127.0.0.1:5432/db"));
        assert!(names("postgres://[::1]:5432/db"));
        assert!(names("postgres://a:5432,b:5433/db"));
        assert!(names("postgres://u:pa?ss@db.example/db"));
        assert!(names("postgres://host?sslmode=disable"));
        assert!(names("postgres:///db?host=/var/run/postgresql"));
        assert!(names("postgres://u@/db?sslmode=disable&hostaddr=10.0.0.1"));
        assert!(names("postgres:///db?service=prod"));
        assert!(!names("postgres:///db"));
        assert!(!names("postgres://u:p%40ss@/db"));
        assert!(!names("postgres://:pa?ss@/db"));
        assert!(!names("postgres://u@:5433/db?sslmode=disable"));
        assert!(!names("postgres:///db?"));
        assert!(!names("postgresql://"));
    }

    #[test]
    fn server_url_queries_as_libpq_splits_them() {
        let query = |raw: &str| DatabaseUrl::parse(raw).unwrap().query().map(str::to_owned);
        assert_eq!(query("postgres:///db"), None);
        assert_eq!(query("postgres:///db?"), Some(String::new()));
        assert_eq!(query("postgres://:pa?ss@/db"), None);
        assert_eq!(
            query("postgres://u@h/db?sslmode=require&"),
            Some("sslmode=require&".to_owned())
        );
        assert_eq!(query("postgres://h?a=1"), Some("a=1".to_owned()));
    }

    #[test]
    fn server_urls_name_their_database() {
        let url = DatabaseUrl::parse("postgres://u:pw@h:5432/my%20db?sslmode=disable").unwrap();
        assert_eq!(url.database_name().as_deref(), Some("my db"));
        assert_eq!(
            url.with_database("postgres").expose(),
            "postgres://u:pw@h:5432/postgres?sslmode=disable"
        );
        // A `?` in the password is the password's, as libpq reads it.
        let url = DatabaseUrl::parse("postgres://u:pa?ss@h/app").unwrap();
        assert_eq!(url.database_name().as_deref(), Some("app"));
        assert_eq!(
            url.with_database("postgres").expose(),
            "postgres://u:pa?ss@h/postgres"
        );
        let url = DatabaseUrl::parse("mysql://root@127.0.0.1").unwrap();
        assert_eq!(url.database_name(), None);
        assert_eq!(
            url.with_database("information_schema").expose(),
            "mysql://root@127.0.0.1/information_schema"
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
