//! Twilio webhook signature validation with the exact semantics of twilio-node 6.3.1.
//!
//! Nothing here knows about Node-API: the binding crate converts JavaScript values into
//! the plain byte/string arguments these functions take, and the JS facade does what
//! JavaScript itself defines (`Object.keys` order, UTF-16 sorting, value coercion).
// The panic-free lints are set for the workspace (Cargo.toml); tests may unwrap.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod algorithm;
mod body_hash;
mod candidates;
mod compare;
mod form_body;
mod hex;
mod legacy_query;
mod node_parity;
mod querystring;
mod raw_url;
mod recent_urls;
mod request;
mod shaped_params;
mod signing_key;

pub use algorithm::Algorithm;
pub use body_hash::{body_hash_hex, body_matches_hash};
pub use candidates::normalize;
pub use form_body::{form_json, form_signed_params};
pub use node_parity::set_node_divergent_ascii;
pub use querystring::set_node_key_escapes_flag_value;
pub use raw_url::{port_span, PortSpan};
pub use request::{
    validate_form_request, validate_form_request_keeping_body, validate_request,
    validate_request_normalized, validate_request_with_body, Body, Needed, Outcome, ParamsPresence,
    Verdict,
};
pub use shaped_params::interleave_params;
pub use signing_key::SigningKey;

/// Pieces of the algorithm that the fuzz targets and the Rust benchmark take apart. The
/// binding does not use them; they may change with no notice.
pub mod internals {
    pub use crate::candidates::CandidateUrls;
    pub use crate::legacy_query::with_legacy_querystring;
    pub use crate::node_parity::url_crate_agrees_with_node;
    pub use crate::raw_url::{add_port, remove_port};
    pub use crate::signing_key::Tag;
}
