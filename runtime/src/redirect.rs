//! The redirect rule of every request the project makes (SOAP calls, and later login, JWKS,
//! tenant state): a request carries secrets (ticket, application token, bearer token) in its
//! headers or body, so a redirect may only keep it where it was sent.
//!
//! - Never to another origin (scheme, host or port), so never from `https` to `http`.
//! - A request whose method a redirect would change (a POST answered with 301, 302 or 303,
//!   which clients replay as a GET) is refused, never replayed as a GET.
//! - A same-origin redirect that keeps the method (307, 308; for GET and HEAD also 301, 302,
//!   303) is followed at most [`RedirectRule::DEFAULT_MAX_HOPS`] times in a row.
//! - A refused redirect is an error ([`RedirectRefused`]) naming the location without its
//!   user info, query or fragment, where secrets travel.
//!
//! [`RedirectRule`] decides one redirect ([`RedirectRule::check`]) and turns into a reqwest
//! policy ([`RedirectRule::policy`]); the default transport uses
//! [`RedirectRule::for_post`].

use std::fmt;

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectReason {
    /// The location is on another scheme, host or port.
    OtherOrigin,
    /// The location is `http` for an `https` request.
    Downgrade,
    /// A 301, 302 or 303 answered a request other than GET or HEAD: following it would
    /// replay the request as a GET.
    MethodChange,
    /// More same-origin redirects in a row than the rule allows.
    TooManyHops {
        /// The rule's bound.
        max: usize,
    },
    /// The transport returned the redirect without following it (a custom transport, or a
    /// missing or unusable `Location`).
    NotFollowed,
}

impl fmt::Display for RedirectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OtherOrigin => f.write_str("another origin (scheme, host or port)"),
            Self::Downgrade => f.write_str("a downgrade from https to http"),
            Self::MethodChange => f.write_str("it would replay the request as a GET"),
            Self::TooManyHops { max } => write!(f, "more than {max} redirects in a row"),
            Self::NotFollowed => f.write_str("the transport did not follow it"),
        }
    }
}

/// A redirect the rule refused: the status, where it pointed, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused redirect (HTTP {status}) to {}: {reason}", location.as_deref().unwrap_or("an unknown location"))]
pub struct RedirectRefused {
    /// The 3xx status.
    pub status: u16,
    /// The resolved location without user info, query and fragment (at most 200
    /// characters); `None` when the transport did not report a usable one.
    pub location: Option<String>,
    /// Why it was refused.
    pub reason: RedirectReason,
}

impl RedirectRefused {
    /// The refusal behind an error, if any: walks `error`'s sources (a reqwest error from a
    /// client using [`RedirectRule::policy`] carries it as its source).
    pub fn find<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e RedirectRefused> {
        let mut next = Some(error);
        while let Some(e) = next {
            if let Some(r) = e.downcast_ref::<RedirectRefused>() {
                return Some(r);
            }
            next = e.source();
        }
        None
    }
}

/// True for the statuses HTTP clients follow as redirects.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Which redirects one kind of request may follow.
///
/// ```
/// use sogen_runtime::redirect::{RedirectReason, RedirectRule};
/// let rule = RedirectRule::for_post();
/// let from = "https://host/Cust1/Remote/Services88/Chat.svc".parse().unwrap();
/// let same = "https://host/Cust1/Remote/Services88/Chat2.svc".parse().unwrap();
/// let other = "https://evil.example/?ticket=x".parse().unwrap();
/// assert!(rule.check(307, &from, &same, 0).is_ok());
/// let refused = rule.check(308, &from, &other, 0).unwrap_err();
/// assert_eq!(refused.reason, RedirectReason::OtherOrigin);
/// assert_eq!(refused.location.as_deref(), Some("https://evil.example/"));
/// assert_eq!(rule.check(302, &from, &same, 0).unwrap_err().reason, RedirectReason::MethodChange);
/// // With reqwest: every request of this client follows the rule.
/// let client = reqwest::Client::builder().redirect(rule.policy()).build().unwrap();
/// # drop(client);
/// ```
#[cfg(feature = "http")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedirectRule {
    max_hops: usize,
    /// GET or HEAD: 301, 302 and 303 keep the method.
    safe_method: bool,
}

#[cfg(feature = "http")]
impl RedirectRule {
    /// The default bound on same-origin redirects in a row.
    pub const DEFAULT_MAX_HOPS: usize = 5;

    /// For POST and other unsafe methods (SOAP calls, token requests): same-origin 307 and
    /// 308 only.
    pub const fn for_post() -> Self {
        RedirectRule {
            max_hops: Self::DEFAULT_MAX_HOPS,
            safe_method: false,
        }
    }

    /// For GET and HEAD (JWKS, tenant state, WSDL): any same-origin redirect.
    pub const fn for_get() -> Self {
        RedirectRule {
            max_hops: Self::DEFAULT_MAX_HOPS,
            safe_method: true,
        }
    }

    /// At most `n` redirects in a row (0: none is followed).
    pub const fn max_hops(mut self, n: usize) -> Self {
        self.max_hops = n;
        self
    }

    /// Decides one redirect: `status` answered the request to `from` (the first URL of
    /// the chain), pointing to `to`, after `hops` redirects already followed.
    pub fn check(
        &self,
        status: u16,
        from: &reqwest::Url,
        to: &reqwest::Url,
        hops: usize,
    ) -> Result<(), RedirectRefused> {
        let refuse = |reason| {
            Err(RedirectRefused {
                status,
                location: Some(redact(to)),
                reason,
            })
        };
        if from.scheme() == "https" && to.scheme() != "https" {
            return refuse(RedirectReason::Downgrade);
        }
        let same_origin = from.scheme() == to.scheme()
            && from.host_str() == to.host_str()
            && from.port_or_known_default() == to.port_or_known_default();
        if !same_origin {
            return refuse(RedirectReason::OtherOrigin);
        }
        if !self.safe_method && !matches!(status, 307 | 308) {
            return refuse(RedirectReason::MethodChange);
        }
        if hops >= self.max_hops {
            return refuse(RedirectReason::TooManyHops { max: self.max_hops });
        }
        Ok(())
    }

    /// The rule as a reqwest policy: a refused redirect fails the request with a
    /// `reqwest::Error` whose source is the [`RedirectRefused`] (see
    /// [`RedirectRefused::find`]).
    pub fn policy(self) -> reqwest::redirect::Policy {
        reqwest::redirect::Policy::custom(move |attempt| {
            // `previous` starts with the request's own URL: its length is the hop number.
            let previous = attempt.previous();
            let Some(from) = previous.first() else {
                return attempt.stop();
            };
            match self.check(
                attempt.status().as_u16(),
                from,
                attempt.url(),
                previous.len() - 1,
            ) {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        })
    }
}

/// `url` without user info, query and fragment, at most 200 characters: what an error may
/// say about a location.
#[cfg(feature = "http")]
pub(crate) fn redact(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    // Both fail only for URLs that cannot have them, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    crate::codec::excerpt(url.as_str(), 200)
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        s.parse().unwrap()
    }

    #[test]
    fn origin_scheme_and_method_decide() {
        let post = RedirectRule::for_post();
        let get = RedirectRule::for_get();
        let from = url("https://h:8443/a");
        let reason = |rule: RedirectRule, status, to: &str| {
            rule.check(status, &from, &url(to), 0)
                .err()
                .map(|r| r.reason)
        };
        for status in [307, 308] {
            assert_eq!(reason(post, status, "https://h:8443/b?x=1"), None);
            assert_eq!(
                reason(post, status, "https://h:8444/b"),
                Some(RedirectReason::OtherOrigin)
            );
            assert_eq!(
                reason(post, status, "https://g:8443/b"),
                Some(RedirectReason::OtherOrigin)
            );
            assert_eq!(
                reason(post, status, "http://h:8443/b"),
                Some(RedirectReason::Downgrade)
            );
            assert_eq!(
                reason(get, status, "http://h:8443/b"),
                Some(RedirectReason::Downgrade)
            );
        }
        for status in [301, 302, 303] {
            assert_eq!(
                reason(post, status, "https://h:8443/b"),
                Some(RedirectReason::MethodChange)
            );
            assert_eq!(reason(get, status, "https://h:8443/b"), None);
            assert_eq!(
                reason(get, status, "https://x:8443/b"),
                Some(RedirectReason::OtherOrigin)
            );
        }
        // The default port is the same origin as the explicit one.
        let from = url("https://h/a");
        assert!(post.check(307, &from, &url("https://h:443/b"), 0).is_ok());
        assert!(post
            .check(307, &url("http://h/a"), &url("https://h/b"), 0)
            .is_err());
    }

    #[test]
    fn hops_are_bounded_and_locations_redacted() {
        let rule = RedirectRule::for_post().max_hops(2);
        let (a, b) = (url("http://h/a"), url("http://u:pw@h/b?ticket=7T:x#f"));
        assert!(rule.check(307, &a, &b, 1).is_ok());
        let refused = rule.check(307, &a, &b, 2).unwrap_err();
        assert_eq!(refused.reason, RedirectReason::TooManyHops { max: 2 });
        assert_eq!(refused.location.as_deref(), Some("http://h/b"));
        let text = refused.to_string();
        assert!(!text.contains("pw") && !text.contains("7T:x"), "{text}");
        let long = url(&format!("http://h/{}", "p".repeat(10_000)));
        let refused = rule.check(307, &url("https://h/"), &long, 0).unwrap_err();
        assert!(refused.location.unwrap().len() < 210);
    }
}
