//! GET with retries: transient failures (connection errors, timeouts,
//! HTTP 5xx, 408 and 429) are retried with exponential backoff; other
//! statuses fail at once.

use std::io::Read;
use std::thread::sleep;
use std::time::Duration;

use super::url::redact;
use super::{FetchError, FetchOptions};

/// A blocking HTTP client configured from [`FetchOptions`].
pub(super) struct Client {
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
    max_bytes: u64,
}

/// One failed attempt, and whether trying again may help.
struct Failure {
    error: FetchError,
    transient: bool,
}

impl Client {
    pub(super) fn new(options: &FetchOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(options.timeout))
            .timeout_global(Some(options.timeout))
            .user_agent(concat!("sogen/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            retries: options.retries,
            backoff: options.backoff,
            max_bytes: options.max_bytes,
        }
    }

    /// Fetches `url` as UTF-8 text, retrying transient failures;
    /// `progress` hears about each retry.
    pub(super) fn get(
        &self,
        url: &str,
        progress: &mut dyn FnMut(&str),
    ) -> Result<String, FetchError> {
        let mut attempt = 0;
        loop {
            match self.once(url) {
                Ok(text) => return Ok(text),
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

    fn once(&self, url: &str) -> Result<String, Failure> {
        let mut response = self.agent.get(url).call().map_err(|e| transport(url, e))?;
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
        String::from_utf8(body.to_vec()).map_err(|e| Failure {
            error: FetchError::Encoding {
                url: redact(url),
                offset: e.utf8_error().valid_up_to(),
            },
            transient: false,
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
