//! The JSON report for tools. Written by hand: the shape is small and fixed,
//! and the library stays free of serde for build.rs users.

use std::fmt::Write;

use super::Diff;

/// Renders a diff as one JSON object: `old`, `new`, the counts `changes`
/// and `breaking`, and `items`, one object per change with `kind` (see
/// [`ChangeKind::as_str`](super::ChangeKind::as_str)), `breaking`, and
/// whichever of `agent`, `operation`, `type`, `member`, `old`, `new` apply.
///
/// ```
/// use sogen_codegen::diff::{render_json, Diff};
/// let diff = Diff { old: "Services87".into(), new: "Services88".into(), changes: vec![] };
/// assert_eq!(
///     render_json(&diff),
///     "{\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":0,\"breaking\":0,\"items\":[]}\n"
/// );
/// ```
pub fn render_json(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"old\":{},\"new\":{},\"changes\":{},\"breaking\":{},\"items\":[",
        string(&diff.old),
        string(&diff.new),
        diff.changes.len(),
        diff.breaking_count()
    );
    for (i, c) in diff.changes.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "{{\"kind\":\"{}\",\"breaking\":{}",
            c.kind.as_str(),
            c.breaking
        );
        let fields = [
            ("agent", &c.agent),
            ("operation", &c.operation),
            ("type", &c.type_name),
            ("member", &c.member),
            ("old", &c.old),
            ("new", &c.new),
        ];
        for (key, value) in fields {
            if let Some(v) = value {
                let _ = write!(out, ",\"{key}\":{}", string(v));
            }
        }
        out.push('}');
    }
    if !diff.changes.is_empty() {
        out.push('\n');
    }
    out.push_str("]}\n");
    out
}

/// A JSON string literal (RFC 8259): quotes, backslashes and control
/// characters escaped; everything else, including non-ASCII, as is.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn escapes_quotes_backslashes_and_control_characters() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("x\ny\u{1}\t"), r#""x\ny\u0001\t""#);
        assert_eq!(string("Ærø"), "\"Ærø\"");
    }
}
