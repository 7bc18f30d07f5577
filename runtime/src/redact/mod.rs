//! Keeping secrets out of everything the runtime shows. Five parts, one rule each:
//!
//! - `names`: which element, member, attribute and header names hold secrets (the
//!   generator's rule for generated types' `Debug`, repeated);
//! - `markup`: XML with the text of secret elements hidden (the wire log's element rule);
//! - `json`: JSON with the values of secret members hidden (the same rule on the REST
//!   wire);
//! - `values`: [`Redactor`], the secrets of one exchange (ticket, tokens, passwords, header
//!   values) found in text in any form a server may quote them in, and replaced;
//! - `scrub`: [`Scrub`], that replacement applied to every server-given text of an error,
//!   a response's headers or a log event, before it leaves the call.

#[cfg(feature = "rest")]
mod json;
mod markup;
mod names;
mod scrub;
mod values;

#[cfg(feature = "rest")]
pub(crate) use json::redact_json;
pub(crate) use markup::redact_xml;
pub(crate) use names::is_secret_name;
pub(crate) use scrub::Scrub;
pub(crate) use values::Redactor;

/// What replaces a secret.
pub(crate) const REDACTED: &str = "[redacted]";
