//! Unknown elements: kept as received, with the bindings they need, within their limits.

use quick_xml::events::attributes::Attributes;

use super::XmlReader;
use crate::codec::error::{DecodeError, DecodeErrorKind};

impl<'a> XmlReader<'a> {
    /// The element just started, through its end tag, as XML that stands on its own: the
    /// input's text, exact, with declarations added to its start tag for the namespace
    /// prefixes its subtree uses in element and attribute names and `xsi:type` values
    /// (and for the default namespace) that an ancestor declared. For child elements a
    /// record's schema does not know (a newer server's fields), to be written back as
    /// they came. Costs time linear in the element's size.
    ///
    /// Counts against [`Limits::max_unknown_elements`](crate::Limits::max_unknown_elements)
    /// and [`Limits::max_unknown_bytes`](crate::Limits::max_unknown_bytes): beyond either,
    /// an error.
    pub fn raw_element(&mut self) -> Result<String, DecodeError> {
        let unknown = self.unknown_element()?;
        let mut out = String::with_capacity(unknown.xml.len() + 64);
        out.push_str(&unknown.xml[..unknown.name_end]);
        for (prefix, uri) in &unknown.scope {
            push_declaration(&mut out, prefix, uri);
        }
        out.push_str(&unknown.xml[unknown.name_end..]);
        Ok(out)
    }

    /// The element just started, through its end tag, as received, where its name ends,
    /// and the bindings it uses that an ancestor made (`""` for the default namespace,
    /// unless it declares its own): what [`ExtensionData`](crate::ExtensionData) keeps.
    ///
    /// Counts against the limits what writing it back in its parent's namespace takes:
    /// its text and the declarations it then needs (the default namespace's only when the
    /// parent is in another one), and no more in all than the body's length: so the
    /// records of a body carry back no more unknown XML than the body itself.
    pub(crate) fn unknown_element(&mut self) -> Result<Unknown<'a>, DecodeError> {
        let Some(frame) = self.stack.last() else {
            return Err(self.err_here(DecodeErrorKind::UnexpectedEof));
        };
        self.unknown_elements += 1;
        if self.unknown_elements > self.limits.max_unknown_elements {
            return Err(self.err_here(DecodeErrorKind::UnknownElementsExceeded {
                limit: self.limits.max_unknown_elements,
            }));
        }
        let (begin, own_from) = (frame.offset, frame.bindings_len);
        let input: &'a str = self.input;
        // Whether the parent is in the default namespace (unprefixed): then a record
        // written back in its own namespace needs no default declaration for this child.
        let parent_unprefixed = (self.stack.len() >= 2)
            .then(|| &self.stack[self.stack.len() - 2])
            .is_some_and(|p| !p.qname.contains(':'));
        // The root's own tag: its name and attributes.
        let tag_end = begin + tag_length(&input[begin..]);
        let mut used: Vec<&'a str> = Vec::new();
        collect_prefixes(&input[begin..tag_end], &mut used);
        self.consume_content(|tag| collect_prefixes(tag, &mut used))?;
        let end = self.pos;
        let name_end = 1 + qualified_name(&input[begin..]).len();
        let mut scope = Vec::new();
        let mut charged = end - begin;
        if !self.scope.declared_since(own_from, "") {
            let uri = self.scope.default_ns().into_owned();
            if !parent_unprefixed {
                charged += declaration_len("", &uri);
            }
            scope.push((String::new(), uri));
        }
        used.sort_unstable();
        used.dedup();
        for prefix in used {
            if prefix == "xml" || prefix == "xmlns" || self.scope.declared_since(own_from, prefix) {
                continue;
            }
            if let Some(uri) = self.scope.get(prefix) {
                charged += declaration_len(prefix, uri);
                scope.push((prefix.to_owned(), uri.to_owned()));
            }
        }
        let limit = self.limits.unknown_bytes_allowed(input.len());
        self.unknown_bytes = self.unknown_bytes.saturating_add(charged);
        if self.unknown_bytes > limit {
            return Err(self.err_here(DecodeErrorKind::UnknownBytesExceeded { limit }));
        }
        self.close_frame();
        Ok(Unknown {
            xml: &input[begin..end],
            name_end,
            scope,
        })
    }
}

/// The length of the start tag at the beginning of `xml` (through its `>`), quotes
/// respected.
fn tag_length(xml: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in xml.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    xml.len()
}

/// Adds to `used` the prefixes a start tag (`<p:name a:x="..." xsi:type="q:T">`, with or
/// without the `<`) uses in its name, its attribute names and its `xsi:type`-like values.
fn collect_prefixes<'a>(tag: &'a str, used: &mut Vec<&'a str>) {
    let tag = tag.trim_start_matches('<');
    let name_end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    if let Some((p, _)) = tag[..name_end].split_once(':') {
        used.push(p);
    }
    let name_len = name_end;
    for attr in Attributes::new(tag, name_len).flatten() {
        let key = std::str::from_utf8(attr.key.into_inner()).unwrap_or("");
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        if let Some((p, local)) = key.split_once(':') {
            used.push(p);
            if local == "type" {
                // A QName value: its prefix must stay bound. Borrow it from the tag.
                let value: &[u8] = &attr.value;
                if let Some(colon) = value.iter().position(|&b| b == b':') {
                    let start = (value.as_ptr() as usize).wrapping_sub(tag.as_ptr() as usize);
                    if let Some(p) = start.checked_add(colon).and_then(|end| tag.get(start..end)) {
                        used.push(p.trim());
                    }
                }
            }
        }
    }
}

/// An unknown element as [`XmlReader::unknown_element`] returns it.
pub(crate) struct Unknown<'a> {
    /// Its text as received, start tag to end tag.
    pub(crate) xml: &'a str,
    /// The length of `<` and its name: where declarations go.
    pub(crate) name_end: usize,
    /// `(prefix, URI)` bindings of ancestors it uses (`""`: the default namespace).
    pub(crate) scope: Vec<(String, String)>,
}

/// The qualified name of the tag at the start of `xml` (after its `<`).
fn qualified_name(xml: &str) -> &str {
    let name = xml.get(1..).unwrap_or("");
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    &name[..end]
}

/// ` xmlns="uri"` or ` xmlns:prefix="uri"`, the URI escaped for the attribute.
pub(crate) fn push_declaration(out: &mut String, prefix: &str, uri: &str) {
    out.push_str(" xmlns");
    if !prefix.is_empty() {
        out.push(':');
        out.push_str(prefix);
    }
    out.push_str("=\"");
    escape_attr(out, uri);
    out.push('"');
}

/// How long [`push_declaration`] writes it.
fn declaration_len(prefix: &str, uri: &str) -> usize {
    let mut out = String::new();
    push_declaration(&mut out, prefix, uri);
    out.len()
}

/// Appends `value` escaped for a double-quoted attribute.
fn escape_attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
