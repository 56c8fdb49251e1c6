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

/// PHP reads at most this many variables from one query (`max_input_vars`) and drops the rest.
pub const MAX_VARS: usize = 1000;

/// PHP drops a variable with more bracket groups than this (`max_input_nesting_level`).
pub const MAX_BRACKETS: usize = 64;

/// `a=1&B[0][C]=x` that PHP's `parse_str` reads back as the portal would read the same fields
/// sent as a JSON body, by the README's rule: `true` is "1" and `false` is "" (PHP's own
/// `(string)` of them), numbers are their JSON text, a `null` member is left out. What has no
/// such form is refused with the field's path and why: an empty array or object, a `null` in a
/// list, a top-level name PHP rewrites (`.`, space, `[`), a name with `]` inside brackets, an
/// empty name, NUL in a name, more than [`MAX_BRACKETS`] levels or [`MAX_VARS`] variables.
pub fn encode_exact(fields: &Map<String, Value>) -> Result<String, Inexact> {
    let mut query = Query::default();
    let mut name = String::new();
    for (key, value) in fields {
        // An empty name is still a field: shown as `""`, since an empty path means the command.
        let shown = if key.is_empty() { "\"\"" } else { key.as_str() };
        if key.is_empty() || key.contains(['.', ' ', '[', '\0']) {
            return Err(Inexact::new(
                shown,
                "PHP rewrites a top-level name that is empty or has '.', ' ', '[' or NUL",
            ));
        }
        name.clear();
        percent_into(&mut name, key);
        exact(&mut name, shown, 0, value, &mut query)?;
    }
    if query.vars > MAX_VARS {
        return Err(Inexact {
            path: String::new(),
            why: format!("{} variables, more than the {MAX_VARS} PHP reads from one command", query.vars),
        });
    }
    Ok(query.text)
}

/// A query as it is written: its text, and how many variables it holds.
#[derive(Default)]
struct Query {
    text: String,
    vars: usize,
}

impl Query {
    /// Adds `name=value`; the name comes encoded, the value is encoded here.
    fn push(&mut self, name: &str, value: &str) {
        if self.vars > 0 {
            self.text.push('&');
        }
        self.text.push_str(name);
        self.text.push('=');
        percent_into(&mut self.text, value);
        self.vars += 1;
    }
}

/// Where a value has no exact query form, and why.
#[derive(Debug, PartialEq)]
pub struct Inexact {
    /// The field as PHP brackets name it, e.g. `FIELDS[TITLE]`; "" for the whole command.
    pub path: String,
    pub why: String,
}

impl Inexact {
    fn new(path: &str, why: &str) -> Inexact {
        Inexact { path: path.to_string(), why: why.to_string() }
    }
}

/// Writes `value` under `name` (encoded; it grows by a bracket group for each level and is
/// given back as it came), `shown` being the same name as the caller sees it.
fn exact(
    name: &mut String,
    shown: &str,
    brackets: usize,
    value: &Value,
    query: &mut Query,
) -> Result<(), Inexact> {
    let before = query.vars;
    let member = |key: &str, inner: &Value, name: &mut String, query: &mut Query| -> Result<(), Inexact> {
        if brackets == MAX_BRACKETS {
            return Err(Inexact::new(shown, "is nested deeper than the 64 levels PHP reads"));
        }
        let inner_shown = format!("{shown}[{key}]");
        if key.is_empty() || key.contains([']', '\0']) {
            return Err(Inexact::new(
                &inner_shown,
                "a name inside brackets must not be empty or have ']' or NUL",
            ));
        }
        let length = name.len();
        name.push_str("%5B");
        percent_into(name, key);
        name.push_str("%5D");
        let written = exact(name, &inner_shown, brackets + 1, inner, query);
        name.truncate(length);
        written
    };
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                member(key, inner, name, query)?;
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                if inner.is_null() {
                    return Err(Inexact::new(
                        &format!("{shown}[{index}]"),
                        "a null in a list has no query form",
                    ));
                }
                member(&index.to_string(), inner, name, query)?;
            }
        }
        Value::Null => return Ok(()),
        Value::Bool(flag) => query.push(name, if *flag { "1" } else { "" }),
        Value::Number(number) => query.push(name, &number.to_string()),
        Value::String(text) => query.push(name, text),
    }
    if query.vars == before {
        return Err(Inexact::new(shown, "an empty array or object (or one of nulls) has no query form"));
    }
    Ok(())
}

/// RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes.
pub fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_into(&mut out, text);
    out
}

/// [`percent`], appended to `out`.
fn percent_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
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
    fn exact_encoding_writes_what_php_reads_or_says_why_not() {
        let fields = json!({"T": true, "F": false, "N": null, "O": {"N": null, "a.b": 1.5}, "L": ["", 2]});
        assert_eq!(
            encode_exact(fields.as_object().unwrap()).unwrap(),
            "T=1&F=&O%5Ba.b%5D=1.5&L%5B0%5D=&L%5B1%5D=2"
        );
        for (fields, path) in [
            (json!({"E": []}), "E"),
            (json!({"O": {"N": null}}), "O"),
            (json!({"L": [1, null]}), "L[1]"),
            (json!({"a.b": 1}), "a.b"),
            // An empty name is a field too, never the whole command (the fuzzer's find).
            (json!({"": 5}), "\"\""),
            (json!({"O": {"a]": 1}}), "O[a]]"),
            (json!({"L": (0..1001).collect::<Vec<_>>()}), ""),
        ] {
            assert_eq!(encode_exact(fields.as_object().unwrap()).unwrap_err().path, path, "{fields}");
        }
    }

    #[test]
    fn reserved_and_non_ascii_characters_are_escaped() {
        assert_eq!(percent("a&b=c?d/é"), "a%26b%3Dc%3Fd%2F%C3%A9");
    }
}
