//! The platform's side of the Native API as Rust types: tVariant, the memory manager and the
//! connection the platform hands in, and the destructor slots every C++ vtable starts with.
//! Layouts follow the C++ compiler the platform is built with: the Itanium ABI (two
//! destructor slots) everywhere but Windows, MSVC (one slot, `stdcall` on 32-bit) there.

use std::ffi::{c_char, c_long, c_ulong, c_ushort, c_void};
use std::ptr;

/// tVariant type codes (the platform's VTYPE_* values) that the add-in reads or writes.
pub mod vt {
    pub const EMPTY: u16 = 0;
    pub const NULL: u16 = 1;
    pub const I2: u16 = 2;
    pub const I4: u16 = 3;
    pub const R4: u16 = 4;
    pub const R8: u16 = 5;
    pub const DATE: u16 = 6;
    pub const TM: u16 = 7;
    pub const PSTR: u16 = 8;
    pub const BOOL: u16 = 11;
    pub const I1: u16 = 13;
    pub const UI1: u16 = 14;
    pub const UI2: u16 = 15;
    pub const UI4: u16 = 16;
    pub const I8: u16 = 17;
    pub const UI8: u16 = 18;
    pub const INT: u16 = 19;
    pub const UINT: u16 = 20;
    pub const PWSTR: u16 = 22;
    pub const BLOB: u16 = 23;
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Bytes {
    pub ptr: *mut c_char,
    /// In bytes.
    pub len: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Wide {
    pub ptr: *mut u16,
    /// In UTF-16 code units, not counting the NUL that follows the texts the add-in makes
    /// (the platform's own need not have one).
    pub len: u32,
}

/// The value part of tVariant. `tm` is there for its size only: it is the largest member, and
/// `libc::tm` is the C compiler's `struct tm` on each target (56 bytes on Linux x86_64).
#[repr(C)]
#[derive(Clone, Copy)]
pub union Value {
    pub i8: i8,
    pub i16: i16,
    pub i32: i32,
    pub i64: i64,
    pub u8: u8,
    pub u16: u16,
    pub u32: u32,
    pub u64: u64,
    pub f32: f32,
    pub f64: f64,
    pub str: Bytes,
    pub wstr: Wide,
    pub tm: libc::tm,
}

#[repr(C)]
pub struct TVariant {
    pub value: Value,
    pub cb_elements: u32,
    pub vt: u16,
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
const _: () = {
    assert!(std::mem::size_of::<TVariant>() == 64);
    assert!(std::mem::offset_of!(TVariant, cb_elements) == 56);
    assert!(std::mem::offset_of!(TVariant, vt) == 60);
};

impl TVariant {
    /// A C++ `bool` is one byte; reading it as a Rust `bool` would be undefined for any byte
    /// other than 0 or 1.
    pub unsafe fn bool(&self) -> bool {
        unsafe { self.value.u8 != 0 }
    }

    pub fn set_empty(&mut self) {
        self.vt = vt::EMPTY;
    }

    pub fn set_f64(&mut self, value: f64) {
        self.value.f64 = value;
        self.vt = vt::R8;
    }

    /// A String as the platform's SDK makes one: in the platform's memory, NUL-terminated,
    /// the length not counting the NUL, and never NULL (an empty text is a lone NUL), since
    /// platform code and other add-ins' conventions read it as a C string.
    pub fn set_text(&mut self, memory: &MemoryManager, text: &str) -> bool {
        let units: Vec<u16> = text.encode_utf16().collect();
        let Some(ptr) = memory.copy(&units) else { return false };
        self.value.wstr = Wide { ptr, len: units.len() as u32 };
        self.vt = vt::PWSTR;
        true
    }
}

/// The number of destructor slots at the start of every vtable.
#[cfg(not(windows))]
pub const DESTRUCTOR_SLOTS: usize = 2;
#[cfg(windows)]
pub const DESTRUCTOR_SLOTS: usize = 1;

/// The destructor slots of the add-in's own vtables. The platform destroys objects through
/// DestroyObject, never through these; they are harmless no-ops so that a stray call is too.
#[cfg(not(windows))]
pub type Destructors = [unsafe extern "C" fn(*mut c_void); DESTRUCTOR_SLOTS];
#[cfg(windows)]
pub type Destructors = [WindowsDestructor; DESTRUCTOR_SLOTS];

#[cfg(not(windows))]
pub const DESTRUCTORS: Destructors = [ignored_destructor, ignored_destructor];
#[cfg(windows)]
pub const DESTRUCTORS: Destructors = [ignored_destructor];

#[cfg(not(windows))]
unsafe extern "C" fn ignored_destructor(_this: *mut c_void) {}

/// MSVC's deleting destructor takes a flags word and returns `this`. Unlike the interface
/// methods, which the platform declares `stdcall`, a destructor keeps the member-function
/// convention: `thiscall` on 32-bit Windows, the one C convention on 64-bit.
#[cfg(all(windows, target_arch = "x86"))]
pub type WindowsDestructor = unsafe extern "thiscall" fn(*mut c_void, u32) -> *mut c_void;
#[cfg(all(windows, not(target_arch = "x86")))]
pub type WindowsDestructor = unsafe extern "C" fn(*mut c_void, u32) -> *mut c_void;

#[cfg(all(windows, target_arch = "x86"))]
unsafe extern "thiscall" fn ignored_destructor(this: *mut c_void, _flags: u32) -> *mut c_void {
    this
}
#[cfg(all(windows, not(target_arch = "x86")))]
unsafe extern "C" fn ignored_destructor(this: *mut c_void, _flags: u32) -> *mut c_void {
    this
}

/// The platform's IMemoryManager: everything handed to the platform is allocated here.
#[repr(C)]
pub struct MemoryManager {
    vtable: *const MemoryManagerVtable,
}

#[repr(C)]
struct MemoryManagerVtable {
    destructors: [usize; DESTRUCTOR_SLOTS],
    alloc_memory: unsafe extern "system" fn(*mut MemoryManager, *mut *mut c_void, c_ulong) -> bool,
    free_memory: unsafe extern "system" fn(*mut MemoryManager, *mut *mut c_void),
}

impl MemoryManager {
    /// Copies UTF-16 units into platform memory and a NUL after them: every text handed to
    /// the platform (a name, a String in a tVariant) is NUL-terminated, as its SDK makes them.
    pub fn copy(&self, units: &[u16]) -> Option<*mut u16> {
        let count = units.len() + 1;
        let bytes = c_ulong::try_from(count * 2).ok()?;
        let mut memory: *mut c_void = ptr::null_mut();
        let this = self as *const MemoryManager as *mut MemoryManager;
        // SAFETY: `self` is the platform's live IMemoryManager (set by setMemManager).
        let allocated = unsafe { ((*self.vtable).alloc_memory)(this, &mut memory, bytes) };
        if !allocated || memory.is_null() {
            return None;
        }
        let memory = memory.cast::<u16>();
        // SAFETY: `memory` holds `count` units and does not overlap `units`.
        unsafe {
            ptr::copy_nonoverlapping(units.as_ptr(), memory, units.len());
            *memory.add(units.len()) = 0;
        }
        Some(memory)
    }
}

/// The platform's IAddInDefBase, of which only AddError (its first method) is used.
#[repr(C)]
pub struct Connection {
    vtable: *const ConnectionVtable,
}

#[repr(C)]
struct ConnectionVtable {
    destructors: [usize; DESTRUCTOR_SLOTS],
    add_error: unsafe extern "system" fn(*mut Connection, c_ushort, *const u16, *const u16, c_long) -> bool,
}

/// ADDIN_E_FAIL: the platform raises an exception with the description.
const ADDIN_E_FAIL: c_ushort = 1006;
/// E_FAIL, as the C headers' 32-bit HRESULT widened to `long`.
const E_FAIL: c_long = 0x8000_4005_u32 as i32 as c_long;

impl Connection {
    pub fn add_error(&self, description: &str) {
        let source = nul_terminated(super::CLASS_NAME);
        let description = nul_terminated(description);
        let this = self as *const Connection as *mut Connection;
        // SAFETY: `self` is the platform's live connection (set by Init); both texts outlive the call.
        unsafe {
            ((*self.vtable).add_error)(this, ADDIN_E_FAIL, source.as_ptr(), description.as_ptr(), E_FAIL);
        }
    }
}

/// A NUL inside the text (a setting's value may hold one) would end it early for the platform,
/// so it is shown as U+FFFD instead.
pub fn nul_terminated(text: &str) -> Vec<u16> {
    text.encode_utf16().map(|unit| if unit == 0 { 0xFFFD } else { unit }).chain([0]).collect()
}

/// Reads a NUL-terminated UTF-16 text the platform passes in; NULL reads as empty.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated UTF-16 text that outlives the result.
pub unsafe fn read_nul_terminated<'a>(text: *const u16) -> &'a [u16] {
    if text.is_null() {
        return &[];
    }
    let mut len = 0;
    // SAFETY: the text is NUL-terminated, so every unit up to the NUL is readable.
    unsafe {
        while *text.add(len) != 0 {
            len += 1;
        }
        std::slice::from_raw_parts(text, len)
    }
}
