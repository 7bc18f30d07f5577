//! The whole flow of a sogen client, ready to copy:
//!
//! 1. `build.rs` generates the Chat agent of Services88 into `OUT_DIR` (see `build.rs`);
//!    the [`generated`] module includes it.
//! 2. A [`Session`] is configured with the site, the credentials and the application
//!    token. It logs in (through `SoPrincipal`) before the first call and, when the server
//!    says the ticket is no longer valid, logs in once more and repeats that call once.
//! 3. Chat operations are called through the generated [`ChatAgent`] the session hands
//!    out (`session.agent()`).
//! 4. Every kind of [`Error`] is handled.
//!
//! Configuration comes from the environment; secrets are never printed:
//!
//! - `SUPEROFFICE_SITE`: the NetServer site, the URL before `/Remote/`, such as
//!   `https://crm.example.com/SuperOffice` or `https://sod.superoffice.com/Cust12345`
//!   (default: a closed port on 127.0.0.1, so a run without a server shows the connection
//!   error and exits cleanly);
//! - `SUPEROFFICE_USER` and `SUPEROFFICE_PASSWORD`: an onsite SuperOffice user, logged in
//!   with `SoPrincipal.AuthenticateUsernamePassword`, again whenever the ticket expires;
//! - or instead `SUPEROFFICE_TICKET`: a ticket obtained elsewhere (`7T:...`), which the
//!   session cannot renew: once it expires, calls fail with the server's error;
//! - `SUPEROFFICE_APP_TOKEN` (optional): the application token;
//! - `SUPEROFFICE_CHAT_SESSION`: the chat session to post to (default 1).
//!
//! Exit status: 0 when the calls succeeded or no server could be reached (a dry run),
//! 1 when the server answered with an error (a refused login included), 2 on a
//! configuration error (no credentials, or both kinds).

use std::process::ExitCode;
use std::time::Duration;

use sogen_runtime::{Error, ExistingTicket, Session, TimeZone, UsernamePassword};

/// The code `build.rs` generated: `services88::chat::ChatAgent`, `services88::types::*`.
/// A program uses only part of it; generated code allows that (no `dead_code` warnings).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::services88::types::{ChatMessage, ChatMessageType};
use generated::services88::ChatAgent;

/// Where nothing listens: the default site, so that the program runs anywhere.
const NOWHERE: &str = "http://127.0.0.1:9/Cust12345";

#[tokio::main]
async fn main() -> ExitCode {
    let session = match configure() {
        Ok(session) => session,
        Err(e) => {
            // "invalid configuration: ..." (`Error::Config`).
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // An agent is a thin handle on the session: cheap to clone, one per service, any
    // generated version. Nothing is sent yet: the first call logs in.
    let chat: ChatAgent = session.agent();
    let chat_session: i32 = std::env::var("SUPEROFFICE_CHAT_SESSION")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);

    let message = ChatMessage {
        chat_session_id: chat_session,
        // A message from the user (agent) to the customer.
        r#type: ChatMessageType::ToCustomer,
        message: Some("Hello from sogen".into()),
        author: Some("sogen example".into()),
        ..Default::default()
    };
    // `.with_headers()` also returns the response headers (ExtraInfo, TimeZone, Succeeded);
    // a plain `.await` returns the value alone, `.blocking()` works without async.
    match chat
        .add_chat_message(chat_session, &message)
        .with_headers()
        .await
    {
        Ok(response) => {
            match &response.value {
                Some(m) => println!(
                    "posted message {} to session {chat_session}",
                    m.chat_message_id
                ),
                None => println!("the server returned no message"),
            }
            if let Some(tz) = &response.headers.time_zone {
                println!("server time zone: {}", tz.id);
            }
        }
        Err(e) => return report(&e),
    }

    // Should the ticket expire between the two calls, the session logs in again and
    // repeats this call: the program does not see it.
    match chat.delete_chat_session_entity(chat_session).await {
        Ok(()) => println!("deleted chat session {chat_session}"),
        Err(e) => return report(&e),
    }
    println!("logins: {}", session.logins());
    ExitCode::SUCCESS
}

/// Builds the session from the environment.
fn configure() -> Result<Session, Error> {
    let var = |name: &str| std::env::var(name).ok();
    let site = var("SUPEROFFICE_SITE").unwrap_or_else(|| NOWHERE.to_owned());
    let mut builder = Session::onsite(site)
        .time_zone(TimeZone {
            id: 0,
            location_code: Some("UTC".into()),
        })
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30));
    // A user name and password, or a ticket: exactly one of the two.
    builder = match (
        var("SUPEROFFICE_USER"),
        var("SUPEROFFICE_PASSWORD"),
        var("SUPEROFFICE_TICKET"),
    ) {
        (Some(user), Some(password), None) => {
            Ok(builder.credentials(UsernamePassword::new(user, password)))
        }
        (None, None, Some(ticket)) => Ok(builder.credentials(ExistingTicket::new(ticket))),
        (Some(_), None, None) => Err("SUPEROFFICE_PASSWORD is not set"),
        (None, Some(_), None) => Err("SUPEROFFICE_USER is not set"),
        (None, None, None) => {
            Err("set SUPEROFFICE_USER and SUPEROFFICE_PASSWORD, or SUPEROFFICE_TICKET")
        }
        (_, _, Some(_)) => {
            Err("set SUPEROFFICE_USER and SUPEROFFICE_PASSWORD, or SUPEROFFICE_TICKET: not both")
        }
    }
    .map_err(|what| Error::Config(what.into()))?;
    if let Some(token) = var("SUPEROFFICE_APP_TOKEN") {
        builder = builder.application_token(token);
    }
    builder.build()
}

/// Explains an error the way an application would, and picks the exit status.
///
/// Errors never contain the password, ticket or tokens, so printing them is safe.
fn report(e: &Error) -> ExitCode {
    match e {
        // The network: nothing answered. Retry later; here it ends a dry run cleanly.
        Error::Connect { url, message } => {
            eprintln!("cannot reach {url}: {message}");
            return ExitCode::SUCCESS;
        }
        Error::Timeout { url } => {
            eprintln!("{url} did not answer in time");
            return ExitCode::SUCCESS;
        }
        Error::Tls { url, message } => eprintln!("TLS failed with {url}: {message}"),
        Error::Transport { url, message } => eprintln!("connection to {url} broke: {message}"),
        // A redirect that would take the request (and its secrets) to another origin, or
        // replay it as a GET, is refused: the site URL is probably outdated.
        Error::Redirect {
            url,
            location,
            reason,
            ..
        } => eprintln!(
            "{url} redirected to {}: not followed ({reason})",
            location.as_deref().unwrap_or("an unknown location")
        ),
        // Something other than NetServer answered (a proxy, an HTML error page).
        Error::Http {
            status, excerpt, ..
        } => eprintln!("HTTP {status} without a SOAP answer: {excerpt}"),
        // The SOAP stack refused the request (unknown action, malformed request).
        Error::Fault(fault) => eprintln!("SOAP fault {}: {}", fault.code, fault.reason),
        // The login was refused (a wrong user name or password), or answered without a
        // ticket. An expired ticket is not this: the session logs in again by itself.
        Error::LoginFailed { message, exception } => {
            eprintln!("login failed: {message}");
            if let Some(x) = exception.as_deref().filter(|x| !x.friendly_text.is_empty()) {
                eprintln!("  (for the user: {})", x.friendly_text);
            }
        }
        // NetServer ran the call and failed: a missing right, a closed record, a ticket
        // refused again right after a new login, an expired `SUPEROFFICE_TICKET`, ...
        Error::SuperOffice(info) => {
            eprintln!("SuperOffice {}: {}", info.exception_type, info.message);
            if !info.friendly_text.is_empty() {
                eprintln!("  (for the user: {})", info.friendly_text);
            }
        }
        // The answer did not match the schema this code was generated from.
        Error::Decode(d) => eprintln!("unexpected response at {}: {d}", d.path()),
        Error::LimitExceeded { kind, limit } => {
            eprintln!("response over the {kind:?} limit ({limit}); raise Limits if expected")
        }
        // SuperOffice Online only (`Session::online`): the tenant is suspended, in
        // maintenance, ...
        Error::TenantNotRunning {
            context_identifier,
            state,
        } => eprintln!("tenant {context_identifier} is not running ({state})"),
        // SuperOffice Online only: its login service, keys or tenant state API failed.
        #[cfg(feature = "online")]
        Error::Online(online) => eprintln!("SuperOffice Online: {online}"),
        Error::Config(what) => eprintln!("invalid configuration: {what}"),
        Error::BlockingInAsync => eprintln!("use .await inside async code, not .blocking()"),
        // `Error` is non-exhaustive: later runtime versions may add kinds.
        other => eprintln!("call failed: {other}"),
    }
    ExitCode::FAILURE
}
