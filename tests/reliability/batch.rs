//! (issue 11) Batch sends exactly what a single call would. A single call sends a JSON body the
//! portal json_decodes; a batch command is a query string the portal reads with PHP's
//! `parse_str`, then substitutes `$result[...]`-like references in its values. The judge is PHP
//! itself: for a table of params, what `parse_str` makes of the batch command the sandbox
//! received must be what `json_decode` makes of the single call's body (by the README's rule
//! for "the same"), or the library must have refused the Batch before sending anything.

use std::io::Write;
use std::process::{Command, Stdio};

use bitrix24_ffi::sandbox::{Sandbox, CALLER};
use serde_json::{json, Value};

use super::common::{self, invoke};

/// A sandbox whose request limit this process does not keep.
fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Sent,
    Refused,
}

/// `{"L": {"a": {"a": ... "x"}}}` with `brackets` bracket groups in the batch query.
fn nested(brackets: usize) -> Value {
    let mut value = json!("x");
    for _ in 0..brackets {
        value = json!({ "a": value });
    }
    json!({ "L": value })
}

/// A list whose query has exactly `vars` variables.
fn list(vars: usize) -> Value {
    json!({ "L": (0..vars).collect::<Vec<usize>>() })
}

fn cases() -> Vec<(&'static str, Value, Expect)> {
    use Expect::{Refused, Sent};
    vec![
        ("plain", json!({"DIALOG_ID": "chat1", "MESSAGE": "hi"}), Sent),
        ("booleans", json!({"T": true, "F": false, "IN": {"T": true, "F": false}}), Sent),
        ("null members", json!({"N": null, "K": "x", "O": {"N": null, "K": 1}}), Sent),
        ("empty string", json!({"E": "", "IN": [""]}), Sent),
        ("integers", json!({"I": 42, "NEG": -7, "Z": 0, "MAX": i64::MAX, "MIN": i64::MIN}), Sent),
        ("big integer", json!({"U": u64::MAX}), Sent),
        ("floats", json!({"F": 1.5, "S": 0.1, "E": 1e300, "T": 1e-7, "W": 2.0, "N": -0.25}), Sent),
        (
            "reserved characters in values",
            json!({"A": "a&b=c%d+e f?g#h;i/j", "B": "при́вет 😀 ü", "C": "line\nbreak\ttab\r", "D": "a\u{0}b"}),
            Sent,
        ),
        (
            "reserved characters in nested keys",
            json!({"F": {"a.b": 1, "c d": 2, "e&f": 3, "g=h": 4, "i%j": 5, "k+l": 6, "ключ": 7, "x[y": 8, " lead": 9}}),
            Sent,
        ),
        (
            "reserved characters in top-level keys",
            json!({"a&b": 1, "c=d": 2, "e%f": 3, "g+h": 4, "ключ": 5, "x]y": 6}),
            Sent,
        ),
        (
            "lists and objects",
            json!({"L": [1, "two", [3], {"four": 4}], "O": {"0": "a", "1": "b"}, "P": {"5": "x"}}),
            Sent,
        ),
        ("1,000 variables", list(1000), Sent),
        ("64 bracket levels", nested(64), Sent),
        (
            "dollars without a reference",
            json!({"M": "costs $ 5, $next, $total, $result alone, $results [0], $[x]"}),
            Sent,
        ),
        ("empty list", json!({"A": []}), Refused),
        ("empty object", json!({"O": {}}), Refused),
        ("object of nulls", json!({"O": {"N": null}}), Refused),
        ("null in a list", json!({"L": [1, null, 2]}), Refused),
        ("dot in a top-level key", json!({"a.b": 1}), Refused),
        ("space in a top-level key", json!({"a b": 1}), Refused),
        ("bracket in a top-level key", json!({"a[b]": 1}), Refused),
        ("empty top-level key", json!({"": 1}), Refused),
        ("empty nested key", json!({"F": {"": 1}}), Refused),
        ("closing bracket in a nested key", json!({"F": {"a]b": 1}}), Refused),
        ("NUL in a key", json!({"F": {"a\u{0}b": 1}}), Refused),
        ("1,001 variables", list(1001), Refused),
        ("65 bracket levels", nested(65), Refused),
        ("a result reference", json!({"M": "costs $result[c0] or $next"}), Refused),
        ("a reference in other case", json!({"F": {"X": "$RESULT[x]"}}), Refused),
        ("a next reference", json!({"L": ["$next[c0]"]}), Refused),
        ("a total reference", json!({"M": "n=$result_total[c0]"}), Refused),
        ("a time reference", json!({"M": "$time[c0][start]"}), Refused),
        ("an error reference", json!({"M": "$error[c0]"}), Refused),
    ]
}

/// The body of the last request the sandbox received, and how many it received.
fn last_body(sandbox: &Sandbox) -> (usize, String) {
    let requests = sandbox.requests();
    let body = requests.last().map(|request| String::from_utf8_lossy(&request.body).into_owned());
    (requests.len(), body.unwrap_or_default())
}

/// Runs PHP once over every case: `{"single": body, "cmd": command}` in, one verdict out each.
const JUDGE: &str = r#"
$cases = json_decode(stream_get_contents(STDIN));
// What the portal sees of a single call's JSON value, by the README's rule: numbers and
// booleans as PHP's (string) makes them (floats compared as numbers), null members left out.
// A null in a list stays null, which no query can give.
function portal_view($v) {
    if ($v instanceof stdClass) {
        $out = [];
        foreach ($v as $k => $x) { if ($x !== null) { $out[$k] = portal_view($x); } }
        return $out;
    }
    if (is_array($v)) { return array_map('portal_view', $v); }
    if (is_bool($v) || is_int($v)) { return (string)$v; }
    return $v;
}
function same($single, $batch) {
    if (is_float($single)) { return is_string($batch) && is_numeric($batch) && (float)$batch === $single; }
    if (is_array($single)) {
        if (!is_array($batch) || array_keys($single) !== array_keys($batch)) { return false; }
        foreach ($single as $k => $x) { if (!same($x, $batch[$k])) { return false; } }
        return true;
    }
    return $single === $batch;
}
$out = [];
foreach ($cases as $case) {
    $url = parse_url($case->cmd);
    $parsed = [];
    if (isset($url['query'])) { parse_str($url['query'], $parsed); }
    $single = portal_view(json_decode($case->single, false, 512, JSON_THROW_ON_ERROR));
    $out[] = ['same' => same($single, $parsed), 'method' => $url['path'] ?? null,
              'single' => $single, 'batch' => $parsed];
}
echo json_encode($out, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
"#;

fn php_judge(cases: &[Value]) -> Vec<Value> {
    let mut child = Command::new("php")
        .args([
            "-n",
            "-d",
            "max_input_vars=1000",
            "-d",
            "max_input_nesting_level=64",
            "-d",
            "error_reporting=0",
        ])
        .args(["-r", JUDGE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("php starts");
    child.stdin.take().unwrap().write_all(Value::Array(cases.to_vec()).to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "php failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("php's verdict is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

#[test]
fn raw_params_in_a_batch_reach_php_as_the_single_call_sends_them_or_are_refused() {
    if !common::have_tool("php") {
        return;
    }
    let sandbox = start();
    let url = sandbox.webhook_url();
    let mut sent = Vec::new();
    let mut problems = Vec::new();
    for (name, params, expect) in cases() {
        sandbox.clear();
        invoke("Call", &json!({"url": url, "method": "test.echo", "params": params}));
        let (count, single) = last_body(&sandbox);
        assert_eq!(count, 1, "{name}: the single call reached the portal");

        sandbox.clear();
        let answer =
            invoke("Batch", &json!({"url": url, "calls": [{"method": "test.echo", "params": params}]}));
        let (count, batch) = last_body(&sandbox);
        if answer["error"] == "B24_INVALID_PARAMETER" {
            assert_eq!(count, 0, "{name}: a refused batch sent nothing");
            let why = answer["error_description"].as_str().unwrap_or("");
            assert!(why.contains("item 0"), "{name}: the refusal names the call: {why}");
            if expect == Expect::Sent {
                problems.push(format!("{name}: refused, but it can be sent exactly: {why}"));
            }
            continue;
        }
        assert!(answer["result"].is_array(), "{name}: {answer}");
        assert_eq!(count, 1, "{name}: one batch request");
        let body: Value = serde_json::from_str(&batch).unwrap_or_else(|e| panic!("{name}: {e}: {batch}"));
        let command = body["cmd"]["c0"].as_str().unwrap_or_else(|| panic!("{name}: no command in {body}"));
        if expect == Expect::Refused {
            problems.push(format!("{name}: sent, but should be refused: {command:.300}"));
        }
        sent.push((name, json!({"single": single, "cmd": command})));
    }
    let verdicts = php_judge(&sent.iter().map(|(_, case)| case.clone()).collect::<Vec<_>>());
    assert_eq!(verdicts.len(), sent.len());
    for ((name, _), verdict) in sent.iter().zip(&verdicts) {
        assert_eq!(verdict["method"], "test.echo", "{name}: {verdict}");
        if verdict["same"] != true {
            let shown = verdict.to_string();
            problems.push(format!("{name}: PHP reads the batch command differently: {shown:.600}"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// A chat of the caller, and the dialog id of it.
fn chat(sandbox: &Sandbox) -> String {
    format!("chat{}", sandbox.seed_chat(CALLER, &[CALLER, 10], "Prices"))
}

/// SendMessage text through Batch: a text the portal would substitute refuses the whole
/// Batch before anything is sent, naming the call, the field and the reference; texts with a
/// `$` that is no reference arrive as written.
#[test]
fn user_text_in_a_batch_arrives_as_written_or_the_batch_is_refused_naming_the_call() {
    let sandbox = start();
    sandbox.clear();
    let dialog = chat(&sandbox);
    let send = |text: &str| json!({"function": "SendMessage", "params": {"chat": dialog, "text": text}});
    let answer = invoke(
        "Batch",
        &json!({"url": sandbox.webhook_url(), "calls": [send("first"), send("costs $result[c0] or $next")]}),
    );
    assert_eq!(answer["error"], "B24_INVALID_PARAMETER", "{answer}");
    assert_eq!(answer["parameter"], "calls", "{answer}");
    let why = answer["error_description"].as_str().unwrap();
    assert!(why.contains("item 1") && why.contains("MESSAGE") && why.contains("$result[c0]"), "{why}");
    assert!(sandbox.requests().is_empty(), "nothing was sent: {} requests", sandbox.requests().len());
    assert!(sandbox.messages(&dialog).is_empty());

    let texts = ["first", "costs $ 5, $next, $total and $time", "$result alone, $results [0], $[c0], 100$"];
    let calls: Vec<Value> = texts.iter().map(|text| send(text)).collect();
    let answer = invoke("Batch", &json!({"url": sandbox.webhook_url(), "calls": calls}));
    assert!(answer["result"].as_array().unwrap().iter().all(|item| item["result"].is_u64()), "{answer}");
    let posted: Vec<Option<String>> = sandbox.messages(&dialog).into_iter().map(|m| m.message).collect();
    assert_eq!(posted, texts.iter().map(|t| Some(t.to_string())).collect::<Vec<_>>());
}

/// The sandbox substitutes like the portal: in the decoded values, so percent-encoding the
/// `$` is no escape; a whole-value reference takes the referenced value as it is.
#[test]
fn the_sandbox_substitutes_references_in_decoded_values_like_the_portal() {
    let sandbox = start();
    sandbox.clear();
    let dialog = chat(&sandbox);
    let cmd = json!({
        "first": format!("im.message.add?DIALOG_ID={dialog}&MESSAGE=one"),
        "second": format!("im.message.add?DIALOG_ID={dialog}&MESSAGE=after%20%24result%5Bfirst%5D%20and%20%24Next"),
    });
    let answer = common::call(
        common::ffi::b24_call,
        &json!({"url": sandbox.webhook_url(), "method": "batch", "params": {"halt": 0, "cmd": cmd}}),
    );
    let first = answer["result"]["result"]["first"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let posted: Vec<Option<String>> = sandbox.messages(&dialog).into_iter().map(|m| m.message).collect();
    assert_eq!(posted, [Some("one".to_string()), Some(format!("after {first} and $Next"))]);
}
