//! SuperOffice Online building blocks (feature `online`): the system-user ticket exchange,
//! JWT validation against the environment's JWKS, and the tenant-state API.
//!
//! - [`Environment`]: `sod`, `stage`, `online` or custom base URLs.
//! - [`PrivateKey`]: the application's RSA key from PEM or `<RSAKeyValue>` XML;
//!   [`system_user_token`] signs the system user token with it.
//! - [`SystemUser::authenticate`]: exchange and validation, giving a [`SystemUserTicket`].
//! - [`Jwks`]: the environment's signing keys, cached; validates RS256 JWTs.
//! - [`tenant_state`]: a tenant's [`TenantState`] (endpoint, status, `ValidUntil`).
//! - [`OnlineHttp`]: the HTTP client they share (redirects never followed, timeout, size cap).
//!
//! ```no_run
//! use sogen_runtime::online::*;
//! # async fn demo() -> Result<(), OnlineError> {
//! let env = Environment::sod();
//! let http = OnlineHttp::new()?;
//! let jwks = Jwks::new(&env);
//! let user = SystemUser {
//!     environment: env.clone(),
//!     client_secret: "client-secret".into(),
//!     context_identifier: "Cust12345".into(),
//!     system_user_token: "MyApp-8k8Q7DmBgo".into(),
//!     key: PrivateKey::parse(&std::fs::read_to_string("private.xml").unwrap())?,
//! };
//! let ticket = user.authenticate(&http, &jwks).await?; // once; reuse it for hours
//! let state = tenant_state(&http, &env, "Cust12345").await?;
//! assert!(state.is_running);
//! # Ok(()) }
//! ```
//!
//! # What SuperOffice documents, and where
//!
//! - **Signed token** ("How to sign system user token", docs.superoffice.com
//!   `authentication/online/auth-application/sign-system-user-token`): the plain system user
//!   token, `.`, the UTC time as `yyyyMMddHHmm` with leading zeros, `.`, and the base64 of
//!   the RSA SHA-256 signature of the first part. The C# sample signs the UTF-8 bytes with
//!   `RSACryptoServiceProvider.SignData(.., "SHA256")` (PKCS#1 v1.5) and encodes with
//!   `Convert.ToBase64String` (standard alphabet, padded); the key is `FromXmlString` XML.
//! - **Exchange** ("How to get a system user ticket credential", same section,
//!   `get-system-user-ticket`): `POST https://{environment}.superoffice.com/Login/api/PartnerSystemUser/Authenticate`,
//!   JSON `SignedSystemToken`, `ApplicationToken` (the client secret), `ContextIdentifier`,
//!   `ReturnTokenType: "JWT"`. The answer's `IsSuccessful`, `ErrorMessage` and `Token` are
//!   as read by SuperOffice's `SystemUserClient` (github.com/SuperOffice/SuperOffice.SystemUser.Client,
//!   `SystemUserResult`).
//! - **Validation** ("Validate security tokens", `authentication/online/validate-security-tokens`):
//!   keys at `https://{environment}.superoffice.com/login/.well-known/jwks`; for the system
//!   user scenario the issuer is `SuperOffice AS` and the audience `spn:{serial claim}`
//!   (OpenID Connect id_tokens instead have issuer `https://{env}.superoffice.com`).
//!   SuperOffice's `SystemUserTokenHandler` sets exactly these (`Constants.SystemUser.ClaimsIssuer`).
//! - **Claims** (same page, "SuperOffice-specific claims"): all prefixed
//!   `http://schemes.superoffice.net/identity/` — *schemes*, not *schemas* — `ticket`,
//!   `netserver_url`, `webapi_url`, `serial`, `ctx`, ...
//! - **Ticket lifetime** ("System user flow", `authentication/online/auth-application`):
//!   the ticket claim is the credential, valid 6 hours with sliding expiry on every use;
//!   cache it and obtain a new one only when it expired or a call answers 401. Every
//!   exchange creates a credentials record (SystemUser.Client README).
//! - **Tenant state** ("Status page" and "Check tenant status", `apps/tenant-status`):
//!   `GET https://{environment}.superoffice.com/api/state/{ContextIdentifier}` answers
//!   `ContextIdentifier`, `Endpoint` (moves between `sod2`, `sod3`, ... for load balancing),
//!   `State` (Unknown 0, Provisioning 1, Running 2, Deleted 3, Suspended 4, OnlineMaintenance 5,
//!   OfflineMaintenance 6, ProvisioningFailed 8, Deleting 10, DeleteFailed 11,
//!   MigrationPending 12), `IsRunning` (Running, OnlineMaintenance), `ValidUntil` ("when to
//!   check next time", e.g. `2020-10-05T09:52:01.9342965Z`) and `Api`. Since 17 November
//!   2023 a call to the wrong public endpoint is answered `421 Misdirected Request` ("Wrong
//!   subdomain used to access tenant"); unnumbered hosts (`sod.`, `online.`) are for
//!   authentication only.
//! - **Keys** ("New certificate", Developer Portal docs): the application's certificate is an
//!   RSA key pair; the portal keeps the public key, the vendor the private one.
//!
//! ring signs with moduli of 2048 to 4096 bits only; a shorter application key is refused
//! with [`OnlineError::InvalidKey`].

mod clock;
mod env;
mod error;
mod hosts;
mod http;
mod jwks;
mod jwt;
mod key;
mod system_user;
mod tenant;
mod token;

pub use env::{Environment, SYSTEM_USER_ISSUER};
pub use error::{JwtError, OnlineError};
pub use http::OnlineHttp;
pub use jwks::Jwks;
pub use jwt::Claims;
pub use key::PrivateKey;
pub use system_user::{
    SystemUser, SystemUserTicket, CONTEXT_CLAIM, NETSERVER_URL_CLAIM, SERIAL_CLAIM, TICKET_CLAIM,
    TICKET_SLIDING_LIFETIME, WEBAPI_URL_CLAIM,
};
pub use tenant::{tenant_state, TenantState, TenantStatus};
pub use token::system_user_token;
