//! The one SOAP call the runtime writes itself: `SoPrincipal.Authenticate...` of whatever
//! version is in use. Every version declares the same shape (a request wrapper of string
//! parameters, an `AuthenticateResponse` with `Credentials/Ticket` and
//! `AuthenticationSucceeded`), so one function serves them all, named by the namespace.

use std::time::Instant;

use super::credentials::{Login, LoginContext};
use super::Principal;
use crate::call::Exchange;
use crate::codec::{excerpt, Decode, DecodeError, ElementStart, XmlReader, XmlWriter};
use crate::redact::is_secret_name;
use crate::soap::{write_request, RequestHeaders};
use crate::wire::{Format, Outgoing, Reader};
use crate::{Error, Secret, SoapVersion};

/// What `AuthenticateResponse` said.
struct Answer {
    principal: Option<Principal>,
    ticket: Option<String>,
    succeeded: bool,
}

fn read_answer(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Answer, DecodeError> {
    let mut answer = Answer {
        principal: None,
        ticket: None,
        succeeded: false,
    };
    while let Some(child) = r.next_child()? {
        match child.local_name() {
            "Response" => answer.principal = Option::<Principal>::decode(r, &child)?,
            "Credentials" if !child.is_nil() => {
                while let Some(c) = r.next_child()? {
                    if c.local_name() == "Ticket" {
                        answer.ticket = Option::<String>::decode(r, &c)?;
                    } else {
                        r.skip()?;
                    }
                }
            }
            "AuthenticationSucceeded" => answer.succeeded = bool::decode(r, &child)?,
            _ => r.skip()?,
        }
    }
    Ok(answer)
}

/// Calls `SoPrincipal.<operation>` with `params` and returns the ticket and who it is for.
/// A parameter named as a secret (`Password`, `AccessToken`) is one wherever a server may
/// quote it; any other (`UserName`: personal data, not a secret) is hidden in its own
/// element of the wire log only.
pub(super) async fn authenticate(
    ctx: &LoginContext<'_>,
    operation: &str,
    params: &[(&str, &Secret)],
) -> Result<Login, Error> {
    let ns = ctx.namespace;
    let shared = ctx.shared;
    // SoPrincipal's operations declare the ApplicationToken header alone.
    let headers = RequestHeaders {
        application_token: shared.application_token.as_ref().map(Secret::expose),
        ticket: None,
        time_zone: None,
    };
    let envelope = write_request(SoapVersion::Soap11, ns, &headers, |w: &mut XmlWriter| {
        w.open(ns, operation);
        for (name, value) in params {
            w.leaf(ns, name, value.expose());
        }
        w.close(ns, operation);
    });
    let action = format!("{ns}/SoPrincipal/{operation}");
    let span = tracing::info_span!(
        "sogen_login",
        version = ctx.version,
        operation,
        http.status = tracing::field::Empty,
    );
    let (secret, other): (Vec<_>, Vec<_>) = params.iter().partition(|(n, _)| is_secret_name(n));
    let secrets: Vec<&Secret> = secret.iter().map(|(_, v)| *v).collect();
    let hidden: Vec<&str> = other.iter().map(|(n, _)| *n).collect();
    // Over either wire: the Agents API has no login operation, so a password or an
    // access token (over SOAP) gets its ticket from the SOAP service.
    let out = Outgoing {
        url: format!("{}/Remote/{}/SoPrincipal.svc", ctx.site, ctx.version),
        headers: SoapVersion::Soap11.http_headers(&action),
        body: envelope,
        secrets: Vec::new(),
        format: Format::Xml,
    };
    let exchange = Exchange {
        shared,
        deadline: Instant::now().checked_add(shared.timeout),
        headers: &[],
        secrets: &secrets,
        hidden: &hidden,
    };
    let outcome = {
        use tracing::Instrument as _;
        let run = exchange.run(out, Reader::Soap(read_answer), &span);
        run.instrument(span.clone()).await.outcome
    };
    // The exchange has hidden the parameters, the application token and the ticket in
    // whatever the server quoted back.
    match outcome {
        Ok((
            Answer {
                principal,
                ticket: Some(t),
                succeeded: true,
            },
            _,
        )) if !t.trim().is_empty() => Ok(Login::new(Secret::new(t)).with_principal(principal)),
        Ok((Answer { succeeded, .. }, _)) => Err(Error::LoginFailed {
            message: if succeeded {
                format!("SoPrincipal.{operation} answered without a ticket")
            } else {
                format!("SoPrincipal.{operation}: the server rejected the credentials")
            },
            exception: None,
        }),
        // NetServer reports a refused login as ExceptionInfo (Succeeded=false) or a fault.
        Err(Error::SuperOffice(x)) => {
            let x = Box::new(x.exception);
            Err(Error::LoginFailed {
                message: format!("SoPrincipal.{operation}: {x}"),
                exception: Some(x),
            })
        }
        Err(Error::Fault(f)) => Err(Error::LoginFailed {
            message: format!(
                "SoPrincipal.{operation}: SOAP fault {}: {}",
                excerpt(&f.code, 100),
                excerpt(&f.reason, 500)
            ),
            exception: None,
        }),
        Err(e) => Err(e),
    }
}
