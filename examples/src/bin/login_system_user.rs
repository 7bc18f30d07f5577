//! Logging in to SuperOffice CRM Online as the system user of a non-interactive
//! integration: a signed system user token exchanged once for a ticket that is reused.
//!
//! `SUPEROFFICE_CTX=Cust12345 SUPEROFFICE_CLIENT_SECRET=... SUPEROFFICE_SYSTEM_USER_TOKEN=...
//! SUPEROFFICE_PRIVATE_KEY=app-key.pem cargo run -p sogen-examples --features online --bin
//! login_system_user` (the key as PEM or as .NET's `<RSAKeyValue>` XML;
//! `SUPEROFFICE_ENVIRONMENT`: `sod` when unset, `stage`, `online`, or a base URL)

use sogen_runtime::online::{Environment, PrivateKey, SystemUser};
use sogen_runtime::{Error, Session, SystemUserCredentials};

/// The code `build.rs` generated.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
use generated::services88::ChatAgent;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let key_text = std::fs::read_to_string(env("SUPEROFFICE_PRIVATE_KEY"))
        .map_err(|e| Error::Config(format!("cannot read the private key: {e}")))?;
    let environment: Environment = match env("SUPEROFFICE_ENVIRONMENT") {
        name if name.is_empty() => Environment::sod(),
        name => name.parse()?,
    };
    let user = SystemUser {
        environment,
        client_secret: env("SUPEROFFICE_CLIENT_SECRET").into(),
        context_identifier: env("SUPEROFFICE_CTX"),
        system_user_token: env("SUPEROFFICE_SYSTEM_USER_TOKEN").into(),
        key: PrivateKey::parse(&key_text)?,
    };
    let session = Session::online(user.environment.clone(), user.context_identifier.clone())
        .application_token(user.client_secret.expose())
        .credentials(SystemUserCredentials::new(user)?)
        .build()?;
    let chat: ChatAgent = session.agent();
    chat.delete_chat_session_entity(42).await?;
    Ok(())
}
