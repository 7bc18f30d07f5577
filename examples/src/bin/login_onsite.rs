//! Logging in to an onsite NetServer with a user name and password.
//!
//! `SUPEROFFICE_SITE=https://crm.example.com/SuperOffice SUPEROFFICE_USER=jane
//! SUPEROFFICE_PASSWORD=... cargo run -p sogen-examples --bin login_onsite`

use sogen_runtime::{Error, Session, UsernamePassword};

/// The code `build.rs` generated.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
use generated::services88::ChatAgent;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let session = Session::onsite(env("SUPEROFFICE_SITE"))
        .credentials(UsernamePassword::new(
            env("SUPEROFFICE_USER"),
            env("SUPEROFFICE_PASSWORD"),
        ))
        .build()?;
    // Any agent of any generated version; it logs in on the first call, and again
    // (once) whenever the ticket expires.
    let chat: ChatAgent = session.agent();
    chat.delete_chat_session_entity(42).await?;
    println!("logged in {} time(s)", session.logins());
    Ok(())
}
