//! The built library as hosts see it: the checked-in header, the exported symbols, the C and
//! Python examples run against the sandbox (C under valgrind too), and how the .so is linked.

mod common;

use std::ffi::{c_char, CString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use bitrix24_ffi::functions;
use bitrix24_ffi::sandbox::{self, Sandbox};
use common::{crate_dir, have_tool, library_dir, library_path};
use serde_json::{json, Value};

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} did not start: {e}"));
    eprintln!(
        "{command:?}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Builds the C example; each test gets its own binary, since tests run in parallel and a
/// file being written cannot be executed.
fn c_example() -> PathBuf {
    static BUILT: AtomicUsize = AtomicUsize::new(0);
    let n = BUILT.fetch_add(1, Ordering::Relaxed);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("send_message_{}_{n}", std::process::id()));
    let status = run(Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-I"])
        .arg(crate_dir().join("include"))
        .arg(crate_dir().join("examples/c/send_message.c"))
        .arg("-L")
        .arg(library_dir())
        .arg("-lbitrix24_ffi")
        .arg(format!("-Wl,-rpath,{}", library_dir().display()))
        .arg("-o")
        .arg(&out))
    .status;
    assert!(status.success(), "the C example compiles cleanly against include/bitrix24.h");
    out
}

/// The message an example posted, with the two blocks the examples build.
fn assert_example_message(sandbox: &Sandbox, dialog: &str, text: &str) {
    let posted = sandbox.messages(dialog);
    assert_eq!(posted.len(), 1, "exactly one message reached the portal");
    assert_eq!(posted[0].message.as_deref(), Some(text));
    let attach = posted[0].attach.clone().expect("the blocks arrived as ATTACH");
    assert_eq!(attach[0]["IMAGE"]["NAME"], "Image");
    assert_eq!(attach[1]["FILE"]["NAME"], "Document.docx");
    assert_eq!(attach.as_array().map(Vec::len), Some(2));
}

#[test]
fn the_checked_in_header_matches_a_fresh_generation() {
    let fresh = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join("bitrix24.h")).unwrap();
    let checked_in = std::fs::read_to_string(crate_dir().join("include/bitrix24.h")).unwrap();
    assert!(
        fresh == checked_in,
        "include/bitrix24.h is stale: run `B24_WRITE_HEADER=1 cargo build` and commit it"
    );
}

/// Docs of a function name each key it takes, as `key`.
fn assert_names_every_parameter(doc: &str, function: &bitrix24_ffi::functions::Function, whose: &str) {
    for param in function.accepted_params() {
        assert!(doc.contains(&format!("`{}`", param.key)), "{whose} {} names `{}`", function.name, param.key);
    }
}

/// An exported symbol of a loaded library; a missing one fails the test.
fn symbol(handle: *mut std::ffi::c_void, name: &str) -> *mut std::ffi::c_void {
    let c_name = CString::new(name).unwrap();
    // SAFETY: looking a symbol up in a loaded library.
    let address = unsafe { libc::dlsym(handle, c_name.as_ptr()) };
    assert!(!address.is_null(), "{name} is exported");
    address
}

#[test]
fn every_table_function_is_declared_exported_and_invocable() {
    let header = std::fs::read_to_string(crate_dir().join("include/bitrix24.h")).unwrap();
    let path = CString::new(library_path().to_str().unwrap()).unwrap();
    // SAFETY: loading our own library, which has no load-time side effects beyond Rust's.
    let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW) };
    assert!(!handle.is_null(), "the .so loads");
    type Export = extern "C" fn(*const c_char) -> *mut c_char;
    // SAFETY: the exports have these C signatures (the header says so, checked above and below).
    let invoke: extern "C" fn(*const c_char, *const c_char) -> *mut c_char =
        unsafe { std::mem::transmute(symbol(handle, "b24_invoke")) };
    let free: unsafe extern "C" fn(*mut c_char) = unsafe { std::mem::transmute(symbol(handle, "b24_free")) };
    for function in functions::all() {
        let declaration = format!("char *{}(const char *params);", function.c_symbol);
        assert!(header.contains(&declaration), "{} is declared in the header", function.c_symbol);
        let doc_start = header.find(&declaration).unwrap();
        let doc = &header[..doc_start];
        let doc = &doc[doc.rfind("*params);").unwrap_or(0)..];
        assert_names_every_parameter(doc, function, "the header's doc of");
        // The library under test, not this test's own linked copy: its export and its
        // b24_invoke both refuse an unknown key by naming it, before anything is sent.
        let export: Export = unsafe { std::mem::transmute(symbol(handle, function.c_symbol)) };
        let name = CString::new(function.name).unwrap();
        let input = c"{\"no_such_key\": 1}";
        let answers = [export(input.as_ptr()), invoke(name.as_ptr(), input.as_ptr())];
        for answer in answers {
            // SAFETY: a NUL-terminated answer of the loaded library, released by its b24_free.
            let text = unsafe { std::ffi::CStr::from_ptr(answer) }.to_string_lossy().into_owned();
            unsafe { free(answer) };
            let answer: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(answer["error"], "B24_INVALID_PARAMETER", "{}: {answer}", function.name);
            assert_eq!(answer["parameter"], "no_such_key", "{}: {answer}", function.name);
        }
    }
    for symbol in ["b24_invoke", "b24_free", "b24_version"] {
        assert!(header.contains(&format!("{symbol}(")), "{symbol} is declared");
    }
}

#[test]
fn the_c_example_sends_through_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let output =
        run(Command::new(c_example()).env("B24_URL", sandbox.webhook_url()).env("B24_CHAT", "chat450"));
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("SendMessage: {\"result\""));
    assert_example_message(&sandbox, "chat450", "Message text");
}

#[test]
fn the_c_example_exits_non_zero_on_a_portal_error() {
    let sandbox = Sandbox::start().unwrap();
    let output = run(Command::new(c_example())
        .env("B24_URL", sandbox.portal_url())
        .env("B24_TOKEN", sandbox::EXPIRED_TOKEN)
        .env("B24_CHAT", "7"));
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("expired_token"));
}

#[test]
fn the_c_example_is_clean_under_valgrind() {
    if !have_tool("valgrind") {
        return;
    }
    let sandbox = Sandbox::start().unwrap();
    let output = run(Command::new("valgrind")
        .args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite",
        ])
        .arg(c_example())
        .env("B24_URL", sandbox.webhook_url())
        .env("B24_CHAT", "chat450"));
    let report = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "valgrind found errors");
    assert!(report.contains("ERROR SUMMARY: 0 errors"), "{report}");
    assert!(
        report.contains("definitely lost: 0 bytes") || report.contains("All heap blocks were freed"),
        "{report}"
    );
    assert_example_message(&sandbox, "chat450", "Message text");
}

#[test]
fn the_python_example_sends_through_the_sandbox() {
    if !have_tool("python3") {
        return;
    }
    let sandbox = Sandbox::start().unwrap();
    let text = "Сообщение с эмодзи 🚀 и \"кавычками\"";
    let output = run(Command::new("python3")
        .arg(crate_dir().join("examples/python/send_message.py"))
        .env("B24_LIB", library_path())
        .env("B24_URL", sandbox.portal_url())
        .env("B24_TOKEN", sandbox::TOKEN)
        .env("B24_CHAT", "sg3")
        .env("B24_TEXT", text));
    assert!(output.status.success());
    assert_example_message(&sandbox, "sg3", text);
    assert_eq!(sandbox.requests()[0].fields["auth"], json!(sandbox::TOKEN));
}

#[test]
fn the_library_needs_no_openssl_at_run_time() {
    if !have_tool("ldd") {
        return;
    }
    let output = run(Command::new("ldd").arg(library_path()));
    let needs = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(!needs.contains("libssl") && !needs.contains("libcrypto"), "{needs}");
}

#[test]
fn the_library_stays_mapped_once_loaded() {
    if !have_tool("readelf") {
        return;
    }
    let output = run(Command::new("readelf").arg("-d").arg(library_path()));
    let dynamic = String::from_utf8_lossy(&output.stdout);
    assert!(dynamic.contains("NODELETE"), "linked with -z nodelete: {dynamic}");
}

#[test]
fn the_docs_document_every_function_parameter_and_error_code() {
    let readme = std::fs::read_to_string(crate_dir().join("README.md")).unwrap();
    let reference = std::fs::read_to_string(crate_dir().join("docs/functions.md")).unwrap();
    for function in functions::all() {
        assert!(readme.contains(&format!("`{}`", function.c_symbol)), "README lists {}", function.name);
        let heading = format!("### {}\n", function.name);
        let start = reference
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/functions.md has no section {heading:?}"));
        let section = &reference[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        assert!(section.contains(&format!("`{}`", function.c_symbol)), "{} names its export", function.name);
        assert_names_every_parameter(section, function, "the reference's section on");
    }
    let header = std::fs::read_to_string(crate_dir().join("include/bitrix24.h")).unwrap();
    for code in bitrix24_ffi::error::CODES {
        assert!(header.contains(code), "the header's docs name {code}");
        assert!(readme.contains(&format!("| `{code}` |")), "README's error table has {code}");
    }
}

/// The command-line example, built by `cargo test` with the other examples (or here when a
/// filtered run skipped them).
fn oint() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its path");
    let profile = exe.parent().and_then(|deps| deps.parent()).expect("tests run from target/<profile>/deps");
    let binary = profile.join("examples/oint");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status =
            run(Command::new(cargo).args(["build", "--example", "oint"]).current_dir(crate_dir())).status;
        assert!(status.success());
    }
    binary
}

#[test]
fn the_command_line_sends_with_blocks_from_a_file_and_reports_errors_by_exit_code() {
    let sandbox = Sandbox::start().unwrap();
    let blocks = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("blocks_{}.json", std::process::id()));
    std::fs::write(&blocks, r#"[{"FILE": {"NAME": "a.txt", "LINK": "https://h/a.txt"}}]"#).unwrap();
    let output =
        run(Command::new(oint()).args(["bitrix24", "SendMessage", "--url", &sandbox.webhook_url()]).args([
            "--chat",
            "chat77",
            "--text",
            "from the command line",
            "--blocks",
            blocks.to_str().unwrap(),
            "--timeout",
            "5",
        ]));
    assert!(output.status.success());
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(printed["result"].is_u64(), "{printed}");
    let posted = sandbox.messages("chat77");
    assert_eq!(posted[0].message.as_deref(), Some("from the command line"));
    assert_eq!(posted[0].attach, Some(json!([{"FILE": {"NAME": "a.txt", "LINK": "https://h/a.txt"}}])));

    let refused = run(Command::new(oint()).args([
        "bitrix24",
        "SendMessage",
        "--url",
        &sandbox.webhook_url(),
        "--txt",
        "x",
    ]));
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("'txt'"));

    let help = run(Command::new(oint()).arg("--help"));
    assert!(help.status.success());
    for function in functions::all() {
        assert!(String::from_utf8_lossy(&help.stdout).contains(function.name));
        let options = run(Command::new(oint()).args(["bitrix24", function.name, "--help"]));
        let options = String::from_utf8_lossy(&options.stdout);
        for param in function.accepted_params() {
            assert!(
                options.contains(&format!("--{} ", param.key)),
                "oint {} --help lists --{}",
                function.name,
                param.key
            );
        }
    }
    assert_eq!(run(Command::new(oint()).args(["bitrix24", "NoSuch"])).status.code(), Some(2));
}

#[test]
fn oint_sends_a_file_from_a_path_and_reads_a_flag() {
    let sandbox = Sandbox::start().unwrap();
    let chat = sandbox.seed_chat(sandbox::CALLER, &[10], "oint");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("oint-file-{}.txt", std::process::id()));
    std::fs::write(&path, b"from the command line").unwrap();
    let sent = run(Command::new(oint())
        .args(["bitrix24", "SendFile", "--url", &sandbox.webhook_url(), "--chat"])
        .arg(chat.to_string())
        .arg("--file")
        .arg(&path)
        .args(["--rate_limit", "off"]));
    std::fs::remove_file(&path).unwrap();
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stdout));
    let snapshot = sandbox.snapshot();
    assert!(snapshot.files.values().any(|file| file.bytes.as_slice() == b"from the command line"));
    let hidden =
        run(Command::new(oint()).args(["bitrix24", "AddUsersToChat", "--url", &sandbox.webhook_url()]).args(
            ["--chat", &chat.to_string(), "--users", "[638, 640]", "--hide", "true", "--rate_limit", "off"],
        ));
    assert!(hidden.status.success(), "{}", String::from_utf8_lossy(&hidden.stdout));
    let added = sandbox.requests().into_iter().find(|r| r.rest_method == "im.chat.user.add").unwrap();
    assert_eq!(added.fields["HIDE_HISTORY"], "Y");
    assert_eq!(added.fields["USERS"], json!(["638", "640"]));
}
