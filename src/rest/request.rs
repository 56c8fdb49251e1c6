//! What a function asks the transport to send: a method, its fields, and whether repeating it
//! after an uncertain failure is harmless. The transport decides how it travels.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::PathBuf;
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

/// The fields of a request. Each file travels as the base64 text of one field: the n-th file
/// of `files` fills the field whose value is `file_slot_at(n)`. Its bytes are read and encoded
/// while the body is sent, never held whole, so memory does not grow with the files.
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
    /// A local file of this many bytes, read when the body is sent.
    Path { path: PathBuf, size: u64 },
    /// Base64 text the caller gave (checked, without whitespace), shared rather than copied.
    Base64(Arc<str>),
}

impl FileContent {
    /// The length of the base64 text that stands for the file.
    pub fn encoded_len(&self) -> u64 {
        match self {
            FileContent::Path { size, .. } => size.div_ceil(3) * 4,
            FileContent::Base64(text) => text.len() as u64,
        }
    }

    /// A reader of the base64 text.
    pub fn encoded(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            FileContent::Path { path, .. } => Box::new(Base64Reader::new(File::open(path)?)),
            FileContent::Base64(text) => Box::new(SharedText { text: Arc::clone(text), at: 0 }),
        })
    }
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
/// slots are. Every file is opened before anything is sent, so a file that has become
/// unreadable is refused naming its key and nothing travels.
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
        let content = file.encoded().map_err(|error| {
            Error::invalid(key, format!("could not be opened for sending: {}", error.kind()))
        })?;
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
        assert_eq!(FileContent::Path { path: PathBuf::new(), size }.encoded_len(), streamed.len() as u64);
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
        let files = [
            ("files", FileContent::Base64(Arc::from("Zm8="))),
            ("files", FileContent::Path { path: path.clone(), size: 6 }),
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
    fn an_unreadable_file_is_refused_by_its_key_and_a_missing_slot_is_a_bug() {
        let gone = FileContent::Path { path: "/no/such/b24/file".into(), size: 3 };
        let fields = serde_json::json!({"FILES": [["a", file_slot_at(0)], ["b", file_slot_at(1)]]});
        let refused = body(fields, &[("files", FileContent::Base64(Arc::from("AA=="))), ("files", gone)]);
        match refused {
            Err(Error::InvalidParameter { key, .. }) => assert_eq!(key, "files"),
            other => panic!("{other:?}"),
        }
        let unslotted =
            body(serde_json::json!({"A": 1}), &[("file", FileContent::Base64(Arc::from("AA==")))]);
        assert!(matches!(unslotted, Err(Error::Internal)));
    }
}
