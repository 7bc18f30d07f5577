//! The whole flow of a sogen client, ready to copy:
//!
//! 1. `build.rs` generates the Chat agent of Services88 into `OUT_DIR` (see `build.rs`);
//!    the [`generated`] module includes it.
//! 2. A [`Client`] is configured with the endpoint, ticket and application token.
//! 3. Chat operations are called through the generated [`ChatAgent`].
//! 4. Every kind of [`Error`] is handled.
//!
//! Configuration comes from the environment; secrets are never printed:
//!
//! - `SUPEROFFICE_URL`: the version's base URL, such as
//!   `https://sod.superoffice.com/Cust12345/Remote/Services88/` (default: a closed port on
//!   127.0.0.1, so a run without a server shows the connection error and exits cleanly);
//! - `SUPEROFFICE_TICKET`: a ticket from SoPrincipal (`7T:...`);
//! - `SUPEROFFICE_APP_TOKEN`: the application token (SuperOffice Online);
//! - `SUPEROFFICE_CHAT_SESSION`: the chat session to post to (default 1).
//!
//! Exit status: 0 when the calls succeeded or no server could be reached (a dry run),
//! 1 when the server answered with an error, 2 on a configuration error.

use std::process::ExitCode;
use std::time::Duration;

use sogen_runtime::{Client, Error, TimeZone};

/// The code `build.rs` generated: `services88::chat::ChatAgent`, `services88::types::*`.
/// A program uses only part of it; generated code allows that (no `dead_code` warnings).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::services88::types::{ChatMessage, ChatMessageType};
use generated::services88::ChatAgent;

/// Where nothing listens: the default endpoint, so that the program runs anywhere.
const NOWHERE: &str = "http://127.0.0.1:9/Cust12345/Remote/Services88/";

#[tokio::main]
async fn main() -> ExitCode {
    let client = match configure() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    // An agent is a thin handle on the client: cheap to clone, one per service.
    let chat = ChatAgent::new(client);
    let session: i32 = std::env::var("SUPEROFFICE_CHAT_SESSION")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);

    let message = ChatMessage {
        chat_session_id: session,
        // A message from the user (agent) to the customer.
        r#type: ChatMessageType::ToCustomer,
        message: Some("Hello from sogen".into()),
        author: Some("sogen example".into()),
        ..Default::default()
    };
    // `.with_headers()` also returns the response headers (ExtraInfo, TimeZone, Succeeded);
    // a plain `.await` returns the value alone, `.blocking()` works without async.
    match chat
        .add_chat_message(session, &message)
        .with_headers()
        .await
    {
        Ok(response) => {
            match &response.value {
                Some(m) => println!("posted message {} to session {session}", m.chat_message_id),
                None => println!("the server returned no message"),
            }
            if let Some(tz) = &response.headers.time_zone {
                println!("server time zone: {}", tz.id);
            }
        }
        Err(e) => return report(&e),
    }

    match chat.delete_chat_session_entity(session).await {
        Ok(()) => println!("deleted chat session {session}"),
        Err(e) => return report(&e),
    }
    ExitCode::SUCCESS
}

/// Builds the client from the environment.
fn configure() -> Result<Client, Error> {
    let url = std::env::var("SUPEROFFICE_URL").unwrap_or_else(|_| NOWHERE.to_owned());
    let mut builder = Client::builder(url)
        .time_zone(TimeZone {
            id: 0,
            location_code: Some("UTC".into()),
        })
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30));
    if let Ok(ticket) = std::env::var("SUPEROFFICE_TICKET") {
        builder = builder.ticket(ticket);
    }
    if let Ok(token) = std::env::var("SUPEROFFICE_APP_TOKEN") {
        builder = builder.application_token(token);
    }
    builder.build()
}

/// Explains an error the way an application would, and picks the exit status.
///
/// Errors never contain the ticket or tokens, so printing them is safe.
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
        // Something other than NetServer answered (a proxy, an HTML error page).
        Error::Http {
            status, excerpt, ..
        } => eprintln!("HTTP {status} without a SOAP answer: {excerpt}"),
        // The SOAP stack refused the request (unknown action, malformed request).
        Error::Fault(fault) => eprintln!("SOAP fault {}: {}", fault.code, fault.reason),
        // NetServer ran the call and failed: an expired ticket, a missing right, ...
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
        Error::Config(what) => eprintln!("invalid configuration: {what}"),
        Error::BlockingInAsync => eprintln!("use .await inside async code, not .blocking()"),
        // `Error` is non-exhaustive: later runtime versions may add kinds.
        other => eprintln!("call failed: {other}"),
    }
    ExitCode::FAILURE
}
