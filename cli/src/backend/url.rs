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

    /// For a server URL: the value of the query parameter `key`, percent-decoded; the last
    /// one when it is repeated, as diesel's and libpq's parsers read it.
    pub fn query_param(&self, key: &str) -> Option<String> {
        let query = self.query()?;
        let query = &query[..query.find('#').unwrap_or(query.len())];
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(k, _)| percent_decode(k) == key)
            .map(|(_, value)| percent_decode(value))
            .next_back()
    }

    /// The same URL with `key=value` added to its query (the value percent-encoded).
    pub fn with_query_param(&self, key: &str, value: &str) -> DatabaseUrl {
        let separator = match self.query() {
            None => "?",
            Some(query) if query.is_empty() || query.ends_with('&') => "",
            Some(_) => "&",
        };
        DatabaseUrl {
            raw: format!("{}{separator}{key}={}", self.raw, percent_encode(value)),
            backend: self.backend,
        }
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

/// Escapes everything but unreserved characters and `/` (a file path stays readable).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
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

/// The query keys whose values are secrets, as libpq and MySQL clients name them (compared
/// percent-decoded and in any case, so that no spelling of one is ever shown).
const SECRET_KEYS: [&str; 2] = ["password", "sslpassword"];

/// The userinfo password of `scheme://user:password@host/...`, as byte offsets into `raw`.
/// The user part runs to the last `@` before the first `/`: a password may hold `@`, `?`
/// and `#`, and libpq, which stops at the first `@`, then reads the rest as the host (and
/// may print it), so everything up to the last `@` is secret.
fn password_span(raw: &str) -> Option<(usize, usize)> {
    let start = raw.find("://")? + 3;
    let head = &raw[start..];
    let head = &head[..head.find('/').unwrap_or(head.len())];
    let at = head.rfind('@')?;
    let colon = head[..at].find(':')?;
    Some((start + colon + 1, start + at))
}

/// The values of `password=` and `sslpassword=` parameters, as byte offsets into `raw`:
/// every `key=value` after a `?` or `&`, wherever it stands.
fn secret_parameter_spans(raw: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (index, _) in raw.match_indices(['?', '&']) {
        let pair_start = index + 1;
        let pair = &raw[pair_start..];
        let pair = &pair[..pair.find(['&', '#']).unwrap_or(pair.len())];
        let Some((key, _)) = pair.split_once('=') else {
            continue;
        };
        if SECRET_KEYS.contains(&percent_decode(key).trim().to_ascii_lowercase().as_str()) {
            let value_start = pair_start + key.len() + 1;
            spans.push((value_start, pair_start + pair.len()));
        }
    }
    spans
}

/// Replaces every password in a URL (userinfo, `password=`, `sslpassword=`) with `***`.
pub fn redact(raw: &str) -> String {
    if scheme(raw).is_none() {
        return raw.to_owned();
    }
    let mut spans = secret_parameter_spans(raw);
    spans.extend(password_span(raw));
    spans.sort_unstable();
    let mut out = String::with_capacity(raw.len());
    let mut done = 0;
    for (start, end) in spans {
        let start = start.max(done);
        if end <= start {
            continue;
        }
        out.push_str(&raw[done..start]);
        out.push_str("***");
        done = end;
    }
    out.push_str(&raw[done..]);
    out
}

impl DatabaseUrl {
    /// Every text that would give a password of this URL away if printed: each password
    /// as written and percent-decoded, and the pieces of it on either side of an `@` (a
    /// client that splits the URL at the first `@` prints the rest as a host name).
    /// Longest first, so that replacing them in turn never leaves a tail of a longer one.
    pub fn secrets(&self) -> Vec<String> {
        let raw = &self.raw;
        if scheme(raw).is_none() {
            return Vec::new();
        }
        let mut spans = secret_parameter_spans(raw);
        spans.extend(password_span(raw));
        let mut secrets = Vec::new();
        for (start, end) in spans {
            let written = &raw[start..end];
            for password in [written.to_owned(), percent_decode(written)] {
                let mut pieces: Vec<String> = password
                    .match_indices('@')
                    .flat_map(|(at, _)| [password[..at].to_owned(), password[at + 1..].to_owned()])
                    .collect();
                pieces.push(password);
                secrets.extend(pieces);
            }
        }
        secrets.retain(|secret| !secret.is_empty());
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        secrets
    }

    /// `message` (a driver's, which may quote the URL or a part of it) with the URL shown
    /// redacted and every [secret](Self::secrets) replaced by `***`.
    pub fn scrub(&self, message: &str) -> String {
        let mut message = message.replace(&self.raw, &redact(&self.raw));
        for secret in self.secrets() {
            message = message.replace(&secret, "***");
        }
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_read_as_diesel_and_libpq_read_them() {
        let url = DatabaseUrl::parse(
            "mysql://u:p%26w@h/db?ssl_mode=required&ssl_ca=%2Fa%20b&ssl_mode=VERIFY_CA",
        )
        .unwrap();
        assert_eq!(url.query_param("ssl_mode").as_deref(), Some("VERIFY_CA"));
        assert_eq!(url.query_param("ssl_ca").as_deref(), Some("/a b"));
        assert_eq!(url.query_param("ssl_key"), None);
        assert_eq!(
            DatabaseUrl::parse("mysql://h/db")
                .unwrap()
                .query_param("ssl_mode"),
            None
        );
    }

    #[test]
    fn an_added_query_parameter_keeps_the_others() {
        let added = |raw: &str| {
            DatabaseUrl::parse(raw)
                .unwrap()
                .with_query_param("ssl_ca", "/etc/a b.pem")
                .expose()
                .to_owned()
        };
        assert_eq!(added("mysql://h/db"), "mysql://h/db?ssl_ca=/etc/a%20b.pem");
        assert_eq!(
            added("mysql://h/db?ssl_mode=required"),
            "mysql://h/db?ssl_mode=required&ssl_ca=/etc/a%20b.pem"
        );
        let scratch = DatabaseUrl::parse("mysql://h/db?ssl_mode=required").unwrap();
        assert_eq!(
            scratch
                .with_database("scratch")
                .query_param("ssl_mode")
                .as_deref(),
            Some("required")
        );
    }

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
        assert_eq!(redact("postgres://u:pa?ss@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u:pa#ss@h/db"), "postgres://u:***@h/db");
        assert_eq!(
            redact("postgres://us:er:pa@ss@h/x"),
            "postgres://us:***@h/x"
        );
        assert_eq!(
            redact("postgres://u@h/x?sslmode=require&password=s3&PassWord=a%40b#frag"),
            "postgres://u@h/x?sslmode=require&password=***&PassWord=***#frag"
        );
        assert_eq!(
            redact("mysql://u@h/x?SSLPASSWORD=s3&pass%77ord=s4"),
            "mysql://u@h/x?SSLPASSWORD=***&pass%77ord=***"
        );
        assert_eq!(
            redact("postgres://h/x?passwords=kept"),
            "postgres://h/x?passwords=kept"
        );
        assert_eq!(redact("file:x.db?password=kept"), "file:x.db?password=kept");
    }

    #[test]
    fn every_piece_of_a_password_is_scrubbed_from_messages() {
        let url = DatabaseUrl::parse("postgres://us:er:s3cr@t4il@h/x?password=q%40rst").unwrap();
        assert_eq!(
            url.secrets(),
            [
                "er:s3cr@t4il",
                "er:s3cr",
                "q%40rst",
                "q@rst",
                "t4il",
                "rst",
                "q"
            ]
        );
        assert_eq!(
            url.scrub("could not translate host name \"t4il@h\"; user us password er:s3cr"),
            "could not translate host name \"***@h\"; user us password ***"
        );
        assert_eq!(
            url.scrub(&format!("cannot open {}", url.expose())),
            "cannot open postgres://us:***@h/x?password=***"
        );
        let url = DatabaseUrl::parse("mysql://u:s3%zz@h/x").unwrap();
        assert_eq!(url.scrub("bad token \"s3%zz\""), "bad token \"***\"");
        assert!(DatabaseUrl::parse("postgres://u@h/x")
            .unwrap()
            .secrets()
            .is_empty());
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
