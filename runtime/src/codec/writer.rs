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
            // A request envelope with its headers is 1-3 KB, a carrier several: one
            // allocation instead of growing from 1 KiB (a tenth of encoding an entity).
            buf: Vec::with_capacity(8 * 1024),
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

    /// `<name>digits</name>`: an integer's element (digits need no escaping).
    pub(crate) fn leaf_int(&mut self, ns: &str, name: &str, v: impl itoa::Integer) {
        self.leaf_start(ns, name);
        self.buf.push(b'>');
        self.raw(itoa::Buffer::new().format(v));
        self.end_tag(name);
    }

    /// As [`open`](Self::open), plus `xsi:type="p:type_name"` (declaring prefixes as needed).
    pub fn open_typed(&mut self, ns: &str, name: &str, type_ns: &str, type_name: &str) {
        self.typed_start(ns, name, type_ns, type_name);
        self.buf.push(b'>');
    }

    /// `<name xsi:type="xsd:QName" xmlns:q="qns">q:local</name>` (an `anyType` holding a QName).
    pub(crate) fn typed_qname(&mut self, ns: &str, name: &str, qns: &str, local: &str) {
        self.leaf_start(ns, name);
        self.xsi_type(XSD_NS, "QName");
        if !qns.is_empty() {
            self.raw(" xmlns:q=\"");
            escape_into(&mut self.buf, qns, true);
            self.raw("\">q:");
        } else {
            self.buf.push(b'>');
        }
        self.text(local);
        self.end_tag(name);
    }

    fn typed_start(&mut self, ns: &str, name: &str, type_ns: &str, type_name: &str) {
        self.start_tag(ns, name);
        self.xsi_type(type_ns, type_name);
    }

    /// ` xsi:type="p:type_name"`, declaring `xsi` and `p` where needed.
    fn xsi_type(&mut self, type_ns: &str, type_name: &str) {
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
        self.end_tag(name);
        self.pop_scope();
    }

    /// `</name>`.
    #[inline]
    fn end_tag(&mut self, name: &str) {
        self.buf.reserve(name.len() + 3);
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b'>');
    }

    /// `<name xsi:nil="true"/>`.
    pub fn nil(&mut self, ns: &str, name: &str) {
        self.leaf_start(ns, name);
        self.xsi_decl();
        self.raw(" xsi:nil=\"true\"/>");
    }

    /// `<name/>`.
    pub fn empty(&mut self, ns: &str, name: &str) {
        self.leaf_start(ns, name);
        self.raw("/>");
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.buf, s, false);
    }

    /// `<name>text</name>`, text escaped.
    pub fn leaf(&mut self, ns: &str, name: &str, text: &str) {
        self.leaf_start(ns, name);
        self.buf.push(b'>');
        escape_into(&mut self.buf, text, false);
        self.end_tag(name);
    }

    /// `<name>a b c</name>`: a list of words (a flag set's names), written without being
    /// joined first.
    ///
    /// ```
    /// let mut w = sogen_runtime::XmlWriter::new();
    /// w.leaf_words("", "Rights", ["Select", "Update"].into_iter());
    /// assert_eq!(w.as_bytes(), b"<Rights>Select Update</Rights>");
    /// ```
    pub fn leaf_words<'a>(&mut self, ns: &str, name: &str, words: impl Iterator<Item = &'a str>) {
        self.leaf_start(ns, name);
        self.buf.push(b'>');
        for (i, word) in words.enumerate() {
            if i > 0 {
                self.buf.push(b' ');
            }
            escape_into(&mut self.buf, word, false);
        }
        self.end_tag(name);
    }

    /// `<name xmlns:q="qns">q:local</name>`: a `QName` value with its prefix declared.
    pub fn leaf_qname(&mut self, ns: &str, name: &str, qns: &str, local: &str) {
        self.leaf_start(ns, name);
        if qns.is_empty() {
            self.buf.push(b'>');
        } else {
            self.raw(" xmlns:q=\"");
            escape_into(&mut self.buf, qns, true);
            self.raw("\">q:");
        }
        self.text(local);
        self.end_tag(name);
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
        if self.leaf_start(ns, name) {
            let start = self.arena.len();
            self.arena.push_str(ns);
            self.scopes.push(start..self.arena.len());
        } else {
            let scope = self.scopes.last().cloned().unwrap_or(0..0);
            self.scopes.push(scope);
        }
    }

    /// Writes `<name` and the namespace declaration if needed (whether it was), for an
    /// element with no child elements: no scope to push.
    #[inline]
    fn leaf_start(&mut self, ns: &str, name: &str) -> bool {
        self.buf.reserve(name.len() + 2);
        self.buf.push(b'<');
        self.buf.extend_from_slice(name.as_bytes());
        if self.current_ns() == ns {
            return false;
        }
        self.raw(" xmlns=\"");
        escape_into(&mut self.buf, ns, true);
        self.buf.push(b'"');
        true
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
    let mask = if attr { IN_ATTR } else { IN_TEXT };
    let mut last = 0;
    // Runs that need nothing are copied whole.
    while let Some(i) = next_escape(bytes, last, mask) {
        out.extend_from_slice(&bytes[last..i]);
        match bytes[i] {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b => out.extend_from_slice(&[
                b'&',
                b'#',
                b'x',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
                b';',
            ]),
        }
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

/// The first byte at or after `from` that `mask` ([`ESCAPE`]) says to escape: eight bytes
/// at a time past those that cannot need it (no control character, `&`, `<`, `>` or `"`).
#[inline]
fn next_escape(bytes: &[u8], mut from: usize, mask: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // A high bit where a byte of `v` is below `n` (n <= 128): exact for "any byte".
    let below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH;
    let zero = |v: u64| below(v, 1);
    while let Some(chunk) = bytes.get(from..from + 8) {
        let v = u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
        let maybe = below(v, 0x20)
            | zero(v ^ (ONES * u64::from(b'&')))
            | zero(v ^ (ONES * u64::from(b'<')))
            | zero(v ^ (ONES * u64::from(b'>')))
            | zero(v ^ (ONES * u64::from(b'"')));
        if maybe != 0 {
            if let Some(n) = chunk
                .iter()
                .position(|&b| ESCAPE[usize::from(b)] & mask != 0)
            {
                return Some(from + n);
            }
        }
        from += 8;
    }
    let rest = bytes.get(from..).unwrap_or_default();
    (rest.iter())
        .position(|&b| ESCAPE[usize::from(b)] & mask != 0)
        .map(|n| from + n)
}

/// [`ESCAPE`] bits: escaped in text, in attribute values.
const IN_TEXT: u8 = 1;
const IN_ATTR: u8 = 2;

/// Which bytes [`escape_into`] escapes where.
static ESCAPE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        // Tab and newline survive parsing in text, not in attribute values.
        table[b] = if b == 0x09 || b == 0x0A {
            IN_ATTR
        } else {
            IN_TEXT | IN_ATTR
        };
        b += 1;
    }
    table[b'&' as usize] = IN_TEXT | IN_ATTR;
    table[b'<' as usize] = IN_TEXT | IN_ATTR;
    table[b'>' as usize] = IN_TEXT | IN_ATTR;
    table[b'"' as usize] = IN_ATTR;
    table
};

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
    fn escapes_every_byte_as_one_at_a_time_would() {
        for b in 0..=127u8 {
            for at in [0, 5, 8, 13, 20] {
                let mut text = "abcdefghijklmnopqrstu".to_owned();
                text.replace_range(at..at + 1, &char::from(b).to_string());
                for attr in [false, true] {
                    let mut out = Vec::new();
                    escape_into(&mut out, &text, attr);
                    let mut expected = Vec::new();
                    for c in text.bytes() {
                        let needs = ESCAPE[usize::from(c)] & if attr { IN_ATTR } else { IN_TEXT };
                        if needs == 0 {
                            expected.push(c);
                        } else {
                            escape_into(&mut expected, &char::from(c).to_string(), attr);
                        }
                    }
                    assert_eq!(out, expected, "{b} at {at}");
                }
            }
        }
    }

    #[test]
    fn escapes_attribute_values() {
        let mut w = XmlWriter::new();
        w.open_typed("a\"<\t\n\r&>", "v", "", "T");
        assert_eq!(
            s(&w),
            r#"<v xmlns="a&quot;&lt;&#x09;&#x0A;&#x0D;&amp;&gt;" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="T">"#
        );
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
