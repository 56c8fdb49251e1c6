//! Idle connections are bounded in total, not only per portal: calls to many portals do not
//! leave a descriptor open for each. Alone in its binary, so that no other test's sockets
//! count.

mod common;

use bitrix24_ffi::sandbox::Sandbox;
use common::{call, ffi};
use serde_json::json;

fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|entries| entries.count()).unwrap_or(0)
}

#[test]
fn calls_to_two_hundred_portals_keep_a_bounded_number_of_connections() {
    const PORTALS: usize = 200;
    let sandboxes: Vec<Sandbox> = (0..PORTALS).map(|_| Sandbox::start().unwrap()).collect();
    let before = open_descriptors();
    for sandbox in &sandboxes {
        let answer = call(ffi::b24_server_time, &json!({"url": sandbox.webhook_url(), "rate_limit": "off"}));
        assert!(answer["result"].is_string(), "{answer}");
    }
    // Let the servers notice the connections the client dropped.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let grown = open_descriptors().saturating_sub(before);
    eprintln!("{grown} descriptors more after calls to {PORTALS} portals");
    // Each kept connection is two descriptors here (the client's and the sandbox's side). With
    // one client per 64 portals, at most 64 connections stay idle; without a bound, 200 would.
    assert!(grown <= 2 * 64 + 16, "{grown} descriptors more after calls to {PORTALS} portals");
}
