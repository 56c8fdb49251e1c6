//! Everything written from the function table: the C exports (`src/api/ffi/exports.rs`, which
//! cbindgen turns into the header), the function reference (`docs/functions.md`), and the
//! README's function list and 1C method table, the 1C common module with OPI's signatures
//! (`examples/1c/module/`, see tests/bsl) and the Russian guide's lists (`docs/ru/README.md`).
//! Each test renders its file from the table and
//! fails when the checked-in one differs; `B24_WRITE_GENERATED=1 cargo test --features sandbox
//! --test generated` rewrites them (then rebuild to refresh the header).

mod bsl;

use std::path::PathBuf;

use bitrix24_ffi::api::addin::methods_markdown;
use bitrix24_ffi::functions::{self, Action, Function, Kind, Param, Presence};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares a generated text with the checked-in file, or rewrites the file when asked.
fn check_file(relative: &str, fresh: &str) {
    let path = crate_dir().join(relative);
    if std::env::var("B24_WRITE_GENERATED").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{relative} is stale: run `B24_WRITE_GENERATED=1 cargo test --features sandbox --test generated`, rebuild, and commit"
    );
}

/// Replaces the text between `<!-- begin NAME -->` and `<!-- end NAME -->` in the README.
fn check_readme_part(name: &str, fresh: &str) {
    check_part("README.md", name, fresh);
}

/// Replaces the text between `<!-- begin NAME -->` and `<!-- end NAME -->` in a document.
fn check_part(document: &str, name: &str, fresh: &str) {
    let path = crate_dir().join(document);
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{document}: {e}"));
    let begin = format!("<!-- begin {name} -->\n");
    let end = format!("<!-- end {name} -->");
    let start = readme.find(&begin).unwrap_or_else(|| panic!("{document} lacks {begin}")) + begin.len();
    let stop = readme[start..].find(&end).unwrap_or_else(|| panic!("{document} lacks {end}")) + start;
    let updated = format!("{}{fresh}{}", &readme[..start], &readme[stop..]);
    check_file(document, &updated);
}

fn presence(param: &Param) -> String {
    match param.presence {
        Presence::Required => "required".into(),
        Presence::RequiredUnless(other) => format!("required unless `{other}` is given"),
        Presence::Optional => format!("default: {}", param.default),
    }
}

/// OPI's signature, e.g. `SendMessage(URL, ChatID, Text, Attachments = "", Token = "")`.
fn signature(function: &Function) -> String {
    let params: Vec<String> = function
        .params
        .iter()
        .map(|p| if p.has_default() { format!("{} = \"\"", p.opi_name) } else { p.opi_name.to_string() })
        .collect();
    format!("{}({})", function.name, params.join(", "))
}

/// `a`, `b`, `c`: the keys of some parameters, for docs.
fn keys(params: &[Param]) -> String {
    params.iter().map(|p| format!("`{}`", p.key)).collect::<Vec<_>>().join(", ")
}

fn export(function: &Function) -> String {
    let mut doc = vec![
        format!("{}.", function.summary),
        String::new(),
        format!("OPI: `{}`. REST: {}.", signature(function), function.shown_method()),
        String::new(),
        "`params` is a UTF-8 JSON object:".to_string(),
    ];
    for param in function.params {
        doc.push(format!(
            "- `{}` ({}, {}): {}.",
            param.key,
            param.kind.describe(),
            presence(param),
            param.meaning
        ));
    }
    if function.makes_requests() {
        doc.push(format!("- the transport options {} (see the README).", keys(function.options())));
    }
    if !function.auth_options().is_empty() {
        doc.push(format!(
            "- with `token`, what renews it when it expires: {} (see the README).",
            keys(function.auth_options())
        ));
    }
    doc.push(String::new());
    doc.push(match function.action {
        Action::Local(_) => "Returns the built JSON, or an error `{\"error\": \"B24_...\", \"error_description\": ...}`.".to_string(),
        _ => "Returns the answer as it came, e.g. `{\"result\": ..., \"time\": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.".to_string(),
    });
    doc.push("The returned text is never NULL; release it with b24_free.".to_string());
    doc.push(String::new());
    doc.push("# Safety".to_string());
    doc.push("`params` is NULL or a NUL-terminated text that outlives the call.".to_string());
    let mut text = String::new();
    for line in doc {
        if line.is_empty() {
            text.push_str("///\n");
        } else {
            text.push_str(&format!("/// {line}\n"));
        }
    }
    text.push_str(&format!(
        "#[no_mangle]\npub unsafe extern \"C\" fn {symbol}(params: *const c_char) -> *mut c_char {{\n    // SAFETY: as the caller promises.\n    unsafe {{ call_table(\"{symbol}\", params) }}\n}}\n",
        symbol = function.c_symbol
    ));
    text
}

#[test]
fn the_c_exports_are_the_tables() {
    let mut text = String::from(
        "//! The C export of every function in the table. Written by tests/generated.rs from the\n\
         //! table; do not edit: `B24_WRITE_GENERATED=1 cargo test --features sandbox --test generated`.\n\n\
         use std::ffi::c_char;\n\nuse super::call_table;\n",
    );
    for function in functions::all() {
        text.push('\n');
        text.push_str(&export(function));
    }
    check_file("src/api/ffi/exports.rs", &text);
}

fn kind_cell(kind: Kind) -> &'static str {
    kind.describe()
}

/// One function's part of the reference.
fn reference_entry(opi: &bsl::Opi, function: &Function) -> String {
    let mut text = format!(
        "### {}\n{}. C `{}`, 1C `{}` / `{}`, REST: {}.\n\nOPI: `{}`\n\nRussian: `{}`\n\n| key | kind | required / default | meaning |\n|---|---|---|---|\n",
        function.name,
        function.summary,
        function.c_symbol,
        function.name,
        function.name_ru,
        function.shown_method(),
        opi.signature(function, bsl::Edition::English).render(),
        opi.signature(function, bsl::Edition::Russian).render()
    );
    for param in function.params {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            param.key,
            kind_cell(param.kind),
            presence(param),
            param.meaning.replace('|', "\\|")
        ));
    }
    if function.makes_requests() {
        text.push_str(&format!("| {} | | | the transport options (README) |\n", keys(function.options())));
    }
    if !function.auth_options().is_empty() {
        text.push_str(&format!(
            "| {} | | | with `token`: what renews it when it expires (README) |\n",
            keys(function.auth_options())
        ));
    }
    let example: serde_json::Value = serde_json::from_str(function.example).unwrap();
    text.push_str(&format!(
        "\nAnswer, e.g.:\n```json\n{}\n```\n\n",
        serde_json::to_string_pretty(&example).unwrap()
    ));
    text
}

#[test]
fn the_reference_is_the_tables() {
    let mut text = String::from(
        "# Function reference\n\n\
         Written from the function table by `tests/generated.rs`; do not edit. Keys are OPI's CLI\n\
         option names. `null`, `\"\"`, and an empty array or object (or the JSON text of one) count\n\
         as not given; an unknown key is refused naming it. Every function that makes a request\n\
         also takes the transport options (see the README), and every one with `token` the keys that\n\
         renew an expired token. \"OPI\" and \"Russian\" are the signatures of OPI's two editions\n\
         with OPI's defaults (and of the drop-in module, examples/1c/module/). In examples the\n\
         portal's `time` object is shortened.\n\n",
    );
    let opi = bsl::Opi::load();
    let mut section = "";
    for function in functions::all() {
        if function.section != section {
            section = function.section;
            text.push_str(&format!("## {section}\n\n"));
        }
        text.push_str(&reference_entry(&opi, function));
    }
    check_file("docs/functions.md", text.trim_end());
}

/// One test writes both README parts, so that two tests never rewrite the file at once.
#[test]
fn the_readme_lists_every_function_and_1c_method() {
    let mut text = String::from("| Function | C export | REST method | What it does |\n|---|---|---|---|\n");
    for function in functions::all() {
        let anchor = function.name.to_lowercase();
        text.push_str(&format!(
            "| [{}](docs/functions.md#{anchor}) | `{}` | {} | {} |\n",
            function.name,
            function.c_symbol,
            function.shown_method(),
            function.summary
        ));
    }
    check_readme_part("functions", &text);
    check_readme_part("1c-methods", &methods_markdown());
}

/// The drop-in module in both editions: written from the table, and every function checked
/// against the table and OPI's signatures by reading the BSL back.
#[test]
fn the_1c_module_is_the_tables_in_both_editions() {
    for edition in bsl::EDITIONS {
        let text = bsl::module(edition);
        let problems = bsl::check::problems(&text, edition);
        assert!(problems.is_empty(), "{edition:?}: {problems:#?}");
        check_file(edition.path(), &text);
    }
}

/// OPI's signatures kept as data agree with the table: the same functions by both names, the
/// table's parameters start with OPI's in OPI's order, and those OPI gives a default are the
/// ones the table lets 1C leave out.
#[test]
fn opis_signatures_agree_with_the_table() {
    let opi = bsl::Opi::load();
    assert!(opi.signatures.len() >= 179, "{} signatures", opi.signatures.len());
    for (english, russian) in &opi.signatures {
        let function =
            functions::find(&english.name).unwrap_or_else(|| panic!("{} is not in the table", english.name));
        assert_eq!(function.name, english.name);
        assert_eq!(function.name_ru, russian.name, "{}", english.name);
        assert_eq!(english.params.len(), russian.params.len(), "{}", english.name);
        assert!(english.params.len() <= function.params.len(), "{}", english.name);
        for (i, ((name, default), (_, russian_default))) in
            english.params.iter().zip(&russian.params).enumerate()
        {
            let param = &function.params[i];
            assert_eq!(param.opi_name, name, "{}: parameter {}", english.name, i + 1);
            assert_eq!(param.has_default(), default.is_some(), "{}.{name}", english.name);
            assert_eq!(default.is_some(), russian_default.is_some(), "{}.{name}", english.name);
        }
    }
}

/// The reader finds a dropped, a reordered and a renamed parameter, a wrong default, and a call
/// with one argument too few, each in one function of an otherwise good module.
#[test]
fn the_module_check_finds_a_dropped_or_reordered_parameter() {
    let good = bsl::module(bsl::Edition::Russian);
    let header = "Функция ОтправитьСообщение(Знач URL, Знач IDЧата, Знач Текст, Знач Вложения = \"\", Знач Токен = \"\"";
    assert!(good.contains(header), "the module writes SendMessage as OPI does");
    let broken = [
        ("dropped", header.replace("Знач Текст, ", "")),
        ("reordered", header.replace("Знач IDЧата, Знач Текст", "Знач Текст, Знач IDЧата")),
        ("renamed", header.replace("IDЧата", "Чат")),
        ("default", header.replace("Знач Вложения = \"\"", "Знач Вложения = 0")),
    ];
    for (what, header_now) in broken {
        let text = good.replacen(header, &header_now, 1);
        let problems = bsl::check::problems(&text, bsl::Edition::Russian);
        assert!(problems.iter().any(|p| p.contains("ОтправитьСообщение")), "{what}: {problems:?}");
    }
    let call = "ПодключитьБиблиотеку().ОтправитьСообщение(URL, IDЧата, Текст, ";
    assert!(good.contains(call));
    let text = good.replacen(call, "ПодключитьБиблиотеку().ОтправитьСообщение(URL, Текст, ", 1);
    let problems = bsl::check::problems(&text, bsl::Edition::Russian);
    assert!(problems.iter().any(|p| p.contains("passes")), "{problems:?}");
    assert!(bsl::check::problems(&good, bsl::Edition::Russian).is_empty());
}

/// The 1C examples that call the module (OPI_Bitrix24.X, or Битрикс24Библиотека.X side by side)
/// call functions it has, with a number of arguments its signature takes.
#[test]
fn the_1c_examples_call_the_module_as_it_is_written() {
    let modules: Vec<Vec<bsl::check::Written>> =
        bsl::EDITIONS.iter().map(|edition| bsl::check::read(&bsl::module(*edition))).collect();
    let mut seen = 0;
    for entry in std::fs::read_dir(crate_dir().join("examples/1c")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("bsl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for prefix in ["OPI_Bitrix24.", "Битрикс24Библиотека."] {
            for (name, count) in bsl::check::calls(&text, prefix) {
                seen += 1;
                let where_ = format!("{}: {prefix}{name} with {count} arguments", path.display());
                if name == "ПодключитьБиблиотеку" || name == "AttachLibrary" {
                    assert_eq!(count, 0, "{where_}");
                    continue;
                }
                let written = modules
                    .iter()
                    .flatten()
                    .find(|w| w.signature.name == name)
                    .unwrap_or_else(|| panic!("{where_}: the module has no such function"));
                let required =
                    written.signature.params.iter().filter(|(_, default)| default.is_none()).count();
                assert!((required..=written.signature.params.len()).contains(&count), "{where_}");
            }
        }
    }
    assert!(seen >= 8, "the migration example calls the module ({seen} calls found)");
}

/// The Russian guide's lists, from the table: the functions by section with both names, and the
/// add-in's methods with their parameters in Russian and English (OPI's names where OPI has the
/// function), as the drop-in module and the add-in take them.
#[test]
fn the_russian_guide_lists_every_function_and_method() {
    let opi = bsl::Opi::load();
    let mut list = String::new();
    let mut section = "";
    for function in functions::all() {
        if function.section != section {
            section = function.section;
            list.push_str(&format!("\n**{section}**\n\n| Функция | Function | REST |\n|---|---|---|\n"));
        }
        list.push_str(&format!(
            "| {} | [{}](../functions.md#{}) | {} |\n",
            function.name_ru,
            function.name,
            function.name.to_lowercase(),
            function.shown_method()
        ));
    }
    check_part("docs/ru/README.md", "functions", list.trim_start());

    let mut methods =
        String::from("| Метод | Параметры по порядку | Method | Parameters |\n|---|---|---|---|\n");
    let params = |signature: bsl::Signature| {
        let rendered = signature.render();
        rendered[rendered.find('(').unwrap() + 1..rendered.len() - 1].to_string()
    };
    for function in functions::all() {
        methods.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            function.name_ru,
            params(opi.signature(function, bsl::Edition::Russian)),
            function.name,
            params(opi.signature(function, bsl::Edition::English))
        ));
    }
    methods.push_str("| Выполнить | Функция, Параметры | Invoke | Function, Params |\n");
    check_part("docs/ru/README.md", "methods", &methods);
}
