//! Times pieces of the core with the thread's CPU clock (robust to other processes on a
//! shared machine): median ns per call over alternating rounds.

use std::hint::black_box;

use twilio_signature::internals::{
    add_port, remove_port, url_crate_agrees_with_node, with_legacy_querystring,
};
use twilio_signature::{
    body_hash_hex, form_signed_params, interleave_params, normalize, port_span,
    validate_form_request, validate_request, Algorithm, Outcome, ParamsPresence, SigningKey,
    Verdict,
};

const URL5: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const P5: &str =
    "CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212";
const VALID5: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid pointer to a timespec; the clock id is supported on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Median ns per call of `f` over 15 rounds of ~10 ms each. With `--only TEXT`, rows whose
/// name lacks TEXT are skipped and the chosen ones run 20x longer (for `perf record`).
fn time<F: FnMut()>(name: &str, mut f: F) -> f64 {
    let args: Vec<String> = std::env::args().collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    if only.is_some_and(|text| !name.contains(text.as_str())) {
        return 0.0;
    }
    let rounds = if only.is_some() { 300 } else { 15 };
    let mut n: u64 = 1;
    loop {
        let start = thread_cpu_ns();
        for _ in 0..n {
            f();
        }
        let elapsed = thread_cpu_ns() - start;
        if elapsed > 2_000_000 {
            n = (n * 10_000_000 / elapsed).max(1);
            break;
        }
        n *= 2;
    }
    let rounds: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = thread_cpu_ns();
            for _ in 0..n {
                f();
            }
            (thread_cpu_ns() - start) as f64 / n as f64
        })
        .collect();
    let ns = median(rounds);
    println!("| {name} | {ns:.0} |");
    ns
}

/// The same fields as bench/scenarios.js params30(), unsorted.
fn pairs30() -> Vec<(&'static str, String)> {
    vec![
        ("AccountSid", format!("AC{}", "f".repeat(32))),
        ("ApiVersion", "2010-04-01".into()),
        ("CallSid", format!("CA{}", "e".repeat(32))),
        ("CallStatus", "ringing".into()),
        (
            "CallToken",
            "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D".into(),
        ),
        ("Called", "+18005551212".into()),
        ("CalledCity", "SAN FRANCISCO".into()),
        ("CalledCountry", "US".into()),
        ("CalledState", "CA".into()),
        ("CalledZip", "94105".into()),
        ("Caller", "+14158675309".into()),
        ("CallerCity", "OAKLAND".into()),
        ("CallerCountry", "US".into()),
        ("CallerName", "Jane Doe".into()),
        ("CallerState", "CA".into()),
        ("CallerZip", "94612".into()),
        ("Direction", "inbound".into()),
        ("From", "+14158675309".into()),
        ("FromCity", "OAKLAND".into()),
        ("FromCountry", "US".into()),
        ("FromState", "CA".into()),
        ("FromZip", "94612".into()),
        ("StirVerstat", "TN-Validation-Passed-A".into()),
        ("To", "+18005551212".into()),
        ("ToCity", "SAN FRANCISCO".into()),
        ("ToCountry", "US".into()),
        ("ToState", "CA".into()),
        ("ToZip", "94105".into()),
        ("Timestamp", "Fri, 28 Nov 2025 14:14:43 +0000".into()),
        ("CallbackSource", "call-progress-events".into()),
    ]
}

/// Flattened as the facade signs them (sorted keys, key+value).
fn params30() -> String {
    let mut pairs = pairs30();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs.iter().map(|(k, v)| format!("{k}{v}")).collect()
}

/// The raw form body Twilio posts for those fields (`application/x-www-form-urlencoded`:
/// space as `+`, everything but `A-Z a-z 0-9 * - . _` percent-encoded).
fn form30() -> Vec<u8> {
    let mut body = Vec::new();
    for (key, value) in pairs30() {
        if !body.is_empty() {
            body.push(b'&');
        }
        for (i, text) in [key, value.as_str()].into_iter().enumerate() {
            if i == 1 {
                body.push(b'=');
            }
            for &byte in text.as_bytes() {
                match byte {
                    b' ' => body.push(b'+'),
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                        body.push(byte)
                    }
                    _ => body.extend_from_slice(format!("%{byte:02X}").as_bytes()),
                }
            }
        }
    }
    body
}

fn main() {
    let key = SigningKey::new(Algorithm::HmacSha1, b"12345").unwrap();
    let key256 = SigningKey::new(Algorithm::HmacSha256, b"12345").unwrap();
    let p30 = params30();
    let url30 = "https://example.com/voice/incoming?tenant=42&region=us1";
    let valid30 = key.signature(&[url30.as_bytes(), p30.as_bytes()]);
    // Canonical base64 of 20 bytes that matches no candidate of either URL.
    let forged = String::from("kvajT1Ptam85bY51eRf/AJRuM3s=");
    assert!(key.decode_claimed(forged.as_bytes()).is_some());
    let body: Vec<u8> = (0..1_048_576u32)
        .map(|i| b"0123456789abcdef{}\":,"[(i % 21) as usize])
        .collect();

    println!("| Rust core piece (thread CPU time) | ns/call |");
    println!("| --- | ---: |");
    time(
        "HMAC-SHA1, URL + 5 params (124 B), cloned key state",
        || {
            black_box(key.tag(&[black_box(URL5).as_bytes(), black_box(P5).as_bytes()]));
        },
    );
    time(
        &format!("HMAC-SHA1, URL + 30 params ({} B)", url30.len() + p30.len()),
        || {
            black_box(key.tag(&[
                black_box(url30).as_bytes(),
                black_box(p30.as_str()).as_bytes(),
            ]));
        },
    );
    time("HMAC-SHA256, URL + 5 params", || {
        black_box(key256.tag(&[black_box(URL5).as_bytes(), black_box(P5).as_bytes()]));
    });
    time(
        "HMAC-SHA1 key setup from the token (what the cache saves)",
        || {
            black_box(SigningKey::new(Algorithm::HmacSha1, black_box(b"12345")));
        },
    );
    time("decode claimed signature (canonical base64 check)", || {
        black_box(key.decode_claimed(black_box(VALID5).as_bytes()));
    });
    time(
        "port_span: the one scan of scheme/host/port validate_request makes",
        || {
            black_box(port_span(black_box(URL5)));
        },
    );
    time(
        "url_crate_agrees_with_node: may the url crate normalise this URL?",
        || {
            black_box(url_crate_agrees_with_node(black_box(URL5)));
        },
    );
    time(
        "raw candidates the old way: remove_port + add_port (2 scans)",
        || {
            black_box(remove_port(black_box(URL5)));
            black_box(add_port(black_box(URL5)));
        },
    );
    time("URL parse + serialise (normalize)", || {
        black_box(normalize(black_box(URL5)));
    });
    let href = normalize(URL5).unwrap();
    time(
        "normalised candidates: ports + 2 legacy querystrings",
        || {
            let without = remove_port(black_box(&href));
            let with = add_port(black_box(&href));
            black_box(with_legacy_querystring(&without).into_owned());
            black_box(with_legacy_querystring(&with).into_owned());
        },
    );
    let check = |claimed: &str, url: &str, params: &str| {
        validate_request(
            &key,
            claimed.as_bytes(),
            url,
            params.as_bytes(),
            ParamsPresence::Present,
        )
    };
    assert_eq!(check(VALID5, URL5, P5), Outcome::Decided(Verdict::Valid));
    assert_eq!(
        check(&valid30, url30, &p30),
        Outcome::Decided(Verdict::Valid)
    );
    assert_eq!(check(&forged, URL5, P5), Outcome::Decided(Verdict::Invalid));
    assert_eq!(
        check(&forged, url30, &p30),
        Outcome::Decided(Verdict::Invalid)
    );
    assert_eq!(check("bogus", URL5, P5), Outcome::Decided(Verdict::Invalid));
    time("validate_request valid, 5 params", || {
        black_box(check(black_box(VALID5), URL5, P5));
    });
    time("validate_request forged, 5 params", || {
        black_box(check(black_box(&forged), URL5, P5));
    });
    time("validate_request valid, 30 params", || {
        black_box(check(black_box(&valid30), url30, &p30));
    });
    time("validate_request forged, 30 params", || {
        black_box(check(black_box(&forged), url30, &p30));
    });
    // What validateShaped adds for a params shape seen before: the recorded sorted keys
    // and the request's values (as the facade sends them) joined into the params text.
    let mut sorted = pairs30();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let shape_keys: Vec<Box<[u8]>> = sorted.iter().map(|(k, _)| k.as_bytes().into()).collect();
    let shape_values: String = sorted.iter().map(|(_, v)| v.as_str()).collect();
    let shape_units: Vec<u32> = sorted.iter().map(|(_, v)| v.len() as u32).collect();
    let mut shape_text = Vec::new();
    assert!(interleave_params(
        &shape_keys,
        &shape_values,
        &shape_units,
        &mut shape_text
    ));
    assert_eq!(shape_text, p30.as_bytes());
    time("interleave_params: 30 recorded keys + the values", || {
        shape_text.clear();
        black_box(interleave_params(
            black_box(&shape_keys),
            black_box(&shape_values),
            black_box(&shape_units),
            &mut shape_text,
        ));
    });
    time("validate_request not base64 (\"bogus\"), 5 params", || {
        black_box(check(black_box("bogus"), URL5, P5));
    });
    let form = form30();
    assert_eq!(form_signed_params(&form), p30.as_bytes());
    time(
        &format!("form_signed_params, 30 params ({} B body)", form.len()),
        || {
            black_box(form_signed_params(black_box(&form)));
        },
    );
    time("validate_form_request valid, 30 params", || {
        black_box(validate_form_request(
            &key,
            black_box(valid30.as_bytes()),
            url30,
            &form,
        ));
    });
    time("validate_form_request forged, 30 params", || {
        black_box(validate_form_request(
            &key,
            black_box(forged.as_bytes()),
            url30,
            &form,
        ));
    });
    time("SHA-256 hex of 1 MiB", || {
        black_box(body_hash_hex(black_box(&body)));
    });
    time(
        "add_port alone (allocates the second raw candidate)",
        || {
            black_box(add_port(black_box(URL5)));
        },
    );
    time("glibc malloc+free of a 128-byte Vec", || {
        black_box(Vec::<u8>::with_capacity(black_box(128)));
    });
    time("copy 1 MiB into a new Vec (one conversion pass)", || {
        black_box(black_box(&body).to_vec());
    });
}
