//! What a file is, wherever a function takes one: a local path, or `{"name": ..., "base64":
//! ...}` (the 1C add-in turns BinaryData into the latter). Checked once, before anything is
//! sent; the bytes of a path are read only while the request is sent, so a large file never
//! sits in memory whole.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::args::kind_of;
use crate::error::{Error, Result};
use crate::rest::FileContent;

/// The most a file may weigh: the portal refuses larger uploads (REST docs, im.v2.File.upload:
/// "at most 100 MB"), so the caller learns it before the bytes travel.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// A file a caller passed, checked.
#[derive(Debug, Clone)]
pub struct FileArg {
    /// The file's own name: a path's last part, or the `name` given with base64.
    pub name: Option<String>,
    pub content: FileContent,
    pub size: u64,
}

/// Reads a `File` parameter: a path or `{"name", "base64"}`.
pub fn parse(key: &str, value: Value) -> Result<FileArg> {
    match value {
        Value::String(path) => from_path(key, &path),
        Value::Object(mut object) => {
            let name = match object.remove("name") {
                None | Some(Value::Null) => None,
                Some(Value::String(name)) if name.trim().is_empty() => None,
                Some(Value::String(name)) => Some(name),
                Some(other) => {
                    return Err(Error::invalid(
                        key,
                        format!("has a name that is {}, not a string", kind_of(&other)),
                    ))
                }
            };
            let text = match object.remove("base64") {
                Some(Value::String(text)) => text,
                Some(other) => {
                    return Err(Error::invalid(key, format!("has base64 that is {}, not a string", kind_of(&other))))
                }
                None => {
                    return Err(Error::invalid(
                        key,
                        "must be a file path or {\"name\": \"report.pdf\", \"base64\": \"...\"}; base64 is missing",
                    ))
                }
            };
            if let Some(unknown) = object.keys().next() {
                return Err(Error::invalid(
                    key,
                    format!("has '{unknown}'; a file takes only name and base64"),
                ));
            }
            let (text, size) = base64(key, text)?;
            within_limit(key, size)?;
            Ok(FileArg { name, content: FileContent::Base64(text), size })
        }
        other => Err(Error::invalid(
            key,
            format!("must be a file path or {{\"name\": ..., \"base64\": ...}}, not {}", kind_of(&other)),
        )),
    }
}

/// Reads a `Files` parameter: an object of file name → file (a path or `{"name", "base64"}`).
/// A refusal names the key and the file's name; the files together may weigh at most
/// [`MAX_FILE_BYTES`], as they travel in one request.
pub fn parse_named(key: &str, value: Value) -> Result<Vec<(String, FileArg)>> {
    let Value::Object(entries) = value else {
        return Err(Error::invalid(
            key,
            format!(
                "must be an object of file name -> file, e.g. {{\"report.pdf\": \"/path/report.pdf\"}}, not {}",
                kind_of(&value)
            ),
        ));
    };
    let mut files = Vec::with_capacity(entries.len());
    let mut total = 0u64;
    for (name, file) in entries {
        if name.trim().is_empty() {
            return Err(Error::invalid(key, "has a file with an empty name"));
        }
        let file = parse(key, file).map_err(|error| match error {
            Error::InvalidParameter { key, reason } => {
                Error::InvalidParameter { reason: format!("'{name}': {reason}"), key }
            }
            other => other,
        })?;
        total += file.size;
        files.push((name, file));
    }
    if total > MAX_FILE_BYTES {
        return Err(Error::invalid(
            key,
            format!(
                "holds {total} bytes together; they go in one request of at most {MAX_FILE_BYTES} bytes (100 MB), so nothing was sent"
            ),
        ));
    }
    Ok(files)
}

fn from_path(key: &str, path: &str) -> Result<FileArg> {
    let unreadable =
        |why: &str| Error::invalid(key, format!("names a file that cannot be read ({why}): {path}"));
    // Opened once, checked on the open handle and later read from it, so that nothing can
    // swap the file between the check and the read. Non-blocking, so that a FIFO or a device
    // opens at once (and is then refused) instead of waiting for a writer.
    let file = open_without_blocking(path).map_err(|error| unreadable(&error.kind().to_string()))?;
    let metadata = file.metadata().map_err(|error| unreadable(&error.kind().to_string()))?;
    if !metadata.is_file() {
        return Err(unreadable("not a regular file"));
    }
    within_limit(key, metadata.len())?;
    let name = Path::new(path).file_name().map(|name| name.to_string_lossy().into_owned());
    Ok(FileArg {
        name,
        content: FileContent::Open { file: Arc::new(file), size: metadata.len() },
        size: metadata.len(),
    })
}

#[cfg(unix)]
fn open_without_blocking(path: &str) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &str) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn within_limit(key: &str, size: u64) -> Result<()> {
    if size > MAX_FILE_BYTES {
        return Err(Error::invalid(
            key,
            format!(
                "is {size} bytes; Bitrix24 takes files of at most {MAX_FILE_BYTES} bytes (100 MB), so nothing was sent"
            ),
        ));
    }
    Ok(())
}

/// Standard base64 with padding, as 1C's Base64String writes it; the line breaks 1C puts
/// every 76 characters are dropped. Returns the text and the number of bytes it stands for.
pub fn base64(key: &str, text: String) -> Result<(Arc<str>, u64)> {
    let text = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
    } else {
        text
    };
    let bad = |why: String| Error::invalid(key, format!("is not valid base64: {why}"));
    if text.len() % 4 != 0 {
        return Err(bad(format!("its length {} is not a multiple of 4", text.len())));
    }
    let padding = text.bytes().rev().take_while(|&b| b == b'=').count();
    if padding > 2 {
        return Err(bad("it ends in more than two '='".into()));
    }
    if let Some(at) = text[..text.len() - padding]
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
    {
        return Err(bad(format!("character {} is not a base64 letter", at + 1)));
    }
    let size = (text.len() / 4 * 3 - padding) as u64;
    Ok((Arc::from(text), size))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn base64_is_checked_and_measured() {
        assert_eq!(base64("f", "Zm9vYg==".into()).unwrap().1, 4);
        assert_eq!(base64("f", "Zm9v\r\nYmFy".into()).unwrap(), (Arc::from("Zm9vYmFy"), 6));
        for bad in ["Zm9", "Zm9v!mFy", "Z===", "=Zm9"] {
            let error = base64("picture", bad.into()).unwrap_err();
            assert!(
                error.to_string().starts_with("parameter 'picture': is not valid base64"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn a_path_is_opened_and_named_by_its_last_part() {
        let path = std::env::temp_dir().join(format!("b24-files-test-{}.txt", std::process::id()));
        std::fs::write(&path, b"hello").unwrap();
        let file = parse("file", json!(path.to_str().unwrap())).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(file.size, 5);
        assert_eq!(file.name.as_deref(), path.file_name().and_then(|n| n.to_str()));
    }

    #[test]
    fn named_files_are_checked_each_and_together() {
        let files =
            parse_named("files", json!({"a.txt": {"base64": "Zm9v"}, "b.txt": {"base64": "YmFy"}})).unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        for bad in [json!(["a"]), json!({"a.txt": "/no/such/file"}), json!({"a.txt": {"base64": "Zm9"}})] {
            let error = parse_named("files", bad.clone()).unwrap_err();
            assert!(error.to_string().starts_with("parameter 'files'"), "{bad}: {error}");
        }
        let error = parse_named("files", json!({"a.txt": "/no/such/file"})).unwrap_err();
        assert!(error.to_string().contains("'a.txt'"), "{error}");
        // Two files each under the limit, together over it (a sparse file takes no disk).
        let path = std::env::temp_dir().join(format!("b24-files-half-{}.bin", std::process::id()));
        std::fs::File::create(&path).unwrap().set_len(MAX_FILE_BYTES / 2 + 1).unwrap();
        let half = json!(path.to_str().unwrap());
        let error = parse_named("files", json!({"a": half, "b": half})).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(error.to_string().contains("together"), "{error}");
    }

    #[test]
    fn unreadable_paths_and_odd_values_are_refused_naming_the_key() {
        for value in
            [json!("/no/such/file"), json!("/"), json!(5), json!({"name": "a"}), json!({"base64": 1})]
        {
            let error = parse("file", value.clone()).unwrap_err();
            assert_eq!(error.code(), "B24_INVALID_PARAMETER", "{value}");
            assert!(error.to_string().starts_with("parameter 'file'"), "{value}: {error}");
        }
    }
}
