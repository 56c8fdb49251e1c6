//! The add-in's conversion and dispatch without a platform, for the fuzz target and the
//! property tests: 1C values as the platform would pass them, in, the answer's text out.

use super::abi::{vt, Bytes, TVariant, Value as Union, Wide};
use super::{convert, members};

/// A 1C value as a tVariant carries it.
#[derive(Debug, Clone)]
pub enum Variant {
    Empty,
    Bool(bool),
    I4(i32),
    R8(f64),
    /// A 1C String: UTF-16 units, possibly broken.
    Wide(Vec<u16>),
    Narrow(Vec<u8>),
    /// BinaryData.
    Blob(Vec<u8>),
    /// Any other type code, with an 8-byte payload.
    Other(u16, u64),
}

/// The number of methods, Invoke included.
pub fn method_count() -> usize {
    members::METHODS.len()
}

/// Runs method `index` (modulo the count) with `args` as the platform passes them, with the
/// object's default Timeout and no settings.
pub fn call(index: usize, args: &mut [Variant]) -> String {
    let method = &members::METHODS[index % members::METHODS.len()];
    let variants: Vec<TVariant> = args.iter_mut().map(to_variant).collect();
    let decoded: Result<Vec<_>, _> = method
        .params
        .iter()
        .zip(&variants)
        // SAFETY: every variant points into `args`, which outlives the call.
        .map(|(param, variant)| unsafe { convert::to_json(variant, param) })
        .collect();
    match decoded {
        Ok(values) => method.run_for(values, members::DEFAULT_TIMEOUT, &Default::default(), None).answer,
        Err(error) => error.to_json(),
    }
}

fn to_variant(value: &mut Variant) -> TVariant {
    let (code, union) = match value {
        Variant::Empty => (vt::EMPTY, Union { u64: 0 }),
        Variant::Bool(on) => (vt::BOOL, Union { u8: u8::from(*on) }),
        Variant::I4(number) => (vt::I4, Union { i32: *number }),
        Variant::R8(number) => (vt::R8, Union { f64: *number }),
        Variant::Wide(units) => {
            (vt::PWSTR, Union { wstr: Wide { ptr: units.as_mut_ptr(), len: units.len() as u32 } })
        }
        Variant::Narrow(bytes) => {
            (vt::PSTR, Union { str: Bytes { ptr: bytes.as_mut_ptr().cast(), len: bytes.len() as u32 } })
        }
        Variant::Blob(bytes) => {
            (vt::BLOB, Union { str: Bytes { ptr: bytes.as_mut_ptr().cast(), len: bytes.len() as u32 } })
        }
        // Only codes whose payload is plain data: pointer-carrying ones are covered above.
        Variant::Other(code, bits) => {
            let code = match *code {
                vt::PWSTR | vt::PSTR | vt::BLOB => 10,
                code => code,
            };
            (code, Union { u64: *bits })
        }
    };
    TVariant { value: union, cb_elements: 0, vt: code }
}
