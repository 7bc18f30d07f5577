//! Which names hold secrets.
//!
//! [`is_secret_name`] repeats the generator's rule (`sogen_codegen::plan::secrets::
//! is_secret_name`, which decides which generated fields `Debug` redacts), since the runtime
//! cannot depend on the generator: the tests below keep the two in step on the names of
//! the generator's own test. Change both together.

/// Whether an element, attribute or header named `name` holds a secret: its last word is
/// `Password`, `Passwd`, `Passphrase`, `Token`, `Secret`, `Ticket` or `Jwt`; or any word is
/// `Secret`; or it ends in `AuthKey`, `SessionKey`, `PrivateKey`, `ApiKey`, `AccessKey` or
/// `AuthorizationCode` (case-insensitively; words split as the generator splits them).
pub(crate) fn is_secret_name(name: &str) -> bool {
    // Most names hold none of the words: answered without splitting (the wire log asks
    // for every tag).
    let hints = ["pass", "token", "secret", "ticket", "jwt", "key", "code"];
    if !hints.iter().any(|h| contains_ignore_case(name, h)) {
        return false;
    }
    let words: Vec<String> = words(name).iter().map(|w| w.to_lowercase()).collect();
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

/// Whether `hay` contains the lowercase ASCII `needle`, ignoring ASCII case.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The words of a name, as the generator's `names::words` splits them (which takes
/// identifier characters per Unicode `XID_Continue`; alphanumerics here, the same for the
/// ASCII names of XML and HTTP).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let plural_s = chars.get(i + 1) == Some(&'s')
                && !chars.get(i + 2).is_some_and(|n| n.is_lowercase());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase()) && !plural_s;
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generator's test list (`codegen/src/plan/secrets.rs`), verbatim: the two rules
    /// must agree on it.
    #[test]
    fn secret_names_agree_with_the_generator() {
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
            "UseStoredPassword",
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
        // HTTP header names split on `-`.
        assert!(is_secret_name("X-Api-Key") && is_secret_name("X-Auth-Token"));
        assert!(!is_secret_name("Content-Type") && !is_secret_name("Retry-After"));
    }
}
