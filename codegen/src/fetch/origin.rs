//! Which origins `sogen fetch` may talk to.
//!
//! A served document can name any URL in an import, and a server can
//! redirect anywhere; followed blindly, that makes `sogen fetch` a request
//! forwarder into the network it runs in (localhost, link-local metadata
//! services) and sends the base URL's credentials elsewhere. So every
//! request, whether the base document, an import or a redirect, must go to
//! the base URL's origin or one named in [`FetchOptions::allow_origins`].
//! Hosts are compared as written (no DNS), so `localhost` and `127.0.0.1`
//! are two origins.
//!
//! [`FetchOptions::allow_origins`]: super::FetchOptions::allow_origins

use std::fmt;

use ureq::http::Uri;

use super::url::redact;
use super::FetchError;

/// Scheme, host and port of a URL: what must match for a request to go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Origin {
    https: bool,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an `http` or `https` URL, parsed as the HTTP client
    /// parses it (so `http://a@b/` is `b`, as the request would go to `b`).
    pub(super) fn of(url: &str) -> Option<Origin> {
        let uri: Uri = url.parse().ok()?;
        let https = match uri.scheme_str()? {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = uri.host().filter(|h| !h.is_empty())?.to_ascii_lowercase();
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        Some(Origin { https, host, port })
    }

    /// Parses an `--allow-origin` value: `scheme://host[:port]`, nothing else
    /// (a path would suggest a narrower permission than the origin it grants).
    pub(super) fn parse_allowed(value: &str) -> Result<Origin, FetchError> {
        let invalid = |message: &str| FetchError::InvalidUrl {
            url: redact(value),
            message: message.to_owned(),
        };
        let origin = Origin::of(value).ok_or_else(|| invalid("expected http(s)://host[:port]"))?;
        let rest = value.split_once("://").map_or("", |(_, r)| r);
        if rest.contains('@') {
            return Err(invalid("an origin carries no credentials"));
        }
        let path = rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]);
        if !path.is_empty() && path != "/" {
            return Err(invalid("an origin has no path, query or fragment"));
        }
        Ok(origin)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}:{}", self.host, self.port)
    }
}

/// Why a request was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The URL's origin (`scheme://host:port`) is neither the base URL's
    /// nor one of [`FetchOptions::allow_origins`](super::FetchOptions::allow_origins).
    OtherOrigin(String),
    /// Not an `http` or `https` URL (`file:`, `ftp:`, unparsable).
    NotHttp,
    /// A redirect from `https` to `http`, refused even to an allowed origin.
    Downgrade,
    /// More than [`MAX_REDIRECTS`](super::MAX_REDIRECTS) redirects in a row.
    TooManyRedirects,
    /// A redirect without a usable `Location` header.
    NoLocation,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OtherOrigin(o) => write!(
                f,
                "{o} is not the base URL's origin; allow it with `--allow-origin {o}`"
            ),
            Refusal::NotHttp => f.write_str("only http and https URLs are fetched"),
            Refusal::Downgrade => f.write_str("https is never downgraded to http"),
            Refusal::TooManyRedirects => {
                write!(f, "more than {} redirects", super::MAX_REDIRECTS)
            }
            Refusal::NoLocation => f.write_str("no valid Location header"),
        }
    }
}

/// The origins requests may go to: the base URL's, then the allowed ones.
#[derive(Debug, Clone)]
pub(super) struct Policy {
    allowed: Vec<Origin>,
}

impl Policy {
    pub(super) fn new(base_url: &str, allow: &[String]) -> Result<Policy, FetchError> {
        let base = Origin::of(base_url).ok_or_else(|| FetchError::InvalidUrl {
            url: redact(base_url),
            message: "expected an http or https URL".to_owned(),
        })?;
        let mut allowed = vec![base];
        for value in allow {
            allowed.push(Origin::parse_allowed(value)?);
        }
        Ok(Policy { allowed })
    }

    /// Whether a request to `url` may be made.
    pub(super) fn check(&self, url: &str) -> Result<Origin, Refusal> {
        let origin = Origin::of(url).ok_or(Refusal::NotHttp)?;
        if self.allowed.contains(&origin) {
            Ok(origin)
        } else {
            Err(Refusal::OtherOrigin(origin.to_string()))
        }
    }

    /// Whether a redirect from `from` to `to` (both absolute) may be
    /// followed: `to` passes [`check`](Self::check) and is no downgrade.
    pub(super) fn redirect(&self, from: &str, to: &str) -> Result<(), Refusal> {
        let target = self.check(to)?;
        if Origin::of(from).is_some_and(|o| o.https) && !target.https {
            return Err(Refusal::Downgrade);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Origin, Policy, Refusal};

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let p = Policy::new("http://user:pw@H.example/Remote/", &[]).unwrap();
        assert!(p.check("http://h.example:80/x.xsd").is_ok());
        assert!(p.check("http://h.example/x?xsd=xsd0").is_ok());
        let other = |url: &str, o: &str| {
            assert_eq!(
                p.check(url),
                Err(Refusal::OtherOrigin(o.to_owned())),
                "{url}"
            );
        };
        other("https://h.example/x", "https://h.example:443");
        other("http://h.example:8080/x", "http://h.example:8080");
        other("http://127.0.0.1/x", "http://127.0.0.1:80");
        other("http://169.254.169.254/latest", "http://169.254.169.254:80");
        // Userinfo does not make another host look like ours.
        other("http://h.example@evil.example/x", "http://evil.example:80");
        assert_eq!(p.check("file:///etc/passwd"), Err(Refusal::NotHttp));
        assert_eq!(p.check("ftp://h.example/x"), Err(Refusal::NotHttp));
        assert_eq!(p.check("not a url"), Err(Refusal::NotHttp));
    }

    #[test]
    fn allowed_origins_are_bare_origins() {
        let p = Policy::new("https://h.example/", &["https://cdn.example".into()]).unwrap();
        assert!(p.check("https://cdn.example:443/s.xsd").is_ok());
        assert!(p.check("http://cdn.example/s.xsd").is_err());
        for bad in [
            "cdn.example",
            "https://cdn.example/schemas",
            "https://u:p@cdn.example",
            "https://cdn.example?x",
            "file:///x",
        ] {
            let err = Origin::parse_allowed(bad).unwrap_err().to_string();
            assert!(!err.contains(":p@"), "{err}");
        }
        assert!(Origin::parse_allowed("http://[::1]:8080/").is_ok());
        assert!(Policy::new("h.example/Remote", &[]).is_err());
    }

    #[test]
    fn redirects_never_downgrade_even_to_an_allowed_origin() {
        let p = Policy::new("https://h.example/", &["http://h.example".into()]).unwrap();
        assert!(p.check("http://h.example/x").is_ok(), "allowed for imports");
        assert_eq!(
            p.redirect("https://h.example/a", "http://h.example/b"),
            Err(Refusal::Downgrade)
        );
        assert_eq!(
            p.redirect("https://h.example/a", "https://h.example/b"),
            Ok(())
        );
        assert_eq!(
            p.redirect("http://h.example/a", "https://h.example/b"),
            Ok(())
        );
        assert_eq!(
            p.redirect("https://h.example/a", "https://o.example/b"),
            Err(Refusal::OtherOrigin("https://o.example:443".into()))
        );
    }
}
