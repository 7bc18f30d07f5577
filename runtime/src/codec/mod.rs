//! The XML codec: [`Encode`]/[`Decode`] traits, the streaming [`XmlReader`], the [`XmlWriter`],
//! and the helpers for lists and dictionaries that generated code calls.

mod element;
mod error;
mod lexer;
mod nil;
mod primitives;
mod reader;
mod scope;
mod text;
mod writer;

pub use element::{ElementStart, Limits};
pub use error::{DecodeError, DecodeErrorKind, Position};
pub use nil::{encode_items, encode_nillable, ItemList, MaybeNil, Nil, Nillable};
pub(crate) use reader::push_declaration;
pub use reader::{XmlReader, XSI_NS};
pub use writer::{XmlWriter, XSD_NS};

pub(crate) use error::excerpt;
pub(crate) use primitives::{collapse, decode_base64, parse_bool, parse_float, parse_text};

/// A value that writes itself as a whole element (start tag, content, end tag).
pub trait Encode {
    /// Writes `<name xmlns=ns>...</name>`.
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str);
}

/// A value that reads itself from the element just started, consuming through its end tag.
pub trait Decode: Sized {
    /// Decodes the element `start` that `r` has just returned from [`XmlReader::next_child`].
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError>;
}

/// `None` is written as `xsi:nil="true"`.
impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        match self {
            Some(v) => v.encode(w, ns, name),
            None => w.nil(ns, name),
        }
    }
}

/// `xsi:nil="true"` reads as `None`.
impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        if start.is_nil() {
            r.skip()?;
            Ok(None)
        } else {
            T::decode(r, start).map(Some)
        }
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        (**self).encode(w, ns, name)
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        (**self).encode(w, ns, name)
    }
}

/// For recursive types (`SoExceptionInfo.InnerException`).
impl<T: Decode> Decode for Box<T> {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        T::decode(r, start).map(Box::new)
    }
}

/// Writes an `ArrayOfX`: `<name><item_name>..</item_name>...</name>`.
///
/// ```
/// let mut w = sogen_runtime::XmlWriter::new();
/// sogen_runtime::encode_list(&mut w, "urn:a", "Ids", "urn:arr", "int", &[1, 2]);
/// assert_eq!(
///     std::str::from_utf8(w.as_bytes()).unwrap(),
///     r#"<Ids xmlns="urn:a"><int xmlns="urn:arr">1</int><int xmlns="urn:arr">2</int></Ids>"#
/// );
/// ```
pub fn encode_list<T: Encode>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    item_ns: &str,
    item_name: &str,
    items: &[T],
) {
    w.open(ns, name);
    for item in items {
        item.encode(w, item_ns, item_name);
    }
    w.close(ns, name);
}

/// Reads an `ArrayOfX`: every child element decoded as `T`.
pub fn decode_list<T: Decode>(
    r: &mut XmlReader<'_>,
    _start: &ElementStart<'_>,
) -> Result<Vec<T>, DecodeError> {
    let mut items = Vec::new();
    while let Some(child) = r.next_child()? {
        items.push(T::decode(r, &child)?);
    }
    Ok(items)
}

/// Writes a dictionary (`IsDictionary`) as
/// `<name><entry_name><Key>..</Key><Value>..</Value></entry_name>...</name>`.
pub fn encode_map<K: Encode, V: Encode>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    entry_ns: &str,
    entry_name: &str,
    pairs: &[(K, V)],
) {
    w.open(ns, name);
    for (k, v) in pairs {
        w.open(entry_ns, entry_name);
        k.encode(w, entry_ns, "Key");
        v.encode(w, entry_ns, "Value");
        w.close(entry_ns, entry_name);
    }
    w.close(ns, name);
}

/// Reads a dictionary as a [`Map`](crate::Map) of its pairs, in order; each entry needs a
/// `Key` and a `Value`.
pub fn decode_map<K: Decode, V: Decode>(
    r: &mut XmlReader<'_>,
    _start: &ElementStart<'_>,
) -> Result<crate::Map<K, V>, DecodeError> {
    let mut pairs = Vec::new();
    while let Some(entry) = r.next_child()? {
        let (mut key, mut value) = (None, None);
        while let Some(child) = r.next_child()? {
            match child.local_name() {
                "Key" => key = Some(K::decode(r, &child)?),
                "Value" => value = Some(V::decode(r, &child)?),
                _ => r.skip()?,
            }
        }
        match (key, value) {
            (Some(k), Some(v)) => pairs.push((k, v)),
            (None, _) => return Err(r.error(&entry, "a <Key> child")),
            (_, None) => return Err(r.error(&entry, "a <Value> child")),
        }
    }
    Ok(crate::Map(pairs))
}

/// As [`encode_list`], for a list that may be nil: `None` is written `xsi:nil="true"`.
pub fn encode_nillable_list<T: Encode>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    item_ns: &str,
    item_name: &str,
    items: Option<&[T]>,
) {
    match items {
        Some(items) => encode_list(w, ns, name, item_ns, item_name, items),
        None => w.nil(ns, name),
    }
}

/// As [`encode_map`], for a dictionary that may be nil: `None` is written `xsi:nil="true"`.
pub fn encode_nillable_map<K: Encode, V: Encode>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    entry_ns: &str,
    entry_name: &str,
    pairs: Option<&crate::Map<K, V>>,
) {
    match pairs {
        Some(pairs) => encode_map(w, ns, name, entry_ns, entry_name, pairs),
        None => w.nil(ns, name),
    }
}

/// Reads an element that may be `xsi:nil="true"`: `None` for nil, otherwise what `read`
/// reads (`decode_list`, `decode_map`).
pub fn decode_nillable<'r, 's, T>(
    r: &mut XmlReader<'r>,
    start: &ElementStart<'s>,
    read: impl FnOnce(&mut XmlReader<'r>, &ElementStart<'s>) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    if start.is_nil() {
        r.skip()?;
        Ok(None)
    } else {
        read(r, start).map(Some)
    }
}
