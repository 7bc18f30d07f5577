//! Appends well-formed UTF-8 XML to a buffer; tracks the default namespace so that callers
//! never deal with prefixes.

use std::ops::Range;

use super::reader::XSI_NS;

/// The XML Schema namespace (`xsi:type` values of primitives).
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// Writes XML elements into an internal `Vec<u8>`.
///
/// `xmlns="..."` is added only where an element's namespace differs from its parent's.
///
/// ```
/// use sogen_runtime::{Encode, XmlWriter};
/// let mut w = XmlWriter::new();
/// w.open("urn:a", "Person");
/// w.leaf("urn:a", "Name", "Tom & Jerry");
/// 42i32.encode(&mut w, "urn:a", "Age");
/// w.nil("urn:b", "Note");
/// w.close("urn:a", "Person");
/// assert_eq!(
///     std::str::from_utf8(w.as_bytes()).unwrap(),
///     concat!(
///         r#"<Person xmlns="urn:a"><Name>Tom &amp; Jerry</Name><Age>42</Age>"#,
///         r#"<Note xmlns="urn:b" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
///         r#"</Person>"#
///     )
/// );
/// ```
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    buf: Vec<u8>,
    /// Default namespace of each open element, as a range of `arena`.
    scopes: Vec<Range<usize>>,
    arena: String,
    /// `xsi` and `xsd` prefixes are declared on an enclosing element (the envelope).
    prefixes_declared: bool,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        XmlWriter {
            buf: Vec::with_capacity(1024),
            ..Default::default()
        }
    }

    /// The XML written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The XML written, consuming the writer.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Start tag `<name>`, with `xmlns="ns"` when `ns` differs from the parent's.
    pub fn open(&mut self, ns: &str, name: &str) {
        self.start_tag(ns, name);
        self.buf.push(b'>');
    }

    /// As [`open`](Self::open), plus `xsi:type="p:type_name"` (declaring prefixes as needed).
    pub fn open_typed(&mut self, ns: &str, name: &str, type_ns: &str, type_name: &str) {
        self.typed_start(ns, name, type_ns, type_name);
        self.buf.push(b'>');
    }

    /// `<name xsi:type="xsd:QName" xmlns:q="qns">q:local</name>` (an `anyType` holding a QName).
    pub(crate) fn typed_qname(&mut self, ns: &str, name: &str, qns: &str, local: &str) {
        self.typed_start(ns, name, XSD_NS, "QName");
        if !qns.is_empty() {
            self.raw(" xmlns:q=\"");
            escape_into(&mut self.buf, qns, true);
            self.raw("\">q:");
        } else {
            self.buf.push(b'>');
        }
        self.text(local);
        self.close(ns, name);
    }

    fn typed_start(&mut self, ns: &str, name: &str, type_ns: &str, type_name: &str) {
        self.start_tag(ns, name);
        self.xsi_decl();
        let prefix = if type_ns.is_empty() {
            ""
        } else if type_ns == XSD_NS && self.prefixes_declared {
            "xsd:"
        } else {
            self.raw(" xmlns:t=\"");
            escape_into(&mut self.buf, type_ns, true);
            self.buf.push(b'"');
            "t:"
        };
        self.raw(" xsi:type=\"");
        self.raw(prefix);
        escape_into(&mut self.buf, type_name, true);
        self.buf.push(b'"');
    }

    /// End tag `</name>`.
    pub fn close(&mut self, _ns: &str, name: &str) {
        self.raw("</");
        self.raw(name);
        self.buf.push(b'>');
        self.pop_scope();
    }

    /// `<name xsi:nil="true"/>`.
    pub fn nil(&mut self, ns: &str, name: &str) {
        self.start_tag(ns, name);
        self.xsi_decl();
        self.raw(" xsi:nil=\"true\"/>");
        self.pop_scope();
    }

    /// `<name/>`.
    pub fn empty(&mut self, ns: &str, name: &str) {
        self.start_tag(ns, name);
        self.raw("/>");
        self.pop_scope();
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.buf, s, false);
    }

    /// `<name>text</name>`, text escaped.
    pub fn leaf(&mut self, ns: &str, name: &str, text: &str) {
        self.open(ns, name);
        self.text(text);
        self.close(ns, name);
    }

    /// `<name xmlns:q="qns">q:local</name>`: a `QName` value with its prefix declared.
    pub fn leaf_qname(&mut self, ns: &str, name: &str, qns: &str, local: &str) {
        self.start_tag(ns, name);
        if qns.is_empty() {
            self.buf.push(b'>');
        } else {
            self.raw(" xmlns:q=\"");
            escape_into(&mut self.buf, qns, true);
            self.raw("\">q:");
        }
        self.text(local);
        self.close(ns, name);
    }

    /// Appends markup as is (the caller guarantees it is well-formed).
    pub fn raw(&mut self, markup: &str) {
        self.buf.extend_from_slice(markup.as_bytes());
    }

    /// Appends bytes this crate wrote as XML (a body written earlier).
    pub(crate) fn raw_bytes(&mut self, markup: &[u8]) {
        self.buf.extend_from_slice(markup);
    }

    /// `bytes` as standard base64 (which needs no escaping).
    pub(crate) fn base64(&mut self, bytes: &[u8]) {
        base64_simd::STANDARD.encode_append(bytes, &mut self.buf);
    }

    /// Integer content, without escaping (digits need none).
    pub(crate) fn int(&mut self, v: impl itoa::Integer) {
        self.raw(itoa::Buffer::new().format(v));
    }

    /// Declares that an enclosing element binds `xsi` and `xsd` (see the envelope writer).
    pub(crate) fn set_prefixes_declared(&mut self) {
        self.prefixes_declared = true;
    }

    fn xsi_decl(&mut self) {
        if !self.prefixes_declared {
            self.raw(" xmlns:xsi=\"");
            self.raw(XSI_NS);
            self.buf.push(b'"');
        }
    }

    /// The default namespace of the element being written (what an unprefixed child
    /// written raw inherits).
    pub(crate) fn current_ns(&self) -> &str {
        self.scopes.last().map_or("", |r| &self.arena[r.clone()])
    }

    /// Writes `<name` and the namespace declaration if needed, and pushes a scope.
    fn start_tag(&mut self, ns: &str, name: &str) {
        self.buf.push(b'<');
        self.raw(name);
        if self.current_ns() == ns {
            let scope = self.scopes.last().cloned().unwrap_or(0..0);
            self.scopes.push(scope);
        } else {
            self.raw(" xmlns=\"");
            escape_into(&mut self.buf, ns, true);
            self.buf.push(b'"');
            let start = self.arena.len();
            self.arena.push_str(ns);
            self.scopes.push(start..self.arena.len());
        }
    }

    fn pop_scope(&mut self) {
        if let Some(r) = self.scopes.pop() {
            // Drop the namespace text when no enclosing scope shares it (stack discipline).
            if r.end == self.arena.len() && self.scopes.last() != Some(&r) && !r.is_empty() {
                self.arena.truncate(r.start);
            }
        }
    }
}

/// Escapes `s` into `out`: `&`, `<`, `>` always; `"` and tab/newline in attributes; `\r` and
/// other control characters as character references so that they survive parsing.
fn escape_into(out: &mut Vec<u8>, s: &str, attr: bool) {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' if attr => b"&quot;",
            b'\n' if !attr => continue,
            b'\t' if !attr => continue,
            0..=0x1F => {
                out.extend_from_slice(&bytes[last..i]);
                out.extend_from_slice(b"&#x");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xF) as usize]);
                out.push(b';');
                last = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    fn s(w: &XmlWriter) -> &str {
        std::str::from_utf8(w.as_bytes()).unwrap()
    }

    #[test]
    fn escapes_text_and_control_characters() {
        let mut w = XmlWriter::new();
        w.leaf("", "a", "<&>\"'\r\n\t\u{1}é]]>");
        assert_eq!(s(&w), "<a>&lt;&amp;&gt;\"'&#x0D;\n\t&#x01;é]]&gt;</a>");
    }

    #[test]
    fn namespace_declared_only_on_change() {
        let mut w = XmlWriter::new();
        w.open("urn:a", "r");
        w.open("urn:b", "x");
        w.leaf("urn:b", "y", "1");
        w.close("urn:b", "x");
        w.leaf("urn:a", "z", "2");
        w.leaf("urn:b", "x", "3");
        w.close("urn:a", "r");
        assert_eq!(
            s(&w),
            r#"<r xmlns="urn:a"><x xmlns="urn:b"><y>1</y></x><z>2</z><x xmlns="urn:b">3</x></r>"#
        );
    }

    #[test]
    fn typed_element_declares_prefixes() {
        let mut w = XmlWriter::new();
        w.open_typed("urn:a", "v", "urn:t", "Derived");
        w.close("urn:a", "v");
        assert_eq!(
            s(&w),
            r#"<v xmlns="urn:a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:t="urn:t" xsi:type="t:Derived"></v>"#
        );
    }
}
