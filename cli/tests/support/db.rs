//! A database of its own for each test, on SQLite, PostgreSQL or MySQL/MariaDB.
//!
//! Server databases get unique names (process id, counter, clock) and are dropped when the
//! test ends, so parallel tests and repeated runs never collide. The servers are the local
//! ones unless `STRATA_TEST_POSTGRES_URL` / `STRATA_TEST_MYSQL_URL` name others (a URL
//! without a database). `STRATA_TEST_BACKENDS=sqlite,postgres` limits the run.
//!
//! A server that cannot be reached fails every test that needs it when `CI` is set: CI must
//! prove all three backends. Outside CI the backend is skipped with one notice on stderr.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::SqliteConnection;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, RunQueryDsl};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
    Mysql,
}

impl TestBackend {
    pub const ALL: [TestBackend; 3] = [
        TestBackend::Sqlite,
        TestBackend::Postgres,
        TestBackend::Mysql,
    ];

    /// The name of its fixture folders and of `STRATA_TEST_BACKENDS` entries.
    pub fn key(self) -> &'static str {
        match self {
            TestBackend::Sqlite => "sqlite",
            TestBackend::Postgres => "postgres",
            TestBackend::Mysql => "mysql",
        }
    }

    /// The server URL without a database (`None` for SQLite).
    fn server_url(self) -> Option<String> {
        let (var, default) = match self {
            TestBackend::Sqlite => return None,
            TestBackend::Postgres => (
                "STRATA_TEST_POSTGRES_URL",
                "postgres://postgres@127.0.0.1:5432",
            ),
            TestBackend::Mysql => ("STRATA_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306"),
        };
        let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
        Some(url.trim_end_matches('/').to_owned())
    }

    /// The server's maintenance database, which always exists.
    fn maintenance_url(self) -> Option<String> {
        let server = self.server_url()?;
        Some(match self {
            TestBackend::Postgres => format!("{server}/postgres"),
            _ => format!("{server}/information_schema"),
        })
    }

    fn how_to_start(self) -> &'static str {
        match self {
            TestBackend::Sqlite => "",
            TestBackend::Postgres => {
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
            }
            TestBackend::Mysql => {
                "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"
            }
        }
    }

    /// Whether tests should run on it: asked for, and its server answers. In CI an
    /// unreachable server is a failure, never a skip.
    fn available(self) -> bool {
        static PROBES: OnceLock<Vec<(TestBackend, Result<(), String>)>> = OnceLock::new();
        let probes = PROBES.get_or_init(|| {
            TestBackend::ALL
                .iter()
                .map(|&backend| (backend, backend.probe()))
                .collect()
        });
        let wanted = match std::env::var("STRATA_TEST_BACKENDS") {
            Ok(list) => list.split(',').any(|b| b.trim() == self.key()),
            Err(_) => true,
        };
        if !wanted {
            return false;
        }
        let (_, probe) = probes.iter().find(|(b, _)| *b == self).unwrap();
        match probe {
            Ok(()) => true,
            Err(error) if std::env::var_os("CI").is_some() => panic!(
                "{} is unreachable ({error}); CI tests every backend. Start it with: {}",
                self.key(),
                self.how_to_start()
            ),
            Err(error) => {
                static NOTICE: std::sync::Once = std::sync::Once::new();
                NOTICE.call_once(|| {
                    eprintln!(
                        "note: skipping {} tests: {error}. Start it with `{}`, or set \
                         STRATA_TEST_BACKENDS=sqlite to test SQLite only.",
                        self.key(),
                        self.how_to_start()
                    )
                });
                false
            }
        }
    }

    fn probe(self) -> Result<(), String> {
        match (self, self.maintenance_url()) {
            (TestBackend::Postgres, Some(url)) => PgConnection::establish(&url)
                .map(drop)
                .map_err(|e| e.to_string()),
            (TestBackend::Mysql, Some(url)) => MysqlConnection::establish(&url)
                .map(drop)
                .map_err(|e| e.to_string()),
            _ => Ok(()),
        }
    }
}

/// The backends this run tests, SQLite first.
pub fn backends() -> Vec<TestBackend> {
    TestBackend::ALL
        .into_iter()
        .filter(|b| b.available())
        .collect()
}

/// A database for one test.
pub struct TestDb {
    backend: TestBackend,
    url: String,
    /// The server database's name (`None` for SQLite).
    name: Option<String>,
}

impl TestDb {
    /// SQLite: `test.db` in `dir`, created on first use. A server: a new empty database.
    pub fn create(backend: TestBackend, dir: &Path) -> TestDb {
        let Some(server) = backend.server_url() else {
            return TestDb {
                backend,
                url: dir.join("test.db").display().to_string(),
                name: None,
            };
        };
        let name = unique_name();
        let db = TestDb {
            backend,
            url: format!("{server}/{name}"),
            name: Some(name.clone()),
        };
        db.on_server(&match backend {
            TestBackend::Mysql => {
                format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
            }
            _ => format!("CREATE DATABASE \"{name}\""),
        });
        db
    }

    pub fn backend(&self) -> TestBackend {
        self.backend
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs SQL (several statements allowed) in this database.
    pub fn execute(&self, sql: &str) {
        let result = match self.backend {
            TestBackend::Sqlite => {
                SqliteConnection::establish(&self.url).map(|mut c| c.batch_execute(sql))
            }
            TestBackend::Postgres => {
                PgConnection::establish(&self.url).map(|mut c| c.batch_execute(sql))
            }
            TestBackend::Mysql => {
                MysqlConnection::establish(&self.url).map(|mut c| c.batch_execute(sql))
            }
        };
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{sql}: {e}"),
            Err(e) => panic!("connecting to {}: {e}", self.url),
        }
    }

    /// Runs a script with the backend's own command-line client (`sqlite3`, `psql`,
    /// `mariadb`), stopping at the first error; returns (success, stdout + stderr).
    pub fn native_client(&self, script: &str) -> (bool, String) {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut command = match self.backend {
            TestBackend::Sqlite => {
                let mut c = Command::new("sqlite3");
                c.args(["-bail", &self.url]);
                c
            }
            TestBackend::Postgres => {
                let mut c = Command::new("psql");
                c.args(["-q", "-v", "ON_ERROR_STOP=1", &self.url]);
                c
            }
            TestBackend::Mysql => {
                // mysql://user[:password]@host:port/name
                let rest = self.url.trim_start_matches("mysql://");
                let (user, rest) = rest.split_once('@').unwrap();
                let (host_port, name) = rest.split_once('/').unwrap();
                let (host, port) = host_port.split_once(':').unwrap_or((host_port, "3306"));
                let (user, password) = user.split_once(':').unwrap_or((user, ""));
                let mut c = Command::new("mariadb");
                c.args(["--protocol=tcp", "-h", host, "-P", port, "-u", user, name]);
                if !password.is_empty() {
                    c.arg(format!("-p{password}"));
                }
                c
            }
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("the native client for {:?} runs: {e}", self.backend));
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.success(), text)
    }

    /// The `value` column of a query's rows.
    pub fn strings(&self, sql: &str) -> Vec<String> {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        let rows: Vec<Row> = match self.backend {
            TestBackend::Sqlite => {
                diesel::sql_query(sql).load(&mut SqliteConnection::establish(&self.url).unwrap())
            }
            TestBackend::Postgres => {
                diesel::sql_query(sql).load(&mut PgConnection::establish(&self.url).unwrap())
            }
            TestBackend::Mysql => {
                diesel::sql_query(sql).load(&mut MysqlConnection::establish(&self.url).unwrap())
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.into_iter().map(|r| r.value).collect()
    }

    /// The user tables, sorted.
    pub fn tables(&self) -> Vec<String> {
        let mut tables = self.strings(match self.backend {
            TestBackend::Sqlite => {
                "SELECT name AS value FROM sqlite_schema WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%'"
            }
            TestBackend::Postgres => {
                "SELECT tablename::text AS value FROM pg_tables WHERE schemaname = 'public'"
            }
            TestBackend::Mysql => {
                "SELECT TABLE_NAME AS value FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE()"
            }
        });
        tables.sort();
        tables
    }

    /// Runs a statement on the server's maintenance database.
    fn on_server(&self, sql: &str) {
        let url = self.backend.maintenance_url().expect("a server backend");
        let result = match self.backend {
            TestBackend::Postgres => {
                PgConnection::establish(&url).map(|mut c| c.batch_execute(sql))
            }
            _ => MysqlConnection::establish(&url).map(|mut c| c.batch_execute(sql)),
        };
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{sql}: {e}"),
            Err(e) => panic!("connecting to {url}: {e}"),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = &self.name else { return };
        let sql = match self.backend {
            // FORCE: a strata process killed by a test may still hold a session.
            TestBackend::Postgres => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            _ => format!("DROP DATABASE IF EXISTS `{name}`"),
        };
        if std::thread::panicking() {
            // Best effort: a second panic while unwinding would abort the test binary.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.on_server(&sql)));
        } else {
            self.on_server(&sql);
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "strata_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
