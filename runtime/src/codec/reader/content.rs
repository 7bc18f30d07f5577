//! The content of the element just started: its text, or all of it skipped.

use std::borrow::Cow;

use super::{Token, XmlReader};
use crate::codec::error::{DecodeError, DecodeErrorKind, NAME_EXCERPT};
use crate::codec::lexer;
use crate::codec::text::{assemble, normalize_eol, unescape};

impl<'a> XmlReader<'a> {
    /// Reads the text content of the current element through its end tag, keeping its frame.
    ///
    /// Fast path: text (references and CRs noted on the way) up to the element's own end
    /// tag, one slice of the input, unescaped at most once. Content with CDATA, comments or
    /// PIs is assembled token by token.
    pub(super) fn text_content(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        if self.take_empty() {
            return Ok(Cow::Borrowed(""));
        }
        let begin = self.pos;
        self.begin_token(begin)?;
        let input: &'a str = self.input;
        let b = input.as_bytes();
        let (mut at, mut refs, mut cr) = (begin, false, false);
        loop {
            at = lexer::content_stop(b, at);
            match b.get(at) {
                Some(b'<') => break,
                Some(b'&') => {
                    // Validated now: only predefined entities and character references.
                    self.begin_token(at)?;
                    let (name, end) =
                        lexer::reference(input, at).map_err(|e| self.read_error(e))?;
                    self.resolve_ref(name)?;
                    (refs, at) = (true, end);
                }
                Some(_) => (cr, at) = (true, at + 1),
                None => {
                    self.last_pos = at;
                    return Err(self.err_here(DecodeErrorKind::UnexpectedEof));
                }
            }
        }
        let Some(end) = self.own_end_tag(at) else {
            self.pos = at;
            return self.text_tokens(begin, refs);
        };
        self.begin_token(at)?;
        self.pos = end;
        let raw = &input[begin..at];
        let text = if cr {
            normalize_eol(raw)
        } else {
            Cow::Borrowed(raw)
        };
        if !refs {
            return Ok(text);
        }
        unescape(&text).map(Cow::Owned).map_err(|m| self.syntax(m))
    }

    /// The rest of [`text_content`](Self::text_content) from where its fast path stopped
    /// (at a `<` that is not the element's end tag), token by token.
    #[inline(never)]
    fn text_tokens(&mut self, begin: usize, mut refs: bool) -> Result<Cow<'a, str>, DecodeError> {
        let mut mixed = false;
        loop {
            match self.token()? {
                Token::Text => {}
                Token::Ref(name) => {
                    self.resolve_ref(name)?;
                    refs = true;
                }
                Token::End(name) => {
                    self.check_end(name, self.stack.last().map(|f| f.qname))?;
                    break;
                }
                Token::Start(tag) => {
                    let name = self.quote(&tag.tag[..tag.name_len], NAME_EXCERPT);
                    return Err(self.err_here(DecodeErrorKind::Unexpected {
                        expected: "text".to_owned(),
                        found: format!("element <{name}>"),
                    }));
                }
                Token::Eof => return Err(self.err_here(DecodeErrorKind::UnexpectedEof)),
                Token::Other => mixed = true,
            }
        }
        let input: &'a str = self.input;
        let raw = &input[begin..self.last_pos];
        if mixed {
            return assemble(raw).map(Cow::Owned).map_err(|m| self.syntax(m));
        }
        let text = normalize_eol(raw);
        if !refs {
            return Ok(text);
        }
        unescape(&text).map(Cow::Owned).map_err(|m| self.syntax(m))
    }

    /// Consumes the content of the current element through its end tag, keeping its frame.
    pub(super) fn skip_content(&mut self) -> Result<(), DecodeError> {
        self.consume_content(|_| {})
    }

    /// As [`skip_content`](Self::skip_content), handing every start tag inside to `tag`.
    pub(super) fn consume_content(&mut self, tag: impl FnMut(&'a str)) -> Result<(), DecodeError> {
        if self.take_empty() {
            return Ok(());
        }
        let mut open = std::mem::take(&mut self.skipped);
        open.clear();
        let result = self.consume_into(&mut open, tag);
        self.skipped = open;
        result
    }

    fn consume_into(
        &mut self,
        open: &mut Vec<&'a str>,
        mut tag: impl FnMut(&'a str),
    ) -> Result<(), DecodeError> {
        loop {
            match self.token()? {
                Token::Start(start) => {
                    if self.stack.len() + open.len() + 1 > self.limits.max_depth {
                        return Err(self.err_here(DecodeErrorKind::DepthExceeded {
                            limit: self.limits.max_depth,
                        }));
                    }
                    tag(start.tag);
                    if !start.empty {
                        open.push(&start.tag[..start.name_len]);
                    }
                }
                Token::End(name) => match open.pop() {
                    Some(inner) => self.check_end(name, Some(inner))?,
                    None => return self.check_end(name, self.stack.last().map(|f| f.qname)),
                },
                Token::Ref(name) => {
                    self.resolve_ref(name)?;
                }
                Token::Eof => return Err(self.err_here(DecodeErrorKind::UnexpectedEof)),
                Token::Text | Token::Other => {}
            }
        }
    }
}
