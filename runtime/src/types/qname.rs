//! `xs:QName`: a name resolved to its namespace URI.

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// A qualified name, its prefix resolved against the element's namespace declarations.
///
/// ```
/// use sogen_runtime::{Decode, Limits, QName, XmlReader};
/// let mut r = XmlReader::new(br#"<v xmlns:p="urn:p">p:Thing</v>"#, Limits::default()).unwrap();
/// let start = r.next_child().unwrap().unwrap();
/// let q = QName::decode(&mut r, &start).unwrap();
/// assert_eq!(q, QName { namespace: "urn:p".into(), local_name: "Thing".into() });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QName {
    /// Namespace URI (empty for none).
    pub namespace: String,
    /// Local part.
    pub local_name: String,
}

impl Encode for QName {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf_qname(ns, name, &self.namespace, &self.local_name)
    }
}

impl Decode for QName {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let (namespace, local_name) = r.qname_text()?;
        Ok(QName {
            namespace,
            local_name,
        })
    }
}
