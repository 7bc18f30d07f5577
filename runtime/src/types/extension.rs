//! [`ExtensionData`]: the child elements of a record that its schema does not know, kept
//! as they came and written back (as WCF's `IExtensibleDataObject` does), so that a
//! read-modify-save through an older client never drops a newer server's fields.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::codec::{push_declaration, DecodeError, XmlReader, XmlWriter};

/// Unknown child elements of one record, in the order received. Written back after the
/// record's known fields, each with the namespace declarations it needs where it is
/// written (a record written in the namespace it came in adds none for the default one).
///
/// What a response may put here is bounded by [`Limits`](crate::Limits)
/// (`max_unknown_elements`, `max_unknown_bytes`): memory stays within a small multiple
/// of the body, and a record written back never carries more of them than came.
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
/// let standalone: Vec<String> = extra.elements().collect();
/// assert_eq!(standalone, [r#"<n:Added xmlns="urn:a" xmlns:n="urn:new">x</n:Added>"#]);
/// let mut w = XmlWriter::new();
/// w.open("urn:other", "Out");
/// extra.write(&mut w);
/// w.close("urn:other", "Out");
/// let out = String::from_utf8(w.into_bytes()).unwrap();
/// assert!(out.contains(r#"<n:Added xmlns="urn:a" xmlns:n="urn:new">x</n:Added>"#), "{out}");
/// assert_eq!(format!("{extra:?}"), "ExtensionData([n:Added (52 bytes)])");
/// ```
#[derive(Clone, Default)]
pub struct ExtensionData(
    Vec<Unknown>,
    #[cfg(feature = "rest")] crate::json::JsonMembers,
);

/// One unknown element.
#[derive(Clone)]
struct Unknown {
    /// As received, start tag to end tag.
    xml: Box<str>,
    /// Where declarations go: after `<` and the name.
    name_end: usize,
    /// The bindings of its ancestors it uses (`""`: the default namespace); shared by
    /// siblings, which nearly always use the same.
    scope: Arc<[(Box<str>, Box<str>)]>,
}

impl Unknown {
    /// The element with every declaration it needs: XML that stands on its own.
    fn standalone(&self) -> String {
        let mut out = String::with_capacity(self.xml.len() + 64);
        out.push_str(&self.xml[..self.name_end]);
        for (prefix, uri) in self.scope.iter() {
            push_declaration(&mut out, prefix, uri);
        }
        out.push_str(&self.xml[self.name_end..]);
        out
    }

    /// Its element name.
    fn name(&self) -> &str {
        self.xml[1..self.name_end].trim_end()
    }
}

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

    /// The elements, each as XML that stands on its own (its namespace declarations added).
    pub fn elements(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(Unknown::standalone)
    }

    /// Reads the element `r` has just started and keeps it (counted against `r`'s
    /// [`Limits`](crate::Limits)).
    pub fn read(&mut self, r: &mut XmlReader<'_>) -> Result<(), DecodeError> {
        let unknown = r.unknown_element()?;
        let same = self.0.last().filter(|last| {
            last.scope.len() == unknown.scope.len()
                && (last.scope.iter().zip(&unknown.scope))
                    .all(|((p, u), (q, v))| **p == **q && **u == **v)
        });
        let scope = match same {
            Some(last) => last.scope.clone(),
            None => (unknown.scope.into_iter())
                .map(|(p, u)| (p.into_boxed_str(), u.into_boxed_str()))
                .collect(),
        };
        self.0.push(Unknown {
            xml: unknown.xml.into(),
            name_end: unknown.name_end,
            scope,
        });
        Ok(())
    }

    /// Writes the kept elements where `w` is, declaring what each needs there.
    pub fn write(&self, w: &mut XmlWriter) {
        let mut decls = String::new();
        for u in &self.0 {
            decls.clear();
            for (prefix, uri) in u.scope.iter() {
                if !prefix.is_empty() || w.current_ns() != &**uri {
                    push_declaration(&mut decls, prefix, uri);
                }
            }
            w.raw(&u.xml[..u.name_end]);
            w.raw(&decls);
            w.raw(&u.xml[u.name_end..]);
        }
    }

    /// Whether any unknown JSON members are kept.
    #[cfg(feature = "rest")]
    #[inline]
    pub(crate) fn has_json_members(&self) -> bool {
        !self.1.is_empty()
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

/// Equal when they would write the same XML (and JSON).
impl PartialEq for ExtensionData {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(feature = "rest")]
        if self.1 != other.1 {
            return false;
        }
        self.0.len() == other.0.len() && self.elements().eq(other.elements())
    }
}

impl Eq for ExtensionData {}

impl Hash for ExtensionData {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
        for xml in self.elements() {
            xml.hash(state);
        }
        #[cfg(feature = "rest")]
        self.1.hash(state);
    }
}

impl fmt::Debug for ExtensionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shape<'a>(&'a Unknown);
        impl fmt::Debug for Shape<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} ({} bytes)", self.0.name(), self.0.standalone().len())
            }
        }
        let mut t = f.debug_tuple("ExtensionData");
        t.field(&self.0.iter().map(Shape).collect::<Vec<_>>());
        #[cfg(feature = "rest")]
        if !self.1.is_empty() {
            t.field(&self.1.shapes());
        }
        t.finish()
    }
}
