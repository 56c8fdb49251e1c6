//! The 1C:Enterprise Native API add-in: the same library, attached from 1C with
//! `ПодключитьВнешнююКомпоненту(..., "B24", ТипВнешнейКомпоненты.Native)` and created as
//! `Новый("AddIn.B24.Bitrix24")`. Its methods are the function table's, with OPI's names in
//! English and Russian and OPI's parameter order, and answer the same JSON text as the C API.
//!
//! The vtables are written here rather than taken from the `addin1c` crate because the add-in
//! needs what that crate's safe layer hides: a tVariant's type code (so a Date or a Number
//! of any width is told apart from Undefined), the connection's AddError (to refuse a bad
//! Timeout), and `catch_unwind` at every entry the platform calls.
//!
//! The five exports below have their own ABI and are left out of the C header (cbindgen.toml).

mod abi;
mod convert;
mod members;
mod object;
#[cfg(any(fuzzing, feature = "sandbox"))]
pub mod testing;

use std::ffi::{c_int, c_long, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use members::{methods_markdown, Property, PROPERTIES};
use object::Object;

/// The class name (GetClassNames) and the extension name (RegisterExtensionAs).
pub const CLASS_NAME: &str = "Bitrix24";

/// "Bitrix24\0" as UTF-16, static because the platform does not free GetClassNames' answer.
static CLASS_NAMES: [u16; CLASS_NAME.len() + 1] = ascii_utf16(CLASS_NAME);

const fn ascii_utf16<const N: usize>(text: &str) -> [u16; N] {
    let bytes = text.as_bytes();
    let mut units = [0u16; N];
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i].is_ascii());
        units[i] = bytes[i] as u16;
        i += 1;
    }
    units
}

/// The classes this library makes, `|`-separated: just one.
#[no_mangle]
pub extern "C" fn GetClassNames() -> *const u16 {
    CLASS_NAMES.as_ptr()
}

/// Creates an object of class `name` into `*object`; non-zero when one was created.
///
/// # Safety
/// `name` is NULL or a NUL-terminated UTF-16 text; `object` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn GetClassObject(name: *const u16, object: *mut *mut c_void) -> c_long {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as the caller promises.
        let name = unsafe { abi::read_nul_terminated(name) };
        if object.is_null() || String::from_utf16_lossy(name) != CLASS_NAME {
            return 0;
        }
        // SAFETY: `object` is writable; the platform hands the pointer back to DestroyObject.
        unsafe { *object = Box::into_raw(Box::new(Object::new())).cast() };
        1
    }))
    .unwrap_or(0)
}

/// Destroys an object made by GetClassObject and clears `*object`; 0 on success.
///
/// # Safety
/// `object` is NULL or points to NULL or to a pointer GetClassObject made and not yet destroyed.
#[no_mangle]
pub unsafe extern "C" fn DestroyObject(object: *mut *mut c_void) -> c_long {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as the caller promises.
        let Some(pointer) = (unsafe { object.as_mut() }).filter(|p| !p.is_null()) else {
            return -1;
        };
        // SAFETY: made by Box::into_raw in GetClassObject.
        let destroyed = unsafe { Box::from_raw(pointer.cast::<Object>()) };
        destroyed.wait_for_calls();
        drop(destroyed);
        *pointer = std::ptr::null_mut();
        0
    }))
    .unwrap_or(-1)
}

/// The platform tells what it can do; the add-in uses nothing beyond the first version, and
/// answers with the latest it knows of (3) as the platform expects.
#[no_mangle]
pub extern "C" fn SetPlatformCapabilities(_capabilities: c_int) -> c_int {
    3
}

/// 3: the library may be loaded in the server process or in an isolated one.
#[no_mangle]
pub extern "C" fn GetAttachType() -> c_int {
    3
}
