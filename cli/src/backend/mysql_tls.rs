//! `ssl_mode` on MySQL and MariaDB, enforced by strata whatever the client library does.
//!
//! diesel hands `ssl_mode` to the client library as `MYSQL_OPT_SSL_MODE`, and `ssl_ca`,
//! `ssl_cert` and `ssl_key` as the options of those names. MySQL's libmysqlclient enforces
//! the mode. MariaDB's libmariadb (what Debian's `default-libmysqlclient-dev` links) has no
//! such option: mysqlclient-sys maps it to an unrelated one, so the mode is dropped, and
//! libmariadb 3.x then
//! - encrypts only when it is given a CA or a client certificate;
//! - goes on in plain text when the server has TLS off;
//! - verifies the certificate chain against `ssl_ca` whenever one is given, failing the
//!   handshake otherwise;
//! - checks the host name only when asked with `MYSQL_OPT_SSL_VERIFY_SERVER_CERT`, which
//!   diesel never sets.
//!
//! So with libmariadb, strata gives the system's CA bundle as `ssl_ca` when a mode that
//! asks for TLS comes without one (libmariadb then encrypts, and verifies against the
//! system roots), refuses `verify_identity` before connecting, and, with either library,
//! asks the server after connecting whether the session is encrypted, refusing a plain one
//! before any other statement runs.

use diesel::mysql::MysqlConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{connect_error, ConnectError, DatabaseUrl, Encryption};

/// Whether the linked client library enforces `ssl_mode` itself (libmysqlclient does,
/// libmariadb has no such option).
const LIBRARY_ENFORCES_SSL_MODE: bool = mysqlclient_sys::SUPPORTS_MYSQL_SSL_MODE;

/// Where distributions keep the system's CA bundle (Debian and Ubuntu, Fedora and RHEL,
/// openSUSE, Alpine and the BSDs), after `SSL_CERT_FILE`.
const SYSTEM_CA_BUNDLES: [&str; 4] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// diesel's `ssl_mode` values, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum SslMode {
    Disabled,
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

impl SslMode {
    /// The URL's `ssl_mode`, in any case as diesel reads it; `None` when it has none or one
    /// diesel rejects (diesel's own error then says so).
    pub(super) fn of(url: &DatabaseUrl) -> Option<SslMode> {
        let mode = match url.query_param("ssl_mode")?.to_lowercase().as_str() {
            "disabled" => SslMode::Disabled,
            "preferred" => SslMode::Preferred,
            "required" => SslMode::Required,
            "verify_ca" => SslMode::VerifyCa,
            "verify_identity" => SslMode::VerifyIdentity,
            _ => return None,
        };
        Some(mode)
    }

    fn name(self) -> &'static str {
        match self {
            SslMode::Disabled => "disabled",
            SslMode::Preferred => "preferred",
            SslMode::Required => "required",
            SslMode::VerifyCa => "verify_ca",
            SslMode::VerifyIdentity => "verify_identity",
        }
    }

    fn requires_tls(self) -> bool {
        self >= SslMode::Required
    }
}

/// Connects as `url` says, with its `ssl_mode` enforced (see the module's documentation).
pub(super) fn connect(url: &DatabaseUrl) -> Result<MysqlConnection, ConnectError> {
    let Some(mode) = SslMode::of(url).filter(|mode| mode.requires_tls()) else {
        return MysqlConnection::establish(url.expose()).map_err(|e| connect_error(url, &e));
    };
    let prepared = prepare(url, mode)?;
    let mut conn = MysqlConnection::establish(prepared.url.expose())
        .map_err(|e| handshake_error(url, &prepared, &e))?;
    let encryption = encryption(&mut conn).map_err(|e| refused(url, &format!(
        "could not ask the server whether the connection is encrypted ({e}), which ssl_mode={} needs",
        mode.name()
    )))?;
    if !encryption.encrypted {
        return Err(refused(
            url,
            &format!(
                "ssl_mode={} asks for TLS, but the server did not encrypt the connection (it \
                 offers no TLS: see its have_ssl variable); strata does not continue in plain \
                 text",
                mode.name()
            ),
        ));
    }
    Ok(conn)
}

/// The URL handed to the client library, and the CA bundle strata added to it, if any.
struct Prepared {
    url: DatabaseUrl,
    system_ca: Option<String>,
}

/// What libmariadb needs to do what `mode` asks, or the refusal when it cannot.
fn prepare(url: &DatabaseUrl, mode: SslMode) -> Result<Prepared, ConnectError> {
    let unchanged = || Prepared {
        url: url.clone(),
        system_ca: None,
    };
    if LIBRARY_ENFORCES_SSL_MODE {
        return Ok(unchanged());
    }
    if mode == SslMode::VerifyIdentity {
        return Err(refused(
            url,
            "ssl_mode=verify_identity asks to check that the server's certificate names its \
             host, which the MariaDB client library (libmariadb) strata is linked with is never \
             asked to do (diesel has no way to set MYSQL_OPT_SSL_VERIFY_SERVER_CERT); use \
             ssl_mode=verify_ca with ssl_ca=<the CA file that signed the server's certificate>, \
             which strata enforces",
        ));
    }
    if url.query_param("ssl_ca").is_some() {
        return Ok(unchanged());
    }
    let Some(bundle) = system_ca_bundle() else {
        return Err(refused(
            url,
            &format!(
                "ssl_mode={} needs a CA to check the server's certificate against, and this \
                 machine has no system CA bundle (none of {} exists, nor SSL_CERT_FILE); name \
                 one with ssl_ca=<file>",
                mode.name(),
                SYSTEM_CA_BUNDLES.join(", ")
            ),
        ));
    };
    Ok(Prepared {
        url: url.with_query_param("ssl_ca", &bundle),
        system_ca: Some(bundle),
    })
}

/// The system's CA bundle: `SSL_CERT_FILE`, else the first of [`SYSTEM_CA_BUNDLES`] that
/// exists.
fn system_ca_bundle() -> Option<String> {
    let from_environment = std::env::var("SSL_CERT_FILE").ok();
    from_environment
        .into_iter()
        .chain(SYSTEM_CA_BUNDLES.iter().map(|path| (*path).to_owned()))
        .find(|path| std::path::Path::new(path).is_file())
}

/// A failed connection, saying which CA strata checked the certificate against when the
/// URL named none.
fn handshake_error(
    url: &DatabaseUrl,
    prepared: &Prepared,
    error: &diesel::ConnectionError,
) -> ConnectError {
    let mut failure = connect_error(url, error);
    let tls_failure = failure.message.contains("SSL") || failure.message.contains("TLS");
    if let (Some(bundle), true) = (&prepared.system_ca, tls_failure) {
        failure.message = format!(
            "{} (the URL names no ssl_ca, so the server's certificate was checked against the \
             system's CA bundle {bundle}; name the CA that signed it with ssl_ca=<file>)",
            failure.message
        );
    }
    failure
}

fn refused(url: &DatabaseUrl, message: &str) -> ConnectError {
    ConnectError {
        url: url.to_string(),
        message: message.to_owned(),
    }
}

#[derive(QueryableByName)]
struct StatusVariable {
    #[diesel(sql_type = Text, column_name = Variable_name)]
    name: String,
    #[diesel(sql_type = Text, column_name = Value)]
    value: String,
}

/// The session's TLS protocol and cipher, as the server reports them (empty when the
/// session is plain).
pub(super) fn encryption(conn: &mut MysqlConnection) -> QueryResult<Encryption> {
    let rows: Vec<StatusVariable> = diesel::sql_query(
        "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')",
    )
    .load(conn)?;
    let value = |wanted: &str| {
        rows.iter()
            .find(|row| row.name.eq_ignore_ascii_case(wanted))
            .map(|row| row.value.clone())
    };
    Ok(Encryption::from_server(
        value("Ssl_version"),
        value("Ssl_cipher"),
    ))
}
