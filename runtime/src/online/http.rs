//! [`OnlineHttp`]: the one HTTP client behind the login, JWKS and tenant-state requests,
//! with redirects off, a whole-request timeout and a body size cap. Every request goes
//! through [`OnlineHttp::exchange`], the one place to change the redirect policy.

use std::time::Duration;

use super::OnlineError;

/// HTTP for the Online services: a reqwest client that never follows redirects, a
/// timeout over connect, request and body, and a response size cap. Cheap to clone
/// (clones share the connection pool).
///
/// ```
/// use std::time::Duration;
/// use sogen_runtime::online::OnlineHttp;
/// let http = OnlineHttp::new()?
///     .with_timeout(Duration::from_secs(10))
///     .with_max_response_bytes(256 * 1024);
/// # Ok::<(), sogen_runtime::online::OnlineError>(())
/// ```
#[derive(Debug, Clone)]
pub struct OnlineHttp {
    client: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
}

/// An HTTP answer, status and complete body.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl OnlineHttp {
    /// Whole-request timeout unless changed.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Response body cap unless changed: 1 MiB, far above any JWKS, JWT or state answer.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

    /// A client with a 10 s connect timeout, `User-Agent: sogen/<version>`
    /// ([`USER_AGENT`](crate::USER_AGENT)) and the defaults above.
    pub fn new() -> Result<Self, OnlineError> {
        let builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(crate::USER_AGENT);
        Self::from_builder(builder)
    }

    /// A client from a reqwest builder (proxy, TLS roots, pool settings...). Its redirect
    /// policy is replaced by "never follow": a followed redirect would resend the
    /// request, client secret included, to wherever the `Location` points. (There is
    /// no constructor from a built `reqwest::Client` because its policy cannot be
    /// changed or inspected.)
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, OnlineError> {
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| OnlineError::Transport(crate::transport::chain(&e.without_url())))?;
        Ok(OnlineHttp {
            client,
            timeout: Self::DEFAULT_TIMEOUT,
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
        })
    }

    /// With another whole-request timeout (connect, send, and reading the body).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// With another response body cap.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// `GET url` accepting JSON.
    pub(crate) async fn get(&self, url: &str) -> Result<Reply, OnlineError> {
        self.exchange(reqwest::Method::GET, url, None).await
    }

    /// `POST url` with a JSON body (which may hold secrets: it is never logged).
    pub(crate) async fn post_json(&self, url: &str, body: Vec<u8>) -> Result<Reply, OnlineError> {
        self.exchange(reqwest::Method::POST, url, Some(body)).await
    }

    /// Sends one request and reads the whole answer. A 3xx is an error naming the status
    /// and the cleaned `Location`; every other status is returned for the caller to judge.
    async fn exchange(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Reply, OnlineError> {
        let mut request = self
            .client
            .request(method.clone(), url)
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout);
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let fail = |e: reqwest::Error| {
            if e.is_timeout() {
                OnlineError::Timeout(self.timeout)
            } else {
                OnlineError::Transport(crate::transport::chain(&e.without_url()))
            }
        };
        let mut response = request.send().await.map_err(fail)?;
        let status = response.status().as_u16();
        tracing::debug!(method = %method, url = %clean_url(url), status, "online request");
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| resolve_location(url, l))
                .unwrap_or_default();
            return Err(OnlineError::Redirect { status, location });
        }
        let limit = self.max_response_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(OnlineError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(fail)? {
            if body.len() + chunk.len() > limit {
                return Err(OnlineError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply { status, body })
    }
}

impl Reply {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as `T`, or [`OnlineError::InvalidAnswer`] naming `what` answered.
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        what: &'static str,
    ) -> Result<T, OnlineError> {
        serde_json::from_slice(&self.body).map_err(|e| OnlineError::InvalidAnswer {
            what,
            reason: super::error::json_reason(&e),
        })
    }
}

/// `url` without userinfo, query and fragment (for errors and logs).
pub(crate) fn clean_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => strip(u),
        Err(_) => String::from("[unparsable URL]"),
    }
}

/// A `Location` resolved against the request URL, without userinfo, query and fragment.
fn resolve_location(base: &str, location: &str) -> String {
    match reqwest::Url::parse(base).and_then(|b| b.join(location)) {
        Ok(u) => strip(u),
        Err(_) => String::from("[unparsable Location]"),
    }
}

fn strip(mut u: reqwest::Url) -> String {
    // Setting userinfo fails only for URLs that cannot have it, which then have none.
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_query(None);
    u.set_fragment(None);
    u.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_lose_userinfo_query_and_fragment() {
        let base = "https://sod.superoffice.com/Login/api/x";
        assert_eq!(
            resolve_location(base, "https://u:p@evil.example:8443/p?ticket=7T#f"),
            "https://evil.example:8443/p"
        );
        assert_eq!(
            resolve_location(base, "/other?q=1"),
            "https://sod.superoffice.com/other"
        );
        assert_eq!(clean_url("http://a:b@h/p?x=1"), "http://h/p");
        assert_eq!(clean_url("not a url"), "[unparsable URL]");
    }
}
