//! Streaming pull reader over a complete response body (no DOM), on a tokenizer of its own
//! ([`lexer`](super::lexer), quick-xml's rules) and quick-xml's attribute parser.
//!
//! It resolves namespaces itself so that names, URIs and text can borrow from the input,
//! enforces [`Limits`] and an optional deadline, refuses DOCTYPE and unknown entities, and
//! tracks the element path for error messages.

use std::borrow::Cow;
use std::time::Instant;

use quick_xml::errors::IllFormedError;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::BytesRef;

use super::element::{ElementStart, Limits};
use super::error::{excerpt, DecodeError, DecodeErrorKind, Position, NAME_EXCERPT};
use super::lexer::{self, Markup, StartTag};
use super::scope::Scope;
use super::text::split_prefix;
use crate::redact::Redactor;

mod attributes;
mod content;
mod unknown;

pub(crate) use unknown::push_declaration;

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The deadline is checked once per this many tokens (a clock read costs about as much as
/// reading one).
const DEADLINE_EVERY: u32 = 1024;
/// The most characters of a parser message an error quotes (it may quote names).
const MESSAGE_EXCERPT: usize = 300;

/// An open element.
struct Frame<'a> {
    /// Its qualified name, which its end tag must repeat.
    qname: &'a str,
    /// `qname` has no quote: see [`lexer::end_tag_of`].
    plain: bool,
    offset: usize,
    bindings_len: usize,
}

/// What comes next in the body, after the reader's fast paths passed on it.
enum Token<'a> {
    Start(StartTag<'a>),
    /// An end tag, its name not yet checked.
    End(&'a str),
    Text,
    /// `&name;`, not yet resolved.
    Ref(&'a str),
    /// CDATA, a comment, a processing instruction or the XML declaration.
    Other,
    Eof,
}

/// Pull reader over a complete body.
///
/// ```
/// use sogen_runtime::{Decode, Limits, XmlReader};
/// let xml = br#"<r xmlns="urn:x"><a>1</a><unknown><deep/></unknown><b>two &amp; three</b></r>"#;
/// let mut r = XmlReader::new(xml, Limits::default()).unwrap();
/// let root = r.next_child().unwrap().unwrap();
/// assert_eq!((root.namespace(), root.local_name()), ("urn:x", "r"));
/// let (mut a, mut b) = (0, String::new());
/// while let Some(child) = r.next_child().unwrap() {
///     match child.local_name() {
///         "a" => a = i32::decode(&mut r, &child).unwrap(),
///         "b" => b = String::decode(&mut r, &child).unwrap(),
///         _ => r.skip().unwrap(),
///     }
/// }
/// assert_eq!((a, b.as_str()), (1, "two & three"));
/// ```
pub struct XmlReader<'a> {
    input: &'a str,
    /// Where reading goes on.
    pos: usize,
    limits: Limits,
    scope: Scope<'a>,
    stack: Vec<Frame<'a>>,
    /// The qualified names of the elements open inside one being skipped (kept for its
    /// capacity): their end tags are checked too.
    skipped: Vec<&'a str>,
    /// `prefix:nil` and `prefix:type` attributes of the tag being opened (kept for its
    /// capacity), resolved once all its declarations are known.
    xsi_candidates: Vec<(&'a str, Attribute<'a>)>,
    deadline: Option<Instant>,
    /// Tokens until the next deadline check.
    countdown: u32,
    /// The last element returned was `<x/>`: its frame is open until consumed.
    empty_pending: bool,
    /// Offset where the last token began.
    last_pos: usize,
    /// The secrets of the exchange the body came from: hidden in what errors quote,
    /// before it is cut to an excerpt.
    redactor: Option<Redactor>,
    /// Unknown elements kept so far ([`raw_element`](Self::raw_element)), and their bytes.
    unknown_elements: usize,
    unknown_bytes: usize,
}

impl<'a> XmlReader<'a> {
    /// Checks size and UTF-8 validity, and prepares to read. A leading BOM is skipped.
    pub fn new(input: &'a [u8], limits: Limits) -> Result<Self, DecodeError> {
        if input.len() > limits.max_response_bytes {
            return Err(DecodeError::new(
                DecodeErrorKind::SizeExceeded {
                    limit: limits.max_response_bytes,
                    size: input.len(),
                },
                String::new(),
                Position::default(),
            ));
        }
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let input = std::str::from_utf8(input).map_err(|e| {
            DecodeError::new(
                DecodeErrorKind::InvalidUtf8,
                String::new(),
                Position::locate(input, e.valid_up_to()),
            )
        })?;
        Ok(XmlReader {
            input,
            pos: 0,
            limits,
            scope: Scope::new(),
            stack: Vec::with_capacity(16),
            skipped: Vec::new(),
            xsi_candidates: Vec::new(),
            deadline: None,
            countdown: DEADLINE_EVERY,
            empty_pending: false,
            last_pos: 0,
            redactor: None,
            unknown_elements: 0,
            unknown_bytes: 0,
        })
    }

    /// Hides `redactor`'s secrets in every text an error of this reader quotes.
    pub(crate) fn with_redactor(mut self, redactor: Redactor) -> Self {
        self.redactor = Some(redactor).filter(|r| !r.is_empty());
        self
    }

    /// At most `max` characters of `text` for an error message, secrets hidden first.
    fn quote(&self, text: &str, max: usize) -> String {
        match &self.redactor {
            Some(r) => r.quote(text, max),
            None => excerpt(text, max),
        }
    }

    /// Fails reading with [`DecodeErrorKind::DeadlineExceeded`] once `deadline` has passed
    /// (checked at the first event and then every thousand or so): a call's timeout covers
    /// decoding too.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self.countdown = 1;
        self
    }

    /// The next child element of the current element, or `None` once its end tag is consumed.
    /// At the top level, the first call returns the root element.
    pub fn next_child(&mut self) -> Result<Option<ElementStart<'a>>, DecodeError> {
        if self.take_empty() {
            self.close_frame();
            return Ok(None);
        }
        loop {
            // The hot shapes first: a start tag, or the current element's own end tag.
            let (b, at) = (self.input.as_bytes(), self.pos);
            if b.get(at) == Some(&b'<') {
                match b.get(at + 1) {
                    Some(b'/') => {
                        let end = self.own_end_tag(at);
                        if let Some(end) = end {
                            self.begin_token(at)?;
                            self.pos = end;
                            self.close_frame();
                            return Ok(None);
                        }
                    }
                    Some(b'!' | b'?') | None => {}
                    Some(_) => {
                        self.begin_token(at)?;
                        let tag =
                            lexer::start_tag(self.input, at).map_err(|e| self.read_error(e))?;
                        self.pos = tag.end;
                        return (self.open(tag.tag, tag.name_len, tag.empty, tag.plain)).map(Some);
                    }
                }
            }
            match self.token()? {
                Token::Start(t) => return self.open(t.tag, t.name_len, t.empty, t.plain).map(Some),
                Token::End(name) => {
                    self.check_end(name, self.stack.last().map(|f| f.qname))?;
                    self.close_frame();
                    return Ok(None);
                }
                Token::Ref(name) => {
                    self.resolve_ref(name)?;
                }
                Token::Eof if self.stack.is_empty() => return Ok(None),
                Token::Eof => return Err(self.err_here(DecodeErrorKind::UnexpectedEof)),
                // Whitespace, stray text in element-only content, comments, PIs, declaration.
                Token::Text | Token::Other => {}
            }
        }
    }

    /// Skips the rest of the element just started (unknown elements from newer servers).
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        self.skip_content()?;
        self.close_frame();
        Ok(())
    }

    /// The raw inner XML of the element just started, through its end tag (used for values
    /// the codec does not model, such as an `anyType` with complex content).
    pub fn raw_inner(&mut self) -> Result<&'a str, DecodeError> {
        let begin = self.pos;
        let empty = self.empty_pending;
        self.skip_content()?;
        let end = self.last_pos;
        self.close_frame();
        Ok(if empty { "" } else { &self.input[begin..end] })
    }

    /// The character content of the element just started, through its end tag: entities,
    /// character references and CDATA resolved. Borrowed when nothing needed unescaping.
    /// Child elements are an error.
    pub fn text(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        let text = self.text_content()?;
        self.close_frame();
        Ok(text)
    }

    /// The content of the element just started as a `QName`, its prefix resolved in the
    /// element's scope: (namespace URI, local name).
    pub fn qname_text(&mut self) -> Result<(String, String), DecodeError> {
        let text = self.text_content()?;
        let text = text.trim();
        let (prefix, local) = split_prefix(text);
        let ns = match self.scope.get(prefix) {
            Some(ns) => ns.to_owned(),
            None if prefix.is_empty() => String::new(),
            None => return Err(self.unbound(prefix)),
        };
        self.close_frame();
        Ok((ns, local.to_owned()))
    }

    /// An "expected X, found element Y" error located at `start`.
    pub fn error(&self, start: &ElementStart<'_>, expected: &str) -> DecodeError {
        let name = self.quote(start.local_name, NAME_EXCERPT);
        let found = if start.namespace.is_empty() {
            format!("element <{name}>")
        } else {
            let ns = self.quote(&start.namespace, NAME_EXCERPT);
            format!("element <{name}> in {ns}")
        };
        self.error_at(
            start,
            DecodeErrorKind::Unexpected {
                expected: expected.to_owned(),
                found,
            },
        )
    }

    /// An "expected a valid `ty`" error for the text `found` of the element `start`.
    pub fn invalid_value(
        &self,
        start: &ElementStart<'_>,
        ty: &'static str,
        found: &str,
    ) -> DecodeError {
        self.error_at(
            start,
            DecodeErrorKind::InvalidValue {
                expected: ty,
                found: self.quote(found, 40),
            },
        )
    }

    /// An error of any kind located at `start`, with `start` on the path.
    pub fn error_at(&self, start: &ElementStart<'_>, kind: DecodeErrorKind) -> DecodeError {
        let mut path = self.path();
        let open = self.stack.last().is_some_and(|f| f.offset == start.offset);
        if !open {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&self.quote(start.local_name, NAME_EXCERPT));
        }
        DecodeError::new(
            kind,
            path,
            Position::locate(self.input.as_bytes(), start.offset),
        )
    }

    /// Current nesting depth (0 outside the root element).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    fn path(&self) -> String {
        let mut path = String::new();
        for (i, f) in self.stack.iter().enumerate() {
            if i > 0 {
                path.push('/');
            }
            path.push_str(&self.quote(split_prefix(f.qname).1, NAME_EXCERPT));
        }
        path
    }

    #[cold]
    fn err_here(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(
            kind,
            self.path(),
            Position::locate(self.input.as_bytes(), self.last_pos),
        )
    }

    #[cold]
    fn unbound(&self, prefix: &str) -> DecodeError {
        self.err_here(DecodeErrorKind::UnboundPrefix(
            self.quote(prefix, NAME_EXCERPT),
        ))
    }

    /// Notes where a token begins, and checks the deadline every so many tokens.
    #[inline]
    fn begin_token(&mut self, at: usize) -> Result<(), DecodeError> {
        self.last_pos = at;
        self.countdown -= 1;
        if self.countdown == 0 {
            self.check_deadline()?;
        }
        Ok(())
    }

    /// The next token, whatever it is (the fast paths' fallback).
    fn token(&mut self) -> Result<Token<'a>, DecodeError> {
        let at = self.pos;
        self.begin_token(at)?;
        let b = self.input.as_bytes();
        match b.get(at) {
            None => Ok(Token::Eof),
            Some(b'<') => {
                let markup = lexer::markup(self.input, at).map_err(|e| self.read_error(e))?;
                let (token, end) = match markup {
                    Markup::Start(tag) => {
                        let end = tag.end;
                        (Token::Start(tag), end)
                    }
                    Markup::End(name, end) => (Token::End(name), end),
                    Markup::CData(end) | Markup::Other(end) => (Token::Other, end),
                    Markup::DocType => return Err(self.err_here(DecodeErrorKind::DocType)),
                };
                self.pos = end;
                Ok(token)
            }
            Some(b'&') => {
                let (name, end) =
                    lexer::reference(self.input, at).map_err(|e| self.read_error(e))?;
                self.pos = end;
                Ok(Token::Ref(name))
            }
            Some(_) => {
                self.pos = lexer::text_end(b, at);
                Ok(Token::Text)
            }
        }
    }

    /// The end of the current element's end tag at `at`, in its hot shape (`</name>`).
    #[inline]
    fn own_end_tag(&self, at: usize) -> Option<usize> {
        let frame = self.stack.last().filter(|f| f.plain)?;
        lexer::end_tag_of(self.input.as_bytes(), at, frame.qname)
    }

    /// Checks that the end tag `name` closes `open` (the innermost open element).
    fn check_end(&self, name: &str, open: Option<&str>) -> Result<(), DecodeError> {
        let error = match open {
            Some(expected) if expected == name => return Ok(()),
            Some(expected) => IllFormedError::MismatchedEndTag {
                expected: expected.to_owned(),
                found: name.to_owned(),
            },
            None => IllFormedError::UnmatchedEndTag(name.to_owned()),
        };
        Err(self.read_error(quick_xml::Error::IllFormed(error)))
    }

    #[cold]
    #[inline(never)]
    fn check_deadline(&mut self) -> Result<(), DecodeError> {
        self.countdown = DEADLINE_EVERY;
        match self.deadline {
            Some(deadline) if Instant::now() >= deadline => {
                Err(self.err_here(DecodeErrorKind::DeadlineExceeded))
            }
            _ => Ok(()),
        }
    }

    /// The error for what the tokenizer refused, at the token it was reading.
    #[cold]
    #[inline(never)]
    fn read_error(&self, e: quick_xml::Error) -> DecodeError {
        let kind = match e {
            quick_xml::Error::Syntax(s) if is_eof_syntax(&s) => DecodeErrorKind::UnexpectedEof,
            other => DecodeErrorKind::Syntax(self.quote(&other.to_string(), MESSAGE_EXCERPT)),
        };
        DecodeError::new(
            kind,
            self.path(),
            Position::locate(self.input.as_bytes(), self.last_pos),
        )
    }

    /// Returns and clears the "empty element pending" flag.
    fn take_empty(&mut self) -> bool {
        std::mem::take(&mut self.empty_pending)
    }

    #[inline]
    fn close_frame(&mut self) {
        if let Some(f) = self.stack.pop() {
            // Only elements that declared namespaces change the scope.
            if self.scope.len() != f.bindings_len {
                self.scope.truncate(f.bindings_len);
            }
        }
    }

    /// The `&'a str` of the input that `bytes` (borrowed from it by quick-xml) covers.
    fn slice(&self, bytes: &[u8]) -> &'a str {
        let base = self.input.as_ptr() as usize;
        let start = (bytes.as_ptr() as usize).wrapping_sub(base);
        let input: &'a str = self.input;
        // Attribute keys are borrowed from the input; the fallback is never taken.
        input.get(start..start + bytes.len()).unwrap_or("")
    }

    /// Opens the element whose start tag (`tag`, its name `name_len` long, see
    /// [`StartTag`]) was just read. Its parts come one by one: in registers.
    fn open(
        &mut self,
        tag: &'a str,
        name_len: usize,
        empty: bool,
        plain: bool,
    ) -> Result<ElementStart<'a>, DecodeError> {
        let offset = self.last_pos;
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.err_here(DecodeErrorKind::DepthExceeded {
                limit: self.limits.max_depth,
            }));
        }
        let qname = &tag[..name_len];
        let bindings_len = self.scope.len();
        // Most elements have no attributes: their scan stays out of this hot function.
        let (nil, xsi_type) = if tag.len() > name_len {
            self.attributes(tag, name_len)?
        } else {
            (false, None)
        };
        let (prefix, local_name) = split_prefix(qname);
        let namespace = if prefix.is_empty() {
            // Nearly every element: the default namespace, by index.
            self.scope.default_ns()
        } else {
            match self.scope.lookup(prefix) {
                Some(ns) => ns,
                None => return Err(self.unbound(prefix)),
            }
        };
        self.stack.push(Frame {
            qname,
            plain,
            offset,
            bindings_len,
        });
        self.empty_pending = empty;
        Ok(ElementStart {
            local_name,
            namespace,
            nil,
            xsi_type,
            offset,
        })
    }

    #[cold]
    fn syntax(&self, message: String) -> DecodeError {
        self.err_here(DecodeErrorKind::Syntax(
            self.quote(&message, MESSAGE_EXCERPT),
        ))
    }

    /// Resolves `&name;` or `&#N;` to its text.
    fn resolve_ref(&self, name: &str) -> Result<Cow<'static, str>, DecodeError> {
        if name.starts_with('#') {
            return match BytesRef::new(name).resolve_char_ref() {
                Ok(Some(c)) => Ok(Cow::Owned(c.to_string())),
                _ => Err(self.syntax(format!(
                    "invalid character reference `&{};`",
                    self.quote(name, NAME_EXCERPT)
                ))),
            };
        }
        match resolve_predefined_entity(name) {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => Err(self.err_here(DecodeErrorKind::UnknownEntity(
                self.quote(name, NAME_EXCERPT),
            ))),
        }
    }
}

/// Whether quick-xml calls the input cut short (`UnexpectedEof` to the caller); the
/// lexer's tests hold its tokens to the same rule.
pub(super) fn is_eof_syntax(e: &quick_xml::errors::SyntaxError) -> bool {
    use quick_xml::errors::SyntaxError as S;
    matches!(
        e,
        S::UnclosedTag
            | S::UnclosedComment
            | S::UnclosedCData
            | S::UnclosedDoctype
            | S::UnclosedPI
            | S::UnclosedXmlDecl
            | S::UnclosedSingleQuotedAttributeValue
            | S::UnclosedDoubleQuotedAttributeValue
    )
}
