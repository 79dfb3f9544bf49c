//! ASCII characters that the running Node's WHATWG parser serialises differently from the
//! `url` crate.
//!
//! The percent-encode sets of the WHATWG URL standard still change (Node 24's parser
//! encodes `^` in paths, Node 20's does not), so no fixed rule matches every Node release.
//! The facade probes Node once at load time and records here the characters where the two
//! disagree; URLs containing one of them get Node's own serialisation instead.

use std::sync::atomic::{AtomicU64, Ordering};

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
pub(crate) fn has_node_divergent_ascii(url: &[u8]) -> bool {
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
    fn records_and_finds_characters() {
        set_node_divergent_ascii(b"^");
        assert!(has_node_divergent_ascii(b"https://h/a^b"));
        assert!(!has_node_divergent_ascii(b"https://h/ab"));
        set_node_divergent_ascii(b"");
        assert!(!has_node_divergent_ascii(b"https://h/a^b"));
    }
}
