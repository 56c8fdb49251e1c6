//! Every function's JSON input through the same path as b24_invoke, with the stub transport
//! that `--cfg fuzzing` puts in place of the network. Oracle: the answer is JSON, and no
//! panic was caught (B24_INTERNAL).
#![no_main]

use bitrix24_ffi::functions::{self, invoke};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "setup.rs"]
mod setup;

fuzz_target!(|data: &[u8]| {
    setup::once();
    let Some((&pick, rest)) = data.split_first() else { return };
    let names: Vec<&str> = functions::all().map(|function| function.name).collect();
    let name = names[pick as usize % names.len()];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Under `cfg(fuzzing)` a limit_dir writes nothing: the session leaves it out.
    let answer = invoke::invoke_named(name, text);
    let value: Value = serde_json::from_str(&answer).expect("every answer is JSON");
    assert_ne!(value.get("error").and_then(Value::as_str), Some("B24_INTERNAL"), "{name} {text} -> {answer}");
});
