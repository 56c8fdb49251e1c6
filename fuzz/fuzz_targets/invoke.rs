//! Every function's JSON input through the same path as b24_invoke, with the stub transport
//! that `--cfg fuzzing` puts in place of the network. Oracle: the answer is JSON, and no
//! panic was caught (B24_INTERNAL); the same input with its first key given twice is refused
//! (B24_INVALID_INPUT naming the key); and, once per function, an input one byte over the
//! size limit is refused before it is parsed.
#![no_main]

use bitrix24_ffi::functions::{self, input, invoke, Kind};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "setup.rs"]
mod setup;

fuzz_target!(|data: &[u8]| {
    setup::once();
    static LIMITS: std::sync::Once = std::sync::Once::new();
    LIMITS.call_once(size_limits_hold);
    let Some((&pick, rest)) = data.split_first() else { return };
    let names: Vec<&str> = functions::all().map(|function| function.name).collect();
    let name = names[pick as usize % names.len()];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Under `cfg(fuzzing)` a limit_dir writes nothing: the session leaves it out.
    let answer = invoke::invoke_named(name, text);
    let value: Value = serde_json::from_str(&answer).expect("every answer is JSON");
    assert_ne!(value.get("error").and_then(Value::as_str), Some("B24_INTERNAL"), "{name} {text} -> {answer}");
    if let Some((key, twice)) = with_first_key_twice(text) {
        let answer = invoke::invoke_named(name, &twice);
        let value: Value = serde_json::from_str(&answer).expect("every answer is JSON");
        assert_eq!(value["error"], "B24_INVALID_INPUT", "{name} {twice} -> {answer}");
        let description = value["error_description"].as_str().unwrap_or_default();
        assert!(description.contains(&format!("'{key}'")), "{name} {twice} -> {answer}");
    }
});

/// The input with its first key given again in front, when it is a JSON object with keys.
fn with_first_key_twice(text: &str) -> Option<(String, String)> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else { return None };
    let (key, value) = object.iter().next()?;
    let rest = text.trim_start().strip_prefix('{')?;
    Some((key.clone(), format!("{{{}:{value},{rest}", Value::String(key.clone()))))
}

/// Every function refuses an input one byte longer than its limit, before parsing it.
fn size_limits_hold() {
    for function in functions::all() {
        let files = function.accepted_params().filter(|param| param.kind == Kind::File).count();
        let most = input::MAX_INPUT_BYTES + files * input::MAX_FILE_INPUT_BYTES;
        let text = format!("{{}}{}", " ".repeat(most - 1));
        let answer = invoke::invoke_named(function.name, &text);
        assert!(answer.contains("B24_INVALID_INPUT") && answer.contains("at most"), "{}: {answer}", function.name);
    }
}
