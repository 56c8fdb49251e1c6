//! Fields as a URL query the way the portal's PHP reads one: nested values with brackets
//! (`ATTACH[0][IMAGE][NAME]=x`). Used for GET requests and for the commands of a batch.

use serde_json::{Map, Value};

/// `a=1&B[0][C]=x`, every name and value percent-encoded.
pub fn encode(fields: &Map<String, Value>) -> String {
    let mut pairs = Vec::new();
    for (key, value) in fields {
        flatten(percent(key), value, &mut pairs);
    }
    pairs.join("&")
}

fn flatten(name: String, value: &Value, pairs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                flatten(format!("{name}%5B{}%5D", percent(key)), inner, pairs);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                flatten(format!("{name}%5B{index}%5D"), inner, pairs);
            }
        }
        Value::String(text) => pairs.push(format!("{name}={}", percent(text))),
        // PHP sees every query value as text; booleans as Y/N would change meaning, so they go
        // as JSON writes them, as do numbers.
        Value::Null => pairs.push(format!("{name}=")),
        other => pairs.push(format!("{name}={}", percent(&other.to_string()))),
    }
}

/// RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes.
pub fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nested_fields_use_php_brackets() {
        let fields = json!({"DIALOG_ID": "chat1", "ATTACH": [{"IMAGE": {"NAME": "a b"}}], "N": 5, "E": null});
        assert_eq!(
            encode(fields.as_object().unwrap()),
            "DIALOG_ID=chat1&ATTACH%5B0%5D%5BIMAGE%5D%5BNAME%5D=a%20b&N=5&E="
        );
    }

    #[test]
    fn reserved_and_non_ascii_characters_are_escaped() {
        assert_eq!(percent("a&b=c?d/é"), "a%26b%3Dc%3Fd%2F%C3%A9");
    }
}
