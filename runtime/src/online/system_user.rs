//! [`SystemUser`]: exchanging a signed system user token for a ticket at the login service.

use std::time::{Duration, SystemTime};

use tracing::Instrument as _;

use super::env::check_context_identifier;
use super::{
    system_user_token, Claims, Environment, Jwks, JwtError, OnlineError, OnlineHttp, PrivateKey,
};
use crate::redact::{Redactor, Scrub as _};
use crate::Secret;

/// Claim holding the ticket (the credential for NetServer calls).
pub const TICKET_CLAIM: &str = "http://schemes.superoffice.net/identity/ticket";
/// Claim holding the tenant's NetServer SOAP URL.
pub const NETSERVER_URL_CLAIM: &str = "http://schemes.superoffice.net/identity/netserver_url";
/// Claim holding the tenant's REST WebApi URL (`https://sod2.superoffice.com/Cust12345/api/`).
pub const WEBAPI_URL_CLAIM: &str = "http://schemes.superoffice.net/identity/webapi_url";
/// Claim holding the tenant database serial number (the audience is `spn:<serial>`).
pub const SERIAL_CLAIM: &str = "http://schemes.superoffice.net/identity/serial";
/// Claim holding the context identifier (tenant).
pub const CONTEXT_CLAIM: &str = "http://schemes.superoffice.net/identity/ctx";

/// How long a system-user ticket stays valid after its last use (sliding expiry, per
/// SuperOffice's system user documentation).
pub const TICKET_SLIDING_LIFETIME: Duration = Duration::from_secs(6 * 3600);

/// What a non-interactive integration needs to obtain a system-user ticket for one tenant.
///
/// Every successful exchange creates a credentials record on the tenant's server: obtain a
/// ticket once and reuse it for hours (see [`TICKET_SLIDING_LIFETIME`]), never per call.
#[derive(Debug, Clone)]
pub struct SystemUser {
    /// The environment the application and tenant live in.
    pub environment: Environment,
    /// The application's client secret (sent as `ApplicationToken`).
    pub client_secret: Secret,
    /// The tenant, such as `Cust12345`.
    pub context_identifier: String,
    /// The system user token of this application and tenant (the `system_token` claim
    /// of the administrator's consent).
    pub system_user_token: Secret,
    /// The application's private key.
    pub key: PrivateKey,
}

/// A validated system-user ticket. `Debug` redacts the ticket and the JWT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemUserTicket {
    /// The ticket: the credential for NetServer calls (SOAP `Credentials`, REST
    /// `Authorization: SOTicket ...`).
    pub ticket: Secret,
    /// The `netserver_url` claim, if present. API calls should go to the tenant-state
    /// [`endpoint`](super::TenantState::endpoint) instead: this URL may name an unnumbered
    /// host, which answers API calls with `421`.
    pub netserver_url: Option<String>,
    /// The `webapi_url` claim (the tenant's REST base), if present; it passed the
    /// environment's endpoint rule ([`Environment::check_endpoint`]): a claim naming a
    /// host the environment does not allow fails the exchange. A session's REST calls go
    /// to the tenant-state endpoint's `api/v1/` all the same: that one is looked up again
    /// when the tenant moves.
    pub webapi_url: Option<String>,
    /// The JWT's `exp`. The ticket itself expires [`TICKET_SLIDING_LIFETIME`] after its
    /// last use; the server has the final word (a rejected ticket means a new exchange).
    pub jwt_expires_at: SystemTime,
    /// When the exchange completed.
    pub obtained_at: SystemTime,
    /// The validated JWT itself.
    pub jwt: Secret,
    /// Its claims (who the system user is: `http://schemes.superoffice.net/identity/...`);
    /// `Debug` shows their names only.
    pub claims: Claims,
}

/// `PartnerSystemUser/Authenticate` request body.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct Request<'a> {
    signed_system_token: &'a str,
    application_token: &'a str,
    context_identifier: &'a str,
    return_token_type: &'a str,
}

/// Its answer (field case as documented; camelCase accepted too).
#[derive(serde::Deserialize)]
struct Answer {
    #[serde(rename = "IsSuccessful", alias = "isSuccessful")]
    is_successful: bool,
    #[serde(rename = "ErrorMessage", alias = "errorMessage", default)]
    error_message: Option<String>,
    #[serde(rename = "Token", alias = "token", default)]
    token: Option<String>,
}

impl SystemUser {
    /// Signs the system user token, exchanges it at the environment's login service, and
    /// validates the JWT that comes back against `jwks` (which must be the environment's):
    /// signature, `iss`, `exp`, `aud` = `spn:<serial claim>`, and the `ctx` claim, if
    /// present, naming this tenant. Returns the ticket claim and what surrounds it.
    pub async fn authenticate(
        &self,
        http: &OnlineHttp,
        jwks: &Jwks,
    ) -> Result<SystemUserTicket, OnlineError> {
        let span = tracing::info_span!("online_authenticate", context = %self.context_identifier);
        self.exchange(http, jwks).instrument(span).await
    }

    async fn exchange(
        &self,
        http: &OnlineHttp,
        jwks: &Jwks,
    ) -> Result<SystemUserTicket, OnlineError> {
        check_context_identifier(&self.context_identifier)?;
        if jwks.url() != self.environment.jwks_url() {
            return Err(OnlineError::Config {
                reason: "the Jwks belongs to another environment".into(),
            });
        }
        let signed = system_user_token(&self.system_user_token, &self.key, SystemTime::now())?;
        // What the login service and its JWT quote of what it was sent (a message, a claim,
        // a key id) leaves without it.
        let secrets = [&signed, &self.client_secret, &self.system_user_token];
        let redactor = Redactor::new(secrets.iter().map(|s| s.expose()));
        self.send(http, jwks, &signed, &redactor)
            .await
            .map_err(|mut e| {
                e.scrub(&redactor);
                e
            })
    }

    async fn send(
        &self,
        http: &OnlineHttp,
        jwks: &Jwks,
        signed: &Secret,
        redactor: &Redactor,
    ) -> Result<SystemUserTicket, OnlineError> {
        let body = serde_json::to_vec(&Request {
            signed_system_token: signed.expose(),
            application_token: self.client_secret.expose(),
            context_identifier: &self.context_identifier,
            return_token_type: "JWT",
        })
        .map_err(|e| OnlineError::Config {
            reason: super::error::json_reason(&e),
        })?;
        let url = self.environment.login_url();
        let reply = http.post_json(&url, body).await?;
        let answer: Answer = match reply.json("PartnerSystemUser/Authenticate") {
            Ok(answer) => answer,
            // An error status without the documented body says more as a status.
            Err(_) if !reply.is_success() => {
                return Err(OnlineError::Http {
                    status: reply.status,
                    url: super::http::clean_url(&url),
                })
            }
            Err(e) => return Err(e),
        };
        if !answer.is_successful {
            let message = answer.error_message.unwrap_or_default();
            let message = redactor.quote(&message, 300);
            tracing::debug!(message = %message, "system user rejected");
            return Err(OnlineError::Rejected { message });
        }
        if !reply.is_success() {
            return Err(OnlineError::Http {
                status: reply.status,
                url: super::http::clean_url(&url),
            });
        }
        let jwt =
            answer
                .token
                .filter(|t| !t.is_empty())
                .ok_or_else(|| OnlineError::InvalidAnswer {
                    what: "PartnerSystemUser/Authenticate",
                    reason: "IsSuccessful without a Token".into(),
                })?;
        let claims = jwks.validate(&jwt, http).await?;
        let serial = claims
            .get_str(SERIAL_CLAIM)
            .ok_or(JwtError::Claim("serial"))?;
        let audience = format!("spn:{serial}");
        if !claims.has_audience(&audience) {
            return Err(JwtError::Audience { expected: audience }.into());
        }
        if let Some(ctx) = claims.get(CONTEXT_CLAIM) {
            let same = ctx
                .as_str()
                .is_some_and(|c| c.eq_ignore_ascii_case(&self.context_identifier));
            if !same {
                return Err(JwtError::Tenant {
                    expected: self.context_identifier.clone(),
                }
                .into());
            }
        }
        let ticket = claims
            .get_str(TICKET_CLAIM)
            .filter(|t| !t.trim().is_empty())
            .ok_or(JwtError::Claim("ticket"))?;
        let webapi_url = match claims.get(WEBAPI_URL_CLAIM) {
            None => None,
            Some(url) => {
                let url = url.as_str().ok_or(JwtError::Claim("webapi_url"))?;
                Some(self.environment.check_endpoint(url)?)
            }
        };
        tracing::debug!("system user ticket obtained");
        Ok(SystemUserTicket {
            ticket: Secret::new(ticket),
            netserver_url: claims.get_str(NETSERVER_URL_CLAIM).map(str::to_owned),
            webapi_url,
            jwt_expires_at: claims.expires_at(),
            obtained_at: SystemTime::now(),
            jwt: Secret::new(jwt),
            claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_message_never_quotes_a_secret_in_any_form() {
        let r = Redactor::new(["app-secret", r#"My"App&xyz"#]);
        assert_eq!(
            r.quote(r#"bad token My\"App\u0026xyz for "app-secret""#, 300),
            r#"bad token [redacted] for "[redacted]""#
        );
        assert_eq!(r.quote(&"x".repeat(400), 300).len(), 303);
    }
}
