//! The portal and the transport: who we talk to (`portal`), what a function asks to send
//! (`request`), and the one entry point that sends it (`session`), over one process-wide HTTP
//! client (`http`). Nothing above this layer waits or repeats a request.

pub mod auth;
pub mod batch;
mod connects;
pub mod form;
mod http;
pub mod limiter;
pub mod oauth;
pub mod portal;
pub mod redact;
mod request;
mod session;

pub use http::{DEFAULT_MAX_ANSWER, DEFAULT_TIMEOUT};
pub use portal::Portal;
pub use request::{encode_into as encode_base64, file_slot, FileContent, Payload, Request, Verb};
pub use session::{Answer, Options, Session};
