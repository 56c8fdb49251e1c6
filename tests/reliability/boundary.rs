//! (issue 11) The 1C boundary and fork: strings handed to the platform, one object called
//! from two threads, Done during a call, the Timeout property, and a child forked while another
//! thread is inside a call. The add-in is driven here by a small platform written in Rust from
//! the Native API's ABI facts (the C++ host of tests/addin.rs runs in its own process; these
//! tests need threads and fork in this one): a memory manager that knows the size of every
//! block it handed out, and a connection that records AddError.

#![cfg(all(target_os = "linux", target_pointer_width = "64"))]

use std::collections::HashMap;
use std::ffi::{c_long, c_ulong, c_ushort, c_void, CString};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use bitrix24_ffi::api::addin::{DestroyObject, GetClassObject};
use bitrix24_ffi::sandbox::{self, Sandbox};
use serde_json::{json, Value};

use super::common::{self, ffi};

const VT_EMPTY: u16 = 0;
const VT_I4: u16 = 3;
const VT_R8: u16 = 5;
const VT_BOOL: u16 = 11;
const VT_I8: u16 = 17;
const VT_PWSTR: u16 = 22;

/// tVariant on x86_64 Linux: a 56-byte union (pointer and length first), cbElements, vt.
#[repr(C)]
#[derive(Clone, Copy)]
struct TVariant {
    bits: u64,
    len: u32,
    rest: [u8; 44],
    cb_elements: u32,
    vt: u16,
    tail: [u8; 2],
}

const _: () = assert!(std::mem::size_of::<TVariant>() == 64);

impl TVariant {
    fn empty() -> TVariant {
        TVariant { bits: 0, len: 0, rest: [0; 44], cb_elements: 0, vt: VT_EMPTY, tail: [0; 2] }
    }

    fn of(vt: u16, bits: u64) -> TVariant {
        TVariant { vt, bits, ..TVariant::empty() }
    }
}

/// A 1C value as the platform passes it; texts point into `Args`' own buffers.
#[derive(Clone)]
enum Arg {
    Str(String),
    I4(i32),
    I8(i64),
    R8(f64),
    Bool(bool),
    Undefined,
}

struct Args {
    values: Vec<TVariant>,
    _texts: Vec<Vec<u16>>,
}

impl Args {
    fn new(args: &[Arg]) -> Args {
        let mut texts = Vec::new();
        let values = args
            .iter()
            .map(|arg| match arg {
                Arg::Str(text) => {
                    let units: Vec<u16> = text.encode_utf16().collect();
                    let variant = TVariant {
                        bits: units.as_ptr() as u64,
                        len: units.len() as u32,
                        ..TVariant::of(VT_PWSTR, 0)
                    };
                    texts.push(units);
                    variant
                }
                Arg::I4(n) => TVariant::of(VT_I4, *n as u32 as u64),
                Arg::I8(n) => TVariant::of(VT_I8, *n as u64),
                Arg::R8(x) => TVariant::of(VT_R8, x.to_bits()),
                Arg::Bool(b) => TVariant::of(VT_BOOL, u64::from(*b)),
                Arg::Undefined => TVariant::empty(),
            })
            .collect();
        Args { values, _texts: texts }
    }
}

/// The platform's memory manager: every block it hands out, by address, with its size.
#[repr(C)]
struct Memory {
    vtable: *const MemoryVtable,
    blocks: Mutex<HashMap<usize, usize>>,
    /// What broke the platform's string convention, in words.
    violations: Mutex<Vec<String>>,
}

#[repr(C)]
struct MemoryVtable {
    destructors: [usize; 2],
    alloc: unsafe extern "system" fn(*mut Memory, *mut *mut c_void, c_ulong) -> bool,
    free: unsafe extern "system" fn(*mut Memory, *mut *mut c_void),
}

static MEMORY_VTABLE: MemoryVtable =
    MemoryVtable { destructors: [0, 0], alloc: alloc_memory, free: free_memory };

unsafe extern "system" fn alloc_memory(this: *mut Memory, out: *mut *mut c_void, bytes: c_ulong) -> bool {
    let block = unsafe { libc::malloc((bytes as usize).max(1)) };
    unsafe { *out = block };
    if !block.is_null() {
        unsafe { &*this }.blocks.lock().unwrap().insert(block as usize, bytes as usize);
    }
    !block.is_null()
}

unsafe extern "system" fn free_memory(this: *mut Memory, block: *mut *mut c_void) {
    let pointer = unsafe { *block };
    if pointer.is_null() {
        return;
    }
    let memory = unsafe { &*this };
    if memory.blocks.lock().unwrap().remove(&(pointer as usize)).is_none() {
        memory.note(format!("FreeMemory of a block AllocMemory never gave: {pointer:?}"));
    }
    unsafe { libc::free(pointer) };
    unsafe { *block = std::ptr::null_mut() };
}

impl Memory {
    fn note(&self, violation: String) {
        self.violations.lock().unwrap().push(violation);
    }

    fn size_of(&self, pointer: *const u16) -> Option<usize> {
        self.blocks.lock().unwrap().get(&(pointer as usize)).copied()
    }

    /// A String in a tVariant: `len` units, then a NUL, in a block of ours. Returns the text
    /// and frees the block, as the platform does.
    fn take_text(&self, what: &str, pointer: *mut u16, len: usize) -> String {
        if pointer.is_null() {
            self.note(format!("{what}: a NULL string"));
            return String::new();
        }
        let text = match self.size_of(pointer) {
            None => {
                self.note(format!("{what}: a string not in the platform's memory"));
                return String::new();
            }
            Some(bytes) if bytes < (len + 1) * 2 => {
                self.note(format!("{what}: {len} units in {bytes} bytes leave no room for the NUL"));
                String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(pointer, len.min(bytes / 2)) })
            }
            Some(_) => {
                let units = unsafe { std::slice::from_raw_parts(pointer, len + 1) };
                if units[len] != 0 {
                    self.note(format!("{what}: no NUL after the {len} units"));
                }
                String::from_utf16_lossy(&units[..len])
            }
        };
        self.free(pointer);
        text
    }

    /// A name (GetMethodName, GetPropName, RegisterExtensionAs): NUL-terminated in its block.
    fn take_name(&self, what: &str, pointer: *const u16) -> Option<String> {
        if pointer.is_null() {
            return None;
        }
        let Some(bytes) = self.size_of(pointer) else {
            self.note(format!("{what}: a name not in the platform's memory"));
            return None;
        };
        let units = unsafe { std::slice::from_raw_parts(pointer, bytes / 2) };
        let text = match units.iter().position(|unit| *unit == 0) {
            Some(end) => String::from_utf16_lossy(&units[..end]),
            None => {
                self.note(format!("{what}: a name without a NUL"));
                String::new()
            }
        };
        self.free(pointer.cast_mut());
        Some(text)
    }

    fn free(&self, pointer: *mut u16) {
        let mut block = pointer.cast::<c_void>();
        unsafe { free_memory(self as *const Memory as *mut Memory, &mut block) };
    }
}

/// The connection: AddError is recorded (its texts read up to their NUL, bounded).
#[repr(C)]
struct Connection {
    vtable: *const ConnectionVtable,
    errors: Mutex<Vec<String>>,
}

#[repr(C)]
struct ConnectionVtable {
    destructors: [usize; 2],
    add_error: unsafe extern "system" fn(*mut Connection, c_ushort, *const u16, *const u16, c_long) -> bool,
}

static CONNECTION_VTABLE: ConnectionVtable = ConnectionVtable { destructors: [0, 0], add_error };

unsafe extern "system" fn add_error(
    this: *mut Connection,
    _code: c_ushort,
    source: *const u16,
    description: *const u16,
    _scode: c_long,
) -> bool {
    let read = |text: *const u16| -> String {
        if text.is_null() {
            return "<NULL>".into();
        }
        let mut len = 0;
        while len < 100_000 && unsafe { *text.add(len) } != 0 {
            len += 1;
        }
        String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(text, len) })
    };
    let line = format!("{}: {}", read(source), read(description));
    unsafe { &*this }.errors.lock().unwrap().push(line);
    true
}

/// The object's two interfaces these tests use, as the platform calls them.
#[repr(C)]
struct InitDone {
    destructors: [usize; 2],
    init: unsafe extern "system" fn(*mut c_void, *mut c_void) -> bool,
    set_mem_manager: unsafe extern "system" fn(*mut c_void, *mut c_void) -> bool,
    get_info: unsafe extern "system" fn(*mut c_void) -> c_long,
    done: unsafe extern "system" fn(*mut c_void),
}

#[repr(C)]
struct Language {
    destructors: [usize; 2],
    register_extension_as: unsafe extern "system" fn(*mut c_void, *mut *mut u16) -> bool,
    get_n_props: unsafe extern "system" fn(*mut c_void) -> c_long,
    find_prop: unsafe extern "system" fn(*mut c_void, *const u16) -> c_long,
    get_prop_name: unsafe extern "system" fn(*mut c_void, c_long, c_long) -> *const u16,
    get_prop_val: unsafe extern "system" fn(*mut c_void, c_long, *mut TVariant) -> bool,
    set_prop_val: unsafe extern "system" fn(*mut c_void, c_long, *mut TVariant) -> bool,
    is_prop_readable: unsafe extern "system" fn(*mut c_void, c_long) -> bool,
    is_prop_writable: unsafe extern "system" fn(*mut c_void, c_long) -> bool,
    get_n_methods: unsafe extern "system" fn(*mut c_void) -> c_long,
    find_method: unsafe extern "system" fn(*mut c_void, *const u16) -> c_long,
    get_method_name: unsafe extern "system" fn(*mut c_void, c_long, c_long) -> *const u16,
    get_n_params: unsafe extern "system" fn(*mut c_void, c_long) -> c_long,
    get_param_def_value: unsafe extern "system" fn(*mut c_void, c_long, c_long, *mut TVariant) -> bool,
    has_ret_val: unsafe extern "system" fn(*mut c_void, c_long) -> bool,
    call_as_proc: unsafe extern "system" fn(*mut c_void, c_long, *mut TVariant, c_long) -> bool,
    call_as_func:
        unsafe extern "system" fn(*mut c_void, c_long, *mut TVariant, *mut TVariant, c_long) -> bool,
}

/// A value the add-in returned, read and freed.
#[derive(Debug, PartialEq)]
enum Taken {
    Empty,
    Text(String),
    Number(f64),
    Other(u16),
}

/// One add-in object and the platform around it. Shared between threads on purpose.
struct Host {
    object: *mut c_void,
    memory: Box<Memory>,
    connection: Box<Connection>,
}

unsafe impl Send for Host {}
unsafe impl Sync for Host {}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain([0]).collect()
}

impl Host {
    fn new() -> Host {
        let memory = Box::new(Memory {
            vtable: &MEMORY_VTABLE,
            blocks: Mutex::default(),
            violations: Mutex::default(),
        });
        let connection = Box::new(Connection { vtable: &CONNECTION_VTABLE, errors: Mutex::default() });
        let mut object = std::ptr::null_mut();
        assert_eq!(unsafe { GetClassObject(wide("Bitrix24").as_ptr(), &mut object) }, 1);
        let host = Host { object, memory, connection };
        let init = host.init_done();
        unsafe {
            assert!((init.init)(host.object, &*host.connection as *const Connection as *mut c_void));
            assert!((init.set_mem_manager)(host.object, &*host.memory as *const Memory as *mut c_void));
        }
        host
    }

    fn init_done(&self) -> &InitDone {
        unsafe { &**self.object.cast::<*const InitDone>() }
    }

    fn language(&self) -> (&Language, *mut c_void) {
        let this = unsafe { self.object.cast::<*const c_void>().add(1) };
        (unsafe { &**this.cast::<*const Language>() }, this.cast())
    }

    fn method(&self, name: &str) -> c_long {
        let (language, this) = self.language();
        let found = unsafe { (language.find_method)(this, wide(name).as_ptr()) };
        assert!(found >= 0, "no method {name}");
        found
    }

    fn prop(&self, name: &str) -> c_long {
        let (language, this) = self.language();
        let found = unsafe { (language.find_prop)(this, wide(name).as_ptr()) };
        assert!(found >= 0, "no property {name}");
        found
    }

    fn take(&self, what: &str, variant: &TVariant) -> Taken {
        match variant.vt {
            VT_EMPTY => Taken::Empty,
            VT_PWSTR => {
                Taken::Text(self.memory.take_text(what, variant.bits as *mut u16, variant.len as usize))
            }
            VT_R8 => Taken::Number(f64::from_bits(variant.bits)),
            VT_I4 => Taken::Number(f64::from(variant.bits as u32 as i32)),
            other => Taken::Other(other),
        }
    }

    /// The platform fills the parameters a 1C call leaves out from GetParamDefValue.
    fn defaults(&self, method: c_long, given: usize) -> Vec<TVariant> {
        let (language, this) = self.language();
        let count = unsafe { (language.get_n_params)(this, method) } as usize;
        (given..count)
            .map(|param| {
                let mut value = TVariant::empty();
                if !unsafe { (language.get_param_def_value)(this, method, param as c_long, &mut value) } {
                    value = TVariant::empty();
                }
                value
            })
            .collect()
    }

    /// CallAsFunc as the platform makes it; the answer's text (or what came instead).
    fn call(&self, name: &str, args: &[Arg]) -> (bool, Taken) {
        let (language, this) = self.language();
        let method = self.method(name);
        let mut args = Args::new(args);
        let given = args.values.len();
        args.values.extend(self.defaults(method, given));
        let mut ret = TVariant::empty();
        let ok = unsafe {
            (language.call_as_func)(
                this,
                method,
                &mut ret,
                args.values.as_mut_ptr(),
                args.values.len() as c_long,
            )
        };
        for default in &args.values[given..] {
            self.take(&format!("{name}: a default"), default);
        }
        (ok, self.take(&format!("{name}: the answer"), &ret))
    }

    fn get(&self, name: &str) -> (bool, Taken) {
        let (language, this) = self.language();
        let mut value = TVariant::empty();
        let ok = unsafe { (language.get_prop_val)(this, self.prop(name), &mut value) };
        (ok, self.take(&format!("property {name}"), &value))
    }

    fn set(&self, name: &str, arg: Arg) -> bool {
        let (language, this) = self.language();
        let mut args = Args::new(&[arg]);
        unsafe { (language.set_prop_val)(this, self.prop(name), &mut args.values[0]) }
    }

    fn errors(&self) -> Vec<String> {
        self.connection.errors.lock().unwrap().clone()
    }

    fn done(&self) {
        unsafe { (self.init_done().done)(self.object) };
    }

    fn destroy(&self) {
        let mut object = self.object;
        assert_eq!(unsafe { DestroyObject(&mut object) }, 0);
    }

    /// What broke the string convention, and blocks never freed (nothing must be left).
    fn finish(self) -> Vec<String> {
        let mut violations = self.memory.violations.lock().unwrap().clone();
        let left = self.memory.blocks.lock().unwrap().len();
        if left > 0 {
            violations.push(format!("{left} blocks never freed"));
        }
        violations
    }
}

fn text(taken: Taken) -> String {
    match taken {
        Taken::Text(text) => text,
        other => panic!("not a String: {other:?}"),
    }
}

#[test]
fn strings_handed_to_the_platform_are_nul_terminated_in_its_memory_and_never_null() {
    let host = Host::new();
    let (language, this) = host.language();
    let mut name = std::ptr::null_mut();
    assert!(unsafe { (language.register_extension_as)(this, &mut name) });
    assert_eq!(host.memory.take_name("RegisterExtensionAs", name).as_deref(), Some("Bitrix24"));

    // Every name in both languages, and every parameter's default.
    let methods = unsafe { (language.get_n_methods)(this) };
    let mut string_defaults = 0;
    for method in 0..methods {
        for alias in [0, 1] {
            let name = unsafe { (language.get_method_name)(this, method, alias) };
            let name = host.memory.take_name("GetMethodName", name);
            assert!(name.is_some_and(|n| !n.is_empty()), "method {method} alias {alias}");
        }
        let params = unsafe { (language.get_n_params)(this, method) };
        for param in 0..params {
            let mut value = TVariant::empty();
            if unsafe { (language.get_param_def_value)(this, method, param, &mut value) } {
                let taken = host.take("GetParamDefValue", &value);
                assert!(matches!(&taken, Taken::Empty) || taken == Taken::Text(String::new()), "{taken:?}");
                string_defaults += usize::from(taken != Taken::Empty);
            }
        }
    }
    assert!(string_defaults > 0, "optional parameters default to an empty String");
    for prop in 0..unsafe { (language.get_n_props)(this) } {
        for alias in [0, 1] {
            let name = unsafe { (language.get_prop_name)(this, prop, alias) };
            assert!(host.memory.take_name("GetPropName", name).is_some_and(|n| !n.is_empty()));
        }
    }

    // Property values: a text, a setting never given (an empty String), one given.
    assert_eq!(text(host.get("Version").1), bitrix24_ffi::VERSION);
    assert_eq!(host.get("ClientID"), (true, Taken::Text(String::new())));
    assert!(host.set("ClientID", Arg::Str("local.app".into())));
    assert_eq!(host.get("ClientID"), (true, Taken::Text("local.app".into())));
    assert!(host.set("ClientID", Arg::Str(String::new())));
    assert_eq!(host.get("ClientID"), (true, Taken::Text(String::new())));

    // A method's answer, and a refusal's text through AddError.
    let (ok, answer) =
        host.call("GetPictureBlock", &[Arg::Str("Фото".into()), Arg::Str("https://h/p.jpg".into())]);
    assert!(ok);
    let answer: Value = serde_json::from_str(&text(answer)).unwrap();
    assert_eq!(answer["IMAGE"]["NAME"], "Фото");
    assert!(!host.set("Timeout", Arg::Str("soon".into())));
    let errors = host.errors();
    assert!(errors.len() == 1 && errors[0].starts_with("Bitrix24: Timeout"), "{errors:?}");

    host.done();
    host.destroy();
    let violations = host.finish();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn one_object_called_from_two_threads_at_once_keeps_its_state_whole() {
    let host = Arc::new(Host::new());
    assert!(host.set("Timeout", Arg::I4(5)));
    // Texts of many lengths, so that every change reallocates what the other thread reads.
    let values: Vec<String> = (0..8).map(|i| format!("client-{}", "x".repeat(i * 37))).collect();
    let writer = {
        let (host, values) = (Arc::clone(&host), values.clone());
        thread::spawn(move || {
            for i in 0..3000 {
                assert!(host.set("ClientID", Arg::Str(values[i % values.len()].clone())));
                if i % 3 == 0 {
                    assert!(host.set("ClientID", Arg::Str(String::new())));
                }
                assert!(host.set("Timeout", Arg::I4(5 + (i % 2) as i32)));
                assert!(host.set("RateLimit", Arg::Str(["off", "standard", ""][i % 3].into())));
            }
        })
    };
    let reader = {
        let (host, values) = (Arc::clone(&host), values.clone());
        thread::spawn(move || {
            let mut calls = 0;
            for i in 0..3000 {
                let (ok, got) = host.get("ClientID");
                let got = text(got);
                assert!(ok && (got.is_empty() || values.contains(&got)), "read a torn value: {got:?}");
                assert!(matches!(host.get("Timeout"), (true, Taken::Number(t)) if t == 5.0 || t == 6.0));
                if i % 10 == 0 {
                    // Refused before sending (no chat), after the object's settings were added.
                    let (ok, answer) = host.call("SendMessage", &[Arg::Str("http://127.0.0.1:9/".into())]);
                    let answer: Value = serde_json::from_str(&text(answer)).unwrap();
                    assert!(ok && answer["error"] == "B24_INVALID_PARAMETER", "{answer}");
                    calls += 1;
                }
            }
            calls
        })
    };
    writer.join().expect("the writing thread");
    assert_eq!(reader.join().expect("the reading thread"), 300);
    host.done();
    host.destroy();
    let host = Arc::into_inner(host).unwrap();
    assert!(host.errors().is_empty(), "{:?}", host.errors());
    let violations = host.finish();
    assert!(violations.is_empty(), "{violations:#?}");
}

/// A portal that takes one request, says so, and answers only when told to.
fn stalling_portal() -> (String, mpsc::Receiver<String>, mpsc::Sender<()>, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/rest/1/{}/",
        listener.local_addr().unwrap().port(),
        sandbox::WEBHOOK_CODE
    );
    let (received, on_received) = mpsc::channel();
    let (release, on_release) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut byte).unwrap_or(0);
            if n == 0 {
                break;
            }
            head.extend_from_slice(&byte[..n]);
        }
        received.send(String::from_utf8_lossy(&head).into_owned()).unwrap();
        let _ = on_release.recv_timeout(Duration::from_secs(10));
        let body = r#"{"result":4242,"time":{"start":1,"finish":1.1}}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(answer.as_bytes());
    });
    (url, on_received, release, server)
}

#[test]
fn done_while_a_call_is_in_flight_waits_for_it_and_the_call_answers() {
    let host = Arc::new(Host::new());
    assert!(host.set("RateLimit", Arg::Str("off".into())));
    let (url, on_received, release, server) = stalling_portal();
    let caller = {
        let host = Arc::clone(&host);
        thread::spawn(move || {
            host.call("SendMessage", &[Arg::Str(url), Arg::Str("chat1".into()), Arg::Str("hi".into())])
        })
    };
    let head = on_received.recv_timeout(Duration::from_secs(10)).expect("the call reached the portal");
    assert!(head.contains("im.message.add"), "{head}");

    let done_returned = Arc::new(AtomicBool::new(false));
    let (go_on, on_go_on) = mpsc::channel::<bool>();
    let closer = {
        let (host, done_returned) = (Arc::clone(&host), Arc::clone(&done_returned));
        thread::spawn(move || {
            host.done();
            done_returned.store(true, Ordering::SeqCst);
            // Destroyed only when Done waited: otherwise the call still uses the object.
            if on_go_on.recv().unwrap() {
                host.destroy();
            }
        })
    };
    thread::sleep(Duration::from_millis(300));
    let returned_early = done_returned.load(Ordering::SeqCst);
    go_on.send(!returned_early).unwrap();
    release.send(()).unwrap();
    let (ok, answer) = caller.join().unwrap();
    closer.join().unwrap();
    server.join().unwrap();
    assert!(!returned_early, "Done returned while the call was in flight");
    assert!(ok, "the call failed: {:?}", host.errors());
    let answer: Value = serde_json::from_str(&text(answer)).unwrap();
    assert_eq!(answer["result"], 4242);
    let host = Arc::into_inner(host).unwrap();
    let violations = host.finish();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn a_timeout_the_core_would_refuse_is_refused_when_set_and_the_old_one_kept() {
    let sandbox = Sandbox::start().unwrap();
    let host = Host::new();
    assert!(host.set("Timeout", Arg::R8(7.5)));
    let refused = [
        Arg::I4(0),
        Arg::I4(-5),
        Arg::R8(f64::NAN),
        Arg::R8(f64::INFINITY),
        Arg::R8(-0.0),
        Arg::R8(1e-7),
        Arg::R8(5e-324),
        Arg::R8(86_400.5),
        Arg::I8(i64::MAX),
        Arg::Str("5".into()),
        Arg::Bool(true),
        Arg::Undefined,
    ];
    for (i, value) in refused.iter().enumerate() {
        assert!(!host.set("Timeout", value.clone()), "value {i} was taken");
        let errors = host.errors();
        assert_eq!(errors.len(), i + 1, "value {i} was refused without a word: {errors:?}");
        assert!(errors[i].contains("Timeout"), "{}", errors[i]);
        assert_eq!(host.get("Timeout"), (true, Taken::Number(7.5)));
    }
    // The smallest and the largest the core takes are taken, and a call then runs with them.
    for seconds in [0.000_001, 86_400.0, 5.0] {
        assert!(host.set("Timeout", Arg::R8(seconds)), "{seconds}: {:?}", host.errors());
        assert_eq!(host.get("Timeout"), (true, Taken::Number(seconds)));
    }
    let url = sandbox.webhook_url();
    let (ok, answer) =
        host.call("SendMessage", &[Arg::Str(url), Arg::Str("chat1".into()), Arg::Str("x".into())]);
    let answer: Value = serde_json::from_str(&text(answer)).unwrap();
    assert!(ok && answer["result"].is_u64(), "{answer}");
    let sent = sandbox.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    host.done();
    host.destroy();
    assert!(host.finish().is_empty());
}

/// A proxy that answers every request itself and records the request line it was sent.
fn answering_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buffer = [0u8; 8192];
            let n = stream.read(&mut buffer).unwrap_or(0);
            let head = String::from_utf8_lossy(&buffer[..n]);
            record.lock().unwrap().push(head.lines().next().unwrap_or_default().to_string());
            let body = r#"{"result":"2030-01-01T00:00:00+00:00","time":{"start":1,"finish":1.1}}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

/// Forks; the child runs `child` (its exit code is its verdict) and must end within `limit`.
fn in_forked_child(limit: Duration, child: impl FnOnce() -> i32) -> Result<i32, String> {
    // SAFETY: the child only calls the library and leaves with _exit, never unwinding into the
    // test harness or running the parent's destructors.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)).unwrap_or(99);
        unsafe { libc::_exit(code) };
    }
    let started = Instant::now();
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child without blocking.
        if unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) } == pid {
            break;
        }
        if started.elapsed() > limit {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            unsafe { libc::waitpid(pid, &mut status, 0) };
            return Err(format!("the forked child hung for {limit:?}"));
        }
        thread::sleep(Duration::from_millis(20));
    }
    if libc::WIFEXITED(status) {
        Ok(libc::WEXITSTATUS(status))
    } else {
        Err(format!("the forked child died: status {status}"))
    }
}

fn server_time(input: &Value) -> Value {
    common::call(ffi::b24_server_time, input)
}

#[test]
fn a_child_forked_while_another_thread_holds_the_shared_state_can_call() {
    let sandbox = Sandbox::start().unwrap();
    let url = sandbox.webhook_url();
    let (proxy, proxied) = answering_proxy();
    let (old_proxy, _) = answering_proxy();
    // The parent has made its clients and limiter state, with and without a proxy.
    for input in [json!({"url": url}), json!({"url": url, "proxy": old_proxy})] {
        let answer = server_time(&input);
        assert!(answer["result"].is_string(), "{answer}");
    }

    // Another thread is inside a call, holding every lock of the shared state, when we fork.
    let (held, on_held) = mpsc::channel();
    let (release, on_release) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        bitrix24_ffi::hold_shared_state(|| {
            held.send(()).unwrap();
            let _ = on_release.recv_timeout(Duration::from_secs(20));
        })
    });
    on_held.recv().unwrap();
    let inputs = [
        json!({"url": url, "rate_limit": "standard", "timeout": 3}),
        json!({"url": url, "proxy": proxy, "timeout": 3}),
        json!({"url": url, "proxy": old_proxy, "timeout": 3}),
        json!({"url": url, "timeout": 3}),
    ];
    let verdict = in_forked_child(Duration::from_secs(10), || {
        for (i, input) in inputs.iter().enumerate() {
            let input = CString::new(input.to_string()).unwrap();
            let answer = unsafe { ffi::b24_server_time(input.as_ptr()) };
            let text = unsafe { std::ffi::CStr::from_ptr(answer) }.to_bytes().to_vec();
            unsafe { ffi::b24_free(answer) };
            if !text.starts_with(b"{\"result\"") {
                return 10 + i as i32;
            }
        }
        0
    });
    release.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(verdict, Ok(0), "the child's calls (an exit code of 10 + n names the call that failed)");
    // Two server.time calls from the parent, two from the child; one through the new proxy.
    let direct = sandbox.requests().into_iter().filter(|r| r.rest_method == "server.time").count();
    assert_eq!(direct, 3, "the parent's first call and the child's two direct ones");
    let proxied = proxied.lock().unwrap().clone();
    assert_eq!(proxied.len(), 1, "{proxied:?}");
    assert!(
        proxied[0].contains(&format!("{url}server.time")),
        "the proxy was asked for the portal: {proxied:?}"
    );
}
