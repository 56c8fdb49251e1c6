//! Runs the loopback fake Bitrix24 portal until killed, for trying clients offline.
//!
//! ```text
//! cargo run --features sandbox --example sandbox [-- ADDR]
//! ```
//!
//! ADDR defaults to 127.0.0.1:0 (a free port). Every credential printed here is a fixed fake.

use bitrix24_ffi::sandbox::{Sandbox, AUTH_CODE, CLIENT_ID, CLIENT_SECRET, EXPIRED_TOKEN, TOKEN};

fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_string());
    let sandbox = match Sandbox::start_on(&addr) {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    let fresh = sandbox.issue_tokens();
    println!("webhook URL:    {}", sandbox.webhook_url());
    println!("OAuth portal:   {}", sandbox.portal_url());
    println!("OAuth token:    {TOKEN} (never expires)");
    println!("expired token:  {EXPIRED_TOKEN}");
    println!("token server:   {}", sandbox.oauth_url());
    println!("client_id:      {CLIENT_ID}");
    println!("client_secret:  {CLIENT_SECRET}");
    println!("auth code:      {AUTH_CODE} (one use)");
    println!("access token:   {} (expires in an hour)", fresh.access_token);
    println!("refresh token:  {} (rotates on use)", fresh.refresh_token);
    println!("one line per request goes to stderr; stop with Ctrl+C");
    sandbox.log_requests(true);
    loop {
        // Nothing ever unparks this thread; the loop only guards against spurious wake-ups.
        std::thread::park();
    }
}
