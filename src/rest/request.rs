//! What a function asks the transport to send: a method, its fields, and whether repeating it
//! after an uncertain failure is harmless. The transport decides how it travels.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::PerProcess;
use crate::error::{Error, Result};

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

/// The fields of a request. Each file travels as the base64 text of one field (`file_slot_at(n)`
/// marks which); its bytes are read and encoded while the body is sent, never held whole.
#[derive(Debug, Clone, Default)]
pub struct Payload {
    pub fields: Map<String, Value>,
    /// The files in slot order, each with the caller's key it came from, to name in errors.
    pub files: Vec<(&'static str, FileContent)>,
}

impl Payload {
    /// Fields with one file, which fills `file_slot()`.
    pub fn with_file(fields: Map<String, Value>, key: &'static str, content: FileContent) -> Payload {
        Payload { fields, files: vec![(key, content)] }
    }
}

impl From<Map<String, Value>> for Payload {
    fn from(fields: Map<String, Value>) -> Payload {
        Payload { fields, files: Vec::new() }
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

/// The value a builder puts where the base64 text of a request's only (first) file goes.
pub fn file_slot() -> Value {
    file_slot_at(0)
}

/// The value a builder puts where the base64 text of the request's n-th file goes. Random per
/// process, so that no text a caller sends can be mistaken for it.
pub fn file_slot_at(n: usize) -> Value {
    Value::String(slot_text(n))
}

/// The slot's text; the `-n.` ending keeps slot 1 from being the start of slot 10.
pub(crate) fn slot_text(n: usize) -> String {
    format!("{}-{n}.", FILE_SLOT.as_str())
}

static FILE_SLOT: PerProcess<String> = PerProcess::new(|| {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("b24-file-{:x}-{:x}", std::process::id(), nanos)
});

/// A JSON body whose files are read and base64-encoded while it is sent.
pub(crate) struct StreamedJson {
    pub reader: Box<dyn Read + Send>,
    /// The body's exact length, known before a byte of any file is read.
    pub length: u64,
}

/// The fields as JSON text with each file's base64 text in its slot, wherever in the text the
/// slots are. Every file was opened and checked when the arguments were parsed; it is read
/// from that handle, at exactly its checked size, while the body is sent.
pub(crate) fn streamed_json(
    fields: Map<String, Value>,
    files: &[(&'static str, FileContent)],
) -> Result<StreamedJson> {
    let text = Value::Object(fields).to_string();
    let mut slots = Vec::with_capacity(files.len());
    for (n, _) in files.iter().enumerate() {
        let quoted = format!("\"{}\"", slot_text(n));
        // A builder that forgot a slot, or put one twice, is a bug, not the caller's fault.
        let at = text.find(&quoted).ok_or(Error::Internal)?;
        if text[at + quoted.len()..].contains(&quoted) {
            return Err(Error::Internal);
        }
        slots.push((at, quoted.len(), n));
    }
    slots.sort_unstable();
    let mut pieces: VecDeque<Box<dyn Read + Send>> = VecDeque::with_capacity(2 * files.len() + 1);
    let mut length = 0u64;
    let mut from = 0;
    for (at, slot_len, n) in slots {
        let (key, file) = &files[n];
        let content = file.encoded(key);
        // The slot's quotes stay: the base64 text goes between them.
        let before = text[from..=at].to_string();
        length += before.len() as u64 + file.encoded_len();
        pieces.push_back(Box::new(Cursor::new(before.into_bytes())));
        pieces.push_back(content);
        from = at + slot_len - 1;
    }
    let rest = text[from..].to_string();
    length += rest.len() as u64;
    pieces.push_back(Box::new(Cursor::new(rest.into_bytes())));
    Ok(StreamedJson { reader: Box::new(Pieces(pieces)), length })
}

/// Readers one after another, without nesting one chain in the next per file.
struct Pieces(VecDeque<Box<dyn Read + Send>>);

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while let Some(piece) = self.0.front_mut() {
            match piece.read(buf)? {
                0 if !buf.is_empty() => {
                    self.0.pop_front();
                }
                n => return Ok(n),
            }
        }
        Ok(0)
    }
}

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

    fn body(fields: Value, files: &[(&'static str, FileContent)]) -> Result<String> {
        let streamed = streamed_json(fields.as_object().unwrap().clone(), files)?;
        let mut text = String::new();
        streamed.reader.take(1 << 20).read_to_string(&mut text).unwrap();
        assert_eq!(text.len() as u64, streamed.length);
        Ok(text)
    }

    #[test]
    fn several_files_stream_into_their_slots_wherever_they_are() {
        let path = std::env::temp_dir().join(format!("b24-slots-{}.bin", std::process::id()));
        std::fs::write(&path, b"foobar").unwrap();
        let opened = Arc::new(File::open(&path).unwrap());
        let files = [
            ("files", FileContent::Base64(Arc::from("Zm8="))),
            ("files", FileContent::Open { file: opened, size: 6 }),
        ];
        // The second file's slot comes first in the text.
        let fields =
            serde_json::json!({"A": [["b.bin", file_slot_at(1)]], "B": [["a.txt", file_slot_at(0)]], "C": 1});
        let text = body(fields, &files).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(text, r#"{"A":[["b.bin","Zm9vYmFy"]],"B":[["a.txt","Zm8="]],"C":1}"#);
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["B"][0][1], "Zm8=");
    }

    #[test]
    fn slot_ten_is_not_slot_one() {
        let files: Vec<(&'static str, FileContent)> = (0..11)
            .map(|n| ("files", FileContent::Base64(Arc::from(if n == 1 { "AQ==" } else { "AA==" }))))
            .collect();
        let slots: Vec<Value> = (0..11).rev().map(file_slot_at).collect();
        let text = body(serde_json::json!({ "FILES": slots }), &files).unwrap();
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["FILES"][9], "AQ==");
        assert_eq!(parsed["FILES"].as_array().unwrap().iter().filter(|v| *v == "AA==").count(), 10);
    }

    #[test]
    fn a_missing_slot_is_a_bug() {
        let unslotted =
            body(serde_json::json!({"A": 1}), &[("file", FileContent::Base64(Arc::from("AA==")))]);
        assert!(matches!(unslotted, Err(Error::Internal)));
    }
}
