//! The Serialization namespace's `guid`.

use std::fmt;
use std::str::FromStr;

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// A GUID, in the byte order of its text form (`8-4-4-4-12` hex digits).
///
/// ```
/// use sogen_runtime::Guid;
/// let g: Guid = "6F9619FF-8B86-D011-B42D-00C04FC964FF".parse().unwrap();
/// assert_eq!(g.to_string(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
/// assert!("6f9619ff8b86d011b42d00c04fc964ff".parse::<Guid>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Guid(pub [u8; 16]);

/// The text is not a GUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid guid")]
pub struct InvalidGuid;

impl FromStr for Guid {
    type Err = InvalidGuid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return Err(InvalidGuid);
        }
        let mut out = [0u8; 16];
        let mut hex = b.iter().filter(|&&c| c != b'-');
        for byte in &mut out {
            let hi = hex.next().and_then(|c| (*c as char).to_digit(16));
            let lo = hex.next().and_then(|c| (*c as char).to_digit(16));
            match (hi, lo) {
                (Some(h), Some(l)) => *byte = (h * 16 + l) as u8,
                _ => return Err(InvalidGuid),
            }
        }
        Ok(Guid(out))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Encode for Guid {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, &self.to_string())
    }
}

impl Decode for Guid {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        crate::codec::parse_text(r, start, "guid", |s| s.parse().ok())
    }
}
