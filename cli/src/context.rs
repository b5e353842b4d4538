//! Resolving flags, environment, `.env` and `diesel.toml` once, into what commands act on.
//!
//! The lookup orders are diesel_cli's, so a Diesel project behaves the same:
//! - database URL: `--database-url`, else `DATABASE_URL` (the environment wins over `.env`);
//! - config file: `--config-file`, else `DIESEL_CONFIG_FILE`, else `diesel.toml` in the
//!   project root (the nearest directory upward holding `diesel.toml`, else `Cargo.toml`);
//! - migrations: `--migration-dir`, else `MIGRATION_DIRECTORY`, else `[migrations_directory]
//!   dir`, else the nearest `migrations` directory upward from the working directory.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};

use crate::args::GlobalArgs;
use crate::backend::{Connection, DatabaseUrl};
use crate::config::Config;
use crate::migrate::MigrateError;
use crate::paths::shown;

/// Everything a command needs to know about where things are.
#[derive(Debug, Clone)]
pub struct Context {
    pub cwd: PathBuf,
    pub config: Config,
    /// Where the config file is, or would be created by `setup`.
    pub config_path: PathBuf,
    /// The nearest directory holding `diesel.toml` or `Cargo.toml`, if any.
    pub project_root: Option<PathBuf>,
    database_url: Option<String>,
    explicit_migration_dir: Option<PathBuf>,
    pub locked_schema: bool,
}

impl Context {
    /// Loads `.env`, finds and reads the config file. A config file named explicitly must
    /// exist unless `config_may_be_missing` (for `setup`, which creates it).
    pub fn resolve(global: &GlobalArgs, config_may_be_missing: bool) -> Result<Context> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        load_dotenv(&cwd)?;

        let project_root = find_upward(&cwd, |dir| dir.join("diesel.toml").is_file())
            .or_else(|| find_upward(&cwd, |dir| dir.join("Cargo.toml").is_file()));
        let explicit_config = global
            .config_file
            .clone()
            .or_else(|| std::env::var_os("DIESEL_CONFIG_FILE").map(PathBuf::from));
        let config_path = match &explicit_config {
            Some(path) => cwd.join(path),
            None => project_root.as_deref().unwrap_or(&cwd).join("diesel.toml"),
        };
        let config = if config_path.is_file() {
            Config::load(&config_path)?
        } else if explicit_config.is_some() && !config_may_be_missing {
            bail!(
                "config file {} does not exist; create it (`strata setup` writes a default one) \
                 or leave out --config-file / DIESEL_CONFIG_FILE",
                shown(&config_path)
            );
        } else {
            Config::default()
        };

        let explicit_migration_dir = global
            .migration_dir
            .clone()
            .or_else(|| std::env::var_os("MIGRATION_DIRECTORY").map(PathBuf::from))
            .map(|dir| cwd.join(dir));
        let database_url = global
            .database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok());

        Ok(Context {
            cwd,
            config,
            config_path,
            project_root,
            database_url,
            explicit_migration_dir,
            locked_schema: global.locked_schema,
        })
    }

    /// The same context with another config (after `setup` wrote one).
    pub fn with_config(&self, config: Config) -> Context {
        Context {
            config,
            ..self.clone()
        }
    }

    /// The PostgreSQL schema that schema snapshots read: the first `[print_schema]`
    /// section's `schema`, else the backend's default.
    pub fn snapshot_schema(&self) -> Option<String> {
        self.config
            .print_schema
            .iter()
            .find_map(|section| section.schema.clone())
    }

    /// The database URL; an error saying where to put one when there is none.
    pub fn database_url(&self) -> Result<DatabaseUrl> {
        let raw = self.database_url.as_deref().ok_or_else(|| {
            anyhow!(
                "no database URL: pass --database-url, or set DATABASE_URL in the environment \
                 or in a .env file (for example `DATABASE_URL=app.db` for SQLite)"
            )
        })?;
        Ok(DatabaseUrl::parse(raw)?)
    }

    /// Connects to the database.
    pub fn connect(&self) -> Result<Connection> {
        let url = self.database_url()?;
        Ok(Connection::establish(&url)?)
    }

    /// Connects unless that would create the database (see
    /// [`Connection::establish_existing`]).
    pub fn connect_existing(&self) -> Result<Option<Connection>> {
        let url = self.database_url()?;
        Ok(Connection::establish_existing(&url)?)
    }

    /// The configured or discovered migrations directory (which may not exist yet when named
    /// explicitly).
    pub fn migrations_dir(&self) -> Result<PathBuf, MigrateError> {
        self.configured_migrations_dir()
            .or_else(|| {
                find_upward(&self.cwd, |dir| dir.join("migrations").is_dir())
                    .map(|d| d.join("migrations"))
            })
            .ok_or_else(|| MigrateError::NoDirectoryFound {
                start: self.cwd.clone(),
            })
    }

    /// The migrations directory `setup` uses: as configured, else `migrations` in the project
    /// root (or here).
    pub fn migrations_dir_for_setup(&self) -> PathBuf {
        self.configured_migrations_dir().unwrap_or_else(|| {
            find_upward(&self.cwd, |dir| dir.join("migrations").is_dir())
                .unwrap_or_else(|| {
                    self.project_root
                        .clone()
                        .unwrap_or_else(|| self.cwd.clone())
                })
                .join("migrations")
        })
    }

    fn configured_migrations_dir(&self) -> Option<PathBuf> {
        self.explicit_migration_dir
            .clone()
            .or_else(|| self.config.migrations_dir.clone())
    }
}

/// The nearest of `start` and its ancestors for which `found` holds.
fn find_upward(start: &Path, found: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    start.ancestors().find(|dir| found(dir)).map(Path::to_owned)
}

/// Loads the nearest `.env` upward (without overriding variables already set). A malformed
/// file is an error naming its line, not something to ignore.
fn load_dotenv(cwd: &Path) -> Result<()> {
    let Some(dir) = find_upward(cwd, |dir| dir.join(".env").is_file()) else {
        return Ok(());
    };
    let path = dir.join(".env");
    match dotenvy::from_path(&path) {
        Ok(()) => Ok(()),
        Err(dotenvy::Error::LineParse(line, _)) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // dotenvy reports the offending text (for an unclosed quote, the rest of the
            // file); its first line is the one at fault.
            let first = line.lines().next().unwrap_or_default().trim();
            let line_number = text
                .lines()
                .position(|l| l.trim() == first)
                .map_or_else(String::new, |n| format!(":{}", n + 1));
            bail!(
                "{}{line_number}: cannot parse `{first}`; each line must be KEY=value, with \
                 quotes around values that contain spaces (and every quote closed)",
                shown(&path),
            )
        }
        Err(e) => Err(anyhow!(e).context(format!("cannot read {}", shown(&path)))),
    }
}
