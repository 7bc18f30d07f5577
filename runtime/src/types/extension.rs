//! [`ExtensionData`]: the child elements of a record that its schema does not know, kept
//! as they came and written back (as WCF's `IExtensibleDataObject` does), so that a
//! read-modify-save through an older client never drops a newer server's fields.

use std::fmt;

use crate::codec::{DecodeError, XmlReader, XmlWriter};

/// Unknown child elements of one record, in the order received, each as XML that stands on
/// its own (see [`XmlReader::raw_element`]). Written back after the record's known fields.
///
/// On the REST wire (feature `rest`) it keeps a record's unknown JSON members the same
/// way, in order, as their JSON text, and writes them back after the known members; each
/// wire writes back what came over it.
///
/// It takes part in `PartialEq` (two records are equal only if they would write the same
/// XML and JSON). `Debug` shows each element's or member's name and size, never its
/// content: an unknown field may hold a secret.
///
/// ```
/// use sogen_runtime::{ExtensionData, Limits, XmlReader, XmlWriter};
/// let xml = br#"<r xmlns="urn:a" xmlns:n="urn:new"><Known>1</Known><n:Added>x</n:Added></r>"#;
/// let mut r = XmlReader::new(xml, Limits::default()).unwrap();
/// r.next_child().unwrap();
/// let mut extra = ExtensionData::default();
/// while let Some(child) = r.next_child().unwrap() {
///     if child.local_name() == "Known" { r.skip().unwrap() } else { extra.read(&mut r).unwrap() }
/// }
/// let mut w = XmlWriter::new();
/// w.open("urn:other", "Out");
/// extra.write(&mut w);
/// w.close("urn:other", "Out");
/// let out = String::from_utf8(w.into_bytes()).unwrap();
/// assert!(out.contains(r#"<n:Added xmlns="urn:a" xmlns:n="urn:new">x</n:Added>"#), "{out}");
/// assert_eq!(format!("{extra:?}"), "ExtensionData([n:Added (52 bytes)])");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct ExtensionData(
    Vec<String>,
    #[cfg(feature = "rest")] crate::json::JsonMembers,
);

impl ExtensionData {
    /// Whether no unknown element (or JSON member) was received.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many unknown elements (and JSON members) were received.
    pub fn len(&self) -> usize {
        #[cfg(feature = "rest")]
        return self.0.len() + self.1.len();
        #[cfg(not(feature = "rest"))]
        self.0.len()
    }

    /// The elements, as XML.
    pub fn elements(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// Reads the element `r` has just started and keeps it.
    pub fn read(&mut self, r: &mut XmlReader<'_>) -> Result<(), DecodeError> {
        self.0.push(r.raw_element()?);
        Ok(())
    }

    /// Writes the kept elements where `w` is.
    pub fn write(&self, w: &mut XmlWriter) {
        for xml in &self.0 {
            w.raw(xml);
        }
    }

    /// The unknown JSON members (REST wire): name and JSON text, in the order received.
    #[cfg(feature = "rest")]
    pub fn json_members(&self) -> impl Iterator<Item = (&str, &serde_json::value::RawValue)> {
        self.1.iter()
    }

    /// Keeps an unknown JSON member.
    #[cfg(feature = "rest")]
    pub(crate) fn push_json(&mut self, name: String, value: Box<serde_json::value::RawValue>) {
        self.1.push(name, value);
    }
}

impl fmt::Debug for ExtensionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(feature = "rest")]
        if !self.1.is_empty() {
            let members = self.1.shapes();
            return f
                .debug_tuple("ExtensionData")
                .field(&self.0.iter().map(|x| Shape(x)).collect::<Vec<_>>())
                .field(&members)
                .finish();
        }
        f.debug_tuple("ExtensionData")
            .field(&self.0.iter().map(|x| Shape(x)).collect::<Vec<_>>())
            .finish()
    }
}

/// An unknown element in `Debug`: its name and size.
struct Shape<'a>(&'a str);

impl fmt::Debug for Shape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.0[1..]
            .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or("");
        write!(f, "{name} ({} bytes)", self.0.len())
    }
}
