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
//! - the new state is written to a temporary file and renamed over the old one, so a reader
//!   sees either the old or the new state, never half of one;
//! - a state file that is missing, unreadable or not in the expected form counts as an empty
//!   bucket: the worst a lost state costs is one burst the portal may refuse, which the
//!   transport retries.
//!
//! Nothing is synced to disk: the state only matters while processes run.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The first words of a state file, so that a file of another form is not misread.
const MAGIC: &str = "b24-limiter-bucket 1 ";

/// Enough of the host to recognise a file by eye; the hash keeps names unique.
const HOST_CHARS: usize = 60;

/// The files of one portal's bucket in a directory.
#[derive(Debug, Clone)]
pub(super) struct SharedFile {
    state: PathBuf,
    temp: PathBuf,
    lock: PathBuf,
}

/// The bucket's lock, held until dropped; the lock dies with the file descriptor.
#[derive(Debug)]
pub(super) struct Locked<'a> {
    _lock: File,
    files: &'a SharedFile,
}

impl SharedFile {
    /// The files for `origin` in `dir`, creating the directory if it is missing.
    pub fn new(dir: &Path, origin: &str) -> io::Result<SharedFile> {
        fs::create_dir_all(dir)?;
        let name = file_name(origin);
        Ok(SharedFile {
            state: dir.join(format!("{name}.bucket")),
            temp: dir.join(format!("{name}.bucket.tmp")),
            lock: dir.join(format!("{name}.lock")),
        })
    }

    /// Waits for the bucket's lock. The lock file is never removed: removing a file others may
    /// be waiting to lock would let two processes hold "the" lock at once.
    pub fn lock(&self) -> io::Result<Locked<'_>> {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&self.lock)?;
        loop {
            // SAFETY: flock on a descriptor this function owns for the whole call.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(Locked { _lock: file, files: self });
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
    }

    #[cfg(test)]
    pub fn state_path(&self) -> &Path {
        &self.state
    }

    #[cfg(test)]
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }
}

impl Locked<'_> {
    /// The stored `tat`; `None` for an empty bucket, including a file that cannot be read or
    /// is not a state file.
    pub fn read(&self) -> Option<f64> {
        let text = fs::read_to_string(&self.files.state).ok()?;
        let tat: f64 = text.strip_prefix(MAGIC)?.strip_suffix('\n')?.parse().ok()?;
        tat.is_finite().then_some(tat)
    }

    /// Replaces the state at once for every reader.
    pub fn write(&self, tat: f64) -> io::Result<()> {
        // Only the lock holder writes, so one temporary name is enough; one left by a killed
        // process is simply overwritten.
        let mut temp = File::create(&self.files.temp)?;
        temp.write_all(format!("{MAGIC}{tat}\n").as_bytes())?;
        drop(temp);
        fs::rename(&self.files.temp, &self.files.state)
    }
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
