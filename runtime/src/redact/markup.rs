//! XML with the text of secret elements hidden: the wire log's element rule.

use super::names::is_secret_name;
use super::REDACTED;

/// The XML `body` with the text (CDATA included) inside every element named as a secret
/// (or named in `hidden`, by local name), at any depth, and the value of every attribute
/// named as one replaced by `[redacted]`; comments are emptied, declarations dropped. One
/// pass; never fails: markup cut off or broken is dropped, not shown. An end tag that does
/// not close the innermost open element, inside a secret one, hides all text after it: a
/// body that breaks its own nesting cannot lead a secret out of its element.
pub(crate) fn redact_xml(b: &[u8], hidden: &[&str]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Each open element's name and whether it is secret; how many of them are.
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    let mut secret = 0usize;
    // Set by broken nesting inside a secret element: from then on, nothing is shown.
    let mut poisoned = false;
    let mut i = 0;
    while i < b.len() {
        let hiding = secret > 0 || poisoned;
        if b[i] != b'<' {
            let end = find(b, i, b"<").unwrap_or(b.len());
            let text = &b[i..end];
            if hiding && !text.iter().all(u8::is_ascii_whitespace) {
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
            if hiding {
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
            let name = name_at(tag, 2);
            close(&mut open, &mut secret, &mut poisoned, name.as_bytes());
            // The name alone: anything else in an end tag is no XML.
            out.extend_from_slice(b"</");
            out.extend_from_slice(name.as_bytes());
            out.push(b'>');
        } else if name_at(tag, 1).is_empty() {
            // `<` followed by no name: not a tag, and not shown.
        } else {
            let self_closing = tag.ends_with(b"/>");
            let name = name_at(tag, 1);
            write_start_tag(&mut out, tag, hiding);
            if !self_closing {
                let local = local(name);
                let is_secret =
                    is_secret_name(local) || hidden.iter().any(|h| h.eq_ignore_ascii_case(local));
                let name_len = name.len();
                open.push((&tag[1..1 + name_len], is_secret));
                secret += usize::from(is_secret);
            }
        }
        i = end + 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An end tag named `name`: closes the innermost open element when the names agree. Inside
/// a secret element anything else poisons the rest of the body; outside, it closes the
/// nearest open element of that name, or nothing.
fn close(open: &mut Vec<(&[u8], bool)>, secret: &mut usize, poisoned: &mut bool, name: &[u8]) {
    match open.last() {
        Some((top, _)) if *top == name => {}
        _ if *secret > 0 => {
            *poisoned = true;
            return;
        }
        _ => match open.iter().rposition(|(n, _)| *n == name) {
            Some(at) => open.truncate(at + 1),
            None => return,
        },
    }
    if let Some((_, true)) = open.pop() {
        *secret -= 1;
    }
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

    #[test]
    fn secrets_are_hidden_at_any_depth_and_the_rest_is_kept() {
        let xml = br#"<s:Envelope xmlns:s="urn:s"><s:Header><h:ApplicationToken xmlns:h="urn:n">app-1</h:ApplicationToken><Credentials><Ticket>7T:abc</Ticket></Credentials></s:Header><s:Body><Login><UserName>jane</UserName><Password><![CDATA[pw<1>]]></Password><OldPassword><x>deep</x><!-- hint --></OldPassword><Item Token='tok' Id="3"/><Empty/></Login></s:Body></s:Envelope>"#;
        let shown = redact_xml(xml, &[]);
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
            let _ = redact_xml(&body[..limit.min(body.len())], &[]);
        }

        #[test]
        fn a_secret_element_never_shows_whatever_comes_before_or_after(
            before in "[<>a-z:\"'/ =!?\\[\\]-]{0,40}",
            after in "[<>a-z:\"'/ =!?\\[\\]-]{0,20}",
            name in proptest::prop_oneof!["Password", "Ticket", "h:ApplicationToken", "AccessToken"],
            cut in 0usize..200,
        ) {
            let xml = format!("{before}<{name}>SECRETVALUE1</{name}>{after}");
            let shown = redact_xml(&xml.as_bytes()[..cut.min(xml.len())], &[]);
            proptest::prop_assert!(!shown.contains("SECRETVALUE1"), "{xml} -> {shown}");
            proptest::prop_assert!(!shown.contains("SECRET"), "{xml} -> {shown}");
        }
    }

    #[test]
    fn cut_or_broken_markup_never_shows_a_secret_or_panics() {
        let xml = br#"<a><Password>hunter2</Password><b Secret="s3cr3t">ok</b></a>"#;
        for cut in 0..=xml.len() {
            let shown = redact_xml(&xml[..cut], &[]);
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
            let _ = redact_xml(junk, &[]);
        }
    }

    #[test]
    fn broken_nesting_never_leads_a_secret_out_of_its_element() {
        for xml in [
            &b"<a><Password></X></Y>SECRET</Password></a>"[..],
            b"<Password><b></Password>SECRET</b>",
            b"<Ticket></Ticket-x>SECRET",
            b"<Password><![CDATA[x]]></a>SECRET<b k='SECRET'/>",
        ] {
            let shown = redact_xml(xml, &[]);
            assert!(!shown.contains("SECRET"), "{shown}");
        }
        // Outside secret elements, a stray end tag changes nothing that is shown.
        let shown = redact_xml(b"<a></x><b>ok</b><Password>pw</Password>after</a>", &[]);
        assert_eq!(
            shown,
            "<a></x><b>ok</b><Password>[redacted]</Password>after</a>"
        );
    }

    #[test]
    fn hidden_names_hide_their_own_element_only() {
        let xml =
            b"<Login><UserName>jdoe@example.com</UserName><Note>jdoe@example.com</Note></Login>";
        assert_eq!(
            redact_xml(xml, &["UserName"]),
            "<Login><UserName>[redacted]</UserName><Note>jdoe@example.com</Note></Login>"
        );
    }
}
