//! The fuzz targets' invariants (fuzz/fuzz_targets/), checked on stable Rust with generated
//! inputs, so that the suite holds them where the nightly fuzzer is missing: every input gets
//! a JSON answer and never a caught panic; no secret survives redaction or appears in the
//! library's own errors; batch commands decode back to their fields; any batch answer splits
//! into one item per call. The generator is seeded, so a failure repeats.

mod common;

use bitrix24_ffi::api::addin::testing::{self, Variant};
use bitrix24_ffi::functions::{self, input, invoke, Kind};
use bitrix24_ffi::rest::redact::{self, MIN_ANYWHERE};
use bitrix24_ffi::rest::{batch, Request};
use bitrix24_ffi::sandbox::decode_form;
use serde_json::{json, Map, Value};

/// xorshift64*: small, seeded, good enough to spread inputs.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "", " ", "chat1", "450", "-3", "12.5", "{}", "[]", "null", "[1,2]", "{\"a\":1}", "Y", "N", "true",
            "standard", "off", "{\"burst\": 0}", "привет", "👋", "\\", "\"", "%41", "\u{0}", "http://", "/",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ];
        (0..self.below(3)).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 2 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 1),
            2 => json!(self.next() as i64 % 100_000),
            3 => json!((self.next() % 1000) as f64 / 7.0),
            4 | 5 => json!(self.text()),
            6 => Value::Array((0..self.below(3)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object((0..self.below(3)).map(|_| (self.text(), self.value(depth + 1))).collect()),
        }
    }
}

const TOKEN: &str = "PropertyTestSecretToken42";

/// An input for `function`: some of its keys with values of any kind, a loopback portal that
/// refuses connections, a short timeout, and the limits off.
fn input(random: &mut Random, function: &functions::Function) -> Value {
    let mut input = Map::new();
    for param in function.accepted_params() {
        if param.key == "limit_dir" || random.below(3) == 0 {
            continue;
        }
        let value = match (param.key, param.kind) {
            ("url", _) if random.below(2) == 0 => json!("http://127.0.0.1:9/"),
            ("url", _) => json!(format!("http://127.0.0.1:9/rest/1/{TOKEN}/")),
            ("token", _) => json!(TOKEN),
            ("timeout", _) => json!(0.2),
            ("rate_limit", _) => json!("off"),
            (_, Kind::File) if random.below(2) == 0 => json!({"name": "a.txt", "base64": "aGVsbG8="}),
            _ => random.value(0),
        };
        input.insert(param.key.to_string(), value);
    }
    Value::Object(input)
}

#[test]
fn every_function_answers_any_input_with_json_and_never_a_caught_panic_or_a_secret() {
    let mut random = Random(0x5EED_1234);
    let all: Vec<&functions::Function> = functions::all().collect();
    for _ in 0..3000 {
        let function = all[random.below(all.len())];
        let input = input(&mut random, function);
        let answer = invoke::invoke_named(function.name, &input.to_string());
        let value: Value = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{answer}: {e}"));
        let code = value.get("error").and_then(Value::as_str).unwrap_or_default();
        assert_ne!(code, "B24_INTERNAL", "{} {input} -> {answer}", function.name);
        if code.starts_with("B24_") {
            assert!(!redact::contains(&answer, TOKEN), "{} {input} -> {answer}", function.name);
        }
    }
}

#[test]
fn every_function_refuses_a_key_given_twice_and_an_input_over_its_limit() {
    let mut random = Random(0xD0B1_E5E7);
    let all: Vec<&functions::Function> = functions::all().collect();
    for _ in 0..1000 {
        let function = all[random.below(all.len())];
        let Value::Object(object) = input(&mut random, function) else { unreachable!() };
        let Some((key, value)) = object.iter().next() else { continue };
        // The first key again, in front: a key given twice, never "last wins".
        let text = Value::Object(object.clone()).to_string();
        let twice = format!("{{{}:{value},{}", Value::String(key.clone()), &text[1..]);
        let answer: Value = serde_json::from_str(&invoke::invoke_named(function.name, &twice)).unwrap();
        assert_eq!(answer["error"], "B24_INVALID_INPUT", "{} {twice} -> {answer}", function.name);
        let description = answer["error_description"].as_str().unwrap();
        assert!(description.contains(&format!("'{key}'")), "{} {twice} -> {answer}", function.name);
    }
    for function in all {
        let files = function.accepted_params().filter(|param| param.kind == Kind::File).count();
        let most = input::MAX_INPUT_BYTES + files * input::MAX_FILE_INPUT_BYTES;
        let answer = invoke::invoke_named(function.name, &format!("{{}}{}", " ".repeat(most - 1)));
        assert!(
            answer.contains("B24_INVALID_INPUT") && answer.contains("at most"),
            "{}: {answer}",
            function.name
        );
    }
}

#[test]
fn every_add_in_method_answers_any_1c_values_with_json() {
    let mut random = Random(0xADD1_0000);
    for _ in 0..3000 {
        let mut args: Vec<Variant> = (0..random.below(8))
            .map(|_| match random.below(7) {
                0 => Variant::Empty,
                1 => Variant::Bool(random.below(2) == 1),
                2 => Variant::I4(random.next() as i32),
                3 => Variant::R8(f64::from_bits(random.next())),
                4 => Variant::Wide(
                    random.text().encode_utf16().chain([0xD800]).take(random.below(20)).collect(),
                ),
                5 => Variant::Blob((0..random.below(40)).map(|_| random.next() as u8).collect()),
                _ => Variant::Other(random.below(30) as u16, random.next()),
            })
            .collect();
        let answer = testing::call(random.below(testing::method_count()), &mut args);
        let value: Value = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{answer}: {e}"));
        assert_ne!(value.get("error").and_then(Value::as_str), Some("B24_INTERNAL"), "{args:?} -> {answer}");
    }
}

#[test]
fn no_secret_survives_redaction_in_any_spelling() {
    let mut random = Random(0x5EC2_E700);
    for _ in 0..5000 {
        let secret: String =
            (0..MIN_ANYWHERE + random.below(30)).map(|_| (b'a' + random.below(26) as u8) as char).collect();
        let spelled: String = match random.below(5) {
            0 => secret.clone(),
            1 => secret.to_uppercase(),
            2 => secret.bytes().map(|b| format!("%{b:02x}")).collect(),
            3 => secret.chars().map(|c| format!("\\u{:04X}", c as u32)).collect(),
            _ => secret.chars().flat_map(|c| [c, '\n']).collect(),
        };
        let text = format!("{}{spelled}{}", random.text(), random.text());
        let said = redact::redact(&text, &[&secret]);
        assert!(!redact::contains(&said, &secret), "{secret} survived in {said:?}");
    }
}

#[test]
fn batch_commands_decode_back_to_their_fields() {
    let mut random = Random(0xBA7C_0000);
    let mut sent = 0;
    for _ in 0..2000 {
        let mut fields = Map::new();
        for index in 0..random.below(5) {
            fields.insert(format!("F{index}"), random.value(0));
        }
        // A value a command cannot carry exactly is refused, naming its field.
        let command = match batch::command(&Request::change("im.message.add", fields.clone())) {
            Ok(command) => command,
            Err(why) => {
                assert!(why.contains("field F") || why.contains("variables"), "{why}");
                continue;
            }
        };
        sent += 1;
        let query = command.strip_prefix("im.message.add").unwrap().trim_start_matches('?');
        let decoded = decode_form(query.as_bytes());
        for (key, value) in &fields {
            let expected = match value {
                Value::String(text) => Some(Value::String(text.clone())),
                Value::Bool(flag) => Some(json!(if *flag { "1" } else { "" })),
                Value::Number(number) => Some(Value::String(number.to_string())),
                Value::Null => None,
                _ => continue,
            };
            assert_eq!(decoded.get(key), expected.as_ref(), "{command}");
        }
    }
    assert!(sent > 500, "only {sent} of 2000 field sets were sent");
}

#[test]
fn any_batch_answer_splits_into_one_item_per_call() {
    let mut random = Random(0x5911_7000);
    let keys: Vec<String> = (0..4).map(|i| format!("c{i}")).collect();
    for _ in 0..2000 {
        let answer = match random.below(3) {
            0 => random.value(0),
            1 => {
                json!({"result": {"result": {"c0": random.value(1)}, "result_error": {"c1": random.value(1)}}})
            }
            _ => json!({"error": random.value(1)}),
        };
        let items = batch::split(answer.clone(), &keys);
        assert_eq!(items.len(), keys.len());
        for item in items {
            assert!(item.get("result").is_some() || item.get("error").is_some(), "{answer} -> {item}");
        }
    }
}
