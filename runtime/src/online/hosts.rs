//! The one rule for where an environment's answers may send credentials: a URL that a
//! SuperOffice service names (the tenant state's `Endpoint`, a system user JWT's `webapi_url`)
//! must be `https`, without user info, query or fragment, on one of the environment's
//! hosts. Anything else is refused before a request is made, since the login and every call
//! carry the access token, client secret or ticket there.

use super::OnlineError;

/// The hosts an environment allows, each a domain with its subdomains (`https` on the
/// default port), or one exact scheme and host (any port).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AllowedHosts(Vec<Allowed>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Allowed {
    /// `superoffice.com`: itself and `*.superoffice.com`, https, port 443.
    Domain(String),
    /// `http://127.0.0.1`: this scheme and host, any port.
    Origin { scheme: String, host: String },
}

/// SuperOffice's own domain: where `sod`, `stage` and `online` tenants live.
pub(crate) const SUPEROFFICE_DOMAIN: &str = "superoffice.com";

impl AllowedHosts {
    /// A domain and its subdomains.
    pub(crate) fn domain(domain: &str) -> Self {
        AllowedHosts(vec![Allowed::Domain(domain.to_ascii_lowercase())])
    }

    /// Each entry a domain (`example.com`: https, it and its subdomains) or a scheme and
    /// host (`http://127.0.0.1`: exactly that host, any port).
    pub(crate) fn parse<S: AsRef<str>>(
        entries: impl IntoIterator<Item = S>,
    ) -> Result<Self, OnlineError> {
        let bad = |why: &str| OnlineError::Config {
            reason: format!("allowed host {why}"),
        };
        let mut hosts = Vec::new();
        for entry in entries {
            let entry = entry.as_ref().trim();
            if entry.contains("://") {
                let url = reqwest::Url::parse(entry).map_err(|_| bad("is not a URL"))?;
                let host = url.host_str().ok_or_else(|| bad("names no host"))?;
                let plain = url.username().is_empty()
                    && url.password().is_none()
                    && url.port().is_none()
                    && matches!(url.path(), "" | "/")
                    && url.query().is_none()
                    && url.fragment().is_none();
                if !matches!(url.scheme(), "http" | "https") || !plain {
                    return Err(bad("must be scheme://host only, http or https"));
                }
                hosts.push(Allowed::Origin {
                    scheme: url.scheme().to_owned(),
                    host: host.to_owned(),
                });
            } else {
                let ok = !entry.is_empty()
                    && (entry.bytes()).all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
                    && !entry.starts_with('.')
                    && !entry.ends_with('.');
                if !ok {
                    return Err(bad("must be a domain name such as example.com"));
                }
                hosts.push(Allowed::Domain(entry.to_ascii_lowercase()));
            }
        }
        if hosts.is_empty() {
            return Err(bad("list is empty"));
        }
        Ok(AllowedHosts(hosts))
    }

    /// The scheme and host of `url` (a custom environment's base URL), any port.
    pub(crate) fn origin_of(url: &reqwest::Url) -> Option<Self> {
        Some(AllowedHosts(vec![Allowed::Origin {
            scheme: url.scheme().to_owned(),
            host: url.host_str()?.to_owned(),
        }]))
    }

    /// Both sets.
    pub(crate) fn and(mut self, other: AllowedHosts) -> Self {
        for h in other.0 {
            if !self.0.contains(&h) {
                self.0.push(h);
            }
        }
        self
    }

    /// `url` if it may receive credentials: see the [module docs](self). The error names
    /// the URL without user info, query or fragment.
    pub(crate) fn check(&self, url: &str) -> Result<reqwest::Url, OnlineError> {
        let parsed = reqwest::Url::parse(url).ok().filter(|u| u.has_host());
        let refuse = |reason: &'static str| OnlineError::EndpointNotAllowed {
            endpoint: super::http::clean_url(url),
            reason,
        };
        let Some(u) = parsed else {
            return Err(refuse("not an absolute http(s) URL"));
        };
        if !u.username().is_empty() || u.password().is_some() {
            return Err(refuse("it carries user info"));
        }
        if u.query().is_some() || u.fragment().is_some() {
            return Err(refuse("it has a query or fragment"));
        }
        let host = u.host_str().unwrap_or("");
        let allowed = self.0.iter().any(|a| match a {
            Allowed::Domain(d) => {
                u.scheme() == "https"
                    && u.port_or_known_default() == Some(443)
                    && (host == d
                        || host
                            .strip_suffix(d.as_str())
                            .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1))
            }
            Allowed::Origin { scheme, host: h } => u.scheme() == scheme && host == h,
        });
        if allowed {
            return Ok(u);
        }
        let https_somewhere = self.0.iter().all(|a| match a {
            Allowed::Domain(_) => true,
            Allowed::Origin { scheme, .. } => scheme == "https",
        });
        Err(if https_somewhere && u.scheme() != "https" {
            refuse("it is not https")
        } else {
            refuse("its host is not one of the environment's")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(hosts: &AllowedHosts, url: &str) -> &'static str {
        match hosts.check(url) {
            Err(OnlineError::EndpointNotAllowed { reason, endpoint }) => {
                assert!(!endpoint.contains("pw@"), "{endpoint}");
                reason
            }
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn superoffice_hosts_over_https_only() {
        let so = AllowedHosts::domain(SUPEROFFICE_DOMAIN);
        for ok in [
            "https://sod2.superoffice.com/Cust12345",
            "https://online3.superoffice.com:443/Cust1/",
            "https://superoffice.com/x",
            "https://SOD.SuperOffice.com/Cust1",
        ] {
            assert!(so.check(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("http://sod2.superoffice.com/Cust1", "not https"),
            ("https://evil.example/sod2.superoffice.com", "host"),
            ("https://superoffice.com.evil.example/", "host"),
            ("https://evilsuperoffice.com/", "host"),
            ("https://sod2.superoffice.com:8443/Cust1", "host"),
            ("https://u:pw@sod2.superoffice.com/Cust1", "user info"),
            ("https://sod2.superoffice.com/Cust1?x=1", "query"),
            ("javascript:alert(1)", "absolute"),
            ("/Cust1", "absolute"),
        ] {
            let reason = refused(&so, bad);
            assert!(reason.contains(why), "{bad}: {reason}");
        }
    }

    #[test]
    fn named_origins_allow_their_scheme_and_host_on_any_port() {
        let local = AllowedHosts::parse(["http://127.0.0.1", "example.com"]).unwrap();
        assert!(local.check("http://127.0.0.1:8080/Cust1").is_ok());
        assert!(local.check("https://a.example.com/Cust1").is_ok());
        assert!(refused(&local, "http://localhost:8080/Cust1").contains("host"));
        assert!(refused(&local, "https://127.0.0.1:8080/").contains("host"));
        assert!(refused(&local, "http://u:pw@127.0.0.1:8080/").contains("user info"));
        for bad in ["", "http://h:1", "ftp://h", "http://h/path", ".com", "a b"] {
            assert!(AllowedHosts::parse([bad]).is_err(), "{bad:?}");
        }
        assert!(AllowedHosts::parse(Vec::<String>::new()).is_err());
    }
}
