//! [`Jwks`]: one environment's signing keys, fetched once and cached, and JWT validation
//! against them.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use tokio::sync::Mutex;

use super::http::OnlineHttp;
use super::jwt::{self, Claims, RsaPublic};
use super::{Environment, JwtError, OnlineError};

/// The JSON Web Key Set of one environment, cached, and validation of its RS256 JWTs
/// (signature, `iss`, `exp`, `nbf`).
///
/// - The keys are fetched at the first validation and kept for [`max_age`](Self::with_max_age)
///   (24 h unless changed).
/// - A token naming an unknown `kid` makes one refetch at once (keys rotate, also right
///   after a fetch), never more per validation, and none during this very validation.
///   Only repeated unknown `kid`s wait: a refetch for one comes at least
///   [`min_refetch_interval`](Self::with_min_refetch_interval) (10 s unless changed) after
///   the last refetch for one. Concurrent validations share one fetch.
/// - A token without `kid` is tried against each cached key, without refetching.
///
/// Share one `Jwks` (behind an `Arc`) between everything that validates tokens of the
/// environment.
#[derive(Debug)]
pub struct Jwks {
    url: String,
    issuer: String,
    min_refetch_interval: Duration,
    max_age: Duration,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    keys: Option<Arc<KeySet>>,
    /// Bumped at every successful fetch, so a waiter can tell someone else refetched.
    generation: u64,
    /// The last fetch attempt, successful or not.
    fetched_at: Option<Instant>,
    /// The last fetch caused by an unknown `kid`.
    unknown_kid_at: Option<Instant>,
}

#[derive(Debug, Default)]
struct KeySet {
    keys: Vec<(Option<String>, RsaPublic)>,
}

impl std::fmt::Debug for RsaPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaPublic({} bits)", self.n.len() * 8)
    }
}

/// More keys than any real set has: bounds the work for a token without `kid`.
const MAX_KEYS: usize = 64;

impl Jwks {
    /// The key set at `environment`'s [`jwks_url`](Environment::jwks_url), validating
    /// tokens of its [`system_user_issuer`](Environment::system_user_issuer).
    pub fn new(environment: &Environment) -> Self {
        Jwks {
            url: environment.jwks_url(),
            issuer: environment.system_user_issuer().to_owned(),
            min_refetch_interval: Duration::from_secs(10),
            max_age: Duration::from_secs(24 * 3600),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// With another least time between two fetches caused by unknown `kid`s (bounds what a
    /// stream of such tokens costs the JWKS endpoint; the first such fetch is never
    /// delayed).
    pub fn with_min_refetch_interval(mut self, interval: Duration) -> Self {
        self.min_refetch_interval = interval;
        self
    }

    /// With another lifetime of the cached keys (a key withdrawn from the set stays trusted
    /// at most this long).
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The URL the keys come from.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Validates `token` now: see [`validate_at`](Self::validate_at).
    pub async fn validate(&self, token: &str, http: &OnlineHttp) -> Result<Claims, OnlineError> {
        self.validate_at(token, http, SystemTime::now()).await
    }

    /// Validates `token` as of `now`: RS256 only, signed by a key of the set, `iss` the
    /// environment's issuer, `exp` required and not passed, `nbf` (if present) reached,
    /// each with 60 s leeway. Malformed tokens are refused before any fetch.
    pub async fn validate_at(
        &self,
        token: &str,
        http: &OnlineHttp,
        now: SystemTime,
    ) -> Result<Claims, OnlineError> {
        let parsed = jwt::parse(token)?;
        let (keys, generation, fresh) = self.keys(http, None).await?;
        let verified = match find(&keys, &parsed) {
            Some(ok) => ok,
            None if parsed.kid.is_some() && !fresh => {
                // Not the kid itself: a token's header is the server's text.
                tracing::debug!("unknown kid: refetching the JWKS");
                let (keys, _, _) = self.keys(http, Some(generation)).await?;
                find(&keys, &parsed).ok_or_else(|| unknown(&parsed))?
            }
            None => return Err(unknown(&parsed)),
        };
        if !verified {
            return Err(JwtError::BadSignature.into());
        }
        Ok(parsed.claims(&self.issuer, now)?)
    }

    /// The cached keys, fetched if there are none (or too old), or if `stale` names the
    /// generation the caller found lacking and no refetch happened since. Returns the
    /// keys, their generation, and whether this call fetched them.
    async fn keys(
        &self,
        http: &OnlineHttp,
        stale: Option<u64>,
    ) -> Result<(Arc<KeySet>, u64, bool), OnlineError> {
        // Held across the fetch: concurrent callers wait for it and then reuse its result.
        let mut cache = self.cache.lock().await;
        let age = cache.fetched_at.map(|t| t.elapsed());
        let fetch = match (&cache.keys, stale) {
            (None, _) => true,
            _ if age.is_some_and(|a| a >= self.max_age) => true,
            (Some(_), Some(g)) => {
                let last = cache.unknown_kid_at.map(|t| t.elapsed());
                g == cache.generation && last.is_none_or(|a| a >= self.min_refetch_interval)
            }
            (Some(_), None) => false,
        };
        if fetch {
            cache.fetched_at = Some(Instant::now());
            if stale.is_some() {
                cache.unknown_kid_at = cache.fetched_at;
            }
            let keys = Arc::new(self.fetch(http).await?);
            cache.keys = Some(keys);
            cache.generation += 1;
        }
        let keys = cache.keys.clone().unwrap_or_default();
        Ok((keys, cache.generation, fetch))
    }

    async fn fetch(&self, http: &OnlineHttp) -> Result<KeySet, OnlineError> {
        let reply = http.get(&self.url).await?;
        if !reply.is_success() {
            return Err(OnlineError::Http {
                status: reply.status,
                url: super::http::clean_url(&self.url),
            });
        }
        let raw: RawSet = reply.json("JWKS")?;
        let keys: Vec<_> = raw.keys.iter().filter_map(usable).take(MAX_KEYS).collect();
        tracing::debug!(
            listed = raw.keys.len(),
            usable = keys.len(),
            "fetched the JWKS"
        );
        Ok(KeySet { keys })
    }
}

/// `Some(verifies)` for the key the token names; without `kid`, whether any key verifies.
fn find(keys: &KeySet, token: &jwt::Unverified<'_>) -> Option<bool> {
    match &token.kid {
        Some(kid) => keys
            .keys
            .iter()
            .find(|(k, _)| k.as_deref() == Some(kid.as_str()))
            .map(|(_, key)| token.verifies_with(key)),
        None if keys.keys.is_empty() => None,
        None => Some(keys.keys.iter().any(|(_, key)| token.verifies_with(key))),
    }
}

fn unknown(token: &jwt::Unverified<'_>) -> OnlineError {
    OnlineError::UnknownKey {
        kid: token.kid.as_deref().map(|k| crate::codec::excerpt(k, 80)),
    }
}

#[derive(serde::Deserialize)]
struct RawSet {
    keys: Vec<RawKey>,
}

/// One JWK; unknown members (`x5c`, `x5t`, ...) are ignored.
#[derive(serde::Deserialize)]
struct RawKey {
    #[serde(default)]
    kty: Option<String>,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default, rename = "use")]
    use_: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
}

/// An RSA signing key of at least 2048 bits (what ring verifies), else `None`.
fn usable(k: &RawKey) -> Option<(Option<String>, RsaPublic)> {
    if k.kty.as_deref() != Some("RSA")
        || k.use_.as_deref().is_some_and(|u| u != "sig")
        || k.alg.as_deref().is_some_and(|a| a != "RS256")
    {
        return None;
    }
    let int = |s: &Option<String>| {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.as_deref()?.trim_end_matches('='))
            .ok()?;
        let first = bytes.iter().position(|&b| b != 0)?;
        Some(bytes[first..].to_vec())
    };
    let (n, e) = (int(&k.n)?, int(&k.e)?);
    let bits = n.len() * 8 - n[0].leading_zeros() as usize;
    (bits >= 2048).then(|| (k.kid.clone(), RsaPublic { n, e }))
}
