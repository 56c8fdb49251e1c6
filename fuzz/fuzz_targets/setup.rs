//! What every target that calls functions does first: the request limit off (inputs may set
//! any rate for the stub's portals), and a check that the stub transport is in place, since a
//! refused connection would mean the fuzz build reaches the network.

pub fn once() {
    static SETUP: std::sync::Once = std::sync::Once::new();
    SETUP.call_once(|| {
        std::env::set_var("B24_RATE_LIMIT", "off");
        let probe = bitrix24_ffi::functions::invoke::invoke_named(
            "ServerTime",
            r#"{"url": "http://127.0.0.1:9/rest/1/probe/", "timeout": 1}"#,
        );
        assert!(!probe.contains("B24_CONNECTION_FAILED"), "the fuzz build reaches the network: {probe}");
    });
}
