//! [`ExtensionData`]: the child elements of a record that its schema does not know, kept
//! as they came and written back (as WCF's `IExtensibleDataObject` does), so that a
//! read-modify-save through an older client never drops a newer server's fields.

use std::fmt;

use crate::codec::{DecodeError, XmlReader, XmlWriter};

/// Unknown child elements of one record, in the order received, each as XML that stands on
/// its own (see [`XmlReader::raw_element`]). Written back after the record's known fields.
///
/// It takes part in `PartialEq` (two records are equal only if they would write the same
/// XML) and in serde (as a list of XML strings). `Debug` shows each element's name and
/// size, never its content: an unknown field may hold a secret.
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ExtensionData(Vec<String>);

impl ExtensionData {
    /// Whether no unknown element was received.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many unknown elements were received.
    pub fn len(&self) -> usize {
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
}

impl fmt::Debug for ExtensionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        f.debug_tuple("ExtensionData")
            .field(&self.0.iter().map(|x| Shape(x)).collect::<Vec<_>>())
            .finish()
    }
}
