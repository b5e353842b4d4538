//! The migration lock: one runner at a time per database.
//!
//! `run`, `revert` and `redo` (and the library API) hold it from before they read the
//! ledger until they are done, so two deploys starting at once never apply a migration
//! twice: the second waits, then finds nothing pending. Each backend takes it its own way
//! (see [`MigrationConnection::lock`](super::MigrationConnection::lock)), always on a
//! connection or file handle of its own, so the lock outlives no process: if strata dies,
//! the server or the kernel releases it.

use std::time::{Duration, Instant};

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
/// [`MigrationConnection::unlock`](super::MigrationConnection::unlock) rather than by
/// dropping this.
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

/// Polls `try_take` until it takes the lock or the wait is over, telling `waiting` who
/// holds it (at once, and again every 30 seconds). Both callbacks get `state`, typically the
/// lock's own connection.
pub(crate) fn wait_for<S>(
    wait: &LockWait,
    waiting: &mut dyn FnMut(&str),
    state: &mut S,
    mut try_take: impl FnMut(&mut S) -> Result<bool, LockError>,
    mut holder: impl FnMut(&mut S) -> String,
) -> Result<(), LockError> {
    let started = Instant::now();
    let mut told: Option<Instant> = None;
    let mut pause = Duration::from_millis(20);
    loop {
        if try_take(state)? {
            return Ok(());
        }
        let waited = started.elapsed();
        if wait.timeout.is_some_and(|limit| waited >= limit) {
            return Err(LockError::Timeout {
                holder: holder(state),
                waited,
            });
        }
        if told.is_none_or(|at| at.elapsed() >= Duration::from_secs(30)) {
            waiting(&holder(state));
            told = Some(Instant::now());
        }
        let mut sleep = pause;
        if let Some(limit) = wait.timeout {
            sleep = sleep.min(limit.saturating_sub(waited));
        }
        std::thread::sleep(sleep);
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// A lock held by a connection of its own; closing the connection releases it, which the
/// server also does if strata dies.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) struct ConnectionLock<C>(pub C);

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl<C> std::fmt::Debug for ConnectionLock<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConnectionLock")
    }
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl<C> HeldLock for ConnectionLock<C> {}
