//! Every function's JSON input through the same path as b24_invoke, with the stub transport
//! that `--cfg fuzzing` puts in place of the network. Oracle: the answer is JSON, and no
//! panic was caught (B24_INTERNAL).
#![no_main]

use bitrix24_ffi::functions::{self, invoke};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    static SETUP: std::sync::Once = std::sync::Once::new();
    SETUP.call_once(|| {
        std::env::set_var("B24_RATE_LIMIT", "off");
        // The stub transport must be in place: a refused connection means real network.
        let probe = bitrix24_ffi::functions::invoke::invoke_named(
            "ServerTime",
            r#"{"url": "http://127.0.0.1:9/rest/1/probe/", "timeout": 1}"#,
        );
        assert!(!probe.contains("B24_CONNECTION_FAILED"), "the fuzz build reaches the network: {probe}");
    });
    let Some((&pick, rest)) = data.split_first() else { return };
    let names: Vec<&str> = functions::all().map(|function| function.name).collect();
    let name = names[pick as usize % names.len()];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // limit_dir would make the fuzzer create directories anywhere on the machine.
    let text = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut input)) => {
            input.remove("limit_dir");
            Value::Object(input).to_string()
        }
        _ => text.to_string(),
    };
    let answer = invoke::invoke_named(name, &text);
    let value: Value = serde_json::from_str(&answer).expect("every answer is JSON");
    assert_ne!(value.get("error").and_then(Value::as_str), Some("B24_INTERNAL"), "{name} {text} -> {answer}");
});
