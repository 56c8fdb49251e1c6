//! 1C values (tVariant) to JSON values for the core, which then checks them against the
//! table as it checks any JSON input. Refusals name the parameter by its JSON key, as the
//! core's own refusals do, so that one parameter is always named one way.

use serde_json::Value;

use super::abi::{vt, TVariant};
use super::members::number;
use crate::error::Error;
use crate::functions::{Kind, Param};

/// `Ok(None)` means "not given" (Undefined or Null in 1C). BinaryData, which is how 1C code
/// holds a file, is taken where the parameter is a file and becomes `{"base64": ...}`.
///
/// # Safety
/// `variant` is a tVariant from the platform: its pointer members are valid for their lengths.
pub unsafe fn to_json(variant: &TVariant, param: &Param) -> Result<Option<Value>, Error> {
    if variant.vt == vt::BLOB && param.kind == Kind::File {
        // SAFETY: the platform wrote a BLOB of `len` bytes (or NULL for none).
        let bytes = unsafe { variant.value.str };
        let data: &[u8] = if bytes.ptr.is_null() || bytes.len == 0 {
            &[]
        } else {
            unsafe { std::slice::from_raw_parts(bytes.ptr.cast::<u8>(), bytes.len as usize) }
        };
        let mut encoded = Vec::with_capacity(data.len().div_ceil(3) * 4);
        crate::rest::encode_base64(data, &mut encoded);
        let text = String::from_utf8(encoded).map_err(|_| Error::Internal)?;
        return Ok(Some(serde_json::json!({ "base64": text })));
    }
    if matches!(variant.vt, vt::TM | vt::DATE) && param.kind == Kind::Date {
        // SAFETY: `vt` says which union member the platform wrote.
        let moment = unsafe {
            if variant.vt == vt::TM {
                from_tm(&variant.value.tm)
            } else {
                from_ole_date(variant.value.f64)
            }
        };
        return moment.ok_or_else(|| Error::invalid(param.key, "is a 1C Date the library cannot read"));
    }
    // SAFETY: passed on from the caller.
    unsafe { scalar(variant, param.key) }
}

/// A 1C Date as the date kind's ISO text (`YYYY-MM-DDTHH:MM:SS`, the local time as 1C holds
/// it); the empty date (0001-01-01 00:00:00) is "not given", as OPI leaves it out. `None`
/// when the fields are not a moment.
fn from_tm(tm: &libc::tm) -> Option<Option<Value>> {
    let (year, month, day) = (i64::from(tm.tm_year) + 1900, i64::from(tm.tm_mon) + 1, i64::from(tm.tm_mday));
    let (hour, minute, second) = (tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (year, month, day, hour, minute, second) == (1, 1, 1, 0, 0, 0) {
        return Some(None);
    }
    let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    // The date kind checks the calendar itself; this only keeps nonsense from being written.
    crate::functions::dates::parse(&text).map(|canonical| Some(Value::String(canonical)))
}

/// An OLE Automation date (days since 1899-12-30, the fraction the time of day), which some
/// hosts pass as VTYPE_DATE.
fn from_ole_date(days: f64) -> Option<Option<Value>> {
    if !days.is_finite() || !(-657_434.0..=2_958_466.0).contains(&days) {
        return None;
    }
    let seconds = (days * 86_400.0).round() as i64 - 25_569 * 86_400;
    let (day, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = crate::functions::dates::civil_from_days(day);
    let tm = libc::tm {
        tm_year: (year - 1900) as i32,
        tm_mon: month as i32 - 1,
        tm_mday: day as i32,
        tm_hour: (second_of_day / 3600) as i32,
        tm_min: (second_of_day % 3600 / 60) as i32,
        tm_sec: (second_of_day % 60) as i32,
        // SAFETY: `tm` is plain data; the remaining fields are not read.
        ..unsafe { std::mem::zeroed() }
    };
    from_tm(&tm)
}

/// Every other 1C value: strings, numbers, booleans, Undefined.
///
/// # Safety
/// As for `to_json`.
unsafe fn scalar(variant: &TVariant, opi_name: &str) -> Result<Option<Value>, Error> {
    // SAFETY: `vt` says which union member the platform wrote.
    let value = unsafe {
        let v = &variant.value;
        match variant.vt {
            vt::EMPTY | vt::NULL => return Ok(None),
            vt::PWSTR => Value::String(wide_text(variant, opi_name)?),
            vt::PSTR => Value::String(narrow_text(variant, opi_name)?),
            vt::BOOL => Value::Bool(variant.bool()),
            vt::I1 => Value::from(v.i8),
            vt::I2 => Value::from(v.i16),
            vt::I4 | vt::INT => Value::from(v.i32),
            vt::I8 => Value::from(v.i64),
            vt::UI1 => Value::from(v.u8),
            vt::UI2 => Value::from(v.u16),
            vt::UI4 | vt::UINT => Value::from(v.u32),
            vt::UI8 => Value::from(v.u64),
            vt::R4 => finite(f64::from(v.f32), opi_name)?,
            vt::R8 => finite(v.f64, opi_name)?,
            other => {
                return Err(Error::invalid(
                    opi_name,
                    format!(
                        "is a 1C {}, which this parameter does not take; pass a String or a Number",
                        type_name(other)
                    ),
                ))
            }
        }
    };
    Ok(Some(value))
}

/// A 1C Number as seconds, for the Timeout property; `None` for anything else.
///
/// # Safety
/// As for `to_json`.
pub unsafe fn to_seconds(variant: &TVariant) -> Option<f64> {
    match variant.vt {
        vt::PWSTR | vt::PSTR | vt::BOOL => None,
        // SAFETY: passed on from the caller.
        _ => match unsafe { scalar(variant, "Timeout") } {
            Ok(Some(Value::Number(seconds))) => seconds.as_f64(),
            _ => None,
        },
    }
}

/// A 1C String (or Undefined, as "") for a text property; `None` for anything else.
///
/// # Safety
/// As for `to_json`.
pub unsafe fn to_text(variant: &TVariant) -> Option<String> {
    // SAFETY: passed on from the caller.
    match unsafe { scalar(variant, "value") } {
        Ok(None) => Some(String::new()),
        Ok(Some(Value::String(text))) => Some(text),
        _ => None,
    }
}

fn finite(value: f64, opi_name: &str) -> Result<Value, Error> {
    if value.is_finite() {
        Ok(number(value))
    } else {
        Err(Error::invalid(opi_name, "is not a finite Number"))
    }
}

/// 1C strings are UTF-16; a lone surrogate cannot become UTF-8 and is refused, not replaced,
/// so that what reaches the portal is exactly what the 1C code held.
unsafe fn wide_text(variant: &TVariant, opi_name: &str) -> Result<String, Error> {
    // SAFETY: the platform wrote a PWSTR of `len` units (or NULL for none).
    let wide = unsafe { variant.value.wstr };
    if wide.ptr.is_null() || wide.len == 0 {
        return Ok(String::new());
    }
    let units = unsafe { std::slice::from_raw_parts(wide.ptr, wide.len as usize) };
    let mut text = String::with_capacity(units.len());
    let mut at = 0;
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => {
                text.push(c);
                at += c.len_utf16();
            }
            Err(error) => {
                return Err(Error::invalid(
                    opi_name,
                    format!(
                        "is a String that is not valid UTF-16 (a lone surrogate {:#06X} at position {at})",
                        error.unpaired_surrogate()
                    ),
                ))
            }
        }
    }
    Ok(text)
}

unsafe fn narrow_text(variant: &TVariant, opi_name: &str) -> Result<String, Error> {
    // SAFETY: the platform wrote a PSTR of `len` bytes (or NULL for none).
    let narrow = unsafe { variant.value.str };
    if narrow.ptr.is_null() || narrow.len == 0 {
        return Ok(String::new());
    }
    let bytes = unsafe { std::slice::from_raw_parts(narrow.ptr.cast::<u8>(), narrow.len as usize) };
    String::from_utf8(bytes.to_vec()).map_err(|error| {
        Error::invalid(
            opi_name,
            format!(
                "is a narrow string that is not valid UTF-8 (at byte {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

fn type_name(code: u16) -> String {
    match code {
        vt::DATE | vt::TM => "Date".to_string(),
        vt::BLOB => "BinaryData".to_string(),
        other => format!("value of type code {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::abi::{Value as Union, Wide};
    use super::*;

    fn variant(vt: u16, value: Union) -> TVariant {
        TVariant { value, cb_elements: 0, vt }
    }

    fn wide(units: &mut [u16]) -> TVariant {
        variant(vt::PWSTR, Union { wstr: Wide { ptr: units.as_mut_ptr(), len: units.len() as u32 } })
    }

    fn convert(v: &TVariant) -> Result<Option<Value>, Error> {
        unsafe { scalar(v, "Text") }
    }

    #[test]
    fn binary_data_becomes_base64_where_a_file_is_taken() {
        let mut bytes = *b"hello";
        let blob = variant(
            vt::BLOB,
            Union { str: super::super::abi::Bytes { ptr: bytes.as_mut_ptr().cast(), len: 5 } },
        );
        let file =
            crate::functions::find("SendFile").unwrap().params.iter().find(|p| p.key == "file").unwrap();
        assert_eq!(unsafe { to_json(&blob, file) }.unwrap(), Some(serde_json::json!({"base64": "aGVsbG8="})));
        let text = crate::functions::find("SendFile")
            .unwrap()
            .params
            .iter()
            .find(|p| p.key == "description")
            .unwrap();
        let error = unsafe { to_json(&blob, text) }.unwrap_err();
        assert!(error.to_string().contains("BinaryData"), "{error}");
    }

    #[test]
    fn strings_decode_surrogate_pairs() {
        let original = "Привет 👋🏽 𝄞";
        let mut units: Vec<u16> = original.encode_utf16().collect();
        assert_eq!(convert(&wide(&mut units)).unwrap(), Some(Value::from(original)));
    }

    #[test]
    fn a_lone_surrogate_is_refused_naming_the_parameter() {
        let mut units = [0x41, 0xD800, 0x42];
        let error = convert(&wide(&mut units)).unwrap_err();
        assert!(error.to_string().contains("'Text'") && error.to_string().contains("position 1"), "{error}");
    }

    #[test]
    fn numbers_keep_integers_whole() {
        assert_eq!(convert(&variant(vt::R8, Union { f64: 450.0 })).unwrap(), Some(Value::from(450)));
        assert_eq!(convert(&variant(vt::R8, Union { f64: 1.5 })).unwrap(), Some(serde_json::json!(1.5)));
        assert_eq!(convert(&variant(vt::I4, Union { i32: -7 })).unwrap(), Some(Value::from(-7)));
        assert_eq!(convert(&variant(vt::UI8, Union { u64: u64::MAX })).unwrap(), Some(Value::from(u64::MAX)));
        assert_eq!(convert(&variant(vt::I2, Union { i16: 12 })).unwrap(), Some(Value::from(12)));
        assert!(convert(&variant(vt::R8, Union { f64: f64::NAN })).is_err());
    }

    #[test]
    fn undefined_and_null_are_not_given() {
        assert_eq!(convert(&variant(vt::EMPTY, Union { u64: 0 })).unwrap(), None);
        assert_eq!(convert(&variant(vt::NULL, Union { u64: 0 })).unwrap(), None);
    }

    fn tm(year: i32, month: i32, day: i32, hour: i32, minute: i32, second: i32) -> TVariant {
        // SAFETY: plain data.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec) =
            (year - 1900, month - 1, day, hour, minute, second);
        variant(vt::TM, Union { tm })
    }

    #[test]
    fn a_1c_date_becomes_the_date_kinds_text_where_a_date_is_taken() {
        let from =
            crate::functions::find("GetUserBusy").unwrap().params.iter().find(|p| p.key == "from").unwrap();
        let date = |v: &TVariant| unsafe { to_json(v, from) };
        assert_eq!(date(&tm(2025, 11, 1, 10, 30, 5)).unwrap(), Some(Value::from("2025-11-01T10:30:05")));
        assert_eq!(date(&tm(1, 1, 1, 0, 0, 0)).unwrap(), None, "the empty date is not given");
        assert!(date(&tm(2025, 2, 30, 0, 0, 0)).is_err());
        // 45962.4375 days after 1899-12-30 is 2025-11-01 10:30.
        assert_eq!(
            date(&variant(vt::DATE, Union { f64: 45962.4375 })).unwrap(),
            Some(Value::from("2025-11-01T10:30:00"))
        );
        assert!(date(&variant(vt::DATE, Union { f64: f64::NAN })).is_err());
        // Elsewhere a Date is still refused, naming the parameter.
        assert!(convert(&tm(2025, 11, 1, 0, 0, 0)).is_err());
    }

    #[test]
    fn dates_and_binary_data_are_refused_naming_the_parameter() {
        for code in [vt::DATE, vt::TM, vt::BLOB, 10] {
            let error = convert(&variant(code, Union { f64: 1.0 })).unwrap_err();
            assert!(error.to_string().starts_with("parameter 'Text'"), "{error}");
        }
    }

    #[test]
    fn timeouts_are_numbers_only() {
        assert_eq!(unsafe { to_seconds(&variant(vt::I4, Union { i32: 5 })) }, Some(5.0));
        assert_eq!(unsafe { to_seconds(&variant(vt::R8, Union { f64: 2.5 })) }, Some(2.5));
        assert_eq!(unsafe { to_seconds(&variant(vt::BOOL, Union { u8: 1 })) }, None);
        assert_eq!(unsafe { to_seconds(&variant(vt::EMPTY, Union { u64: 0 })) }, None);
    }
}
