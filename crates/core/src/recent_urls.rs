//! The normalised candidates of the URLs a thread validated last. A service receives its
//! webhooks on a handful of URLs, and every request whose signature fails the URL as
//! received (every forged one) needs the normalised forms: parsing and re-serialising
//! the URL, twice through the legacy querystring, costs more than an HMAC. Kept per
//! thread, most recent first, so a hit costs a few string compares and no lock.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::candidates::{normalize, normalized_candidates};
use crate::node_parity::divergence_generation;
use crate::node_parity::url_crate_agrees_with_node;

/// How many URLs are remembered per thread.
const REMEMBERED: usize = 8;
/// Longer URLs are not remembered, so the memory held stays small.
const MAX_REMEMBERED_LEN: usize = 2048;

/// What the normalised half of a validation has to work with for one URL.
pub(crate) enum Fallbacks {
    /// The normalised candidates that differ from the URL's raw ones, in twilio-node's
    /// order, each once. Usually none: for a plain `https://host/path?a=1` URL all four
    /// equal the two raw ones.
    Candidates(Vec<String>),
    /// The `url` crate might serialise this URL differently from Node (see
    /// [`url_crate_agrees_with_node`]).
    NeedsNodeHref,
    /// `new URL(url)` throws.
    InvalidUrl,
}

struct Remembered {
    url: Box<str>,
    generation: u64,
    fallbacks: Fallbacks,
}

thread_local! {
    static RECENT: RefCell<Vec<Remembered>> = const { RefCell::new(Vec::new()) };
}

/// Calls `use_them` with the fallbacks of `url`, whose raw candidates are `raw`.
pub(crate) fn with_fallbacks<R>(
    url: &str,
    raw: &[Cow<'_, str>],
    use_them: impl FnOnce(&Fallbacks) -> R,
) -> R {
    let generation = divergence_generation();
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        let found = recent
            .iter()
            .position(|entry| entry.generation == generation && *entry.url == *url);
        match found {
            Some(position) => {
                if position > 0 {
                    let entry = recent.remove(position);
                    recent.insert(0, entry);
                }
            }
            None => {
                let fallbacks = compute(url, raw);
                if url.len() > MAX_REMEMBERED_LEN {
                    return use_them(&fallbacks);
                }
                recent.truncate(REMEMBERED - 1);
                let url = url.into();
                recent.insert(
                    0,
                    Remembered {
                        url,
                        generation,
                        fallbacks,
                    },
                );
            }
        }
        match recent.first() {
            Some(entry) => use_them(&entry.fallbacks),
            None => use_them(&compute(url, raw)),
        }
    })
}

fn compute(url: &str, raw: &[Cow<'_, str>]) -> Fallbacks {
    if !url_crate_agrees_with_node(url) {
        return Fallbacks::NeedsNodeHref;
    }
    let Some(href) = normalize(url) else {
        return Fallbacks::InvalidUrl;
    };
    let mut fresh: Vec<String> = Vec::new();
    for candidate in normalized_candidates(&href) {
        let seen = raw.contains(&candidate) || fresh.iter().any(|tried| *tried == candidate);
        if !seen {
            fresh.push(candidate.into_owned());
        }
    }
    Fallbacks::Candidates(fresh)
}
