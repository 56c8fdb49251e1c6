//! The C ABI's own functions and the one guard every export goes through. The exports of the
//! table's functions are in `exports.rs`, written from the table by a test (cbindgen reads
//! source, so they must be plain `extern "C"` functions, not macro output); each is one call
//! into `call_table`.

use std::ffi::{c_char, CStr, CString};

mod exports;
pub use exports::*;

use crate::error::Error;
use crate::functions::{self as table, invoke};

/// Runs any function of the table by its OPI name ("SendMessage", "GetChatUsers", ...; ASCII
/// case ignored) with `params`, the same JSON object the function's own export takes.
///
/// Returns what that export returns; an unknown name gives B24_UNKNOWN_FUNCTION and a NULL
/// or non-UTF-8 `function` gives B24_INVALID_INPUT. The returned text is never NULL; release
/// it with b24_free.
///
/// Every export reads its `params` the same way: at most 8 MiB of JSON besides files (plus,
/// per file parameter, the base64 of a 100 MB file), checked before parsing; a key given twice
/// in any object is refused (B24_INVALID_INPUT naming it); ids written with a fraction are
/// taken only when exactly a whole number below 2^53, integers exactly up to 2^64 - 1.
///
/// # Safety
/// `function` and `params` are NULL or NUL-terminated texts that outlive the call.
#[no_mangle]
pub unsafe extern "C" fn b24_invoke(function: *const c_char, params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    let text = match unsafe { (borrow_text(function, "function"), borrow_text(params, "params")) } {
        (Ok(function), Ok(params)) => invoke::invoke_named(function, params),
        (Err(error), _) | (_, Err(error)) => error.to_json(),
    };
    hand_over(text)
}

/// Releases a text returned by any b24_ function. NULL is ignored. Never pass a text to the
/// C runtime's free(), and never release one twice.
///
/// # Safety
/// `text` is NULL or a pointer returned by this library and not yet released.
#[no_mangle]
pub unsafe extern "C" fn b24_free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: the caller hands back a pointer made by `hand_over` with CString::into_raw.
        drop(unsafe { CString::from_raw(text) });
    }
}

/// The library's name and version, e.g. "bitrix24-ffi 0.1.0". Static: do not free.
#[no_mangle]
pub extern "C" fn b24_version() -> *const c_char {
    VERSION.as_ptr()
}

/// `crate::VERSION` with the NUL that C needs.
static VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!("bitrix24-ffi ", env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => panic!("the version text has an inner NUL"),
    };

/// Runs the table entry of `c_symbol` on a C string: the body of every generated export.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
pub(crate) unsafe fn call_table(c_symbol: &str, params: *const c_char) -> *mut c_char {
    // Every export names an entry (a test walks them); a miss would be a bug, not a crash.
    let Some(function) = table::by_symbol(c_symbol) else {
        return hand_over(Error::Internal.to_json());
    };
    // SAFETY: as the caller promises.
    let text = match unsafe { borrow_text(params, "params") } {
        Ok(params) => invoke::invoke_text(function, params),
        Err(error) => error.to_json(),
    };
    hand_over(text)
}

/// Borrows a C string for the length of the call.
///
/// # Safety
/// `text` is NULL or a NUL-terminated text that outlives the call.
unsafe fn borrow_text<'a>(text: *const c_char, name: &str) -> Result<&'a str, Error> {
    if text.is_null() {
        return Err(Error::InvalidInput(format!("{name} is NULL; pass a UTF-8 JSON text")));
    }
    // SAFETY: the caller passes a NUL-terminated string that outlives the call (the C API's
    // contract, stated in the header).
    let bytes = unsafe { CStr::from_ptr(text) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|error| {
        Error::InvalidInput(format!("{name} is not valid UTF-8 (at byte {})", error.valid_up_to()))
    })
}

/// Gives a text to the caller, who releases it with b24_free.
fn hand_over(text: String) -> *mut c_char {
    // JSON text never holds a raw NUL (it would be escaped), so this cannot fail in practice.
    CString::new(text)
        .unwrap_or_else(|_| CString::new(Error::Internal.to_json()).unwrap_or_default())
        .into_raw()
}
