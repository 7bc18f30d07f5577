//! Decoding a JSON body within [`Limits`] and a deadline: the checks before parsing
//! (size, BOM, UTF-8, `null` and empty), the per-thread context the serde impls consult
//! while serde_json drives them (nesting, unknown members, the deadline), and the typed
//! [`DecodeError`] of a failure.
//!
//! serde's traits carry no context, so the limits of the decode in progress live in a
//! thread-local: deserializing is synchronous, on one thread. Outside [`decode_json`]
//! (a user's own `serde_json::from_str`), no limit applies beyond serde_json's own nesting
//! limit of 128.

use std::cell::{Cell, RefCell};
use std::time::Instant;

use serde::de::DeserializeOwned;

use super::forms::JsonRead;
use crate::codec::{excerpt, DecodeError, DecodeErrorKind, Limits, Position};

/// serde_json's fixed nesting limit (arrays and objects), which holds inside ours.
const SERDE_JSON_DEPTH: usize = 128;

/// The deadline is checked once per this many records.
const DEADLINE_EVERY: u32 = 256;

struct Context {
    active: Cell<bool>,
    max_depth: Cell<usize>,
    depth: Cell<usize>,
    max_unknown: Cell<usize>,
    unknown: Cell<usize>,
    max_unknown_bytes: Cell<usize>,
    unknown_bytes: Cell<usize>,
    deadline: Cell<Option<Instant>>,
    countdown: Cell<u32>,
    /// The typed failure behind the serde error being returned, if one of our impls
    /// raised it.
    failure: RefCell<Option<DecodeErrorKind>>,
    /// Member names from the failure outwards (filled while the error unwinds).
    path: RefCell<Vec<String>>,
    /// Whether the top-level object's `Message` member was unknown to the type read (the
    /// REST wire tells ASP.NET's error object from a value by it); kept after the decode.
    top_message_unknown: Cell<bool>,
}

thread_local! {
    static CX: Context = const {
        Context {
            active: Cell::new(false),
            max_depth: Cell::new(usize::MAX),
            depth: Cell::new(0),
            max_unknown: Cell::new(usize::MAX),
            unknown: Cell::new(0),
            max_unknown_bytes: Cell::new(usize::MAX),
            unknown_bytes: Cell::new(0),
            deadline: Cell::new(None),
            countdown: Cell::new(DEADLINE_EVERY),
            failure: RefCell::new(None),
            path: RefCell::new(Vec::new()),
            top_message_unknown: Cell::new(false),
        }
    };
}

/// The failure `kind`, as serde error `E`; inside [`decode_json`] it becomes the
/// [`DecodeError`]'s kind.
pub(crate) fn fail<E: serde::de::Error>(kind: DecodeErrorKind) -> E {
    let message = kind.to_string();
    CX.with(|cx| {
        if cx.active.get() {
            *cx.failure.borrow_mut() = Some(kind);
        }
    });
    E::custom(message)
}

/// One object (a record, a dictionary) being read: nesting and the deadline are checked
/// on entry; the depth goes back down when it is dropped.
pub(crate) struct Nested(());

impl Nested {
    pub(crate) fn enter<E: serde::de::Error>() -> Result<Nested, E> {
        CX.with(|cx| {
            if !cx.active.get() {
                return Ok(Nested(()));
            }
            let depth = cx.depth.get() + 1;
            if depth > cx.max_depth.get() {
                return Err(DecodeErrorKind::DepthExceeded {
                    limit: cx.max_depth.get(),
                });
            }
            let left = cx.countdown.get().saturating_sub(1);
            if left == 0 {
                cx.countdown.set(DEADLINE_EVERY);
                if cx.deadline.get().is_some_and(|d| Instant::now() >= d) {
                    return Err(DecodeErrorKind::DeadlineExceeded);
                }
            } else {
                cx.countdown.set(left);
            }
            cx.depth.set(depth);
            Ok(Nested(()))
        })
        .map_err(fail)
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        CX.with(|cx| {
            if cx.active.get() {
                cx.depth.set(cx.depth.get().saturating_sub(1));
            }
        });
    }
}

/// Counts one unknown member against [`Limits::max_unknown_elements`].
pub(crate) fn count_unknown<E: serde::de::Error>() -> Result<(), E> {
    CX.with(|cx| {
        if !cx.active.get() {
            return Ok(());
        }
        let n = cx.unknown.get() + 1;
        if n > cx.max_unknown.get() {
            return Err(DecodeErrorKind::UnknownElementsExceeded {
                limit: cx.max_unknown.get(),
            });
        }
        cx.unknown.set(n);
        Ok(())
    })
    .map_err(fail)
}

/// Counts the `bytes` of a kept unknown member (as written back: name and JSON text)
/// against [`Limits::max_unknown_bytes`].
pub(crate) fn count_unknown_bytes<E: serde::de::Error>(bytes: usize) -> Result<(), E> {
    CX.with(|cx| {
        if !cx.active.get() {
            return Ok(());
        }
        let n = cx.unknown_bytes.get().saturating_add(bytes);
        if n > cx.max_unknown_bytes.get() {
            return Err(DecodeErrorKind::UnknownBytesExceeded {
                limit: cx.max_unknown_bytes.get(),
            });
        }
        cx.unknown_bytes.set(n);
        Ok(())
    })
    .map_err(fail)
}

/// Notes that member `key` was unknown to the record being read.
pub(crate) fn note_unknown(key: &str) {
    CX.with(|cx| {
        if cx.active.get() && cx.depth.get() == 1 && key == "Message" {
            cx.top_message_unknown.set(true);
        }
    });
}

/// Whether the last [`decode_json`] on this thread read a top-level object whose
/// `Message` member its type does not know (kept as unknown): such a body is ASP.NET's
/// error object rather than the value.
pub(crate) fn top_message_was_unknown() -> bool {
    CX.with(|cx| cx.top_message_unknown.get())
}

/// Notes that reading member `key` failed (for the error's path).
pub(crate) fn note_member(key: &str) {
    CX.with(|cx| {
        if cx.active.get() {
            cx.path.borrow_mut().push(excerpt(key, 100));
        }
    });
}

/// Sets up the context for one decode and clears it again, also when unwinding.
struct Active;

impl Active {
    fn start(limits: &Limits, body_len: usize, deadline: Option<Instant>) -> Active {
        CX.with(|cx| {
            cx.active.set(true);
            cx.max_depth.set(limits.max_depth);
            cx.depth.set(0);
            cx.max_unknown.set(limits.max_unknown_elements);
            cx.unknown.set(0);
            cx.max_unknown_bytes
                .set(limits.unknown_bytes_allowed(body_len));
            cx.unknown_bytes.set(0);
            cx.deadline.set(deadline);
            cx.countdown.set(1);
            cx.failure.borrow_mut().take();
            cx.path.borrow_mut().clear();
            cx.top_message_unknown.set(false);
        });
        Active
    }

    /// The typed failure and the member path, if one of our impls failed.
    fn failure(&self) -> (Option<DecodeErrorKind>, String) {
        CX.with(|cx| {
            let kind = cx.failure.borrow_mut().take();
            let mut path = std::mem::take(&mut *cx.path.borrow_mut());
            path.reverse();
            (kind, path.join("/"))
        })
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        CX.with(|cx| {
            cx.active.set(false);
            cx.failure.borrow_mut().take();
            cx.path.borrow_mut().clear();
        });
    }
}

/// Decodes a REST response body as `T`: the value itself; `null` or an empty body (a
/// `204`) give `T::default()` (`None` for an optional result, as a nil `Response`
/// element does over SOAP). Bounded by `limits` (size, nesting, unknown members) and
/// `deadline`; every failure is a typed [`DecodeError`] that quotes no value: malformed
/// JSON, a byte order mark, invalid UTF-8, a duplicate member, a number out of range, a
/// value of the wrong type.
///
/// ```
/// use sogen_runtime::{json::decode_json, DecodeErrorKind, Limits};
/// let ids: Vec<i32> = decode_json(b"[1, 2]", &Limits::default(), None).unwrap();
/// assert_eq!(ids, [1, 2]);
/// let none: Option<String> = decode_json(b"null", &Limits::default(), None).unwrap();
/// assert_eq!(none, None);
/// let err = decode_json::<u8>(b"300", &Limits::default(), None).unwrap_err();
/// assert!(matches!(err.kind(), DecodeErrorKind::NumberOutOfRange { .. }));
/// ```
pub fn decode_json<T: DeserializeOwned + Default>(
    body: &[u8],
    limits: &Limits,
    deadline: Option<Instant>,
) -> Result<T, DecodeError> {
    decode_json_as::<super::AsIs, T>(body, limits, deadline)
}

/// As [`decode_json`], the value read in form `F` (a base64 `Vec<u8>`, a float that may be
/// `"NaN"`, and collections of them: see [`JsonRead`]).
pub fn decode_json_as<F, T>(
    body: &[u8],
    limits: &Limits,
    deadline: Option<Instant>,
) -> Result<T, DecodeError>
where
    F: for<'de> JsonRead<'de, T>,
    T: Default,
{
    let at = |kind, offset| DecodeError::new(kind, String::new(), Position::locate(body, offset));
    if body.len() > limits.max_response_bytes {
        let kind = DecodeErrorKind::SizeExceeded {
            limit: limits.max_response_bytes,
            size: body.len(),
        };
        return Err(at(kind, 0));
    }
    if body.starts_with(b"\xEF\xBB\xBF") {
        return Err(at(DecodeErrorKind::ByteOrderMark, 0));
    }
    let text =
        std::str::from_utf8(body).map_err(|e| at(DecodeErrorKind::InvalidUtf8, e.valid_up_to()))?;
    let trimmed = text.trim_matches([' ', '\t', '\n', '\r']);
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    let active = Active::start(limits, text.len(), deadline);
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = F::read(&mut de).and_then(|v| de.end().map(|()| v));
    outcome.map_err(|e| {
        let (kind, path) = active.failure();
        let kind = kind.unwrap_or_else(|| classify(&e, limits));
        DecodeError::new(kind, path, position(text, &e))
    })
}

/// Where serde_json stopped, as a [`Position`] in `text`.
fn position(text: &str, e: &serde_json::Error) -> Position {
    let line_start = if e.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(e.line() - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    // serde_json counts the column in bytes.
    let offset = (line_start + e.column().saturating_sub(1)).min(text.len());
    Position::locate(text.as_bytes(), offset)
}

/// The kind of a failure serde_json found itself (syntax, types, ranges), described
/// without quoting the body: serde_json's messages quote values, which may be secrets.
fn classify(e: &serde_json::Error, limits: &Limits) -> DecodeErrorKind {
    use serde_json::error::Category;
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            if message.starts_with("recursion limit exceeded") {
                DecodeErrorKind::DepthExceeded {
                    limit: limits.max_depth.min(SERDE_JSON_DEPTH),
                }
            } else if message.starts_with("number out of range") {
                DecodeErrorKind::NumberOutOfRange {
                    expected: "a finite number".into(),
                }
            } else {
                // serde_json's syntax messages name the problem, never the content.
                DecodeErrorKind::Json(message.to_owned())
            }
        }
        Category::Data => data_kind(message),
    }
}

/// serde's "invalid type: string \"x\", expected i32" as a kind without the value.
fn data_kind(message: &str) -> DecodeErrorKind {
    let expected = message
        .rsplit_once(", expected ")
        .map_or("a valid value", |(_, e)| e);
    let what = |rest: &str| -> String {
        let end = rest.find(['`', '"', ',']).unwrap_or(rest.len());
        excerpt(rest[..end].trim(), 40)
    };
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if rest.starts_with("integer") || rest.starts_with("floating point") {
            return DecodeErrorKind::NumberOutOfRange {
                expected: excerpt(expected, 100),
            };
        }
        return DecodeErrorKind::Unexpected {
            expected: excerpt(expected, 100),
            found: format!("another {}", what(rest)),
        };
    }
    let found = match message.strip_prefix("invalid type: ") {
        Some(rest) => what(rest),
        None => "a value that does not fit".to_owned(),
    };
    DecodeErrorKind::Unexpected {
        expected: excerpt(expected, 100),
        found,
    }
}

/// A serde error for text that is not a valid lexical value of `expected`, quoting
/// nothing of it.
pub(crate) fn invalid<E: serde::de::Error>(expected: &'static str) -> E {
    fail(DecodeErrorKind::Unexpected {
        expected: format!("a valid {expected}"),
        found: "another string".into(),
    })
}

/// A serde error for a member `key` given twice in one object.
pub(crate) fn duplicate<E: serde::de::Error>(key: &str) -> E {
    fail(DecodeErrorKind::DuplicateKey(excerpt(key, 100)))
}

/// Reads `json` as a `T` (the second pass over a polymorphic value, a server's
/// parameter), inside the decode in progress: its limits and typed failures carry over.
pub fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(json)
}

/// As serde error `E`, an error of a nested [`from_json`].
pub(crate) fn nested_error<E: serde::de::Error>(e: serde_json::Error) -> E {
    // The typed failure, if any, stays in the context; the message keeps no position of
    // the nested text (the outer decode reports its own).
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    E::custom(full.strip_suffix(&suffix).unwrap_or(&full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_messages_lose_their_values() {
        let e = serde_json::from_str::<bool>(r#""s3cr3t""#).unwrap_err();
        let kind = classify(&e, &Limits::default());
        assert!(!format!("{kind}").contains("s3cr3t"), "{kind}");
        let e = serde_json::from_str::<u8>("1234").unwrap_err();
        assert_eq!(
            classify(&e, &Limits::default()),
            DecodeErrorKind::NumberOutOfRange {
                expected: "u8".into()
            }
        );
    }
}
