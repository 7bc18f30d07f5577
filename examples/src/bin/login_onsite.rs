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
    // Logs in now, through SoPrincipal of ChatAgent's version (else the first call does),
    // and says who logged in.
    session.login_for::<ChatAgent>().await?;
    if let Some(me) = session.principal() {
        let name = me.full_name.unwrap_or_default();
        println!("logged in as {name} (associate {})", me.associate_id);
    }
    // Any agent of any generated version; the session logs in again (once) whenever the
    // ticket expires.
    let chat: ChatAgent = session.agent();
    chat.delete_chat_session_entity(42).await?;
    println!("logged in {} time(s)", session.logins());
    Ok(())
}
