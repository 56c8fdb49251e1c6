//! The portal and the transport: who we talk to (`portal`), what a function asks to send
//! (`request`), and the one entry point that sends it (`session`), over one process-wide HTTP
//! client (`http`). Nothing above this layer waits or repeats a request.

pub mod auth;
pub mod batch;
mod connects;
pub mod form;
mod http;
pub mod limiter;
pub mod list;
pub mod oauth;
pub mod per_process;
pub mod portal;
pub mod redact;
mod request;
mod session;

pub use http::{DEFAULT_MAX_ANSWER, DEFAULT_TIMEOUT};
pub use per_process::PerProcess;
pub use portal::Portal;
pub use request::{
    encode_into as encode_base64, file_slot, file_slot_at, FileContent, Payload, Request, Verb,
};
pub use session::{Answer, Options, Session};

/// Runs `work` holding every lock of the transport's process-wide state, as a thread inside a
/// call may hold one at the moment another thread forks (for the fork tests).
#[cfg(feature = "sandbox")]
pub(crate) fn hold_state<R>(work: impl FnOnce() -> R) -> R {
    let _held = (http::CLIENT.lock(), http::PROXIED.lock());
    auth::hold_state(|| limiter::hold_state(work))
}
