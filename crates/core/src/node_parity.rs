//! Where the `url` crate may serialise a URL differently from the running Node's WHATWG
//! parser, so that Node's own `new URL(url).href` must be asked for instead.
//!
//! The percent-encode sets of the WHATWG URL standard still change (Node 24's parser
//! encodes `^` in paths, Node 20's does not), so no fixed rule matches every Node release.
//! The facade probes Node once at load time and records here the characters where the two
//! disagree; URLs containing one of them get Node's own serialisation instead.

use std::sync::atomic::{AtomicU64, Ordering};

/// Whether the `url` crate is trusted to serialise `url` exactly as Node 20's parser (ada)
/// does: ASCII `http(s)://` URLs without punycode labels and without path segments that
/// look like Windows drive letters. Elsewhere the two differ in ways no option fixes —
/// IDNA tables of different Unicode versions (a code point new in Unicode 16 is valid for
/// one and unassigned for the other), the `url` crate accepting a backslash in the port of
/// a non-special URL, and it keeping a `C:` or `c|` segment that `..` should remove from
/// an http(s) path (the drive-letter rule is meant for `file:` URLs only) — so Node is
/// asked instead — as it is for URLs with a character the running Node was found to
/// serialise differently (recorded below). Twilio rarely calls such URLs, and only the
/// normalised (fallback) half of a validation pays for it.
pub fn url_crate_agrees_with_node(url: &str) -> bool {
    let bytes = url.as_bytes();
    let http = bytes
        .get(..7)
        .is_some_and(|head| head.eq_ignore_ascii_case(b"http://"));
    let https = bytes
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case(b"https://"));
    (http || https)
        && url.is_ascii()
        && !bytes
            .windows(4)
            .any(|window| window.eq_ignore_ascii_case(b"xn--"))
        && !bytes.windows(3).any(starts_drive_letter_segment)
        && !has_node_divergent_ascii(bytes)
}

/// `/C:` or `\c|`: a path segment starting like a Windows drive letter.
fn starts_drive_letter_segment(window: &[u8]) -> bool {
    matches!(window, [b'/' | b'\\', letter, b':' | b'|'] if letter.is_ascii_alphabetic())
}

static DIVERGENT: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];
/// Counts the calls of [`set_node_divergent_ascii`], so that what was concluded from an
/// earlier set (see `recent_urls`) is not reused.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Records the ASCII characters (bytes below 128; others are ignored) found to diverge.
pub fn set_node_divergent_ascii(characters: &[u8]) {
    let mut mask = [0u64; 2];
    for &byte in characters.iter().filter(|byte| byte.is_ascii()) {
        if let Some(word) = mask.get_mut(usize::from(byte >> 6)) {
            *word |= 1 << (byte & 63);
        }
    }
    for (slot, word) in DIVERGENT.iter().zip(mask) {
        slot.store(word, Ordering::Relaxed);
    }
    GENERATION.fetch_add(1, Ordering::Release);
}

pub(crate) fn divergence_generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Whether `url` contains a character recorded by [`set_node_divergent_ascii`].
fn has_node_divergent_ascii(url: &[u8]) -> bool {
    let mask = DIVERGENT
        .each_ref()
        .map(|slot| slot.load(Ordering::Relaxed));
    if mask == [0, 0] {
        return false;
    }
    url.iter().any(|&byte| {
        byte.is_ascii()
            && mask
                .get(usize::from(byte >> 6))
                .is_some_and(|word| word & (1 << (byte & 63)) != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_are_trusted() {
        assert!(url_crate_agrees_with_node("https://e.com/a?b=c"));
        assert!(url_crate_agrees_with_node("HTTP://e.com:8080/"));
        assert!(!url_crate_agrees_with_node("foo://h/"));
        assert!(!url_crate_agrees_with_node("https://bücher.de/"));
        assert!(!url_crate_agrees_with_node("https://xn--bcher-kva.de/"));
        assert!(!url_crate_agrees_with_node("https://e.com/C:/../x"));
        assert!(!url_crate_agrees_with_node("https://e.com/a\\c|/x"));
    }

    #[test]
    fn records_and_finds_characters() {
        set_node_divergent_ascii(b"^");
        assert!(has_node_divergent_ascii(b"https://h/a^b"));
        assert!(!has_node_divergent_ascii(b"https://h/ab"));
        set_node_divergent_ascii(b"");
        assert!(!has_node_divergent_ascii(b"https://h/a^b"));
    }
}
