//! Small helpers over roxmltree: positions, attributes, QName resolution.

use std::cell::Cell;
use std::path::Path;

use roxmltree::Node;

use super::error::{ErrorKind, ReadError, RefKind};
use crate::model::{QName, Source};

/// WSDL 1.1.
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// WSDL 1.1 SOAP 1.1 binding.
pub const SOAP_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// WSDL 1.1 SOAP 1.2 binding.
pub const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";

/// One input file being read: its path and text, and a cursor that turns
/// byte offsets into line:column cheaply when asked in document order.
pub struct FileCtx<'t> {
    pub path: &'t Path,
    pub text: &'t str,
    /// (byte offset, line, column) of the last position computed.
    cursor: Cell<(usize, u32, u32)>,
}

impl<'t> FileCtx<'t> {
    pub fn new(path: &'t Path, text: &'t str) -> Self {
        FileCtx {
            path,
            text,
            cursor: Cell::new((0, 1, 1)),
        }
    }

    /// The line:column of a byte offset; columns count characters, as roxmltree's do.
    pub fn source_at(&self, pos: usize) -> Source {
        let pos = floor_char_boundary(self.text, pos.min(self.text.len()));
        let (mut at, mut line, mut column) = self.cursor.get();
        if pos < at {
            (at, line, column) = (0, 1, 1);
        }
        // Bytes, not chars: a column counts characters, i.e. bytes that are
        // not UTF-8 continuation bytes. Fast on the long one-line WCF files.
        let span = &self.text.as_bytes()[at..pos];
        match memchr::memrchr(b'\n', span) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', &span[..=last]).count() as u32;
                column = 1 + char_count(&span[last + 1..]);
            }
            None => column += char_count(span),
        }
        self.cursor.set((pos, line, column));
        Source {
            file: self.path.to_path_buf(),
            line,
            column,
        }
    }

    /// Where a node starts.
    pub fn source(&self, node: Node) -> Source {
        self.source_at(node.range().start)
    }

    /// An error at a byte offset.
    pub fn err_at(&self, kind: ErrorKind, pos: usize, msg: impl Into<String>) -> ReadError {
        ReadError::at(kind, self.source_at(pos), msg)
    }

    /// An error at a node.
    pub fn err(&self, kind: ErrorKind, node: Node, msg: impl Into<String>) -> ReadError {
        self.err_at(kind, node.range().start, msg)
    }

    /// A required attribute.
    pub fn req<'a>(&self, node: Node<'a, '_>, name: &str) -> Result<&'a str, ReadError> {
        node.attribute(name).ok_or_else(|| {
            self.err(
                ErrorKind::Invalid,
                node,
                format!("<{}> has no `{name}` attribute", display_name(node)),
            )
        })
    }

    /// Resolves the QName in attribute `name` of `node`, if present.
    pub fn qname_attr(&self, node: Node, name: &str) -> Result<Option<(QName, usize)>, ReadError> {
        let Some(attr) = node.attribute_node(name) else {
            return Ok(None);
        };
        let pos = attr.range_value().start;
        self.resolve(node, attr.value(), pos)
            .map(|q| Some((q, pos)))
    }

    /// Resolves a required QName attribute.
    pub fn req_qname(&self, node: Node, name: &str) -> Result<(QName, usize), ReadError> {
        self.req(node, name)?;
        Ok(self.qname_attr(node, name)?.expect("checked above"))
    }

    /// Resolves `prefix:local` (or `local`, in the default namespace) against
    /// the declarations in scope at `node`.
    pub fn resolve(&self, node: Node, value: &str, pos: usize) -> Result<QName, ReadError> {
        self.resolve_borrowed(node, value, pos)
            .map(|(ns, local)| QName::new(ns, local))
    }

    /// Like [`resolve`](Self::resolve), without allocating: `(namespace, local name)`.
    pub fn resolve_borrowed<'a, 'v>(
        &self,
        node: Node<'a, '_>,
        value: &'v str,
        pos: usize,
    ) -> Result<(&'a str, &'v str), ReadError> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        if local.is_empty() || local.contains(':') || prefix == Some("") {
            return Err(self.err_at(
                ErrorKind::Invalid,
                pos,
                format!("`{value}` is not a qualified name (expected prefix:name)"),
            ));
        }
        let ns = match node.lookup_namespace_uri(prefix) {
            Some(ns) => ns,
            None if prefix.is_none() => "",
            None => {
                return Err(self.err_at(
                    ErrorKind::Invalid,
                    pos,
                    format!(
                        "prefix `{}` of `{value}` is not declared",
                        prefix.unwrap_or_default()
                    ),
                ))
            }
        };
        Ok((ns, local))
    }

    /// The local name in QName attribute `name` of `node`, which must be in
    /// namespace `ns` (WSDL names are all in the definitions' target namespace).
    pub fn local_ref<'a>(
        &self,
        node: Node<'a, '_>,
        name: &str,
        ns: &str,
        kind: RefKind,
    ) -> Result<&'a str, ReadError> {
        let value = self.req(node, name)?;
        let pos = node
            .attribute_node(name)
            .map_or(0, |a| a.range_value().start);
        let (found_ns, local) = self.resolve_borrowed(node, value, pos)?;
        if found_ns != ns {
            return Err(self.err_at(
                ErrorKind::Dangling(kind),
                pos,
                format!("{kind} `{{{found_ns}}}{local}` is not defined (this file defines {kind}s in `{ns}`)"),
            ));
        }
        Ok(local)
    }

    /// Parses a non-negative integer attribute.
    pub fn u32_attr(&self, node: Node, name: &str) -> Result<Option<u32>, ReadError> {
        let Some(attr) = node.attribute_node(name) else {
            return Ok(None);
        };
        attr.value().trim().parse::<u32>().map(Some).map_err(|_| {
            self.err_at(
                ErrorKind::Invalid,
                attr.range_value().start,
                format!(
                    "`{name}` is `{}`, expected a non-negative integer",
                    attr.value()
                ),
            )
        })
    }

    /// Parses an `xs:boolean` attribute (absent means false).
    pub fn bool_attr(&self, node: Node, name: &str) -> Result<bool, ReadError> {
        let Some(attr) = node.attribute_node(name) else {
            return Ok(false);
        };
        match attr.value().trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            v => Err(self.err_at(
                ErrorKind::Invalid,
                attr.range_value().start,
                format!("`{name}` is `{v}`, expected true or false"),
            )),
        }
    }
}

/// `prefix:name` of an element as written, for messages.
pub fn display_name(node: Node) -> String {
    let name = node.tag_name().name();
    match node
        .tag_name()
        .namespace()
        .and_then(|ns| node.lookup_prefix(ns))
    {
        Some(p) if !p.is_empty() => format!("{p}:{name}"),
        _ => name.to_string(),
    }
}

/// Whether `node` is an element named `name` in namespace `ns`.
pub fn is(node: Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// Child elements of `node`.
pub fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(|n| n.is_element())
}

fn char_count(s: &[u8]) -> u32 {
    let n = if s.is_ascii() {
        s.len()
    } else {
        s.iter().filter(|b| (**b & 0xC0) != 0x80).count()
    };
    n as u32
}

fn floor_char_boundary(s: &str, mut pos: usize) -> usize {
    while !s.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// FxHash (rustc's): the reader hashes many short names; SipHash's DoS
/// resistance buys nothing for maps that live for one file.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;
