//! [`Environment`]: where an Online environment's login service, JWKS and tenant-state API
//! live, and what issuer its system-user JWTs carry.

use super::hosts::{AllowedHosts, SUPEROFFICE_DOMAIN};
use super::OnlineError;

/// One SuperOffice Online environment: `sod` (development), `stage` or `online`
/// (production), or a custom one (tests, proxies).
///
/// ```
/// use sogen_runtime::online::Environment;
/// let sod = Environment::sod();
/// assert_eq!(sod.login_url(), "https://sod.superoffice.com/Login/api/PartnerSystemUser/Authenticate");
/// assert_eq!(sod.jwks_url(), "https://sod.superoffice.com/login/.well-known/jwks");
/// assert_eq!(sod.state_url("Cust12345").unwrap(), "https://sod.superoffice.com/api/state/Cust12345");
/// assert_eq!(sod.system_user_issuer(), "SuperOffice AS");
///
/// // Tenant endpoints: https on SuperOffice's domain only.
/// assert!(sod.check_endpoint("https://sod2.superoffice.com/Cust12345").is_ok());
/// assert!(sod.check_endpoint("http://sod2.superoffice.com/Cust12345").is_err());
/// assert!(sod.check_endpoint("https://evil.example/Cust12345").is_err());
///
/// let local = Environment::custom("http://127.0.0.1:8080", "http://127.0.0.1:8081/").unwrap();
/// assert_eq!(local.state_url("Cust1").unwrap(), "http://127.0.0.1:8081/api/state/Cust1");
/// assert!(local.state_url("../x").is_err());
/// assert!(local.check_endpoint("http://127.0.0.1:9000/Cust1").is_ok());
/// assert!(local.check_endpoint("http://localhost:9000/Cust1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    login_base: String,
    state_base: String,
    issuer: String,
    hosts: AllowedHosts,
}

/// The `iss` of system-user JWTs in every environment (SuperOffice's validation-parameter
/// table and its `SystemUserTokenHandler`; see the [module docs](super)).
pub const SYSTEM_USER_ISSUER: &str = "SuperOffice AS";

impl Environment {
    /// `https://sod.superoffice.com`: the development environment.
    pub fn sod() -> Self {
        Self::named("sod")
    }

    /// `https://stage.superoffice.com`: where applications are certified.
    pub fn stage() -> Self {
        Self::named("stage")
    }

    /// `https://online.superoffice.com`: production.
    pub fn online() -> Self {
        Self::named("online")
    }

    fn named(subdomain: &str) -> Self {
        let base = format!("https://{subdomain}.superoffice.com");
        Environment {
            login_base: base.clone(),
            state_base: base,
            issuer: SYSTEM_USER_ISSUER.to_owned(),
            hosts: AllowedHosts::domain(SUPEROFFICE_DOMAIN),
        }
    }

    /// Another environment: the base URL of its login service (the host serving
    /// `/Login/api/...` and `/login/.well-known/jwks`) and of its tenant-state API
    /// (`/api/state/...`); both are usually the same. Only `http`/`https` URLs without
    /// userinfo, query or fragment are accepted; a trailing `/` is ignored. Its tenants'
    /// endpoints may be on the scheme and host of either URL (any port) until
    /// [`with_allowed_hosts`](Self::with_allowed_hosts) says otherwise.
    pub fn custom(
        login_base_url: impl Into<String>,
        state_base_url: impl Into<String>,
    ) -> Result<Self, OnlineError> {
        let (login, state) = (
            base_url(login_base_url.into())?,
            base_url(state_base_url.into())?,
        );
        let hosts = AllowedHosts::origin_of(&login)
            .zip(AllowedHosts::origin_of(&state))
            .map(|(a, b)| a.and(b))
            .ok_or_else(|| OnlineError::Config {
                reason: "base URL names no host".into(),
            })?;
        Ok(Environment {
            login_base: login.as_str().trim_end_matches('/').to_owned(),
            state_base: state.as_str().trim_end_matches('/').to_owned(),
            issuer: SYSTEM_USER_ISSUER.to_owned(),
            hosts,
        })
    }

    /// With the hosts its tenants' endpoints may be on, instead of those it had: each a
    /// domain (`example.com`: `https` on the default port, the domain and its subdomains)
    /// or a scheme and host (`http://127.0.0.1`: exactly that host, any port). `sod`,
    /// `stage` and `online` allow `superoffice.com`.
    ///
    /// ```
    /// use sogen_runtime::online::Environment;
    /// let proxy = Environment::custom("https://login.example.com", "https://login.example.com")?
    ///     .with_allowed_hosts(["crm.example.com", "http://127.0.0.1"])?;
    /// assert!(proxy.check_endpoint("https://eu.crm.example.com/Cust1").is_ok());
    /// assert!(proxy.check_endpoint("https://login.example.com/Cust1").is_err());
    /// # Ok::<(), sogen_runtime::online::OnlineError>(())
    /// ```
    pub fn with_allowed_hosts<S: AsRef<str>>(
        mut self,
        hosts: impl IntoIterator<Item = S>,
    ) -> Result<Self, OnlineError> {
        self.hosts = AllowedHosts::parse(hosts)?;
        Ok(self)
    }

    /// `url` (normalised) if it may receive this environment's credentials: `https`
    /// (or the scheme a custom environment names for a host), no user info, query or
    /// fragment, and a host the environment allows. Else
    /// [`OnlineError::EndpointNotAllowed`]. Every URL a SuperOffice service names for
    /// requests that carry credentials (the tenant state's `Endpoint`) passes here first.
    pub fn check_endpoint(&self, url: &str) -> Result<String, OnlineError> {
        self.hosts.check(url).map(String::from)
    }

    /// With another expected `iss` for system-user JWTs.
    pub fn with_system_user_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// `POST` target of the system-user exchange.
    pub fn login_url(&self) -> String {
        format!(
            "{}/Login/api/PartnerSystemUser/Authenticate",
            self.login_base
        )
    }

    /// The environment's JSON Web Key Set (the keys its JWTs are signed with).
    pub fn jwks_url(&self) -> String {
        format!("{}/login/.well-known/jwks", self.login_base)
    }

    /// The expected `iss` of system-user JWTs.
    pub fn system_user_issuer(&self) -> &str {
        &self.issuer
    }

    /// `GET` target of the tenant-state API for `context_identifier` (such as
    /// `Cust12345`: letters, digits, `-` and `_` only, so it cannot change the path).
    pub fn state_url(&self, context_identifier: &str) -> Result<String, OnlineError> {
        check_context_identifier(context_identifier)?;
        Ok(format!(
            "{}/api/state/{context_identifier}",
            self.state_base
        ))
    }
}

/// A context identifier goes into URL paths: refuse anything but `[A-Za-z0-9_-]{1,64}`.
pub(crate) fn check_context_identifier(ctx: &str) -> Result<(), OnlineError> {
    let ok = !ctx.is_empty()
        && ctx.len() <= 64
        && ctx
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(OnlineError::Config {
            reason: "context identifier must be 1-64 letters, digits, '-' or '_'".into(),
        })
    }
}

fn base_url(raw: String) -> Result<reqwest::Url, OnlineError> {
    let bad = |why: &str| OnlineError::Config {
        reason: format!("base URL {why}"),
    };
    let url = reqwest::Url::parse(&raw).map_err(|_| bad("is not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain userinfo"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not contain a query or fragment"));
    }
    Ok(url)
}

/// An environment by name (`sod`, `stage`, `online`) or by the base URL of its login
/// service and tenant-state API ([`Environment::custom`] with that URL for both): what a
/// program reads from its configuration.
///
/// ```
/// use sogen_runtime::online::Environment;
/// assert_eq!("online".parse::<Environment>().unwrap(), Environment::online());
/// let local: Environment = "http://127.0.0.1:8080".parse().unwrap();
/// assert_eq!(local, Environment::custom("http://127.0.0.1:8080", "http://127.0.0.1:8080").unwrap());
/// assert!("production".parse::<Environment>().is_err());
/// ```
impl std::str::FromStr for Environment {
    type Err = OnlineError;

    fn from_str(name_or_url: &str) -> Result<Self, OnlineError> {
        match name_or_url {
            "sod" => Ok(Environment::sod()),
            "stage" => Ok(Environment::stage()),
            "online" => Ok(Environment::online()),
            url if url.contains("://") => Environment::custom(url, url),
            other => Err(OnlineError::Config {
                reason: format!(
                    "unknown environment {:?}: sod, stage, online or a base URL",
                    crate::codec::excerpt(other, 100)
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_environments() {
        assert_eq!(
            Environment::online().login_url(),
            "https://online.superoffice.com/Login/api/PartnerSystemUser/Authenticate"
        );
        assert_eq!(
            Environment::stage().jwks_url(),
            "https://stage.superoffice.com/login/.well-known/jwks"
        );
    }

    #[test]
    fn custom_base_urls_are_checked() {
        for bad in [
            "127.0.0.1:1",
            "ftp://h/",
            "http://u:p@h/",
            "http://h/?a=1",
            "http://h/#f",
        ] {
            assert!(
                matches!(
                    Environment::custom(bad, "http://h"),
                    Err(OnlineError::Config { .. })
                ),
                "{bad}"
            );
        }
        let env = Environment::custom("http://h:1/base/", "http://h:2")
            .unwrap()
            .with_system_user_issuer("me");
        assert_eq!(env.jwks_url(), "http://h:1/base/login/.well-known/jwks");
        assert_eq!(env.system_user_issuer(), "me");
    }

    #[test]
    fn context_identifiers_cannot_change_the_path() {
        let env = Environment::sod();
        for bad in [
            "",
            "a/b",
            "..",
            "Cust1?x=1",
            "Cust 1",
            "Cust%2F",
            &"x".repeat(65),
        ] {
            assert!(env.state_url(bad).is_err(), "{bad}");
        }
        assert!(env.state_url("Cust_1-2").is_ok());
    }
}
