//! Logging in to SuperOffice CRM Online with an OpenID Connect access token that the
//! application got from its own OAuth flow (SuperID).
//!
//! `SUPEROFFICE_CTX=Cust12345 SUPEROFFICE_CLIENT_SECRET=... SUPEROFFICE_ACCESS_TOKEN=8A:...
//! cargo run -p sogen-examples --features online --bin login_access_token`
//! (`SUPEROFFICE_ENVIRONMENT`: `sod` when unset, `stage`, `online`, or a base URL)

use sogen_runtime::online::Environment;
use sogen_runtime::{AccessToken, Error, Session};

/// The code `build.rs` generated.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
use generated::services88::ChatAgent;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let environment: Environment = match env("SUPEROFFICE_ENVIRONMENT") {
        name if name.is_empty() => Environment::sod(),
        name => name.parse()?,
    };
    // The tenant's endpoint (sod2, sod3, ...) is looked up, and followed when it moves.
    let session = Session::online(environment, env("SUPEROFFICE_CTX"))
        .application_token(env("SUPEROFFICE_CLIENT_SECRET"))
        .credentials(AccessToken::new(env("SUPEROFFICE_ACCESS_TOKEN")))
        .build()?;
    let chat: ChatAgent = session.agent();
    chat.delete_chat_session_entity(42).await?;
    Ok(())
}
