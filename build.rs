//! Generates the C header from src/ffi.rs with the pinned cbindgen.
//!
//! The fresh header always goes to OUT_DIR, where a test compares it with the checked-in
//! include/bitrix24.h; the checked-in copy is rewritten only when B24_WRITE_HEADER=1, so a
//! stale header fails the test instead of being silently replaced in a clean checkout.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=B24_WRITE_HEADER");

    // A 1C server or a host may unload the library while the HTTP client's thread still runs
    // code from it; keeping it mapped makes that harmless.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }

    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read src/ffi.rs");
    bindings.write_to_file(out_dir.join("bitrix24.h"));
    if env::var("B24_WRITE_HEADER").as_deref() == Ok("1") {
        bindings.write_to_file(crate_dir.join("include/bitrix24.h"));
    }
}
