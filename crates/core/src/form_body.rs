//! The parameter part of the signed payload, built straight from a raw
//! `application/x-www-form-urlencoded` body: what twilio-node signs after
//! `querystring.parse(body.toString())`, with no JavaScript object in between. The same
//! parse also gives that object, written as JSON text, for a body parser's `req.body`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::ops::Range;

use crate::hex::hex_digit;
use crate::querystring::{for_each_pair, Encoded, Unescaper};

/// The flattened parameters of `body`: keys sorted by UTF-16 code units, each followed
/// by its value; a repeated key's values (an array in JavaScript) de-duplicated, sorted
/// and each written after the key.
pub fn form_signed_params(body: &[u8]) -> Vec<u8> {
    FormParams::default().parse(body, |form| form.signed().to_vec())
}

/// Working buffers for parsing a form, kept between requests (see [`with_parsed_form`])
/// so that parsing a body allocates nothing once they have grown.
#[derive(Default)]
pub(crate) struct FormParams {
    decoded: Vec<u8>,
    pairs: Vec<Pair>,
    signed: Vec<u8>,
    unescaper: Unescaper,
}

/// Buffers that grew beyond this for one large body are released afterwards.
const RETAINED_BYTES: usize = 64 << 10;

thread_local! {
    static FORM_PARAMS: RefCell<FormParams> = RefCell::new(FormParams::default());
}

/// Calls `use_it` with `body` parsed in this thread's buffers.
pub(crate) fn with_parsed_form<R>(body: &[u8], use_it: impl FnOnce(&ParsedForm<'_>) -> R) -> R {
    FORM_PARAMS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => {
            let result = buffers.parse(body, use_it);
            buffers.release_if_large();
            result
        }
        Err(_) => FormParams::default().parse(body, use_it),
    })
}

/// The JSON text of the object `querystring.parse(body.toString())` makes: keys in the
/// order they first occur, each with its value, or with the array of its values (in body
/// order, repeats kept) when it occurs more than once. `JSON.parse` of it is querystring's
/// object, except that it has `Object.prototype` (querystring's has none) and its arrays
/// belong to the realm that parses it; JavaScript puts integer-like keys first in both.
pub fn form_json(body: &[u8]) -> String {
    with_parsed_form(body, |form| form.json())
}

/// A parsed body: its signed parameter text, and what is needed to write its object.
pub(crate) struct ParsedForm<'a> {
    signed: &'a [u8],
    text: &'a [u8],
    decoded: &'a [u8],
    /// Sorted as for signing: the occurrences of a key are neighbours.
    pairs: &'a [Pair],
}

impl FormParams {
    /// Sorting the pairs by key, then value, and dropping identical neighbours gives both
    /// of twilio-node's sorts at once (keys, then each array's de-duplicated values).
    fn parse<R>(&mut self, body: &[u8], use_it: impl FnOnce(&ParsedForm<'_>) -> R) -> R {
        // `buffer.toString()`: malformed UTF-8 becomes U+FFFD, as `from_utf8_lossy` does it.
        let text = match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(body),
        };
        let FormParams {
            decoded,
            pairs,
            signed,
            unescaper,
        } = self;
        decoded.clear();
        pairs.clear();
        signed.clear();
        let start = text.as_ptr() as usize;
        for_each_pair(&text, |key, value| {
            let key = Part::place(key, start, unescaper, decoded);
            let value = Part::place(value, start, unescaper, decoded);
            let prefix = rank_prefix(key.bytes(text.as_bytes(), decoded));
            let order = pairs.len();
            pairs.push(Pair {
                prefix,
                order,
                key,
                value,
            });
        });
        let (text, decoded) = (text.as_bytes(), decoded.as_slice());
        let order = |a: &Pair, b: &Pair| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| utf16_cmp(a.key.bytes(text, decoded), b.key.bytes(text, decoded)))
                .then_with(|| utf16_cmp(a.value.bytes(text, decoded), b.value.bytes(text, decoded)))
        };
        sort_by(pairs, order);
        let mut previous: Option<&Pair> = None;
        for pair in pairs.iter() {
            let (key, value) = (
                pair.key.bytes(text, decoded),
                pair.value.bytes(text, decoded),
            );
            // Different prefixes are different keys: most pairs skip comparing bytes.
            let repeated = previous.is_some_and(|previous| {
                previous.prefix == pair.prefix
                    && previous.key.bytes(text, decoded) == key
                    && previous.value.bytes(text, decoded) == value
            });
            if !repeated {
                signed.extend_from_slice(key);
                signed.extend_from_slice(value);
            }
            previous = Some(pair);
        }
        use_it(&ParsedForm {
            signed,
            text,
            decoded,
            pairs,
        })
    }

    fn release_if_large(&mut self) {
        if self.decoded.capacity() + self.signed.capacity() > RETAINED_BYTES
            || self.pairs.capacity() * std::mem::size_of::<Pair>() > RETAINED_BYTES
        {
            *self = FormParams::default();
        }
    }
}

/// Up to this many items (a webhook has 5 to 40 fields) are sorted by insertion: little
/// code, so little to bring back into the instruction cache after the framework ran (in
/// a server the core runs cold, and fetching the general sort's code costs more than its
/// compares save). Larger forms take the standard sort.
const SMALL_SORT: usize = 48;

fn sort_by<T>(items: &mut [T], order: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= SMALL_SORT {
        insertion_sort(items, order);
    } else {
        items.sort_unstable_by(order);
    }
}

/// Sorts `items` in place by `order`, moving each item left past the greater ones.
fn insertion_sort<T>(items: &mut [T], mut order: impl FnMut(&T, &T) -> Ordering) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 {
            let (Some(before), Some(current)) = (items.get(at - 1), items.get(at)) else {
                break;
            };
            if order(before, current) != Ordering::Greater {
                break;
            }
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// A key and its value, with the key's first eight bytes as an integer in [`utf16_cmp`]
/// order (most keys differ there, so most comparisons are one integer compare) and the
/// pair's place in the body.
struct Pair {
    prefix: u64,
    order: usize,
    key: Part,
    value: Part,
}

/// Where a decoded half lies: in the body text itself when decoding leaves it unchanged
/// (most keys, many values), otherwise in the buffer of decoded halves.
#[derive(Clone)]
struct Part {
    range: Range<usize>,
    in_text: bool,
}

impl Part {
    fn place(
        half: Encoded<'_>,
        text_start: usize,
        unescaper: &mut Unescaper,
        decoded: &mut Vec<u8>,
    ) -> Part {
        match half.verbatim() {
            Some(raw) => {
                let start = (raw.as_ptr() as usize).wrapping_sub(text_start);
                Part {
                    range: start..start + raw.len(),
                    in_text: true,
                }
            }
            None => {
                let start = decoded.len();
                unescaper.decode_into(half, decoded);
                Part {
                    range: start..decoded.len(),
                    in_text: false,
                }
            }
        }
    }

    fn bytes<'a>(&self, text: &'a [u8], decoded: &'a [u8]) -> &'a [u8] {
        let source = if self.in_text { text } else { decoded };
        source.get(self.range.clone()).unwrap_or(&[])
    }
}

impl ParsedForm<'_> {
    /// The parameter text twilio-node signs.
    pub(crate) fn signed(&self) -> &[u8] {
        self.signed
    }

    /// See [`form_json`]. The sort left each key's occurrences in one run; a run is written
    /// where its key first occurs, its values in body order.
    pub(crate) fn json(&self) -> String {
        let bytes = |part: &Part| part.bytes(self.text, self.decoded);
        // One pass over all the text instead of one per string: most bodies hold nothing
        // that JSON must escape.
        let plain = !needs_json_escape(self.text) && !needs_json_escape(self.decoded);
        // (first occurrence, run) for every key.
        let mut keys: Vec<(usize, Range<usize>)> = Vec::new();
        let mut start = 0;
        for end in 1..=self.pairs.len() {
            let same_key = match (self.pairs.get(start), self.pairs.get(end)) {
                (Some(first), Some(next)) => bytes(&first.key) == bytes(&next.key),
                _ => false,
            };
            if !same_key {
                let run = self.pairs.get(start..end).unwrap_or(&[]);
                let first = run.iter().map(|pair| pair.order).min().unwrap_or(start);
                keys.push((first, start..end));
                start = end;
            }
        }
        sort_by(&mut keys, |a, b| a.0.cmp(&b.0));

        let mut json = Vec::with_capacity(self.text.len() + 8 * keys.len() + 2);
        let mut occurrences: Vec<&Pair> = Vec::new();
        json.push(b'{');
        for (n, (_, run)) in keys.iter().enumerate() {
            let run = self.pairs.get(run.clone()).unwrap_or(&[]);
            let Some(first) = run.first() else { continue };
            if n > 0 {
                json.push(b',');
            }
            push_json_string(&mut json, bytes(&first.key), plain);
            json.push(b':');
            if run.len() == 1 {
                push_json_string(&mut json, bytes(&first.value), plain);
                continue;
            }
            occurrences.clear();
            occurrences.extend(run);
            sort_by(&mut occurrences, |a, b| a.order.cmp(&b.order));
            json.push(b'[');
            for (n, pair) in occurrences.iter().enumerate() {
                if n > 0 {
                    json.push(b',');
                }
                push_json_string(&mut json, bytes(&pair.value), plain);
            }
            json.push(b']');
        }
        json.push(b'}');
        // The halves are UTF-8 (decoded from a `&str`) and escapes are ASCII.
        match String::from_utf8(json) {
            Ok(json) => json,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, the
/// rest (UTF-8) as it is. `plain`: the caller knows there is nothing to escape.
fn push_json_string(json: &mut Vec<u8>, text: &[u8], plain: bool) {
    json.push(b'"');
    if plain || !needs_json_escape(text) {
        json.extend_from_slice(text);
    } else {
        for &byte in text {
            match byte {
                b'"' => json.extend_from_slice(b"\\\""),
                b'\\' => json.extend_from_slice(b"\\\\"),
                control if control < 0x20 => json.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    hex_digit(control >> 4, false),
                    hex_digit(control, false),
                ]),
                other => json.push(other),
            }
        }
    }
    json.push(b'"');
}

/// Whether `text` holds a quote, a backslash or a control character. The test has no
/// early exit, so it vectorises.
fn needs_json_escape(text: &[u8]) -> bool {
    text.iter().fold(false, |found, &byte| {
        found | (byte < 0x20 || byte == b'"' || byte == b'\\')
    })
}

fn rank_prefix(key: &[u8]) -> u64 {
    let prefix = match key.first_chunk::<8>() {
        // Read as one integer: copying the bytes into an array and reading that back
        // waits for the copy (store forwarding fails).
        Some(&first) => u64::from_be_bytes(first),
        // Shorter keys are shifted together in a register and padded with zeros.
        None => {
            let bytes = key
                .iter()
                .fold(0u64, |prefix, &byte| prefix << 8 | u64::from(byte));
            bytes.checked_shl(8 * (8 - key.len() as u32)).unwrap_or(0)
        }
    };
    // Only bytes EE and EF change rank; most keys are ASCII.
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    if prefix & HIGHS == 0 {
        return prefix;
    }
    u64::from_be_bytes(prefix.to_be_bytes().map(utf16_rank))
}

/// JavaScript's default string order (UTF-16 code units). UTF-8 bytes sort in code point
/// order, which agrees except where one string has an astral character (UTF-16
/// surrogates, D800–DBFF) and the other a character in U+E000–U+FFFF: there UTF-16 puts
/// the astral one first. At the first differing byte both strings are at the same
/// character boundary, so those cases show as a lead byte F0–F4 against EE or EF, and
/// ranking EE and EF above F0–F4 gives UTF-16 order.
fn utf16_cmp(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((&x, &y)) => utf16_rank(x).cmp(&utf16_rank(y)),
        None => a.len().cmp(&b.len()),
    }
}

/// A byte's rank in that order: EE and EF move above the astral lead bytes F0–F4 (bytes
/// F5–FF never occur in UTF-8). A zero-padded prefix of ranks compares like the bytes.
fn utf16_rank(byte: u8) -> u8 {
    match byte {
        0xEE => 0xF5,
        0xEF => 0xF6,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(body: &str) -> String {
        String::from_utf8(form_signed_params(body.as_bytes())).unwrap()
    }

    #[test]
    fn twilio_form() {
        assert_eq!(
            signed("To=%2B18005551212&From=%2B14158675309&Body=Hello+there&CallSid=CA1"),
            "BodyHello thereCallSidCA1From+14158675309To+18005551212"
        );
    }

    #[test]
    fn repeated_keys() {
        assert_eq!(signed("a=2&b=x&a=1&a=2&%61=0"), "a0a1a2bx");
        assert_eq!(signed("k&k=&=v"), "vk");
    }

    #[test]
    fn utf16_order() {
        let astral = "\u{1f600}";
        let high_bmp = "\u{ff5e}";
        let cmp = |a: &str, b: &str| utf16_cmp(a.as_bytes(), b.as_bytes());
        assert_eq!(cmp(astral, high_bmp), Ordering::Less);
        assert_eq!(cmp(high_bmp, astral), Ordering::Greater);
        assert_eq!(cmp("\u{d7ff}", astral), Ordering::Less);
        assert_eq!(cmp("B", "_"), Ordering::Less);
        assert_eq!(cmp("10", "9"), Ordering::Less);
        assert_eq!(cmp("", "a"), Ordering::Less);
        assert_eq!(cmp("ab", "a"), Ordering::Greater);
        assert_eq!(signed("%EF%BD%9E=1&%F0%9F%98%80=2"), "\u{1f600}2\u{ff5e}1");
    }

    #[test]
    fn malformed_utf8_in_the_body() {
        assert_eq!(
            String::from_utf8(form_signed_params(b"a=\xff\xc3&b=%41")).unwrap(),
            "a\u{fffd}\u{fffd}bA"
        );
    }

    fn json(body: &str) -> String {
        form_json(body.as_bytes())
    }

    #[test]
    fn twilio_form_as_json() {
        assert_eq!(
            json("To=%2B18005551212&Body=Hello+there&CallSid=CA1"),
            r#"{"To":"+18005551212","Body":"Hello there","CallSid":"CA1"}"#
        );
    }

    #[test]
    fn repeated_keys_become_arrays_at_their_first_place() {
        assert_eq!(
            json("a=2&b=x&a=1&a=2&%61=0"),
            r#"{"a":["2","1","2","0"],"b":"x"}"#
        );
        assert_eq!(json("k&k=&=v&&"), r#"{"k":["",""],"":"v"}"#);
    }

    #[test]
    fn escapes_what_json_must() {
        assert_eq!(
            json("q=%22%5C%0A%1F%7F"),
            "{\"q\":\"\\\"\\\\\\u000a\\u001f\u{7f}\"}"
        );
        assert_eq!(
            json("%E2%82%AC=%F0%9F%98%80"),
            "{\"\u{20ac}\":\"\u{1f600}\"}"
        );
    }

    #[test]
    fn malformed_input_decodes_as_node_does() {
        assert_eq!(
            form_json(b"a=\xff&b=%zz&c=%E9"),
            "{\"a\":\"\u{fffd}\",\"b\":\"%zz\",\"c\":\"\u{fffd}\"}"
        );
        assert_eq!(json(""), "{}");
    }

    #[test]
    fn stops_after_a_thousand_pieces() {
        let body: String = (0..1001).map(|n| format!("k{n}=v&")).collect();
        let parsed = json(&body);
        assert!(parsed.contains("\"k999\":\"v\""));
        assert!(!parsed.contains("k1000"));
    }
}
