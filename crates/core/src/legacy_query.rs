//! The "legacy querystring" candidates: twilio-node re-encodes the query of the
//! normalised URL through Node's `querystring.parse` + `querystring.stringify`, because
//! some Twilio back ends signed `'` where the WHATWG serialiser writes `%27` (twilio-node
//! #1059). The round trip has its own, observable, rules; each is reproduced here.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::hex::hex_digit;
use crate::querystring::{for_each_pair, Unescaper};

/// Replaces everything after the first `?` (the fragment too, if any) by its
/// parse-and-stringify round trip. Unchanged when there is no `?` or nothing follows it.
///
/// The input is a serialised URL, i.e. ASCII; other bytes pass through percent-encoded.
pub fn with_legacy_querystring(url: &str) -> Cow<'_, str> {
    let Some(question) = url.find('?') else {
        return Cow::Borrowed(url);
    };
    let (Some(head), Some(query)) = (url.get(..question), url.get(question + 1..)) else {
        return Cow::Borrowed(url);
    };
    if query.is_empty() || round_trips_unchanged(query) {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 16);
    out.push_str(head);
    out.push('?');
    stringify(&parse(query), &mut out);
    Cow::Owned(out)
}

/// Whether the round trip would give `query` back unchanged, decided without building it:
/// every piece is `key=value` with exactly one `=`, made only of characters the escaper
/// keeps, no key repeats (repeats would be regrouped) and no key is an array index (those
/// would move to the front). Most Twilio URLs pass, so their legacy candidates cost
/// nothing; anything else takes the full parse and stringify.
fn round_trips_unchanged(query: &str) -> bool {
    const MAX_CHECKED_PIECES: usize = 32;
    let mut keys: [&str; MAX_CHECKED_PIECES] = [""; MAX_CHECKED_PIECES];
    for (count, piece) in query.split('&').enumerate() {
        let Some((key, value)) = piece.split_once('=') else {
            return false;
        };
        let plain = |text: &str| text.bytes().all(kept_by_escape);
        if count >= MAX_CHECKED_PIECES
            || !plain(key)
            || !plain(value)
            || array_index(key).is_some()
            || keys.get(..count).is_some_and(|seen| seen.contains(&key))
        {
            return false;
        }
        if let Some(slot) = keys.get_mut(count) {
            *slot = key;
        }
    }
    true
}

/// Keys in first-appearance order, each with every value it was given.
struct ParsedQuery {
    entries: Vec<(String, Vec<String>)>,
}

fn parse(query: &str) -> ParsedQuery {
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut unescaper = Unescaper::default();
    let mut decode = |half| {
        let mut bytes = Vec::new();
        unescaper.decode_into(half, &mut bytes);
        // Valid UTF-8 by construction (decoded from a `&str`); lossy only to avoid a panic path.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    };
    for_each_pair(query, |raw_key, raw_value| {
        let key = decode(raw_key);
        let value = decode(raw_value);
        match index.get(&key) {
            Some(&slot) => {
                if let Some((_, values)) = entries.get_mut(slot) {
                    values.push(value);
                }
            }
            None => {
                index.insert(key.clone(), entries.len());
                entries.push((key, vec![value]));
            }
        }
    });
    ParsedQuery { entries }
}

/// `querystring.stringify` of the parsed object. Key order is JavaScript's `Object.keys`
/// order: array-index keys first in ascending numeric order, then the rest in insertion
/// order; repeated keys are emitted together where the key first appeared.
fn stringify(parsed: &ParsedQuery, out: &mut String) {
    let mut order: Vec<(Option<u32>, usize)> = parsed
        .entries
        .iter()
        .enumerate()
        .map(|(position, (key, _))| (array_index(key), position))
        .collect();
    // Stable: non-index keys (None) keep insertion order; `None` sorts after every index.
    order.sort_by_key(|&(index, position)| match index {
        Some(value) => (0u8, value, position),
        None => (1u8, 0, position),
    });
    let mut first = true;
    for (_, position) in order {
        let Some((key, values)) = parsed.entries.get(position) else {
            continue;
        };
        for value in values {
            if !first {
                out.push('&');
            }
            first = false;
            escape_into(key, out);
            out.push('=');
            escape_into(value, out);
        }
    }
}

/// A canonical array index: "0" or a decimal without leading zeros, at most 2³² − 2.
fn array_index(key: &str) -> Option<u32> {
    let bytes = key.as_bytes();
    let canonical = match bytes {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !canonical || bytes.len() > 10 {
        return None;
    }
    key.parse::<u32>().ok().filter(|&value| value != u32::MAX)
}

fn kept_by_escape(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.' | b'_' | b'~' | b'!' | b'\'' | b'(' | b')' | b'*'
        )
}

/// `querystring.escape`: keeps `A–Z a–z 0–9 - . _ ~ ! ' ( ) *`, percent-encodes every
/// other UTF-8 byte with upper-case hex (so a space is `%20`, never `+`).
fn escape_into(text: &str, out: &mut String) {
    for &byte in text.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.' | b'_' | b'~' | b'!' | b'\'' | b'(' | b')' | b'*'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(hex_digit(byte >> 4, true)));
            out.push(char::from(hex_digit(byte, true)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_legacy_querystring as legacy;

    #[test]
    fn documented_round_trips() {
        assert_eq!(
            legacy("https://e.com/p?q=It's+a%20test"),
            "https://e.com/p?q=It's%20a%20test"
        );
        assert_eq!(
            legacy("https://e.com/?a=%zz&b=%C3%28&c=%41"),
            "https://e.com/?a=%25zz&b=%EF%BF%BD(&c=A"
        );
        assert_eq!(legacy("https://e.com/?y"), "https://e.com/?y=");
        assert_eq!(
            legacy("https://e.com/?sip=sip:1@2.3.4.5"),
            "https://e.com/?sip=sip%3A1%402.3.4.5"
        );
        assert_eq!(
            legacy("https://e.com/?b=2&a=1&10=x&2=y"),
            "https://e.com/?2=y&10=x&b=2&a=1"
        );
        assert_eq!(
            legacy("https://e.com/?a=1&b=2&a=3"),
            "https://e.com/?a=1&a=3&b=2"
        );
        assert_eq!(legacy("https://e.com/?&&"), "https://e.com/?");
        assert_eq!(legacy("https://e.com/?a==b&=x"), "https://e.com/?a=%3Db&=x");
        assert_eq!(
            legacy("https://e.com/?%ED%A0%80"),
            "https://e.com/?%EF%BF%BD%EF%BF%BD%EF%BF%BD="
        );
        assert_eq!(
            legacy("https://e.com/?a=1#f?g"),
            "https://e.com/?a=1%23f%3Fg"
        );
        assert_eq!(legacy("https://e.com/x?"), "https://e.com/x?");
        assert_eq!(legacy("https://e.com/x"), "https://e.com/x");
        assert_eq!(legacy("https://e.com/?%7e=%2b"), "https://e.com/?~=%2B");
    }

    #[test]
    fn canonical_queries_are_borrowed() {
        use std::borrow::Cow;
        assert!(matches!(legacy("h://e/?foo=1&bar=2"), Cow::Borrowed(_)));
        assert!(matches!(legacy("h://e/?a=&=b&c=It's"), Cow::Borrowed(_)));
        // Unchanged by the round trip too, but not proven so by the quick check.
        for not_proven in [
            "h://e/?a=1&a=2",
            "h://e/?1=a",
            "h://e/?a",
            "h://e/?a==",
            "h://e/?a=%41",
            "h://e/?a=+",
            "h://e/?a=1&&b=2",
        ] {
            assert!(matches!(legacy(not_proven), Cow::Owned(_)), "{not_proven}");
        }
    }

    #[test]
    fn index_keys() {
        assert_eq!(
            legacy("h://e/?4294967295=a&4294967294=b&01=c&0=d"),
            "h://e/?0=d&4294967294=b&4294967295=a&01=c"
        );
    }

    #[test]
    fn max_pieces() {
        let query: String = (0..1005).map(|i| format!("k{i}=v&")).collect();
        let url = format!("h://e/?{query}");
        let result = legacy(&url);
        assert!(result.contains("k999=v"));
        assert!(!result.contains("k1000=v"));
        let empties = "&".repeat(999);
        assert_eq!(legacy(&format!("h://e/?{empties}a=1&b=2")), "h://e/?a=1");
    }
}
