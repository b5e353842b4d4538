//! The migration lock: one runner at a time per database.
//!
//! `run`, `revert` and `redo` (and the library API) hold it from before they read the
//! ledger until they are done, so two deploys starting at once never apply a migration
//! twice: the second waits, then finds nothing pending. Each backend takes it its own way
//! ([`Locking::lock`]), always on a connection or file handle of its own, or on the
//! application's own session, so the lock outlives no process: if strata dies, the server or
//! the kernel releases it.

use std::time::Duration;

use diesel::QueryResult;

/// How long to wait for a lock another runner holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockWait {
    /// `None` waits for as long as it takes.
    pub timeout: Option<Duration>,
}

/// A held lock; dropping it releases it.
pub trait HeldLock: std::fmt::Debug {}

/// A lock that needs no releasing (an in-memory SQLite database has one connection).
#[derive(Debug)]
pub struct NoLock;
impl HeldLock for NoLock {}

/// A lock held by the application's own connection (a session lock on it), released by
/// [`Locking::unlock`] rather than by dropping this.
#[derive(Debug)]
pub struct SessionLock;
impl HeldLock for SessionLock {}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "gave up waiting for the migration lock after {}s: it is held by {holder}; wait for \
         that run to finish, or raise --lock-timeout",
        waited.as_secs()
    )]
    Timeout { holder: String, waited: Duration },
    #[error("cannot take the migration lock: {0}")]
    Failed(String),
}

/// Taking and releasing the migration lock of a database.
pub trait Locking {
    /// Takes the migration lock for this database, waiting as `wait` says and telling
    /// `waiting` who holds it meanwhile.
    fn lock(
        &mut self,
        wait: &LockWait,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<Box<dyn HeldLock>, LockError>;
    /// Releases a lock [`Locking::lock`] took: dropping it, unless it lives on this
    /// connection's own session.
    fn unlock(&mut self, lock: Box<dyn HeldLock>) -> QueryResult<()> {
        drop(lock);
        Ok(())
    }
    /// Whether taking the lock costs enough (a connection of its own, on the servers) that a
    /// run should first check, unlocked, whether it has anything to do. SQLite's lock is a
    /// `flock`, and an unlocked read there could wait out the busy timeout behind a
    /// committing writer, silently and past `--lock-timeout`.
    fn read_before_locking(&self) -> bool {
        false
    }
}
