//! The add-in's methods and properties. Methods are the function table's entries, in its
//! order, plus Invoke; nothing here names a table function, so a new entry appears in 1C
//! without add-in code.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::functions::{self as table, invoke, Function, Kind, Param, Presence};
use crate::rest::PerProcess;

pub struct Method {
    pub name: &'static str,
    pub name_ru: &'static str,
    /// In 1C's positional order.
    pub params: &'static [Param],
    target: Target,
}

enum Target {
    Function(&'static Function),
    /// Runs any table function by name with a JSON text.
    Invoke,
}

/// Invoke's parameters, described the way the table describes the others so that defaults,
/// counts and error messages work alike.
static INVOKE_PARAMS: &[Param] = &[
    Param {
        key: "function",
        opi_name: "Function",
        kind: Kind::Text,
        presence: Presence::Required,
        default: "",
        meaning: "OPI name of a function, e.g. SendMessage",
    },
    Param {
        key: "params",
        opi_name: "Params",
        kind: Kind::Object,
        presence: Presence::Required,
        default: "",
        meaning: "the function's parameters as a JSON text, keyed as in the C API",
    },
];

pub static METHODS: PerProcess<Vec<Method>> = PerProcess::new(|| {
    let functions = table::all().map(|function| Method {
        name: function.name,
        name_ru: function.name_ru,
        params: function.params,
        target: Target::Function(function),
    });
    let invoke =
        Method {
            name: "Invoke", name_ru: "Выполнить", params: INVOKE_PARAMS, target: Target::Invoke
        };
    functions.chain([invoke]).collect()
});

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Property {
    Version,
    Timeout,
    /// A text the object passes with every call that takes its key, unless the call names
    /// its own: the request limit, and the means to renew an expired token.
    Setting(Setting),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Setting {
    /// The JSON key it stands for, as in the C API.
    pub key: &'static str,
    pub names: [&'static str; 2],
    /// A secret is written, never read back.
    pub readable: bool,
}

const fn setting(key: &'static str, english: &'static str, russian: &'static str) -> Property {
    Property::Setting(Setting { key, names: [english, russian], readable: true })
}

pub const PROPERTIES: [Property; 8] = [
    Property::Version,
    Property::Timeout,
    setting("rate_limit", "RateLimit", "ЛимитЗапросов"),
    setting("limit_dir", "LimitDir", "КаталогЛимитов"),
    setting("refresh", "Refresh", "ТокенОбновления"),
    setting("clientid", "ClientID", "ИдентификаторКлиента"),
    Property::Setting(Setting {
        key: "clientsecret",
        names: ["ClientSecret", "СекретКлиента"],
        readable: false,
    }),
    setting("oauth_url", "OAuthURL", "АдресOAuth"),
];

impl Property {
    pub fn names(self) -> [&'static str; 2] {
        match self {
            Property::Version => ["Version", "Версия"],
            Property::Timeout => ["Timeout", "Таймаут"],
            Property::Setting(setting) => setting.names,
        }
    }

    pub fn writable(self) -> bool {
        self != Property::Version
    }

    pub fn readable(self) -> bool {
        match self {
            Property::Setting(setting) => setting.readable,
            _ => true,
        }
    }
}

/// Why a setting's value is refused, or `None` when it is fine.
pub fn setting_refusal(setting: &Setting, value: &str) -> Option<String> {
    match setting.key {
        "rate_limit" if !value.is_empty() => crate::rest::limiter::Rate::parse(value)
            .err()
            .map(|reason| format!("{} {reason}", setting.names[0])),
        _ => None,
    }
}

/// The refresh token in the token server's answer to a refresh, so that the object's Refresh
/// follows the rotation (the old one no longer works). Read from the library's record of the
/// refresh, never from the call's answer, whose other keys the portal wrote.
pub fn renewed_refresh_token(tokens: &str) -> Option<String> {
    let value: Value = serde_json::from_str(tokens).ok()?;
    value.get("refresh_token")?.as_str().filter(|token| !token.is_empty()).map(str::to_string)
}

/// The portal a call with a token is for (its origin), which the object's Refresh is bound to.
fn portal_of(input: &Map<String, Value>) -> Option<String> {
    let url = input.get("url")?.as_str()?;
    let token = input.get("token")?.as_str().filter(|token| !token.trim().is_empty())?;
    crate::rest::Portal::new(url, Some(token)).ok().map(|portal| portal.origin().to_string())
}

/// A method's answer, and what became of the object's Refresh in it.
pub struct Ran {
    pub answer: String,
    /// The portal of the call the object's Refresh was passed to, if it was.
    pub refresh_portal: Option<String>,
    /// The new refresh token, when the object's Refresh was the one the call's refresh used.
    pub renewed_refresh: Option<String>,
}

impl Ran {
    pub fn refused(error: Error) -> Ran {
        Ran { answer: error.to_json(), refresh_portal: None, renewed_refresh: None }
    }

    fn of(answered: invoke::Answered, refresh_portal: Option<String>) -> Ran {
        // Only a refresh made with the object's own Refresh renews it.
        let renewed_refresh = match (&refresh_portal, &answered.refreshed) {
            (Some(_), Some(tokens)) => renewed_refresh_token(tokens),
            _ => None,
        };
        Ran { answer: answered.text, refresh_portal, renewed_refresh }
    }
}

pub use crate::VERSION;

/// Seconds per call unless the Timeout property is set, as in the C API.
pub const DEFAULT_TIMEOUT: f64 = crate::rest::DEFAULT_TIMEOUT.as_secs_f64();
/// Why a Timeout value is refused, or `None` when it is fine: exactly what the core would
/// refuse in every call (its own check), so a bad value fails when set, not at every call.
pub fn timeout_refusal(seconds: Option<f64>) -> Option<String> {
    match seconds {
        Some(seconds) => {
            crate::functions::args::seconds_refusal(seconds).map(|reason| format!("Timeout {reason}"))
        }
        None => Some("Timeout must be a Number of seconds".to_string()),
    }
}

/// 1C names are case-insensitive in both languages; `to_lowercase` covers Cyrillic.
pub fn find<const N: usize>(name: &str, all: impl Iterator<Item = [&'static str; N]>) -> Option<usize> {
    let wanted = name.to_lowercase();
    all.into_iter().position(|names| names.iter().any(|n| n.to_lowercase() == wanted))
}

pub fn find_method(name: &str) -> Option<usize> {
    find(name, METHODS.iter().map(|m| [m.name, m.name_ru]))
}

pub fn find_property(name: &str) -> Option<usize> {
    find(name, PROPERTIES.iter().map(|p| p.names()))
}

/// An alias of 0 is the English name, 1 the Russian one.
pub fn pick(names: [&'static str; 2], alias: std::ffi::c_long) -> Option<&'static str> {
    usize::try_from(alias).ok().and_then(|alias| names.get(alias).copied())
}

impl Method {
    pub fn names(&self) -> [&'static str; 2] {
        [self.name, self.name_ru]
    }

    /// Runs the method on the decoded positional arguments (`None` = not given) and returns
    /// the answer's JSON text; `timeout` is the object's Timeout property and `settings` its
    /// other settings (JSON key → text).
    #[cfg(test)]
    pub fn run(&self, args: Vec<Option<Value>>, timeout: f64, settings: &Map<String, Value>) -> String {
        self.run_for(args, timeout, settings, None).answer
    }

    /// [`Method::run`] for an object whose Refresh belongs to `refresh_portal` (`None`: not yet
    /// used): the Refresh goes only to calls with a token for that portal.
    pub fn run_for(
        &self,
        args: Vec<Option<Value>>,
        timeout: f64,
        settings: &Map<String, Value>,
        refresh_portal: Option<&str>,
    ) -> Ran {
        match self.target {
            Target::Function(function) => {
                let mut input = Map::new();
                for (param, value) in self.params.iter().zip(args) {
                    if let Some(value) = value {
                        input.insert(param.key.to_string(), value);
                    }
                }
                let used = add_settings(function, &mut input, timeout, settings, refresh_portal);
                Ran::of(invoke::answered_value(function, Value::Object(input)), used)
            }
            Target::Invoke => {
                let mut args = args.into_iter();
                let name = match text_arg(&self.params[0], args.next().flatten()) {
                    Ok(name) => name.unwrap_or_default(),
                    Err(error) => return Ran::refused(error),
                };
                let params = match text_arg(&self.params[1], args.next().flatten()) {
                    Ok(params) => params.unwrap_or_else(|| "{}".to_string()),
                    Err(error) => return Ran::refused(error),
                };
                let (params, used) = with_settings(&name, params, timeout, settings, refresh_portal);
                Ran::of(invoke::answered_named(&name, &params), used)
            }
        }
    }
}

/// Invoke's arguments are texts; anything else is refused naming the parameter.
fn text_arg(param: &Param, value: Option<Value>) -> Result<Option<String>, Error> {
    match value {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(Error::invalid(param.key, "must be a String")),
    }
}

/// The object's Timeout and settings apply to Invoke too, unless the JSON names its own. Text
/// that is not a JSON object is passed on untouched for the core to refuse in its own words.
/// Also gives the portal the object's Refresh went to, if it did.
fn with_settings(
    name: &str,
    params: String,
    timeout: f64,
    settings: &Map<String, Value>,
    refresh_portal: Option<&str>,
) -> (String, Option<String>) {
    let Some(function) = table::find(name.trim()) else { return (params, None) };
    match serde_json::from_str::<Value>(&params) {
        Ok(Value::Object(mut input)) => {
            let used = add_settings(function, &mut input, timeout, settings, refresh_portal);
            (Value::Object(input).to_string(), used)
        }
        _ => (params, None),
    }
}

/// Adds the timeout and each setting the function takes, where the input has none of its own
/// (a value of null or "" is "not given", as everywhere). The object's Refresh goes only to a
/// call with a token for the portal it belongs to (`refresh_portal`; any portal while `None`),
/// so that a call for another portal can neither spend it nor be sent that portal's tokens.
/// Gives the call's portal when the Refresh went to it.
fn add_settings(
    function: &Function,
    input: &mut Map<String, Value>,
    timeout: f64,
    settings: &Map<String, Value>,
    refresh_portal: Option<&str>,
) -> Option<String> {
    let timeout = number(timeout);
    // A call that brings no refresh token of its own gets the object's, with its client and
    // token server, only when it is for the Refresh's portal; else none of the four.
    let call_portal = portal_of(input);
    let for_its_portal =
        call_portal.as_deref().is_some_and(|call| refresh_portal.is_none_or(|bound| bound == call));
    let brings_its_own = input.get("refresh").is_some_and(|value| !is_not_given(value));
    let withheld = |key: &str| REFRESH_KEYS.contains(&key) && !brings_its_own && !for_its_portal;
    let mut used = None;
    let defaults = [("timeout", &timeout)].into_iter().chain(settings.iter().map(|(k, v)| (k.as_str(), v)));
    for (key, value) in defaults {
        let accepted = function.accepted_params().any(|param| param.key == key);
        if !accepted || !input.get(key).is_none_or(is_not_given) || withheld(key) {
            continue;
        }
        if key == "refresh" {
            used = call_portal.clone();
        }
        input.insert(key.to_string(), value.clone());
    }
    used
}

/// The settings that make the means to refresh a token, which go to a call together.
const REFRESH_KEYS: [&str; 4] = ["refresh", "clientid", "clientsecret", "oauth_url"];

fn is_not_given(value: &Value) -> bool {
    value.is_null() || value.as_str() == Some("")
}

/// The methods table of the user docs, rendered from the same facts as the add-in.
pub fn methods_markdown() -> String {
    let mut table =
        String::from("| Method | Метод | Parameters, in order | What it does |\n|---|---|---|---|\n");
    for method in METHODS.iter() {
        let params: Vec<String> = method
            .params
            .iter()
            .map(|p| if p.has_default() { format!("{} = \"\"", p.opi_name) } else { p.opi_name.to_string() })
            .collect();
        let summary = match method.target {
            Target::Function(function) => function.summary,
            Target::Invoke => "Runs any function above by its English name with its parameters as a JSON text, keyed as in the C API",
        };
        table += &format!("| {} | {} | {} | {} |\n", method.name, method.name_ru, params.join(", "), summary);
    }
    table
}

/// Whole seconds go out as integers, as a person would write them.
pub fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map(Value::Number).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_table_function_is_a_method_and_invoke_comes_last() {
        assert_eq!(METHODS.len(), table::all().count() + 1);
        for (method, function) in METHODS.iter().zip(table::all()) {
            assert_eq!(method.names(), [function.name, function.name_ru]);
            assert_eq!(method.params.len(), function.params.len());
        }
        assert_eq!(METHODS.last().unwrap().names(), ["Invoke", "Выполнить"]);
    }

    #[test]
    fn names_are_found_in_both_languages_ignoring_case() {
        let send = find_method("SendMessage").unwrap();
        for name in
            ["sendmessage", "SENDMESSAGE", "ОтправитьСообщение", "отправитьсообщение", "ОТПРАВИТЬСООБЩЕНИЕ"]
        {
            assert_eq!(find_method(name), Some(send), "{name}");
        }
        assert_eq!(find_property("таймаут"), Some(1));
        assert_eq!(find_property("VERSION"), Some(0));
        assert_eq!(find_method("Send"), None);
        assert_eq!(find_property(""), None);
    }

    #[test]
    fn positional_arguments_become_the_tables_keys() {
        let picture = &METHODS[find_method("GetPictureBlock").unwrap()];
        let text = picture.run(vec![Some("Фото".into()), Some("https://h/p.jpg".into())], 60.0, &Map::new());
        assert_eq!(answer(&text), serde_json::json!({"IMAGE": {"NAME": "Фото", "LINK": "https://h/p.jpg"}}));
    }

    #[test]
    fn the_object_timeout_reaches_the_core() {
        // A timeout the core refuses shows that it was passed on.
        let send = &METHODS[find_method("SendMessage").unwrap()];
        let text = send.run(
            vec![Some("http://127.0.0.1:9/".into()), Some("chat1".into()), Some("x".into())],
            -1.0,
            &Map::new(),
        );
        assert!(answer(&text)["error_description"].as_str().unwrap().contains("timeout"), "{text}");
        let invoke = &METHODS[find_method("Invoke").unwrap()];
        let params = r#"{"url": "http://127.0.0.1:9/", "chat": 1, "text": "x"}"#;
        let text = invoke.run(vec![Some("SendMessage".into()), Some(params.into())], -1.0, &Map::new());
        assert!(answer(&text)["error_description"].as_str().unwrap().contains("timeout"), "{text}");
    }

    #[test]
    fn the_timeout_limit_is_the_cores() {
        const MAX_TIMEOUT: f64 = crate::functions::args::MAX_SECONDS;
        let send = &METHODS[find_method("SendMessage").unwrap()];
        let refused = |seconds: f64| {
            let text = send.run(vec![Some("http://127.0.0.1:9/".into()), None, None], seconds, &Map::new());
            answer(&text)["error_description"].as_str().unwrap().contains("timeout")
        };
        // `chat` is missing, so nothing is sent; only the timeout check differs.
        assert!(!refused(MAX_TIMEOUT));
        assert!(refused(MAX_TIMEOUT + 1.0));
        assert!(timeout_refusal(Some(MAX_TIMEOUT)).is_none());
        assert!(timeout_refusal(Some(MAX_TIMEOUT + 1.0)).is_some());
        assert!(timeout_refusal(Some(0.0)).is_some() && timeout_refusal(None).is_some());
    }

    #[test]
    fn invoke_refuses_unknown_functions_and_non_text() {
        let invoke = &METHODS[find_method("Invoke").unwrap()];
        let text = invoke.run(vec![Some("NoSuch".into()), Some("{}".into())], 60.0, &Map::new());
        assert_eq!(answer(&text)["error"], "B24_UNKNOWN_FUNCTION");
        let text = invoke.run(vec![Some("GetFileBlock".into()), Some(5.into())], 60.0, &Map::new());
        assert!(answer(&text)["error_description"].as_str().unwrap().contains("'params'"), "{text}");
    }

    #[test]
    fn property_names_differ_from_method_names() {
        for property in PROPERTIES {
            for name in property.names() {
                assert_eq!(find_method(name), None, "{name} is a method too");
            }
        }
    }

    #[test]
    fn the_objects_settings_reach_calls_that_take_them_unless_given() {
        let settings: Map<String, Value> =
            [("rate_limit".to_string(), Value::from("off")), ("refresh".to_string(), Value::from("r1"))]
                .into_iter()
                .collect();
        let send = table::find("SendMessage").unwrap();
        let mut input = Map::new();
        input.insert("rate_limit".into(), Value::from("standard"));
        input.insert("url".into(), Value::from("https://p.example.com"));
        input.insert("token".into(), Value::from("t"));
        add_settings(send, &mut input, 5.0, &settings, None);
        assert_eq!(
            Value::Object(input),
            serde_json::json!({"url": "https://p.example.com", "token": "t", "rate_limit": "standard", "timeout": 5, "refresh": "r1"})
        );
        // A timeout of null or "" in the input is "not given": the object's Timeout holds.
        for given in [Value::Null, Value::from("")] {
            let mut input = Map::new();
            input.insert("timeout".into(), given);
            add_settings(send, &mut input, 7.0, &Map::new(), None);
            assert_eq!(input["timeout"], 7);
        }
        // A local builder takes neither.
        let mut input = Map::new();
        add_settings(table::find("GetPictureBlock").unwrap(), &mut input, 5.0, &settings, None);
        assert!(input.is_empty());
    }

    #[test]
    fn the_objects_refresh_goes_only_to_calls_with_a_token_for_its_portal() {
        let settings: Map<String, Value> = [("refresh".to_string(), Value::from("r1"))].into_iter().collect();
        let send = table::find("SendMessage").unwrap();
        let call = |url: &str, token: Option<&str>, bound: Option<&str>| {
            let mut input = Map::new();
            input.insert("url".into(), Value::from(url));
            if let Some(token) = token {
                input.insert("token".into(), Value::from(token));
            }
            let used = add_settings(send, &mut input, 5.0, &settings, bound);
            (input.contains_key("refresh"), used)
        };
        let own = Some("https://p.example.com");
        assert_eq!(call("p.example.com", Some("t"), None), (true, own.map(str::to_string)));
        assert_eq!(call("https://p.example.com/rest/", Some("t"), own), (true, own.map(str::to_string)));
        assert_eq!(call("q.example.com", Some("t"), own), (false, None));
        assert_eq!(call("https://p.example.com/rest/1/c0de/", None, None), (false, None));
    }

    #[test]
    fn a_renewed_refresh_token_is_read_from_the_token_servers_answer() {
        let tokens = r#"{"access_token":"a2","refresh_token":"r2"}"#;
        assert_eq!(renewed_refresh_token(tokens).as_deref(), Some("r2"));
        assert_eq!(renewed_refresh_token(r#"{"error":"invalid_grant"}"#), None);
    }

    #[test]
    fn whole_numbers_are_integers() {
        assert_eq!(number(450.0), Value::from(450));
        assert_eq!(number(2.5), serde_json::json!(2.5));
    }
}
