//! `interleave_params`: keys and values handed over apart must join into exactly the text
//! the facade would have concatenated, whatever the lengths and characters; lengths that do
//! not describe the values must be refused, never panic.
//!
//! Input layout: `mode 0xFF key 0xFF value 0xFF key 0xFF value …` (read lossily as UTF-8).
//! Mode bit 0 replaces the true UTF-16 lengths with bytes of the input taken as lengths.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_signature::interleave_params;

fuzz_target!(|data: &[u8]| {
    let mut fields = data.split(|&b| b == 0xFF);
    let mode = fields.next().and_then(|f| f.first().copied()).unwrap_or(0);
    let texts: Vec<String> = fields
        .map(|field| String::from_utf8_lossy(field).into_owned())
        .collect();
    let (keys, values): (Vec<&String>, Vec<&String>) = texts
        .chunks_exact(2)
        .map(|pair| (&pair[0], &pair[1]))
        .unzip();
    let key_bytes: Vec<Box<[u8]>> = keys.iter().map(|key| key.as_bytes().into()).collect();
    let joined_values: String = values.iter().map(|value| value.as_str()).collect();
    let true_units: Vec<u32> = values
        .iter()
        .map(|value| value.encode_utf16().count() as u32)
        .collect();
    let expected: String = keys
        .iter()
        .zip(&values)
        .map(|(key, value)| format!("{key}{value}"))
        .collect();

    let mut out = b"kept".to_vec();
    if mode & 1 == 0 {
        assert!(interleave_params(
            &key_bytes,
            &joined_values,
            &true_units,
            &mut out
        ));
        assert_eq!(&out[..4], b"kept");
        assert_eq!(&out[4..], expected.as_bytes());
    } else {
        let claimed: Vec<u32> = data.iter().map(|&b| u32::from(b % 24)).collect();
        if interleave_params(&key_bytes, &joined_values, &claimed, &mut out) {
            assert_eq!(out.len(), 4 + expected.len());
            if claimed.get(..true_units.len()) == Some(&true_units[..]) {
                assert_eq!(&out[4..], expected.as_bytes());
            }
        }
    }
});
