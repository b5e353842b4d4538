//! The parts of a server URL (`postgres://`, `mysql://`), split as libpq splits them: the
//! database it names, whether it names a host, and its query parameters.

use super::DatabaseUrl;

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
pub(super) fn percent_decode(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::DatabaseUrl;

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
}
