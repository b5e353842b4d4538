//! Whether a connection is encrypted, as the server sees it.
//!
//! The answer comes from the server's own view of the session (PostgreSQL's `pg_stat_ssl`,
//! MySQL's `Ssl_version` status), not from the URL: a URL asks for TLS, the session shows
//! whether it got it. `migration status` and `migration check` print it (`--format json`),
//! and the MySQL backend refuses a session that did not get what its URL asked for.

use serde::Serialize;

/// How a connection's traffic travels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Encryption {
    /// Whether the session is encrypted with TLS. Always false for SQLite, a local file.
    pub encrypted: bool,
    /// The protocol (`TLSv1.3`), when encrypted.
    pub tls_version: Option<String>,
    /// The cipher (`TLS_AES_256_GCM_SHA384`), when encrypted.
    pub cipher: Option<String>,
}

impl Encryption {
    /// A session that is not encrypted (or, for SQLite, does not travel at all).
    pub fn none() -> Encryption {
        Encryption::default()
    }

    /// From a server's protocol and cipher names, empty or missing when not encrypted.
    pub fn from_server(tls_version: Option<String>, cipher: Option<String>) -> Encryption {
        let tls_version = tls_version.filter(|v| !v.is_empty());
        let cipher = cipher.filter(|c| !c.is_empty());
        Encryption {
            encrypted: tls_version.is_some() || cipher.is_some(),
            tls_version,
            cipher,
        }
    }
}
