//! The examples for the other host languages, each built and run against the sandbox: Node.js
//! (koffi), Go (cgo), C# (Mono) and C++ (include/bitrix24.hpp, also under valgrind). Each test
//! checks what the sandbox received, what the example printed and its exit code, on success
//! and on a portal error.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use bitrix24_ffi::sandbox::{self, Sandbox};
use common::{assert_example_message, crate_dir, have_tool, library_dir, library_path, run_logged};

/// A text that needs escaping and is not ASCII, so that each example's JSON building is tested.
const TEXT: &str = "Сообщение с эмодзи 🚀, \"кавычками\", \\ и\tтабуляцией";

/// A folder of this test process under the cargo target tmpdir.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("host_languages_{}", std::process::id()));
    let dir = dir.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs an example against a fresh sandbox with B24_TEXT = TEXT, sending with the webhook URL
/// to `dialog`; checks the message the sandbox got and what the example printed.
fn assert_sends(example: &mut Command, dialog: &str) {
    let sandbox = Sandbox::start().unwrap();
    let output = run_logged(
        example.env("B24_URL", sandbox.webhook_url()).env("B24_CHAT", dialog).env("B24_TEXT", TEXT),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_example_message(&sandbox, dialog, TEXT);
    assert_printed(&output);
}

/// What every example prints, in order: the version, the two blocks, the portal's answer.
fn assert_printed(output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(lines[0], concat!("bitrix24-ffi ", env!("CARGO_PKG_VERSION")));
    assert!(lines[1].starts_with("GetPictureBlock: {\"IMAGE\":"), "{}", lines[1]);
    assert!(lines[2].starts_with("GetFileBlock: {\"FILE\":"), "{}", lines[2]);
    assert!(lines[3].starts_with("SendMessage: {\"result\":"), "{}", lines[3]);
}

/// Runs an example with a token the sandbox reports as expired: it prints the error and
/// exits with 1, and nothing is posted.
fn assert_reports_a_portal_error(example: &mut Command) {
    let sandbox = Sandbox::start().unwrap();
    let output = run_logged(
        example
            .env("B24_URL", sandbox.portal_url())
            .env("B24_TOKEN", sandbox::EXPIRED_TOKEN)
            .env("B24_CHAT", "7")
            .env_remove("B24_TEXT"),
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("SendMessage: {\"error\":\"expired_token\""), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("expired_token"));
    assert_eq!(sandbox.message_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Node.js with koffi

/// examples/node with its node_modules, installed from package-lock.json when missing.
fn node_example() -> Option<Command> {
    if !have_tool("node") || !have_tool("npm") {
        return None;
    }
    static INSTALLED: OnceLock<()> = OnceLock::new();
    let dir = crate_dir().join("examples/node");
    INSTALLED.get_or_init(|| {
        if !dir.join("node_modules/koffi").exists() {
            let output =
                run_logged(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir));
            assert!(output.status.success(), "npm ci installs koffi into examples/node/node_modules");
        }
    });
    let mut command = Command::new("node");
    command.arg(dir.join("send_message.js")).env("B24_LIB", library_path());
    Some(command)
}

#[test]
fn the_node_example_sends_through_the_sandbox() {
    if let Some(mut example) = node_example() {
        assert_sends(&mut example, "chat450");
    }
}

#[test]
fn the_node_example_exits_non_zero_on_a_portal_error() {
    if let Some(mut example) = node_example() {
        assert_reports_a_portal_error(&mut example);
    }
}

// ---------------------------------------------------------------------------------------------
// Go with cgo

/// examples/go built once per test process, with its Go cache and GOPATH under the cargo
/// target tmpdir (so it builds as root on a fresh machine) and no module downloads.
fn go_example() -> Option<Command> {
    if !have_tool("go") || !have_tool("cc") {
        return None;
    }
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let binary = BUILT.get_or_init(|| {
        let go = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go");
        let binary = scratch("go").join("send_message");
        let lib = library_dir();
        let output = run_logged(
            Command::new("go")
                .args(["build", "-o"])
                .arg(&binary)
                .arg(".")
                .current_dir(crate_dir().join("examples/go"))
                .env("GOCACHE", go.join("cache"))
                .env("GOPATH", go.join("path"))
                .env("GOFLAGS", "-mod=mod")
                .env("GOPROXY", "off")
                .env("GOTOOLCHAIN", "local")
                .env("CGO_ENABLED", "1")
                .env("CGO_LDFLAGS", format!("-L{0} -Wl,-rpath,{0}", lib.display())),
        );
        assert!(output.status.success(), "the Go example builds");
        binary
    });
    Some(Command::new(binary))
}

#[test]
fn the_go_example_sends_through_the_sandbox() {
    if let Some(mut example) = go_example() {
        assert_sends(&mut example, "sg3");
    }
}

#[test]
fn the_go_example_exits_non_zero_on_a_portal_error() {
    if let Some(mut example) = go_example() {
        assert_reports_a_portal_error(&mut example);
    }
}

// ---------------------------------------------------------------------------------------------
// C# with Mono

/// examples/csharp compiled once per test process with mcs, run with mono; the library is
/// found through LD_LIBRARY_PATH.
fn csharp_example() -> Option<Command> {
    if !have_tool("mcs") || !have_tool("mono") {
        return None;
    }
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let exe = BUILT.get_or_init(|| {
        let exe = scratch("csharp").join("send_message.exe");
        let output = run_logged(
            Command::new("mcs")
                .arg("-warnaserror+")
                .arg(format!("-out:{}", exe.display()))
                .arg(crate_dir().join("examples/csharp/SendMessage.cs")),
        );
        assert!(output.status.success(), "the C# example compiles without warnings");
        exe
    });
    let mut command = Command::new("mono");
    command.arg(exe).env("LD_LIBRARY_PATH", library_dir());
    Some(command)
}

#[test]
fn the_csharp_example_sends_through_the_sandbox() {
    if let Some(mut example) = csharp_example() {
        assert_sends(&mut example, "chat77");
    }
}

#[test]
fn the_csharp_example_exits_non_zero_on_a_portal_error() {
    if let Some(mut example) = csharp_example() {
        assert_reports_a_portal_error(&mut example);
    }
}

// ---------------------------------------------------------------------------------------------
// C++ with include/bitrix24.hpp

/// Compiles a C++17 program against include/ and the built library, warnings as errors and
/// without exceptions.
fn compile_cpp(source: &Path, binary: &Path) {
    let lib = library_dir();
    let output = run_logged(
        Command::new("c++")
            .args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-fno-exceptions", "-g", "-I"])
            .arg(crate_dir().join("include"))
            .arg(source)
            .arg("-L")
            .arg(&lib)
            .arg("-lbitrix24_ffi")
            .arg(format!("-Wl,-rpath,{}", lib.display()))
            .arg("-o")
            .arg(binary),
    );
    assert!(output.status.success(), "{} compiles cleanly with include/bitrix24.hpp", source.display());
}

fn cpp_example() -> Option<PathBuf> {
    if !have_tool("c++") {
        return None;
    }
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    Some(
        BUILT
            .get_or_init(|| {
                let binary = scratch("cpp").join("send_message");
                compile_cpp(&crate_dir().join("examples/cpp/send_message.cpp"), &binary);
                binary
            })
            .clone(),
    )
}

/// Runs `program` under valgrind, which must find no error and no definite leak.
fn valgrind(program: &Path) -> Command {
    let mut command = Command::new("valgrind");
    command
        .args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite",
        ])
        .arg(program);
    command
}

fn assert_valgrind_clean(output: &Output) {
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(report.contains("ERROR SUMMARY: 0 errors"), "{report}");
    assert!(
        report.contains("definitely lost: 0 bytes") || report.contains("All heap blocks were freed"),
        "{report}"
    );
}

#[test]
fn the_cpp_example_sends_through_the_sandbox() {
    if let Some(example) = cpp_example() {
        assert_sends(&mut Command::new(example), "chat450");
    }
}

#[test]
fn the_cpp_example_exits_non_zero_on_a_portal_error() {
    if let Some(example) = cpp_example() {
        assert_reports_a_portal_error(&mut Command::new(example));
    }
}

#[test]
fn the_cpp_example_is_clean_under_valgrind() {
    let Some(example) = cpp_example() else { return };
    if !have_tool("valgrind") {
        return;
    }
    let sandbox = Sandbox::start().unwrap();
    let output = run_logged(
        valgrind(&example)
            .env("B24_URL", sandbox.webhook_url())
            .env("B24_CHAT", "chat450")
            .env("B24_TEXT", TEXT),
    );
    assert_eq!(output.status.code(), Some(0), "valgrind found errors, or the example failed");
    assert_valgrind_clean(&output);
    assert_example_message(&sandbox, "chat450", TEXT);

    // The error path returns early with three answers alive: each is released all the same.
    let output = run_logged(
        valgrind(&example)
            .env("B24_URL", sandbox.portal_url())
            .env("B24_TOKEN", sandbox::EXPIRED_TOKEN)
            .env("B24_CHAT", "7"),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_valgrind_clean(&output);
}

/// The wrapper's own promises, checked by a small program: ownership (move only, moved-from
/// answers are empty and released once), has_error on tricky answers, quote's escaping.
const HPP_CHECKS: &str = r#"
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>

#include "bitrix24.hpp"

static_assert(!std::is_copy_constructible_v<b24::Answer>, "answers are not copied");
static_assert(!std::is_copy_assignable_v<b24::Answer>, "answers are not copied");
static_assert(std::is_nothrow_move_constructible_v<b24::Answer>, "answers move");
static_assert(std::is_nothrow_move_assignable_v<b24::Answer>, "answers move");

static int failures = 0;
#define CHECK(condition)                                                  \
    do {                                                                  \
        if (!(condition)) {                                               \
            std::printf("line %d: CHECK(%s) failed\n", __LINE__, #condition); \
            ++failures;                                                   \
        }                                                                 \
    } while (0)

int main() {
    CHECK(b24::has_error(R"({"error":"B24_TIMEOUT","error_description":"x"})"));
    CHECK(b24::has_error(" { \"result\" : [1, {\"a\": 2}], \"error\" :\n 1 }"));
    CHECK(b24::has_error(R"({"text":"a \" quote and a \\","error":"x"})"));
    CHECK(!b24::has_error(R"({"result":89982,"time":{"error":1}})"));
    CHECK(!b24::has_error(R"({"result":"error"})"));
    CHECK(!b24::has_error(R"({"result":["error"]})"));
    CHECK(!b24::has_error(R"({"result":"\"error\":"})"));
    CHECK(!b24::has_error(R"({"errors":1})"));
    CHECK(!b24::has_error(R"({"error)"));
    CHECK(!b24::has_error(""));

    CHECK(b24::quote("a\"b\\c\n\x01 Привет") == "\"a\\\"b\\\\c\\u000a\\u0001 Привет\"");
    CHECK(b24::quote("") == "\"\"");
    CHECK(b24::version() == b24_version());

    b24::Answer refused = b24::invoke("GetPictureBlock", "{}");
    CHECK(refused.has_error());
    CHECK(std::strstr(refused.c_str(), "B24_INVALID_PARAMETER") != nullptr);
    CHECK(b24::invoke("NoSuchFunction", "{}").has_error());

    b24::Answer block = b24::call(&b24_get_picture_block, R"({"title": "Image", "url": "https://h/p.jpg"})");
    CHECK(!block.has_error());
    CHECK(block.str() == R"({"IMAGE":{"NAME":"Image","LINK":"https://h/p.jpg"}})");

    b24::Answer moved = std::move(block);
    CHECK(block.view().empty() && block.str().empty() && !block.has_error());
    CHECK(moved.view().substr(0, 9) == R"({"IMAGE":)");
    moved = std::move(refused);  // releases the block answer it held
    CHECK(moved.has_error() && refused.view().empty());
    b24::Answer &same = moved;
    moved = std::move(same);  // a self-move keeps the answer
    CHECK(moved.has_error());

    std::printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
"#;

#[test]
fn the_cpp_wrapper_owns_answers_and_checks_errors() {
    if !have_tool("c++") {
        return;
    }
    let dir = scratch("cpp_checks");
    let source = dir.join("hpp_checks.cpp");
    std::fs::write(&source, HPP_CHECKS).unwrap();
    let binary = dir.join("hpp_checks");
    compile_cpp(&source, &binary);
    let output = if have_tool("valgrind") {
        let output = run_logged(&mut valgrind(&binary));
        assert_valgrind_clean(&output);
        output
    } else {
        run_logged(&mut Command::new(&binary))
    };
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 failures"));
}
