//! The 1C common module with OPI's signatures (a drop-in for OPI's `OPI_Bitrix24`), written from
//! the function table in OPI's two editions, English and Russian, and a small reader of BSL
//! that checks what was written against the table.
//!
//! The table has each parameter's English name (`opi_name`) but not its Russian one nor OPI's
//! literal default; both come from `opi_signatures.txt`, OPI's signatures kept as data. The
//! parameters OPI does not have (ours, and the functions OPI lacks) take their Russian names
//! from the same file's `[ours]` section, else from the Russian name OPI gives the same English
//! one, else keep the English name (as OPI's Russian edition keeps URL or ClientID).

pub mod check;

use std::collections::HashMap;

use bitrix24_ffi::functions::{self, Action, Function, Kind};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Edition {
    English,
    Russian,
}

pub const EDITIONS: [Edition; 2] = [Edition::English, Edition::Russian];

impl Edition {
    /// Where the module of this edition lives in the repository.
    pub fn path(self) -> &'static str {
        match self {
            Edition::English => "examples/1c/module/OPI_Bitrix24.bsl",
            Edition::Russian => "examples/1c/module/OPI_Bitrix24_ru.bsl",
        }
    }

    /// The function's name in this edition: OPI's English or Russian one.
    pub fn name(self, function: &Function) -> &'static str {
        match self {
            Edition::English => function.name,
            Edition::Russian => function.name_ru,
        }
    }

    fn words(self) -> &'static Words {
        match self {
            Edition::English => &ENGLISH,
            Edition::Russian => &RUSSIAN,
        }
    }
}

/// The BSL words each edition writes.
struct Words {
    function: &'static str,
    end_function: &'static str,
    export: &'static str,
    val: &'static str,
    attach: &'static str,
    as_map: &'static str,
    as_structure: &'static str,
    to_json: &'static str,
    files_to_json: &'static str,
    not_given: &'static str,
}

const ENGLISH: Words = Words {
    function: "Function",
    end_function: "EndFunction",
    export: "Export",
    val: "Val",
    attach: "AttachLibrary",
    as_map: "AnswerAsMap",
    as_structure: "AnswerAsStructure",
    to_json: "ValueToJSON",
    files_to_json: "FilesToJSON",
    not_given: "False",
};

const RUSSIAN: Words = Words {
    function: "Функция",
    end_function: "КонецФункции",
    export: "Экспорт",
    val: "Знач",
    attach: "ПодключитьБиблиотеку",
    as_map: "ОтветКакСоответствие",
    as_structure: "ОтветКакСтруктура",
    to_json: "ЗначениеВJSON",
    files_to_json: "ФайлыВJSON",
    not_given: "Ложь",
};

/// A function's signature: its name and its parameters with their defaults (`None`: required).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub name: String,
    pub params: Vec<(String, Option<String>)>,
}

impl Signature {
    /// `Name(A, B = "")`.
    pub fn parse(text: &str) -> Signature {
        let (name, rest) = text.split_once('(').unwrap_or_else(|| panic!("no '(' in {text}"));
        let inside = rest.strip_suffix(')').unwrap_or_else(|| panic!("no ')' at the end of {text}"));
        let params = inside
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((name, default)) => (name.trim().to_string(), Some(default.trim().to_string())),
                None => (p.to_string(), None),
            })
            .collect();
        Signature { name: name.trim().to_string(), params }
    }

    /// `Name(A, B = "")`, as OPI writes it.
    pub fn render(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(name, default)| match default {
                Some(default) => format!("{name} = {default}"),
                None => name.clone(),
            })
            .collect();
        format!("{}({})", self.name, params.join(", "))
    }
}

/// The data file: OPI's signatures in both editions, and the Russian names of our parameters.
pub struct Opi {
    /// English name → (English signature, Russian signature).
    pub signatures: Vec<(Signature, Signature)>,
    ours: HashMap<String, String>,
}

pub const DATA: &str = include_str!("opi_signatures.txt");

impl Opi {
    pub fn load() -> Opi {
        let mut signatures = Vec::new();
        let mut ours = HashMap::new();
        for line in DATA.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some((english, russian)) = line.split_once(" | ") {
                signatures.push((Signature::parse(english), Signature::parse(russian)));
            } else if let Some((english, russian)) = line.split_once(" = ") {
                ours.insert(english.trim().to_string(), russian.trim().to_string());
            } else if line != "[ours]" {
                panic!("opi_signatures.txt: cannot read {line:?}");
            }
        }
        Opi { signatures, ours }
    }

    pub fn of(&self, function: &Function) -> Option<&(Signature, Signature)> {
        self.signatures.iter().find(|(english, _)| english.name == function.name)
    }

    /// The Russian name of a parameter OPI's signature of this function does not have.
    fn russian_word(&self, english: &str) -> String {
        if let Some(word) = self.ours.get(english) {
            return word.clone();
        }
        // The Russian name OPI gives this English one most often.
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (en, ru) in &self.signatures {
            for ((en_name, _), (ru_name, _)) in en.params.iter().zip(&ru.params) {
                if en_name == english {
                    match counts.iter_mut().find(|(name, _)| name == ru_name) {
                        Some((_, count)) => *count += 1,
                        None => counts.push((ru_name.clone(), 1)),
                    }
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, count)| *count)
            .map_or_else(|| english.to_string(), |(name, _)| name)
    }

    /// The function's signature in an edition: OPI's names and defaults for OPI's parameters,
    /// then ours (the table's parameters after OPI's), each with `""` when it may be left out.
    pub fn signature(&self, function: &Function, edition: Edition) -> Signature {
        let opi = self.of(function).map(|(english, russian)| match edition {
            Edition::English => english,
            Edition::Russian => russian,
        });
        let params = function
            .params
            .iter()
            .enumerate()
            .map(|(i, param)| match opi.and_then(|signature| signature.params.get(i)) {
                Some(known) => known.clone(),
                None => {
                    let name = match edition {
                        Edition::English => param.opi_name.to_string(),
                        Edition::Russian => self.russian_word(param.opi_name),
                    };
                    (name, param.has_default().then(|| "\"\"".to_string()))
                }
            })
            .collect();
        Signature { name: edition.name(function).to_string(), params }
    }
}

/// Whether OPI gives this function's answer as a Structure: the local builders, and a plan
/// whose answer is a built object rather than the portal's (GetFolderFilterStructure).
pub fn answers_a_structure(function: &Function) -> bool {
    match function.action {
        Action::Local(_) => true,
        Action::Plan { .. } => {
            let example: serde_json::Value = serde_json::from_str(function.example).unwrap();
            example.as_object().is_some_and(|o| !o.contains_key("result") && !o.contains_key("error"))
        }
        _ => false,
    }
}

/// How a 1C value goes to the add-in: where the parameter takes JSON, a Structure, Map or Array
/// as its JSON text (a text as it is); a Files map with BinaryData as base64; strings, numbers,
/// booleans, Dates and BinaryData as themselves.
fn argument(words: &Words, kind: Kind, name: &str) -> String {
    match kind {
        Kind::Files => format!("{}({name})", words.files_to_json),
        Kind::Ids | Kind::Blocks | Kind::Object | Kind::Structure | Kind::Calls | Kind::Rate => {
            format!("{}({name})", words.to_json)
        }
        Kind::Text | Kind::Id | Kind::Flag | Kind::Seconds | Kind::Date | Kind::File => name.to_string(),
    }
}

fn function_text(opi: &Opi, function: &Function, edition: Edition) -> String {
    let words = edition.words();
    let signature = opi.signature(function, edition);
    let header: Vec<String> = signature
        .params
        .iter()
        .map(|(name, default)| match default {
            Some(default) => format!("{} {name} = {default}", words.val),
            None => format!("{} {name}", words.val),
        })
        .collect();
    let args: Vec<String> = function
        .params
        .iter()
        .zip(&signature.params)
        .map(|(param, (name, _))| argument(words, param.kind, name))
        .collect();
    let call = format!("{}().{}({})", words.attach, edition.name(function), args.join(", "));
    let answer = if answers_a_structure(function) {
        let as_map = function
            .params
            .iter()
            .zip(&signature.params)
            .find(|(param, _)| param.key == "map")
            .map_or(words.not_given, |(_, (name, _))| name.as_str());
        format!("{}({call}, {as_map})", words.as_structure)
    } else {
        format!("{}({call})", words.as_map)
    };
    let comment = match edition {
        Edition::English => format!("// {}. REST: {}.", function.summary, function.shown_method()),
        Edition::Russian => {
            format!("// {} (OPI: {}). REST: {}.", function.name_ru, function.name, function.shown_method())
        }
    };
    let returns = match edition {
        Edition::English => "Return",
        Edition::Russian => "Возврат",
    };
    format!(
        "{comment}\n{} {}({}) {}\n\t{returns} {answer};\n{}\n",
        words.function,
        signature.name,
        header.join(", "),
        words.export,
        words.end_function
    )
}

/// The whole module of an edition.
pub fn module(edition: Edition) -> String {
    let opi = Opi::load();
    let (head, tail) = match edition {
        Edition::English => (ENGLISH_HEAD, ENGLISH_TAIL),
        Edition::Russian => (RUSSIAN_HEAD, RUSSIAN_TAIL),
    };
    let mut text = String::from(head);
    let mut section = "";
    for function in functions::all() {
        if function.section != section {
            section = function.section;
            text.push_str(&format!("\n// {}\n// {section}\n", "=".repeat(section.len())));
        }
        text.push('\n');
        text.push_str(&function_text(&opi, function, edition));
    }
    text.push_str(tail);
    text
}

const RUSSIAN_HEAD: &str = "\
// OPI_Bitrix24 на библиотеке bitrix24-ffi.
//
// Те же экспортные функции, что в общем модуле OPI_Bitrix24 из OpenIntegrations (OPI): имена,
// порядок и имена параметров, значения по умолчанию. Запросы к порталу делает внешняя
// компонента Bitrix24 (Native API), ответ возвращается так же, как у OPI: Соответствие из JSON
// ответа портала, а у функций, которые только строят структуру, Структура.
//
// Установка: общий макет \"Bitrix24\" типа \"Двоичные данные\" с файлом Bitrix24.zip (из
// cargo run --example package_1c) и общий модуль с этим текстом (флаги \"Сервер\" и
// \"Внешнее соединение\"). Имя модуля OPI_Bitrix24 заменяет модуль OPI, и код конфигурации
// работает без изменений; под другим именем (например, Битрикс24Библиотека) модуль живёт
// рядом с OPI. Если компонента лежит не в общем макете, поменяйте МестоКомпоненты().
//
// Текст записан tests/generated.rs из таблицы функций библиотеки; правится только
// МестоКомпоненты().

// Откуда подключается компонента: имя общего макета (\"ОбщийМакет.<имя>\") или полный путь к
// Bitrix24.zip или к самой библиотеке на сервере.
Функция МестоКомпоненты()
\tВозврат \"ОбщийМакет.Bitrix24\";
КонецФункции

// Объект компоненты. Компонента подключается один раз за сеанс: пока объект создаётся,
// ПодключитьВнешнююКомпоненту не вызывается. Общий модуль не может хранить переменные,
// поэтому объект новый на каждый вызов; всё, что библиотека держит между вызовами (соединения,
// лимиты портала, обновлённые токены), общее для процесса.
Функция ПодключитьБиблиотеку() Экспорт
\tПопытка
\t\tВозврат Новый(\"AddIn.B24.Bitrix24\");
\tИсключение
\t\t// В этом сеансе компонента ещё не подключена.
\tКонецПопытки;
\tЕсли Не ПодключитьВнешнююКомпоненту(МестоКомпоненты(), \"B24\", ТипВнешнейКомпоненты.Native) Тогда
\t\tВызватьИсключение СтрШаблон(НСтр(\"ru = 'Не удалось подключить внешнюю компоненту Bitrix24 (%1)'\"), МестоКомпоненты());
\tКонецЕсли;
\tВозврат Новый(\"AddIn.B24.Bitrix24\");
КонецФункции
";

const RUSSIAN_TAIL: &str = "
// ==================
// Служебные функции

// Структура, Соответствие или Массив становятся текстом JSON, как их принимает компонента;
// строки, числа, даты и двоичные данные передаются как есть.
Функция ЗначениеВJSON(Значение)
\tТипЗначения = ТипЗнч(Значение);
\tЕсли ТипЗначения = Тип(\"Структура\") Или ТипЗначения = Тип(\"Соответствие\") Или ТипЗначения = Тип(\"Массив\")
\t\tИли ТипЗначения = Тип(\"ФиксированнаяСтруктура\") Или ТипЗначения = Тип(\"ФиксированноеСоответствие\")
\t\tИли ТипЗначения = Тип(\"ФиксированныйМассив\") Тогда
\t\tЗапись = Новый ЗаписьJSON;
\t\tЗапись.УстановитьСтроку();
\t\tЗаписатьJSON(Запись, Значение);
\t\tВозврат Запись.Закрыть();
\tКонецЕсли;
\tВозврат Значение;
КонецФункции

// Файлы как у OPI (Соответствие: имя файла -> путь или ДвоичныеДанные) в JSON компоненты:
// двоичные данные уходят как {\"name\": имя, \"base64\": ...}.
Функция ФайлыВJSON(Файлы)
\tЕсли ТипЗнч(Файлы) <> Тип(\"Соответствие\") И ТипЗнч(Файлы) <> Тип(\"Структура\") Тогда
\t\tВозврат Файлы;
\tКонецЕсли;
\tКакJSON = Новый Соответствие;
\tДля Каждого Файл Из Файлы Цикл
\t\tЕсли ТипЗнч(Файл.Значение) = Тип(\"ДвоичныеДанные\") Тогда
\t\t\tДанные = Новый Структура(\"name, base64\", Строка(Файл.Ключ), Base64Строка(Файл.Значение));
\t\t\tКакJSON.Вставить(Строка(Файл.Ключ), Данные);
\t\tИначе
\t\t\tКакJSON.Вставить(Строка(Файл.Ключ), Файл.Значение);
\t\tКонецЕсли;
\tКонецЦикла;
\tВозврат ЗначениеВJSON(КакJSON);
КонецФункции

// Ответ компоненты (текст JSON) как Соответствие, как его возвращает OPI.
Функция ОтветКакСоответствие(ТекстJSON)
\tЧтение = Новый ЧтениеJSON;
\tЧтение.УстановитьСтроку(ТекстJSON);
\tРезультат = ПрочитатьJSON(Чтение, Истина);
\tЧтение.Закрыть();
\tВозврат Результат;
КонецФункции

// Ответ функции, которая строит структуру, как Структура (как у OPI), или Соответствие, когда
// его просят или когда ключи не годятся в имена полей Структуры.
Функция ОтветКакСтруктура(ТекстJSON, КакСоответствие)
\tЕсли КакСоответствие = Истина Тогда
\t\tВозврат ОтветКакСоответствие(ТекстJSON);
\tКонецЕсли;
\tПопытка
\t\tЧтение = Новый ЧтениеJSON;
\t\tЧтение.УстановитьСтроку(ТекстJSON);
\t\tРезультат = ПрочитатьJSON(Чтение, Ложь);
\t\tЧтение.Закрыть();
\t\tВозврат Результат;
\tИсключение
\t\tВозврат ОтветКакСоответствие(ТекстJSON);
\tКонецПопытки;
КонецФункции
";

const ENGLISH_HEAD: &str = "\
// OPI_Bitrix24 on the bitrix24-ffi library.
//
// The same exported functions as the OPI_Bitrix24 common module of OpenIntegrations (OPI):
// names, parameter order and names, defaults. The Bitrix24 add-in (Native API) makes the
// requests; the answer comes back as OPI gives it: a Map read from the portal's JSON answer, and
// a Structure from the functions that only build one.
//
// Setup: a common template \"Bitrix24\" of the binary data kind holding Bitrix24.zip (from
// cargo run --example package_1c), and a common module with this text (Server and External
// connection flags). Named OPI_Bitrix24 it replaces OPI's module and the configuration's code
// runs unchanged; under another name (say Bitrix24Library) it lives next to OPI. If the add-in
// is not in a common template, change AddInLocation().
//
// Written by tests/generated.rs from the library's function table; only AddInLocation() is
// meant to be edited.

// Where the add-in is attached from: a common template (\"CommonTemplate.<name>\") or the full
// path of Bitrix24.zip or of the library itself on the server.
Function AddInLocation()
\tReturn \"CommonTemplate.Bitrix24\";
EndFunction

// The add-in's object. The add-in is attached once per session: while the object can be made,
// AttachAddIn is not called. A common module cannot keep variables, so each call makes a new
// object; what the library keeps between calls (connections, the portal's limits, refreshed
// tokens) is the process's.
Function AttachLibrary() Export
\tTry
\t\tReturn New(\"AddIn.B24.Bitrix24\");
\tExcept
\t\t// Not attached yet in this session.
\tEndTry;
\tIf Not AttachAddIn(AddInLocation(), \"B24\", AddInType.Native) Then
\t\tRaise StrTemplate(NStr(\"en = 'Could not attach the Bitrix24 add-in (%1)'\"), AddInLocation());
\tEndIf;
\tReturn New(\"AddIn.B24.Bitrix24\");
EndFunction
";

const ENGLISH_TAIL: &str = "
// =========
// Internals

// A Structure, Map or Array becomes its JSON text, as the add-in takes it; strings, numbers,
// dates and binary data go as they are.
Function ValueToJSON(Value)
\tValueType = TypeOf(Value);
\tIf ValueType = Type(\"Structure\") Or ValueType = Type(\"Map\") Or ValueType = Type(\"Array\")
\t\tOr ValueType = Type(\"FixedStructure\") Or ValueType = Type(\"FixedMap\")
\t\tOr ValueType = Type(\"FixedArray\") Then
\t\tWriter = New JSONWriter;
\t\tWriter.SetString();
\t\tWriteJSON(Writer, Value);
\t\tReturn Writer.Close();
\tEndIf;
\tReturn Value;
EndFunction

// Files as OPI takes them (a Map: file name -> path or BinaryData) as the add-in's JSON: binary
// data goes as {\"name\": name, \"base64\": ...}.
Function FilesToJSON(Files)
\tIf TypeOf(Files) <> Type(\"Map\") And TypeOf(Files) <> Type(\"Structure\") Then
\t\tReturn Files;
\tEndIf;
\tAsJSON = New Map;
\tFor Each File In Files Do
\t\tIf TypeOf(File.Value) = Type(\"BinaryData\") Then
\t\t\tData = New Structure(\"name, base64\", String(File.Key), Base64String(File.Value));
\t\t\tAsJSON.Insert(String(File.Key), Data);
\t\tElse
\t\t\tAsJSON.Insert(String(File.Key), File.Value);
\t\tEndIf;
\tEndDo;
\tReturn ValueToJSON(AsJSON);
EndFunction

// The add-in's answer (JSON text) as a Map, as OPI returns it.
Function AnswerAsMap(JSONText)
\tReader = New JSONReader;
\tReader.SetString(JSONText);
\tResult = ReadJSON(Reader, True);
\tReader.Close();
\tReturn Result;
EndFunction

// A building function's answer as a Structure (as OPI gives it), or a Map when asked for or
// when its keys cannot be a Structure's field names.
Function AnswerAsStructure(JSONText, AsMap)
\tIf AsMap = True Then
\t\tReturn AnswerAsMap(JSONText);
\tEndIf;
\tTry
\t\tReader = New JSONReader;
\t\tReader.SetString(JSONText);
\t\tResult = ReadJSON(Reader, False);
\t\tReader.Close();
\t\tReturn Result;
\tExcept
\t\tReturn AnswerAsMap(JSONText);
\tEndTry;
EndFunction
";
