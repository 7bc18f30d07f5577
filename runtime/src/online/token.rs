//! The signed system user token: `<token>.<yyyyMMddHHmm>.<base64 signature>`.

use std::time::SystemTime;

use base64::Engine as _;

use super::{clock, OnlineError, PrivateKey};
use crate::Secret;

/// Signs a system user token for the exchange: the token (the `system_token` claim the
/// tenant's administrator's consent produced, such as `MyApp-8k8Q7DmBgo`), a period, `now`
/// in UTC as `yyyyMMddHHmm` (zero-padded), then a period and the standard (padded) base64
/// of the RSA PKCS#1 v1.5 / SHA-256 signature of everything before it.
///
/// The login service checks the stamp against its clock, so `now` should be the current
/// time; it is a parameter for tests.
pub fn system_user_token(
    token: &Secret,
    key: &PrivateKey,
    now: SystemTime,
) -> Result<Secret, OnlineError> {
    let stamp = clock::utc_minute_stamp(now).ok_or_else(|| OnlineError::Config {
        reason: "clock outside 1970-9999".into(),
    })?;
    let signed = format!("{}.{stamp}", token.expose());
    let signature = key.sign_pkcs1_sha256(signed.as_bytes())?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(signature);
    Ok(Secret::new(format!("{signed}.{encoded}")))
}
