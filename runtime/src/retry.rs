//! Opt-in retries of transient failures.
//!
//! Off by default. Turn them on for a client or session with
//! [`ClientBuilder::retry`](crate::ClientBuilder::retry) (or `SessionBuilder::retry`), or for
//! one call with [`Call::retry`](crate::Call::retry).
//!
//! - **What is retried**: a connection refused or reset ([`Error::Connect`], and
//!   [`Error::Transport`] from a [`TransportError::Reset`]), and the statuses 408, 429, 502,
//!   503 and 504 (`Retry-After` honoured, in seconds or as an HTTP date, as a lower bound:
//!   the wait is the longer of it and the backoff, so `Retry-After: 0` does not turn a
//!   server's trouble into a storm of requests). Never a SOAP fault, a SuperOffice failure,
//!   a timeout or a decode error: the server answered.
//! - **Which operations**: with a client's policy, only reads: operations [`is_read`]
//!   accepts (its rule is documented there), or those the client's
//!   [`idempotent_when`](crate::ClientBuilder::idempotent_when) accepts, or a call marked
//!   [`idempotent`](crate::Call::idempotent). A write is never repeated unless you say it
//!   is safe: a request that broke under way may have been carried out. [`Call::retry`]
//!   vouches for that one call.
//! - **How long**: at most [`RetryPolicy::max_attempts`] attempts, waits of exponential
//!   backoff with jitter (half the step plus a random part of the other half), and all of
//!   it within [`RetryPolicy::max_elapsed`] and the call's timeout: a wait that would end
//!   past either is not started, and the last error is returned. When the timeout ends
//!   during a later attempt, the call fails with the failure it was retrying (the server's
//!   503, say), not with [`Error::Timeout`](crate::Error::Timeout).
//! - **Sessions**: a session still repeats a call at most once after an expired ticket or a
//!   moved tenant; retries neither count against that nor repeat it.
//!
//! Retries wait on Tokio's timer: calls awaited outside a Tokio runtime (or built without
//! the `http` feature) are not retried. `.blocking()` calls run on one, and are.
//!
//! ```
//! # #[cfg(feature = "http")] {
//! use std::time::Duration;
//! use sogen_runtime::{Client, RetryPolicy};
//! let client = Client::builder("https://host/Cust1/Remote/Services88/")
//!     .retry(RetryPolicy::new().max_attempts(4).backoff(Duration::from_millis(100), Duration::from_secs(2)))
//!     // Also retry these writes, which this application knows to be idempotent.
//!     .idempotent_when(|op| sogen_runtime::retry::is_read(op) || op.name == "SetPreference")
//!     .build()
//!     .unwrap();
//! # drop(client);
//! # }
//! ```
//!
//! [`Error::Connect`]: crate::Error::Connect
//! [`Error::Transport`]: crate::Error::Transport
//! [`TransportError::Reset`]: crate::TransportError::Reset
//! [`Call::retry`]: crate::Call::retry

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::{HttpHeaders, OperationInfo};

/// How often and how long to retry: see the [module docs](self).
///
/// ```
/// use std::time::Duration;
/// use sogen_runtime::RetryPolicy;
/// let p = RetryPolicy::new().max_attempts(5).max_elapsed(Duration::from_secs(10));
/// assert_ne!(p, RetryPolicy::NEVER);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// [`RetryPolicy::new`].
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl RetryPolicy {
    /// One attempt: no retry (what clients do unless told otherwise).
    pub const NEVER: RetryPolicy = RetryPolicy::new().max_attempts(1);

    /// 3 attempts, backoff from 200 ms doubling up to 5 s, all within 30 s.
    pub const fn new() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(30),
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }

    /// At most `n` attempts in all, the first included (at least 1).
    pub const fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = if n == 0 { 1 } else { n };
        self
    }

    /// No wait starts that would end more than `d` after the call started (the call's
    /// timeout bounds it too).
    pub const fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// The first wait is about `initial`, each next one twice the last, never above `max`
    /// (a server's longer `Retry-After` is honoured as sent, within `max_elapsed`).
    pub const fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The attempt cap.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// When the last wait must have ended, for a call started at `started`.
    pub(crate) fn until(&self, started: Instant) -> Option<Instant> {
        started.checked_add(self.max_elapsed)
    }

    /// The wait before attempt `attempt + 1` (`attempt` from 1): the backoff step, its
    /// upper half random.
    pub(crate) fn backoff_for(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let step = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(random_unit())
    }
}

/// The default rule for which operations are safe to repeat: reads, by name. The first
/// word of the operation name is `Get`, `Find`, `Search`, `Is`, `Has`, `Exists` or `Can`,
/// and no word is `Next`, `New` or `Or` (NetServer's `GetNextInQueue`, `GetNewMail` and
/// `GetOrRegister...` change state). So `GetContactEntity`, `FindAddress`,
/// `IsWithinOpeningHours` and `HasFunctionRight` are reads; `SaveContactEntity`,
/// `CreateDefaultContactEntity`, `CancelIndexing` and `GetNextInQueue` are not.
///
/// ```
/// use sogen_runtime::{retry::is_read, DeclaredHeaders, OperationInfo, SoapVersion};
/// let op = |name| OperationInfo {
///     agent: "Contact", service_path: "Contact.svc", name, action: "", soap: SoapVersion::Soap11,
///     namespace: "", headers: DeclaredHeaders::ALL,
/// };
/// assert!(is_read(&op("GetContactEntity")) && is_read(&op("IsWithinOpeningHours")));
/// assert!(!is_read(&op("SaveContactEntity")) && !is_read(&op("CancelIndexing")));
/// assert!(!is_read(&op("GetNextInQueue")) && !is_read(&op("Getaway")));
/// ```
pub fn is_read(op: &OperationInfo) -> bool {
    let words = camel_words(op.name);
    let reads = ["Get", "Find", "Search", "Is", "Has", "Exists", "Can"];
    words.first().is_some_and(|w| reads.contains(w))
        && !words.iter().any(|w| ["Next", "New", "Or"].contains(w))
}

/// `GetNextInQueue` -> `Get`, `Next`, `In`, `Queue` (a new word at each capital).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// Why an attempt failed in a way worth repeating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transient {
    /// Refused, reset, or closed early: no answer came.
    Connection,
    /// 408, 429, 502, 503 or 504, with the wait its `Retry-After` asks for.
    Status(Option<Duration>),
}

/// Whether a failed login is worth repeating. A login may be repeated whatever happened to
/// the request, so besides what [`Exchange`](crate::call::Exchange) finds transient for a
/// call (refused, reset; 408, 429, 502, 503, 504), any broken transfer counts.
pub(crate) fn transient_login(e: &crate::Error) -> Option<Transient> {
    use crate::Error;
    match e {
        Error::Connect { .. } | Error::Transport { .. } => Some(Transient::Connection),
        Error::Http {
            status, headers, ..
        } => transient_status(*status, headers),
        #[cfg(feature = "online")]
        Error::Online(crate::online::OnlineError::Transport(_)) => Some(Transient::Connection),
        #[cfg(feature = "online")]
        Error::Online(crate::online::OnlineError::Http { status, .. }) => {
            transient_status(*status, &HttpHeaders::default())
        }
        _ => None,
    }
}

/// Whether `status` is worth repeating, and how long its headers ask to wait.
pub(crate) fn transient_status(status: u16, headers: &HttpHeaders) -> Option<Transient> {
    matches!(status, 408 | 429 | 502 | 503 | 504).then(|| {
        let wait = headers.get("retry-after").and_then(retry_after);
        Transient::Status(wait)
    })
}

/// `Retry-After`: delay-seconds, or an HTTP date (IMF-fixdate) from now on.
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = http_date(value)?;
    let now = crate::DateTime::now_utc();
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(value: &str) -> Option<crate::DateTime> {
    let (_, rest) = value.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: u8 = parts.next()?.parse().ok()?;
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = parts.next()?;
    let month = months.iter().position(|m| *m == month)? as u8 + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next() != Some("GMT") || parts.next().is_some() {
        return None;
    }
    let t = crate::DateTime::new(year, month, day, h, m, s)?;
    Some(t.with_offset(crate::Offset::Utc))
}

/// Whether to wait `wait` before another attempt: it must end before `until`.
pub(crate) fn fits(wait: Duration, until: Option<Instant>) -> bool {
    match (Instant::now().checked_add(wait), until) {
        (Some(end), Some(until)) => end < until,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// A number in `[0, 1)` from a process-wide splitmix64 sequence seeded from the clock:
/// enough to spread the retries of many clients apart (not for secrets).
fn random_unit() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut seed = STATE.load(Ordering::Relaxed);
    if seed == 0 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        seed = now | 1;
    }
    let next = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    STATE.store(next, Ordering::Relaxed);
    let mut z = next;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_cap_with_jitter_in_the_upper_half() {
        let p = RetryPolicy::new().backoff(Duration::from_millis(100), Duration::from_millis(1000));
        for (attempt, step) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            let step = Duration::from_millis(step);
            let waits: Vec<Duration> = (0..50).map(|_| p.backoff_for(attempt)).collect();
            assert!(
                waits.iter().all(|w| *w >= step / 2 && *w <= step),
                "{attempt}: {waits:?}"
            );
            assert!(waits.iter().any(|w| *w != waits[0]), "jitter: {waits:?}");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let h = |v: &str| HttpHeaders::from(vec![("Retry-After".to_owned(), v.to_owned())]);
        assert_eq!(
            transient_status(503, &h("7")),
            Some(Transient::Status(Some(Duration::from_secs(7))))
        );
        assert_eq!(
            transient_status(429, &h("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Transient::Status(Some(Duration::ZERO))),
            "a date in the past: now"
        );
        let soon = crate::DateTime::now_utc().checked_add(crate::Duration::from_secs(100));
        let soon = soon.unwrap();
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            [usize::from(soon.weekday().days_from_monday())];
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let date = format!(
            "{weekday}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            soon.day(),
            months[usize::from(soon.month() - 1)],
            soon.year(),
            soon.hour(),
            soon.minute(),
            soon.second()
        );
        let Some(Transient::Status(Some(wait))) = transient_status(503, &h(&date)) else {
            panic!("{date}");
        };
        assert!(
            wait > Duration::from_secs(90) && wait <= Duration::from_secs(100),
            "{wait:?}"
        );
        assert_eq!(
            transient_status(503, &h("soon")),
            Some(Transient::Status(None))
        );
        assert_eq!(transient_status(500, &h("1")), None);
        assert_eq!(transient_status(421, &h("1")), None);
    }

    #[test]
    fn policy_setters_clamp() {
        assert_eq!(RetryPolicy::new().max_attempts(0), RetryPolicy::NEVER);
        assert!(!fits(Duration::MAX, None));
        assert!(fits(Duration::ZERO, None));
    }
}
