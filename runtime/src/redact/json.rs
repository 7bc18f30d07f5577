//! JSON with the values of secret members hidden: the REST wire's member rule, the
//! counterpart of `markup`'s element rule.
//!
//! A scan of the text rather than a parse: the wire log shows the start of a body, cut
//! anywhere, and a hostile response need not be JSON at all; a parser would give up on
//! both and show nothing hidden. The scan only tells strings from the rest, so it cannot
//! be led astray by what a string holds, and a body that breaks off inside a secret value
//! shows none of it.

use super::names::is_secret_name;
use super::REDACTED;

/// `text` with the value of every member named as a secret (`"Password"`, `"Ticket"`,
/// ..., by the rule of `names`, or named in `hidden`) replaced by `"[redacted]"`, at any
/// depth: a string, number or boolean whole; every such value inside an object or array.
/// `null` and `""` stay (they hide nothing). Never fails: an unclosed secret value hides
/// everything after it.
pub(crate) fn redact_json(text: &str, hidden: &[&str]) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            let end = find_quote(b, i);
            out.push_str(&text[i..end]);
            i = end;
            continue;
        }
        let end = string_end(b, i);
        let token = &text[i..end];
        out.push_str(token);
        i = end;
        if !is_key(b, i) || !secret_key(token, hidden) {
            continue;
        }
        // The `:` and the whitespace around it, then the value.
        let colon = skip_ws(b, i);
        let start = skip_ws(b, colon + 1);
        out.push_str(&text[i..start]);
        let (shown, end) = hide_value(text, start);
        out.push_str(&shown);
        i = end;
    }
    out
}

/// Where the next `"` at or after `i` is (or the end).
fn find_quote(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'"')
        .map_or(b.len(), |p| i + p)
}

/// The end (after the closing quote) of the string starting at `start`, or the end of
/// the text when it is not closed.
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Whether the string that ended at `i` is a member name (a `:` follows).
fn is_key(b: &[u8], i: usize) -> bool {
    let at = skip_ws(b, i);
    at < b.len() && b[at] == b':'
}

/// Whether the member named by string token `token` (quotes included) holds a secret.
fn secret_key(token: &str, hidden: &[&str]) -> bool {
    // Escapes decoded (`"Pass\u0077ord"` is `Password`); a token that is no valid JSON
    // string is read as written.
    let name = serde_json::from_str::<String>(token)
        .unwrap_or_else(|_| token.trim_matches('"').to_owned());
    is_secret_name(&name) || hidden.iter().any(|h| *h == name)
}

/// The value starting at `start` as shown, and where it ends.
fn hide_value(text: &str, start: usize) -> (String, usize) {
    let b = text.as_bytes();
    let Some(&first) = b.get(start) else {
        return (String::new(), start);
    };
    match first {
        b'"' => {
            let end = string_end(b, start);
            let shown = if &text[start..end] == "\"\"" {
                "\"\"".to_owned()
            } else {
                format!("\"{REDACTED}\"")
            };
            (shown, end)
        }
        b'{' | b'[' => hide_container(text, start),
        _ => {
            let end = literal_end(b, start);
            let literal = &text[start..end];
            if literal == "null" || literal.is_empty() {
                (literal.to_owned(), end)
            } else {
                (format!("\"{REDACTED}\""), end)
            }
        }
    }
}

/// Where the literal (number, `true`, ...) at `start` ends.
fn literal_end(b: &[u8], start: usize) -> usize {
    b[start..]
        .iter()
        .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'"'))
        .map_or(b.len(), |p| start + p)
}

/// An object or array at `start` with every value in it hidden (member names and
/// structure kept), and where it ends: after its closing bracket, or at the end of the
/// text.
fn hide_container(text: &str, start: usize) -> (String, usize) {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => {
                depth += 1;
                out.push(b[i] as char);
                i += 1;
            }
            b'}' | b']' => {
                out.push(b[i] as char);
                i += 1;
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (out, i);
                }
            }
            b'"' => {
                let end = string_end(b, i);
                if is_key(b, end) || &text[i..end] == "\"\"" {
                    out.push_str(&text[i..end]);
                } else {
                    out.push('"');
                    out.push_str(REDACTED);
                    out.push('"');
                }
                i = end;
            }
            c if matches!(c, b',' | b':' | b' ' | b'\t' | b'\n' | b'\r') => {
                out.push(c as char);
                i += 1;
            }
            _ => {
                let end = literal_end(b, i).max(i + 1);
                // Whatever else is here: `null` stays, anything else is a value.
                let end = end.min(b.len());
                let end = (end..=b.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(b.len());
                if &text[i..end] == "null" {
                    out.push_str("null");
                } else {
                    out.push('"');
                    out.push_str(REDACTED);
                    out.push('"');
                }
                i = end;
            }
        }
    }
    (out, b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_members_are_hidden_at_any_depth() {
        let text = r#"{"Ticket":"7T:abc","TicketId":5,"Nested":{"Password" : "p\"w","Name":"x"},"List":[{"AccessToken":12}]}"#;
        assert_eq!(
            redact_json(text, &[]),
            r#"{"Ticket":"[redacted]","TicketId":5,"Nested":{"Password" : "[redacted]","Name":"x"},"List":[{"AccessToken":"[redacted]"}]}"#
        );
    }

    #[test]
    fn containers_escaped_names_nulls_and_empties() {
        let text = r#"{"Pass\u0077ord":"x","Secret":{"A":"b","C":[1,true,null,""]},"Token":null,"Jwt":""}"#;
        assert_eq!(
            redact_json(text, &[]),
            r#"{"Pass\u0077ord":"[redacted]","Secret":{"A":"[redacted]","C":["[redacted]","[redacted]",null,""]},"Token":null,"Jwt":""}"#
        );
        assert_eq!(
            redact_json(r#"{"UserName":"jane"}"#, &["UserName"]),
            r#"{"UserName":"[redacted]"}"#
        );
    }

    #[test]
    fn cut_or_broken_bodies_show_no_secret() {
        for (text, shown) in [
            (r#"{"Ticket":"7T:ab"#, r#"{"Ticket":"[redacted]""#),
            (r#"{"Secret":{"A":"b","#, r#"{"Secret":{"A":"[redacted]","#),
            (r#"{"Password":12345"#, r#"{"Password":"[redacted]""#),
            (r#"{"Password":"#, r#"{"Password":"#),
            (
                r#"not json "Token": "x" at all"#,
                r#"not json "Token": "[redacted]" at all"#,
            ),
            (
                "{\"Ticket\":\"ab\u{e9}\u{1F600}",
                "{\"Ticket\":\"[redacted]\"",
            ),
            (
                "{\"Secret\":[\u{e9}\u{1F600}x]}",
                "{\"Secret\":[\"[redacted]\"]}",
            ),
        ] {
            assert_eq!(redact_json(text, &[]), shown, "{text}");
        }
    }
}
