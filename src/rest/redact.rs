//! Removing secrets (a webhook code, a token, a refresh token, a client secret, a proxy's
//! credentials) from any text the library is about to write: an excerpt of an answer, a
//! cause from the network stack, a redirect's target.
//!
//! The rule: a secret of at least `MIN_ANYWHERE` characters is removed wherever it appears,
//! in any letter case (Unicode's: `straße` echoed as `STRASSE`, `ı` as `I`, Cyrillic and Greek
//! alike), percent-encoded, JSON-escaped, or with whitespace squeezed in or out; a
//! shorter one (a proxy password like `pw`) only where it stands as a whole word, so that it
//! does not blank every occurrence of a few common letters.

/// Secrets at least this long are removed wherever they appear, whole words or not.
pub const MIN_ANYWHERE: usize = 6;

/// `text` with every secret replaced by `***`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let units = normalise(text);
    let bytes: Vec<u8> = units.iter().map(|unit| unit.byte).collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for secret in secrets {
        let wanted: Vec<u8> = normalise(secret).iter().map(|unit| unit.byte).collect();
        if wanted.is_empty() {
            continue;
        }
        let whole_words_only = secret.chars().count() < MIN_ANYWHERE;
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], &wanted).map(|at| at + from) {
            let (start, end) = (units[at].start, units[at + wanted.len() - 1].end);
            if !whole_words_only || is_whole_word(text, start, end) {
                spans.push((start, end));
            }
            from = at + 1;
        }
    }
    if spans.is_empty() {
        return text.to_string();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if end <= at {
            continue;
        }
        if start >= at {
            out.push_str(&text[at..start]);
            out.push_str("***");
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether `secret` can still be read in `text`, in any of the spellings `redact` removes: the
/// check behind the fuzz target's and the property tests' oracle.
pub fn contains(text: &str, secret: &str) -> bool {
    let haystack: Vec<u8> = normalise(text).iter().map(|unit| unit.byte).collect();
    let needle: Vec<u8> = normalise(secret).iter().map(|unit| unit.byte).collect();
    !needle.is_empty() && find(&haystack, &needle).is_some()
}

/// One byte of the text as a reader would decode it, and the original bytes it came from.
struct Unit {
    byte: u8,
    start: usize,
    end: usize,
}

/// The text decoded the ways a secret may be written: percent escapes and JSON escapes
/// resolved, letters case-folded, whitespace dropped; each byte remembers where it stood in
/// the original.
fn normalise(text: &str) -> Vec<Unit> {
    let raw = text.as_bytes();
    // The escapes first, byte by byte: a character may be written as several of them.
    let mut decoded: Vec<Unit> = Vec::with_capacity(raw.len());
    let mut at = 0;
    while at < raw.len() {
        let (bytes, used) = decode_at(raw, at);
        decoded.extend(bytes.into_iter().map(|byte| Unit { byte, start: at, end: at + used }));
        at += used;
    }
    // Then the characters those bytes make, folded; a byte that makes none stays itself.
    let mut units = Vec::with_capacity(decoded.len());
    let mut at = 0;
    while at < decoded.len() {
        let (c, used) = char_at(&decoded[at..]);
        let (start, end) = (decoded[at].start, decoded[at + used - 1].end);
        match c {
            Some(c) => {
                for folded in fold(c).filter(|c| !c.is_whitespace()) {
                    let mut buffer = [0; 4];
                    for byte in folded.encode_utf8(&mut buffer).bytes() {
                        units.push(Unit { byte, start, end });
                    }
                }
            }
            None => units.push(Unit { byte: decoded[at].byte, start, end }),
        }
        at += used;
    }
    // Every span must end on a character boundary of the original text.
    for unit in &mut units {
        while !text.is_char_boundary(unit.end) {
            unit.end += 1;
        }
    }
    units
}

/// The character the UTF-8 bytes at the start of `units` make, and how many it took; `None`
/// (taking one byte) when they make none.
fn char_at(units: &[Unit]) -> (Option<char>, usize) {
    let length = match units[0].byte {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return (None, 1),
    };
    let Some(units) = units.get(..length) else {
        return (None, 1);
    };
    let bytes: Vec<u8> = units.iter().map(|unit| unit.byte).collect();
    match std::str::from_utf8(&bytes).ok().and_then(|text| text.chars().next()) {
        Some(c) => (Some(c), length),
        None => (None, 1),
    }
}

/// A character's case fold, as an echo in any case would read: lower case of its upper case,
/// so that `ß` and `SS`, `ı` and `I`, `ς` and `Σ` meet; the dot that `İ` keeps when lowered
/// is dropped, so that `İ` meets `i`.
fn fold(c: char) -> impl Iterator<Item = char> {
    const COMBINING_DOT_ABOVE: char = '\u{307}';
    let folded: Vec<char> = match c {
        c if c.is_ascii() => vec![c.to_ascii_lowercase()],
        c => c.to_uppercase().flat_map(char::to_lowercase).filter(|c| *c != COMBINING_DOT_ABOVE).collect(),
    };
    folded.into_iter()
}

/// The bytes one escape (or one plain byte) at `at` stands for, and how many bytes it took.
fn decode_at(raw: &[u8], at: usize) -> (Vec<u8>, usize) {
    let hex = |slice: &[u8]| std::str::from_utf8(slice).ok().and_then(|h| u32::from_str_radix(h, 16).ok());
    match raw[at] {
        b'%' if at + 3 <= raw.len() => match hex(&raw[at + 1..at + 3]) {
            Some(value) => (vec![value as u8], 3),
            None => (vec![b'%'], 1),
        },
        b'\\' if at + 6 <= raw.len() && raw[at + 1] == b'u' => {
            match hex(&raw[at + 2..at + 6]).and_then(char::from_u32) {
                Some(c) => (c.to_string().into_bytes(), 6),
                None => (vec![b'\\'], 1),
            }
        }
        b'\\' if at + 2 <= raw.len() && b"\"\\/".contains(&raw[at + 1]) => (vec![raw[at + 1]], 2),
        byte => (vec![byte], 1),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "S3cretCode42";

    #[test]
    fn a_secret_goes_in_every_spelling() {
        for text in [
            "at /rest/1/S3cretCode42/x",
            "at /rest/1/s3cretcode42/x",
            "at /rest/1/S3CRETCODE42/x",
            "at /rest/1/%53%33cretCode42/x",
            "at \"\\u0053\\u0033cretCode42\" x",
            "at S3cret Code42 x",
            "at S3cret\n   Code42 x",
        ] {
            let said = redact(text, &[SECRET]);
            assert!(said.starts_with("at ") && said.contains("***"), "{text} -> {said}");
            assert!(
                !said.to_lowercase().contains("cretcode") && !said.contains("Code42"),
                "{text} -> {said}"
            );
        }
    }

    #[test]
    fn a_secret_with_whitespace_is_found_squeezed() {
        assert_eq!(redact("key: abcdefgh!", &["abcd efgh"]), "key: ***!");
    }

    #[test]
    fn a_short_secret_goes_only_as_a_whole_word() {
        assert_eq!(redact("user pw failed; pwd and cpw stay", &["pw"]), "user *** failed; pwd and cpw stay");
    }

    #[test]
    fn overlapping_secrets_leave_nothing_behind() {
        assert_eq!(redact("xx abcdefghij yy", &["abcdefgh", "defghij"]), "xx *** yy");
    }

    #[test]
    fn a_secret_goes_in_every_unicode_case() {
        for (secret, text) in [
            ("straßeABC", "at STRASSEabc x"),
            ("STRASSEabc", "at straßeABC x"),
            ("ıstanbulX", "at ISTANBULx x"),
            ("İstanbulX", "at istanbulx x"),
            ("секретКод", "at СЕКРЕТКОД x"),
            ("ΣοφίαΣ9", "at σοφίας9 x"),
            ("straßeABC", "at stra%C3%9FeABC x"),
            ("straßeABC", "at stra\\u00dfeabc x"),
        ] {
            assert_eq!(redact(text, &[secret]), "at *** x", "{secret} in {text}");
            assert!(contains(text, secret), "{secret} in {text}");
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let text = "Привет, мир: 100% \\u0041 done";
        assert_eq!(redact(text, &[SECRET, ""]), text);
    }
}
