//! Turns a request's query string and body into one JSON object of parameters, the way the
//! portal's PHP sees them: JSON bodies as they are, form-urlencoded bodies and query strings
//! decoded with PHP's bracket syntax (`A[0][B]=x` is `{"A": [{"B": "x"}]}`).

use std::collections::HashMap;

use serde_json::{Map, Value};

/// PHP's default `max_input_nesting_level`: a name with more bracket groups is dropped, as PHP
/// drops it (64 groups are read).
const MAX_NESTING: usize = 64;

/// The parameters of one request, or why the body could not be read.
pub(crate) struct Fields {
    pub fields: Value,
    pub body_error: Option<String>,
}

/// Query fields overlaid by body fields, as PHP's `$_REQUEST` would merge them.
pub(crate) fn request_fields(query: &str, content_type: &str, body: &[u8]) -> Fields {
    let mut fields = decode_form(query.as_bytes());
    let body_error = match decode_body(content_type, body) {
        Ok(body_fields) => {
            fields.extend(body_fields);
            None
        }
        Err(reason) => Some(reason),
    };
    Fields { fields: Value::Object(fields), body_error }
}

fn decode_body(content_type: &str, body: &[u8]) -> Result<Map<String, Value>, String> {
    let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let looks_like_json =
        body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b == b'{' || b == b'[');
    match media_type.as_str() {
        "application/x-www-form-urlencoded" => Ok(decode_form(body)),
        "application/json" => decode_json(body),
        t if t.ends_with("+json") => decode_json(body),
        t if t.starts_with("multipart/") => Err("multipart bodies are not supported by the sandbox".into()),
        _ if looks_like_json => decode_json(body),
        _ => Ok(decode_form(body)),
    }
}

fn decode_json(body: &[u8]) -> Result<Map<String, Value>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the JSON body must be an object".into()),
        Err(e) => Err(format!("the body is not valid JSON: {e}")),
    }
}

/// Decodes `a=1&B[x][]=2` into a JSON object of strings, arrays and objects.
pub fn decode_form(input: &[u8]) -> Map<String, Value> {
    let mut root = Branch::default();
    for pair in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (&pair[..eq], &pair[eq + 1..]),
            None => (pair, &b""[..]),
        };
        let name = percent_decode(raw_name);
        if let Some(path) = parse_name(&name) {
            root.insert(&path, percent_decode(raw_value));
        }
    }
    root.into_object()
}

/// One step of a bracketed name: `[key]` or the appending `[]`.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Append,
}

/// Splits `A[0][B]` into steps. Like PHP: leading spaces of a name are dropped and `.` or ` `
/// before its first `[` become `_`; a name must not start with `[`, text after the last `]` is
/// ignored, and an unclosed first `[` becomes `_` in a plain key (`A[b` is `A_b`).
fn parse_name(name: &str) -> Option<Vec<Step>> {
    let name = name.trim_start_matches(' ');
    let top = |text: &str| text.replace([' ', '.'], "_");
    let Some(open) = name.find('[') else {
        return (!name.is_empty()).then(|| vec![Step::Key(top(name))]);
    };
    if open == 0 {
        return None;
    }
    if !name[open..].contains(']') {
        return Some(vec![Step::Key(format!("{}_{}", top(&name[..open]), &name[open + 1..]))]);
    }
    let mut steps = vec![Step::Key(top(&name[..open]))];
    let mut rest = &name[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        steps.push(match &inner[..close] {
            "" => Step::Append,
            key => Step::Key(key.to_string()),
        });
        rest = &inner[close + 1..];
    }
    (steps.len() <= MAX_NESTING + 1).then_some(steps)
}

enum Node {
    Leaf(String),
    Branch(Branch),
}

/// A PHP array under construction: keys keep their first-insertion order, and `[]` appends
/// at one past the largest integer key, as in PHP.
#[derive(Default)]
struct Branch {
    order: Vec<String>,
    children: HashMap<String, Node>,
    next_index: u64,
}

impl Branch {
    fn insert(&mut self, path: &[Step], value: String) {
        let Some((step, rest)) = path.split_first() else {
            return;
        };
        let key = match step {
            Step::Key(key) => key.clone(),
            Step::Append => self.next_index.to_string(),
        };
        if let Some(index) = array_index(&key) {
            self.next_index = self.next_index.max(index.saturating_add(1));
        }
        if !self.children.contains_key(&key) {
            self.order.push(key.clone());
        }
        if rest.is_empty() {
            self.children.insert(key, Node::Leaf(value));
            return;
        }
        let child = self.children.entry(key).or_insert_with(|| Node::Branch(Branch::default()));
        if let Node::Leaf(_) = child {
            // PHP lets a later `A[x]=..` replace an earlier scalar `A=..`.
            *child = Node::Branch(Branch::default());
        }
        if let Node::Branch(branch) = child {
            branch.insert(rest, value);
        }
    }

    fn into_object(mut self) -> Map<String, Value> {
        self.order
            .iter()
            .filter_map(|key| Some((key.clone(), self.children.remove(key)?.into_value())))
            .collect()
    }

    /// Keys that are exactly 0..n become a JSON array, as PHP's json_encode would show a
    /// list; anything else stays an object.
    fn into_value(mut self) -> Value {
        let len = self.order.len();
        let is_list = self.order.iter().all(|key| array_index(key).is_some_and(|i| i < len as u64));
        if !is_list {
            return Value::Object(self.into_object());
        }
        let mut items: Vec<(u64, Value)> = self
            .children
            .drain()
            .filter_map(|(key, node)| Some((array_index(&key)?, node.into_value())))
            .collect();
        items.sort_by_key(|(index, _)| *index);
        Value::Array(items.into_iter().map(|(_, value)| value).collect())
    }
}

impl Node {
    fn into_value(self) -> Value {
        match self {
            Node::Leaf(text) => Value::String(text),
            Node::Branch(branch) => branch.into_value(),
        }
    }
}

/// PHP treats only canonical decimal integers as integer keys: "01" stays a string key.
fn array_index(key: &str) -> Option<u64> {
    let canonical =
        !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) && (key == "0" || !key.starts_with('0'));
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}

/// `+` is a space and `%XX` a byte; a `%` not followed by two hex digits stays as it is.
/// Invalid UTF-8 is replaced rather than refused, so no input is ever an error.
pub(crate) fn percent_decode(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => match (input.get(i + 1).and_then(hex), input.get(i + 2).and_then(hex)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn hex(digit: &u8) -> Option<u8> {
    (*digit as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(input: &str) -> Value {
        Value::Object(decode_form(input.as_bytes()))
    }

    #[test]
    fn brackets_build_nested_arrays_and_objects() {
        assert_eq!(
            form("DIALOG_ID=chat1&ATTACH[0][IMAGE][NAME]=a&ATTACH[0][IMAGE][LINK]=http%3A%2F%2Fx&ATTACH[1][MESSAGE]=hi"),
            json!({"DIALOG_ID": "chat1", "ATTACH": [{"IMAGE": {"NAME": "a", "LINK": "http://x"}}, {"MESSAGE": "hi"}]})
        );
    }

    #[test]
    fn empty_brackets_append() {
        assert_eq!(form("USERS[]=1&USERS[]=2&USERS[]=3"), json!({"USERS": ["1", "2", "3"]}));
        assert_eq!(form("A[5]=x&A[]=y"), json!({"A": {"5": "x", "6": "y"}}));
    }

    #[test]
    fn only_contiguous_integer_keys_make_an_array() {
        assert_eq!(form("A[1]=b&A[0]=a"), json!({"A": ["a", "b"]}));
        assert_eq!(form("A[0]=a&A[2]=c"), json!({"A": {"0": "a", "2": "c"}}));
        assert_eq!(form("A[00]=a"), json!({"A": {"00": "a"}}));
        assert_eq!(form("A[x]=a"), json!({"A": {"x": "a"}}));
    }

    #[test]
    fn plus_and_percent_escapes_decode_and_bad_escapes_survive() {
        assert_eq!(form("M=a+b%20c%zz%4"), json!({"M": "a b c%zz%4"}));
        assert_eq!(form("M=%D0%BF%D1%80%D0%B8"), json!({"M": "при"}));
        assert_eq!(form("M=%FF"), json!({"M": "\u{FFFD}"}));
        assert_eq!(form("A%5B0%5D=x"), json!({"A": ["x"]}));
    }

    #[test]
    fn odd_names_follow_php() {
        assert_eq!(form("[x]=1&=2&&flag"), json!({"flag": ""}));
        assert_eq!(form("A[b=1"), json!({"A_b": "1"}));
        assert_eq!(
            form("a.b=1&c%20d=2&%20%20e=3&f.g[h.i]=4"),
            json!({"a_b": "1", "c_d": "2", "e": "3", "f_g": {"h.i": "4"}})
        );
        assert_eq!(form("A[b]tail=1"), json!({"A": {"b": "1"}}));
        assert_eq!(form("A=1&A[b]=2"), json!({"A": {"b": "2"}}));
        assert_eq!(form("A[b]=2&A=1"), json!({"A": "1"}));
    }

    #[test]
    fn excessive_nesting_is_dropped() {
        let deepest = format!("A{}=x", "[a]".repeat(MAX_NESTING));
        assert!(form(&deepest).get("A").is_some(), "64 bracket groups are read, as PHP reads them");
        let deep = format!("A{}=x&B=y", "[a]".repeat(MAX_NESTING + 5));
        assert_eq!(form(&deep), json!({"B": "y"}));
    }

    #[test]
    fn body_fields_override_query_fields() {
        let parsed = request_fields("auth=q&A=1", "application/json", br#"{"A": 2}"#);
        assert_eq!(parsed.fields, json!({"auth": "q", "A": 2}));
        assert!(parsed.body_error.is_none());
    }

    #[test]
    fn bad_json_is_reported_not_fatal() {
        let parsed = request_fields("auth=q", "application/json", b"{nope");
        assert_eq!(parsed.fields, json!({"auth": "q"}));
        assert!(parsed.body_error.is_some());
        assert!(request_fields("", "application/json", b"[1]").body_error.is_some());
        assert!(request_fields("", "application/json", b"").body_error.is_none());
    }
}
