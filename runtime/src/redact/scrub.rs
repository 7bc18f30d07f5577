//! [`Scrub`]: the texts a server gave a value (an error, response headers) with the
//! exchange's secrets replaced, so that a server quoting them back cannot put them into an
//! error message, a `Debug` or a log event. Types with private texts implement it beside
//! their definition (`HttpHeaders`, `DecodeError`, `OnlineError`).

use super::Redactor;
use crate::{Error, ExceptionInfo, ResponseHeaders, SoapFault, SuperOfficeFailure};

/// A value whose server-given texts can be redacted in place.
pub(crate) trait Scrub {
    /// Replaces every form of `r`'s secrets in the value's texts.
    fn scrub(&mut self, r: &Redactor);
}

impl Scrub for String {
    fn scrub(&mut self, r: &Redactor) {
        r.redact_string(self);
    }
}

impl<T: Scrub> Scrub for Option<T> {
    fn scrub(&mut self, r: &Redactor) {
        if let Some(v) = self {
            v.scrub(r);
        }
    }
}

impl<T: Scrub + ?Sized> Scrub for Box<T> {
    fn scrub(&mut self, r: &Redactor) {
        (**self).scrub(r);
    }
}

impl Scrub for Error {
    fn scrub(&mut self, r: &Redactor) {
        if r.is_empty() {
            return;
        }
        match self {
            Error::Connect { message, .. }
            | Error::Tls { message, .. }
            | Error::Transport { message, .. }
            | Error::Config(message)
            | Error::Encode(message) => message.scrub(r),
            Error::Redirect { location, .. } => location.scrub(r),
            Error::Http {
                content_type,
                excerpt,
                headers,
                ..
            } => {
                content_type.scrub(r);
                r.redact_excerpt(excerpt);
                headers.scrub(r);
            }
            Error::Fault(f) => f.scrub(r),
            Error::SuperOffice(x) => x.scrub(r),
            Error::Decode(d) => d.scrub(r),
            Error::LoginFailed { message, exception } => {
                message.scrub(r);
                exception.scrub(r);
            }
            Error::TenantNotRunning { state, .. } => state.scrub(r),
            #[cfg(feature = "online")]
            Error::Online(e) => e.scrub(r),
            Error::Timeout { .. } | Error::LimitExceeded { .. } | Error::BlockingInAsync => {}
        }
    }
}

impl Scrub for SoapFault {
    fn scrub(&mut self, r: &Redactor) {
        self.code.scrub(r);
        self.subcode.scrub(r);
        self.reason.scrub(r);
        self.actor.scrub(r);
        self.detail.scrub(r);
    }
}

impl Scrub for ExceptionInfo {
    fn scrub(&mut self, r: &Redactor) {
        for text in [
            &mut self.message,
            &mut self.exception_type,
            &mut self.stack_trace,
            &mut self.friendly_text,
            &mut self.source,
        ] {
            text.scrub(r);
        }
        for (k, v) in &mut self.parameters {
            k.scrub(r);
            v.scrub(r);
        }
        self.inner.scrub(r);
    }
}

impl Scrub for ResponseHeaders {
    fn scrub(&mut self, r: &Redactor) {
        for (k, v) in &mut self.extra_info {
            k.scrub(r);
            v.scrub(r);
        }
        if let Some(tz) = &mut self.time_zone {
            tz.location_code.scrub(r);
        }
    }
}

impl Scrub for SuperOfficeFailure {
    fn scrub(&mut self, r: &Redactor) {
        self.exception.scrub(r);
        self.headers.scrub(r);
        self.http_headers.scrub(r);
    }
}
