//! Which fields hold secrets, so that their type's `Debug` redacts them.
//!
//! The rule, from the names and types NetServer's schemas use: a field is
//! secret when it holds text (a string, bytes, or a list or option of
//! them) and its name's last word is `Password`, `Passphrase`, `Token`,
//! `Secret`, `Ticket` or `Jwt`; or any word is `Secret`; or the name ends
//! in `AuthKey`, `SessionKey`, `PrivateKey`, `ApiKey`, `AccessKey` or
//! `AuthorizationCode`. So `SoCredentials.Ticket`, `ApplicationToken`,
//! `OldPassword`, `SecretValue` and `CsSessionKey` are secret, while
//! `TicketId` (an int), `Ticket` of type `Ticket` (a record), `StorageKey`
//! and `Signature` are not. `Builder::secret_field` adds fields by name.

use super::names::words;
use super::RustTy;
use crate::model::Builtin;

/// Whether a field named `xml_name` (on the wire) holds a secret by name.
pub fn is_secret_name(xml_name: &str) -> bool {
    let words: Vec<String> = words(xml_name).iter().map(|w| w.to_lowercase()).collect();
    let last = words.last().map(String::as_str).unwrap_or("");
    let joined = words.concat();
    matches!(
        last,
        "password" | "passwd" | "passphrase" | "token" | "secret" | "ticket" | "jwt"
    ) || words.iter().any(|w| w == "secret")
        || [
            "authkey",
            "sessionkey",
            "privatekey",
            "apikey",
            "accesskey",
            "authorizationcode",
        ]
        .iter()
        .any(|s| joined.ends_with(s))
}

/// Whether a value of `ty` is text that could carry a secret.
pub(super) fn is_textual(ty: &RustTy) -> bool {
    match ty {
        RustTy::Prim(b) => matches!(b, Builtin::String | Builtin::AnyUri | Builtin::Base64Binary),
        RustTy::Option(t) | RustTy::Boxed(t) | RustTy::Repeated(t) => is_textual(t),
        RustTy::List { item, .. } => is_textual(item),
        RustTy::Named(_) | RustTy::Map { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_from_the_corpus() {
        for name in [
            "Ticket",
            "ApplicationToken",
            "AccessToken",
            "RefreshToken",
            "Password",
            "OldPassword",
            "NewPassword",
            "Secret",
            "SecretValue",
            "SecretKey",
            "OptionalSecretKey",
            "AuthKey",
            "SessionKey",
            "CsSessionKey",
            "AuthorizationCode",
            "AppToken",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "TicketId",
            "TicketStatus",
            "StorageKey",
            "Key",
            "Signature",
            "TokenManagementInfo",
            "Author",
            "CredentialType",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
        // By name only: a boolean `UseStoredPassword` is not text.
        assert!(is_secret_name("UseStoredPassword"));
        assert!(!is_textual(&RustTy::Prim(Builtin::Boolean)));
        assert!(is_textual(&RustTy::Option(Box::new(RustTy::Prim(
            Builtin::String
        )))));
    }
}
