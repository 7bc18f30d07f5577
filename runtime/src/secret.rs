//! [`Secret`]: a string that never shows itself.

use std::fmt;

/// A secret string (password, client secret, ticket, access token, JWT, signed token):
/// `Debug` and `Display` print `[redacted]`, so it can sit in structs that derive `Debug`,
/// in error values and in `tracing` fields without leaking.
///
/// The value is read with [`expose`](Secret::expose), named so that every place a secret
/// leaves its box is easy to find. Comparison does not stop at the first differing byte
/// (the length is not hidden).
///
/// ```
/// use sogen_runtime::Secret;
/// let s = Secret::from("7T:abc");
/// assert_eq!(format!("{s} {s:?}"), "[redacted] [redacted]");
/// assert_eq!(s.expose(), "7T:abc");
/// assert_eq!(s, Secret::new(String::from("7T:abc")));
/// ```
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself: only for the place where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is the empty string (an unset secret is not a secret to hide).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        // Accumulate every difference instead of returning at the first one, so the time
        // taken does not tell how long a common prefix a guess has.
        let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
        std::hint::black_box(diff) == 0
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn redacted_everywhere_and_compares_by_value() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s:#?}"), "[redacted]");
        assert_eq!(s.to_string(), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s, Secret::from(String::from("hunter2")));
        assert_ne!(s, Secret::from("hunter3"));
        assert_ne!(s, Secret::from("hunter22"));
        assert_ne!(s, Secret::default());
        assert!(Secret::default().is_empty() && !s.is_empty());
    }
}
