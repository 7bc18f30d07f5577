//! Which names hold secrets, and XML with their text hidden (for the wire log).
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

/// What replaces a secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// The first `limit` bytes of the XML `body`, with the text (CDATA included) inside every
/// element named as a secret, at any depth, and the value of every attribute named as one
/// replaced by `[redacted]`; comments are emptied, declarations dropped. One pass; never fails: markup cut off
/// by `limit` or broken is dropped, not shown.
pub(crate) fn redact_xml(body: &[u8], limit: usize) -> String {
    let b = &body[..body.len().min(limit)];
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Whether each open element is secret, and how many of them are.
    let mut open: Vec<bool> = Vec::new();
    let mut secret = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = find(b, i, b"<").unwrap_or(b.len());
            let text = &b[i..end];
            if secret > 0 && !text.iter().all(u8::is_ascii_whitespace) {
                out.extend_from_slice(REDACTED.as_bytes());
            } else {
                out.extend_from_slice(text);
            }
            i = end;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // Comments are never shown: one could hold markup with a secret.
            let Some(end) = find(b, i + 4, b"-->") else {
                break;
            };
            out.extend_from_slice(b"<!---->");
            i = end + 3;
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            let Some(end) = find(b, i + 9, b"]]>") else {
                break;
            };
            if secret > 0 {
                out.extend_from_slice(REDACTED.as_bytes());
            } else {
                out.extend_from_slice(&b[i..end + 3]);
            }
            i = end + 3;
            continue;
        }
        if rest.starts_with(b"<?") {
            // A processing instruction ends at `?>`; one broken by markup is dropped.
            let Some(end) = find(b, i + 2, b"?>") else {
                break;
            };
            match find(&b[..end], i + 1, b"<") {
                Some(next) => i = next,
                None => {
                    out.extend_from_slice(&b[i..end + 2]);
                    i = end + 2;
                }
            }
            continue;
        }
        let Some(end) = tag_end(b, i + 1) else {
            break;
        };
        if b[end] == b'<' {
            // Broken markup (`<a <Password>`): dropped, the next tag read afresh.
            i = end;
            continue;
        }
        if rest.starts_with(b"<!") {
            // A declaration (DOCTYPE, which the runtime refuses anyway): not shown.
            i = end + 1;
            continue;
        }
        let tag = &b[i..=end];
        if tag.starts_with(b"</") {
            if open.pop() == Some(true) {
                secret -= 1;
            }
            // The name alone: anything else in an end tag is no XML.
            out.extend_from_slice(b"</");
            out.extend_from_slice(name_at(tag, 2).as_bytes());
            out.push(b'>');
        } else if name_at(tag, 1).is_empty() {
            // `<` followed by no name: not a tag, and not shown.
        } else {
            let self_closing = tag.ends_with(b"/>");
            let name = name_at(tag, 1);
            write_start_tag(&mut out, tag, secret > 0);
            if !self_closing {
                let is_secret = is_secret_name(local(name));
                open.push(is_secret);
                secret += usize::from(is_secret);
            }
        }
        i = end + 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A start tag with the value of each secret attribute (every one, when `all`) redacted.
fn write_start_tag(out: &mut Vec<u8>, tag: &[u8], all: bool) {
    let mut i = 0;
    while i < tag.len() {
        let c = tag[i];
        if c != b'"' && c != b'\'' {
            out.push(c);
            i += 1;
            continue;
        }
        // The attribute's name: the word before `=`.
        let before = &tag[..i];
        let eq = before.iter().rposition(|&x| x == b'=').unwrap_or(0);
        let name_end = before[..eq]
            .iter()
            .rposition(|x| !x.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let name_start = before[..name_end]
            .iter()
            .rposition(|x| x.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let name = std::str::from_utf8(&before[name_start..name_end]).unwrap_or("");
        let end = tag[i + 1..]
            .iter()
            .position(|&x| x == c)
            .map_or(tag.len() - 1, |p| i + 1 + p);
        out.push(c);
        let value = &tag[i + 1..end];
        // Namespace declarations are never secret (and say which namespace a name is in);
        // a value with `<` is no XML, and may hide markup.
        let hidden = (all || is_secret_name(local(name))) && !name.starts_with("xmlns");
        if hidden || value.contains(&b'<') {
            out.extend_from_slice(REDACTED.as_bytes());
        } else {
            out.extend_from_slice(value);
        }
        out.push(c);
        i = end + 1;
    }
}

/// Where the tag starting before `from` ends: its `>` (quoted attribute values skipped),
/// or a `<` outside quotes, which breaks it.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>' | b'<') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The element name of `tag` from `at`.
fn name_at(tag: &[u8], at: usize) -> &str {
    let name = &tag[at.min(tag.len())..];
    let end = name
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .unwrap_or(name.len());
    std::str::from_utf8(&name[..end]).unwrap_or("")
}

/// The local part of a prefixed name.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
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

    #[test]
    fn secrets_are_hidden_at_any_depth_and_the_rest_is_kept() {
        let xml = br#"<s:Envelope xmlns:s="urn:s"><s:Header><h:ApplicationToken xmlns:h="urn:n">app-1</h:ApplicationToken><Credentials><Ticket>7T:abc</Ticket></Credentials></s:Header><s:Body><Login><UserName>jane</UserName><Password><![CDATA[pw<1>]]></Password><OldPassword><x>deep</x><!-- hint --></OldPassword><Item Token='tok' Id="3"/><Empty/></Login></s:Body></s:Envelope>"#;
        let shown = redact_xml(xml, usize::MAX);
        for secret in ["app-1", "7T:abc", "pw<1>", "deep", "hint", "tok"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("<UserName>jane</UserName>"), "{shown}");
        assert!(shown.contains(r#"<Ticket>[redacted]</Ticket>"#), "{shown}");
        assert!(
            shown.contains(r#"<Item Token='[redacted]' Id="3"/>"#),
            "{shown}"
        );
        assert!(shown.contains(r#"xmlns:h="urn:n""#), "{shown}");
        assert!(shown.ends_with("</s:Envelope>"), "{shown}");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_read_without_panic(
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..3000),
            limit in 0usize..3500,
        ) {
            let _ = redact_xml(&body, limit);
        }

        #[test]
        fn a_secret_element_never_shows_whatever_comes_before_or_after(
            before in "[<>a-z:\"'/ =!?\\[\\]-]{0,40}",
            after in "[<>a-z:\"'/ =!?\\[\\]-]{0,20}",
            name in proptest::prop_oneof!["Password", "Ticket", "h:ApplicationToken", "AccessToken"],
            cut in 0usize..200,
        ) {
            let xml = format!("{before}<{name}>SECRETVALUE1</{name}>{after}");
            let shown = redact_xml(xml.as_bytes(), cut);
            proptest::prop_assert!(!shown.contains("SECRETVALUE1"), "{xml} -> {shown}");
            proptest::prop_assert!(!shown.contains("SECRET"), "{xml} -> {shown}");
        }
    }

    #[test]
    fn cut_or_broken_markup_never_shows_a_secret_or_panics() {
        let xml = br#"<a><Password>hunter2</Password><b Secret="s3cr3t">ok</b></a>"#;
        for cut in 0..=xml.len() {
            let shown = redact_xml(xml, cut);
            for secret in ["hunter2", "hunter", "s3cr3t", "s3c"] {
                assert!(!shown.contains(secret), "{cut}: {shown}");
            }
            assert!(
                shown.len() <= cut.max(REDACTED.len() * 2) + 16,
                "{cut}: {shown}"
            );
        }
        for junk in [
            &b"<<<>>>"[..],
            b"</x></y>text",
            b"<x a=\"unterminated>",
            b"<!--",
            b"\xff\xfe<P",
        ] {
            let _ = redact_xml(junk, usize::MAX);
        }
    }
}
