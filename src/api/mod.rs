//! The surfaces: the C exports and the 1C Native API add-in. Thin: they decode the input, call
//! the function table, and hand the answer over. No Bitrix24 knowledge lives here.

pub mod addin;
pub mod ffi;
