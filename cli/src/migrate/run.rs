//! `migration run`: apply every pending migration, after checking all of them.

use std::path::Path;
use std::sync::Arc;

use super::error::MigrateError;
use super::runner::{db, Direction, Migrator, Observer};
use super::source::Migration;
use super::state::{Entry, Standing};
use super::step::Enclosing;

impl Migrator<'_> {
    /// Applies every pending migration in version order; returns them.
    pub fn run_pending(
        &mut self,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        // The common case at an application's start, nothing to do, is decided from the
        // history's digests (not its full rows, which carry every down.sql), and without
        // the lock where the lock is a second connection. A read that is not clean takes
        // the locked path, which reads everything again. An all-or-nothing run goes the
        // locked way, so that its checks (MySQL refuses it) answer the same with or
        // without work to do.
        //
        // The migrations may still be being read (see `Migrator::on`): the question reads
        // the database meanwhile. A mistake on disk is never left waiting behind the lock:
        // with the files still being read, the lock is taken only if it is free at once;
        // if another run holds it, the files are read (and any mistake reported) first.
        let ask_first = !self.options.single_transaction;
        let unlocked = self.conn.read_before_locking();
        if ask_first && unlocked && self.is_settled()? {
            return Ok(Vec::new());
        }
        if !ask_first {
            self.finish_reading()?;
        }
        let lock = match self.lock_if_free() {
            Some(lock) => lock,
            None => {
                self.finish_reading()?;
                self.lock(observer)?
            }
        };
        self.under_lock(lock, |this| {
            this.run_pending_locked(ask_first, unlocked, observer)
        })
    }

    /// [`Migrator::run_pending`] once the lock is held.
    fn run_pending_locked(
        &mut self,
        ask_first: bool,
        unlocked: bool,
        observer: &mut dyn Observer,
    ) -> Result<Vec<Migration>, MigrateError> {
        if ask_first && !unlocked && self.is_settled()? {
            return Ok(Vec::new());
        }
        self.finish_reading()?;
        let state = self.recorded()?;
        // Squashed migrations this database is to adopt are judged as adopted; `reconcile`
        // writes the adoption once everything has passed.
        let entries =
            super::squashed::as_adopted(&state, &self.migrations)?.entries(&self.migrations);
        refuse_problems(&entries, &self.dir)?;
        let newest_applied = entries
            .iter()
            .filter(|e| e.is_applied())
            .map(|e| e.version.as_str())
            .max()
            .map(str::to_owned);
        let pending: Vec<Migration> = entries
            .into_iter()
            .filter(|e| e.standing == Standing::Pending)
            .filter_map(|e| e.migration)
            .map(Arc::unwrap_or_clone)
            .collect();
        if let Some(newest) = &newest_applied {
            let newest_name = self
                .migrations
                .iter()
                .find(|m| &m.version == newest)
                .map_or(newest.clone(), |m| m.name.clone());
            if let Some(early) = pending.iter().find(|m| {
                m.version < *newest && !m.allow_out_of_order && !self.options.allow_out_of_order
            }) {
                return Err(MigrateError::OutOfOrder {
                    migration: early.name.clone(),
                    newest: newest_name,
                });
            }
        }
        let dialect = self.conn.dialect();
        let mut comments_only = Vec::new();
        let scripts = pending
            .iter()
            .map(|m| {
                let statements = dialect.split(&m.up.text);
                if statements.is_empty() {
                    if is_blank(&m.up.text) {
                        return Err(MigrateError::EmptyMigration {
                            path: m.up.path.clone(),
                        });
                    }
                    comments_only.push(&m.up.path);
                }
                Ok(statements)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let single = self.options.single_transaction;
        if single {
            self.check_single_transaction(&pending)?;
        }
        // Only once every pending migration has passed its checks is anything written.
        for path in comments_only {
            observer.warning(&format!(
                "warning: {} holds only comments: it is applied as a migration that changes \
                 nothing, and recorded",
                crate::paths::shown(path)
            ));
        }
        let state = self.reconcile(state, observer)?;
        if pending.is_empty() {
            return Ok(pending);
        }
        observer.planned(pending.len(), Direction::Up);
        if single {
            self.conn
                .begin_all()
                .map_err(db("starting the transaction"))?;
            self.enclosing = Some(Enclosing::Run);
        }
        let orders = state.next_order()..;
        for (order, (migration, statements)) in orders.zip(pending.iter().zip(&scripts)) {
            let applied = self.apply(
                migration,
                Direction::Up,
                &migration.up,
                statements,
                order,
                observer,
            );
            if let Err(error) = applied {
                if single {
                    self.enclosing = None;
                    let _ = self.conn.rollback_all();
                }
                return Err(error);
            }
        }
        if single {
            self.enclosing = None;
            self.conn
                .commit_all()
                .map_err(db("committing the transaction"))?;
        }
        Ok(pending)
    }

    /// All-or-nothing needs DDL that rolls back, and every migration inside a transaction.
    fn check_single_transaction(&self, pending: &[Migration]) -> Result<(), MigrateError> {
        if !self.conn.dialect().rolls_back_ddl() {
            return Err(MigrateError::SingleTransaction {
                reason: format!(
                    "{} commits every schema change at once, so a failed run could not be \
                     rolled back",
                    self.conn.dialect().name()
                ),
            });
        }
        if let Some(m) = pending.iter().find(|m| !m.run_in_transaction) {
            return Err(MigrateError::SingleTransaction {
                reason: format!(
                    "migration {} sets run_in_transaction = false in its metadata.toml",
                    m.name
                ),
            });
        }
        Ok(())
    }
}

/// Whether a file holds nothing at all: no SQL and no comment (a byte-order mark aside).
pub(super) fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim().is_empty()
}

/// Refuses to run while an applied migration was edited or lost, or a failure waits for
/// repair.
fn refuse_problems(entries: &[Entry], dir: &Path) -> Result<(), MigrateError> {
    match entries.iter().find_map(|entry| refusal(entry, dir)) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Why `run` refuses to go on past `entry`, if it does: edited, missing or failed.
pub fn refusal(entry: &Entry, dir: &Path) -> Option<MigrateError> {
    match &entry.standing {
        Standing::Missing => Some(MigrateError::AppliedButMissing {
            version: entry.version.clone(),
            dir: dir.to_owned(),
            next: entry.next_step().unwrap_or_default(),
        }),
        Standing::Edited { recorded, current } => {
            let path = entry
                .migration
                .as_ref()
                .map(|m| m.up.path.clone())
                .unwrap_or_default();
            Some(MigrateError::Edited {
                migration: entry.name().to_owned(),
                version: entry.version.clone(),
                path,
                recorded: recorded.clone(),
                current: current.clone(),
            })
        }
        Standing::Failed { .. } => Some(super::undo::failed_earlier(entry)),
        Standing::Applied | Standing::Pending => None,
    }
}
