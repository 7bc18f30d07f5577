//! [`ServiceError`]: how a service method fails, in the two ways NetServer reports failures.

use crate::soap::ExceptionInfo;

/// A failed call, as a service method returns it; the server turns it into what WCF sends.
///
/// - [`Fault`](Self::Fault): a SOAP fault with HTTP 500; the client gets `Error::Fault`.
/// - [`SuperOffice`](Self::SuperOffice): HTTP 200 with the `ExceptionInfo` header and
///   `Succeeded=false`, as NetServer reports a failed call (an expired ticket, a missing
///   right); the client gets `Error::SuperOffice`.
///
/// ```
/// use sogen_runtime::server::ServiceError;
/// use sogen_runtime::ExceptionInfo;
/// let fault = ServiceError::client("no such chat topic");
/// let failed: ServiceError = ExceptionInfo {
///     exception_type: "SoSecurityException".into(),
///     message: "Ticket has expired".into(),
///     ..Default::default()
/// }
/// .into();
/// # let _ = (fault, failed);
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    /// A SOAP fault: `s:Client` (1.2 `s:Sender`) when `client`, else `s:Server`
    /// (`s:Receiver`).
    #[error("SOAP fault ({}): {reason}", if *client { "client" } else { "server" })]
    Fault {
        /// The caller is at fault (bad input) rather than the server.
        client: bool,
        /// `faultstring` / `Reason/Text`.
        reason: String,
        /// `detail` / `Detail`, as text.
        detail: Option<String>,
    },
    /// A SuperOffice failure: `ExceptionInfo` with `Succeeded=false`.
    #[error("SuperOffice error: {0}")]
    SuperOffice(Box<ExceptionInfo>),
}

impl ServiceError {
    /// An `s:Client` fault: the request was wrong.
    pub fn client(reason: impl Into<String>) -> Self {
        ServiceError::Fault {
            client: true,
            reason: reason.into(),
            detail: None,
        }
    }

    /// An `s:Server` fault: the server failed.
    pub fn server(reason: impl Into<String>) -> Self {
        ServiceError::Fault {
            client: false,
            reason: reason.into(),
            detail: None,
        }
    }

    /// A SuperOffice failure of `exception_type` (such as `SoSecurityException`).
    pub fn superoffice(exception_type: impl Into<String>, message: impl Into<String>) -> Self {
        ExceptionInfo {
            exception_type: exception_type.into(),
            message: message.into(),
            ..Default::default()
        }
        .into()
    }

    /// What a service answers for an operation it does not implement (the trait's default
    /// methods): an `s:Server` fault naming `operation`.
    pub fn not_implemented(operation: &str) -> Self {
        ServiceError::server(format!("the operation {operation} is not implemented"))
    }
}

impl From<ExceptionInfo> for ServiceError {
    fn from(x: ExceptionInfo) -> Self {
        ServiceError::SuperOffice(Box::new(x))
    }
}
