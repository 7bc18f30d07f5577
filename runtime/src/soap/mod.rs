//! SOAP 1.1 / 1.2 envelopes: the request writer, the response reader, faults and the
//! SuperOffice headers; the reply writer of generated service code; with feature `server`,
//! the request reader and the failure and fault writers.

mod envelope;
mod fault;
mod headers;
mod reply;
mod request;
mod response;

pub use fault::SoapFault;
pub use headers::{ExceptionInfo, ResponseHeaders, TimeZone};

pub(crate) use envelope::{write_body, write_request, RequestHeaders};
#[cfg(feature = "server")]
pub(crate) use reply::{write_failure, write_fault};
pub(crate) use reply::{write_result, ReplyHeaders};
#[cfg(feature = "server")]
pub(crate) use request::read_request;
pub(crate) use request::ReceivedHeaders;
pub(crate) use response::read_response;
pub use response::{parse_response, DecodeFn};

/// SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace.
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// The SOAP version of a binding (`soap:` or `soap12:` in the WSDL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml` and a `SOAPAction` HTTP header (every SuperOffice binding).
    #[default]
    Soap11,
    /// SOAP 1.2: `application/soap+xml; action="..."`.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_NS,
            SoapVersion::Soap12 => SOAP12_NS,
        }
    }

    /// The HTTP headers that carry the content type and the action.
    pub fn http_headers(self, action: &str) -> Vec<(String, String)> {
        match self {
            SoapVersion::Soap11 => vec![
                ("Content-Type".into(), "text/xml; charset=utf-8".into()),
                ("SOAPAction".into(), format!("\"{action}\"")),
            ],
            SoapVersion::Soap12 => vec![(
                "Content-Type".into(),
                format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
            )],
        }
    }
}
