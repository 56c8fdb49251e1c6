//! OPI's command line for the functions of this library:
//!
//!     cargo run --example oint -- bitrix24 SendMessage --url URL --chat chat450 --text "Hi" \
//!         --blocks '[{"IMAGE": {"NAME": "Image", "LINK": "https://..."}}]' --token TOKEN
//!
//! Options that take JSON (`--blocks`, `--fields`, `--keyboard`, `--params`, ...) take JSON text or the
//! path of a JSON file; `--file` and `--picture` take a path. Prints the answer and
//! exits with 1 when it has `error`, 2 when the command line itself is wrong. `--help` lists
//! the functions and their options, from the same table as the C API.

use std::process::exit;

use bitrix24_ffi::functions::invoke::invoke_value;
use bitrix24_ffi::functions::{self as table, Function, Kind, Presence};
use serde_json::{Map, Value};

const LIBRARY: &str = "bitrix24";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let wants_help = args.iter().any(|a| a == "--help" || a == "-h");
    let function = match args.as_slice() {
        [library, name, ..] if library == LIBRARY => {
            table::find(name).unwrap_or_else(|| usage_error(&format!("{LIBRARY} has no function {name}")))
        }
        _ if wants_help => {
            print_functions();
            return;
        }
        _ => usage_error(&format!("usage: oint {LIBRARY} <Function> --option value ...")),
    };
    if wants_help {
        print_options(function);
        return;
    }
    let input = match options(function, &args[2..]) {
        Ok(input) => input,
        Err(message) => usage_error(&message),
    };
    let answer = invoke_value(function, Value::Object(input));
    let parsed: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
    println!("{}", serde_json::to_string_pretty(&parsed).unwrap_or(answer));
    exit(if parsed.get("error").is_some() { 1 } else { 0 });
}

/// `--key value` pairs into the function's JSON input, each value read as its kind wants.
fn options(function: &Function, args: &[String]) -> Result<Map<String, Value>, String> {
    let mut input = Map::new();
    let mut rest = args.iter();
    while let Some(option) = rest.next() {
        let key = option.strip_prefix("--").ok_or_else(|| format!("expected an --option, got {option}"))?;
        let value = rest.next().ok_or_else(|| format!("--{key} needs a value"))?;
        // Unknown keys go through, so that the library's own error names them.
        let kind = function.accepted_params().find(|p| p.key == key).map(|p| p.kind);
        input.insert(key.to_string(), value_of(kind, value)?);
    }
    Ok(input)
}

fn value_of(kind: Option<Kind>, value: &str) -> Result<Value, String> {
    Ok(match kind {
        Some(Kind::Blocks | Kind::Object | Kind::Structure | Kind::Calls)
            if std::path::Path::new(value).is_file() =>
        {
            let text = std::fs::read_to_string(value).map_err(|e| format!("cannot read {value}: {e}"))?;
            Value::String(text)
        }
        Some(Kind::Seconds) => {
            let seconds: f64 = value.parse().map_err(|_| format!("{value} is not a number of seconds"))?;
            Value::from(seconds)
        }
        _ => Value::String(value.to_string()),
    })
}

fn print_functions() {
    println!(
        "usage: oint {LIBRARY} <Function> --option value ...   (--help after a function lists its options)\n"
    );
    for function in table::all() {
        println!("  {:<28} {}", function.name, function.summary);
    }
}

fn print_options(function: &Function) {
    println!("oint {LIBRARY} {}: {}\n", function.name, function.summary);
    for param in function.accepted_params() {
        let need = match param.presence {
            Presence::Required => "required".to_string(),
            Presence::RequiredUnless(other) => format!("required unless --{other} is given"),
            Presence::Optional => format!("default: {}", param.default),
        };
        println!("  --{:<13} {} ({}; {})", param.key, param.meaning, param.kind.describe(), need);
    }
}

fn usage_error(message: &str) -> ! {
    eprintln!("oint: {message}\nrun `oint --help` for the functions");
    exit(2)
}
