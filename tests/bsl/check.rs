//! A small reader of the generated module: each exported function's header
//! (`Функция Имя(Знач А, Знач Б = "") Экспорт` / `Function Name(Val A, Val B = "") Export`) and
//! the add-in call in its body (`ПодключитьБиблиотеку().Метод(...)`), checked against the table
//! and OPI's signatures, so that a dropped, renamed or reordered parameter, a wrong default, or a
//! call with the wrong method or argument count is found.

use bitrix24_ffi::functions::{self, Function};

use super::{Edition, Opi, Signature};

/// One exported function as written.
#[derive(Debug)]
pub struct Written {
    pub signature: Signature,
    /// The add-in method called and its arguments as written.
    pub call: Option<(String, Vec<String>)>,
}

/// Splits `text` at top-level commas, outside quotes and brackets.
fn split_top(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth, mut quoted) = (Vec::new(), String::new(), 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

/// The text inside the parentheses that open at the start of `text`, and what follows.
fn parenthesised(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with('(') {
        return None;
    }
    let (mut depth, mut quoted) = (0usize, false);
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[1..at], &text[at + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Every exported function of a module text, in order; the attaching function is left out.
pub fn read(text: &str) -> Vec<Written> {
    let mut written = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("Функция ").or_else(|| line.strip_prefix("Function "))
        else {
            continue;
        };
        let rest = rest.trim_end();
        if !(rest.ends_with(" Экспорт") || rest.ends_with(" Export")) {
            continue;
        }
        let Some(open) = rest.find('(') else { continue };
        let name = rest[..open].trim().to_string();
        if name == "ПодключитьБиблиотеку" || name == "AttachLibrary" {
            continue;
        }
        let Some((inside, _)) = parenthesised(&rest[open..]) else { continue };
        let params = split_top(inside)
            .into_iter()
            .map(|p| {
                let p = p.strip_prefix("Знач ").or_else(|| p.strip_prefix("Val ")).unwrap_or(&p).to_string();
                match p.split_once('=') {
                    Some((name, default)) => (name.trim().to_string(), Some(default.trim().to_string())),
                    None => (p.trim().to_string(), None),
                }
            })
            .collect();
        // The body up to the function's end; its add-in call.
        let body: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with("КонецФункции") && !l.starts_with("EndFunction"))
            .copied()
            .collect();
        let body = body.join("\n");
        let call = ["ПодключитьБиблиотеку().", "AttachLibrary()."].iter().find_map(|attach| {
            let start = body.find(attach)? + attach.len();
            let rest = &body[start..];
            let method: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let (args, _) = parenthesised(&rest[method.len()..])?;
            Some((method, split_top(args)))
        });
        written.push(Written { signature: Signature { name, params }, call });
    }
    written
}

/// The innermost name an argument passes: `ЗначениеВJSON(Вложения)` passes `Вложения`.
fn passed_name(argument: &str) -> &str {
    let mut inner = argument.trim();
    while let Some(open) = inner.find('(') {
        inner = inner[open + 1..].trim_end().strip_suffix(')').unwrap_or(&inner[open + 1..]);
    }
    inner.trim()
}

/// What is wrong with a module text of an edition, measured against the table and OPI's
/// signatures; empty when nothing is.
pub fn problems(text: &str, edition: Edition) -> Vec<String> {
    let opi = Opi::load();
    let written = read(text);
    let table: Vec<&Function> = functions::all().collect();
    let mut problems = Vec::new();
    if written.len() != table.len() {
        problems.push(format!("{} exported functions for {} in the table", written.len(), table.len()));
    }
    for (function, written) in table.iter().zip(&written) {
        let name = edition.name(function);
        let at = name;
        if written.signature.name != name {
            problems.push(format!("{} where the table has {name}", written.signature.name));
            continue;
        }
        // The names: OPI's where OPI has the function (its Russian edition's in Russian), the
        // table's English ones otherwise; in English, always the table's.
        let params = &written.signature.params;
        if params.len() != function.params.len() {
            problems.push(format!(
                "{at}: {} parameters, the table has {}",
                params.len(),
                function.params.len()
            ));
        }
        let ours = opi.signature(function, edition);
        let opi_signature = opi.of(function).map(|(english, russian)| match edition {
            Edition::English => english,
            Edition::Russian => russian,
        });
        for (i, (param, (written_name, default))) in function.params.iter().zip(params).enumerate() {
            let known = opi_signature.and_then(|s| s.params.get(i));
            let expected_name = match (edition, known) {
                (Edition::English, _) => param.opi_name.to_string(),
                (Edition::Russian, Some((name, _))) => name.clone(),
                (Edition::Russian, None) => ours.params[i].0.clone(),
            };
            if *written_name != expected_name {
                problems
                    .push(format!("{at}: parameter {} is {written_name}, expected {expected_name}", i + 1));
            }
            let expected_default = match known {
                Some((_, default)) => default.clone(),
                None => param.has_default().then(|| "\"\"".to_string()),
            };
            if *default != expected_default {
                problems.push(format!(
                    "{at}: {written_name}'s default is {default:?}, expected {expected_default:?}"
                ));
            }
            if default.is_some() != param.has_default() {
                problems.push(format!(
                    "{at}: {written_name} may be left out in 1C but not in the table, or back"
                ));
            }
        }
        match &written.call {
            None => problems.push(format!("{at}: no add-in call")),
            Some((method, args)) => {
                if method != name {
                    problems.push(format!("{at}: calls the add-in's {method}"));
                }
                if args.len() != function.params.len() {
                    problems.push(format!(
                        "{at}: passes {} arguments, the method takes {}",
                        args.len(),
                        function.params.len()
                    ));
                }
                for (i, (arg, (param_name, _))) in args.iter().zip(params).enumerate() {
                    if passed_name(arg) != param_name {
                        problems.push(format!("{at}: argument {} is {arg}, not {param_name}", i + 1));
                    }
                }
            }
        }
    }
    problems
}

/// The calls `<prefix>Name(...)` in a BSL text: the name and how many arguments it gets
/// (an argument left out between commas counts).
pub fn calls(text: &str, prefix: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices(prefix) {
        let rest = &text[start + prefix.len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if let Some((args, _)) = parenthesised(&rest[name.len()..]) {
            found.push((name, split_top(args).len()));
        }
    }
    found
}
