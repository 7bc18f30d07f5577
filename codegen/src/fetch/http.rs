//! GET with retries: transient failures (connection errors, timeouts,
//! HTTP 5xx, 408 and 429) are retried with exponential backoff; other
//! statuses fail at once. Redirects are followed here rather than by the
//! HTTP client, so that each hop passes the [`Policy`]: at most
//! [`MAX_REDIRECTS`] of them, never to an origin the policy refuses, never
//! from https to http.

use std::io::Read;
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::origin::{Policy, Refusal};
use super::url::{redact, resolve};
use super::{FetchError, FetchOptions, MAX_REDIRECTS};

/// A blocking HTTP client configured from [`FetchOptions`].
pub(super) struct Client {
    agent: ureq::Agent,
    policy: Policy,
    retries: u32,
    backoff: Duration,
    timeout: Duration,
    max_bytes: u64,
}

/// A fetched document and the URL it came from after redirects, which
/// its relative references resolve against.
pub(super) struct Fetched {
    pub url: String,
    pub text: String,
}

/// One failed attempt, and whether trying again may help.
struct Failure {
    error: FetchError,
    transient: bool,
}

impl Client {
    pub(super) fn new(options: &FetchOptions, policy: Policy) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are ours to check (see `once`).
            .max_redirects(0)
            .timeout_connect(Some(options.timeout))
            .timeout_global(Some(options.timeout))
            .user_agent(concat!("sogen/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            policy,
            retries: options.retries,
            backoff: options.backoff,
            timeout: options.timeout,
            max_bytes: options.max_bytes,
        }
    }

    /// Fetches `url`, named by the document `referrer` (`None` for an
    /// agent's own URL), as UTF-8 text, retrying transient failures;
    /// `progress` hears about each retry. A URL outside the policy is
    /// refused before any connection is made.
    pub(super) fn get(
        &self,
        url: &str,
        referrer: Option<&str>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Fetched, FetchError> {
        if let Err(reason) = self.policy.check(url) {
            return Err(FetchError::Refused {
                document: redact(referrer.unwrap_or(url)),
                location: redact(url),
                reason,
            });
        }
        let mut attempt = 0;
        loop {
            match self.once(url) {
                Ok(fetched) => return Ok(fetched),
                Err(Failure { error, transient }) if transient && attempt < self.retries => {
                    // 1x, 2x, 4x ... the base delay, capped at 64x.
                    let delay = self.backoff * 2u32.pow(attempt.min(6));
                    attempt += 1;
                    progress(&format!(
                        "{error}; retry {attempt}/{} in {} ms",
                        self.retries,
                        delay.as_millis()
                    ));
                    sleep(delay);
                }
                Err(Failure { error, .. }) => return Err(error),
            }
        }
    }

    /// One attempt: the request and the redirects it leads to.
    fn once(&self, url: &str) -> Result<Fetched, Failure> {
        let mut url = url.to_owned();
        let mut redirects = 0;
        // The timeout covers the whole chain of redirects, not each hop.
        let deadline = Instant::now() + self.timeout;
        let mut response = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let response = self
                .agent
                .get(&url)
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
                .map_err(|e| transport(&url, e))?;
            let status = response.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                break response;
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(|l| resolve(&url, l));
            let refuse = |location: &str, reason| Failure {
                error: FetchError::Redirect {
                    url: redact(&url),
                    location: redact(location),
                    reason,
                },
                transient: false,
            };
            let Some(next) = location else {
                return Err(refuse("", Refusal::NoLocation));
            };
            redirects += 1;
            if redirects > MAX_REDIRECTS {
                return Err(refuse(&next, Refusal::TooManyRedirects));
            }
            if let Err(reason) = self.policy.redirect(&url, &next) {
                return Err(refuse(&next, reason));
            }
            url = next;
        };
        let url = url.as_str();
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(Failure {
                error: FetchError::Status {
                    url: redact(url),
                    status,
                },
                transient: status >= 500 || status == 408 || status == 429,
            });
        }
        let mut bytes = Vec::new();
        // One byte over the limit tells "exactly at the limit" from "over".
        response
            .body_mut()
            .as_reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| transport(url, ureq::Error::Io(e)))?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(Failure {
                error: FetchError::TooLarge {
                    url: redact(url),
                    limit: self.max_bytes,
                },
                transient: false,
            });
        }
        // A UTF-8 byte order mark is legal before the XML declaration.
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = String::from_utf8(body.to_vec()).map_err(|e| Failure {
            error: FetchError::Encoding {
                url: redact(url),
                offset: e.utf8_error().valid_up_to(),
            },
            transient: false,
        })?;
        Ok(Fetched {
            url: url.to_owned(),
            text,
        })
    }
}

fn transport(url: &str, e: ureq::Error) -> Failure {
    let transient = matches!(
        e,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    );
    Failure {
        error: FetchError::Transport {
            url: redact(url),
            message: e.to_string().replace(url, &redact(url)),
        },
        transient,
    }
}
