//! Standard base64 (RFC 4648 §4), written here so the sandbox needs no extra crate. Decoding is
//! strict about the alphabet, like PHP's `base64_decode($s, true)`, but skips ASCII whitespace
//! (MIME line breaks) and accepts missing padding.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[cfg(test)]
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [group[0], *group.get(1).unwrap_or(&0), *group.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// None when the text holds anything but the alphabet, whitespace and trailing padding.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let mut table = [255u8; 256];
    for (value, &symbol) in ALPHABET.iter().enumerate() {
        table[symbol as usize] = value as u8;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let (mut acc, mut bits, mut padding) = (0u32, 0u32, 0usize);
    for &byte in text.as_bytes() {
        if byte.is_ascii_whitespace() {
            continue;
        }
        if byte == b'=' {
            padding += 1;
            continue;
        }
        let value = table[byte as usize];
        if value == 255 || padding > 0 {
            return None;
        }
        acc = acc << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Six leftover bits cannot be a byte; more than two '=' is never valid.
    (bits < 6 && padding <= 2).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_matches_known_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
    }

    #[test]
    fn whitespace_and_missing_padding_are_accepted_garbage_is_not() {
        assert_eq!(decode("Zm9v\r\nYg").unwrap(), b"foob");
        for bad in ["Zm9v!", "Z", "Zg==Zg==", "data:x;base64,Zg=="] {
            assert!(decode(bad).is_none(), "{bad}");
        }
    }
}
