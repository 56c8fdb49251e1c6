//! Batch encoding and decoding. Oracle: a command is the method and a query that the portal's
//! PHP-bracket decoding reads back to the same top-level keys; any answer splits into exactly
//! one item per call, each a result or an error.
#![no_main]

use bitrix24_ffi::rest::{batch, Request};
use bitrix24_ffi::sandbox::decode_form;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn has_content(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(has_content),
        Value::Object(map) => map.values().any(has_content),
        Value::Null => false,
        _ => true,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    if let Value::Object(fields) = &value {
        let request = Request::change("im.message.add", fields.clone());
        // A value a command cannot carry exactly is refused, naming the field.
        let command = match batch::command(&request) {
            Ok(command) => command,
            Err(why) => {
                assert!(why.starts_with("field ") || why.contains("variables"), "{why}");
                return;
            }
        };
        let query = command.strip_prefix("im.message.add").expect("the command starts with its method");
        let decoded = decode_form(query.trim_start_matches('?').as_bytes());
        // Names PHP would rewrite are refused; plain names are compared.
        for (key, field) in fields {
            let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if plain && has_content(field) {
                assert!(decoded.contains_key(key), "{key} lost: {command}");
            }
        }
    }
    let keys: Vec<String> = (0..3).map(|i| format!("c{i}")).collect();
    let items = batch::split(value, &keys);
    assert_eq!(items.len(), keys.len());
    for item in items {
        assert!(item.get("result").is_some() || item.get("error").is_some(), "{item}");
    }
});
