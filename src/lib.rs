//! Bitrix24 messaging functions of OpenIntegrations (OPI) behind a C ABI and a 1C Native API
//! add-in: one JSON text in, one JSON text out. Layers, top to bottom: surfaces (`ffi`,
//! `addin`), the function table and the functions (`table`, `args`, `invoke`, `messages`,
//! `blocks`, `call`), the portal (`portal`) and the transport (`transport`). The sandbox portal is compiled only with the `sandbox` feature.

/// The library's name and version, as b24_version() and the add-in's Version property give it.
pub const VERSION: &str = concat!("bitrix24-ffi ", env!("CARGO_PKG_VERSION"));

pub mod addin;
pub mod args;
pub mod blocks;
pub mod call;
pub mod error;
pub mod ffi;
pub mod invoke;
pub mod messages;
pub mod portal;
pub mod rest;
pub mod table;
pub mod transport;

#[cfg(feature = "sandbox")]
pub mod sandbox;
