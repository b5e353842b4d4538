//! A throwaway database for proving migrations (`migration verify`, `migration down-sql`):
//! a temporary SQLite file, or a uniquely named database on the same PostgreSQL or MySQL
//! server. It is dropped when the value is, whatever happened in it, and also when the
//! process is interrupted (SIGINT, SIGTERM, SIGHUP) while it exists.
//!
//! A run that is killed outright (SIGKILL, a power cut) cannot drop anything, so each
//! scratch database is named after its owner: `strata_scratch_<pid>_<start>_<host>_<n>`,
//! where `<start>` is the process's start time (so a reused pid is not mistaken for the
//! owner) and `<host>` identifies this machine's boot and pid namespace (so a strata on
//! another machine or in another container, whose pids mean nothing here, is never judged
//! by this machine's processes). The next scratch database this machine makes first drops
//! the ones whose owner is gone; the SQLite temporary directories carry the same mark.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, Once};

use super::{admin, AdminError, Backend, Connection, DatabaseAdmin, DatabaseUrl};

/// How every scratch database's name, and every SQLite scratch directory's, starts.
pub const NAME_PREFIX: &str = "strata_scratch_";
const DIR_PREFIX: &str = "strata-scratch-";

#[derive(Debug)]
pub struct ScratchDatabase {
    /// Closed before the database is dropped (PostgreSQL refuses to drop a database in use).
    connection: Option<Connection>,
    url: DatabaseUrl,
    admin: &'static dyn DatabaseAdmin,
    id: u64,
    /// Holds the SQLite file; removed last.
    _dir: tempfile::TempDir,
}

/// A scratch database that exists (or is being created), for the interrupt path.
#[derive(Debug)]
struct Live {
    id: u64,
    url: DatabaseUrl,
    dir: PathBuf,
}

/// The scratch databases of this process. Whoever holds the lock may create or drop them:
/// the interrupt path keeps it until the process ends, so a drop on the main thread never
/// races it, and a creation under way finishes before it is dropped.
static LIVE: Mutex<Vec<Live>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<Live>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ScratchDatabase {
    /// Creates an empty database beside the one `url` names and connects to it.
    pub fn create(url: &DatabaseUrl) -> Result<ScratchDatabase, AdminError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        static SWEEP: Once = Once::new();
        let admin = admin(url.backend())?;
        catch_interrupts();
        let mark = process_mark(std::process::id());
        SWEEP.call_once(|| sweep(url, admin, mark.as_deref()));
        let id = COUNTER.fetch_add(1, Ordering::Relaxed);
        // Without a mark (no /proc), the name still holds the pid, and a clock reading
        // keeps two runs apart should a pid come round again.
        let mark = mark.unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            format!("{}_{nanos}_x", std::process::id())
        });
        let dir = tempfile::Builder::new()
            .prefix(&format!("{DIR_PREFIX}{mark}_"))
            .tempdir()
            .map_err(|source| AdminError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let name = format!("{NAME_PREFIX}{mark}_{id}");
        let scratch_url = admin.scratch_url(url, dir.path(), &name);
        let mut registry = live();
        registry.push(Live {
            id,
            url: scratch_url.clone(),
            dir: dir.path().to_owned(),
        });
        let created = admin.create(&scratch_url);
        let connection = created.and_then(|()| {
            Connection::establish(&scratch_url).map_err(|error| {
                let _ = admin.drop_database(&scratch_url);
                AdminError::from(error)
            })
        });
        match connection {
            Ok(connection) => Ok(ScratchDatabase {
                connection: Some(connection),
                url: scratch_url,
                admin,
                id,
                _dir: dir,
            }),
            Err(error) => {
                registry.retain(|entry| entry.id != id);
                Err(error)
            }
        }
    }

    pub fn connection(&mut self) -> &mut Connection {
        self.connection
            .as_mut()
            .expect("the connection lives until the scratch database is dropped")
    }

    /// How the scratch database is named in messages.
    pub fn shown_name(&self) -> String {
        self.admin.shown_name(&self.url)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let mut registry = live();
        self.connection = None;
        if let Err(error) = self.admin.drop_database(&self.url) {
            eprintln!(
                "warning: could not drop the scratch database {}: {error}; drop it by hand",
                self.shown_name()
            );
        }
        registry.retain(|entry| entry.id != self.id);
    }
}

/// Installs, once, a thread that on SIGINT, SIGTERM or SIGHUP drops this process's scratch
/// databases and then dies of the signal, as it would have without the handler (a shell
/// sees the interrupt). Installed only by commands that make scratch databases, so every
/// other command keeps the default handling.
fn catch_interrupts() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let registry = live();
                for entry in registry.iter() {
                    drop_now(entry);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                // Unreachable unless the signal could not be re-raised.
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Drops this process's scratch databases at once, for a path that ends the process
/// without unwinding (stdout closed). Does nothing if they are being created or dropped on
/// another path just now (the lock is held): that path drops them, or the process is
/// ending on an interrupt that does.
pub fn drop_all_now() {
    let registry = match LIVE.try_lock() {
        Ok(registry) => registry,
        Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    for entry in registry.iter() {
        drop_now(entry);
    }
}

/// The interrupt path's drop: the main thread may be in the middle of a statement there.
fn drop_now(entry: &Live) {
    if entry.url.backend() != Backend::Sqlite {
        if let Ok(admin) = admin(entry.url.backend()) {
            if let Err(error) = admin.drop_in_use(&entry.url) {
                eprintln!(
                    "warning: could not drop the scratch database {}: {error}; drop it by hand",
                    admin.shown_name(&entry.url)
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&entry.dir);
}

/// Drops the scratch databases (on the server `url` names) and directories (in the
/// temporary directory) that processes of this machine left behind when they were killed.
/// Only ones whose owner is provably gone: anything this cannot judge stays.
fn sweep(url: &DatabaseUrl, admin: &dyn DatabaseAdmin, mark: Option<&str>) {
    let Some(host) = mark.and_then(|mark| mark.rsplit('_').next()) else {
        return;
    };
    if url.backend() == Backend::Sqlite {
        let tmp = std::env::temp_dir();
        let Ok(entries) = std::fs::read_dir(&tmp) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
                continue;
            };
            if owner_is_gone(rest, host) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        return;
    }
    let Ok(names) = admin.databases_named_like(url, NAME_PREFIX) else {
        return;
    };
    for name in names {
        if owner_is_gone(&name[NAME_PREFIX.len()..], host) {
            let _ = admin.drop_database(&url.with_database(&name));
        }
    }
}

/// Whether `<pid>_<start>_<host>_...` names a process of this machine (`host`) that no
/// longer runs: its pid is free, or taken by a process that started at another time.
fn owner_is_gone(marked: &str, host: &str) -> bool {
    let mut parts = marked.split('_');
    let (Some(pid), Some(start), Some(their_host)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Ok(pid), Ok(start)) = (pid.parse::<u32>(), start.parse::<u64>()) else {
        return false;
    };
    if their_host != host {
        return false;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => start_time(&stat) != Some(start),
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// `<pid>_<start>_<host>` for a process of this machine, or `None` where `/proc` cannot
/// say (not Linux, or a `/proc` that hides other users' processes, where a process that
/// cannot be seen is not known to be gone).
pub fn process_mark(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let start = start_time(&stat)?;
    // pid 1 is another user's (root's, or the container's init): hidden when /proc is
    // mounted with hidepid, and then no process's absence proves anything.
    std::fs::metadata("/proc/1/stat").ok()?;
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let namespace = std::fs::read_link("/proc/self/ns/pid").ok()?;
    let host = fnv1a(format!("{}{}", boot.trim(), namespace.display()).as_bytes());
    Some(format!("{pid}_{start}_{host:08x}"))
}

/// The process's start time, in clock ticks since boot (field 22 of `/proc/<pid>/stat`;
/// the fields are counted after the command name, which is in parentheses and may hold
/// spaces).
fn start_time(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_time_is_read_after_the_command_name() {
        let stat = "42 (a) b c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 \
                    1000 100";
        assert_eq!(start_time(stat), Some(987654));
        assert_eq!(start_time("garbage"), None);
    }

    #[test]
    fn this_process_is_not_gone_and_a_reused_pid_is() {
        let Some(mark) = process_mark(std::process::id()) else {
            return;
        };
        let host = mark.rsplit('_').next().unwrap();
        assert!(!owner_is_gone(&format!("{mark}_0"), host));
        let mut parts = mark.split('_');
        let (pid, start) = (parts.next().unwrap(), parts.next().unwrap());
        let start: u64 = start.parse().unwrap();
        assert!(owner_is_gone(
            &format!("{pid}_{}_{host}_0", start + 1),
            host
        ));
        assert!(!owner_is_gone(
            &format!("{pid}_{}_0000beef_0", start + 1),
            host
        ));
        assert!(!owner_is_gone("123_nanos", host));
    }
}
