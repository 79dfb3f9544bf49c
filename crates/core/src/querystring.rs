//! Node's `querystring.parse` with its defaults (`&`, `=`, `maxKeys` 1000,
//! `querystring.unescape`), on UTF-8 text. Two places need it: a raw form body, which is
//! what `express.urlencoded({ extended: false })` handed twilio-node before Express 5, and
//! the query that twilio-node's legacy-querystring candidate re-parses.

use std::sync::atomic::{AtomicBool, Ordering};

/// `querystring.parse` stops after this many `&`-separated pieces, empty ones included.
pub(crate) const MAX_PIECES: usize = 1000;

/// Whether a key with two escapes flags its value as encoded (see [`Encoded::scan_key`]):
/// Node up to 24 does, Node 26 no longer does (`%41%41=é%` gives `é%`, not U+FFFD `%`).
/// The binding sets it at load time from what the running Node's `querystring.parse` does.
static KEY_ESCAPES_FLAG_VALUE: AtomicBool = AtomicBool::new(true);

/// Records whether the running Node's `querystring.parse` lets a key with two escapes
/// flag its value as encoded (true up to Node 24, the default; false from Node 26).
pub fn set_node_key_escapes_flag_value(flags: bool) {
    KEY_ESCAPES_FLAG_VALUE.store(flags, Ordering::Relaxed);
}

/// One half (key or value) of a piece, still encoded, with what Node's scanner noticed
/// while reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Encoded<'a> {
    raw: &'a [u8],
    plus: bool,
    escape: bool,
}

/// Calls `pair` with the key and value of every piece Node keeps, in order: at most
/// [`MAX_PIECES`] pieces are looked at, empty ones are dropped, the first `=` separates
/// key from value and a piece without one is a key with an empty value.
pub(crate) fn for_each_pair<'a>(text: &'a str, mut pair: impl FnMut(Encoded<'a>, Encoded<'a>)) {
    let bytes = text.as_bytes();
    let mut emit = |start: usize, equals: Option<usize>, end: usize| {
        if start >= end {
            return;
        }
        let (key_end, value_start) = equals.map_or((end, end), |at| (at, at + 1));
        let (key, flags_value) = Encoded::scan_key(bytes.get(start..key_end).unwrap_or(&[]));
        let mut value = Encoded::scan(bytes.get(value_start..end).unwrap_or(&[]), true);
        value.escape |= flags_value && KEY_ESCAPES_FLAG_VALUE.load(Ordering::Relaxed);
        pair(key, value);
    };
    let mut pieces = 0;
    let mut start = 0;
    let mut equals = None;
    // Both separators are found with one vectorised search; in a well-formed body they
    // simply alternate.
    for at in memchr::memchr2_iter(b'&', b'=', bytes) {
        if bytes.get(at) == Some(&b'=') {
            equals = equals.or(Some(at));
            continue;
        }
        emit(start, equals, at);
        pieces += 1;
        if pieces == MAX_PIECES {
            return;
        }
        start = at + 1;
        equals = None;
    }
    emit(start, equals, bytes.len());
}

impl<'a> Encoded<'a> {
    /// What Node's scanner notices in one half. `+` and `%` are looked for eight bytes
    /// at a time; most halves have neither.
    fn scan(raw: &'a [u8], in_value: bool) -> Encoded<'a> {
        let (plus, percent) = contains_plus_percent(raw);
        let escape = percent
            && raw.iter().enumerate().any(|(at, &byte)| {
                byte == b'%' && node_sees_escape(raw.get(at + 1..).unwrap_or(&[]), in_value)
            });
        Encoded { raw, plus, escape }
    }

    /// A key, and whether reading it already flagged the value as encoded: once Node's
    /// scanner has flagged a key, the rest of the key falls through to the value's escape
    /// check (its key branch no longer `continue`s), so in `%41%41=é%` the value is
    /// decoded (through [`Unescaper::fallback`], giving U+FFFD `%`) though it has no escape.
    fn scan_key(raw: &'a [u8]) -> (Encoded<'a>, bool) {
        let key = Encoded::scan(raw, false);
        if !key.escape {
            return (key, false);
        }
        let mut seen = 0u8;
        let mut key_escape = false;
        for &byte in raw {
            if !key_escape {
                match byte {
                    b'%' => seen = 1,
                    hex if seen > 0 && hex.is_ascii_hexdigit() => {
                        seen += 1;
                        key_escape = seen == 3;
                    }
                    _ => seen = 0,
                }
                continue;
            }
            match byte {
                b'+' => {}
                b'%' => seen = 1,
                hex if seen > 0 && hex.is_ascii_hexdigit() => {
                    seen += 1;
                    if seen == 3 {
                        return (key, true);
                    }
                }
                _ => seen = 0,
            }
        }
        (key, false)
    }

    /// The half itself, where Node's decoding leaves it unchanged (no `+`, no escape).
    pub(crate) fn verbatim(&self) -> Option<&'a [u8]> {
        (!self.plus && !self.escape).then_some(self.raw)
    }
}

/// Whether `raw` contains a `+`, and whether it contains a `%`.
fn contains_plus_percent(raw: &[u8]) -> (bool, bool) {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // The classic test for a zero byte in a word, applied to `word ^ needle`.
    let has = |word: u64, needle: u8| {
        let diff = word ^ (ONES * u64::from(needle));
        diff.wrapping_sub(ONES) & !diff & HIGHS != 0
    };
    let mut words = raw.chunks_exact(8);
    let (mut plus, mut percent) = (false, false);
    for chunk in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(bytes);
        plus |= has(word, b'+');
        percent |= has(word, b'%');
    }
    for &byte in words.remainder() {
        plus |= byte == b'+';
        percent |= byte == b'%';
    }
    (plus, percent)
}

/// Whether Node's scanner, having just read a `%`, counts an escape: two hex digits must
/// follow. In a value the scanner tests for `+` before it runs the escape check, so a `+`
/// between the `%` and its digits does not reset it (`%4+1` counts as an escape); in a key
/// the escape check runs first and a `+` resets it. The flag matters even where nothing
/// decodes: a flagged half goes through [`Unescaper::fallback`], which mangles non-ASCII
/// characters.
fn node_sees_escape(after_percent: &[u8], in_value: bool) -> bool {
    let mut digits = 0;
    for &byte in after_percent {
        if byte == b'+' && in_value {
            continue;
        }
        if !byte.is_ascii_hexdigit() {
            return false;
        }
        digits += 1;
        if digits == 2 {
            return true;
        }
    }
    false
}

/// Decodes keys and values as `querystring.parse` does, reusing one scratch buffer.
#[derive(Default)]
pub(crate) struct Unescaper {
    scratch: Vec<u8>,
}

impl Unescaper {
    /// Appends the decoded form of `half` to `out`, which stays valid UTF-8 (`half` comes
    /// from a `&str`). `+` always becomes a space. Node only decodes a half in which its
    /// scanner saw an escape; it then tries `decodeURIComponent`, and where that throws (an
    /// invalid escape elsewhere, escapes that are not UTF-8) it falls back to
    /// `unescapeBuffer`, see [`Self::fallback`].
    pub(crate) fn decode_into(&mut self, half: Encoded<'_>, out: &mut Vec<u8>) {
        if !half.escape {
            if half.plus {
                out.extend(
                    half.raw
                        .iter()
                        .map(|&byte| if byte == b'+' { b' ' } else { byte }),
                );
            } else {
                out.extend_from_slice(half.raw);
            }
            return;
        }
        let start = out.len();
        if decode_uri_component(half.raw, out) {
            return;
        }
        out.truncate(start);
        self.fallback(half.raw);
        out.extend_from_slice(String::from_utf8_lossy(&self.scratch).as_bytes());
    }

    /// Node's `unescapeBuffer`, which writes every UTF-16 code unit of the string into a
    /// byte buffer: valid escapes become their byte, ASCII stays, and a non-ASCII code unit
    /// keeps only its low byte (a Buffer stores `value & 0xff`), so `é` becomes the lone
    /// byte E9 and an astral character two bytes of its surrogates. The caller reads the
    /// result as UTF-8 with U+FFFD for what is malformed, as `buffer.toString()` does.
    fn fallback(&mut self, raw: &[u8]) {
        self.scratch.clear();
        let text = String::from_utf8_lossy(raw);
        let mut characters = text.char_indices();
        while let Some((at, character)) = characters.next() {
            if let Some(decoded) = escaped_byte(raw, at) {
                self.scratch.push(decoded);
                characters.nth(1);
                continue;
            }
            match character {
                '+' => self.scratch.push(b' '),
                ascii if ascii.is_ascii() => self.scratch.push(ascii as u8),
                wide => {
                    let mut units = [0u16; 2];
                    for unit in wide.encode_utf16(&mut units) {
                        self.scratch.push(unit.to_le_bytes()[0]);
                    }
                }
            }
        }
    }
}

/// `decodeURIComponent` of `raw` (with `+` read as a space) appended to `out`; false
/// where JavaScript throws a URIError. Its rules (every `%` starts two hex digits,
/// escaped bytes form whole UTF-8 characters) amount to: the bytes, escapes decoded, are
/// valid UTF-8 — a literal character can never complete an escaped one.
fn decode_uri_component(raw: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    out.reserve(raw.len());
    let mut i = 0;
    while let Some(&byte) = raw.get(i) {
        match byte {
            b'%' => match escaped_byte(raw, i) {
                Some(decoded) => {
                    out.push(decoded);
                    i += 3;
                    continue;
                }
                None => return false,
            },
            b'+' => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    std::str::from_utf8(out.get(start..).unwrap_or(&[])).is_ok()
}

/// The byte of a valid `%XX` escape starting at `at`.
fn escaped_byte(bytes: &[u8], at: usize) -> Option<u8> {
    match (bytes.get(at), bytes.get(at + 1), bytes.get(at + 2)) {
        (Some(b'%'), Some(&high), Some(&low)) => Some(hex_value(high)? << 4 | hex_value(low)?),
        _ => None,
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let mut unescaper = Unescaper::default();
        let mut out = Vec::new();
        for_each_pair(text, |key, value| {
            let mut decode = |half| {
                let mut bytes = Vec::new();
                unescaper.decode_into(half, &mut bytes);
                String::from_utf8(bytes).unwrap()
            };
            let key = decode(key);
            out.push((key, decode(value)));
        });
        out
    }

    fn value(raw: &str) -> String {
        pairs(&format!("k={raw}")).remove(0).1
    }

    fn key(raw: &str) -> String {
        pairs(raw).remove(0).0
    }

    #[test]
    fn pieces() {
        let found = pairs("a=1&&b&=x&c=d=e&");
        let expected = [("a", "1"), ("b", ""), ("", "x"), ("c", "d=e")];
        assert_eq!(found.len(), expected.len());
        for ((key, value), (k, v)) in found.iter().zip(expected) {
            assert_eq!((key.as_str(), value.as_str()), (k, v));
        }
        assert!(pairs("").is_empty());
        let many = "&".repeat(MAX_PIECES - 1) + "a&b";
        assert_eq!(pairs(&many), [("a".to_string(), String::new())]);
    }

    #[test]
    fn decoding() {
        assert_eq!(value("a+b%2B"), "a b+");
        assert_eq!(key("%C3%A9"), "é");
        assert_eq!(key("%zz"), "%zz");
        assert_eq!(value("%41%zz%4"), "A%zz%4");
        assert_eq!(value("%E9"), "\u{fffd}");
        assert_eq!(value("%ED%A0%80"), "\u{fffd}\u{fffd}\u{fffd}");
        // No escape seen: non-ASCII text is kept as it is.
        assert_eq!(value("é%zz"), "é%zz");
        // An escape elsewhere sends é through unescapeBuffer: its low byte E9 alone.
        assert_eq!(value("é%41%zz"), "\u{fffd}A%zz");
        // ... but when decodeURIComponent succeeds, literal text is untouched.
        assert_eq!(value("é%41"), "éA");
        // U+1F600 is D83D DE00 in UTF-16: low bytes 3D ('=') and 00.
        assert_eq!(key("\u{1f600}%41%zz"), "=\0A%zz");
    }

    #[test]
    fn a_flagged_key_flags_its_value() {
        assert_eq!(pairs("%41%41=é%")[0].1, "\u{fffd}%");
        assert_eq!(pairs("%41x%41=é%")[0].1, "\u{fffd}%");
        assert_eq!(pairs("%41+%41=é%")[0].1, "\u{fffd}%");
        assert_eq!(pairs("%41=é%")[0].1, "é%");
        assert_eq!(pairs("%41%4=é%")[0].1, "é%");
    }

    #[test]
    fn plus_inside_an_escape() {
        assert_eq!(value("é%4+1"), "\u{fffd}%4 1");
        assert_eq!(key("é%4+1"), "é%4 1");
        assert_eq!(value("é%+%41%zz"), "\u{fffd}% A%zz");
    }
}
