//! The 1C add-in as the platform drives it: tests/addin_host.cpp, a C++ stand-in for the
//! platform, loads the built library and calls it through real C++ virtual calls, while the
//! sandbox portal records what arrives. The host is compiled here with the system's `c++`.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use bitrix24_ffi::api::addin::PROPERTIES;
use bitrix24_ffi::functions as table;
use bitrix24_ffi::sandbox::{self, Fault, Sandbox};
use serde_json::{json, Value};

fn host_binary() -> &'static Path {
    static HOST: OnceLock<PathBuf> = OnceLock::new();
    HOST.get_or_init(|| {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/addin_host.cpp");
        let binary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("addin_host");
        let status = Command::new("c++")
            .args(["-std=c++17", "-g", "-O1", "-Wall", "-Wextra", "-o"])
            .arg(&binary)
            .arg(&source)
            .args(["-ldl", "-pthread"])
            .status()
            .expect("the system C++ compiler `c++` runs");
        assert!(status.success(), "compiling {} failed", source.display());
        binary
    })
}

/// A text as the host reads it: hex of UTF-16 code units, "-" for none.
fn hex_units(units: &[u16]) -> String {
    if units.is_empty() {
        return "-".into();
    }
    units.iter().map(|unit| format!("{unit:04X}")).collect()
}

fn hex(text: &str) -> String {
    hex_units(&text.encode_utf16().collect::<Vec<_>>())
}

fn unhex(text: &str) -> String {
    if text == "-" {
        return String::new();
    }
    let units: Vec<u16> =
        (0..text.len()).step_by(4).map(|i| u16::from_str_radix(&text[i..i + 4], 16).unwrap()).collect();
    String::from_utf16(&units).expect("the add-in answers in valid UTF-16")
}

/// A 1C value as the platform passes it in a tVariant.
enum Arg<'a> {
    Str(&'a str),
    Units(&'a [u16]),
    Narrow(&'a str),
    I4(i32),
    I8(i64),
    R8(f64),
    Bool(bool),
    Date(f64),
    /// A Date as the platform passes it (VTYPE_TM): `YYYY-MM-DDTHH:MM:SS`.
    Tm(&'a str),
    /// BinaryData: a BLOB of these bytes.
    Blob(&'a [u8]),
    Undefined,
}
use Arg::*;

impl Arg<'_> {
    fn token(&self) -> String {
        match self {
            Str(text) => format!("w:{}", hex(text)),
            Units(units) => format!("w:{}", hex_units(units)),
            Narrow(text) => format!("s:{}", text.bytes().map(|b| format!("{b:02X}")).collect::<String>()),
            I4(n) => format!("i:{n}"),
            I8(n) => format!("l:{n}"),
            R8(x) => format!("d:{x}"),
            Bool(b) => format!("b:{}", u8::from(*b)),
            Date(x) => format!("t:{x}"),
            Tm(moment) => format!("m:{moment}"),
            Blob(bytes) => format!("x:{}", bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()),
            Undefined => "e".into(),
        }
    }
}

/// One output line of the host: a word, then key=value fields.
#[derive(Debug)]
struct Line {
    kind: String,
    fields: HashMap<String, String>,
}

impl Line {
    fn parse(text: &str) -> Line {
        let mut words = text.split_whitespace();
        let kind = words.next().unwrap_or_default().to_string();
        let fields = words
            .filter_map(|word| word.split_once('='))
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        Line { kind, fields }
    }

    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or_else(|| panic!("no {key} in {self:?}"))
    }

    fn number(&self, key: &str) -> i64 {
        self.get(key).parse().unwrap_or_else(|_| panic!("{key} is not a number in {self:?}"))
    }

    fn text(&self, key: &str) -> String {
        unhex(self.get(key))
    }
}

/// The host process, driven one command at a time.
struct Host {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Host {
    fn start() -> (Host, Line) {
        Host::start_under(&[])
    }

    /// `wrapper` runs the host, e.g. under valgrind.
    fn start_under(wrapper: &[&str]) -> (Host, Line) {
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(host_binary());
                command
            }
            None => Command::new(host_binary()),
        };
        // These tests are about what the add-in sends, not when: the suite switches the
        // request limit off the way an administrator would (the limits have tests of their own).
        let mut child = command
            .arg(common::library_path())
            .env("B24_RATE_LIMIT", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the host starts");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut host = Host { child, stdin, stdout };
        let start = host.read_reply().remove(0);
        assert_eq!(start.kind, "start");
        (host, start)
    }

    fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line).expect("the host's output is readable") {
            0 => None,
            _ => Some(line.trim_end().to_string()),
        }
    }

    fn read_reply(&mut self) -> Vec<Line> {
        let mut lines = Vec::new();
        loop {
            let line = self.read_line().expect("the host answers (see its stderr if it crashed)");
            if line == "end" {
                return lines;
            }
            lines.push(Line::parse(&line));
        }
    }

    fn send(&mut self, command: &str) -> Vec<Line> {
        let stdin = self.stdin.as_mut().expect("the host's input is open");
        writeln!(stdin, "{command}").expect("the host reads its input");
        stdin.flush().unwrap();
        self.read_reply()
    }

    fn one(&mut self, command: &str) -> Line {
        self.send(command).remove(0)
    }

    fn call(&mut self, method: &str, args: &[Arg]) -> Line {
        let tokens: Vec<String> = args.iter().map(Arg::token).collect();
        self.one(&format!("call {} {}", hex(method), tokens.join(" ")))
    }

    /// Calls a method that must succeed and returns its answer, parsed.
    fn json(&mut self, method: &str, args: &[Arg]) -> Value {
        let line = self.call(method, args);
        assert_eq!((line.get("ok"), line.get("vt")), ("1", "22"), "{method}: {line:?}");
        let text = line.text("value");
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} answered non-JSON: {text}"))
    }

    /// Ends the session as the platform does (Done, DestroyObject) and checks that every
    /// string the add-in allocated was freed.
    fn finish(mut self) -> Line {
        drop(self.stdin.take());
        let mut last = None;
        while let Some(line) = self.read_line() {
            last = Some(Line::parse(&line));
        }
        let status = self.child.wait().unwrap();
        let last = last.expect("the host prints a final line");
        assert_eq!(last.kind, "final", "{last:?}");
        assert!(status.success(), "the host exited with {status}");
        assert!(last.number("allocs") > 0);
        assert_eq!(last.get("allocs"), last.get("frees"), "every AllocMemory is matched by FreeMemory");
        assert_eq!(
            last.get("malformed"),
            "0",
            "every string handed to the platform is NUL-terminated in its memory, never NULL: {last:?}"
        );
        last
    }
}

fn error_of(answer: &Value) -> (&str, &str) {
    (
        answer["error"].as_str().unwrap_or_else(|| panic!("not an error: {answer}")),
        answer["error_description"].as_str().unwrap_or_default(),
    )
}

/// Case variants a 1C developer might type.
fn spellings(name: &str) -> Vec<String> {
    let alternating: String = name
        .chars()
        .enumerate()
        .map(
            |(i, c)| {
                if i % 2 == 0 {
                    c.to_lowercase().collect::<String>()
                } else {
                    c.to_uppercase().collect()
                }
            },
        )
        .collect();
    vec![name.to_string(), name.to_lowercase(), name.to_uppercase(), alternating]
}

#[test]
fn the_entry_points_make_one_class_named_bitrix24() {
    let (host, start) = Host::start();
    assert_eq!(start.text("classes"), "Bitrix24");
    assert_eq!(start.text("extension"), "Bitrix24");
    assert_eq!(start.get("registered"), "1");
    assert_eq!(start.get("info"), "2000");
    assert_eq!(start.get("attach"), "3");
    assert_eq!(start.get("caps"), "3");
    assert_eq!(start.get("unknown"), "0", "GetClassObject refuses other class names");
    host.finish();
}

#[test]
fn every_table_function_is_a_method_found_by_both_names_in_any_case() {
    let (mut host, _) = Host::start();
    let lines = host.send("describe");
    let counts = &lines[0];
    assert_eq!(counts.number("methods") as usize, table::all().count() + 1);
    assert_eq!(counts.number("props") as usize, PROPERTIES.len());
    let methods: Vec<&Line> = lines.iter().filter(|l| l.kind == "method").collect();

    let expected = table::all()
        .map(|f| (f.name, f.name_ru, f.params.iter().map(|p| !p.has_default()).collect::<Vec<_>>()))
        .chain([("Invoke", "Выполнить", vec![true, true])]);
    for (i, (name, name_ru, required)) in expected.enumerate() {
        let line = methods[i];
        assert_eq!((line.text("en"), line.text("ru")), (name.to_string(), name_ru.to_string()));
        assert_eq!(line.number("nparams") as usize, required.len(), "{name}");
        assert_eq!(line.get("retval"), "1", "{name}");
        // Optional parameters default to an empty String; required ones have no default.
        let defaults: Vec<&str> = line.get("defaults").split(';').collect();
        let wanted: Vec<&str> = required.iter().map(|&r| if r { "0:0:-" } else { "1:22:-" }).collect();
        assert_eq!(defaults, wanted, "{name}");
        for spelling in spellings(name).into_iter().chain(spellings(name_ru)) {
            let found = host.one(&format!("find {}", hex(&spelling)));
            assert_eq!(found.number("method"), i as i64, "{spelling}");
            assert_eq!(found.number("prop"), -1, "{spelling}");
        }
    }

    let props: Vec<&Line> = lines.iter().filter(|l| l.kind == "prop").collect();
    for (i, property) in PROPERTIES.iter().enumerate() {
        let [name, name_ru] = property.names();
        assert_eq!((props[i].text("en"), props[i].text("ru")), (name.to_string(), name_ru.to_string()));
        let flag = |on: bool| if on { "1" } else { "0" };
        assert_eq!(
            (props[i].get("readable"), props[i].get("writable")),
            (flag(property.readable()), flag(property.writable())),
            "{name}"
        );
        for spelling in spellings(name).into_iter().chain(spellings(name_ru)) {
            let found = host.one(&format!("find {}", hex(&spelling)));
            assert_eq!((found.number("prop"), found.number("method")), (i as i64, -1), "{spelling}");
        }
    }

    let missing = host.one(&format!("find {}", hex("ОтправитьСообщения")));
    assert_eq!((missing.number("method"), missing.number("prop")), (-1, -1));
    let outside = lines.iter().find(|l| l.kind == "outside").unwrap();
    assert!(outside.fields.values().all(|v| v == "null"), "{outside:?}");
    host.finish();
}

#[test]
fn send_message_by_webhook_carries_text_and_the_blocks_the_addin_built() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let picture = host.json("ПолучитьБлокКартинки", &[Str("Схема"), Str("https://example.com/p.png")]);
    let file = host.json("GetFileBlock", &[Str("report.pdf"), Str("https://example.com/r.pdf")]);
    assert_eq!(picture, json!({"IMAGE": {"NAME": "Схема", "LINK": "https://example.com/p.png"}}));
    let attachments = format!("[{picture},{file}]");

    let url = sandbox.webhook_url();
    let answer = host.json(
        "ОтправитьСообщение",
        &[Str(&url), Str("chat450"), Str("Отчёт готов"), Str(&attachments), Str("")],
    );
    let id = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));

    let messages = sandbox.messages("chat450");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].id, id);
    assert_eq!(messages[0].message.as_deref(), Some("Отчёт готов"));
    assert_eq!(messages[0].attach, Some(json!([picture, file])));
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.rest_method, "im.message.add");
    assert_eq!(request.auth, None);
    assert_eq!(
        request.fields,
        json!({"DIALOG_ID": "chat450", "MESSAGE": "Отчёт готов", "ATTACH": [picture, file]}),
        "exactly these fields, nothing for the empty Token"
    );
    host.finish();
}

#[test]
fn send_message_by_token_takes_a_number_chat_and_returns_portal_errors_as_they_came() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let portal = sandbox.portal_url();
    // A 1C Number may arrive as a double; 450.0 is user 450.
    let answer =
        host.json("SendMessage", &[Str(&portal), R8(450.0), Str("по токену"), Str(""), Str(sandbox::TOKEN)]);
    assert!(answer["result"].is_u64(), "{answer}");
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.path, "/rest/im.message.add");
    assert_eq!(request.auth.as_deref(), Some(sandbox::TOKEN));
    assert_eq!(sandbox.messages("450")[0].message.as_deref(), Some("по токену"));

    let answer =
        host.json("SendMessage", &[Str(&portal), I4(450), Str("x"), Undefined, Str(sandbox::EXPIRED_TOKEN)]);
    assert_eq!(error_of(&answer).0, "expired_token", "the portal's own error, as OPI returns it");
    assert_eq!(sandbox.messages("450").len(), 1);
    host.finish();
}

#[test]
fn cyrillic_and_emoji_outside_the_bmp_round_trip_exactly() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let text = "Привет, мир! Ёжик «ёлка» 👋🏽 𝄞 🇷🇺 — конец";
    let answer = host.json("SendMessage", &[Str(&sandbox.webhook_url()), Str("chat1"), Str(text)]);
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.messages("chat1")[0].message.as_deref(), Some(text));
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(
        request.fields,
        json!({"DIALOG_ID": "chat1", "MESSAGE": text}),
        "the defaults of the omitted Attachments and Token send nothing"
    );
    // And back out: the answer's UTF-16 decodes to the same text.
    let block = host.json("GetPictureBlock", &[Str(text), Str("https://example.com/😀.png")]);
    assert_eq!(block["IMAGE"]["NAME"], text);
    assert_eq!(block["IMAGE"]["LINK"], "https://example.com/😀.png");
    host.finish();
}

#[test]
fn values_of_the_wrong_1c_type_are_refused_naming_the_parameter() {
    let sandbox = Sandbox::start().unwrap();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();

    let answer = host.json("SendMessage", &[Str(&url), Str("chat1"), Bool(true)]);
    let (code, description) = error_of(&answer);
    assert_eq!(code, "B24_INVALID_PARAMETER");
    assert!(description.contains("'text'") && description.contains("boolean"), "{description}");

    let answer = host.json("SendMessage", &[Str(&url), Str("chat1"), Date(45_000.5)]);
    let (code, description) = error_of(&answer);
    assert_eq!(code, "B24_INVALID_PARAMETER");
    assert!(description.contains("'text'") && description.contains("Date"), "{description}");

    let lone_surrogate = [0x41, 0xD83D, 0x42];
    let answer = host.json("SendMessage", &[Str(&url), Str("chat1"), Units(&lone_surrogate)]);
    let (code, description) = error_of(&answer);
    assert_eq!(code, "B24_INVALID_PARAMETER");
    assert!(description.contains("'text'") && description.contains("UTF-16"), "{description}");

    // Undefined for a required parameter, as the platform passes an omitted one.
    let answer = host.json("SendMessage", &[Str(&url), Undefined, Str("x")]);
    assert!(error_of(&answer).1.contains("'chat'"), "{answer}");

    assert!(sandbox.requests().is_empty(), "nothing refused reaches the portal");
    let line = host.call("SendMessage", &[Str(&url), Str("chat1"), Bool(true)]);
    assert_eq!(line.number("errors"), 0, "refusals are answers, not platform exceptions");
    host.finish();
}

#[test]
fn narrow_strings_and_wide_integers_are_accepted() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let answer = host.json("SendMessage", &[Narrow(&sandbox.webhook_url()), I8(77), Narrow("узкая строка")]);
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.messages("77")[0].message.as_deref(), Some("узкая строка"));
    host.finish();
}

#[test]
fn invoke_runs_table_functions_by_name_and_refuses_unknown_ones() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let block = host
        .json("Выполнить", &[Str("GetFileBlock"), Str(r#"{"title": "a.txt", "url": "https://h/a.txt"}"#)]);
    assert_eq!(block, json!({"FILE": {"NAME": "a.txt", "LINK": "https://h/a.txt"}}));

    let params = json!({"url": sandbox.webhook_url(), "chat": "chat9", "text": "через Invoke"}).to_string();
    let answer = host.json("invoke", &[Str("SendMessage"), Str(&params)]);
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.messages("chat9")[0].message.as_deref(), Some("через Invoke"));

    let answer = host.json("Invoke", &[Str("NoSuchFunction"), Str("{}")]);
    assert_eq!(error_of(&answer).0, "B24_UNKNOWN_FUNCTION");
    host.finish();
}

#[test]
fn call_reaches_any_rest_method() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let answer = host.json("Вызвать", &[Str(&sandbox.webhook_url()), Str("server.time"), Str(""), Str("")]);
    assert!(answer.get("result").is_some(), "{answer}");
    assert_eq!(sandbox.requests().pop().unwrap().rest_method, "server.time");
    host.finish();
}

#[test]
fn a_call_as_a_procedure_runs_too() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let tokens = [Str(&sandbox.webhook_url()), Str("chat3"), Str("без ответа")].map(|a| a.token()).join(" ");
    let line = host.one(&format!("proc {} {tokens}", hex("SendMessage")));
    assert_eq!((line.get("ok"), line.get("vt")), ("1", "0"));
    assert_eq!(sandbox.messages("chat3").len(), 1);
    host.finish();
}

#[test]
fn version_and_timeout_properties() {
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let version = host.one(&format!("get {}", hex("версия")));
    assert_eq!(version.text("value"), format!("bitrix24-ffi {}", env!("CARGO_PKG_VERSION")));
    let timeout = host.one(&format!("get {}", hex("Timeout")));
    assert_eq!((timeout.get("vt"), timeout.get("value")), ("5", "60"));

    let refused = [I4(0), R8(-1.0), Str("10"), Bool(true), R8(1e9)];
    for (n, value) in refused.iter().enumerate() {
        let line = host.one(&format!("set {} {}", hex("Таймаут"), value.token()));
        assert_eq!(line.get("ok"), "0");
        assert_eq!(line.number("errors"), n as i64 + 1, "each refusal goes through AddError");
        assert_eq!(line.get("error_code"), "1006");
        assert!(line.text("error").contains("Timeout"), "{line:?}");
    }
    let read_only = host.one(&format!("set {} {}", hex("Version"), Str("2").token()));
    assert_eq!(read_only.get("ok"), "0");

    let line = host.one(&format!("set {} {}", hex("ТАЙМАУТ"), I4(1).token()));
    assert_eq!(line.get("ok"), "1");
    assert_eq!(host.one(&format!("get {}", hex("timeout"))).get("value"), "1");
    // The object's Timeout governs its calls: a portal slower than it gives B24_TIMEOUT.
    sandbox.misbehave(Fault::Delay(Duration::from_secs(3)), 1);
    let answer = host.json("SendMessage", &[Str(&sandbox.webhook_url()), Str("chat1"), Str("slow")]);
    assert_eq!(error_of(&answer).0, "B24_TIMEOUT", "{answer}");
    host.finish();
}

#[test]
fn eight_threads_with_an_object_each_send_every_message_once() {
    const THREADS: usize = 8;
    const CALLS: usize = 100;
    let sandbox = Sandbox::start().unwrap();
    let (mut host, _) = Host::start();
    let line =
        host.one(&format!("threads {THREADS} {CALLS} {} {}", hex(&sandbox.webhook_url()), hex("chat700")));
    assert_eq!(line.number("failed"), 0, "first failure: {}", unhex(line.get("first_failure")));
    assert_eq!(line.number("ok") as usize, THREADS * CALLS);
    for thread in 0..THREADS {
        let messages = sandbox.messages(&format!("chat700{thread}"));
        let texts: BTreeSet<String> = messages.iter().filter_map(|m| m.message.clone()).collect();
        let wanted: BTreeSet<String> = (0..CALLS).map(|k| format!("thread {thread} message {k}")).collect();
        assert_eq!(messages.len(), CALLS, "thread {thread}");
        assert_eq!(texts, wanted, "thread {thread}");
    }
    assert_eq!(sandbox.message_count(), THREADS * CALLS);
    host.finish();
}

#[test]
fn valgrind_sees_no_invalid_access_and_nothing_definitely_lost() {
    if !common::have_tool("valgrind") {
        return;
    }
    let sandbox = Sandbox::start().unwrap();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start_under(&[
        "valgrind",
        "--quiet",
        "--error-exitcode=99",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
        "--show-leak-kinds=definite",
    ]);
    host.send("describe");
    let picture = host.json("GetPictureBlock", &[Str("Схема"), Str("https://example.com/p.png")]);
    let attachments = format!("[{picture}]");
    let answer =
        host.json("SendMessage", &[Str(&url), Str("chat5"), Str("Привет 👋🏽"), Str(&attachments), Str("")]);
    assert!(answer["result"].is_u64(), "{answer}");
    host.json("SendMessage", &[Str(&url), Str("chat5"), Bool(true)]);
    host.json("SendMessage", &[Str(&url), Str("chat5"), Date(1.0)]);
    host.json("SendMessage", &[Str(&url), Str("chat5"), Units(&[0xDC00])]);
    host.json("Invoke", &[Str("Nope"), Str("{}")]);
    // BinaryData is read for exactly strLen bytes, with no terminator behind them.
    let chat = sandbox.seed_chat(sandbox::CALLER, &[], "valgrind");
    let bytes = binary_bytes();
    let sent = host.json(
        "SendFile",
        &[Str(&url), I4(chat as i32), Str(""), Str(""), Str(""), Blob(&bytes), Str("b.bin")],
    );
    assert!(sent["result"]["messageId"].is_u64(), "{sent}");
    host.json(
        "SendFile",
        &[Str(&url), I4(chat as i32), Str(""), Str(""), Str(""), Blob(&[]), Str("empty.bin")],
    );
    host.one(&format!("get {}", hex("Version")));
    host.one(&format!("set {} {}", hex("Timeout"), I4(-5).token()));
    host.one(&format!("proc {} {}", hex("GetFileBlock"), [Str("a"), Str("b")].map(|a| a.token()).join(" ")));
    let threads = host.one(&format!("threads 2 3 {} {}", hex(&url), hex("chat60")));
    assert_eq!(threads.number("ok"), 6);
    // `finish` checks the exit status: valgrind exits with 99 on any error it counts.
    host.finish();
    assert_eq!(sandbox.message_count(), 8);
}

// --- BinaryData and the chat, dialog and notification methods ---------------------------------

/// A sandbox for the tests below. The host runs with B24_RATE_LIMIT=off; this process
/// switches its own limit for the sandbox off too, as every suite here does.
fn start_sandbox() -> Sandbox {
    let sandbox = Sandbox::start().unwrap();
    common::without_limits(&sandbox);
    sandbox
}

/// Bytes that are no text: every byte value, NUL included, up and down.
fn binary_bytes() -> Vec<u8> {
    (0..=255u8).chain((0..=255u8).rev()).collect()
}

/// Checks that `bytes` arrived as one file named `name` in the chat's folder and that the
/// message `message_id` posted it there with `text`.
fn assert_file_posted(sandbox: &Sandbox, chat: u64, message_id: u64, name: &str, bytes: &[u8], text: &str) {
    let snapshot = sandbox.snapshot();
    let folder = snapshot.chat(chat).unwrap().disk_folder_id.expect("the chat has its files folder");
    let files = snapshot.files_in_folder(folder);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].name, name);
    assert_eq!(files[0].bytes.as_slice(), bytes, "the bytes arrived unchanged");
    assert_eq!(files[0].author_id, sandbox::CALLER);
    let message = snapshot.message(message_id).expect("the message was posted");
    assert_eq!(message.dialog_id, format!("chat{chat}"));
    assert_eq!(message.message.as_deref(), Some(text));
    assert_eq!(message.file_ids, vec![files[0].id]);
    assert_eq!(snapshot.dialog_messages(&format!("chat{chat}")).len(), 1);
}

#[test]
fn send_file_from_binary_data_with_a_name_uploads_it_to_the_chat_and_posts_it() {
    let sandbox = start_sandbox();
    let chat = sandbox.seed_chat(sandbox::CALLER, &[10], "Отчёты");
    let (mut host, _) = Host::start();
    let bytes = binary_bytes();
    // ОтправитьФайл(URL, ChatID, FileID, Description, Token, File, FileName)
    let answer = host.json(
        "ОтправитьФайл",
        &[
            Str(&sandbox.webhook_url()),
            I4(chat as i32),
            Undefined,
            Str("Отчёт за март"),
            Str(""),
            Blob(&bytes),
            Str("отчёт март.bin"),
        ],
    );
    let message_id = answer["result"]["messageId"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_file_posted(&sandbox, chat, message_id, "отчёт март.bin", &bytes, "Отчёт за март");
    let methods: Vec<String> = sandbox.requests().into_iter().map(|r| r.rest_method).collect();
    assert_eq!(
        methods,
        ["im.v2.file.upload", "im.v2.file.upload"],
        "an empty probe, then the file, where the portal has im.v2.File.upload"
    );
    host.finish();
}

#[test]
fn send_file_from_binary_data_takes_the_older_way_on_a_portal_without_the_v2_upload() {
    let sandbox = start_sandbox();
    sandbox.without_v2_upload(true);
    let chat = sandbox.seed_chat(sandbox::CALLER, &[], "Files");
    let (mut host, _) = Host::start();
    let bytes = b"%PDF-1.4\n\x00\x01\x02 binary \xff\xfe".to_vec();
    let answer = host.json(
        "SendFile",
        &[
            Str(&sandbox.webhook_url()),
            Str(&format!("chat{chat}")),
            Str(""),
            Str("PDF"),
            Str(""),
            Blob(&bytes),
            Str("a.pdf"),
        ],
    );
    let message_id = answer["result"]["MESSAGE_ID"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_file_posted(&sandbox, chat, message_id, "a.pdf", &bytes, "PDF");
    let methods: Vec<String> = sandbox.requests().into_iter().map(|r| r.rest_method).collect();
    assert_eq!(
        methods,
        ["im.v2.file.upload", "im.disk.folder.get", "disk.folder.uploadfile", "im.disk.file.commit"]
    );
    host.finish();
}

#[test]
fn send_file_from_a_path_takes_the_files_own_name_unless_one_is_given() {
    let sandbox = start_sandbox();
    let chat = sandbox.seed_chat(sandbox::CALLER, &[], "Paths");
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("addin_send_file");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("Остатки на складе.csv");
    let bytes = "артикул;остаток\n1001;5\n".as_bytes();
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap();
    let (mut host, _) = Host::start();
    let url = sandbox.webhook_url();
    let answer = host
        .json("ОтправитьФайл", &[Str(&url), I4(chat as i32), Str(""), Str("Остатки"), Str(""), Str(path)]);
    let first = answer["result"]["messageId"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_file_posted(&sandbox, chat, first, "Остатки на складе.csv", bytes, "Остатки");

    let answer = host.json(
        "SendFile",
        &[Str(&url), I4(chat as i32), Str(""), Str(""), Str(""), Str(path), Str("stock.csv")],
    );
    let second = answer["result"]["messageId"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let snapshot = sandbox.snapshot();
    let file = snapshot.file(snapshot.message(second).unwrap().file_ids[0]).unwrap();
    assert_eq!((file.name.as_str(), file.bytes.as_slice()), ("stock.csv", bytes));
    host.finish();
}

#[test]
fn binary_data_without_a_name_or_where_no_file_is_taken_is_refused_and_nothing_sent() {
    let sandbox = start_sandbox();
    let chat = sandbox.seed_chat(sandbox::CALLER, &[], "Files");
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let bytes = binary_bytes();
    let answer =
        host.json("SendFile", &[Str(&url), I4(chat as i32), Str(""), Str(""), Str(""), Blob(&bytes)]);
    let (code, description) = error_of(&answer);
    assert_eq!(code, "B24_INVALID_PARAMETER");
    assert!(description.contains("'filename'"), "{description}");

    let answer = host.json("SendMessage", &[Str(&url), Str("chat1"), Blob(b"text?")]);
    let (code, description) = error_of(&answer);
    assert_eq!(code, "B24_INVALID_PARAMETER");
    assert!(description.contains("'text'") && description.contains("BinaryData"), "{description}");
    assert!(sandbox.requests().is_empty(), "{:?}", sandbox.requests());
    assert!(sandbox.snapshot().files.is_empty());
    host.finish();
}

#[test]
fn chat_methods_by_russian_and_english_names_with_positional_parameters() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();

    // СоздатьЧат(URL, ChatStructure): the structure as the JSON text ЗаписатьJSON makes.
    let structure = json!({"TYPE": "CHAT", "TITLE": "Проект «Альфа»", "COLOR": "AQUA", "USERS": [10], "MESSAGE": "Начинаем"});
    let answer = host.json("СоздатьЧат", &[Str(&url), Str(&structure.to_string())]);
    let alpha = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let structure = json!({"TITLE": "Beta", "USERS": "[638]"});
    let answer = host.json("createchat", &[Str(&url), Str(&structure.to_string()), Str("")]);
    let beta = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(alpha).unwrap();
    assert_eq!((state.title.as_str(), state.color.as_str()), ("Проект «Альфа»", "AQUA"));
    assert_eq!(state.members, BTreeSet::from([sandbox::CALLER, 10]));
    let first = snapshot.dialog_messages(&format!("chat{alpha}"));
    assert_eq!(first[0].message.as_deref(), Some("Начинаем"));
    assert_eq!(snapshot.chat(beta).unwrap().members, BTreeSet::from([sandbox::CALLER, 638]));

    // ДобавитьПользователейВЧат(URL, ChatID, UserIDs, HideHistory): a Number as a double, the
    // ids as JSON text, HideHistory as a 1C Boolean.
    let answer =
        host.json("ДобавитьПользователейВЧат", &[Str(&url), R8(alpha as f64), Str("[638, 640]"), Bool(true)]);
    assert_eq!(answer["result"], true, "{answer}");
    let answer = host.json("AddUsersToChat", &[Str(&url), Str(&format!("chat{beta}")), I4(2960)]);
    assert_eq!(answer["result"], true, "{answer}");
    let adds: Vec<Value> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.rest_method == "im.chat.user.add")
        .map(|r| r.fields)
        .collect();
    assert_eq!(
        adds,
        [
            json!({"CHAT_ID": alpha.to_string(), "USERS": ["638", "640"], "HIDE_HISTORY": "Y"}),
            json!({"CHAT_ID": beta.to_string(), "USERS": ["2960"], "HIDE_HISTORY": "N"}),
        ]
    );
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(alpha).unwrap();
    assert_eq!(state.members, BTreeSet::from([sandbox::CALLER, 10, 638, 640]));
    assert_eq!(state.hidden_history.keys().copied().collect::<Vec<_>>(), [638, 640]);
    assert_eq!(snapshot.chat(beta).unwrap().members, BTreeSet::from([sandbox::CALLER, 638, 2960]));

    // Rename, recolour, remove a member, hand the chat over, mute.
    host.json("ИзменитьЗаголовокЧата", &[Str(&url), I4(beta as i32), Str("Бета")]);
    host.json("ChangeChatColor", &[Str(&url), I4(beta as i32), Str("graphite")]);
    host.json("ИсключитьПользователяИзЧата", &[Str(&url), I4(beta as i32), I4(2960)]);
    host.json("СменитьВладельцаЧата", &[Str(&url), I4(beta as i32), I4(638)]);
    host.json("ОтключитьУведомленияЧата", &[Str(&url), I4(beta as i32)]);
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(beta).unwrap();
    assert_eq!((state.title.as_str(), state.color.as_str(), state.owner), ("Бета", "GRAPHITE", 638));
    assert_eq!(state.members, BTreeSet::from([sandbox::CALLER, 638]));
    assert_eq!(state.muted_by, BTreeSet::from([sandbox::CALLER]));

    let users = host.json("ПолучитьСписокПользователейЧата", &[Str(&url), I4(alpha as i32)]);
    assert_eq!(users["result"], json!([1, 10, 638, 640]));
    host.finish();
}

#[test]
fn history_notifications_and_status_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let chat = sandbox.seed_chat(sandbox::CALLER, &[10], "History");
    let dialog = format!("chat{chat}");
    let ids: Vec<u64> =
        (0..25).map(|n| sandbox.post_as(10, &dialog, &format!("сообщение {n}")).unwrap()).collect();
    let (mut host, _) = Host::start();
    let page_ids = |answer: &Value| -> Vec<u64> {
        let messages = answer["result"]["messages"].as_array().unwrap_or_else(|| panic!("{answer}"));
        messages.iter().map(|m| m["id"].as_u64().unwrap()).collect()
    };

    // ПолучитьСписокСообщенийЧата(URL, ChatID, LastID, FirstID): from the start, then on.
    let page = host.json("ПолучитьСписокСообщенийЧата", &[Str(&url), Str(&dialog), Str(""), I4(0)]);
    assert_eq!(page_ids(&page), ids[..20]);
    assert_eq!(page["result"]["messages"][0]["text"], "сообщение 0");
    let page = host.json("GetChatMessagesList", &[Str(&url), Str(&dialog), Str(""), R8(ids[19] as f64)]);
    assert_eq!(page_ids(&page), ids[20..]);
    // And back from the newest with LastID.
    let page = host.json("GetChatMessagesList", &[Str(&url), Str(&dialog), I4(ids[5] as i32)]);
    assert_eq!(page_ids(&page), ids[..5].iter().rev().copied().collect::<Vec<_>>());

    // СоздатьПерсональноеУведомление(URL, UserID, Text, Tag, Attachments)
    let block = host.json("ПолучитьБлокТекста", &[Str("[b]Готово[/b]")]);
    let answer = host.json(
        "СоздатьПерсональноеУведомление",
        &[Str(&url), I4(10), Str("Отчёт готов"), Str("report"), Str(&format!("[{block}]"))],
    );
    let first = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let snapshot = sandbox.snapshot();
    let notification = &snapshot.notifications[&first];
    assert_eq!(notification.kind, sandbox::NotifyKind::Personal);
    assert_eq!((notification.user_id, notification.author_id), (10, sandbox::CALLER));
    assert_eq!(notification.text.as_deref(), Some("Отчёт готов"));
    assert_eq!(notification.tag.as_deref(), Some("report"));
    assert_eq!(notification.attach, Some(json!([block])));
    // The same tag replaces it.
    let answer =
        host.json("CreatePersonalNotification", &[Str(&url), I4(10), Str("Отчёт обновлён"), Str("report")]);
    let second = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let ids_of_10: Vec<u64> = sandbox.snapshot().notifications_of(10).iter().map(|n| n.id).collect();
    assert_eq!(ids_of_10, [second]);
    let answer = host.json("СоздатьСистемноеУведомление", &[Str(&url), I4(638), Str("Система")]);
    let system = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(sandbox.snapshot().notifications[&system].kind, sandbox::NotifyKind::System);
    host.json("УдалитьУведомление", &[Str(&url), I4(second as i32)]);
    assert!(sandbox.snapshot().notifications_of(10).is_empty());

    // Status, typing and read marks.
    let answer = host.json("УстановитьСтатусПользователя", &[Str(&url), Str("away")]);
    assert_eq!(answer["result"], true, "{answer}");
    assert_eq!(sandbox.snapshot().status(sandbox::CALLER), "away");
    assert_eq!(host.json("GetUserStatus", &[Str(&url)])["result"], "away");
    host.json("ОтправитьУведомлениеОВводе", &[Str(&url), Str(&dialog)]);
    assert_eq!(sandbox.snapshot().writing, [(sandbox::CALLER, dialog.clone())]);
    host.json("ПрочитатьВсе", &[Str(&url)]);
    assert_eq!(sandbox.snapshot().read_mark(sandbox::CALLER, &dialog), *ids.last().unwrap());
    host.finish();
}

#[test]
fn tokens_from_the_sandboxs_oauth_server_by_russian_names() {
    let sandbox = start_sandbox();
    let (mut host, _) = Host::start();
    let code = sandbox.new_auth_code();
    // ПолучитьТокен(ClientID, ClientSecret, Code, OAuthURL)
    let tokens = host.json(
        "ПолучитьТокен",
        &[Str(sandbox::CLIENT_ID), Str(sandbox::CLIENT_SECRET), Str(&code), Str(&sandbox.oauth_url())],
    );
    let refresh = tokens["refresh_token"].as_str().unwrap_or_else(|| panic!("{tokens}")).to_string();
    assert_eq!(sandbox.code_exchanges(), 1);
    let renewed = host.json(
        "ОбновитьТокен",
        &[Str(sandbox::CLIENT_ID), Str(sandbox::CLIENT_SECRET), Str(&refresh), Str(&sandbox.oauth_url())],
    );
    let access = renewed["access_token"].as_str().unwrap_or_else(|| panic!("{renewed}")).to_string();
    assert_eq!(sandbox.refreshes(), 1);
    let old = host.json(
        "RefreshToken",
        &[Str(sandbox::CLIENT_ID), Str(sandbox::CLIENT_SECRET), Str(&refresh), Str(&sandbox.oauth_url())],
    );
    assert_eq!(error_of(&old).0, "invalid_grant");
    // СерверноеВремя(URL, Token) with the new access token: a GET with auth in the query.
    let time = host.json("СерверноеВремя", &[Str(&sandbox.portal_url()), Str(&access)]);
    assert!(time["result"].is_string(), "{time}");
    let request = sandbox.requests().pop().unwrap();
    assert_eq!((request.http_method.as_str(), request.rest_method.as_str()), ("GET", "server.time"));
    assert_eq!(request.auth.as_deref(), Some(access.as_str()));
    for request in sandbox.requests() {
        assert!(
            !request.path.contains(sandbox::CLIENT_SECRET) && !request.query.contains(sandbox::CLIENT_SECRET)
        );
    }
    host.finish();
}

#[test]
fn a_task_is_created_completed_and_read_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let id_of = |answer: &Value| -> u64 {
        let id = answer["result"]["task"]["id"].as_str().unwrap_or_else(|| panic!("{answer}"));
        id.parse().unwrap()
    };

    // СоздатьЗадачу(URL, FieldsStructure): the fields as the JSON text ЗаписатьJSON makes.
    let fields = json!({"TITLE": "Отгрузка №42", "DEADLINE": "2025-11-01T10:30:00", "RESPONSIBLE_ID": 10});
    let first = id_of(&host.json("СоздатьЗадачу", &[Str(&url), Str(&fields.to_string())]));
    let second = id_of(&host.json("createtask", &[Str(&url), Str(r#"{"TITLE": "Second"}"#), Str("")]));
    let task = sandbox.record("tasks.task", first).unwrap();
    assert_eq!((&task["title"], &task["responsibleId"]), (&json!("Отгрузка №42"), &json!("10")));
    assert_eq!(task["deadline"], json!("2025-11-01T10:30:00+00:00"));

    // ЗавершитьЗадачу / CompleteTask(URL, TaskID): the id as a 1C Number, a double or text.
    host.json("ЗавершитьЗадачу", &[Str(&url), R8(first as f64)]);
    host.json("CompleteTask", &[Str(&url), Str(&second.to_string())]);
    let completed: Vec<Value> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.rest_method == "tasks.task.complete")
        .map(|r| r.fields)
        .collect();
    assert_eq!(completed, [json!({"taskId": first.to_string()}), json!({"taskId": second.to_string()})]);

    // ПолучитьЗадачу / GetTask read them back completed.
    for (name, id) in [("ПолучитьЗадачу", first), ("GetTask", second)] {
        let got = host.json(name, &[Str(&url), I4(id as i32)]);
        assert_eq!(got["result"]["task"]["status"], "5", "{name}: {got}");
    }
    // A second completion is the portal's refusal, returned as it came.
    let refused = host.json("completetask", &[Str(&url), I4(first as i32)]);
    assert_eq!(refused["error"], 1048582, "{refused}");
    host.finish();
}

#[test]
fn a_checklist_item_is_added_completed_and_the_task_moved_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let created = host.json("СоздатьЗадачу", &[Str(&url), Str(r#"{"TITLE": "Отгрузка №43"}"#)]);
    let task: u64 =
        created["result"]["task"]["id"].as_str().unwrap_or_else(|| panic!("{created}")).parse().unwrap();

    // ДобавитьЭлементЧеклистаЗадачи(URL, TaskID, Text, Completed = False), then
    // CompleteTasksChecklistElement(URL, TaskID, ElementID): the ids as 1C Numbers.
    let added = host.json("ДобавитьЭлементЧеклистаЗадачи", &[Str(&url), I4(task as i32), Str("Упаковать")]);
    let item = added["result"].as_u64().unwrap_or_else(|| panic!("{added}"));
    let checked = host.json(
        "AddTasksChecklistElement",
        &[Str(&url), R8(task as f64), Str("Погрузить"), Bool(true), Str("")],
    );
    let second = checked["result"].as_u64().unwrap_or_else(|| panic!("{checked}"));
    host.json("CompleteTasksChecklistElement", &[Str(&url), I4(task as i32), I4(item as i32)]);
    for id in [item, second] {
        assert_eq!(sandbox.record("task.checklistitem", id).unwrap()["IS_COMPLETE"], json!("Y"));
    }

    // ДобавитьСтадиюКанбана(URL, Name) with OPI's defaults, ПеренестиЗадачуВСтадиюКанбана /
    // MoveTaskToKanbanStage(URL, TaskID, StageID): the task reads back in the stage.
    let stage = host.json("ДобавитьСтадиюКанбана", &[Str(&url), Str("На этой неделе")]);
    let stage = stage["result"].as_u64().unwrap_or_else(|| panic!("{stage}"));
    let moved = host.json("MoveTaskToKanbanStage", &[Str(&url), I4(task as i32), I4(stage as i32)]);
    assert_eq!(moved["result"], json!(true), "{moved}");
    let sent = sandbox.requests().into_iter().rfind(|r| r.rest_method == "task.stages.movetask").unwrap();
    assert_eq!(sent.fields, json!({"id": task.to_string(), "stageId": stage.to_string(), "after": "0"}));
    host.json("ПеренестиЗадачуВСтадиюКанбана", &[Str(&url), I4(task as i32), I4(stage as i32)]);
    assert_eq!(sandbox.record("tasks.task", task).unwrap()["stageId"], json!(stage.to_string()));
    host.finish();
}

/// The calls `Б24.Method(...)` in a BSL text: the method's name and how many arguments it gets.
fn bsl_calls(text: &str) -> Vec<(String, usize)> {
    let mut calls = Vec::new();
    for (start, _) in text.match_indices("Б24.") {
        let rest = &text[start + "Б24.".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let Some(args) = rest[name.len()..].strip_prefix('(') else { continue };
        let (mut depth, mut quoted, mut commas, mut empty) = (0usize, false, 0usize, true);
        for c in args.chars() {
            match c {
                '"' => quoted = !quoted,
                _ if quoted => {}
                '(' => depth += 1,
                ')' if depth == 0 => break,
                ')' => depth -= 1,
                ',' if depth == 0 => commas += 1,
                _ => {}
            }
            if !c.is_whitespace() && c != ')' {
                empty = false;
            }
        }
        calls.push((name, if empty { 0 } else { commas + 1 }));
    }
    calls
}

#[test]
fn the_bsl_examples_call_methods_that_exist_with_a_fitting_number_of_parameters() {
    let folder = common::crate_dir().join("examples/1c");
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("bsl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, count) in bsl_calls(&text) {
            seen += 1;
            let where_ = format!("{}: Б24.{name} with {count} arguments", path.display());
            if ["Выполнить", "Invoke"].contains(&name.as_str()) {
                assert_eq!(count, 2, "{where_}");
                continue;
            }
            let function = table::all()
                .find(|f| {
                    f.name_ru.to_lowercase() == name.to_lowercase() || f.name.eq_ignore_ascii_case(&name)
                })
                .unwrap_or_else(|| panic!("{where_}: no such method"));
            let required = function.params.iter().filter(|p| !p.has_default()).count();
            assert!((required..=function.params.len()).contains(&count), "{where_}");
        }
    }
    assert!(seen >= 20, "the examples call the add-in ({seen} calls found)");
}

#[test]
fn a_batch_by_its_russian_name_sends_many_calls_in_one_request() {
    let sandbox = start_sandbox();
    let (mut host, _) = Host::start();
    let calls: Vec<Value> = (0..3)
        .map(|n| json!({"function": "SendMessage", "params": {"chat": "chat77", "text": format!("пакет {n}")}}))
        .chain([json!({"method": "im.message.add", "params": {"DIALOG_ID": "chat77"}})])
        .collect();
    // Пакет(URL, Calls, Halt, Token)
    let answer = host.json("Пакет", &[Str(&sandbox.webhook_url()), Str(&json!(calls).to_string())]);
    let items = answer["result"].as_array().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(items.len(), 4);
    assert!(items[..3].iter().all(|item| item["result"].is_u64()), "{answer}");
    assert_eq!(items[3]["error"], "MESSAGE_EMPTY", "the failed call's own error: {answer}");
    let methods: Vec<String> = sandbox.requests().into_iter().map(|r| r.rest_method).collect();
    assert_eq!(methods, ["batch"], "one request for the four calls");
    let texts: Vec<String> = sandbox.messages("chat77").into_iter().filter_map(|m| m.message).collect();
    assert_eq!(texts, ["пакет 0", "пакет 1", "пакет 2"]);
    host.finish();
}

#[test]
fn an_expired_token_is_renewed_from_the_objects_properties_and_the_new_refresh_token_kept() {
    let sandbox = start_sandbox();
    let (mut host, _) = Host::start();
    let tokens = sandbox.issue_tokens();
    sandbox.expire_access_tokens();
    for (property, value) in [
        ("ТокенОбновления", tokens.refresh_token.as_str()),
        ("ИдентификаторКлиента", sandbox::CLIENT_ID),
        ("СекретКлиента", sandbox::CLIENT_SECRET),
        ("АдресOAuth", &sandbox.oauth_url()),
    ] {
        let line = host.one(&format!("set {} {}", hex(property), Str(value).token()));
        assert_eq!(line.get("ok"), "1", "{property}: {line:?}");
    }
    // The secret is written, never read back.
    let secret = host.one(&format!("get {}", hex("ClientSecret")));
    assert_ne!(secret.get("ok"), "1", "{secret:?}");

    let answer = host.json(
        "ОтправитьСообщение",
        &[
            Str(&sandbox.portal_url()),
            Str("chat78"),
            Str("после обновления"),
            Str(""),
            Str(&tokens.access_token),
        ],
    );
    assert!(answer["result"].is_u64(), "{answer}");
    let renewed = &answer["auth_refreshed"];
    let new_refresh = renewed["refresh_token"].as_str().unwrap_or_else(|| panic!("{answer}"));
    assert_ne!(new_refresh, tokens.refresh_token);
    assert_eq!(sandbox.refreshes(), 1);
    assert_eq!(sandbox.messages("chat78").len(), 1, "posted once");
    // The object follows the rotation: its Refresh now holds the new refresh token.
    let kept = host.one(&format!("get {}", hex("Refresh")));
    assert_eq!(kept.text("value"), new_refresh);
    host.finish();
}

/// Sets the object's Refresh, ClientID, ClientSecret and OAuthURL for `sandbox`'s token server.
fn set_refresh_properties(host: &mut Host, sandbox: &Sandbox, refresh: &str) {
    for (property, value) in [
        ("Refresh", refresh),
        ("ClientID", sandbox::CLIENT_ID),
        ("ClientSecret", sandbox::CLIENT_SECRET),
        ("OAuthURL", &sandbox.oauth_url()),
    ] {
        let line = host.one(&format!("set {} {}", hex(property), Str(value).token()));
        assert_eq!(line.get("ok"), "1", "{property}: {line:?}");
    }
}

#[test]
fn the_refresh_property_keeps_its_token_when_a_call_refreshed_with_its_own() {
    let sandbox = start_sandbox();
    let (mut host, _) = Host::start();
    let objects = sandbox.issue_tokens();
    let callers = sandbox.issue_tokens();
    sandbox.expire_access_tokens();
    set_refresh_properties(&mut host, &sandbox, &objects.refresh_token);
    // Invoke with the call's own refresh token: the call's rotation is the caller's to store.
    let params = json!({
        "url": sandbox.portal_url(), "chat": "chat79", "text": "свой токен",
        "token": callers.access_token, "refresh": callers.refresh_token,
    });
    let answer = host.json("Invoke", &[Str("SendMessage"), Str(&params.to_string())]);
    assert!(answer["auth_refreshed"]["refresh_token"].is_string(), "{answer}");
    assert_eq!(sandbox.refreshes(), 1);
    let kept = host.one(&format!("get {}", hex("Refresh")));
    assert_eq!(kept.text("value"), objects.refresh_token, "the object's token was not the one used");
    host.finish();
}

#[test]
fn the_refresh_property_is_neither_spent_nor_replaced_by_a_call_for_another_portal() {
    let sandbox = start_sandbox();
    let other_portal = start_sandbox();
    let (mut host, _) = Host::start();
    let objects = sandbox.issue_tokens();
    set_refresh_properties(&mut host, &sandbox, &objects.refresh_token);
    // The object's first call with its Refresh is for its own portal.
    let send = |host: &mut Host, url: &str, token: &str| {
        host.json("SendMessage", &[Str(url), Str("chat80"), Str("x"), Str(""), Str(token)])
    };
    let answer = send(&mut host, &sandbox.portal_url(), &objects.access_token);
    assert!(answer["result"].is_u64(), "{answer}");
    // A call for another portal, whose token has expired.
    let others = other_portal.issue_tokens();
    other_portal.expire_access_tokens();
    let answer = send(&mut host, &other_portal.portal_url(), &others.access_token);
    assert_eq!(answer["error"], "expired_token", "{answer}");
    assert!(answer.get("auth_refreshed").is_none(), "{answer}");
    assert_eq!(sandbox.refreshes(), 0, "the object's refresh token was not spent on another portal");
    let sent: Vec<Option<String>> = other_portal.requests().into_iter().map(|r| r.auth).collect();
    assert_eq!(sent, [Some(others.access_token.clone())], "the other portal got only its own token");
    let kept = host.one(&format!("get {}", hex("Refresh")));
    assert_eq!(kept.text("value"), objects.refresh_token);
    host.finish();
}

#[test]
fn disk_methods_answer_by_both_names_and_upload_binary_data_to_a_storage() {
    let sandbox = start_sandbox();
    let (mut host, _) = Host::start();
    let url = sandbox.webhook_url();
    let storage = sandbox::SHARED_STORAGE as i32;
    let bytes = binary_bytes();
    // ЗагрузитьФайлВХранилище(URL, Name, File, StorageID, Rights, Token)
    let russian = host.json(
        "ЗагрузитьФайлВХранилище",
        &[Str(&url), Str("отчёт.bin"), Blob(&bytes), I4(storage), Str(""), Str("")],
    );
    let english =
        host.json("UploadFileToStorage", &[Str(&url), Str("copy.bin"), Blob(&bytes[..10]), I4(storage)]);
    let snapshot = sandbox.snapshot();
    let root = snapshot.storages[&sandbox::SHARED_STORAGE].root_folder_id;
    for (answer, name, content) in [(&russian, "отчёт.bin", &bytes[..]), (&english, "copy.bin", &bytes[..10])]
    {
        let id = answer["result"]["ID"].as_u64().unwrap_or_else(|| panic!("{answer}"));
        let file = &snapshot.files[&id];
        assert_eq!((file.folder_id, file.name.as_str(), file.bytes.as_slice()), (root, name, content));
    }
    for method in ["GetStorageObjects", "ПолучитьСодержимоеХранилища"] {
        let listed = host.json(method, &[Str(&url), I4(storage)]);
        let names: Vec<&str> =
            listed["result"].as_array().unwrap().iter().filter_map(|f| f["NAME"].as_str()).collect();
        assert_eq!(names, ["отчёт.bin", "copy.bin"], "{method}: {listed}");
    }
    host.finish();
}

#[test]
fn time_is_logged_on_a_task_and_the_work_day_closed_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let created = host.json("СоздатьЗадачу", &[Str(&url), Str(r#"{"TITLE": "Отгрузка №42"}"#)]);
    let task: u64 = created["result"]["task"]["id"].as_str().unwrap().parse().unwrap();

    // ДобавитьТрудозатратыЗадачи / AddTaskTimeAccounting(URL, TaskID, Time, UserID, Text,
    // SetupDate): the seconds as a 1C Number, the date as the ISO text XMLСтрока makes.
    let args = [Str(&url), I4(task as i32), R8(3600.0), Str(""), Str("Упаковка"), Str("2025-10-01T09:00:00")];
    let first = host.json("ДобавитьТрудозатратыЗадачи", &args);
    let second = host.json("addtasktimeaccounting", &[Str(&url), Str(&task.to_string()), Str("1800")]);
    assert!(first["result"].is_u64() && second["result"].is_u64(), "{first} {second}");
    let sent = sandbox.requests().into_iter().find(|r| r.rest_method == "task.elapseditem.add").unwrap();
    assert_eq!(
        sent.fields,
        json!({"TASKID": task.to_string(), "ARFIELDS": {"SECONDS": "3600", "COMMENT_TEXT": "Упаковка",
            "CREATED_DATE": "2025-10-01T09:00:00"}})
    );
    for name in ["ПолучитьСписокТрудозатратЗадачи", "GetTaskTimeAccountingList"]
    {
        let list = host.json(name, &[Str(&url), I4(task as i32)]);
        assert_eq!(list["total"], 2, "{name}: {list}");
    }
    assert_eq!(sandbox.record("tasks.task", task).unwrap()["timeSpentInLogs"], json!("5400"));

    // НачатьУчетВремени / StopTimekeeping: optional parameters left out.
    assert_eq!(host.json("НачатьУчетВремени", &[Str(&url)])["result"]["STATUS"], "OPENED");
    let closed = host.json("StopTimekeeping", &[Str(&url)]);
    assert_eq!(closed["result"]["STATUS"], "CLOSED", "{closed}");
    assert!(closed["result"]["TIME_FINISH"].is_string());
    let status = host.json("ПолучитьСтатусУчетаВремени", &[Str(&url), Str("")]);
    assert_eq!(status["result"]["STATUS"], "CLOSED");
    assert_eq!(sandbox.record("timeman.day", 1).unwrap()["STATUS"], json!("CLOSED"));
    host.finish();
}

#[test]
fn a_new_employee_and_their_department_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();

    // СоздатьПодразделение / CreateDepartment(URL, Name, ParentID, HeadID): ids as 1C Numbers.
    let sales = host.json("СоздатьПодразделение", &[Str(&url), Str("Продажи"), Str(""), I4(10)]);
    let sales = sales["result"].as_u64().unwrap_or_else(|| panic!("{sales}"));
    let east = host.json("CreateDepartment", &[Str(&url), Str("East"), R8(sales as f64), Str("638")]);
    let east = east["result"].as_u64().unwrap_or_else(|| panic!("{east}"));
    let record = sandbox.record("department", east).unwrap();
    assert_eq!((&record["PARENT"], &record["UF_HEAD"]), (&json!(sales.to_string()), &json!("638")));

    // СоздатьПользователя / CreateUser(URL, FieldsStructure): the fields as JSON text.
    let fields = json!({"EMAIL": "ivanov@example.org", "NAME": "Иван", "UF_DEPARTMENT": [sales]});
    let ivan = host.json("СоздатьПользователя", &[Str(&url), Str(&fields.to_string())]);
    let ivan = ivan["result"].as_u64().unwrap_or_else(|| panic!("{ivan}"));
    let second =
        host.json("createuser", &[Str(&url), Str(r#"{"EMAIL": "b@example.org", "UF_DEPARTMENT": 1}"#)]);
    let second = second["result"].as_u64().unwrap_or_else(|| panic!("{second}"));
    assert_eq!(sandbox.snapshot().users[&ivan].departments, [sales]);

    // ИзменитьСтатусПользователя / ChangeUserStatus(URL, UserID, Fire = True): fired by default.
    host.json("ИзменитьСтатусПользователя", &[Str(&url), I4(ivan as i32)]);
    host.json("ChangeUserStatus", &[Str(&url), Str(&second.to_string()), Bool(true)]);
    let users = sandbox.snapshot().users;
    assert!(!users[&ivan].active && !users[&second].active);
    let got = host.json("ПолучитьПользователя", &[Str(&url), I4(ivan as i32)]);
    assert_eq!(got["result"][0]["ACTIVE"], json!(false), "{got}");
    host.finish();
}

#[test]
fn a_bot_is_registered_and_reads_its_events_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let token = "token-of-the-1c-bot";
    // ЗарегистрироватьБота(URL, Code, Name, BotToken): twice, one bot.
    let first = host.json("ЗарегистрироватьБота", &[Str(&url), Str("bot_1c"), Str("Помощник"), Str(token)]);
    let again = host.json(
        "RegisterBot",
        &[Str(&url), Str("bot_1c"), Str("Other"), Str(token), Str(""), Str(""), Str("")],
    );
    let bot = first["result"]["bot"]["id"].as_u64().unwrap_or_else(|| panic!("{first}"));
    assert_eq!(again["result"]["bot"]["id"], bot, "{again}");
    sandbox.post_as(10, &bot.to_string(), "счёт").unwrap();
    // ПолучитьСобытияБота / GetBotEvents(URL, BotID, BotToken, Offset, Limit, Wait).
    let got =
        host.json("ПолучитьСобытияБота", &[Str(&url), R8(bot as f64), Str(token), Str(""), I4(10), I4(3)]);
    assert_eq!(got["result"]["events"][0]["data"]["message"]["text"], "счёт", "{got}");
    let next = got["result"]["nextOffset"].as_u64().unwrap();
    let rest = host.json("getbotevents", &[Str(&url), I4(bot as i32), Str(token), I4(next as i32)]);
    assert_eq!(rest["result"]["events"], json!([]), "{rest}");
    let answer = host.json(
        "ОтправитьСообщениеБота",
        &[Str(&url), I4(bot as i32), Str(token), Str("10"), Str("Счёт № 42")],
    );
    assert!(answer["result"]["id"].is_u64(), "{answer}");
    assert!(!answer.to_string().contains(token));
    host.finish();
}

#[test]
fn a_deal_and_a_meeting_by_russian_and_english_names_with_1c_dates() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    // СоздатьСделку(URL, FieldsStructure): a Structure comes as its JSON text.
    let created =
        host.json("СоздатьСделку", &[Str(&url), Str(r#"{"TITLE": "Реализация №7", "OPPORTUNITY": 1200}"#)]);
    let deal = created["result"].as_u64().unwrap_or_else(|| panic!("{created}"));
    let got = host.json("GetDeal", &[Str(&url), I4(deal as i32)]);
    assert_eq!(got["result"]["TITLE"], json!("Реализация №7"));
    let listed = host.json("ПолучитьСписокСделок", &[Str(&url), Str(r#"{"TITLE": "Реализация №7"}"#)]);
    assert_eq!(listed["total"], json!(1), "{listed}");

    let calendar = host
        .json("СоздатьКалендарь", &[Str(&url), Str(r#"{"type": "user", "ownerId": 1, "name": "Встречи"}"#)]);
    let section = calendar["result"].as_u64().unwrap_or_else(|| panic!("{calendar}"));
    let meeting = format!(
        r#"{{"type": "user", "ownerId": 1, "name": "Планёрка", "from": "2026-05-03T12:00:00", "to": "2026-05-03T13:00:00", "section": {section}, "is_meeting": "Y", "attendees": [1, 10]}}"#
    );
    let event = host.json("CreateCalendarEvent", &[Str(&url), Str(&meeting)]);
    assert!(event["result"].is_u64(), "{event}");
    // ПолучитьЗанятостьПользователей(URL, Users, StartDate, EndDate): the period as 1C Dates,
    // one as the platform passes it (VTYPE_TM), one as an OLE day count; sent as days.
    let busy = host.json(
        "ПолучитьЗанятостьПользователей",
        &[Str(&url), I4(10), Tm("2026-05-03T00:00:00"), Date(46146.0)],
    );
    assert_eq!(busy["result"]["10"].as_array().map(Vec::len), Some(1), "{busy}");
    let sent =
        sandbox.requests().into_iter().rev().find(|r| r.rest_method == "calendar.accessibility.get").unwrap();
    assert_eq!((&sent.fields["from"], &sent.fields["to"]), (&json!("2026-05-03"), &json!("2026-05-04")));
    // A Date where a date is not taken is refused, naming the parameter.
    let refused = host.json("GetDeal", &[Str(&url), Tm("2026-05-03T00:00:00")]);
    assert_eq!(refused["error"], json!("B24_INVALID_PARAMETER"), "{refused}");
    host.finish();
}

#[test]
fn the_work_day_opens_at_a_1c_date() {
    let sandbox = start_sandbox();
    let url = sandbox.webhook_url();
    let (mut host, _) = Host::start();
    let today = sandbox_today();
    // НачатьУчетВремени(URL, UserID, Time): the time as a 1C Date, sent in OPI's DateISOZ form.
    let opened = host.json("НачатьУчетВремени", &[Str(&url), I4(1), Tm(&format!("{today}T09:15:00"))]);
    assert_eq!(opened["result"]["STATUS"], json!("OPENED"), "{opened}");
    let sent = sandbox.requests().into_iter().rev().find(|r| r.rest_method == "timeman.open").unwrap();
    assert_eq!(sent.fields["TIME"], json!(format!("{today}T09:15:00Z")));
    host.finish();
}

/// Today's date (UTC), as the sandbox's clock has it.
fn sandbox_today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 86_400;
    // Civil date from days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[test]
fn a_whole_list_is_read_to_a_file_by_russian_and_english_names() {
    let sandbox = start_sandbox();
    sandbox.seed_records("crm.deal", 3_000, |n| {
        let mut deal = serde_json::Map::new();
        deal.insert("TITLE".into(), json!(format!("Сделка {n}")));
        deal
    });
    let (mut host, _) = Host::start();
    let dir = std::env::temp_dir().join(format!("b24-addin-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("сделки.jsonl");
    let path_text = path.to_str().unwrap();

    // ПолучитьВесьСписок(URL, Method, Params, File): every deal to the file, a line each.
    let answer = host.json(
        "ПолучитьВесьСписок",
        &[Str(&sandbox.webhook_url()), Str("GetDealsList"), Str(""), Str(path_text)],
    );
    assert_eq!(answer["result"]["rows"], json!(3_000), "{answer}");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 3_000);
    assert_eq!((&lines[0]["ID"], &lines[2_999]["TITLE"]), (&json!("1"), &json!("Сделка 2999")));

    // ListAll(URL, Method, Params, File, Token, Cursor): a page in the answer, then the rest.
    let params = json!({"filter": {">ID": 2_900}}).to_string();
    let page =
        host.json("listall", &[Str(&sandbox.webhook_url()), Str("crm.deal.list"), Str(&params), Str("")]);
    assert_eq!(page["result"].as_array().map(Vec::len), Some(100), "{page}");
    assert!(page.get("next").is_none(), "{page}");
    host.finish();
}
