//! What a function asks the transport to send: a method, its fields, and whether repeating it
//! after an uncertain failure is harmless. The transport decides how it travels.

use std::fs::File;
use std::io::{self, Read};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::PerProcess;

/// How the portal expects a method: almost all as POST with a JSON body; `server.time` as GET
/// with the fields in the query (OPI does so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub verb: Verb,
    pub repeatable: bool,
    pub payload: Payload,
}

impl Request {
    /// A POST that changes something: never repeated after an uncertain failure.
    pub fn change(method: &str, payload: impl Into<Payload>) -> Request {
        Request { method: method.to_string(), verb: Verb::Post, repeatable: false, payload: payload.into() }
    }

    /// A POST that only reads, which may be repeated.
    pub fn read(method: &str, payload: impl Into<Payload>) -> Request {
        Request { method: method.to_string(), verb: Verb::Post, repeatable: true, payload: payload.into() }
    }
}

/// The fields of a request. A file travels as the base64 text of one field (`file_slot()`
/// marks which); its bytes are read and encoded while the body is sent, never held whole.
#[derive(Debug, Clone, Default)]
pub struct Payload {
    pub fields: Map<String, Value>,
    /// The file and the caller's key it came from, to name in errors.
    pub file: Option<(&'static str, FileContent)>,
}

impl From<Map<String, Value>> for Payload {
    fn from(fields: Map<String, Value>) -> Payload {
        Payload { fields, file: None }
    }
}

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileContent {
    /// A local file, opened once when it was checked and read from that same handle when the
    /// body is sent: exactly `size` bytes, or the send fails (see `Exact`).
    Open { file: Arc<File>, size: u64 },
    /// Base64 text the caller gave (checked, without whitespace), shared rather than copied.
    Base64(Arc<str>),
}

impl FileContent {
    /// The length of the base64 text that stands for the file.
    pub fn encoded_len(&self) -> u64 {
        match self {
            FileContent::Open { size, .. } => size.div_ceil(3) * 4,
            FileContent::Base64(text) => text.len() as u64,
        }
    }

    /// A reader of the base64 text, from the start each time (a request may be sent again).
    /// `key` names the caller's parameter in the error a changed file gives.
    pub fn encoded(&self, key: &'static str) -> Box<dyn Read + Send> {
        match self {
            FileContent::Open { file, size } => {
                Box::new(Base64Reader::new(Exact { file: Arc::clone(file), size: *size, at: 0, key }))
            }
            FileContent::Base64(text) => Box::new(SharedText { text: Arc::clone(text), at: 0 }),
        }
    }
}

/// Why a file could not be sent: its size is no longer the one checked. Travels inside the
/// `io::Error` the body's reader gives, so that the transport can tell it from a network failure.
#[derive(Debug)]
pub(crate) struct FileChanged {
    pub key: &'static str,
    pub reason: String,
}

impl std::fmt::Display for FileChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the file of '{}' {}", self.key, self.reason)
    }
}

impl std::error::Error for FileChanged {}

/// Exactly `size` bytes of a file, read by position from its start. A file that ends sooner or
/// goes on longer fails the read, and the growth is found before the last bytes are handed
/// out: the request's body (whose length was announced from `size`) is then cut short, so the
/// server never gets a complete request, rather than a cut or overlong file in a whole one.
struct Exact {
    file: Arc<File>,
    size: u64,
    at: u64,
    key: &'static str,
}

impl Exact {
    fn changed(&self, reason: String) -> io::Error {
        io::Error::other(FileChanged { key: self.key, reason })
    }
}

impl Read for Exact {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.size - self.at;
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(&self.file, &mut buf[..want], self.at)?;
        if n == 0 {
            let reason = format!(
                "changed while it was sent: it had {} bytes when checked and ends after {}",
                self.size, self.at
            );
            return Err(self.changed(reason));
        }
        self.at += n as u64;
        if self.at == self.size && read_at(&self.file, &mut [0u8; 1], self.size)? > 0 {
            let reason = format!("changed while it was sent: it grew past the {} bytes checked", self.size);
            return Err(self.changed(reason));
        }
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    // Moves the handle's cursor too, which nothing else here relies on.
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// The value a builder puts where the file's base64 text goes. Random per process, so that no
/// text a caller sends can be mistaken for it.
pub fn file_slot() -> Value {
    Value::String(FILE_SLOT.clone())
}

pub(crate) static FILE_SLOT: PerProcess<String> = PerProcess::new(|| {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("b24-file-{:x}-{:x}", std::process::id(), nanos)
});

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes a file as standard base64 while it is read, a few kilobytes at a time.
struct Base64Reader<R> {
    inner: R,
    /// Encoded bytes not yet handed out.
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Base64Reader<R> {
    fn new(inner: R) -> Self {
        Base64Reader { inner, out: Vec::new(), at: 0, done: false }
    }

    fn refill(&mut self) -> io::Result<()> {
        let mut raw = [0u8; 3 * 4096];
        let mut filled = 0;
        // Fill whole groups of three so that padding appears only at the very end.
        while filled < raw.len() {
            match self.inner.read(&mut raw[filled..])? {
                0 => {
                    self.done = true;
                    break;
                }
                n => filled += n,
            }
        }
        self.out.clear();
        self.at = 0;
        encode_into(&raw[..filled], &mut self.out);
        Ok(())
    }
}

impl<R: Read> Read for Base64Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Appends the standard base64 (RFC 4648, padded) of `raw` to `out`.
pub fn encode_into(raw: &[u8], out: &mut Vec<u8>) {
    for group in raw.chunks(3) {
        let b = [group[0], *group.get(1).unwrap_or(&0), *group.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63]);
        out.push(ALPHABET[(n >> 12) as usize & 63]);
        out.push(if group.len() > 1 { ALPHABET[(n >> 6) as usize & 63] } else { b'=' });
        out.push(if group.len() > 2 { ALPHABET[n as usize & 63] } else { b'=' });
    }
}

struct SharedText {
    text: Arc<str>,
    at: usize,
}

impl Read for SharedText {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = &self.text.as_bytes()[self.at..];
        let n = buf.len().min(rest.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(raw: &[u8]) -> String {
        let mut out = Vec::new();
        encode_into(raw, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn base64_follows_rfc_4648() {
        for (raw, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(raw.as_bytes()), encoded);
        }
    }

    #[test]
    fn a_streamed_file_encodes_as_a_whole_does() {
        let raw: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        // A reader that hands out odd-sized pieces, as pipes and sockets do.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(1000);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut streamed = String::new();
        Base64Reader::new(Trickle(&raw)).read_to_string(&mut streamed).unwrap();
        assert_eq!(streamed, encode(&raw));
        let size = raw.len() as u64;
        assert_eq!(FileContent::Base64(Arc::from("")).encoded_len(), 0);
        assert_eq!(size.div_ceil(3) * 4, streamed.len() as u64);
    }
}
