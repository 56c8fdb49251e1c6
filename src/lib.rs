//! Bitrix24 messaging functions of OpenIntegrations (OPI) behind a C ABI and a 1C Native API
//! add-in: one JSON text in, one JSON text out. Layers, top to bottom: the surfaces (`api`:
//! C exports and the 1C add-in), the function table and the functions (`functions`, one file
//! per OPI section), the portal and the transport (`rest`). The sandbox portal is compiled only
//! with the `sandbox` feature.

/// The library's name and version, as b24_version() and the add-in's Version property give it.
pub const VERSION: &str = concat!("bitrix24-ffi ", env!("CARGO_PKG_VERSION"));

pub mod api;
pub mod error;
pub mod functions;
pub mod rest;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use api::ffi;

/// Runs `work` holding every lock of the library's process-wide state (the HTTP clients, the
/// limiter, the ledger, the token caches, the upload probe's cache), as a thread inside a call
/// may hold one when another thread forks. For the fork tests only.
#[cfg(feature = "sandbox")]
pub fn hold_shared_state<R>(work: impl FnOnce() -> R) -> R {
    let probe = functions::V2_UPLOAD.lock();
    let result = rest::hold_state(work);
    drop(probe);
    result
}
