//! `xs:decimal`, kept in its exact lexical form (no rounding through binary floats).

use std::fmt;
use std::str::FromStr;

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// An `xs:decimal`: validated, and kept exactly as written.
///
/// ```
/// use sogen_runtime::Decimal;
/// let d: Decimal = "-12.50".parse().unwrap();
/// assert_eq!(d.as_str(), "-12.50");
/// assert_eq!(d.to_f64(), -12.5);
/// assert!("1e5".parse::<Decimal>().is_err());
/// assert_eq!(Decimal::from(7i64).as_str(), "7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// The lexical form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(0.0)
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal("0".to_owned())
    }
}

/// The text is not an `xs:decimal` (optional sign, digits, optional fraction).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid xs:decimal")]
pub struct InvalidDecimal;

impl FromStr for Decimal {
    type Err = InvalidDecimal;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return Err(InvalidDecimal);
        }
        Ok(Decimal(s.to_owned()))
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal(v.to_string())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Encode for Decimal {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, &self.0)
    }
}

impl Decode for Decimal {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        crate::codec::parse_text(r, start, "decimal", |s| s.parse().ok())
    }
}
