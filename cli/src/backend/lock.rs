//! What the backends share to take the migration lock (see [`crate::migrate::lock`]): the
//! wait, and the lock that is a connection of its own.

use std::time::{Duration, Instant};

pub use crate::migrate::lock::{HeldLock, LockError, LockWait, NoLock, SessionLock};

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
