//! TLS the URL asks for, or no connection: the real binary against real servers.
//!
//! Four servers: the usual ones (`support::TestDb`: MariaDB on 3306 with TLS disabled,
//! PostgreSQL on 5432 with Debian's `ssl = on`), and two that `scripts/tls-servers start`
//! starts (`scripts/dev test` does it): a MariaDB with TLS on and a certificate signed by a
//! test CA (`STRATA_TEST_MYSQL_TLS_URL`, `STRATA_TEST_TLS_CA`, `STRATA_TEST_TLS_WRONG_CA`),
//! and a PostgreSQL with `ssl = off` (`STRATA_TEST_POSTGRES_NOTLS_URL`). The defaults are
//! the script's. A server that cannot be reached fails the test in CI and skips it, with a
//! notice, elsewhere.

#[macro_use]
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection};
use support::{Project, Run, TestBackend};

const CREATE_USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL)";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn tls_ca() -> String {
    env_or("STRATA_TEST_TLS_CA", "/tmp/strata-tls/certs/ca.pem")
}

fn wrong_ca() -> String {
    env_or(
        "STRATA_TEST_TLS_WRONG_CA",
        "/tmp/strata-tls/certs/wrong-ca.pem",
    )
}

/// Whether a test on `what` can run: in CI it must, elsewhere it is skipped with a notice.
fn reachable(what: &str, probe: Result<(), String>) -> bool {
    match probe {
        Ok(()) => true,
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("{what} is unreachable ({error}); CI tests it. Start it with scripts/tls-servers start")
        }
        Err(error) => {
            eprintln!("note: skipping: {what} is unreachable ({error}); start it with scripts/tls-servers start");
            false
        }
    }
}

/// A database of its own on one of the servers `scripts/tls-servers` starts, dropped at the
/// end of the test.
struct ServerDb {
    server: String,
    name: String,
    mysql: bool,
}

impl ServerDb {
    /// On the MariaDB with TLS on, or `None` (the test is skipped) outside CI when it is down.
    fn on_tls_mariadb() -> Option<ServerDb> {
        let server = env_or("STRATA_TEST_MYSQL_TLS_URL", "mysql://root@127.0.0.1:3307");
        ServerDb::create(server, true, "the MariaDB with TLS on")
    }

    /// On the PostgreSQL with ssl = off.
    fn on_postgres_without_tls() -> Option<ServerDb> {
        let server = env_or(
            "STRATA_TEST_POSTGRES_NOTLS_URL",
            "postgres://postgres@127.0.0.1:5433",
        );
        ServerDb::create(server, false, "the PostgreSQL with ssl = off")
    }

    fn create(server: String, mysql: bool, what: &str) -> Option<ServerDb> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let server = server.trim_end_matches('/').to_owned();
        let name = format!(
            "strata_tls_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let db = ServerDb {
            server,
            name,
            mysql,
        };
        let create = if mysql {
            format!("CREATE DATABASE `{}`", db.name)
        } else {
            format!("CREATE DATABASE \"{}\"", db.name)
        };
        reachable(what, db.on_server(&create)).then_some(db)
    }

    fn url(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }

    fn on_server(&self, sql: &str) -> Result<(), String> {
        let result = if self.mysql {
            MysqlConnection::establish(&format!("{}/information_schema", self.server))
                .map(|mut c| c.batch_execute(sql))
        } else {
            PgConnection::establish(&format!("{}/postgres", self.server))
                .map(|mut c| c.batch_execute(sql))
        };
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        let drop = if self.mysql {
            format!("DROP DATABASE IF EXISTS `{}`", self.name)
        } else {
            format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)
        };
        let _ = self.on_server(&drop);
    }
}

/// A project with one migration, for a database that is not the project's own.
fn project() -> Project {
    let project = Project::new();
    project.migration(
        "2024-01-01-000000_create_users",
        CREATE_USERS,
        Some("DROP TABLE users"),
    );
    project
}

/// `strata ARGS --database-url URL` in the project.
fn strata(project: &Project, url: &str, args: &[&str]) -> Run {
    let mut full = args.to_vec();
    full.extend(["--database-url", url]);
    project.strata_raw(&full)
}

/// [`strata`] with `SSL_CERT_FILE` naming the system's CA bundle.
fn strata_with_ca_bundle(project: &Project, url: &str, args: &[&str], bundle: &str) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .args(["--database-url", url])
        .current_dir(project.path())
        .env_remove("DATABASE_URL")
        .env("SSL_CERT_FILE", bundle)
        .output()
        .expect("the strata binary runs");
    Run::from_output(output)
}

/// The `connection` object of a JSON report.
fn connection(run: &Run) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    report["connection"].clone()
}

fn encrypted_with_tls13() -> serde_json::Value {
    serde_json::json!({"encrypted": true, "tls_version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384"})
}

fn not_encrypted() -> serde_json::Value {
    serde_json::json!({"encrypted": false, "tls_version": null, "cipher": null})
}

/// On the usual MariaDB (TLS disabled), `ssl_mode=required` is refused after connecting,
/// before anything is read or written: no ledger table appears.
#[test]
fn mysql_required_is_refused_by_a_server_without_tls() {
    if !support::backends().contains(&TestBackend::Mysql) {
        return;
    }
    let project = Project::on(TestBackend::Mysql);
    project.migration("2024-01-01-000000_create_users", CREATE_USERS, None);
    let url = format!("{}?ssl_mode=required", project.db_url());
    let run = strata(&project, &url, &["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: ssl_mode=required asks for TLS, but the server \
             did not encrypt the connection (it offers no TLS: see its have_ssl variable); \
             strata does not continue in plain text\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert_eq!(project.tables(), Vec::<String>::new());
}

/// The verify modes are refused there too, in any case, with the CA given.
#[test]
fn mysql_verify_ca_is_refused_by_a_server_without_tls() {
    if !support::backends().contains(&TestBackend::Mysql) {
        return;
    }
    let project = Project::on(TestBackend::Mysql);
    project.migration("2024-01-01-000000_create_users", CREATE_USERS, None);
    let url = format!(
        "{}?ssl_mode=VERIFY_CA&ssl_ca={}",
        project.db_url(),
        tls_ca()
    );
    let run = strata(&project, &url, &["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: ssl_mode=verify_ca asks for TLS, but the server \
             did not encrypt the connection (it offers no TLS: see its have_ssl variable); \
             strata does not continue in plain text\n"
        )
    );
    assert_eq!(project.tables(), Vec::<String>::new());
}

/// libmariadb is never asked to check the host name, so verify_identity is refused before
/// connecting rather than quietly weakened to verify_ca.
#[test]
fn mysql_verify_identity_is_refused_with_libmariadb() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let project = project();
    let url = format!("{}?ssl_mode=verify_identity&ssl_ca={}", db.url(), tls_ca());
    let run = strata(&project, &url, &["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: ssl_mode=verify_identity asks to check that the \
             server's certificate names its host, which the MariaDB client library (libmariadb) \
             strata is linked with is never asked to do (diesel has no way to set \
             MYSQL_OPT_SSL_VERIFY_SERVER_CERT); use ssl_mode=verify_ca with ssl_ca=<the CA file \
             that signed the server's certificate>, which strata enforces\n"
        )
    );
}

/// `required` with the CA: applied over TLS, and `status` says so.
#[test]
fn mysql_required_connects_to_a_tls_server_encrypted() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let project = project();
    let url = format!("{}?ssl_mode=required&ssl_ca={}", db.url(), tls_ca());
    strata(&project, &url, &["migration", "run"]).ok();
    let status = strata(&project, &url, &["migration", "status", "--format", "json"]);
    assert_eq!(connection(&status), encrypted_with_tls13());
}

/// `verify_ca` with the test CA: connects, and `check` reports the encryption.
#[test]
fn mysql_verify_ca_connects_with_the_right_ca() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let project = project();
    let url = format!("{}?ssl_mode=verify_ca&ssl_ca={}", db.url(), tls_ca());
    strata(&project, &url, &["migration", "run"]).ok();
    let check = strata(&project, &url, &["migration", "check", "--format", "json"]);
    assert_eq!(connection(&check), encrypted_with_tls13());
}

/// `verify_ca` with a CA that did not sign the server's certificate: refused.
#[test]
fn mysql_verify_ca_refuses_a_wrong_ca() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let project = project();
    let url = format!("{}?ssl_mode=verify_ca&ssl_ca={}", db.url(), wrong_ca());
    let run = strata(&project, &url, &["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: TLS/SSL error: self-signed certificate in \
             certificate chain\n"
        )
    );
}

/// Without `ssl_ca`, the certificate is checked against the system's CA bundle
/// (`SSL_CERT_FILE` here, a CA that did not sign it), and the error says which.
#[test]
fn mysql_required_without_ssl_ca_checks_the_system_roots() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let project = project();
    let url = format!("{}?ssl_mode=required", db.url());
    let run = strata_with_ca_bundle(&project, &url, &["migration", "run"], &wrong_ca());
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: TLS/SSL error: self-signed certificate in \
             certificate chain (the URL names no ssl_ca, so the server's certificate was checked \
             against the system's CA bundle {}; name the CA that signed it with ssl_ca=<file>)\n",
            wrong_ca()
        )
    );
}

/// The scratch database of `verify` is reached with the URL's TLS settings: a user the
/// server only admits over TLS can verify, with the CA coming from the system bundle.
#[test]
fn mysql_verify_reaches_its_scratch_database_over_tls() {
    let Some(db) = ServerDb::on_tls_mariadb() else {
        return;
    };
    let user = format!("{}_user", db.name);
    db.on_server(&format!(
        "CREATE USER '{user}'@'%' REQUIRE SSL; GRANT ALL ON *.* TO '{user}'@'%'"
    ))
    .unwrap();
    let project = project();
    let url = format!("{}?ssl_mode=required", db.url()).replacen("root@", &format!("{user}@"), 1);
    let run = strata_with_ca_bundle(&project, &url, &["migration", "verify"], &tls_ca());
    db.on_server(&format!("DROP USER '{user}'@'%'")).unwrap();
    assert!(
        run.ok().contains("ok      2024-01-01-000000_create_users"),
        "{run:#?}"
    );
}

/// libpq refuses `sslmode=require` when the server has no TLS.
#[test]
fn postgres_require_is_refused_by_a_server_without_tls() {
    let Some(db) = ServerDb::on_postgres_without_tls() else {
        return;
    };
    let project = project();
    let url = format!("{}?sslmode=require", db.url());
    let port = url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let run = strata(&project, &url, &["migration", "run"]);
    assert_eq!(
        run.fails(),
        format!(
            "error: could not connect to {url}: connection to server at \"127.0.0.1\", port \
             {port} failed: server does not support SSL, but SSL was required\n"
        )
    );
}

/// `sslmode=require` on the server with ssl = on: connects, and both reports say encrypted.
#[test]
fn postgres_require_connects_encrypted() {
    if !support::backends().contains(&TestBackend::Postgres) {
        return;
    }
    let project = Project::on(TestBackend::Postgres);
    project.migration("2024-01-01-000000_create_users", CREATE_USERS, None);
    let url = format!("{}?sslmode=require", project.db_url());
    strata(&project, &url, &["migration", "run"]).ok();
    let status = strata(&project, &url, &["migration", "status", "--format", "json"]);
    assert_eq!(connection(&status), encrypted_with_tls13());
    let check = strata(&project, &url, &["migration", "check", "--format", "json"]);
    assert_eq!(connection(&check), encrypted_with_tls13());
}

/// `sslmode=disable`: plain, and reported as such.
#[test]
fn postgres_disable_reports_not_encrypted() {
    if !support::backends().contains(&TestBackend::Postgres) {
        return;
    }
    let project = Project::on(TestBackend::Postgres);
    let url = format!("{}?sslmode=disable", project.db_url());
    let status = strata(&project, &url, &["migration", "status", "--format", "json"]);
    assert_eq!(connection(&status), not_encrypted());
}

/// SQLite is a local file: never encrypted in transit, and reported as not encrypted.
#[test]
fn sqlite_reports_not_encrypted() {
    let project = Project::new();
    let check = project.strata(&["migration", "check", "--format", "json"]);
    assert_eq!(connection(&check), not_encrypted());
}
