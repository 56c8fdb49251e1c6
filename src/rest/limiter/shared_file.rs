//! A portal's bucket kept in a small file, so that every process on the machine draws from it.
//!
//! Bitrix24 counts requests per portal and source IP, so the worker processes of one 1C server
//! (or any programs on one machine) that call one portal share one bucket; each keeping its own
//! would let them together send several times the burst. The state is one number, the bucket's
//! `tat` in unix seconds (the wall clock is the one clock that processes agree on).
//!
//! Safety against a process killed at any point:
//! - the state is changed under `flock` on a separate lock file, which the kernel releases when
//!   the holder dies, and which is held only to read, compute and write a few bytes, never
//!   while sleeping;
//! - a reader sees either the old or the new state, never half of one: the state is one record
//!   of a fixed length written by one `pwrite` at its start (a kill cannot split a write that
//!   small), and a state file that has to be made anew is written whole to a temporary file and
//!   renamed into place;
//! - a state file that is missing, unreadable or not in the expected form counts as an empty
//!   bucket: the worst a lost state costs is one burst the portal may refuse, which the
//!   transport retries.
//!
//! Safety against the directory's other users (a limit_dir is often shared, like `/tmp`):
//! - nothing is opened through a link or waited on: files are opened with `O_NOFOLLOW` and
//!   `O_NONBLOCK` (a FIFO never blocks the open) and used only when `fstat` says they are
//!   regular files; a link, FIFO, socket or device in their place is replaced by a regular file
//!   (renamed over it), and when it cannot be replaced the call says which file is in the way;
//! - the temporary file has an unpredictable name and is created exclusively, so nothing
//!   planted can stand in for it (one is made only to create or replace a file, so a process
//!   killed between its write and its rename leaves a few bytes behind only then);
//! - a state file is read only up to [`MAX_READ`] bytes;
//! - the lock is tried without blocking and retried in small steps until the caller's deadline.
//!
//! Sharing between users: files are created with the directory's read and write permissions
//! (set with `fchmod`, whatever the umask), so in a world-writable directory every user can
//! lock and write them. The state is written in place, not renamed over, because in a sticky
//! directory (`/tmp`) nobody may rename over a file another user owns; the lock needs only
//! reading. Files are opened without `O_CREAT` first, which Linux's `protected_regular` refuses
//! on another user's file in a sticky directory.
//!
//! Nothing is synced to disk: the state only matters while processes run.

use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions, Permissions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The first words of a state file, so that a file of another form is not misread.
const MAGIC: &str = "b24-limiter-bucket 1 ";

/// A state record is padded to this length (a longer one, of an absurd `tat`, is not), so that
/// each write covers the whole of the last one.
const RECORD: usize = 64;

/// The most of a state file that is read: any record fits; a longer file is not a state.
pub(super) const MAX_READ: usize = 512;

/// Enough of the host to recognise a file by eye; the hash keeps names unique.
const HOST_CHARS: usize = 60;

/// The pause between tries of a lock another process holds, at first and at most: holders
/// keep it for microseconds, so the first retries come soon.
const LOCK_STEP_FIRST: Duration = Duration::from_micros(500);
const LOCK_STEP_MAX: Duration = Duration::from_millis(4);

/// The files of one portal's bucket in a directory.
#[derive(Debug, Clone)]
pub(super) struct SharedFile {
    dir: PathBuf,
    name: String,
    state: PathBuf,
    lock: PathBuf,
    /// The permissions of the files this process creates: the directory's read and write bits.
    mode: u32,
}

/// The bucket's lock, held until dropped; the lock dies with the file descriptor.
#[derive(Debug)]
pub(super) struct Locked<'a> {
    _lock: File,
    files: &'a SharedFile,
}

/// What stands at a file's path.
enum Opened {
    File(File),
    Missing,
    /// A link, FIFO, directory, socket or device: never used, replaced when it is in the way.
    Foreign,
}

impl SharedFile {
    /// The files for `origin` in `dir`, creating the directory if it is missing.
    pub fn new(dir: &Path, origin: &str) -> io::Result<SharedFile> {
        fs::create_dir_all(dir)?;
        let mode = fs::metadata(dir)?.permissions().mode() & 0o666;
        let name = file_name(origin);
        Ok(SharedFile {
            dir: dir.to_path_buf(),
            state: dir.join(format!("{name}.bucket")),
            lock: dir.join(format!("{name}.lock")),
            name,
            mode,
        })
    }

    /// Takes the bucket's lock, trying until `deadline`; `None` when another process still
    /// holds it then. The lock file is never removed while it is a regular file: removing a
    /// file others may be waiting to lock would let two processes hold "the" lock at once.
    pub fn lock(&self, deadline: Instant) -> io::Result<Option<Locked<'_>>> {
        let file = self.lock_file()?;
        let mut step = LOCK_STEP_FIRST;
        loop {
            // SAFETY: flock on a descriptor this function owns for the whole call.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return Ok(Some(Locked { _lock: file, files: self }));
            }
            let error = io::Error::last_os_error();
            match error.kind() {
                io::ErrorKind::Interrupted => continue,
                io::ErrorKind::WouldBlock => {}
                _ => return Err(error),
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            std::thread::sleep(step.min(left));
            step = (step * 2).min(LOCK_STEP_MAX);
        }
    }

    /// The lock file, opened for reading (all `flock` needs), made or replaced if need be.
    fn lock_file(&self) -> io::Result<File> {
        // A few rounds: another process may make or replace the file between two steps.
        for _ in 0..4 {
            match open_regular(&self.lock, false).map_err(|error| at(&self.lock, error))? {
                Opened::File(file) => return Ok(file),
                Opened::Missing => match self.create(&self.lock) {
                    Ok(file) => return Ok(file),
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(error) => return Err(at(&self.lock, error)),
                },
                // No process of this library locks anything but a regular file, so replacing
                // what stands there takes no lock away from anyone.
                Opened::Foreign => self.replace(&self.lock, b"")?,
            }
        }
        Err(io::Error::other(format!("{} keeps changing", self.lock.display())))
    }

    /// Creates `path` exclusively, never through a link, with the files' permissions.
    fn create(&self, path: &Path) -> io::Result<File> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(self.mode)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)?;
        // The umask has narrowed the mode: the directory's other users must be able to use it.
        if let Err(error) = file.set_permissions(Permissions::from_mode(self.mode)) {
            let _ = fs::remove_file(path);
            return Err(error);
        }
        Ok(file)
    }

    /// Puts a regular file holding `content` at `path`, in place of whatever stands there:
    /// written whole under an unpredictable temporary name, then renamed.
    fn replace(&self, path: &Path, content: &[u8]) -> io::Result<()> {
        let (temp, file) = self.temporary()?;
        let renamed = file.write_all_at(content, 0).and_then(|()| fs::rename(&temp, path));
        if let Err(error) = renamed {
            let _ = fs::remove_file(&temp);
            return Err(io::Error::new(
                error.kind(),
                format!("{} is not a usable regular file and cannot be replaced ({error})", path.display()),
            ));
        }
        Ok(())
    }

    /// A new temporary file beside the state, under a name nobody can guess.
    fn temporary(&self) -> io::Result<(PathBuf, File)> {
        let mut last = None;
        for _ in 0..8 {
            let path = self.dir.join(format!("{}.{:016x}.tmp", self.name, unpredictable()));
            match self.create(&path) {
                Ok(file) => return Ok((path, file)),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
    }

    #[cfg(test)]
    pub fn state_path(&self) -> &Path {
        &self.state
    }

    #[cfg(test)]
    pub fn lock_path(&self) -> &Path {
        &self.lock
    }
}

impl Locked<'_> {
    /// The stored `tat`; `None` for an empty bucket, including a file that cannot be read, is
    /// not a regular file or is not a state file.
    pub fn read(&self) -> Option<f64> {
        let Ok(Opened::File(file)) = open_regular(&self.files.state, false) else { return None };
        let mut bytes = Vec::with_capacity(MAX_READ + 1);
        file.take(MAX_READ as u64 + 1).read_to_end(&mut bytes).ok()?;
        if bytes.len() > MAX_READ {
            return None;
        }
        let text = std::str::from_utf8(&bytes).ok()?;
        let tat: f64 = text.strip_prefix(MAGIC)?.strip_suffix('\n')?.trim_end_matches(' ').parse().ok()?;
        tat.is_finite().then_some(tat)
    }

    /// Replaces the state at once for every reader: in place when the state file is a regular
    /// file this process may write (whoever owns it), else by a new file renamed over the path.
    pub fn write(&self, tat: f64) -> io::Result<()> {
        let record = record(tat);
        let state = &self.files.state;
        match open_regular(state, true) {
            Ok(Opened::File(file)) => {
                let written = file.write_all_at(record.as_bytes(), 0).and_then(|()| {
                    // Only a file that was not a record is longer: cut what is left of it.
                    match file.metadata()?.len() > record.len() as u64 {
                        true => file.set_len(record.len() as u64),
                        false => Ok(()),
                    }
                });
                written.map_err(|error| at(state, error))
            }
            // Not there, not a regular file, or not writable by this user: made anew.
            Ok(Opened::Missing | Opened::Foreign) => self.files.replace(state, record.as_bytes()),
            Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
                self.files.replace(state, record.as_bytes())
            }
            Err(error) => Err(at(state, error)),
        }
    }
}

/// Opens `path` if it is a regular file, never following a link nor waiting on a FIFO.
fn open_regular(path: &Path, write: bool) -> io::Result<Opened> {
    let opened = OpenOptions::new()
        .read(!write)
        .write(write)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    match opened {
        Ok(file) if file.metadata()?.is_file() => Ok(Opened::File(file)),
        Ok(_) => Ok(Opened::Foreign),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Opened::Missing),
        // A link (O_NOFOLLOW), a FIFO without a reader or a socket (opened to write), a
        // directory (opened to write).
        Err(error) if matches!(error.raw_os_error(), Some(libc::ELOOP | libc::ENXIO | libc::EISDIR)) => {
            Ok(Opened::Foreign)
        }
        Err(error) => Err(error),
    }
}

/// `error` with the path it happened at.
fn at(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// The record of `tat`: the magic, the number, spaces up to [`RECORD`], a newline.
fn record(tat: f64) -> String {
    format!("{:<width$}\n", format!("{MAGIC}{tat}"), width = RECORD - 1)
}

/// 64 bits no other process can predict: std's hasher keys are drawn from the system's random
/// source. A neighbour who cannot guess a name cannot plant a file under it.
fn unpredictable() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// A file name for `origin` that is safe in any directory: the host's letters, digits, dots
/// and dashes (others become `_`), bounded in length, then a hash of the whole origin so that
/// origins differing only in scheme, port or a replaced character stay apart.
fn file_name(origin: &str) -> String {
    let host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host: String = host
        .chars()
        .take(HOST_CHARS)
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c.to_ascii_lowercase() } else { '_' })
        .collect();
    format!("{host}-{:016x}", fnv1a(origin.as_bytes()))
}

/// FNV-1a, 64 bits: a hash every build and process computes alike, unlike std's hasher,
/// whose algorithm may change between Rust releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_bounded_and_distinct() {
        let names: Vec<String> = [
            "https://x.bitrix24.com",
            "http://x.bitrix24.com",
            "https://x.bitrix24.com:8443",
            "https://../../etc/passwd",
            "https://a/b\\c:d",
            &format!("https://{}.com", "long".repeat(100)),
        ]
        .iter()
        .map(|origin| file_name(origin))
        .collect();
        assert!(names[0].starts_with("x.bitrix24.com-"), "{}", names[0]);
        for name in &names {
            assert!(!name.contains('/') && !name.contains('\\') && !name.contains(':'), "{name}");
            assert!(name.len() <= HOST_CHARS + 17, "{name}");
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Published test vectors; processes of different builds must agree on file names.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
