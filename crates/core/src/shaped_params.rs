//! The signed parameter text from keys and values handed over apart. The facade knows
//! the sorted keys of a params shape once and sends, per request, only the values in that
//! order with their lengths: concatenating half as many JavaScript strings, and giving
//! V8 half as many rope pieces to flatten, is what a fresh body-parser object costs most.

/// Appends each key followed by its value to `out`. `values` holds the values one after
/// another; `value_units[i]` is the length of value `i` in UTF-16 code units (what
/// JavaScript's `length` counts). False, with `out` unspecified, when the lengths do not
/// add up to `values`.
pub fn interleave_params(
    keys: &[Box<[u8]>],
    values: &str,
    value_units: &[u32],
    out: &mut Vec<u8>,
) -> bool {
    let Some(value_units) = value_units.get(..keys.len()) else {
        return false;
    };
    let bytes = values.as_bytes();
    let total_units: u64 = value_units.iter().map(|&units| u64::from(units)).sum();
    // One byte per code unit means every character is ASCII: lengths are byte counts.
    let ascii = u64::try_from(bytes.len()).is_ok_and(|len| len == total_units);
    let start = out.len();
    let key_bytes: usize = keys.iter().map(|key| key.len()).sum();
    out.resize(start + key_bytes + bytes.len(), 0);
    let mut written = start;
    let mut at = 0;
    for (key, &units) in keys.iter().zip(value_units) {
        let Ok(units) = usize::try_from(units) else {
            return false;
        };
        let end = if ascii {
            at + units
        } else {
            match end_after_units(values, at, units) {
                Some(end) => end,
                None => return false,
            }
        };
        let Some(value) = bytes.get(at..end) else {
            return false;
        };
        let Some(after_key) = put(out, written, key) else {
            return false;
        };
        let Some(after_value) = put(out, after_key, value) else {
            return false;
        };
        written = after_value;
        at = end;
    }
    at == bytes.len()
}

/// Copies `piece` into `out` at `at` and returns where it ends (`None` past the end).
/// Most keys and values are 4 to 16 bytes long: two overlapping fixed-size copies move
/// them without a call into `memcpy`, which, sixty times per 30-param request, cost a third
/// of this function.
#[inline(always)]
fn put(out: &mut [u8], at: usize, piece: &[u8]) -> Option<usize> {
    let len = piece.len();
    let end = at.checked_add(len)?;
    let target = out.get_mut(at..end)?;
    let copied = if (8..=16).contains(&len) {
        overlapping::<8>(target, piece)
    } else if (4..8).contains(&len) {
        overlapping::<4>(target, piece)
    } else {
        false
    };
    if !copied {
        target.copy_from_slice(piece);
    }
    Some(end)
}

/// The first and the last `N` bytes of `piece` into `target`, as long as `piece` and
/// `N` to `2N` bytes long; false (nothing copied) otherwise.
#[inline(always)]
fn overlapping<const N: usize>(target: &mut [u8], piece: &[u8]) -> bool {
    let (Some(head), Some(tail), Some(target_head)) = (
        piece.first_chunk::<N>(),
        piece.last_chunk::<N>(),
        target.first_chunk_mut::<N>(),
    ) else {
        return false;
    };
    *target_head = *head;
    if let Some(target_tail) = target.last_chunk_mut::<N>() {
        *target_tail = *tail;
    }
    true
}

/// The byte offset `units` UTF-16 code units after byte offset `start`.
fn end_after_units(text: &str, start: usize, units: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    let mut counted = 0;
    for (offset, character) in rest.char_indices() {
        if counted == units {
            return Some(start + offset);
        }
        counted += character.len_utf16();
        if counted > units {
            return None;
        }
    }
    (counted == units).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<Box<[u8]>> {
        names.iter().map(|name| name.as_bytes().into()).collect()
    }

    fn run(names: &[&str], values: &str, units: &[u32]) -> Option<String> {
        let mut out = Vec::new();
        interleave_params(&keys(names), values, units, &mut out)
            .then(|| String::from_utf8(out).unwrap())
    }

    #[test]
    fn interleaves() {
        assert_eq!(
            run(&["A", "B"], "12345", &[2, 3]).as_deref(),
            Some("A12B345")
        );
        assert_eq!(
            run(&["A", "B"], "é\u{1f600}x", &[1, 3]).as_deref(),
            Some("AéB\u{1f600}x")
        );
        assert_eq!(run(&[], "", &[]).as_deref(), Some(""));
        assert_eq!(run(&["A", "B"], "1234", &[2, 3]), None);
        assert_eq!(run(&["A"], "\u{1f600}", &[1]), None);
        assert_eq!(run(&["A", "B"], "12", &[2]), None);
    }

    #[test]
    fn pieces_of_every_length_up_to_40() {
        for len in 0..40 {
            let value: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let key = "K".repeat(len + 1);
            let text = run(&[&key, "Z"], &format!("{value}!"), &[len as u32, 1]).unwrap();
            assert_eq!(text, format!("{key}{value}Z!"));
        }
    }
}
