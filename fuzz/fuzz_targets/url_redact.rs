//! URL normalisation and redaction. Oracle: a secret (of the length the rule removes
//! anywhere) hidden in any text, in any of its spellings, never survives `redact`; a URL never
//! panics `Portal::new`, and its refusal never quotes the token.
#![no_main]

use bitrix24_ffi::rest::redact::{self, MIN_ANYWHERE};
use bitrix24_ffi::rest::Portal;
use libfuzzer_sys::fuzz_target;

/// The secret written one of the ways a server or a library might write it.
fn spelled(secret: &str, how: u8) -> String {
    match how % 5 {
        0 => secret.to_string(),
        1 => secret.to_ascii_uppercase(),
        2 => secret.bytes().map(|b| format!("%{b:02X}")).collect(),
        3 => secret.chars().map(|c| format!("\\u{:04x}", c as u32)).collect(),
        _ => secret.chars().flat_map(|c| [c, ' ']).collect(),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let secret_len = MIN_ANYWHERE + head[0] as usize % 40;
    let secret: String = rest.iter().take(secret_len).map(|b| (b'a' + b % 26) as char).collect();
    if secret.len() < MIN_ANYWHERE {
        return;
    }
    let text = String::from_utf8_lossy(&rest[secret.len().min(rest.len())..]).into_owned();
    let at = (head[1] as usize).min(text.len());
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let hidden = format!("{}{}{}", &text[..at], spelled(&secret, head[2]), &text[at..]);
    let said = redact::redact(&hidden, &[&secret]);
    assert!(!redact::contains(&said, &secret), "{secret:?} survived in {said:?}");

    // A refusal never quotes the token. (Compared as written, in any case: squeezing the
    // whitespace out of the library's English would let a token like "ausable" match words.)
    if let Err(error) = Portal::new(&text, Some(&secret)) {
        assert!(!error.to_string().to_ascii_lowercase().contains(&secret), "{error}");
    }
    let _ = Portal::new(&hidden, None).map(|portal| portal.endpoint("im.message.add"));
});
