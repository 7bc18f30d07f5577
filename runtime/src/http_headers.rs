//! [`HttpHeaders`]: the HTTP headers of a response.

use std::fmt;

use crate::redact::{is_secret_name, Redactor, Scrub, REDACTED};

/// The HTTP headers of a response, in the order received; names compare without regard to
/// case. `Debug` hides the values of `Set-Cookie`, `Cookie`, `Authorization`,
/// `Proxy-Authorization` and of every header named as a secret (`X-Api-Key`, ...).
///
/// ```
/// use sogen_runtime::HttpHeaders;
/// let h = HttpHeaders::from(vec![
///     ("Retry-After".to_owned(), "2".to_owned()),
///     ("Set-Cookie".to_owned(), "session=abc".to_owned()),
/// ]);
/// assert_eq!(h.get("retry-after"), Some("2"));
/// assert!(!format!("{h:?}").contains("abc"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HttpHeaders(Vec<(String, String)>);

impl HttpHeaders {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many headers there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (a transport that does not report them).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<(String, String)>> for HttpHeaders {
    fn from(headers: Vec<(String, String)>) -> Self {
        HttpHeaders(headers)
    }
}

/// A value that quotes one of the exchange's secrets (a server echoing the ticket in
/// `X-Debug`, an application token in `WWW-Authenticate`) has it replaced.
impl Scrub for HttpHeaders {
    fn scrub(&mut self, r: &Redactor) {
        for (_, value) in &mut self.0 {
            value.scrub(r);
        }
    }
}

/// Whether the value of the response header `name` may be shown.
pub(crate) fn is_shown(name: &str) -> bool {
    let hidden = [
        "set-cookie",
        "cookie",
        "authorization",
        "proxy-authorization",
    ];
    !hidden.iter().any(|h| name.eq_ignore_ascii_case(h)) && !is_secret_name(name)
}

impl fmt::Debug for HttpHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|(k, v)| (k, if is_shown(k) { v } else { REDACTED })),
            )
            .finish()
    }
}
