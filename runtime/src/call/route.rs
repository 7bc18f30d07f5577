//! Where one attempt of a call goes and with which credential: a fixed client's base URL
//! and ticket, or a session's current site and credential (logging in first when it has
//! none).

use crate::client::{Client, OperationInfo, Target};
use crate::wire::{site_path, Credential, Endpoint};
use crate::Error;

/// Where one attempt of a call goes, with which credential.
pub(super) struct Route<'c> {
    pub(super) endpoint: Endpoint<'c>,
    pub(super) credential: Option<Credential>,
    /// The session whose endpoint and credential these are.
    pub(super) session: Option<&'c crate::session::Core>,
    /// Whether the session may renew the credential (not when the client was given a
    /// ticket).
    pub(super) renewable: bool,
    pub(super) ticket_generation: u64,
    pub(super) endpoint_generation: u64,
}

impl<'c> Route<'c> {
    pub(super) async fn of(client: &'c Client, op: &OperationInfo) -> Result<Route<'c>, Error> {
        match &client.inner.target {
            Target::Fixed { base_url, ticket } => Ok(Route {
                endpoint: Endpoint::Base(base_url),
                credential: ticket.clone().map(Credential::ticket),
                session: None,
                renewable: false,
                ticket_generation: 0,
                endpoint_generation: 0,
            }),
            Target::Session(core, fixed) => {
                let (site, endpoint_generation) = core.site().await?;
                let (credential, ticket_generation) = match fixed {
                    Some(t) => (Credential::ticket(t.clone()), 0),
                    None => core.ticket(op).await?,
                };
                Ok(Route {
                    endpoint: Endpoint::Site(site),
                    credential: Some(credential),
                    session: Some(core),
                    renewable: fixed.is_none(),
                    ticket_generation,
                    endpoint_generation,
                })
            }
        }
    }
}

/// The URL a call is known by before its first attempt (for a timeout that ends it
/// there): a fixed client's, or a session's path of the operation.
pub(super) fn first_url(client: &Client, op: &OperationInfo) -> String {
    let wire = client.inner.shared.wire;
    match &client.inner.target {
        Target::Fixed { base_url, .. } => Endpoint::Base(base_url).url(op, wire),
        Target::Session(..) => site_path(op, wire),
    }
}
