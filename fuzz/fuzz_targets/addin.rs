//! The 1C add-in's tVariant conversion and method dispatch: any method with any 1C values.
//! Oracle: the answer is JSON and no panic was caught (B24_INTERNAL).
#![no_main]

use bitrix24_ffi::api::addin::testing::{self, Variant};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "setup.rs"]
mod setup;

fn variant(data: &mut &[u8]) -> Option<Variant> {
    let (&kind, rest) = data.split_first()?;
    let (&len, rest) = rest.split_first()?;
    let len = (len as usize).min(rest.len());
    let (payload, rest) = rest.split_at(len);
    *data = rest;
    let bits = payload.iter().fold(0u64, |bits, &b| bits.rotate_left(8) ^ u64::from(b));
    Some(match kind % 9 {
        0 => Variant::Empty,
        1 => Variant::Bool(bits & 1 == 1),
        2 => Variant::I4(bits as i32),
        3 => Variant::R8(f64::from_bits(bits)),
        4 => Variant::Wide(payload.chunks(2).map(|c| u16::from(c[0]) | u16::from(*c.get(1).unwrap_or(&0)) << 8).collect()),
        5 => Variant::Narrow(payload.to_vec()),
        6 => Variant::Blob(payload.to_vec()),
        7 => Variant::Wide(String::from_utf8_lossy(payload).encode_utf16().collect()),
        _ => Variant::Other(u16::from(kind), bits),
    })
}

fuzz_target!(|data: &[u8]| {
    setup::once();
    let Some((&pick, mut rest)) = data.split_first() else { return };
    let mut args = Vec::new();
    while let Some(value) = variant(&mut rest) {
        args.push(value);
    }
    let answer = testing::call(pick as usize % testing::method_count(), &mut args);
    let value: Value = serde_json::from_str(&answer).expect("every answer is JSON");
    assert_ne!(value.get("error").and_then(Value::as_str), Some("B24_INTERNAL"), "{args:?} -> {answer}");
});
