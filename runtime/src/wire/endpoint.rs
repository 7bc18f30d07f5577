//! Where a call goes on each wire.
//!
//! - A fixed client's base URL is a version's SOAP base (`https://host/Cust1/Remote/
//!   Services88/`): SOAP calls go to `{base}Chat.svc`. On the REST wire the same URL
//!   names the site, whose Agents API is at `{site}/api/v1/` (one REST version serves
//!   every Services version): `.../Remote/Services88/` (or `.../Services88/` without
//!   `Remote`) maps to `.../api/v1/`, a base ending in `/api/v1/` is taken as it is, and
//!   any other base is the site itself. So switching a client's wire is one line.
//! - A session's site (`https://host/Cust1`, or the Online tenant's endpoint): SOAP
//!   `{site}/Remote/Services88/Chat.svc` (the version from the operation's namespace),
//!   REST `{site}/api/v1/Agents/Chat/GetChatMessages`.
//!
//! REST query values are percent-encoded (`application/x-www-form-urlencoded`, as ASP.NET
//! reads them); the names are the API's own (`ChatSessionEntityId`, `$select`).

use super::Wire;
use crate::client::OperationInfo;
use crate::session::version_of;

/// Where an attempt goes: a fixed client's base URL, or a session's current site.
#[derive(Debug, Clone)]
pub(crate) enum Endpoint<'a> {
    /// A fixed client's base URL, ending in `/`.
    Base(&'a str),
    /// A session's site, without a trailing `/`.
    Site(String),
}

impl Endpoint<'_> {
    /// The URL of `op` on `wire`, before any query.
    pub(crate) fn url(&self, op: &OperationInfo, wire: Wire) -> String {
        match wire {
            Wire::Soap => self.soap_url(op),
            Wire::Rest => self.rest_url(op, &[], None),
        }
    }

    /// The SOAP service URL of `op`.
    pub(crate) fn soap_url(&self, op: &OperationInfo) -> String {
        match self {
            Endpoint::Base(base) => format!("{base}{}", op.service_path),
            Endpoint::Site(site) => format!(
                "{site}/Remote/{}/{}",
                version_of(op.namespace),
                op.service_path
            ),
        }
    }

    /// The REST URL of `op`: the route, then the query and `$select`.
    pub(crate) fn rest_url(
        &self,
        op: &OperationInfo,
        query: &[(&'static str, String)],
        select: Option<&str>,
    ) -> String {
        let mut url = format!("{}Agents/{}/{}", self.rest_base(), op.agent, op.name);
        let pairs =
            (query.iter().map(|(n, v)| (*n, v.as_str()))).chain(select.map(|s| ("$select", s)));
        for (i, (name, value)) in pairs.enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.extend(encode(value));
        }
        url
    }

    /// The base of the Agents API, ending in `/`.
    pub(crate) fn rest_base(&self) -> String {
        match self {
            Endpoint::Base(base) => rest_base(base),
            Endpoint::Site(site) => format!("{site}/api/v1/"),
        }
    }
}

/// The path of `op` on `wire` below a session's site, for naming a call before the site
/// is known (a timeout that ends it there).
pub(crate) fn site_path(op: &OperationInfo, wire: Wire) -> String {
    match wire {
        Wire::Soap => op.service_path.to_owned(),
        Wire::Rest => format!("api/v1/Agents/{}/{}", op.agent, op.name),
    }
}

/// A query value percent-encoded as a form value.
#[cfg(feature = "rest")]
fn encode(value: &str) -> impl Iterator<Item = &str> {
    form_urlencoded::byte_serialize(value.as_bytes())
}

/// Without the `rest` feature no REST request is written.
#[cfg(not(feature = "rest"))]
fn encode(value: &str) -> impl Iterator<Item = &str> {
    std::iter::once(value)
}

/// The Agents API base of a fixed client's `base` URL (ending in `/`): see the module
/// docs.
pub(crate) fn rest_base(base: &str) -> String {
    let trimmed = base.trim_end_matches('/');
    let lower = trimmed.to_ascii_lowercase();
    if lower.ends_with("/api/v1") {
        return format!("{trimmed}/");
    }
    let mut site = trimmed;
    if let Some((before, last)) = site.rsplit_once('/') {
        let version = last.len() > "services".len()
            && (last.get(..8)).is_some_and(|s| s.eq_ignore_ascii_case("services"))
            && last[8..].bytes().all(|b| b.is_ascii_digit());
        if version && !before.ends_with('/') {
            site = before;
            if let Some((before, remote)) = site.rsplit_once('/') {
                if remote.eq_ignore_ascii_case("remote") && !before.ends_with('/') {
                    site = before;
                }
            }
        }
    }
    format!("{site}/api/v1/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "rest")]
    static OP: OperationInfo = OperationInfo {
        agent: "Chat",
        service_path: "Chat.svc",
        name: "DeleteChatSessionEntity",
        action: "",
        soap: crate::SoapVersion::Soap11,
        namespace: "http://www.superoffice.net/ws/crm/NetServer/Services88",
        headers: crate::DeclaredHeaders::ALL,
    };

    #[test]
    fn a_base_url_maps_to_the_agents_api() {
        for (base, rest) in [
            (
                "https://host/Cust1/Remote/Services88/",
                "https://host/Cust1/api/v1/",
            ),
            (
                "https://host/Cust1/remote/services87/",
                "https://host/Cust1/api/v1/",
            ),
            (
                "http://127.0.0.1:9/Services88/",
                "http://127.0.0.1:9/api/v1/",
            ),
            ("https://host/Cust1/api/v1/", "https://host/Cust1/api/v1/"),
            ("https://host/Cust1/API/V1/", "https://host/Cust1/API/V1/"),
            ("https://host/Cust1/", "https://host/Cust1/api/v1/"),
            ("https://host/", "https://host/api/v1/"),
            (
                "https://host/Remote/ServicesX/",
                "https://host/Remote/ServicesX/api/v1/",
            ),
        ] {
            assert_eq!(rest_base(base), rest, "{base}");
        }
    }

    #[cfg(feature = "rest")]
    #[test]
    fn routes_and_queries() {
        let site = Endpoint::Site("https://sod2.superoffice.com/Cust1".into());
        assert_eq!(
            site.soap_url(&OP),
            "https://sod2.superoffice.com/Cust1/Remote/Services88/Chat.svc"
        );
        let query = [("ChatSessionEntityId", "5 & 6=7+".to_owned())];
        assert_eq!(
            site.rest_url(&OP, &query, Some("name,category/id")),
            "https://sod2.superoffice.com/Cust1/api/v1/Agents/Chat/DeleteChatSessionEntity\
             ?ChatSessionEntityId=5+%26+6%3D7%2B&$select=name%2Ccategory%2Fid"
        );
        let base = Endpoint::Base("https://host/Cust1/Remote/Services88/");
        assert_eq!(
            base.rest_url(&OP, &[], None),
            "https://host/Cust1/api/v1/Agents/Chat/DeleteChatSessionEntity"
        );
    }
}
