//! Bitrix24 messaging functions of OpenIntegrations (OPI) behind a C ABI: one JSON text in,
//! one JSON text out. Layers, top to bottom: surfaces (`ffi`), the function table and the
//! functions (`table`, `args`, `messages`, `blocks`, `call`), the portal (`portal`) and the
//! transport (`transport`). The sandbox portal is compiled only with the `sandbox` feature.

pub mod args;
pub mod blocks;
pub mod call;
pub mod error;
pub mod ffi;
pub mod invoke;
pub mod messages;
pub mod portal;
pub mod table;
pub mod transport;

#[cfg(feature = "sandbox")]
pub mod sandbox;
