//! The single table of functions, one file per OPI section. The C exports, `b24_invoke`, the
//! command-line example, the 1C add-in's methods and the function reference all come from
//! here, so adding a function is one entry in its section's `FUNCTIONS` plus the code that maps
//! its parameters to REST fields.

pub mod args;
mod auth;
mod blocks;
pub(crate) mod bots;
mod calendar;
mod call;
mod chats;
mod checklists;
mod comments;
mod crm;
pub(crate) mod dates;
mod departments;
mod dialogs;
mod disk;
mod events;
mod feed;
pub mod files;
pub mod input;
pub mod invoke;
mod kanban;
mod lists;
mod messages;
#[cfg(feature = "sandbox")]
pub(crate) use messages::V2_UPLOAD;
mod notifications;
mod params;
mod task_fields;
mod tasks;
mod timekeeping;
mod users;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::rest::list::ListShape;
use crate::rest::{Payload, Session, Verb};
use args::Args;

pub use params::{AUTH_OPTIONS, TRANSPORT_OPTIONS};

/// What a parameter accepts. Every kind also takes `null` or `""` (and, for kinds that take
/// JSON, an empty array or object, or the text of one) as "not given", the way OPI leaves out
/// values that are not filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON string.
    Text,
    /// An identifier: a string (`"chat450"`, `"450"`) or a whole non-negative number (`450`).
    Id,
    /// One identifier, or an array of them, or the JSON text of an array.
    Ids,
    /// `true` or `false` (also the texts "Y"/"N", "true"/"false"); sent as "Y" / "N".
    Flag,
    /// Attachment blocks: an array of block objects, one block object, or a JSON text of either.
    Blocks,
    /// A JSON object, or a JSON text of one.
    Object,
    /// A JSON object or array, or a JSON text of one (keyboards, menus).
    Structure,
    /// A JSON array, or a JSON text of one, whose items are read one at a time (Batch's calls):
    /// given as text, the items are parsed as they are used, never all at once.
    Calls,
    /// A file: a local path, or `{"name": ..., "base64": ...}`; in 1C also BinaryData.
    File,
    /// Files by name: a JSON object (or its text) of file name → file, each a path or
    /// `{"name", "base64"}`; at most 100 MB together.
    Files,
    /// A number of seconds, greater than zero.
    Seconds,
    /// A portal's request limit: "standard", "enterprise", "off" or {"burst": N, "per_second": X}.
    Rate,
    /// A date: ISO 8601 text (`2025-11-01T10:30:00`, or `2025-11-01`); in 1C also a Date.
    Date,
}

impl Kind {
    /// How the kind is written in docs and `--help`.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Id => "string or integer",
            Kind::Ids => "id or array of ids",
            Kind::Flag => "boolean",
            Kind::Blocks => "array of blocks, or its JSON text",
            Kind::Object => "object, or its JSON text",
            Kind::Structure => "object or array, or its JSON text",
            Kind::Calls => "array of calls, or its JSON text",
            Kind::File => "file: path or {name, base64}",
            Kind::Files => "object of file name -> file (path or {name, base64}), or its JSON text",
            Kind::Seconds => "number",
            Kind::Rate => "\"standard\", \"enterprise\", \"off\" or {burst, per_second}",
            Kind::Date => "date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01",
        }
    }
}

#[derive(Debug)]
pub struct Param {
    /// The key in the JSON input: OPI's CLI option name without `--`.
    pub key: &'static str,
    /// The parameter's name in OPI's signature, used by the 1C add-in and in messages.
    pub opi_name: &'static str,
    pub kind: Kind,
    pub presence: Presence,
    /// What "not given" means, for docs; the 1C add-in offers `""` for every optional one.
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Whether a parameter must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    /// Required unless the named parameter is given (SendMessage's text, unless blocks). OPI's
    /// signature gives it no default, so 1C code passes it, if only as "".
    RequiredUnless(&'static str),
    /// May be left out; OPI's signature gives it a default.
    Optional,
}

impl Param {
    /// Whether 1C code and OPI's signature may leave it out (it has a default).
    pub fn has_default(&self) -> bool {
        self.presence == Presence::Optional
    }
}

/// What a function does when called: the function says *what* to call, the transport
/// (`crate::rest`) decides *how*.
#[derive(Debug)]
pub enum Action {
    /// Built here, no request: the answer's JSON value.
    Local(fn(&Args) -> Result<Value>),
    /// One request of a REST method.
    Rest(Rest),
    /// Any REST method the caller names (Call).
    AnyRest,
    /// Several requests that depend on each other's answers (an upload, then a commit), so it
    /// can never go in a batch. `shown` names the methods for the docs.
    Plan { shown: &'static str, run: fn(Args, &Session) -> Result<String> },
    /// A request to the OAuth server rather than to a portal: the form fields.
    OAuth(fn(&Args) -> Result<Form>),
}

/// Fields of a form, in order: what the OAuth server takes.
pub type Form = Vec<(&'static str, String)>;

/// One REST request: the method's name lives here and nowhere else.
#[derive(Debug)]
pub struct Rest {
    pub method: &'static str,
    pub verb: Verb,
    /// Whether the request may be sent again after an uncertain failure (a timeout, a dropped
    /// connection): true only for reads, whose repetition changes nothing.
    pub repeatable: bool,
    pub fields: fn(&Args) -> Result<Payload>,
    /// For a method that answers a list in pages: how ListAll reads it whole.
    pub list: Option<&'static ListShape>,
}

#[derive(Debug)]
pub struct Function {
    /// OPI's name, used by `b24_invoke` and the 1C add-in (English).
    pub name: &'static str,
    /// The 1C add-in's Russian name, OPI's where it has one.
    pub name_ru: &'static str,
    /// The C export that runs this function.
    pub c_symbol: &'static str,
    pub section: &'static str,
    pub summary: &'static str,
    /// In OPI's order, which is also the 1C add-in's positional order.
    pub params: &'static [Param],
    pub action: Action,
    /// An answer as the portal (or the builder) gives it, for the reference.
    pub example: &'static str,
}

impl Function {
    pub fn makes_requests(&self) -> bool {
        !matches!(self.action, Action::Local(_))
    }

    /// Every key this function accepts: its own, then the transport options when it makes
    /// requests, then the means to refresh a token when it takes one.
    pub fn accepted_params(&self) -> impl Iterator<Item = &'static Param> {
        self.params.iter().chain(self.options().iter()).chain(self.auth_options().iter())
    }

    /// The transport options this function takes.
    pub fn options(&self) -> &'static [Param] {
        if self.makes_requests() {
            TRANSPORT_OPTIONS
        } else {
            &[]
        }
    }

    /// The keys that let the transport refresh an expired token, for functions with `token`.
    pub fn auth_options(&self) -> &'static [Param] {
        if self.params.iter().any(|param| param.key == "token") {
            AUTH_OPTIONS
        } else {
            &[]
        }
    }

    /// The REST method (or methods) behind the function, for docs.
    pub fn shown_method(&self) -> &'static str {
        match &self.action {
            Action::Local(_) => "local, no request",
            Action::Rest(rest) => rest.method,
            Action::AnyRest => "any REST method",
            Action::Plan { shown, .. } => shown,
            Action::OAuth(_) => "OAuth server: POST oauth/token/",
        }
    }
}

/// The sections in OPI's order; each lists its functions in OPI's order.
static SECTIONS: &[&[Function]] = &[
    messages::FUNCTIONS,
    blocks::FUNCTIONS,
    chats::FUNCTIONS,
    dialogs::FUNCTIONS,
    notifications::FUNCTIONS,
    auth::FUNCTIONS,
    feed::FUNCTIONS,
    disk::storages::FUNCTIONS,
    disk::folders::FUNCTIONS,
    disk::files::FUNCTIONS,
    tasks::FUNCTIONS,
    task_fields::FUNCTIONS,
    timekeeping::FUNCTIONS,
    checklists::FUNCTIONS,
    comments::FUNCTIONS,
    kanban::FUNCTIONS,
    departments::FUNCTIONS,
    users::FUNCTIONS,
    crm::FUNCTIONS,
    calendar::FUNCTIONS,
    bots::FUNCTIONS,
    events::FUNCTIONS,
    lists::FUNCTIONS,
    call::FUNCTIONS,
];

/// Every function, section by section.
pub fn all() -> impl Iterator<Item = &'static Function> {
    SECTIONS.iter().flat_map(|section| section.iter())
}

/// Looks a function up by its OPI name, ignoring ASCII case as 1C does.
pub fn find(name: &str) -> Option<&'static Function> {
    all().find(|function| function.name.eq_ignore_ascii_case(name))
}

/// The table entry behind a C export.
pub fn by_symbol(c_symbol: &str) -> Option<&'static Function> {
    all().find(|function| function.c_symbol == c_symbol)
}

/// What a family of functions shares: their section and parameters (the task actions that post
/// only `taskId`, the work-day functions of one user, ...). Each function of the family is then
/// its names, summary, action and example.
pub(crate) struct Shape {
    pub section: &'static str,
    pub params: &'static [Param],
}

impl Shape {
    pub(crate) const fn function(
        &self,
        name: &'static str,
        name_ru: &'static str,
        c_symbol: &'static str,
        summary: &'static str,
        action: Action,
        example: &'static str,
    ) -> Function {
        Function {
            name,
            name_ru,
            c_symbol,
            section: self.section,
            summary,
            params: self.params,
            action,
            example,
        }
    }
}

/// Fields that are given, in the order written; the ones not given are left out, as OPI does.
pub(crate) fn fields<const N: usize>(pairs: [(&str, Option<Value>); N]) -> Map<String, Value> {
    pairs.into_iter().filter_map(|(key, value)| Some((key.to_string(), value?))).collect()
}

/// The mapping of a function whose request has no fields of its own (only `auth`).
pub(crate) fn no_fields(_: &Args) -> Result<Payload> {
    Ok(Payload::default())
}

/// A POST that changes something on the portal: never repeated after an uncertain failure.
pub(crate) const fn change(method: &'static str, fields: fn(&Args) -> Result<Payload>) -> Action {
    Action::Rest(Rest { method, verb: Verb::Post, repeatable: false, fields, list: None })
}

/// A POST that only reads: repeating it after an uncertain failure changes nothing.
pub(crate) const fn read(method: &'static str, fields: fn(&Args) -> Result<Payload>) -> Action {
    Action::Rest(Rest { method, verb: Verb::Post, repeatable: true, fields, list: None })
}

/// A read of one page of a list; `shape` tells ListAll how to read the whole list.
pub(crate) const fn list(
    method: &'static str,
    fields: fn(&Args) -> Result<Payload>,
    shape: &'static ListShape,
) -> Action {
    Action::Rest(Rest { method, verb: Verb::Post, repeatable: true, fields, list: Some(shape) })
}

/// A read sent as a GET, its fields in the query (the `*.fields` methods, as OPI sends them).
pub(crate) const fn read_by_get(method: &'static str) -> Action {
    Action::Rest(Rest { method, verb: Verb::Get, repeatable: true, fields: no_fields, list: None })
}

/// A local builder's answer: OPI's keys, each with what it holds, or with "" when `empty`.
pub(crate) fn structure(keys: &[(&str, &str)], args: &Args) -> Value {
    let empty = args.flag("empty").unwrap_or(false);
    Value::Object(
        keys.iter()
            .map(|(key, meaning)| (key.to_string(), Value::from(if empty { "" } else { *meaning })))
            .collect(),
    )
}

/// A local builder's nested answer: `template` (JSON, OPI's keys in order, each leaf a meaning),
/// or the same shape with every leaf "" when `empty`.
pub(crate) fn nested_structure(template: &str, args: &Args) -> Value {
    fn cleared(value: Value) -> Value {
        match value {
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(key, value)| (key, cleared(value))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(cleared).collect()),
            _ => Value::from(""),
        }
    }
    let value = serde_json::from_str(template).unwrap_or(Value::Null);
    if args.flag("empty").unwrap_or(false) {
        cleared(value)
    } else {
        value
    }
}

/// The `empty` key of the local builders (OPI's Clear).
pub(crate) const EMPTY: Param =
    params::optional("empty", "Clear", Kind::Flag, "false", "true: every value is \"\"");

/// A chat id for the `im.chat.*` and disk methods, which take the bare number: `chat450`
/// (the form dialog methods take) is accepted too and sent as `450`.
pub(crate) fn chat_number(args: &Args) -> Option<Value> {
    let id = args.id("chat")?;
    let bare = id.strip_prefix("chat").filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    Some(Value::String(bare.unwrap_or(&id).to_string()))
}

/// An answer example: the method's result in the portal's envelope, with a shortened `time`.
/// The result is a literal or a macro that writes one (`concat!`, a family's example macros).
macro_rules! answer {
    ($result:expr) => {
        concat!(
            r#"{"result": "#,
            $result,
            r#", "time": {"start": 1761911870, "finish": 1761911870.43522, "duration": 0.435, "processing": 0, "operating_reset_at": 1761912470, "operating": 0}}"#
        )
    };
}
pub(crate) use answer;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_symbols_are_unique() {
        let functions: Vec<&Function> = all().collect();
        for (i, a) in functions.iter().enumerate() {
            for b in &functions[i + 1..] {
                assert!(!a.name.eq_ignore_ascii_case(b.name), "{}", a.name);
                assert_ne!(a.name_ru.to_lowercase(), b.name_ru.to_lowercase());
                assert_ne!(a.c_symbol, b.c_symbol);
            }
        }
    }

    #[test]
    fn c_symbols_are_the_opi_name_in_snake_case() {
        for function in all() {
            let mut snake = String::from("b24");
            for c in function.name.chars() {
                if c.is_ascii_uppercase() {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            assert_eq!(function.c_symbol, snake, "{}", function.name);
        }
    }

    #[test]
    fn parameters_with_defaults_come_last() {
        // 1C can only leave out trailing parameters.
        for function in all() {
            let first_optional = function.params.iter().position(Param::has_default);
            if let Some(first) = first_optional {
                assert!(function.params[first..].iter().all(Param::has_default), "{}", function.name);
            }
        }
    }

    #[test]
    fn a_conditional_parameter_names_one_of_the_same_function() {
        for function in all() {
            for param in function.params {
                if let Presence::RequiredUnless(other) = param.presence {
                    assert!(
                        function.params.iter().any(|p| p.key == other),
                        "{}.{}",
                        function.name,
                        param.key
                    );
                }
            }
        }
    }

    #[test]
    fn keys_are_unique_within_a_function() {
        for function in all() {
            let keys: Vec<&str> = function.accepted_params().map(|p| p.key).collect();
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(key), "{}.{key}", function.name);
            }
        }
    }

    #[test]
    fn every_example_is_json() {
        for function in all() {
            assert!(serde_json::from_str::<Value>(function.example).is_ok(), "{}", function.name);
        }
    }

    #[test]
    fn find_ignores_case() {
        assert_eq!(find("sendmessage").unwrap().c_symbol, "b24_send_message");
        assert!(find("SendMessages").is_none());
    }
}
