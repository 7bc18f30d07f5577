//! What the reader knows about an element when it starts, and the limits it enforces.

use std::borrow::Cow;

/// Safety limits applied to every response (and, in a [`server`](crate::server), to every
/// request).
///
/// Together they bound decoding time: reading is linear in the body (namespace lookups
/// cost the same however many declarations are in scope), and the per-element limits keep
/// each start tag's own work small. The unknown-element limits bound what records keep of
/// elements their schema does not know ([`ExtensionData`](crate::ExtensionData)), so that
/// memory stays within a small multiple of the body and a record written back carries no
/// more of them than these limits allow.
///
/// ```
/// let limits = sogen_runtime::Limits { max_depth: 64, ..Default::default() };
/// assert_eq!(limits.max_response_bytes, 64 * 1024 * 1024);
/// assert_eq!((limits.max_attributes, limits.max_namespace_declarations), (64, 32));
/// assert_eq!((limits.max_unknown_elements, limits.max_unknown_bytes), (250_000, 16 << 20));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted response body in bytes (after decompression). Default 64 MiB.
    pub max_response_bytes: usize,
    /// Deepest accepted element nesting. Default 128 (SuperOffice carriers nest about 10 deep).
    pub max_depth: usize,
    /// Most attributes on one element, namespace declarations included. Default 64
    /// (NetServer writes at most a handful: `xmlns`, `xmlns:i`, `xmlns:a`, `i:nil`, `i:type`).
    pub max_attributes: usize,
    /// Most namespace declarations (`xmlns`, `xmlns:p`) on one element. Default 32.
    pub max_namespace_declarations: usize,
    /// Most unknown elements (SOAP) or members (REST) kept from one body (a newer server's
    /// fields, kept in `ExtensionData` to be written back). Default 250,000.
    pub max_unknown_elements: usize,
    /// Most bytes of unknown elements or members kept from one body, counted as a record
    /// writes them back: their text (and, in XML, the prefix declarations each then needs).
    /// Default 16 MiB. Never more than the body's own length, whatever this says: what a
    /// record writes back is never larger than what it received plus its known fields.
    pub max_unknown_bytes: usize,
}

impl Limits {
    /// The bytes of unknown elements or members one body of `body_len` bytes may leave in
    /// `ExtensionData`: [`max_unknown_bytes`](Self::max_unknown_bytes), and no more than
    /// the body itself (a flood of prefixed elements, each written back with its
    /// declaration, would otherwise come back larger than it came).
    pub(crate) fn unknown_bytes_allowed(&self, body_len: usize) -> usize {
        self.max_unknown_bytes.min(body_len)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_response_bytes: 64 * 1024 * 1024,
            max_depth: 128,
            max_attributes: 64,
            max_namespace_declarations: 32,
            max_unknown_elements: 250_000,
            max_unknown_bytes: 16 * 1024 * 1024,
        }
    }
}

/// The start of an element, as returned by [`XmlReader::next_child`](crate::XmlReader::next_child).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementStart<'a> {
    pub(super) local_name: &'a str,
    pub(super) namespace: Cow<'a, str>,
    pub(super) nil: bool,
    /// Boxed: rare, and it keeps `ElementStart` small on the hot path.
    pub(super) xsi_type: Option<Box<(Cow<'a, str>, Cow<'a, str>)>>,
    pub(super) offset: usize,
}

impl<'a> ElementStart<'a> {
    /// Local name, without prefix.
    pub fn local_name(&self) -> &str {
        self.local_name
    }

    /// Resolved namespace URI (empty when none is in scope).
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// `xsi:nil="true"` (or `"1"`) is present.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// The `xsi:type` attribute, resolved to (namespace URI, local name).
    pub fn xsi_type(&self) -> Option<(&str, &str)> {
        self.xsi_type.as_deref().map(|(ns, n)| (&**ns, &**n))
    }

    /// Byte offset of the start tag in the body.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// True when the element has this namespace and local name.
    pub fn is(&self, ns: &str, local_name: &str) -> bool {
        self.local_name == local_name && *self.namespace == *ns
    }
}
