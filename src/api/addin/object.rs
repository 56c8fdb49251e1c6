//! One add-in object as the platform sees a C++ `IComponentBase`: four vtable pointers (one
//! per base interface, in declaration order), then the object's own state. Every vtable entry
//! finds the object from the sub-object pointer it is called with, and runs inside
//! `catch_unwind`: a panic reaching the platform would take the server process down.
//!
//! The platform calls one object from one thread at a time, but other hosts of the same
//! library may not: the object's state sits behind a lock, taken by every entry that reads or
//! changes it and held for the whole of a call, so calls on one object run one after another
//! as they do in 1C (separate objects still run at once). Done and DestroyObject take the same
//! lock, so they wait for a call in flight, which then returns its answer as usual.

use std::ffi::{c_long, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::abi::{self, Connection, Destructors, MemoryManager, TVariant, DESTRUCTORS};
use super::convert;
use super::members::{self, Property, METHODS, PROPERTIES};

#[repr(C)]
pub struct Object {
    init_done: &'static InitDoneVtable,
    language: &'static LanguageVtable,
    locale: &'static LocaleVtable,
    user_language: &'static UserLanguageVtable,
    state: Mutex<State>,
}

/// Per-object state only: separate objects may run on separate threads at once.
struct State {
    connection: *const Connection,
    memory: *const MemoryManager,
    timeout: f64,
    /// The Setting properties given, by JSON key.
    settings: serde_json::Map<String, serde_json::Value>,
    /// The portal (origin) the Refresh property's token belongs to: that of the first call it
    /// went to after it was set. It goes to no call for another portal.
    refresh_portal: Option<String>,
}

impl Object {
    pub fn new() -> Object {
        Object {
            init_done: &INIT_DONE,
            language: &LANGUAGE,
            locale: &LOCALE,
            user_language: &USER_LANGUAGE,
            state: Mutex::new(State {
                connection: std::ptr::null(),
                memory: std::ptr::null(),
                timeout: members::DEFAULT_TIMEOUT,
                settings: serde_json::Map::new(),
                refresh_portal: None,
            }),
        }
    }

    /// Returns once no call is in flight on this object, for DestroyObject: a host that
    /// destroys an object while another thread is inside a call on it gets that call's
    /// answer, not a use after free.
    pub fn wait_for_calls(&self) {
        drop(lock(&self.state));
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic caught inside an entry leaves the state as consistent as each assignment.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The object's state behind a sub-object pointer (the vtable pointer at index `slot` of
/// `Object`), locked until the guard is dropped.
///
/// # Safety
/// `this` is the address of vtable pointer `slot` of a live `Object`.
unsafe fn state<'a>(this: *mut c_void, slot: usize) -> MutexGuard<'a, State> {
    // SAFETY: `Object` is repr(C) with four pointer-sized fields before `state`.
    lock(unsafe { &(*this.cast::<*const c_void>().sub(slot).cast::<Object>()).state })
}

fn guard<R>(on_panic: R, work: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or(on_panic)
}

type This = *mut c_void;
type Text = *const u16;

#[repr(C)]
struct InitDoneVtable {
    destructors: Destructors,
    init: unsafe extern "system" fn(This, *mut c_void) -> bool,
    set_mem_manager: unsafe extern "system" fn(This, *mut c_void) -> bool,
    get_info: unsafe extern "system" fn(This) -> c_long,
    done: unsafe extern "system" fn(This),
}

#[repr(C)]
struct LanguageVtable {
    destructors: Destructors,
    register_extension_as: unsafe extern "system" fn(This, *mut *mut u16) -> bool,
    get_n_props: unsafe extern "system" fn(This) -> c_long,
    find_prop: unsafe extern "system" fn(This, Text) -> c_long,
    get_prop_name: unsafe extern "system" fn(This, c_long, c_long) -> Text,
    get_prop_val: unsafe extern "system" fn(This, c_long, *mut TVariant) -> bool,
    set_prop_val: unsafe extern "system" fn(This, c_long, *mut TVariant) -> bool,
    is_prop_readable: unsafe extern "system" fn(This, c_long) -> bool,
    is_prop_writable: unsafe extern "system" fn(This, c_long) -> bool,
    get_n_methods: unsafe extern "system" fn(This) -> c_long,
    find_method: unsafe extern "system" fn(This, Text) -> c_long,
    get_method_name: unsafe extern "system" fn(This, c_long, c_long) -> Text,
    get_n_params: unsafe extern "system" fn(This, c_long) -> c_long,
    get_param_def_value: unsafe extern "system" fn(This, c_long, c_long, *mut TVariant) -> bool,
    has_ret_val: unsafe extern "system" fn(This, c_long) -> bool,
    call_as_proc: unsafe extern "system" fn(This, c_long, *mut TVariant, c_long) -> bool,
    call_as_func: unsafe extern "system" fn(This, c_long, *mut TVariant, *mut TVariant, c_long) -> bool,
}

#[repr(C)]
struct LocaleVtable {
    destructors: Destructors,
    set_locale: unsafe extern "system" fn(This, Text),
}

#[repr(C)]
struct UserLanguageVtable {
    destructors: Destructors,
    set_user_interface_language_code: unsafe extern "system" fn(This, Text),
}

static INIT_DONE: InitDoneVtable =
    InitDoneVtable { destructors: DESTRUCTORS, init, set_mem_manager, get_info, done };

static LANGUAGE: LanguageVtable = LanguageVtable {
    destructors: DESTRUCTORS,
    register_extension_as,
    get_n_props,
    find_prop,
    get_prop_name,
    get_prop_val,
    set_prop_val,
    is_prop_readable,
    is_prop_writable,
    get_n_methods,
    find_method,
    get_method_name,
    get_n_params,
    get_param_def_value,
    has_ret_val,
    call_as_proc,
    call_as_func,
};

static LOCALE: LocaleVtable = LocaleVtable { destructors: DESTRUCTORS, set_locale };

static USER_LANGUAGE: UserLanguageVtable =
    UserLanguageVtable { destructors: DESTRUCTORS, set_user_interface_language_code };

// IInitDoneBase: slot 0.

unsafe extern "system" fn init(this: This, connection: *mut c_void) -> bool {
    guard(false, || {
        unsafe { state(this, 0) }.connection = connection.cast();
        !connection.is_null()
    })
}

unsafe extern "system" fn set_mem_manager(this: This, memory: *mut c_void) -> bool {
    guard(false, || {
        unsafe { state(this, 0) }.memory = memory.cast();
        !memory.is_null()
    })
}

unsafe extern "system" fn get_info(_this: This) -> c_long {
    2000
}

unsafe extern "system" fn done(this: This) {
    guard((), || {
        let mut state = unsafe { state(this, 0) };
        state.connection = std::ptr::null();
        state.memory = std::ptr::null();
    })
}

// ILanguageExtenderBase: slot 1.

impl State {
    fn memory(&self) -> Option<&MemoryManager> {
        // SAFETY: set by setMemManager to the platform's manager, valid until Done.
        unsafe { self.memory.as_ref() }
    }

    /// Tells the platform why a call failed; it raises an exception with this text.
    fn fail(&self, description: &str) -> bool {
        // SAFETY: set by Init to the platform's connection, valid until Done.
        if let Some(connection) = unsafe { self.connection.as_ref() } {
            connection.add_error(description);
        }
        false
    }

    /// A name for the platform: NUL-terminated, in its memory; NULL when there is none.
    fn name(&self, name: Option<&str>) -> Text {
        match (name, self.memory()) {
            (Some(name), Some(memory)) => {
                let units: Vec<u16> = name.encode_utf16().collect();
                memory.copy(&units).unwrap_or(std::ptr::null_mut())
            }
            _ => std::ptr::null(),
        }
    }

    fn call(
        &mut self,
        num: c_long,
        ret: Option<&mut TVariant>,
        params: *mut TVariant,
        count: c_long,
    ) -> bool {
        let Some(method) = index(num).and_then(|i| METHODS.get(i)) else {
            return self.fail(&format!("{}: no method number {num}", super::CLASS_NAME));
        };
        if self.memory().is_none() {
            return self.fail("the platform gave no memory manager");
        }
        let given: &[TVariant] = match usize::try_from(count) {
            // SAFETY: the platform passes `count` parameters at `params`.
            Ok(count) if count > 0 && !params.is_null() => unsafe {
                std::slice::from_raw_parts(params, count)
            },
            _ => &[],
        };
        let decoded: Result<Vec<_>, _> = method
            .params
            .iter()
            .zip(given)
            // SAFETY: the platform's tVariants are valid for the call.
            .map(|(param, variant)| unsafe { convert::to_json(variant, param) })
            .collect();
        // A refused argument answers like any other refusal: with the error JSON, as OPI does.
        let ran = match decoded {
            Ok(args) => method.run_for(args, self.timeout, &self.settings, self.refresh_portal.as_deref()),
            Err(error) => members::Ran::refused(error),
        };
        // The Refresh property follows the rotation only of its own token, which went only to
        // a call for its portal.
        if ran.refresh_portal.is_some() {
            self.refresh_portal = ran.refresh_portal;
        }
        if let Some(refresh) = ran.renewed_refresh {
            self.settings.insert("refresh".into(), refresh.into());
        }
        let answer = ran.answer;
        let given_back = match (ret, self.memory()) {
            (None, _) => true,
            (Some(ret), Some(memory)) => ret.set_text(memory, &answer),
            (Some(_), None) => false,
        };
        given_back || self.fail("the platform could not allocate the answer")
    }
}

fn index(num: c_long) -> Option<usize> {
    usize::try_from(num).ok()
}

fn to_long(found: Option<usize>) -> c_long {
    found.and_then(|i| c_long::try_from(i).ok()).unwrap_or(-1)
}

fn text_of(name: Text) -> String {
    // SAFETY: the platform passes a NUL-terminated name that outlives the call.
    String::from_utf16_lossy(unsafe { abi::read_nul_terminated(name) })
}

unsafe extern "system" fn register_extension_as(this: This, name: *mut *mut u16) -> bool {
    guard(false, || {
        let state = unsafe { state(this, 1) };
        let text = state.name(Some(super::CLASS_NAME));
        if name.is_null() || text.is_null() {
            return false;
        }
        unsafe { *name = text.cast_mut() };
        true
    })
}

unsafe extern "system" fn get_n_props(_this: This) -> c_long {
    PROPERTIES.len() as c_long
}

unsafe extern "system" fn find_prop(_this: This, name: Text) -> c_long {
    guard(-1, || to_long(members::find_property(&text_of(name))))
}

unsafe extern "system" fn get_prop_name(this: This, num: c_long, alias: c_long) -> Text {
    guard(std::ptr::null(), || {
        let name = index(num).and_then(|i| PROPERTIES.get(i)).and_then(|p| members::pick(p.names(), alias));
        unsafe { state(this, 1) }.name(name)
    })
}

unsafe extern "system" fn get_prop_val(this: This, num: c_long, value: *mut TVariant) -> bool {
    guard(false, || {
        let state = unsafe { state(this, 1) };
        let (Some(property), Some(value)) =
            (index(num).and_then(|i| PROPERTIES.get(i)), unsafe { value.as_mut() })
        else {
            return false;
        };
        match property {
            Property::Version => {
                state.memory().is_some_and(|memory| value.set_text(memory, members::VERSION))
            }
            Property::Timeout => {
                value.set_f64(state.timeout);
                true
            }
            Property::Setting(setting) if setting.readable => {
                let text = state.settings.get(setting.key).and_then(|v| v.as_str()).unwrap_or_default();
                state.memory().is_some_and(|memory| value.set_text(memory, text))
            }
            Property::Setting(_) => false,
        }
    })
}

unsafe extern "system" fn set_prop_val(this: This, num: c_long, value: *mut TVariant) -> bool {
    guard(false, || {
        let mut state = unsafe { state(this, 1) };
        match (index(num).and_then(|i| PROPERTIES.get(i)), unsafe { value.as_ref() }) {
            (Some(Property::Timeout), Some(value)) => {
                let seconds = unsafe { convert::to_seconds(value) };
                match (seconds, members::timeout_refusal(seconds)) {
                    (Some(seconds), None) => {
                        state.timeout = seconds;
                        true
                    }
                    (_, refusal) => state.fail(&refusal.unwrap_or_default()),
                }
            }
            (Some(Property::Setting(setting)), Some(value)) => {
                let text = match unsafe { convert::to_text(value) } {
                    Some(text) => text,
                    None => return state.fail(&format!("{} must be a String", setting.names[0])),
                };
                if let Some(refusal) = members::setting_refusal(setting, &text) {
                    return state.fail(&refusal);
                }
                if setting.key == "refresh" {
                    // A new token may be another portal's: bound again by its first call.
                    state.refresh_portal = None;
                }
                if text.is_empty() {
                    state.settings.remove(setting.key);
                } else {
                    state.settings.insert(setting.key.to_string(), text.into());
                }
                true
            }
            (Some(property), _) => state.fail(&format!("the property {} is read-only", property.names()[0])),
            (None, _) => false,
        }
    })
}

unsafe extern "system" fn is_prop_readable(_this: This, num: c_long) -> bool {
    index(num).and_then(|i| PROPERTIES.get(i)).is_some_and(|p| p.readable())
}

unsafe extern "system" fn is_prop_writable(_this: This, num: c_long) -> bool {
    index(num).and_then(|i| PROPERTIES.get(i)).is_some_and(|p| p.writable())
}

unsafe extern "system" fn get_n_methods(_this: This) -> c_long {
    guard(0, || METHODS.len() as c_long)
}

unsafe extern "system" fn find_method(_this: This, name: Text) -> c_long {
    guard(-1, || to_long(members::find_method(&text_of(name))))
}

unsafe extern "system" fn get_method_name(this: This, num: c_long, alias: c_long) -> Text {
    guard(std::ptr::null(), || {
        let name = index(num).and_then(|i| METHODS.get(i)).and_then(|m| members::pick(m.names(), alias));
        unsafe { state(this, 1) }.name(name)
    })
}

unsafe extern "system" fn get_n_params(_this: This, num: c_long) -> c_long {
    guard(0, || index(num).and_then(|i| METHODS.get(i)).map_or(0, |m| m.params.len() as c_long))
}

/// A parameter that OPI gives a default gets an empty String (a lone NUL in the platform's
/// memory, never NULL), which the core reads as "not given"; the others have none, so 1C code
/// must pass them, as in OPI.
unsafe extern "system" fn get_param_def_value(
    this: This,
    method: c_long,
    param: c_long,
    value: *mut TVariant,
) -> bool {
    guard(false, || {
        let state = unsafe { state(this, 1) };
        let param = index(method)
            .and_then(|i| METHODS.get(i))
            .and_then(|m| index(param).and_then(|p| m.params.get(p)));
        let (Some(param), Some(value), Some(memory)) = (param, unsafe { value.as_mut() }, state.memory())
        else {
            return false;
        };
        if !param.has_default() {
            value.set_empty();
            return false;
        }
        value.set_text(memory, "")
    })
}

unsafe extern "system" fn has_ret_val(_this: This, num: c_long) -> bool {
    guard(false, || index(num).is_some_and(|i| i < METHODS.len()))
}

/// Called when 1C code ignores the answer; the call runs all the same.
unsafe extern "system" fn call_as_proc(
    this: This,
    num: c_long,
    params: *mut TVariant,
    count: c_long,
) -> bool {
    guard(false, || unsafe { state(this, 1) }.call(num, None, params, count))
}

unsafe extern "system" fn call_as_func(
    this: This,
    num: c_long,
    ret: *mut TVariant,
    params: *mut TVariant,
    count: c_long,
) -> bool {
    guard(false, || {
        let mut state = unsafe { state(this, 1) };
        match unsafe { ret.as_mut() } {
            Some(ret) => state.call(num, Some(ret), params, count),
            None => state.fail("the platform gave no place for the answer"),
        }
    })
}

// LocaleBase and UserLanguageBase: slots 2 and 3. Answers are JSON, not localised text.

unsafe extern "system" fn set_locale(_this: This, _locale: Text) {}

unsafe extern "system" fn set_user_interface_language_code(_this: This, _code: Text) {}
