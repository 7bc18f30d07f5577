//! The decoding error: what went wrong, where in the document, and on which element path.

use std::fmt;

/// Where a decoding error happened in the response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Byte offset from the start of the body.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// Computes line and column of `offset` in `input` (only done when an error is built).
    pub(crate) fn locate(input: &[u8], offset: usize) -> Self {
        let offset = offset.min(input.len());
        let before = &input[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Count characters, not bytes: UTF-8 continuation bytes do not start a character.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
            + 1;
        Position {
            offset,
            line,
            column,
        }
    }
}

/// What kind of decoding failure happened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The document is not well-formed XML.
    Syntax(String),
    /// The document ended before the open elements were closed.
    UnexpectedEof,
    /// A `<!DOCTYPE ...>` declaration: refused (entity expansion attacks).
    DocType,
    /// An entity other than the five predefined ones and character references.
    UnknownEntity(String),
    /// The body is not valid UTF-8.
    InvalidUtf8,
    /// A namespace prefix that no `xmlns:` declaration binds.
    UnboundPrefix(String),
    /// Something other than what the schema allows at this place.
    Unexpected {
        /// What the decoder expected.
        expected: String,
        /// What it found.
        found: String,
    },
    /// Text that is not a valid lexical value of the expected type.
    InvalidValue {
        /// The XML Schema type expected (`int`, `dateTime`, ...).
        expected: &'static str,
        /// The offending text (shortened).
        found: String,
    },
    /// Elements nested deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    DepthExceeded {
        /// The configured limit.
        limit: usize,
    },
    /// A body larger than [`Limits::max_response_bytes`](crate::Limits::max_response_bytes).
    SizeExceeded {
        /// The configured limit.
        limit: usize,
        /// The body's size.
        size: usize,
    },
    /// An element with more attributes than [`Limits::max_attributes`](crate::Limits::max_attributes).
    AttributesExceeded {
        /// The configured limit.
        limit: usize,
    },
    /// An element with more namespace declarations than
    /// [`Limits::max_namespace_declarations`](crate::Limits::max_namespace_declarations).
    NamespaceDeclarationsExceeded {
        /// The configured limit.
        limit: usize,
    },
    /// More unknown elements (or JSON members) than
    /// [`Limits::max_unknown_elements`](crate::Limits::max_unknown_elements).
    UnknownElementsExceeded {
        /// The configured limit.
        limit: usize,
    },
    /// More bytes of unknown elements (or JSON members) than
    /// [`Limits::max_unknown_bytes`](crate::Limits::max_unknown_bytes).
    UnknownBytesExceeded {
        /// The configured limit.
        limit: usize,
    },
    /// The reader's deadline passed (the call's timeout ran out while decoding).
    DeadlineExceeded,
    /// The body is empty or only whitespace.
    EmptyBody,
    /// The body is not well-formed JSON (REST wire); the message quotes no content.
    Json(String),
    /// A JSON body starting with a byte order mark (RFC 8259 forbids one).
    ByteOrderMark,
    /// A JSON object with the same member name twice.
    DuplicateKey(String),
    /// A JSON number that the expected type cannot hold (`300` for a byte, `1e400`).
    NumberOutOfRange {
        /// The Rust type expected.
        expected: String,
    },
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(m) => write!(f, "malformed XML: {m}"),
            Self::UnexpectedEof => f.write_str("unexpected end of document (truncated body?)"),
            Self::DocType => f.write_str("DOCTYPE declarations are not accepted"),
            Self::UnknownEntity(e) => write!(
                f,
                "unknown entity `&{e};` (only the five predefined entities and character references are accepted)"
            ),
            Self::InvalidUtf8 => f.write_str("invalid UTF-8"),
            Self::UnboundPrefix(p) => write!(f, "unbound namespace prefix `{p}`"),
            Self::Unexpected { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::InvalidValue { expected, found } => {
                write!(f, "expected a valid {expected}, found {found:?}")
            }
            Self::DepthExceeded { limit } => write!(f, "elements nested deeper than {limit}"),
            Self::SizeExceeded { limit, size } => {
                write!(f, "body of {size} bytes exceeds the limit of {limit} bytes")
            }
            Self::AttributesExceeded { limit } => {
                write!(f, "an element with more than {limit} attributes")
            }
            Self::NamespaceDeclarationsExceeded { limit } => {
                write!(f, "an element with more than {limit} namespace declarations")
            }
            Self::UnknownElementsExceeded { limit } => {
                write!(f, "more than {limit} unknown elements")
            }
            Self::UnknownBytesExceeded { limit } => {
                write!(f, "more than {limit} bytes of unknown elements")
            }
            Self::DeadlineExceeded => f.write_str("the time budget ran out while decoding"),
            Self::EmptyBody => f.write_str("empty body"),
            Self::Json(m) => write!(f, "malformed JSON: {m}"),
            Self::ByteOrderMark => f.write_str("a byte order mark before the JSON"),
            Self::DuplicateKey(k) => write!(f, "member {k:?} appears twice in one object"),
            Self::NumberOutOfRange { expected } => {
                write!(f, "a number out of the range of {expected}")
            }
        }
    }
}

/// A response body could not be decoded: kind, element path and position.
///
/// ```
/// use sogen_runtime::{Decode, Limits, XmlReader};
/// let mut r = XmlReader::new(b"<a><b>x1</b></a>", Limits::default()).unwrap();
/// let a = r.next_child().unwrap().unwrap();
/// let b = r.next_child().unwrap().unwrap();
/// let err = i32::decode(&mut r, &b).unwrap_err();
/// assert_eq!(err.path(), "a/b");
/// assert_eq!((err.position().line, err.position().column), (1, 4));
/// # let _ = a;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Inner>);

/// Boxed so that the `Result`s of the hot decoding path stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: DecodeErrorKind,
    path: String,
    position: Position,
}

impl DecodeError {
    /// Builds an error (the reader fills in path and position; see [`XmlReader::error`](crate::XmlReader::error)).
    pub fn new(kind: DecodeErrorKind, path: String, position: Position) -> Self {
        DecodeError(Box::new(Inner {
            kind,
            path,
            position,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// Local names of the enclosing elements, outermost first, joined by `/`.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Byte offset, line and column.
    pub fn position(&self) -> Position {
        self.0.position
    }

    /// True for the errors of [`Limits`](crate::Limits) ([`DecodeErrorKind::DepthExceeded`],
    /// [`DecodeErrorKind::SizeExceeded`], [`DecodeErrorKind::AttributesExceeded`],
    /// [`DecodeErrorKind::NamespaceDeclarationsExceeded`],
    /// [`DecodeErrorKind::UnknownElementsExceeded`], [`DecodeErrorKind::UnknownBytesExceeded`]).
    pub fn is_limit(&self) -> bool {
        matches!(
            self.0.kind,
            DecodeErrorKind::DepthExceeded { .. }
                | DecodeErrorKind::SizeExceeded { .. }
                | DecodeErrorKind::AttributesExceeded { .. }
                | DecodeErrorKind::NamespaceDeclarationsExceeded { .. }
                | DecodeErrorKind::UnknownElementsExceeded { .. }
                | DecodeErrorKind::UnknownBytesExceeded { .. }
        )
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        if e.kind == DecodeErrorKind::EmptyBody {
            // No position to report.
            return write!(f, "{}", e.kind);
        }
        write!(
            f,
            "{} at line {}, column {} (byte {})",
            e.kind, e.position.line, e.position.column, e.position.offset
        )?;
        if !e.path.is_empty() {
            write!(f, " in {}", e.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// The quoted texts (names, values, parser messages), each possibly cut to an excerpt.
impl crate::redact::Scrub for DecodeError {
    fn scrub(&mut self, r: &crate::redact::Redactor) {
        let e = &mut *self.0;
        match &mut e.kind {
            DecodeErrorKind::Syntax(s) | DecodeErrorKind::UnboundPrefix(s) => r.redact_excerpt(s),
            DecodeErrorKind::UnknownEntity(s) => {
                r.redact_excerpt(s);
                // Shown as `&name;`: a secret may be the whole reference, `&` and `;`
                // included, which the name alone does not match.
                if let std::borrow::Cow::Owned(_) = r.redact(&format!("&{s};")) {
                    *s = crate::redact::REDACTED.to_owned();
                }
            }
            DecodeErrorKind::Unexpected { expected, found } => {
                r.redact_excerpt(expected);
                r.redact_excerpt(found);
            }
            DecodeErrorKind::InvalidValue { found, .. } => r.redact_excerpt(found),
            _ => {}
        }
        if !e.path.is_empty() {
            let parts: Vec<String> = (e.path.split('/'))
                .map(|part| {
                    let mut part = part.to_owned();
                    r.redact_excerpt(&mut part);
                    part
                })
                .collect();
            e.path = parts.join("/");
        }
    }
}

/// The most characters of a name (element, prefix, entity) an error message quotes: a
/// hostile body may hold names of megabytes.
pub(crate) const NAME_EXCERPT: usize = 100;

/// Shortens a value quoted in an error message to `max` characters (and `...`).
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::{Redactor, Scrub};

    #[test]
    fn an_unknown_entity_that_is_a_secret_is_not_shown() {
        let kind = DecodeErrorKind::UnknownEntity("aAA0a!".into());
        let mut e = DecodeError::new(kind, String::new(), Position::locate(b"", 0));
        e.scrub(&Redactor::new(["&aAA0a!;"]));
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("aAA0a!"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
        // A name that is no secret stays.
        let kind = DecodeErrorKind::UnknownEntity("nbsp".into());
        let mut e = DecodeError::new(kind, String::new(), Position::locate(b"", 0));
        e.scrub(&Redactor::new(["&aAA0a!;"]));
        assert!(e.to_string().contains("`&nbsp;`"), "{e}");
    }
}
