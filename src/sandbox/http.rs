//! Just enough HTTP/1.1 to serve REST clients: keep-alive, pipelining, Content-Length and
//! chunked bodies, `Expect: 100-continue`. Anything malformed is answered with an error and
//! the connection is closed; nothing a client sends can panic the server. Keep-alive
//! connections can be closed silently when idle (`Sandbox::close_idle_after`).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::{portal, Shared};

/// Larger heads are refused with 431; real clients send a few hundred bytes.
pub(crate) const MAX_HEAD: usize = 64 * 1024;
/// Larger bodies are refused with 413. The biggest legitimate body is a 100 MB file as base64
/// (4/3 of it, 133.4 MiB) in a JSON request to im.v2.File.upload, plus room for the rest.
pub(crate) const MAX_BODY: usize = 140 * 1024 * 1024;
const TOO_LARGE: &str = "Request body is larger than 140 MiB";
/// How often a connection waiting for data checks whether the sandbox is being dropped.
const STOP_POLL: Duration = Duration::from_millis(200);
/// A client that stops reading must not pin a connection thread forever.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a refused connection keeps swallowing input so the client can read the refusal.
const LINGER: Duration = Duration::from_secs(2);

/// A complete request as the portal logic sees it.
pub(crate) struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub(crate) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

pub(crate) enum Outcome {
    Respond(Response),
    /// Close the socket without a word, to imitate a portal or proxy that died mid-request.
    Hangup,
}

pub(crate) const JSON: &str = "application/json; charset=utf-8";

/// Serves requests on one connection until the client closes it, asks to close it, sends
/// something unparseable, or the sandbox stops.
pub(crate) fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(STOP_POLL));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut conn = Conn { stream, buf: Vec::new(), shared };
    while !shared.is_stopping() && conn.exchange() {}
}

/// Why reading a request stopped.
#[derive(Debug)]
enum ReadError {
    /// The peer went away, the socket failed, or the sandbox is stopping.
    Closed,
    /// No new request came within the idle limit.
    Idle,
    TooLarge,
    Malformed,
}

/// What the request head says about the request.
#[derive(Debug, Default)]
struct Head {
    method: String,
    target: String,
    http10: bool,
    content_type: String,
    content_length: Option<usize>,
    chunked: bool,
    close: bool,
    keep_alive: bool,
    expects_continue: bool,
}

impl Head {
    fn keep_alive(&self) -> bool {
        if self.http10 {
            // Keeping 1.0 connections open would need a `Connection: keep-alive` answer
            // header; closing is always correct and 1.0 clients are rare.
            false
        } else {
            !self.close
        }
    }

    fn has_body(&self) -> bool {
        self.chunked || self.content_length.is_some_and(|n| n > 0)
    }
}

struct Conn<'a> {
    stream: TcpStream,
    /// Bytes received but not consumed yet; may hold the start of a pipelined request.
    buf: Vec<u8>,
    shared: &'a Shared,
}

impl Conn<'_> {
    /// Reads one request and answers it; false when the connection must close.
    fn exchange(&mut self) -> bool {
        let head = match self.read_head() {
            Ok(Some(bytes)) => bytes,
            Ok(None) | Err(ReadError::Closed | ReadError::Idle) => return false,
            Err(ReadError::TooLarge) => return self.refuse(431, "Request head is too large"),
            Err(ReadError::Malformed) => return self.refuse(400, "Malformed HTTP request"),
        };
        let Some(head) = parse_head(&head) else {
            return self.refuse(400, "Malformed HTTP request");
        };
        if head.content_length.is_some_and(|n| n > MAX_BODY) {
            return self.refuse(413, TOO_LARGE);
        }
        if head.expects_continue && head.has_body() && self.write(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
            return false;
        }
        let body = match self.read_body(&head) {
            Ok(body) => body,
            Err(ReadError::Closed | ReadError::Idle) => return false,
            Err(ReadError::TooLarge) => return self.refuse(413, TOO_LARGE),
            Err(ReadError::Malformed) => return self.refuse(400, "Malformed chunked body"),
        };
        let keep_alive = head.keep_alive();
        let head_only = head.method.eq_ignore_ascii_case("HEAD");
        let (path, query) = split_target(&head.target);
        let request = Request { method: head.method, path, query, content_type: head.content_type, body };
        match portal::handle(self.shared, request) {
            Outcome::Hangup => false,
            Outcome::Respond(response) => {
                let bytes = encode(&response, !keep_alive, head_only);
                self.write(&bytes).is_ok() && keep_alive
            }
        }
    }

    /// Returns the head up to and including the blank line, or None on a clean close between
    /// requests.
    fn read_head(&mut self) -> Result<Option<Vec<u8>>, ReadError> {
        let mut scanned = 0;
        // Idle means nothing of the next request has arrived yet.
        let idle_deadline = self.shared.idle_limit().map(|limit| Instant::now() + limit);
        loop {
            skip_leading_blank_lines(&mut self.buf);
            if let Some(end) = find_head_end(&self.buf, scanned) {
                if end > MAX_HEAD {
                    return Err(ReadError::TooLarge);
                }
                return Ok(Some(self.buf.drain(..end).collect()));
            }
            if self.buf.len() > MAX_HEAD {
                return Err(ReadError::TooLarge);
            }
            scanned = self.buf.len();
            let deadline = if self.buf.is_empty() { idle_deadline } else { None };
            match self.fill_before(deadline) {
                Err(ReadError::Closed | ReadError::Idle) if self.buf.is_empty() => return Ok(None),
                result => result?,
            }
        }
    }

    fn read_body(&mut self, head: &Head) -> Result<Vec<u8>, ReadError> {
        if head.chunked {
            self.read_chunked()
        } else {
            // Without Content-Length or chunking a request has no body (RFC 9112 §6.3).
            self.take(head.content_length.unwrap_or(0))
        }
    }

    fn read_chunked(&mut self) -> Result<Vec<u8>, ReadError> {
        let mut body = Vec::new();
        loop {
            let line = self.read_line(1024)?;
            let size = parse_chunk_size(&line).ok_or(ReadError::Malformed)?;
            if size == 0 {
                break;
            }
            if size > MAX_BODY - body.len() {
                return Err(ReadError::TooLarge);
            }
            body.extend_from_slice(&self.take(size)?);
            if !self.read_line(2)?.is_empty() {
                return Err(ReadError::Malformed);
            }
        }
        self.skip_trailers()?;
        Ok(body)
    }

    /// Trailer fields carry nothing the portal uses; they are read only to find the end.
    fn skip_trailers(&mut self) -> Result<(), ReadError> {
        let mut total = 0;
        loop {
            let line = self.read_line(MAX_HEAD)?;
            if line.is_empty() {
                return Ok(());
            }
            total += line.len();
            if total > MAX_HEAD {
                return Err(ReadError::TooLarge);
            }
        }
    }

    /// One line without its CR LF; longer than `max` is malformed.
    fn read_line(&mut self, max: usize) -> Result<Vec<u8>, ReadError> {
        let mut scanned = 0;
        loop {
            if let Some(pos) = self.buf[scanned..].iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=scanned + pos).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.len() > max {
                    return Err(ReadError::Malformed);
                }
                return Ok(line);
            }
            if self.buf.len() > max + 2 {
                return Err(ReadError::Malformed);
            }
            scanned = self.buf.len();
            self.fill()?;
        }
    }

    /// The next `n` bytes. A large body is read straight into its own buffer rather than
    /// through `buf`, so that it is held once and `buf` does not keep its capacity afterwards.
    fn take(&mut self, n: usize) -> Result<Vec<u8>, ReadError> {
        if self.buf.len() >= n {
            return Ok(self.buf.drain(..n).collect());
        }
        let mut body = std::mem::take(&mut self.buf);
        let mut filled = body.len();
        body.resize(n, 0);
        while filled < n {
            match self.stream.read(&mut body[filled..]) {
                Ok(0) => return Err(ReadError::Closed),
                Ok(read) => filled += read,
                Err(e) if is_timeout(&e) => {
                    if self.shared.is_stopping() {
                        return Err(ReadError::Closed);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(ReadError::Closed),
            }
        }
        Ok(body)
    }

    /// Appends whatever the socket has; waits for at least one byte.
    fn fill(&mut self) -> Result<(), ReadError> {
        self.fill_before(None)
    }

    /// Like `fill`, but gives up with `Idle` at `deadline`.
    fn fill_before(&mut self, deadline: Option<Instant>) -> Result<(), ReadError> {
        let mut chunk = [0u8; 16 * 1024];
        let result = loop {
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break Err(ReadError::Idle);
                }
                let _ = self.stream.set_read_timeout(Some(left.min(STOP_POLL)));
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => break Err(ReadError::Closed),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    break Ok(());
                }
                Err(e) if is_timeout(&e) => {
                    if self.shared.is_stopping() {
                        break Err(ReadError::Closed);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break Err(ReadError::Closed),
            }
        };
        if deadline.is_some() {
            let _ = self.stream.set_read_timeout(Some(STOP_POLL));
        }
        result
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Answers a request the portal never sees and closes; always false so callers can
    /// `return self.refuse(..)`.
    fn refuse(&mut self, status: u16, description: &str) -> bool {
        self.shared.log("-", "(unparsed request)", &status.to_string());
        let body = serde_json::json!({"error": "INVALID_REQUEST", "error_description": description});
        let response = Response { status, content_type: JSON, body: body.to_string().into_bytes() };
        if self.write(&encode(&response, true, false)).is_ok() {
            self.linger();
        }
        false
    }

    /// Closing a socket with unread input makes the kernel send a reset, which can destroy
    /// the refusal before the client reads it; so stop writing, then drain for a while.
    fn linger(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER;
        let mut sink = [0u8; 16 * 1024];
        let mut drained = 0usize;
        while Instant::now() < deadline && drained < 4 * MAX_BODY {
            match self.stream.read(&mut sink) {
                Ok(0) => return,
                Ok(n) => drained += n,
                Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// RFC 9112 asks servers to ignore blank lines before a request line (old clients send a
/// stray CRLF after a POST body).
fn skip_leading_blank_lines(buf: &mut Vec<u8>) {
    let blank = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
    if blank > 0 {
        buf.drain(..blank);
    }
}

/// The index just past the blank line that ends the head, searching from `from` on. Bare LF
/// line ends are accepted as well as CR LF.
fn find_head_end(buf: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    (start..buf.len()).find_map(|i| {
        if buf[i] != b'\n' || i == 0 {
            return None;
        }
        let blank_before = buf[i - 1] == b'\n' || (buf[i - 1] == b'\r' && i >= 2 && buf[i - 2] == b'\n');
        blank_before.then_some(i + 1)
    })
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut head = parse_request_line(lines.next()?)?;
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = parse_header_line(line)?;
        apply_header(&mut head, name, value)?;
    }
    if head.chunked {
        // A message with both framings is a smuggling attempt; chunked wins (RFC 9112 §6.3).
        head.content_length = None;
    }
    Some(head)
}

fn parse_request_line(line: &str) -> Option<Head> {
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || method.is_empty() || target.is_empty() {
        return None;
    }
    if !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return None,
    };
    Some(Head { method: method.to_string(), target: target.to_string(), http10, ..Head::default() })
}

fn parse_header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let valid_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic());
    // A line starting with whitespace is an obsolete continuation line, refused by RFC 9112.
    valid_name.then(|| (name, value.trim_matches(|c| c == ' ' || c == '\t')))
}

fn apply_header(head: &mut Head, name: &str, value: &str) -> Option<()> {
    if name.eq_ignore_ascii_case("content-length") {
        let length: usize = value.parse().ok().filter(|_| value.bytes().all(|b| b.is_ascii_digit()))?;
        if head.content_length.is_some_and(|known| known != length) {
            return None;
        }
        head.content_length = Some(length);
    } else if name.eq_ignore_ascii_case("transfer-encoding") {
        let last = value.rsplit(',').next().unwrap_or("").trim();
        if !last.eq_ignore_ascii_case("chunked") {
            // Only chunked can be framed; anything else leaves the body length unknown.
            return None;
        }
        head.chunked = true;
    } else if name.eq_ignore_ascii_case("content-type") {
        head.content_type = value.to_string();
    } else if name.eq_ignore_ascii_case("connection") {
        for option in value.split(',').map(str::trim) {
            head.close |= option.eq_ignore_ascii_case("close");
            head.keep_alive |= option.eq_ignore_ascii_case("keep-alive");
        }
    } else if name.eq_ignore_ascii_case("expect") {
        head.expects_continue = value.eq_ignore_ascii_case("100-continue");
    }
    Some(())
}

fn parse_chunk_size(line: &[u8]) -> Option<usize> {
    let line = std::str::from_utf8(line).ok()?;
    let digits = line.split(';').next()?.trim();
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    usize::from_str_radix(digits, 16).ok()
}

/// Splits a request target into path and query; an absolute-form target
/// (`http://host/path`, sent to proxies) is reduced to its path.
fn split_target(target: &str) -> (String, String) {
    let target = target.split('#').next().unwrap_or("");
    let origin = match target.find("://") {
        Some(scheme_end) if !target.starts_with('/') => {
            let after = &target[scheme_end + 3..];
            after.find('/').map_or("/", |slash| &after[slash..])
        }
        _ => target,
    };
    match origin.split_once('?') {
        Some((path, query)) => (path.to_string(), query.to_string()),
        None => (origin.to_string(), String::new()),
    }
}

fn encode(response: &Response, close: bool, head_only: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
        if close { "Connection: close\r\n" } else { "" },
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_end_is_found_with_crlf_and_bare_lf() {
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nrest", 0), Some(24));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\nA: b\n\nrest", 0), Some(21));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
    }

    #[test]
    fn garbage_heads_are_rejected_without_panicking() {
        for garbage in [
            &b"\xff\xfe\r\n\r\n"[..],
            b"GET\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"G T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        ] {
            assert!(parse_head(garbage).is_none(), "{:?}", String::from_utf8_lossy(garbage));
        }
    }

    #[test]
    fn chunk_sizes_are_hex_with_optional_extensions() {
        assert_eq!(parse_chunk_size(b"1a"), Some(26));
        assert_eq!(parse_chunk_size(b"A;name=value"), Some(10));
        assert_eq!(parse_chunk_size(b"+1"), None);
        assert_eq!(parse_chunk_size(b"fffffffffffffffff"), None);
    }

    #[test]
    fn targets_split_into_path_and_query() {
        assert_eq!(split_target("/rest/x?a=1#f"), ("/rest/x".into(), "a=1".into()));
        assert_eq!(split_target("http://h:1/rest/x?q"), ("/rest/x".into(), "q".into()));
        assert_eq!(split_target("/p"), ("/p".into(), String::new()));
    }
}
