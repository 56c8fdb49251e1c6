//! The C ABI. Each export is a plain `extern "C"` function (cbindgen reads the source and
//! cannot see generated ones) whose body is one call into `call_table`; the table in
//! `table.rs` holds what the function does.

use std::ffi::{c_char, CStr, CString};

use crate::error::Error;
use crate::invoke;
use crate::table;

/// Sends a message to a chat or a user: REST method im.message.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL `https://portal/rest/<user>/<code>/`, or the portal's
///   address when `token` is given. No scheme means https; http:// and a port are kept.
/// - `chat` (string or integer, required): `"chatN"` (group chat), `"sgN"` (workgroup chat),
///   or a user id (`450` or `"450"`) for a private dialog. Sent as DIALOG_ID.
/// - `text` (string; required unless `blocks` are given): the message, BB codes allowed.
///   Sent as MESSAGE.
/// - `blocks` (array of block objects, one block object, or the JSON text of either; default
///   none): attachment blocks such as those from b24_get_picture_block. Sent as ATTACH.
/// - `token` (string, default "" = webhook auth): OAuth access token; the request goes to
///   `<portal>/rest/im.message.add` with `auth` in the body.
/// - `timeout` (number of seconds, default 60): limit for the whole request.
/// - `proxy` (string, default: the HTTP(S)_PROXY / NO_PROXY environment): proxy URL.
///
/// Any other key is refused. `null` and `""` count as not given.
///
/// Returns the portal's JSON answer as it came, e.g. `{"result": 89982, "time": {...}}`, or
/// its error, e.g. `{"error": "MESSAGE_EMPTY", "error_description": "..."}`. The library's own
/// errors have the same shape with a `B24_` code: B24_INVALID_INPUT, B24_INVALID_PARAMETER,
/// B24_CLIENT_INIT, B24_CONNECTION_FAILED, B24_TIMEOUT, B24_TRANSPORT_FAILED, B24_REDIRECTED,
/// B24_BAD_ANSWER, B24_INTERNAL. A request that may have reached the portal is never repeated.
///
/// The returned text is never NULL; release it with b24_free. Blocks until the portal answers.
#[no_mangle]
pub extern "C" fn b24_send_message(params: *const c_char) -> *mut c_char {
    call_table("b24_send_message", params)
}

/// Builds an image attachment block for the `blocks` of b24_send_message. No request.
///
/// `params` is a UTF-8 JSON object:
/// - `title` (string, required): the image's name.
/// - `url` (string, required): a public link to the image.
///
/// Returns `{"IMAGE": {"NAME": title, "LINK": url}}`, or an error `{"error": "B24_...",
/// "error_description": "..."}`: B24_INVALID_INPUT, B24_INVALID_PARAMETER, B24_INTERNAL.
///
/// The returned text is never NULL; release it with b24_free.
#[no_mangle]
pub extern "C" fn b24_get_picture_block(params: *const c_char) -> *mut c_char {
    call_table("b24_get_picture_block", params)
}

/// Builds a file attachment block for the `blocks` of b24_send_message. No request.
///
/// `params` is a UTF-8 JSON object:
/// - `title` (string, required): the file's name.
/// - `url` (string, required): a public link to the file.
///
/// Returns `{"FILE": {"NAME": title, "LINK": url}}`, or an error `{"error": "B24_...",
/// "error_description": "..."}`: B24_INVALID_INPUT, B24_INVALID_PARAMETER, B24_INTERNAL.
///
/// The returned text is never NULL; release it with b24_free.
#[no_mangle]
pub extern "C" fn b24_get_file_block(params: *const c_char) -> *mut c_char {
    call_table("b24_get_file_block", params)
}

/// Calls any REST method: a POST with a JSON body to `<webhook><method>` or
/// `<portal>/rest/<method>`.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL, or the portal's address when `token` is given.
/// - `method` (string, required): the REST method, e.g. "server.time" (letters, digits, '.', '_').
/// - `params` (object or its JSON text, default {}): the method's fields as the REST docs name
///   them, e.g. {"DIALOG_ID": "chat1", "MESSAGE": "hi"}.
/// - `token` (string, default "" = webhook auth): OAuth access token, sent as `auth`.
/// - `timeout` (number of seconds, default 60), `proxy` (string): as for b24_send_message.
///
/// Returns the portal's JSON answer as it came, or an error in the portal's shape (library
/// codes as for b24_send_message). The returned text is never NULL; release it with b24_free.
#[no_mangle]
pub extern "C" fn b24_call(params: *const c_char) -> *mut c_char {
    call_table("b24_call", params)
}

/// Runs any function of the table by its OPI name ("SendMessage", "GetPictureBlock",
/// "GetFileBlock", "Call"; ASCII case ignored) with `params`, the same JSON object the
/// function's own export takes.
///
/// Returns what that export returns; an unknown name gives B24_UNKNOWN_FUNCTION and a NULL
/// or non-UTF-8 `function` gives B24_INVALID_INPUT. The returned text is never NULL; release
/// it with b24_free.
#[no_mangle]
pub extern "C" fn b24_invoke(function: *const c_char, params: *const c_char) -> *mut c_char {
    let text = match (borrow_text(function, "function"), borrow_text(params, "params")) {
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

fn call_table(c_symbol: &str, params: *const c_char) -> *mut c_char {
    // Every export names an entry (a test walks them); a miss would be a bug, not a crash.
    let Some(function) = table::by_symbol(c_symbol) else {
        return hand_over(Error::Internal.to_json());
    };
    let text = match borrow_text(params, "params") {
        Ok(params) => invoke::invoke_text(function, params),
        Err(error) => error.to_json(),
    };
    hand_over(text)
}

/// Borrows a C string for the length of the call.
fn borrow_text<'a>(text: *const c_char, name: &str) -> Result<&'a str, Error> {
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
